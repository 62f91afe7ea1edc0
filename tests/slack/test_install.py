"""Several workspaces from one Sift: Slack's OAuth install flow, installations in Sift's own database."""
from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import inspect

from tests.slack.conftest import OTHER_TEAM, SECRET, Harness, SlackClient, serve_adapter
from tests.slack.fake_slack import FakeSlack, eventually
from tests.slack.flows import command, delivery_done, drop, ingest, responses

pytest.importorskip("greenlet", reason="bolt's SQLAlchemy stores need greenlet: pip install 'sqlalchemy[asyncio]'")
pytestmark = pytest.mark.asyncio

AYUSH = "002_6657b3f5ceaca828"
CLIENT_ID = "111111111111.222222222222"


@pytest_asyncio.fixture
async def multi(settings: Any, engine: Any, parser_pool: Any) -> AsyncIterator[Harness]:
    """Sift configured for OAuth installs (no SLACK_BOT_TOKEN), in front of a fake Slack."""
    from bot.core import Core

    fake = await FakeSlack().start()
    s = settings.model_copy(update={"slack_client_id": CLIENT_ID, "slack_client_secret": SecretStr("client-secret"),
                                    "slack_signing_secret": SecretStr(SECRET), "slack_api_url": fake.api_url})
    core = Core(s, engine, parser_pool)
    adapter, runner, base = await serve_adapter(s, core)
    client = SlackClient(base + "/slack/events")
    yield Harness(fake, core, client, adapter, base, s)
    await client.close()
    await adapter.stop()
    await runner.cleanup()
    await fake.stop()
    store = adapter.app.installation_store.sync  # bolt's tables live beside Sift's: leave the database clean
    store.metadata.drop_all(engine)
    adapter.app.oauth_flow.settings.state_store.sync.metadata.drop_all(engine)
    assert fake.rejected == []


async def install(h: Harness) -> aiohttp.ClientResponse:
    async with aiohttp.ClientSession() as http:
        async with http.get(h.base + "/slack/install", allow_redirects=False) as page:
            assert page.status == 200
            html = await page.text()
            cookie = page.headers["Set-Cookie"].split(";")[0]
        link = unescape(re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', html).group(1))
        query = parse_qs(urlsplit(link).query)
        assert query["client_id"] == [CLIENT_ID] and urlsplit(link).netloc == urlsplit(h.fake.base).netloc
        assert set(query["scope"][0].split(",")) >= {"commands", "chat:write", "files:read"}
        # Slack sends the browser back with a code and the state; Sift trades the code for a token.
        async with http.get(h.base + "/slack/oauth_redirect", params={"code": "c0de", "state": query["state"][0]},
                            headers={"Cookie": cookie}, allow_redirects=False) as done:
            await done.read()
            return done


async def test_install_stores_the_workspace_and_its_requests_use_its_own_token(multi, seeds: Path):
    done = await install(multi)
    assert done.status == 200
    (access,) = multi.fake.called("oauth.v2.access")
    assert access.args["code"] == "c0de" and access.args.get("client_id", CLIENT_ID) == CLIENT_ID
    assert {"slack_bots", "slack_installations", "slack_oauth_states"} <= set(inspect(multi.core.engine).get_table_names())

    ingest(multi, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf", team=OTHER_TEAM)
    await multi.slack.command(command(multi.fake, "python", team=OTHER_TEAM, reply_to="find"))
    (answer,) = await eventually(lambda: responses(multi.fake, "find"))
    assert "Ayush Garg" in str(answer["blocks"])

    multi.fake.add_file("F0THEIRS", "cv.pdf", (seeds / "004_3a7af2b79af595e1.pdf").read_bytes(), team=OTHER_TEAM)
    await multi.slack.event(drop(multi.fake, seeds / "004_3a7af2b79af595e1.pdf", file_id="F0THEIRS",
                                 team=OTHER_TEAM))
    await eventually(lambda: delivery_done(multi, f"slack:{OTHER_TEAM}:file:F0THEIRS"))
    assert multi.fake.downloads == [("F0THEIRS", "Bearer xoxb-T0OTHER02-bot-token")]
    (post,) = multi.fake.posts()
    assert post.token == "xoxb-T0OTHER02-bot-token" and "Anshul Nasery" in post.args["text"]
    assert multi.core.find(f"slack:{OTHER_TEAM}", "anshul").total == 1


async def test_a_workspace_that_never_installed_sift_gets_nothing(multi, seeds: Path):
    await install(multi)
    sent = await multi.slack.command(command(multi.fake, "python", team="T0NOBODY", reply_to="nobody"))
    assert sent.status in (200, 401)
    await multi.slack.event(drop(multi.fake, seeds / f"{AYUSH}.pdf", team="T0NOBODY"))
    await asyncio.sleep(0.3)
    # bolt answers the command with Sift's sentence (through response_url); nothing else happens
    (answer,) = await eventually(lambda: responses(multi.fake, "nobody"))
    assert answer["text"].startswith("Sift is not installed in this workspace")
    assert multi.fake.downloads == [] and multi.fake.posts() == []


async def test_the_notifier_posts_each_workspace_with_its_own_token_only(multi):
    await install(multi)
    notifier = multi.adapter.notifier
    from bot.reply import Reply

    ts = await notifier.post(f"slack:{OTHER_TEAM}", "C0DIGEST", Reply("Weekly digest"))
    assert ts and multi.fake.posts()[-1].token == "xoxb-T0OTHER02-bot-token"
    assert await notifier.post("slack:T0NOBODY", "C0DIGEST", Reply("nope")) is None
    assert await notifier.delete(f"slack:{OTHER_TEAM}", "C0DIGEST", ts) is True
