"""The digest scheduler of `sift run`: APScheduler only says "look now"; the store decides what is sent.

Jobs (STYLE 15: module-level function, explicit ids, replace_existing=True), all calling `look_now`:
- `digest-sweep`: every minute, and once at start, so a digest missed while Sift was down goes out now
  (once: only the latest period of each filter is ever due), claims left by a dead process are retried
  and filters saved by another process are seen;
- `digest-cron:<cron>@<zone>`: one CronTrigger per distinct schedule in use, so digests leave on the
  minute (CronTrigger keeps 09:00 local across DST changes). coalesce=True and a long misfire grace:
  a late wake-up still looks, once.
Several processes may run this against one PostgreSQL: the claim row in bot.digest makes each digest
go out once.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.digest import Digests, Outcome
from bot.ports import Clock, Notifier
from bot.reply import Reply
from storage import digests as store
from storage.db import session

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core import Core

log = logging.getLogger("sift.scheduler")

SWEEP_SECONDS = 60
MISFIRE_GRACE = 3600  # seconds a cron job may start late and still look (the sweep covers the rest)
STOP_WAIT = 30.0  # seconds `stop` waits for a pass in flight
CRON_PREFIX = "digest-cron:"


class ConsoleNotifier:
    """Digests of the "local" workspace (filters saved with `sift filter save`): printed on the terminal."""

    platform = "local"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out
        self.count = 0

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        from rich.console import Console

        from handlers.console import render

        render.show(reply, Console(file=self.out or sys.stdout, highlight=False, soft_wrap=True))
        self.count += 1
        return f"console:{self.count}"

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        return True  # what was printed stays printed; nothing is kept to delete


async def look_now(runner: DigestScheduler) -> None:
    """The digest job: see what the store says is due, and send it."""
    await runner.tick()


async def forget_stale(runner: DigestScheduler) -> None:
    """The retention job (SIFT_RETENTION_DAYS): forget the stale and delete Sift's messages about them."""
    await runner.retention()


async def prune_events(runner: DigestScheduler) -> None:
    """Housekeeping: answered delivery claims older than a week are dropped."""
    await runner.prune_events()


class DigestScheduler:
    def __init__(
        self,
        settings: Settings,
        core: Core,
        notifiers: Mapping[str, Notifier],
        *,
        clock: Clock | None = None,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.settings = settings
        self.core = core
        self.notifiers: dict[str, Notifier] = dict(notifiers)
        self.notifiers.setdefault("local", ConsoleNotifier())
        self.digests = Digests(core, clock=clock)
        self.sweep_seconds = sweep_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._lock: asyncio.Lock | None = None
        self.ticks = 0
        self.failures = 0  # consecutive passes that raised (store unreachable ...)
        self.last_outcomes: list[Outcome] = []

    def start(self) -> None:
        """Call inside the running loop (AsyncIOScheduler.start() binds to it)."""
        loop = asyncio.get_running_loop()
        self._lock = asyncio.Lock()
        self.digests.bind(loop, self.notifiers)
        now = datetime.now(UTC)
        self._every(look_now, IntervalTrigger(seconds=self.sweep_seconds, timezone=UTC), "digest-sweep",
                    next_run_time=now)  # at start: catch up once
        self._every(prune_events, IntervalTrigger(hours=6, timezone=UTC), "prune-events")
        if self.settings.retention_days:
            self._every(forget_stale, IntervalTrigger(hours=6, timezone=UTC), "retention", next_run_time=now)
        self.scheduler.start()

    def _every(self, job: Any, trigger: Any, jid: str, **options: Any) -> None:
        """One of this scheduler's jobs: never two runs at once, missed runs folded into one."""
        self.scheduler.add_job(job, trigger, args=[self], id=jid, replace_existing=True, coalesce=True,
                               max_instances=1, **({"misfire_grace_time": None} | options))

    async def retention(self) -> int:
        try:
            forgotten = await asyncio.to_thread(self.core.retention_sweep)
        except Exception:
            log.exception("retention pass failed")
            return 0
        for workspace, result in forgotten:
            for m in result.messages:
                notifier = self.notifiers.get(m["platform"])
                if notifier is not None:
                    await notifier.delete(workspace, m["channel"], m["message_id"])
        return len(forgotten)

    async def prune_events(self) -> int:
        try:
            return await asyncio.to_thread(self.core.prune_events)
        except Exception:
            log.exception("pruning delivery claims failed")
            return 0

    async def tick(self) -> list[Outcome]:
        assert self._lock is not None, "start() first"
        async with self._lock:  # the sweep and a cron job firing together make one pass, not two
            try:
                outcomes = await self.digests.run_due(self.notifiers)
                wanted = await asyncio.to_thread(self._schedules)
                self._sync_cron_jobs(wanted)
            except Exception:
                self.failures += 1
                log.exception("digest pass failed (%s in a row)", self.failures)
                return []
            self.failures = 0
            self.ticks += 1
            self.last_outcomes = outcomes
            for o in outcomes:
                if o.status in ("posted", "failed", "retry"):
                    log.info(
                        "digest %s for %s %s: %s%s",
                        o.period,
                        o.workspace,
                        o.name,
                        o.status,
                        f" ({o.error})" if o.error else "",
                    )
            return outcomes

    def _schedules(self) -> set[tuple[str, str]]:
        s = self.settings
        with session(self.core.engine) as db:
            used = store.schedules(session=db)
        return {(c or s.digest_cron, z or s.timezone) for c, z in used} | {(s.digest_cron, s.timezone)}

    def _sync_cron_jobs(self, wanted: set[tuple[str, str]]) -> None:
        ids = {f"{CRON_PREFIX}{cron}@{tz}": (cron, tz) for cron, tz in wanted}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(CRON_PREFIX) and job.id not in ids:
                job.remove()
        for jid, (cron, tz) in ids.items():
            if self.scheduler.get_job(jid) is None:
                self._every(look_now, CronTrigger.from_crontab(cron, timezone=tz), jid,
                            misfire_grace_time=MISFIRE_GRACE)

    def healthy(self) -> bool:
        return bool(self.scheduler.running) and self.failures < 3

    async def stop(self) -> None:
        """No new passes; let the one in flight finish (bounded), then shut the scheduler down."""
        if self.scheduler.running:
            self.scheduler.pause()
        if self._lock is not None:
            try:
                await asyncio.wait_for(self._lock.acquire(), timeout=STOP_WAIT)
                self._lock.release()
            except TimeoutError:
                log.warning("a digest pass was still running after %ss; stopping anyway", STOP_WAIT)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.digests.binding = None


def start(
    settings: Settings, core: Core, notifiers: Mapping[str, Notifier], *, clock: Clock | None = None
) -> DigestScheduler:
    """Called by handlers.main.serve inside the running loop."""
    runner = DigestScheduler(settings, core, notifiers, clock=clock)
    runner.start()
    return runner


def cli_notifiers(settings: Settings, *, out: TextIO | None = None) -> dict[str, Notifier]:
    """Notifiers for `sift digest run` (no adapters running): the console, and each configured platform
    whose package offers `make_notifier(settings) -> Notifier` (handlers/slack, handlers/discord)."""
    from handlers.main import platforms

    found: dict[str, Notifier] = {"local": ConsoleNotifier(out)}
    for name in platforms(settings):
        try:
            make = getattr(importlib.import_module(f"handlers.{name}"), "make_notifier", None)
        except ImportError:
            make = None
        if make is None:
            log.warning("%s is configured but offers no notifier for `sift digest run`", name)
            continue
        found[name] = make(settings)
    return found
