"""What Sift does with each Slack request: acknowledge, translate, hand to the core, render, post.
Resume drops are in handlers/slack/events.py; commands, buttons, the Edit modal and the Home tab are here.

No rule lives here (STYLE 1). Every core call is blocking database work, so it runs in a worker thread.
Deliveries are deduplicated in the store, not in memory, so several Sift processes behind one Slack app agree.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Commands
from bot.config import Settings
from bot.core import Core
from bot.domain import Actor, NotFound
from bot.reply import Button, Reply
from handlers.slack import modals, payloads, render
from handlers.slack.events import OOPS, FileDrops, Work

log = logging.getLogger("sift.slack")

COMMANDS = ("/find", "/filter", "/digest", "/forget")
DM_WORDS = ("find", "filter", "digest", "forget", "show", "help", "start")
Respond = Callable[..., Awaitable[Any]]


def _action(name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(render.ACTION_PREFIX + name)}\.\d+$")


class Listeners:
    def __init__(self, settings: Settings, core: Core) -> None:
        self.settings = settings
        self.core = core
        self.commands = Commands(core)
        self.work = Work()
        self.drops = FileDrops(settings, core, self.commands, self.work)

    # -- registration ---------------------------------------------------------------------------------------
    def register(self, app: AsyncApp) -> None:
        # bolt runs the first listener that matches: the file_share subtype before the catch-all message one.
        app.event({"type": "message", "subtype": "file_share"})(self.drops.on_file_share)
        app.event("file_shared")(self.drops.on_file_shared)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home)
        for name in COMMANDS:
            app.command(name)(self.on_command)
        app.action(_action("page"))(self.on_page)
        app.action(_action("share"))(self.on_share)
        app.action(_action("edit"))(self.on_edit)
        app.action(_action("forget"))(self.on_forget)
        app.action(_action("open"))(self.on_open)  # link buttons send an action too; it needs its ack
        app.view(modals.CALLBACK_ID)(self.on_edit_submit)
        app.error(self.on_error)

    async def drain(self, timeout: float) -> None:
        await self.work.drain(timeout)

    async def close(self) -> None:
        await self.work.close()

    # -- messages to the bot --------------------------------------------------------------------------------
    async def on_message(self, body: dict[str, Any], event: dict[str, Any], context: Any,
                         client: AsyncWebClient) -> None:
        """Text in a DM with Sift works like the slash commands; other messages are none of Sift's business."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        team = payloads.team_of(context, body)
        text = (event.get("text") or "").strip()
        if not team or not text:
            return
        key = f"slack:{team}:event:{body.get('event_id') or event.get('client_msg_id') or event.get('ts')}"
        if not await asyncio.to_thread(self.core.claim_event, key, payloads.workspace_of(team), {}):
            return
        async with self.work.busy():
            word = text.lstrip("/").split(" ", 1)[0].lower()
            line = "/" + text.lstrip("/") if word in DM_WORDS else "/help"
            actor = await payloads.actor(client, team, event.get("user"), event.get("channel"),
                                         admin=word == "forget")
            reply = await asyncio.to_thread(self.commands.handle, line, actor)
            await self.deliver(reply, actor, client, None, thread_ts=None)
            await asyncio.to_thread(self.core.finish_event, key, {"status": "replied"})

    # -- slash commands -------------------------------------------------------------------------------------
    async def on_command(self, ack: Any, body: dict[str, Any], command: dict[str, Any], context: Any,
                         client: AsyncWebClient, respond: Respond) -> None:
        await ack()  # Slack waits 3 s at most; the search and everything else happen after
        async with self.work.busy():
            team = payloads.team_of(context, body)
            if not team:
                return
            name = command.get("command", "")
            try:
                actor = await payloads.actor(client, team, command.get("user_id"), command.get("channel_id"),
                                             channel_name=command.get("channel_name"), admin=name == "/forget")
                reply = await asyncio.to_thread(self.commands.handle, f"{name} {command.get('text') or ''}", actor)
                await self.deliver(reply, actor, client, respond)
            except Exception:
                log.exception("%s failed", name)
                await respond(text=OOPS, response_type="ephemeral")

    async def deliver(self, reply: Reply, actor: Actor, client: AsyncWebClient, respond: Respond | None, *,
                      kind: str = "reply", replace: bool = False, thread_ts: str | None = None) -> None:
        """Ephemeral replies go to the asker (response_url works in private channels and DMs too); the rest
        are posted to the channel and remembered, so /forget can delete them."""
        await self.delete_posted(client, reply)
        msg = render.message(reply)
        if respond is not None and (reply.ephemeral or not actor.channel):
            await respond(response_type="ephemeral", replace_original=replace, **msg)
            return
        if not actor.channel:
            return
        try:
            resp = await client.chat_postMessage(channel=actor.channel, thread_ts=thread_ts, unfurl_links=False,
                                                 unfurl_media=False, **msg)
        except SlackApiError as e:
            if respond is None or e.response.get("error") not in ("not_in_channel", "channel_not_found"):
                raise
            await respond(response_type="ephemeral", replace_original=False, text=(
                "Sift is not a member of this channel, so it can't post here; add it with `/invite @Sift` "
                "and try again."))
            return
        await asyncio.to_thread(self.core.record_post, actor.workspace, reply.candidate_ids, platform="slack",
                                channel=resp.get("channel") or actor.channel, message_id=resp.get("ts") or "",
                                kind=kind)

    async def delete_posted(self, client: AsyncWebClient, reply: Reply) -> None:
        for m in reply.delete_messages:
            if m.get("platform") != "slack":
                continue
            try:
                await client.chat_delete(channel=m["channel"], ts=m["message_id"])
            except SlackApiError as e:  # already deleted by someone, or the channel is gone
                log.info("chat.delete %s/%s: %s", m["channel"], m["message_id"], e.response.get("error"))

    # -- buttons --------------------------------------------------------------------------------------------
    @staticmethod
    async def _presser(client: AsyncWebClient, team: str, body: dict[str, Any], **options: Any) -> Actor:
        """Who pressed a button, and in which channel (a message's container when the payload has no channel)."""
        channel = body.get("channel") or {}
        container = body.get("container") or {}
        return await payloads.actor(client, team, (body.get("user") or {}).get("id"),
                                    channel.get("id") or container.get("channel_id"), channel_name=channel.get("name"),
                                    **options)

    async def on_page(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any,
                      client: AsyncWebClient, respond: Respond) -> None:
        await ack()
        team = payloads.team_of(context, body)
        if not team:
            return
        async with self.work.busy():
            actor = await self._presser(client, team, body)
            reply = await asyncio.to_thread(self.commands.page, action.get("value") or "", actor)
            await respond(response_type="ephemeral", replace_original=True, **render.message(reply))

    async def on_share(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any,
                       client: AsyncWebClient, respond: Respond) -> None:
        await ack()
        team = payloads.team_of(context, body)
        if not team:
            return
        async with self.work.busy():
            actor = await self._presser(client, team, body, ask_privacy=True)
            try:
                candidate_id = int(action.get("value") or "")
            except ValueError:
                return
            reply = await asyncio.to_thread(self.commands.share, candidate_id, actor)
            if reply.error:
                await respond(response_type="ephemeral", replace_original=False, **render.message(reply))
                return
            await self.deliver(reply, actor, client, respond, kind="share")

    async def on_edit(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any,
                      client: AsyncWebClient, respond: Respond) -> None:
        await ack()
        team = payloads.team_of(context, body)
        if not team:
            return
        try:
            candidate_id = int(action.get("value") or "")
            shown = await asyncio.to_thread(self.core.show, payloads.workspace_of(team), candidate_id)
        except (ValueError, NotFound):
            await respond(response_type="ephemeral", replace_original=False,
                          text="That candidate is no longer in Sift.")
            return
        container = body.get("container") or {}
        on_message = container.get("type") == "message" and not container.get("is_ephemeral")
        target = modals.EditTarget(candidate_id, container.get("channel_id") if on_message else None,
                                   container.get("message_ts") if on_message else None,
                                   _file_url(body.get("message") or {}))
        await client.views_open(trigger_id=body["trigger_id"],
                                view=modals.edit_view(target, modals.current_values(shown)))

    async def on_edit_submit(self, ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any,
                             client: AsyncWebClient) -> None:
        team = payloads.team_of(context, body)
        if not team:
            await ack()
            return
        target, fixes = modals.read_submission(view)
        user = (body.get("user") or {}).get("id")
        actor = Actor(workspace=payloads.workspace_of(team), user=user, channel=target.channel, platform="slack")
        if fixes:
            try:
                await asyncio.to_thread(self.core.correct, actor.workspace, target.candidate_id, fixes, actor=actor)
            except NotFound:
                await ack(response_action="errors", errors={"name": "This candidate is no longer in Sift."})
                return
            except ValueError as e:
                await ack(response_action="errors", errors={"name": str(e)})
                return
        await ack()
        if not fixes or not (target.channel and target.ts):
            return
        async with self.work.busy():
            reply = await asyncio.to_thread(self.commands.show, str(target.candidate_id), actor)
            for card in reply.cards:
                card.status = f"corrected by <@{user}>" if user else "corrected"
                if target.file_url:
                    card.buttons.append(Button("Open file", "open", str(target.candidate_id), url=target.file_url))
            await client.chat_update(channel=target.channel, ts=target.ts, **render.message(reply))

    async def on_forget(self, ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any,
                        client: AsyncWebClient, respond: Respond) -> None:
        await ack()
        team = payloads.team_of(context, body)
        if not team:
            return
        async with self.work.busy():
            actor = await self._presser(client, team, body, admin=True)
            reply = await asyncio.to_thread(self.commands.forget, action.get("value") or "", actor)
            await self.delete_posted(client, reply)
            await respond(response_type="ephemeral", replace_original=False, **render.message(reply))

    async def on_open(self, ack: Any) -> None:
        await ack()

    # -- App Home -------------------------------------------------------------------------------------------
    async def on_home(self, body: dict[str, Any], event: dict[str, Any], context: Any,
                      client: AsyncWebClient) -> None:
        team = payloads.team_of(context, body)
        user = event.get("user")
        if event.get("tab", "home") != "home" or not team or not user:
            return
        async with self.work.busy():
            actor = Actor(workspace=payloads.workspace_of(team), user=user, platform="slack")
            reply = await asyncio.to_thread(self.commands.home, actor)
            await client.views_publish(user_id=user, view=render.home_view(reply))

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("Slack request failed (%s): %s", body.get("type") or body.get("command"), error, exc_info=error)


def _file_url(message: dict[str, Any]) -> str | None:
    """The "Open file" link of the card the Edit button sits on, to keep it on the updated card."""
    for block in message.get("blocks") or []:
        for el in block.get("elements") or []:
            if isinstance(el, dict) and str(el.get("action_id", "")).startswith(render.ACTION_PREFIX + "open.") \
                    and el.get("url"):
                return str(el["url"])
    return None
