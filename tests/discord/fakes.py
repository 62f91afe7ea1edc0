"""A small fake Discord at the edge of the real bot, for offline tests.

- dpytest 0.7 (pinned) plays the gateway and REST side: guilds, roles, channels, members, messages with
  attachments, the messages the bot sends. Two things are added on top of its FakeHttp: the raw payload of
  every message the bot sends is kept (dpytest drops components), and downloads from the CDN are served
  from files registered here and recorded (dpytest would read any local path).
- Interactions, which dpytest cannot do, arrive as recorded INTERACTION_CREATE payloads
  (tests/payloads/discord/) through the state's real gateway handler, `parse_interaction_create`; every
  HTTP call discord.py makes to answer them goes through a recording `AsyncWebhookAdapter` (the context
  variable discord.py itself reads), which answers like Discord: since discord.py 2.5 the callback is
  posted with `?with_response=1`, so it returns an interaction callback object with the message.
Nothing of Sift's own is replaced.
"""
from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
from discord.ext.test import backend as back
from discord.ext.test import factories as facts
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "discord"
EPHEMERAL = 64

_ids = itertools.count(1)


def snowflake() -> int:
    """A fresh, valid snowflake (time in the high bits, a counter in the low ones)."""
    ms = int(time.time() * 1000) - 1420070400000
    return (ms << 22) | (next(_ids) & 0x3FFFFF)


def load(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / name).read_text())


WORLD = load("world.json")  # the guilds, roles, channels and people the recorded payloads refer to


# -- REST side: dpytest's FakeHttp with a CDN and a record of what was sent ------------------------------
class RecordingHttp(back.FakeHttp):
    world: World

    async def send_message(self, channel_id: int, *, params: Any) -> Any:
        # dpytest reads `channel` from its caller's frame: hand it on from ours.
        channel = sys._getframe(1).f_locals.get("channel")  # noqa: F841
        data = await super().send_message(channel_id, params=params)
        self.world.sent.append({"channel_id": str(channel_id), "id": str(data["id"]),
                                "payload": copy.deepcopy(params.payload or {})})
        return data

    async def get_from_cdn(self, url: str) -> bytes:
        self.world.downloads.append(url)
        if self.world.cdn_gate is not None:  # a slow CDN: the download waits until the test opens the gate
            await self.world.cdn_gate.wait()
        if url not in self.world.cdn:
            raise discord.NotFound(back.FakeRequest(404, "Not Found"), "Not Found")
        return self.world.cdn[url]


# -- interaction side: the webhook adapter discord.py answers interactions through ----------------------
@dataclass
class Call:
    method: str
    path: str
    token: str | None
    params: dict[str, Any] | None
    body: dict[str, Any] | None
    at: float
    response: Any = None  # what the fake Discord answered

    @property
    def kind(self) -> int | None:
        return (self.body or {}).get("type") if self.path.endswith("/callback") else None

    @property
    def data(self) -> dict[str, Any]:
        if self.path.endswith("/callback"):
            return (self.body or {}).get("data") or {}
        return self.body or {}

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & EPHEMERAL)


