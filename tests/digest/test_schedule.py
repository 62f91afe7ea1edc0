"""When digests go out: 09:00 local across DST, once after downtime, retried after a crash."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.commands import Commands
from bot.digest import Digests
from storage.db import session
from storage.models import DigestEntry, DigestRun
from tests.digest.conftest import ALICE, UTC, RecordingNotifier, arrive, resume, run


def _save(core, text: str) -> None:
    reply = Commands(core).handle(text, ALICE)
    assert not reply.error, reply.text


def _runs(core) -> list[DigestRun]:
    with session(core.engine) as s:
        return list(s.execute(select(DigestRun).order_by(DigestRun.claimed_at)).scalars())


@pytest.mark.parametrize(
    "zone, utc_hours",
    [
        ("Europe/Berlin", [7, 8, 8]),  # summer time ends Sunday 25 October 2026
        ("America/New_York", [13, 13, 14]),  # daylight time ends Sunday 1 November 2026
    ],
)
def test_weekly_digest_stays_at_nine_local_across_a_dst_change(
    core, digests, notifier, clock, zone, utc_hours
):
    _save(core, f"/filter save ml-iit python iit every mon 9:00 tz {zone}")
    weeks = [datetime(2026, 10, d, 12, tzinfo=UTC) for d in (15, 22, 29)]  # one arrival each Thursday
    names = ["Asha Rao", "Ben Iyer", "Chen Nair"]
    for name, when in zip(names, weeks):
        arrive(core, resume(name), when)
    end = datetime(2026, 11, 3, tzinfo=UTC)
    while clock.now() < end:  # the scheduler looks every hour
        run(digests.run_due({"slack": notifier}))
        clock.advance(hours=1)
    assert [p.at for p in notifier.posts] == [
        datetime(2026, 10, 19, utc_hours[0], tzinfo=UTC),
        datetime(2026, 10, 26, utc_hours[1], tzinfo=UTC),
        datetime(2026, 11, 2, utc_hours[2], tzinfo=UTC),
    ]
    assert {p.at.astimezone(ZoneInfo(zone)).strftime("%a %H:%M") for p in notifier.posts} == {"Mon 09:00"}
    assert [[c.name for c in p.reply.cards] for p in notifier.posts] == [[n] for n in names]
    assert [r.period for r in _runs(core)] == [p.at.isoformat() for p in notifier.posts]


def test_catch_up_after_downtime_sends_one_digest_for_the_latest_missed_period(
    core, digests, notifier, clock
):
    _save(core, "/filter save ml-iit python iit")  # default: Mondays 09:00 UTC
    clock.set(datetime(2026, 10, 19, 9, 0, 30, tzinfo=UTC))
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 15, tzinfo=UTC))
    run(digests.run_due({"slack": notifier}))
    assert len(notifier.posts) == 1
    # Sift is down for three weeks and two days; people keep arriving.
    for i, name in enumerate(["Ben Iyer", "Chen Nair", "Dia Sen"]):
        arrive(core, resume(name), datetime(2026, 10, 21, tzinfo=UTC) + timedelta(days=7 * i))
    clock.set(datetime(2026, 11, 11, 15, 0, tzinfo=UTC))  # a Wednesday: Mondays 26 Oct, 2 and 9 Nov missed
    run(digests.run_due({"slack": notifier}))
    run(digests.run_due({"slack": notifier}))  # and looking again sends nothing more
    assert len(notifier.posts) == 2
    late = notifier.posts[1]
    assert sorted(c.name for c in late.reply.cards) == ["Ben Iyer", "Chen Nair", "Dia Sen"]
    assert "since Mon 19 Oct" in late.reply.text
    assert [r.period for r in _runs(core)] == ["2026-10-19T09:00:00+00:00", "2026-11-09T09:00:00+00:00"]


def test_a_filter_saved_after_the_last_fire_time_waits_for_the_next(core, digests, notifier, clock):
    clock.set(datetime(2026, 10, 19, 10, tzinfo=UTC))  # Monday, an hour after 09:00
    _save(core, "/filter save ml-iit python iit")
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 19, 10, 30, tzinfo=UTC))
    clock.set(datetime(2026, 10, 19, 11, tzinfo=UTC))
    run(digests.run_due({"slack": notifier}))
    assert notifier.posts == []
    clock.set(datetime(2026, 10, 26, 9, tzinfo=UTC))
    run(digests.run_due({"slack": notifier}))
    assert [c.name for c in notifier.posts[0].reply.cards] == ["Asha Rao"]


def test_a_crash_between_claim_and_post_is_retried_not_lost(core, digests, notifier, clock):
    _save(core, "/filter save ml-iit python iit")
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    # Another process claims the digest and dies before posting.
    dead = Digests(core, clock=clock, register=False)
    (due,) = dead.due()
    assert dead.claim(due)
    run(digests.run_due({"slack": notifier}))
    assert notifier.posts == []  # the claim is fresh: its owner may still post it
    clock.advance(minutes=11)
    run(digests.run_due({"slack": notifier}))
    assert [c.name for c in notifier.posts[0].reply.cards] == ["Asha Rao"]
    (r,) = _runs(core)
    assert (r.status, r.attempts, r.candidates) == ("posted", 2, 1)


def test_a_post_that_keeps_failing_is_retried_then_marked_failed(core, digests, clock):
    flaky = RecordingNotifier("slack", clock, fail_next=3)
    _save(core, "/filter save ml-iit python iit")
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    statuses = []
    for _ in range(4):
        statuses += [o.status for o in run(digests.run_due({"slack": flaky}))]
        clock.advance(minutes=11)
    assert statuses == ["retry", "retry", "failed"]
    (r,) = _runs(core)
    assert r.status == "failed" and r.attempts == 3 and "slack is unreachable" in r.error
    listed = Commands(core).handle("/filter list", ALICE).text
    assert "last digest failed" in listed and "slack is unreachable" in listed
    # Its candidate was given back: next week's digest lists her.
    with session(core.engine) as s:
        assert s.execute(select(func.count()).select_from(DigestEntry)).scalar_one() == 0
    clock.set(datetime(2026, 10, 26, 9, 0, tzinfo=UTC))
    run(digests.run_due({"slack": flaky}))
    assert [c.name for c in flaky.posts[0].reply.cards] == ["Asha Rao"]


def test_digests_of_platforms_this_process_cannot_reach_are_left_unclaimed(core, digests, clock):
    _save(core, "/filter save ml-iit python iit")
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    discord_only = RecordingNotifier("discord", clock)
    assert run(digests.run_due({"discord": discord_only})) == []
    assert _runs(core) == []


def test_the_scheduler_catches_up_at_start_inside_the_running_loop(core, settings, digests, clock):
    """The real AsyncIOScheduler: explicit job ids, one look at start, stop() shuts it down."""
    from handlers import scheduler as sch

    _save(core, "/filter save ml-iit python iit every mon 9:00 tz Europe/Berlin")
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 21, tzinfo=UTC))  # Monday's digest was missed while Sift was down
    notifier = RecordingNotifier("slack", clock)

    async def main() -> tuple[list[str], bool, bool]:
        runner = sch.start(settings, core, {"slack": notifier}, clock=clock)
        for _ in range(100):
            if notifier.posts and runner.ticks:
                break
            await asyncio.sleep(0.05)
        ids = sorted(j.id for j in runner.scheduler.get_jobs())
        healthy = runner.healthy()
        await runner.stop()
        await asyncio.sleep(0)
        return ids, healthy, runner.scheduler.running

    ids, healthy, running = asyncio.run(main())
    assert ids == ["digest-cron:0 9 * * MON@Europe/Berlin", "digest-cron:0 9 * * MON@UTC", "digest-sweep",
                   "prune-events"]
    assert healthy and not running
    assert len(notifier.posts) == 1 and notifier.posts[0].reply.cards[0].name == "Asha Rao"


def test_sift_digest_run_for_cron_driven_deployments(core, store_url, monkeypatch, capsys):
    """`sift digest run --now --json` with the real clock: local filters are printed, runs recorded."""
    from handlers import cli

    monkeypatch.setenv("SIFT_DATABASE_URL", store_url)
    monkeypatch.setenv("SIFT_WORKSPACE", "local")
    assert cli.main(["filter", "save", "ml-iit", "python", "iit", "-java"]) == 0
    arrive(core, resume("Asha Rao"), datetime.now(UTC), workspace="local")
    capsys.readouterr()
    assert cli.main(["digest", "run", "--now", "--dry-run", "--json"]) == 0
    (dry,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (dry["status"], dry["candidates"]) == ("dry-run", 1)
    assert _runs(core) == []  # a dry run records nothing
    assert cli.main(["digest", "run", "--now", "--json"]) == 0
    captured = capsys.readouterr()
    (line,) = [json.loads(x) for x in captured.out.splitlines()]
    assert (line["status"], line["candidates"], line["channel"]) == ("posted", 1, "console")
    assert "1 new candidate for ml-iit" in captured.err  # the console notifier writes there with --json
    assert cli.main(["digest", "run", "--json"]) == 0  # nothing is due until Monday 09:00
    assert capsys.readouterr().out == ""
    with session(core.engine) as s:
        assert s.execute(select(DigestRun.status)).scalars().all() == ["posted"]
