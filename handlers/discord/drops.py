"""Resume drops: attachments in guild channels and direct messages, and `/upload resume:<file>`.

Each attachment is claimed once in the store (`discord:att:<attachment id>`), so a gateway event Discord
replays after a reconnect, or a second Sift process, never reads it twice. Before anything is downloaded
the URL must be on Discord's CDN and the size from the attachment's metadata within the limit; then the
bytes are read (the CDN URL expires, so the bytes are what the core stores) and handed to the core.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import discord

from bot.core import is_resume_file
from bot.domain import Actor, IngestResult
from bot.resume import errors
from bot.resume.errors import ResumeRejected
from handlers.discord import actors, render

if TYPE_CHECKING:
    from handlers.discord.app import SiftBot

log = logging.getLogger("sift.discord")

CDN_HOSTS = frozenset({"cdn.discordapp.com", "media.discordapp.net"})
# Discord turns a long message into an attachment with this name: in a channel that is chat, not a resume
# (in a direct message to Sift it may well be one, pasted).
PASTED_TEXT = "message.txt"


def refusal(attachment: discord.Attachment, max_bytes: int) -> ResumeRejected | None:
    """Why this attachment must not be downloaded at all, from its metadata alone."""
    url = urlsplit(attachment.url or "")
    if url.scheme != "https" or (url.hostname or "").lower() not in CDN_HOSTS:
        return ResumeRejected(
            "not_discord_cdn",
            "Sift only downloads files stored on Discord itself; attach the file (or use /upload) "
            "instead of linking to it.")
    if attachment.size > max_bytes:
        return errors.too_large(attachment.size, max_bytes)
    return None


def source_of(guild_id: int | None, channel_id: int | None, message_id: int | None) -> str:
    """Where a file came from, kept with it: a stable reference, never the expiring CDN URL."""
    return f"discord:{guild_id or 'dm'}/{channel_id or '-'}/{message_id or '-'}"


class Drops:
    def __init__(self, bot: SiftBot) -> None:
        self.bot = bot

    async def take(self, attachment: discord.Attachment, actor: Actor, *, source: str) -> IngestResult | None:
        """Read one attachment into the store; None when it was already taken (a repeated event)."""
        core = self.bot.core
        key = f"discord:att:{attachment.id}"
        claimed = await asyncio.to_thread(core.claim_event, key, actor.workspace, {
            "file": attachment.filename, "size": attachment.size, "user": actor.user, "channel": actor.channel})
        if not claimed:
            log.info("attachment %s was already taken; ignoring the repeat", attachment.id)
            return None
        try:
            result = await self._read(attachment, actor, source=source)
        except Exception:
            log.exception("could not store attachment %s", attachment.id)
            result = IngestResult(attachment.filename, "rejected", reason="internal", error=(
                "Sift could not store this file because of a problem on its side; it has been logged. "
                "Drop it again in a minute."))
        await asyncio.to_thread(core.finish_event, key, result.as_json())
        return result

    async def _read(self, attachment: discord.Attachment, actor: Actor, *, source: str) -> IngestResult:
        core = self.bot.core
        problem = refusal(attachment, core.settings.max_file_bytes)
        if problem is not None:
            return IngestResult(attachment.filename, "rejected", error=problem.message, reason=problem.reason)
        try:
            data = await attachment.read()
        except (discord.HTTPException, discord.DiscordException) as e:
            log.warning("download of attachment %s failed: %s", attachment.id, e)
            return IngestResult(attachment.filename, "rejected", reason="download", error=(
                "Discord would not hand over this file (it may have been deleted); drop it again."))
        return await asyncio.to_thread(core.ingest, data, attachment.filename, actor=actor, source=source)

    async def reply_for(self, result: IngestResult, actor: Actor) -> Any:
        return await asyncio.to_thread(self.bot.sift.ingest_reply, result, actor)


async def on_message(bot: SiftBot, message: discord.Message) -> None:
    """A message with attachments in a guild channel (message-content intent) or a direct message."""
    if message.author.bot or not message.attachments:
        return
    files = [a for a in message.attachments if is_resume_file(a.filename, a.content_type)
             and not (message.guild is not None and a.filename == PASTED_TEXT)]
    if not files:
        return  # pictures, logs and the like in a channel are not for Sift
    settings = bot.settings
    actor = actors.from_message(message, settings)
    if not actors.message_allowed(message, settings):
        # Discord has no private replies to messages: say it once, in the channel (not again on a replay).
        if await asyncio.to_thread(bot.core.claim_event, f"discord:refused:{message.id}", actor.workspace, None):
            await _send(message, {"content": actors.refusal(settings), "allowed_mentions": render.NO_MENTIONS})
        return
    source = source_of(message.guild.id if message.guild else None, message.channel.id, message.id)
    for attachment in files:
        with contextlib.suppress(discord.HTTPException):
            await message.channel.typing()  # "Sift is typing…" while the file is read
        result = await bot.drops.take(attachment, actor, source=source)
        if result is None:
            continue
        reply = await bot.drops.reply_for(result, actor)
        sent = await _send(message, render.message(reply))
        if sent is not None and reply.candidate_ids:
            await asyncio.to_thread(bot.core.record_post, actor.workspace, reply.candidate_ids, platform="discord",
                                    channel=str(message.channel.id), message_id=str(sent.id), kind="card")


async def _send(message: discord.Message, kwargs: dict[str, Any]) -> discord.Message | None:
    """Answer as a reply to the message with the file; as a plain message where Sift may not reply."""
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    try:
        try:
            return await message.reply(mention_author=False, **kwargs)
        except discord.Forbidden:  # replying needs Read Message History (deploy/README.md)
            return await message.channel.send(**kwargs)
    except discord.HTTPException as e:
        log.warning("could not answer in channel %s: %s", message.channel.id, e)
        return None
