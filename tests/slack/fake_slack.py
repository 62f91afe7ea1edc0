"""A fake Slack on 127.0.0.1:0: the Web API methods Sift calls, file downloads and response_url endpoints.

It speaks the documented wire format over real HTTP and records every call, so tests assert on what Sift
sent to Slack rather than on Sift's internals. Files are served only to a bot token of the team that owns
them; any other token gets Slack's sign-in page with status 200, as the real file host does.
"""
from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "slack"
LOGIN_PAGE = b"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Sign in | Slack</title></head>
<body><div id="page"><h1>Sign in to sift-test</h1><form action="/" method="post">
<input type="email" name="email"><button type="submit">Sign in with Email</button></form></div></body></html>
"""


def invalid_blocks(blocks: Any, limit: int = 50) -> str | None:
    """What Slack would say about these blocks: None when it would accept them (checked with slack_sdk)."""
    if blocks is None:
        return None
    if not isinstance(blocks, list) or len(blocks) > limit:
        return f"invalid_blocks: more than {limit} blocks"
    try:
        for b in blocks:
            Block.parse(b).validate_json()
    except (SlackObjectFormationError, KeyError, TypeError) as e:
        return f"invalid_blocks: {e}"
    ids = [b.get("block_id") for b in blocks if b.get("block_id")]
    return "invalid_blocks: duplicate block_id" if len(ids) != len(set(ids)) else None


def invalid_view(view: Any) -> str | None:
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError) as e:
        return f"invalid_arguments: {e}"
    return invalid_blocks(view.get("blocks"), 100)


def payload(name: str) -> dict[str, Any]:
    """A recorded payload from tests/payloads/slack, as a fresh dict to adjust."""
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text()))


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeFile:
    meta: dict[str, Any]
    data: bytes
    team: str
    content_type: str = "application/octet-stream"


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.downloads: list[tuple[str, str | None]] = []  # (file id, Authorization header)
        self.responses: list[tuple[str, dict[str, Any], float]] = []  # (response_url name, body, time)
        self.tokens: dict[str, str] = {}  # bot token -> team id
        self.bot_users: dict[str, str] = {}  # team -> bot user id
        self.files: dict[str, FakeFile] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.deleted: list[tuple[str, str]] = []
        self.not_member: set[str] = set()  # channels Sift was never invited to
        self.oauth_answer: dict[str, Any] | None = None
        self.rejected: list[tuple[str, str]] = []  # (method, why): what real Slack would have refused
        self.app_tokens: set[str] = set()  # xapp- tokens that may open Socket Mode connections
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: list[dict[str, Any]] = []
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base = ""

    # -- setup ----------------------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files/{file_id}/{name}", self._download)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def add_team(self, team: str, token: str, bot_user: str) -> None:
        self.tokens[token] = team
        self.bot_users[team] = bot_user

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def add_file(self, file_id: str, name: str, data: bytes, *, team: str = "T0SIFT001", channel: str = "C0HIRING01",
                 ts: str = "1763780000.123456", user: str = "U0RECRUIT1", size: int | None = None,
                 filetype: str | None = None, mimetype: str | None = None, url: str | None = None,
                 content_type: str | None = None) -> dict[str, Any]:
        """Register a file and return its Slack file object (as in message/file_share and files.info)."""
        ext = name.rsplit(".", 1)[-1].lower()
        kinds = {"pdf": ("pdf", "application/pdf"),
                 "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                 "txt": ("text", "text/plain"), "md": ("markdown", "text/markdown"), "png": ("png", "image/png")}
        ft, mt = kinds.get(ext, ("binary", "application/octet-stream"))
        meta = payload("file_object")
        download = url or f"{self.base}/files/{file_id}/{name}"
        kind = "private" if channel.startswith(("G", "D")) else "public"
        meta.update({
            "id": file_id, "name": name, "title": name, "filetype": filetype or ft, "mimetype": mimetype or mt,
            "user": user, "user_team": team, "size": len(data) if size is None else size,
            "url_private": download, "url_private_download": download,
            "permalink": f"https://sift-test.slack.com/files/{user}/{file_id}/{name}",
            "channels": [channel] if kind == "public" else [], "groups": [channel] if kind == "private" else [],
            "shares": {kind: {channel: [{"reply_users": [], "reply_users_count": 0, "reply_count": 0, "ts": ts,
                                         "channel_name": "hiring", "team_id": team, "share_user_id": user,
                                         "source": "UNKNOWN"}]}},
        })
        self.files[file_id] = FakeFile(meta, data, team, content_type or mt)
        return copy.deepcopy(meta)

    # -- what tests read ------------------------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[Call]:
        return [c for c in self.called("chat.postMessage") if channel is None or c.args.get("channel") == channel]

    def live_messages(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {k: v for k, v in self.messages.items() if k not in set(self.deleted)}

    # -- handlers -------------------------------------------------------------------------------------------
    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                args.update(json.loads(raw or b"{}"))
            else:
                args.update(dict(parse_qsl(raw.decode())))
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    def _token(self, request: web.Request, args: dict[str, Any]) -> str | None:
        auth = request.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else args.get("token")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        token = self._token(request, args)
        self.calls.append(Call(method, args, token))
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if method == "apps.connections.open":
            if token not in self.app_tokens:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": self.base.replace("http", "ws", 1) + "/link?ticket=t1"})
        if method != "oauth.v2.access" and token not in self.tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        why = invalid_view(args["view"]) if isinstance(args.get("view"), dict) else invalid_blocks(args.get("blocks"))
        if why:
            self.rejected.append((method, why))
            return web.json_response({"ok": False, "error": why.split(":")[0], "detail": why})
        body = handler(args, token) if handler else {"ok": True}
        return web.json_response(body)

    def _auth_test(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        team = self.tokens[token or ""]
        return {"ok": True, "url": "https://sift-test.slack.com/", "team": "Sift Test", "user": "sift",
                "team_id": team, "user_id": self.bot_users[team], "bot_id": "B0SIFTBOT", "is_enterprise_install": False}

    def _chat_postMessage(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = args.get("channel", "")
        if channel in self.not_member:
            return {"ok": False, "error": "not_in_channel"}
        n = next(self._ts)
        ts = f"{1763790000 + n}.{n:06d}"
        message = {"type": "message", "text": args.get("text"), "blocks": args.get("blocks"), "ts": ts,
                   "thread_ts": args.get("thread_ts"), "bot_id": "B0SIFTBOT"}
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_update(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        key = (args.get("channel", ""), args.get("ts", ""))
        if key not in self.messages or key in self.deleted:
            return {"ok": False, "error": "message_not_found"}
        self.messages[key].update({"text": args.get("text"), "blocks": args.get("blocks")})
        return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text")}

    def _chat_delete(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        key = (args.get("channel", ""), args.get("ts", ""))
        if key not in self.messages or key in self.deleted:
            return {"ok": False, "error": "message_not_found"}
        self.deleted.append(key)
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def _files_info(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        f = self.files.get(args.get("file", ""))
        if f is None or self.tokens.get(token or "") != f.team:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": copy.deepcopy(f.meta), "comments": [], "response_metadata": {"next_cursor": ""}}

    def _users_info(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        user = args.get("user", "")
        info = {"id": user, "team_id": self.tokens[token or ""], "name": user.lower(), "deleted": False,
                "is_admin": False, "is_owner": False, "is_primary_owner": False, "is_bot": False}
        info.update(self.users.get(user, {}))
        return {"ok": True, "user": info}

    def _conversations_info(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = args.get("channel", "")
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        info = {"id": channel, "is_channel": True, "is_group": False, "is_im": False, "is_mpim": False,
                "is_private": False, "is_archived": False, "is_member": channel not in self.not_member}
        info.update(self.channels[channel])
        return {"ok": True, "channel": info}

    def _views_open(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "view": {**(args.get("view") or {}), "id": f"V{next(self._ts):08d}"}}

    _views_publish = _views_open

    def _oauth_v2_access(self, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        answer = copy.deepcopy(self.oauth_answer or payload("oauth_v2_access"))
        if answer.get("ok"):
            self.add_team(answer["team"]["id"], answer["access_token"], answer["bot_user_id"])
        return answer

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        auth = request.headers.get("Authorization")
        self.downloads.append((file_id, auth))
        f = self.files.get(file_id)
        token = auth[7:] if auth and auth.startswith("Bearer ") else None
        if f is None or self.tokens.get(token or "") != f.team:
            # What files.slack.com does for a token that may not read the file: its sign-in page, status 200.
            return web.Response(body=LOGIN_PAGE, content_type="text/html", charset="utf-8")
        return web.Response(body=f.data, content_type=f.content_type)

    # -- Socket Mode ----------------------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
                            "connection_info": {"app_id": "A0SIFTAPP"}})
        async for msg in ws:
            if msg.type.name == "TEXT":
                self.socket_acks.append(json.loads(msg.data))
        return ws

    async def push(self, kind: str, body: dict[str, Any], *, envelope_id: str, retry: int = 0) -> None:
        """Deliver one envelope to every connected Socket Mode client, as Slack does."""
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": body,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": retry,
                    "retry_reason": "timeout" if retry else ""}
        for ws in self.sockets:
            await ws.send_json(envelope)

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        why = invalid_blocks(body.get("blocks"))
        if why:
            self.rejected.append(("response_url", why))
            return web.Response(status=400, text="invalid_blocks")
        self.responses.append((request.match_info["name"], body, time.monotonic()))
        return web.Response(text="ok")


async def eventually(check: Any, *, timeout: float = 20.0, interval: float = 0.02) -> Any:
    """Poll until `check()` is truthy (events are acknowledged before their listener runs)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {getattr(check, '__name__', check)}")
        await asyncio.sleep(interval)
