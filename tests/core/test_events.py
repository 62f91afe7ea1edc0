"""Delivery claims: answered ones older than a week are pruned; unanswered ones stay for restart recovery."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from handlers.scheduler import DigestScheduler
from storage.db import session
from storage.models import ProcessedEvent
from storage.types import utcnow


def _age(engine: Any, key: str, days: float) -> None:
    with session(engine, write=True) as db:
        db.execute(update(ProcessedEvent).where(ProcessedEvent.key == key)
                   .values(created_at=utcnow() - timedelta(days=days)))


def _keys(engine: Any) -> set[str]:
    with session(engine) as db:
        return set(db.execute(select(ProcessedEvent.key)).scalars())


def test_old_answered_claims_are_pruned_and_unanswered_or_recent_ones_kept(core: Any, engine: Any) -> None:
    for key in ("old-done", "old-unanswered", "recent-done"):
        assert core.claim_event(key, "slack:T1", {"file_id": key})
    core.finish_event("old-done", {"status": "replied"})
    core.finish_event("recent-done", {"status": "replied"})
    _age(engine, "old-done", 8)
    _age(engine, "old-unanswered", 8)
    _age(engine, "recent-done", 6)

    assert core.prune_events() == 1
    assert _keys(engine) == {"old-unanswered", "recent-done"}
    assert [k for k, _, _ in core.unfinished_events("old-")] == ["old-unanswered"]  # still answered at restart
    assert core.prune_events() == 0
    # A pruned key is gone for good: a very late retry of it would be taken as new. Slack stops retrying
    # after an hour and Discord replays only within a session, so a week is far beyond either.
    assert core.claim_event("old-done", "slack:T1", {})


def test_the_scheduler_prunes_on_its_own(core: Any, engine: Any) -> None:
    core.claim_event("k", "slack:T1", {})
    core.finish_event("k")
    _age(engine, "k", 30)

    async def scenario() -> tuple[list[str], int]:
        runner = DigestScheduler(core.settings, core, {}, sweep_seconds=3600)
        runner.start()
        try:
            return [j.id for j in runner.scheduler.get_jobs()], await runner.prune_events()
        finally:
            await runner.stop()

    jobs, pruned = asyncio.run(scenario())
    assert "prune-events" in jobs and pruned == 1
    assert _keys(engine) == set()
