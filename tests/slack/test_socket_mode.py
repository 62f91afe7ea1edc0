"""Socket Mode (SLACK_APP_TOKEN): the same app over a WebSocket Sift opens to Slack, no public URL needed."""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from pydantic import SecretStr

from tests.slack.conftest import TEAM, TOKEN, Harness, SlackClient
from tests.slack.fake_slack import FakeSlack, eventually
from tests.slack.flows import command, delivery_done, drop, ingest, responses

pytestmark = pytest.mark.asyncio

APP_TOKEN = "xapp-1-A0SIFTAPP-1-0123456789abcdef"


@pytest_asyncio.fixture
async def socket_sift(settings: Any, engine: Any, parser_pool: Any, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    from bot.core import Core
    from handlers.slack import start

    fake_slack.app_tokens.add(APP_TOKEN)
    s = settings.model_copy(update={"slack_bot_token": SecretStr(TOKEN), "slack_app_token": SecretStr(APP_TOKEN),
                                    "slack_api_url": fake_slack.api_url})
    core = Core(s, engine, parser_pool)
    web_app = web.Application()
    adapter = await start(s, core, web_app)
    assert list(web_app.router.routes()) == []  # nothing is exposed over HTTP in Socket Mode
    yield Harness(fake_slack, core, SlackClient(""), adapter, "", s)
    await adapter.stop()


async def test_socket_mode_connects_and_answers_a_drop_and_a_command(socket_sift, seeds: Path):
    h = socket_sift
    assert h.adapter.mode == "socket" and h.adapter.healthy()
    await eventually(lambda: h.fake.sockets)
    event = drop(h.fake, seeds / "002_6657b3f5ceaca828.pdf")
    await h.fake.push("events_api", event, envelope_id="env-1")
    await h.fake.push("events_api", event, envelope_id="env-1b", retry=1)  # Slack retried: still one reply
    await eventually(lambda: delivery_done(h, f"slack:{TEAM}:file:F0RESUME01"))
    assert {"env-1", "env-1b"} <= {a["envelope_id"] for a in h.fake.socket_acks}
    (post,) = h.fake.posts()
    assert post.args["thread_ts"] == "1763780000.123456" and "Ayush Garg" in post.args["text"]

    ingest(h, (seeds / "004_3a7af2b79af595e1.pdf").read_bytes(), "anshul.pdf")
    await h.fake.push("slash_commands", command(h.fake, "anshul", reply_to="sock"), envelope_id="env-2")
    (answer,) = await eventually(lambda: responses(h.fake, "sock"))
    assert answer["response_type"] == "ephemeral" and "Anshul Nasery" in str(answer["blocks"])
    assert any(a["envelope_id"] == "env-2" for a in h.fake.socket_acks)
