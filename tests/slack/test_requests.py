"""Only Slack gets in: signatures and timestamps are checked on every request; bolt's own config traps are shut."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.slack.conftest import SECRET
from tests.slack.fake_slack import eventually, payload
from tests.slack.flows import command, drop, responses

AYUSH = "002_6657b3f5ceaca828"


@pytest.mark.asyncio
async def test_a_request_signed_with_the_wrong_secret_gets_401_and_runs_nothing(sift, seeds: Path):
    event = drop(sift.fake, seeds / f"{AYUSH}.pdf")
    sent = await sift.slack.event(event, secret="not-" + SECRET)
    assert sent.status == 401
    cmd = await sift.slack.command(command(sift.fake, "python"), signature="v0=" + "0" * 64)
    assert cmd.status == 401
    await asyncio.sleep(0.3)
    assert sift.fake.calls == [] and sift.fake.downloads == [] and sift.fake.responses == []


@pytest.mark.asyncio
async def test_a_replayed_request_older_than_five_minutes_gets_401(sift, seeds: Path):
    event = drop(sift.fake, seeds / f"{AYUSH}.pdf")
    sent = await sift.slack.event(event, timestamp=int(time.time()) - 6 * 60)  # correctly signed, but stale
    assert sent.status == 401
    await asyncio.sleep(0.3)
    assert sift.fake.posts() == [] and sift.fake.downloads == []


@pytest.mark.asyncio
async def test_url_verification_is_answered_with_the_challenge(sift):
    body = payload("event_url_verification")
    sent = await sift.slack.event(body)
    assert sent.status == 200 and body["challenge"] in sent.text


@pytest.mark.asyncio
async def test_slash_command_ack_is_immediate_even_while_a_resume_is_being_read(sift, seeds: Path):
    await sift.slack.event(drop(sift.fake, seeds / f"{AYUSH}.pdf"))
    acks = [await sift.slack.command(command(sift.fake, "python", reply_to=f"c{i}")) for i in range(5)]
    assert all(a.status == 200 for a in acks)
    assert max(a.seconds for a in acks) < 3.0, [a.seconds for a in acks]  # Slack's limit, not the parse time
    await eventually(lambda: all(responses(sift.fake, f"c{i}") for i in range(5)))


def test_build_app_refuses_bolts_silent_switch_to_oauth(settings, engine, parser_pool, monkeypatch):
    from bot.core import Core
    from handlers.slack import SlackConfigError, build_app

    s = settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-1"), "slack_signing_secret": SecretStr("s")})
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "shh")
    with pytest.raises(SlackConfigError, match="OAuth"):
        build_app(s, Core(s, engine, parser_pool))


def test_build_app_needs_a_signing_secret_over_http(settings, engine, parser_pool):
    from bot.core import Core
    from handlers.slack import SlackConfigError, build_app

    s = settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-1")})
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(s, Core(s, engine, parser_pool))


def test_importing_the_adapter_creates_no_app():
    from handlers import slack

    assert not any(type(v).__name__ == "AsyncApp" for v in vars(slack).values())


@pytest.mark.asyncio
async def test_events_sift_does_not_act_on_are_still_acknowledged(sift):
    # An unanswered (404) event is retried by Slack and, repeated, gets the subscription disabled.
    edited = payload("event_message_im_text")
    edited["event"].update({"subtype": "message_changed", "channel_type": "channel"})
    uninstalled = payload("event_file_shared")
    uninstalled["event"] = {"type": "app_uninstalled", "event_ts": "1763780000.000100"}
    for body in (edited, uninstalled):
        assert (await sift.slack.event(body)).status == 200
    await asyncio.sleep(0.2)
    assert sift.fake.posts() == []
