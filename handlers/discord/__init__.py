"""Sift in Discord: resume drops, application commands and persistent buttons over the same core as Slack.

    build_bot(settings, core=None)  the configured commands.Bot, not yet connected (SPEC.md)
    start(settings, core, web)      connect it on the running loop (handlers/main.py's adapter contract)
    sync(settings, guild=None)      upload the application commands (`sift discord sync`)
"""
from __future__ import annotations

from handlers.discord.app import (
    DiscordAdapter,
    DiscordNotifier,
    LazyDiscordNotifier,
    SiftBot,
    build_bot,
    make_notifier,
    start,
    sync,
)

__all__ = ["DiscordAdapter", "DiscordNotifier", "LazyDiscordNotifier", "SiftBot", "build_bot", "make_notifier",
           "start", "sync"]
