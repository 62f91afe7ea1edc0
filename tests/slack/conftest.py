"""The real Sift Slack adapter behind a real aiohttp server on 127.0.0.1:0, talking to a fake Slack.

Requests are signed the way Slack signs them (v0 HMAC-SHA256 of "v0:timestamp:body"); the adapter's Web API
calls and file downloads go to `FakeSlack` over HTTP. Every test runs on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-T0SIFT001-bot-token"
TEAM = "T0SIFT001"
OTHER_TEAM = "T0OTHER02"
OTHER_TOKEN = "xoxb-T0OTHER02-bot-token"
BOT_USER = "U0SIFTBOT"


@dataclass
class Sent:
    status: int
    text: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.text)


class SlackClient:
    """Our own Slack: signs and sends Events API bodies, slash commands and interaction payloads."""

    def __init__(self, url: str, secret: str = SECRET) -> None:
        self.url = url
        self.secret = secret
        self.http: aiohttp.ClientSession | None = None

    async def _send(self, body: str, content_type: str, *, timestamp: int | None = None, secret: str | None = None,
                    retry: int | None = None, signature: str | None = None) -> Sent:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or SignatureVerifier(secret or self.secret).generate_signature(timestamp=ts, body=body)
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
        if retry is not None:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        if self.http is None:
            self.http = aiohttp.ClientSession()
        start = time.perf_counter()
        async with self.http.post(self.url, data=body.encode(), headers=headers) as resp:
            text = await resp.text()
            return Sent(resp.status, text, time.perf_counter() - start)

    async def event(self, body: dict[str, Any], **kw: Any) -> Sent:
        return await self._send(json.dumps(body), "application/json", **kw)

    async def command(self, form: dict[str, Any], **kw: Any) -> Sent:
        return await self._send(urlencode(form), "application/x-www-form-urlencoded", **kw)

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Sent:
        return await self._send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    async def close(self) -> None:
        if self.http is not None:
            await self.http.close()


@dataclass
class Harness:
    fake: FakeSlack
    core: Any
    slack: SlackClient
    adapter: Any
    base: str  # http://127.0.0.1:PORT of Sift's web server
    settings: Any


def slack_settings(settings: Any, fake: FakeSlack, **more: Any) -> Any:
    update: dict[str, Any] = {"slack_bot_token": SecretStr(TOKEN), "slack_signing_secret": SecretStr(SECRET),
                              "slack_api_url": fake.api_url}
    update.update(more)
    return settings.model_copy(update=update)


@pytest_asyncio.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    fake.add_team(TEAM, TOKEN, BOT_USER)
    yield fake
    await fake.stop()
    assert fake.rejected == [], f"Slack would have refused: {fake.rejected}"


async def serve_adapter(settings: Any, core: Any) -> tuple[Any, web.AppRunner, str]:
    from handlers.slack import start

    app = web.Application(client_max_size=2 * 1024 * 1024)
    adapter = await start(settings, core, app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return adapter, runner, f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def sift(settings: Any, engine: Any, parser_pool: Any, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    from bot.core import Core

    s = slack_settings(settings, fake_slack)
    core = Core(s, engine, parser_pool)
    adapter, runner, base = await serve_adapter(s, core)
    client = SlackClient(base + "/slack/events")
    yield Harness(fake_slack, core, client, adapter, base, s)
    await client.close()
    await adapter.stop()
    await runner.cleanup()


@pytest.fixture
def seed_pdfs(seeds: Any) -> list[Any]:
    return sorted(seeds.glob("*.pdf"))
