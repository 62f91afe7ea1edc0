"""Sift's application commands: typed options in, the core's own command text out.

Each command acknowledges first (`defer`, within Discord's 3 seconds), then asks the core in a worker
thread, then edits its answer in. The text handed to the core is the same as Slack's and the console's
(`/find python iit`, `/filter save ml-iit python iit`), so the rules stay in one place.
"""
from __future__ import annotations

import asyncio
import logging
import shlex
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.commands import HELP
from bot.reply import Reply
from handlers.discord import actors, drops, render

if TYPE_CHECKING:
    from handlers.discord.app import SiftBot

log = logging.getLogger("sift.discord")

Interaction = discord.Interaction[Any]


def _bot(interaction: Interaction) -> SiftBot:
    return cast("SiftBot", interaction.client)


def _quote(word: str) -> str:
    return word if word and not any(c.isspace() or c in "\"'" for c in word) else shlex.quote(word)


async def _run(interaction: Interaction, text: str, *, public: bool, kind: str = "card",
               promote: bool = False) -> None:
    """Defer, hand the command text to the core, answer with its Reply."""
    bot = _bot(interaction)
    await interaction.response.defer(ephemeral=not public, thinking=True)
    actor = actors.from_interaction(interaction, bot.settings)
    reply = await asyncio.to_thread(bot.sift.handle, text, actor)
    await bot.delete_posts(actor.workspace, reply.delete_messages)
    await bot.answer(interaction, reply, public=public, kind=kind, promote=promote)


async def filter_names(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The channel's saved filters, offered while typing /filter delete."""
    bot = _bot(interaction)
    actor = actors.from_interaction(interaction, bot.settings)
    from bot.filters import channel_of, listing

    saved = await asyncio.to_thread(listing, bot.core, actor.workspace, channel_of(actor))
    current = (current or "").casefold()
    return [app_commands.Choice(name=render.cut(f"{f['name']} — {f['query']}", 100), value=f["name"])
            for f in saved if current in f["name"].casefold()][:25]


def build() -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    """Fresh command objects for one bot's tree (nothing is shared between bots or built at import)."""

    @app_commands.command(name="find", description="Search candidates: words, \"phrases\", OR, -word, skill:, "
                                                   "school:, years:>=3")
    @app_commands.describe(query="e.g. python iit, or skill:go years:>=3")
    async def find(interaction: Interaction, query: app_commands.Range[str, 1, 500]) -> None:
        await _run(interaction, f"/find {query}", public=False)

    @app_commands.command(name="upload", description="Read a resume (PDF, DOCX, TXT or Markdown) into Sift")
    @app_commands.describe(resume="the resume file")
    async def upload(interaction: Interaction, resume: discord.Attachment) -> None:
        bot = _bot(interaction)
        await interaction.response.defer(thinking=True)  # the card is for the channel, like a dropped file
        actor = actors.from_interaction(interaction, bot.settings)
        source = drops.source_of(interaction.guild_id, interaction.channel_id, interaction.id)
        taken = await bot.drops.take(resume, actor, source=source)
        if taken is None:
            await bot.answer(interaction, Reply.problem("Sift is already reading this file."), public=True)
            return
        key, result = taken
        try:
            await bot.answer(interaction, await bot.drops.reply_for(result, actor), public=True, kind="card")
        except Exception:
            await bot.drops.done(key, result)  # answered or not, Discord had its say: nothing to recover
            raise
        await bot.drops.done(key, result)

    @app_commands.command(name="forget", description="Delete a candidate, their files and every message Sift "
                                                     "posted about them")
    @app_commands.describe(who="the candidate's id from a card (e.g. 12), or their name")
    async def forget(interaction: Interaction, who: app_commands.Range[str, 1, 200]) -> None:
        await _run(interaction, f"/forget {who}", public=False)

    @app_commands.command(name="help", description="How to use Sift")
    async def help_(interaction: Interaction) -> None:
        await interaction.response.send_message(render.mrkdwn(HELP), ephemeral=True)

    filters = app_commands.Group(name="filter", description="Saved searches for this channel")

    @filters.command(name="save", description="Save a search for this channel; its digest lists new matches")
    @app_commands.describe(name="a short name, e.g. ml-iit", query="the search, as for /find",
                           schedule="when the digest goes out, e.g. every mon 9:00 (optional)")
    async def filter_save(interaction: Interaction, name: app_commands.Range[str, 1, 40],
                          query: app_commands.Range[str, 1, 500], schedule: str | None = None) -> None:
        text = f"/filter save {_quote(name)} {query}" + (f" {schedule}" if schedule else "")
        await _run(interaction, text, public=True)  # the channel sees what it will get digests of

    @filters.command(name="list", description="This channel's saved searches")
    async def filter_list(interaction: Interaction) -> None:
        await _run(interaction, "/filter list", public=False)

    @filters.command(name="delete", description="Delete one of this channel's saved searches")
    @app_commands.describe(name="the filter's name")
    @app_commands.autocomplete(name=filter_names)
    async def filter_delete(interaction: Interaction, name: app_commands.Range[str, 1, 40]) -> None:
        await _run(interaction, f"/filter delete {_quote(name)}", public=True)

    digest = app_commands.Group(name="digest", description="The digest of new candidates for this channel's filters")

    @digest.command(name="now", description="Post this channel's digest now")
    async def digest_now(interaction: Interaction) -> None:
        # The digest goes to the channel (through the scheduler's notifier, or here); the summary to you.
        await _run(interaction, "/digest now", public=False, kind="digest", promote=True)

    @digest.command(name="preview", description="See this channel's next digest, privately")
    async def digest_preview(interaction: Interaction) -> None:
        await _run(interaction, "/digest preview", public=False)

    return [find, upload, forget, help_, filters, digest]