class RecordingWebhookAdapter(AsyncWebhookAdapter):
    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self.calls: list[Call] = []
        self.interactions: dict[str, dict[str, Any]] = {}  # token -> the payload that came in
        self.originals: dict[str, str] = {}  # token -> id of that interaction's original message
        self.messages: dict[str, dict[str, Any]] = {}  # what exists, by id

    def for_token(self, token: str) -> list[Call]:
        return [c for c in self.calls if c.token == token]

    async def request(self, route: Any, session: Any, *, payload: dict[str, Any] | None = None,
                      multipart: list[dict[str, Any]] | None = None, params: dict[str, Any] | None = None,
                      **_: Any) -> Any:
        response = await self._answer(route, payload, multipart, params)
        self.calls[-1].response = copy.deepcopy(response)
        return response

    async def _answer(self, route: Any, payload: dict[str, Any] | None, multipart: list[dict[str, Any]] | None,
                      params: dict[str, Any] | None) -> Any:
        body = payload
        for part in multipart or []:
            if part.get("name") == "payload_json":
                body = json.loads(part["value"])
        token = route.webhook_token
        self.calls.append(Call(route.method, route.path, token, params, copy.deepcopy(body), time.monotonic()))
        await asyncio.sleep(0)
        inter = self.interactions.get(token or "", {})
        if route.path.endswith("/callback"):
            return self._callback(inter, token, body or {})
        if route.path.endswith("/messages/@original"):
            mid = self.originals.get(token or "")
            if mid is None or mid not in self.messages:
                raise discord.NotFound(back.FakeRequest(404, "Not Found"), "Unknown Message")
            if route.method == "PATCH":
                self.messages[mid].update({k: v for k, v in (body or {}).items() if k in
                                           ("content", "embeds", "components", "flags")})
                self.messages[mid]["edited_timestamp"] = _now()
                return copy.deepcopy(self.messages[mid])
            if route.method == "DELETE":
                self._delete(self.messages.pop(mid))
                return None
            return copy.deepcopy(self.messages[mid])
        if route.method == "POST":  # a followup
            msg = self.new_message(inter, body or {})
            return copy.deepcopy(msg)
        return None

    def _callback(self, inter: dict[str, Any], token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        kind, data = body["type"], body.get("data") or {}
        out: dict[str, Any] = {"interaction": {
            "id": inter.get("id"), "type": inter.get("type"), "response_message_loading": kind == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL)}}
        if kind in (4, 5):  # a new message (5: "Sift is thinking…", filled in later)
            msg = self.new_message(inter, data)
            self.originals[token or ""] = msg["id"]
            out["interaction"]["response_message_id"] = msg["id"]
            out["resource"] = {"type": kind, "message": copy.deepcopy(msg)}
        elif kind in (6, 7) and inter.get("message"):  # the message the button is on
            msg = self.messages.setdefault(str(inter["message"]["id"]), copy.deepcopy(inter["message"]))
            self.originals[token or ""] = msg["id"]
            if kind == 7:
                msg.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
                out["resource"] = {"type": kind, "message": copy.deepcopy(msg)}
        return out

    def new_message(self, inter: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        channel_id = int(inter.get("channel_id") or inter.get("channel", {}).get("id"))
        flags = data.get("flags") or 0
        if flags & EPHEMERAL:
            mid = snowflake()
        else:  # a public message really exists in the channel: it can be fetched and deleted later
            mid = self.world.post_as_bot(channel_id, data.get("content") or "", data.get("embeds") or [])
        msg = self.world.message_dict(mid, channel_id, data, flags=flags)
        self.messages[msg["id"]] = msg
        return msg

    def _delete(self, msg: dict[str, Any]) -> None:
        if not (msg.get("flags") or 0) & EPHEMERAL:
            self.world.delete_from_channel(int(msg["channel_id"]), int(msg["id"]))


def _now() -> str:
    return datetime.now(UTC).isoformat()


# -- the world ------------------------------------------------------------------------------------------
class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class World:
    """Two guilds (Acme and Beta), their roles, channels and people, and the bot under test in them."""

    make_bot: Any  # () -> a new, unconnected bot: the process under test
    bot: Any = None
    sent: list[dict[str, Any]] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    cdn: dict[str, bytes] = field(default_factory=dict)
    cdn_gate: asyncio.Event | None = None
    expect_errors: bool = False

    async def start(self) -> World:
        bot = self.bot = self.make_bot()
        dpytest.configure(bot, guilds=0, text_channels=0, voice_channels=0, members=0)
        bot.http.__class__ = RecordingHttp
        bot.http.world = self
        # A real ConnectionState learns its command tree when the tree is built; dpytest's new one did not.
        bot._connection._command_tree = bot.tree
        await bot._async_setup_hook()
        await bot.setup_hook()
        self.webhook = RecordingWebhookAdapter(self)
        async_context.set(self.webhook)
        self.errors = _ErrorLog()
        for name in ("discord", "sift"):
            logging.getLogger(name).addHandler(self.errors)
        self.guilds: dict[str, discord.Guild] = {}
        self.channels: dict[str, Any] = {}
        self.members: dict[str, discord.Member] = {}
        for key, g in WORLD["guilds"].items():
            gid = int(g["id"])
            roles = [facts.make_role_dict("@everyone", gid, permissions=int(g["everyone_permissions"]), position=0)]
            roles += [facts.make_role_dict(r["name"], int(r["id"]), permissions=int(r["permissions"]), position=1)
                      for r in g["roles"]]
            guild = back.make_guild(g["name"], roles=roles, id_num=gid)
            self.guilds[key] = guild
            back.make_member(back.get_state().user, guild)
            for pkey, p in WORLD["people"].items():
                if p["guild"] != key:
                    continue
                user = back.make_user(p["member"]["user"]["username"], 1, id_num=int(p["member"]["user"]["id"]))
                roles_of = [guild.get_role(int(r)) for r in p["member"]["roles"]]
                self.members[pkey] = back.make_member(user, guild, roles=roles_of)
            for ckey, c in WORLD["channels"].items():
                if c["guild"] != key:
                    continue
                overwrites = [dict(o, id=int(o["id"])) for o in c.get("permission_overwrites", [])]
                if overwrites:  # the bot is let into every private channel it is used in
                    overwrites.append({"id": back.get_state().user.id, "type": 1, "allow": str(3072), "deny": "0"})
                self.channels[ckey] = back.make_text_channel(c["name"], guild, id_num=int(c["id"]),
                                                             permission_overwrites=overwrites)
        return self

    async def restart(self) -> None:
        """Sift stops and a new process starts on the same store; Discord (and its messages) stay."""
        messages = dict(back._cur_config.messages)
        old = self.bot
        with contextlib.suppress(Exception):
            await old.close()
        for name in ("discord", "sift"):
            logging.getLogger(name).removeHandler(self.errors)
        await self.start()
        back._cur_config.messages.update(messages)
        assert self.bot is not old

    async def close(self) -> None:
        for name in ("discord", "sift"):
            logging.getLogger(name).removeHandler(self.errors)
        with contextlib.suppress(Exception):  # dpytest's fake websocket may complain; nothing to learn
            await self.bot.close()
        if not self.expect_errors:
            assert not self.errors.records, [r.getMessage() for r in self.errors.records]

    # -- what the bot did --------------------------------------------------------------------------------
    def exists(self, channel_id: int | str, message_id: int | str) -> bool:
        msgs = back._cur_config.messages.get(int(channel_id), [])
        return any(int(m["id"]) == int(message_id) for m in msgs)

    def sent_to(self, channel: str) -> list[dict[str, Any]]:
        cid = str(self.channel_id(channel))
        return [s for s in self.sent if s["channel_id"] == cid]

    def channel_id(self, channel: str) -> int:
        return self.channels[channel].id if channel in self.channels else int(channel)

    # -- messages and files arriving -------------------------------------------------------------------
    def attachment(self, data: bytes, filename: str, *, channel: str = "acme-hiring", size: int | None = None,
                   url: str | None = None, content_type: str | None = None) -> dict[str, Any]:
        """An attachment as Discord describes it; its bytes are served by the fake CDN at its URL."""
        aid = snowflake()
        if url is None:
            url = (f"https://cdn.discordapp.com/attachments/{self.channel_id(channel)}/{aid}/{filename}"
                   f"?ex=6a1b2c3d&is=6a19dabd&hm=0f3c9a")
            self.cdn[url] = data
        if content_type is None:
            content_type = {"pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
                            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            "md": "text/markdown"}.get(filename.rsplit(".", 1)[-1].lower())
        return {"id": str(aid), "filename": filename, "size": len(data) if size is None else size, "url": url,
                "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"), "content_type": content_type}

    async def drop(self, who: str, where: str, attachments: list[dict[str, Any]], *, message_id: int | None = None,
                   content: str = "", wait: bool = True) -> int:
        """A member posts a message with files (MESSAGE_CREATE); the same id again is a replayed event.
        With wait=False it returns as soon as the event is delivered, while the bot is still at work."""
        author = self.members[who] if where in self.channels else self.members[who]._user
        channel = self.channels[where] if where in self.channels else await self.dm(who)
        atts = [discord.Attachment(data=dict(a, id=int(a["id"])), state=back.get_state()) for a in attachments]
        mid = message_id or snowflake()
        before = asyncio.all_tasks()
        back.make_message(content, author, channel, attachments=atts, id_num=mid)
        if wait:
            await settle(before)
        return mid

    def kill(self, since: set[asyncio.Task[Any]]) -> None:
        """The process dies: whatever the bot started since `since` stops where it is (only `finally` runs)."""
        for task in asyncio.all_tasks() - since:
            if task is not asyncio.current_task():
                task.cancel()

    async def dm(self, who: str) -> discord.DMChannel:
        return await self.members[who]._user.create_dm()

    def post_as_bot(self, channel_id: int, content: str, embeds: list[dict[str, Any]]) -> int:
        channel = self.bot.get_channel(channel_id)
        msg = back.make_message(content, back.get_state().user, channel,
                                embeds=[discord.Embed.from_dict(e) for e in embeds])
        return msg.id

    def delete_from_channel(self, channel_id: int, message_id: int) -> None:
        msgs = back._cur_config.messages.get(channel_id, [])
        back._cur_config.messages[channel_id] = [m for m in msgs if int(m["id"]) != message_id]

    def message_dict(self, mid: int, channel_id: int, data: dict[str, Any], *, flags: int = 0) -> dict[str, Any]:
        user = back.get_state().user
        return {"id": str(mid), "channel_id": str(channel_id), "type": 0, "content": data.get("content") or "",
                "embeds": data.get("embeds") or [], "components": data.get("components") or [],
                "attachments": [], "flags": flags, "timestamp": _now(), "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [], "pinned": False,
                "author": {"id": str(user.id), "username": user.name, "discriminator": "0001", "avatar": None,
                           "bot": True}}

    def card_message(self, sent: dict[str, Any]) -> dict[str, Any]:
        """A message the bot sent over REST, as Discord shows it inside a button press."""
        return self.message_dict(int(sent["id"]), int(sent["channel_id"]), sent["payload"])

    # -- interactions --------------------------------------------------------------------------------------
    def interaction(self, name: str, *, who: str = "rita", where: str = "acme-hiring",
                    **data_overrides: Any) -> dict[str, Any]:
        """A recorded INTERACTION_CREATE payload, as `who` in `where`, with a fresh id and token."""
        p = load(name)
        person = WORLD["people"][who]
        p["id"] = str(snowflake())
        p["token"] = f"aW50ZXJhY3Rpb246{p['id']}:test-token"
        if where.startswith("dm:"):
            p.pop("guild_id", None)
            p.pop("guild", None)
            p.pop("member", None)
            p["user"] = person["member"]["user"]
            p["channel_id"] = str(where[3:])
            p["channel"] = {"id": str(where[3:]), "type": 1, "recipients": [person["member"]["user"]]}
            p["context"] = 1
        else:
            c = WORLD["channels"][where]
            g = WORLD["guilds"][c["guild"]]
            p["guild_id"] = g["id"]
            p["guild"] = {"id": g["id"], "locale": "en-US", "features": []}
            p["member"] = copy.deepcopy(person["member"])
            p["member"]["permissions"] = person["permissions"].get(where, person["permissions"]["default"])
            p["channel_id"] = c["id"]
            p["channel"] = {"id": c["id"], "type": 0, "guild_id": g["id"], "name": c["name"],
                            "permissions": p["member"]["permissions"], "flags": 0, "nsfw": False,
                            "parent_id": None, "position": 0, "rate_limit_per_user": 0, "topic": None,
                            "last_message_id": None}
            p["authorizing_integration_owners"] = {"0": g["id"]}
        p.setdefault("data", {}).update(data_overrides)
        return p

    async def dispatch(self, payload: dict[str, Any], *, wait: bool = True) -> list[Call]:
        """Deliver an INTERACTION_CREATE as the gateway would; wait until the bot is done with it (unless
        wait=False: then return at once, with the bot still at work)."""
        self.webhook.interactions[payload["token"]] = payload
        if payload.get("message"):
            self.webhook.messages.setdefault(str(payload["message"]["id"]), copy.deepcopy(payload["message"]))
        before = asyncio.all_tasks()
        self.started = time.monotonic()
        self.bot._connection.parse_interaction_create(payload)
        if wait:
            await settle(before)
        return self.webhook.for_token(payload["token"])

    async def command(self, name: str, options: list[dict[str, Any]], *, who: str = "rita",
                      where: str = "acme-hiring", resolved: dict[str, Any] | None = None) -> list[Call]:
        p = self.interaction(name, who=who, where=where)
        p["data"]["options"] = options
        if resolved is not None:
            p["data"]["resolved"] = resolved
        return await self.dispatch(p)

    async def press(self, message: dict[str, Any], custom_id: str, *, who: str = "rita",
                    where: str = "acme-hiring") -> list[Call]:
        """A button press on `message` (which must carry that button, as Discord's always do)."""
        p = self.interaction("button.json", who=who, where=where, custom_id=custom_id, component_type=2)
        p["message"] = copy.deepcopy(message)
        return await self.dispatch(p)

    async def submit(self, custom_id: str, values: dict[str, str], *, message: dict[str, Any] | None,
                     who: str = "rita", where: str = "acme-hiring") -> list[Call]:
        p = self.interaction("modal_submit.json", who=who, where=where, custom_id=custom_id)
        # As Discord sends back a modal built of action rows (what discord.py sends for plain text inputs).
        p["data"]["components"] = [
            {"type": 1, "id": 2 * i + 1, "components": [{"type": 4, "id": 2 * i + 2, "custom_id": k, "value": v}]}
            for i, (k, v) in enumerate(values.items())]
        if message is not None:
            p["message"] = copy.deepcopy(message)
        else:  # a modal opened from a command, not from a button on a message
            p.pop("message", None)
        return await self.dispatch(p)

    @staticmethod
    def with_buttons(message: dict[str, Any], *ids: str) -> dict[str, Any]:
        """The same message carrying other buttons: what a crafted or stale client could send back."""
        out = copy.deepcopy(message)
        out["components"] = [{"type": 1, "components": [
            {"type": 2, "style": 2, "label": i.split(":")[1], "custom_id": i} for i in ids]}]
        return out

    def message(self, mid: str) -> dict[str, Any]:
        return copy.deepcopy(self.webhook.messages[str(mid)])


def _is_timer(task: asyncio.Task[Any]) -> bool:
    # discord.py gives a view sent with an ephemeral message a 15-minute timeout: a timer, not work.
    return "timeout_task" in getattr(task.get_coro(), "__qualname__", "")


async def settle(before: set[asyncio.Task[Any]], timeout: float = 60) -> None:
    """Wait for every task started since `before` (and the tasks those start) to finish."""
    me = asyncio.current_task()
    deadline = time.monotonic() + timeout
    while True:
        await asyncio.sleep(0)
        pending = [t for t in asyncio.all_tasks() if t not in before and t is not me and not t.done()
                   and not _is_timer(t)]
        if not pending:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"still running: {[(t.get_name(), t.get_coro()) for t in pending]}")
        await asyncio.wait(pending, timeout=left)


def buttons(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for row in components for c in row.get("components", []) if c.get("type") == 2]


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    return [b.get("custom_id", "") for b in buttons(components)]
