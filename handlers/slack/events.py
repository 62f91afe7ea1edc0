"""Resume drops: a file shared in a channel with Sift, or sent to it, becomes one card in the file's thread.

Slack announces one upload several ways (message/file_share with the file object, file_shared with only
its id) and retries deliveries it thinks were late. The first delivery to claim the file in the store,
in any Sift process, reads it; every other one stops there.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Commands
from bot.config import Settings
from bot.core import Core
from bot.domain import Actor, IngestResult
from bot.reply import Button, Reply
from bot.resume import errors
from handlers.slack import files, payloads, render
from handlers.slack.files import DownloadRefused, SlackFile

log = logging.getLogger("sift.slack")

OOPS = ("Sift ran into a problem on its side and has logged it; try again in a minute, and tell whoever runs "
        "Sift if it keeps happening.")


class Work:
    """What the listeners have in flight (so stopping can wait for it) and the session files download with."""

    def __init__(self) -> None:
        self.inflight: set[asyncio.Task[Any]] = set()
        self._http: aiohttp.ClientSession | None = None

    @asynccontextmanager
    async def busy(self) -> AsyncIterator[None]:
        """Counts work in flight, so stopping can wait for parses already begun."""
        task = asyncio.current_task()
        if task is not None:
            self.inflight.add(task)
        try:
            yield
        finally:
            if task is not None:
                self.inflight.discard(task)

    async def drain(self, timeout: float) -> None:
        pending = [t for t in self.inflight if not t.done() and t is not asyncio.current_task()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60, sock_read=30))
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()


class FileDrops:
    def __init__(self, settings: Settings, core: Core, commands: Commands, work: Work) -> None:
        self.settings = settings
        self.core = core
        self.commands = commands
        self.work = work

    async def on_file_share(self, body: dict[str, Any], event: dict[str, Any], context: Any,
                            client: AsyncWebClient) -> None:
        team = payloads.team_of(context, body)
        if not team or event.get("bot_id"):
            return
        dm = event.get("channel_type") == "im"
        thread = event.get("thread_ts") or event.get("ts")
        async with self.work.busy():
            for raw in event.get("files") or []:
                f = SlackFile.from_payload(raw)
                if not f.id or (not f.needs_info and not f.for_sift and not dm):
                    continue  # a screenshot in a channel is not for Sift: no claim, no reply
                await self.take_file(client, team, f, channel=event.get("channel"), thread_ts=thread,
                                     user=event.get("user") or f.user, dm=dm)

    async def on_file_shared(self, body: dict[str, Any], event: dict[str, Any], context: Any,
                             client: AsyncWebClient) -> None:
        team = payloads.team_of(context, body)
        file_id = event.get("file_id") or (event.get("file") or {}).get("id")
        user = event.get("user_id")
        if not team or not file_id or (user and user == getattr(context, "bot_user_id", None)):
            return
        channel = event.get("channel_id")
        async with self.work.busy():
            await self.take_file(client, team, SlackFile.from_payload({"id": file_id}), channel=channel,
                                 thread_ts=None, user=user, dm=bool(channel and channel.startswith("D")))

    async def take_file(self, client: AsyncWebClient, team: str, f: SlackFile, *, channel: str | None,
                        thread_ts: str | None, user: str | None, dm: bool) -> None:
        """One file, once: the first delivery to claim it (any process) reads it and replies in its thread."""
        workspace = payloads.workspace_of(team)
        # Slack sends one upload as message/file_share and file_shared, and retries both: dedupe on the file.
        key = f"slack:{team}:file:{f.id}"
        claim = {"file_id": f.id, "channel": channel, "thread_ts": thread_ts, "user": user, "dm": dm}
        if not await asyncio.to_thread(self.core.claim_event, key, workspace, claim):
            return
        await self.handle(client, team, key, f, channel=channel, thread_ts=thread_ts, user=user, dm=dm)

    async def answer_unfinished(self, client_for: Any) -> int:
        """After a restart: files whose claim was taken but whose reply was never sent get read and answered."""
        taken = await asyncio.to_thread(self.core.unfinished_events, "slack:")
        for key, _workspace, p in taken:
            team = key.split(":")[1]
            client = await client_for(team)
            if client is None or not p.get("file_id"):
                await asyncio.to_thread(self.core.finish_event, key, {"status": "abandoned"})
                continue
            async with self.work.busy():
                await self.handle(client, team, key, SlackFile.from_payload({"id": p["file_id"]}),
                                  channel=p.get("channel"), thread_ts=p.get("thread_ts"), user=p.get("user"),
                                  dm=bool(p.get("dm")))
        return len(taken)

    async def handle(self, client: AsyncWebClient, team: str, key: str, f: SlackFile, *, channel: str | None,
                     thread_ts: str | None, user: str | None, dm: bool) -> None:
        workspace = payloads.workspace_of(team)
        outcome: dict[str, Any] = {"status": "ignored"}
        try:
            if f.needs_info:
                info = (await client.files_info(file=f.id))["file"]
                f = SlackFile.from_payload(info)
                if thread_ts is None:
                    channel, thread_ts = payloads.share_location(info, channel)
                user = user or f.user
            if not channel or f.mode in ("tombstone", "hidden_by_limit"):
                return
            if not f.for_sift:
                if dm:
                    await self.post(client, channel, thread_ts, Reply(
                        f"{f.name} is not a resume Sift can read. Send a PDF, DOCX, TXT or Markdown file.",
                        error=True))
                return
            actor = Actor(workspace=workspace, user=user, channel=channel, platform="slack",
                          channel_private=dm)
            reply = await self.read_file(client, f, actor)
            if f.permalink:
                for card in reply.cards:
                    card.buttons.append(Button("Open file", "open", f.id, url=f.permalink))
            ts = await self.post(client, channel, thread_ts, reply)
            await asyncio.to_thread(self.core.record_post, workspace, reply.candidate_ids, platform="slack",
                                    channel=channel, message_id=ts or "", kind="card")
            outcome = {"status": "rejected" if reply.error else "replied", "candidate_ids": reply.candidate_ids,
                       "channel": channel, "ts": ts}
        except Exception:
            log.exception("reading Slack file %s failed", f.id)
            outcome = {"status": "failed"}
            if channel:
                try:
                    await self.post(client, channel, thread_ts, Reply(f"Sift couldn't read {f.name}. {OOPS}",
                                                                      error=True))
                except Exception as e:  # noqa: BLE001 - the cause is logged above; this is only the apology
                    log.info("could not tell %s about the failure: %s", channel, e)
        finally:
            await asyncio.to_thread(self.core.finish_event, key, outcome)

    async def read_file(self, client: AsyncWebClient, f: SlackFile, actor: Actor) -> Reply:
        """Size from the metadata, a bounded download, the bytes checked, then the core reads and stores it."""
        limit = self.settings.max_file_bytes

        def refused(reason: str, message: str) -> IngestResult:
            return IngestResult(f.name, "rejected", error=message, reason=reason)

        if f.size is not None and f.size > limit:
            result = refused("too_large", errors.too_large(f.size, limit).message)
        elif f.mode == "external" or not f.url:
            result = refused("foreign_host", files.elsewhere(f.url or "").message)
        else:
            try:
                data, ctype = await files.download(
                    await self.work.http(), f.url, token=client.token or "", api_url=self.settings.slack_api_url,
                    max_bytes=limit, too_large=lambda n: DownloadRefused("too_large", errors.too_large(n, limit).message))
                files.check_bytes(data, f.claimed, ctype)
            except DownloadRefused as r:
                result = refused(r.reason, r.message)
            else:
                result = await asyncio.to_thread(self.core.ingest, data, f.name, actor=actor, source=f"slack:{f.id}")
        return await asyncio.to_thread(self.commands.ingest_reply, result, actor)

    async def post(self, client: AsyncWebClient, channel: str, thread_ts: str | None, reply: Reply) -> str | None:
        resp = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                             unfurl_media=False, **render.message(reply))
        return resp.get("ts")
