"""`sift digest run` in a cron-driven deployment: no adapter running, digests still reach Slack."""
from __future__ import annotations

from typing import Any

import pytest

from bot.commands import Commands
from bot.core import Core
from bot.digest import Digests
from bot.domain import Actor
from handlers.scheduler import cli_notifiers
from tests.slack.conftest import TEAM, slack_settings


@pytest.mark.asyncio
async def test_digest_run_posts_through_slack_with_the_bot_token(settings: Any, engine: Any, parser_pool: Any,
                                                                fake_slack: Any, seeds: Any) -> None:
    s = slack_settings(settings, fake_slack)
    core = Core(s, engine, parser_pool)
    actor = Actor(f"slack:{TEAM}", "U1", channel="C0HIRING01", platform="slack", is_admin=True)
    saved = Commands(core).handle("/filter save ml-iit python iit", actor)
    assert not saved.error, saved.text
    core.ingest((seeds / "000_63717777a91d391d.pdf").read_bytes(), "harsh.pdf", actor=actor)  # a new arrival
    notifiers = cli_notifiers(s)
    assert set(notifiers) == {"local", "slack"}
    outcomes = await Digests(core).run_now(notifiers)
    assert [o.status for o in outcomes] == ["posted"]
    posts = fake_slack.posts("C0HIRING01")
    assert len(posts) == 1 and "Harsh Maheshwari" in str(posts[0].args)
