"""A resume whose reply was never sent (the process died mid-parse) is answered after a restart."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from storage.db import session
from storage.models import ProcessedEvent
from storage.types import utcnow
from tests.slack.conftest import TEAM, serve_adapter, slack_settings
from tests.slack.fake_slack import eventually

pytestmark = pytest.mark.asyncio


async def test_a_claimed_but_unanswered_file_is_answered_once_after_restart(settings: Any, engine: Any,
                                                                           parser_pool: Any, fake_slack: Any,
                                                                           seeds: Path) -> None:
    from bot.core import Core

    fake_slack.add_file("F0LOST0001", "ayush.pdf", (seeds / "002_6657b3f5ceaca828.pdf").read_bytes())
    s = slack_settings(settings, fake_slack)
    before = Core(s, engine, parser_pool)
    key = f"slack:{TEAM}:file:F0LOST0001"
    # The process that claimed this delivery died before replying.
    assert before.claim_event(key, f"slack:{TEAM}", {"file_id": "F0LOST0001", "channel": "C0HIRING01",
                                                     "thread_ts": "1763780000.123456", "user": "U0RECRUIT1"})
    with session(engine, write=True) as db:
        db.execute(update(ProcessedEvent).where(ProcessedEvent.key == key)
                   .values(created_at=utcnow() - timedelta(minutes=10)))
    adapter, runner, _ = await serve_adapter(s, Core(s, engine, parser_pool))  # the restarted process
    try:
        await eventually(lambda: len(fake_slack.posts("C0HIRING01")) == 1, timeout=30)
        post = fake_slack.posts("C0HIRING01")[0]
        assert "Ayush Garg" in str(post.args) and post.args.get("thread_ts") == "1763780000.123456"
        assert await adapter.recovery == 1
        # A second restart finds nothing left to answer.
        adapter2, runner2, _ = await serve_adapter(s, Core(s, engine, parser_pool))
        assert await adapter2.recovery == 0
        await adapter2.stop()
        await runner2.cleanup()
    finally:
        await adapter.stop()
        await runner.cleanup()
    assert len(fake_slack.posts("C0HIRING01")) == 1
