"""Two Sift processes on one PostgreSQL: each digest of each filter and period is posted exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.commands import Commands
from bot.config import Settings
from bot.core import Core
from bot.digest import Digests
from bot.domain import Actor
from storage.db import make_engine, migrate, session
from storage.models import DigestEntry, DigestRun
from tests.conftest import _truncate_all
from tests.digest.conftest import UTC, FakeClock, RecordingNotifier, arrive, resume

FILTERS = [
    ("slack:T1", "C1", "ml-iit", "python iit"),
    ("slack:T1", "C2", "data", "python sql"),
    ("slack:T1", "C3", "java", "java spring"),
    ("slack:T2", "C1", "ml-iit", "python iit"),
    ("slack:T2", "C7", "nightly", "python daily 18:00"),
    ("slack:T2", "C8", "any", "python"),
]


@pytest.fixture
def two_cores(pg_database: str, parser_pool: object, monkeypatch: pytest.MonkeyPatch):
    for var in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN", "SIFT_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    engines = [make_engine(pg_database) for _ in range(2)]
    _truncate_all(engines[0])
    migrate(engines[0])
    settings = Settings(SIFT_DATABASE_URL=pg_database, SIFT_PARSE_WORKERS=2)
    cores = [Core(settings, e, parser_pool) for e in engines]
    cores[1].process_id += ":second"
    yield cores
    for e in engines:
        e.dispose()


def test_two_schedulers_on_one_postgresql_post_each_digest_once(two_cores):
    first, second = two_cores
    clock = FakeClock(datetime(2026, 10, 14, 10, tzinfo=UTC))
    processes = [Digests(first, clock=clock), Digests(second, clock=clock)]
    for ws, channel, name, query in FILTERS:
        actor = Actor(workspace=ws, user="U1", channel=channel, platform="slack")
        reply = Commands(first).handle(f"/filter save {name} {query}", actor)
        assert not reply.error, reply.text
    people = [
        ("Asha Rao", "Python, SQL", "IIT Delhi"),
        ("Ben Iyer", "Java, Spring", "IIT Bombay"),
        ("Chen Nair", "Python", "Stanford University"),
    ]
    for ws in ("slack:T1", "slack:T2"):
        for i, (name, skills, school) in enumerate(people):
            arrive(
                first,
                resume(name, skills=skills, school=school),
                datetime(2026, 10, 15, i, tzinfo=UTC),
                workspace=ws,
            )
    notifiers = [RecordingNotifier("slack", clock), RecordingNotifier("slack", clock)]

    def scheduler(digests: Digests, notifier: RecordingNotifier, gate: threading.Barrier) -> None:
        for _ in range(4):  # both look at once, several times, like two sweeps and two cron jobs
            gate.wait()
            asyncio.run(digests.run_due({"slack": notifier}))

    for when in (datetime(2026, 10, 19, 9, 0, tzinfo=UTC), datetime(2026, 10, 19, 18, 0, tzinfo=UTC)):
        clock.set(when)
        gate = threading.Barrier(2)
        threads = [
            threading.Thread(target=scheduler, args=(d, n, gate)) for d, n in zip(processes, notifiers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    posts = notifiers[0].posts + notifiers[1].posts
    per_digest = Counter((p.workspace, p.channel, p.at) for p in posts)
    assert set(per_digest.values()) == {1}, per_digest
    with session(first.engine) as s:
        runs = list(s.execute(select(DigestRun)).scalars())
        entries = list(s.execute(select(DigestEntry)).scalars())
    # Six filters due at 09:00 Monday (the nightly one for Sunday 18:00, its latest period), the nightly
    # one again at 18:00 Monday: seven runs, each claimed once, posted once or found empty.
    assert sorted(r.period for r in runs) == ["2026-10-18T18:00:00+00:00"] + [
        "2026-10-19T09:00:00+00:00"
    ] * 5 + ["2026-10-19T18:00:00+00:00"]
    assert all(r.attempts == 1 and r.status in ("posted", "empty") for r in runs)
    assert len(posts) == sum(r.status == "posted" for r in runs) >= 5
    assert set(Counter((e.filter_id, e.candidate_id) for e in entries).values()) == {1}
    seen = {
        ws: {c for p in posts if p.workspace == ws for c in p.reply.candidate_ids}
        for ws in ("slack:T1", "slack:T2")
    }
    assert seen["slack:T1"] and seen["slack:T2"] and not seen["slack:T1"] & seen["slack:T2"]
