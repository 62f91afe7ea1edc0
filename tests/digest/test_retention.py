"""SIFT_RETENTION_DAYS forgets candidates not updated for that long, and Sift's messages about them."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from bot.core import Core
from bot.domain import Actor
from handlers.scheduler import DigestScheduler
from storage.db import session
from storage.models import Candidate
from storage.types import utcnow
from tests.digest.conftest import RecordingNotifier, resume


def test_retention_forgets_only_the_stale_and_deletes_their_messages(settings: Any, engine: Any,
                                                                     parser_pool: Any) -> None:
    s = settings.model_copy(update={"retention_days": 365})
    core = Core(s, engine, parser_pool)
    actor = Actor("slack:T1", "U1", channel="C1", platform="slack")
    old = core.ingest(resume("Old Timer"), "old.txt", actor=actor).candidate_id
    new = core.ingest(resume("New Comer", company="Swiggy"), "new.txt", actor=actor).candidate_id
    core.record_post("slack:T1", [old], platform="slack", channel="C1", message_id="111.1")
    with session(engine, write=True) as db:
        db.execute(update(Candidate).where(Candidate.id == old).values(updated_at=utcnow() - timedelta(days=400)))
    slack = RecordingNotifier("slack")
    runner = DigestScheduler(s, core, {"slack": slack})
    assert asyncio.run(runner.retention()) == 1
    assert slack.deleted == ["111.1"]
    with session(engine) as db:
        left = set(db.execute(select(Candidate.id)).scalars())
    assert left == {new}


def test_retention_is_off_unless_configured(core: Core) -> None:
    assert core.settings.retention_days is None
    assert core.retention_sweep() == []
