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
    """Claim, read, answer, finish: a claim is finished only once its reply went out (or could not), so a
    process that dies in between leaves it for `answer_unfinished` in the next one."""

    def __init__(self, bot: SiftBot) -> None:
        self.bot = bot

    async def take(self, attachment: discord.Attachment, actor: Actor, *, source: str,
                   message_id: int | None = None) -> tuple[str, IngestResult] | None:
        """Claim one attachment and read it into the store: (claim key, result); None when it was already
        taken (a repeated event, or another process). The caller answers, then calls `done`."""
        key = f"discord:att:{attachment.id}"
        claimed = await asyncio.to_thread(self.bot.core.claim_event, key, actor.workspace, {
            "file": attachment.filename, "size": attachment.size, "user": actor.user, "channel": actor.channel,
            "admin": actor.is_admin, "message_id": str(message_id) if message_id else None})
        if not claimed:
            log.info("attachment %s was already taken; ignoring the repeat", attachment.id)
            return None
        return key, await self.read(attachment, actor, source=source)

    async def read(self, attachment: discord.Attachment, actor: Actor, *, source: str) -> IngestResult:
        try:
            return await self._read(attachment, actor, source=source)
        except Exception:
            log.exception("could not store attachment %s", attachment.id)
            return IngestResult(attachment.filename, "rejected", reason="internal", error=(
                "Sift could not store this file because of a problem on its side; it has been logged. "
                "Drop it again in a minute."))

    async def done(self, key: str, result: IngestResult | dict[str, Any]) -> None:
        outcome = result.as_json() if isinstance(result, IngestResult) else result
        await asyncio.to_thread(self.bot.core.finish_event, key, outcome)

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

    async def answer(self, message: discord.Message, result: IngestResult, actor: Actor) -> None:
        """The card (or the reason it was refused) as a reply to the message that carried the file."""
        reply = await self.reply_for(result, actor)
        sent = await _send(message, render.message(reply))
        if sent is not None and reply.candidate_ids:
            await asyncio.to_thread(self.bot.core.record_post, actor.workspace, reply.candidate_ids,
                                    platform="discord", channel=str(message.channel.id), message_id=str(sent.id),
                                    kind="card")

    async def answer_unfinished(self) -> int:
        """After a restart: attachments a process claimed but died before answering get read and answered
        now, each by exactly one process. Returns how many were taken over."""
        taken = await asyncio.to_thread(self.bot.core.unfinished_events, "discord:att:")
        for key, workspace, claim in taken:
            outcome: dict[str, Any] = {"status": "abandoned"}
            try:
                outcome = await self._recover(key, workspace, claim)
            except discord.HTTPException as e:  # the channel or message is gone, or Sift lost access
                log.info("could not answer %s after the restart: %s", key, e)
            except Exception:
                log.exception("answering %s after the restart failed", key)
            await self.done(key, outcome)
        return len(taken)

    async def _recover(self, key: str, workspace: str, claim: dict[str, Any]) -> dict[str, Any]:
        channel_id = int(claim.get("channel") or 0)
        if not channel_id:
            return {"status": "abandoned"}
        channel: Any = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        actor = Actor(workspace=workspace, user=claim.get("user"), channel=str(channel_id), platform="discord",
                      is_admin=bool(claim.get("admin")), channel_private=actors.channel_is_private(channel))
        if not claim.get("message_id"):
            # A /upload: the file came with an interaction whose token died with the process, and Discord
            # keeps no message to read it from again. Say so where it was uploaded, pinging nobody.
            await channel.send(
                f"Sift restarted while reading {claim.get('file') or 'a resume'} (uploaded by <@{actor.user}>) "
                "and has no answer for it. Please /upload it again.", allowed_mentions=render.NO_MENTIONS)
            return {"status": "abandoned", "reason": "upload_lost"}
        message = await channel.fetch_message(int(claim["message_id"]))
        attachment = next((a for a in message.attachments if key == f"discord:att:{a.id}"), None)
        if attachment is None:
            return {"status": "abandoned", "reason": "attachment_gone"}
        source = source_of(message.guild.id if message.guild else None, channel_id, message.id)
        result = await self.read(attachment, actor, source=source)
        await self.answer(message, result, actor)
        return {**result.as_json(), "recovered": True}


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
        taken = await bot.drops.take(attachment, actor, source=source, message_id=message.id)
        if taken is None:
            continue
        key, result = taken
        await bot.drops.answer(message, result, actor)
        await bot.drops.done(key, result)


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
