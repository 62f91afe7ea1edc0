"""Digests: which are due, what each holds, and posting each exactly once. `/digest preview`, `/digest now`.

Everything is decided from the store. A filter's digest for a period (one fire time of its cron in its
zone) is a digest_run row claimed by INSERT before anything is built; the run lists the candidates who
arrived since the filter's previous digest, match it now, and were never listed by it (digest_entry). So:
- a digest missed while Sift was down is sent once at the next start: only the latest period is ever due;
- two processes on one PostgreSQL never both post it: one insert wins;
- a crash between claim and post is retried: a claim older than STALE_AFTER is taken over by bumping
  `attempts` in a conditional UPDATE, up to MAX_ATTEMPTS, then the run is marked failed with its error
  and its candidates go back to the next digest.
The scheduler (handlers/scheduler.py) and `sift digest run` only call `run_due` / `run_now` here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from bot import digest_reply as render
from bot import schedule as sched
from bot.domain import Actor
from bot.filters import schedule_of
from bot.ports import Clock, Notifier, SystemClock
from bot.reply import Reply
from bot.search import expand as ex
from bot.search import query as q
from storage import arrivals as arrivals_store
from storage import digests as store
from storage import events
from storage.db import session
from storage.models import SavedFilter

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("sift.digest")

TOP = 10  # candidates shown per digest; the rest are counted with a /find link
STALE_AFTER = timedelta(minutes=10)  # a claim this old without an outcome belongs to a dead process
MAX_ATTEMPTS = 3
OVERLAP = timedelta(minutes=5)  # look a little before the previous window's end: a late commit is not lost
CONCURRENCY = 8  # digests built and posted at once by one process

_services: WeakKeyDictionary[Any, Digests] = WeakKeyDictionary()


def clock_for(core: Core) -> Clock:
    return service(core).clock


def service(core: Core) -> Digests:
    """The Digests bound to this core (the scheduler's, with its clock and notifiers), else a plain one."""
    found = _services.get(core)
    return found if found is not None else Digests(core)


def platform_of(workspace: str) -> str:
    """ "slack:T1" -> "slack", "discord:123" -> "discord", "local" -> "local"."""
    return workspace.split(":", 1)[0] if ":" in workspace else "local"


@dataclass
class Digest:
    filter_id: int
    workspace: str
    channel: str
    name: str
    query: str
    period: str | None
    window_start: datetime  # shown as "since": the previous digest, or when the filter was saved
    window_end: datetime
    candidate_ids: list[int]  # everyone this digest lists, best first
    reply: Reply
    interpreted: str = ""

    @property
    def total(self) -> int:
        return len(self.candidate_ids)

    def as_json(self) -> dict[str, Any]:
        return {
            "filter": self.name,
            "filter_id": self.filter_id,
            "workspace": self.workspace,
            "channel": self.channel,
            "query": self.query,
            "interpreted": self.interpreted,
            "period": self.period,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "candidates": self.total,
            "candidate_ids": self.candidate_ids,
            "text": self.reply.text,
        }


@dataclass
class Outcome:
    """One filter's digest in one pass: posted | empty | dry-run | retry | failed | busy | skipped."""

    filter_id: int
    name: str
    workspace: str
    channel: str
    period: str | None
    status: str
    digest: Digest | None = None
    message_id: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "filter": self.name,
            "filter_id": self.filter_id,
            "workspace": self.workspace,
            "channel": self.channel,
            "period": self.period,
            "status": self.status,
            "message_id": self.message_id,
            "error": self.error,
        }
        if self.digest is not None:
            d = self.digest.as_json()
            out.update(
                {
                    k: d[k]
                    for k in ("query", "window_start", "window_end", "candidates", "candidate_ids", "text")
                }
            )
        else:
            out["candidates"] = 0
        return out


@dataclass
class _Due:
    filter: SavedFilter
    period: str
    attempts: int = 0  # 0: never claimed; else the stale claim's attempts, to take it over


@dataclass
class _Pass:
    """One look at what is due: a single `now` for every digest in it, and the arrivals they share."""

    now: datetime
    arrivals: dict[tuple[str, datetime, datetime], arrivals_store.Arrivals] = field(default_factory=dict)


@dataclass
class _Binding:
    loop: asyncio.AbstractEventLoop
    notifiers: Mapping[str, Notifier] = field(default_factory=dict)


class Digests:
    def __init__(
        self,
        core: Core,
        *,
        clock: Clock | None = None,
        stale_after: timedelta = STALE_AFTER,
        max_attempts: int = MAX_ATTEMPTS,
        register: bool = True,
    ) -> None:
        self.core = core
        self.clock: Clock = clock or SystemClock()
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self.binding: _Binding | None = None
        if register:
            _services[core] = self

    def bind(self, loop: asyncio.AbstractEventLoop, notifiers: Mapping[str, Notifier]) -> None:
        """Where `/digest now` posts from: the running loop of `sift run` and its platforms' notifiers."""
        self.binding = _Binding(loop, notifiers)

    # -- what is due -----------------------------------------------------------------------------------
    def due(self, *, platforms: set[str] | None = None) -> list[_Due]:
        """The latest period of each filter that has no run yet, and stale claims to take over.

        Older missed periods are never due (no burst after downtime); stale claims of such periods are
        retired here and their candidates go to the latest digest instead.
        """
        now = self.clock.now()
        settings = self.core.settings
        wanted: dict[tuple[int, str], SavedFilter] = {}
        with session(self.core.engine) as s:
            for f in store.filters(session=s):
                if platforms is not None and platform_of(f.workspace) not in platforms:
                    continue  # another process (or a later `sift digest run`) can post it
                try:
                    fire = sched.latest_fire(schedule_of(f, settings), now)
                except (ValueError, KeyError) as e:
                    log.warning("filter %s has a schedule Sift cannot read: %s", f.id, e)
                    continue
                if fire is None or fire <= f.created_at:
                    continue  # no fire time since the filter was saved
                assert f.id is not None
                wanted[(f.id, sched.period_key(fire))] = f
            runs = store.runs_for(session=s, keys=list(wanted))
            stale = store.stale_claims(session=s, older_than=now - self.stale_after)
        out = [_Due(f, key[1]) for key, f in wanted.items() if key not in runs]
        stale_keys = {(r.filter_id, r.period): r for r in stale}
        for key, r in stale_keys.items():
            if key in wanted:
                out.append(_Due(wanted[key], key[1], r.attempts))
            elif platforms is None or platform_of(r.workspace) in platforms:
                self._retire(
                    r.filter_id, r.period, "superseded by a later digest, which lists its candidates"
                )
        return out

    def _retire(self, filter_id: int, period: str, error: str) -> None:
        with session(self.core.engine, write=True) as s:
            run = store.get_run(session=s, filter_id=filter_id, period=period)
            if run is None or run.status != "claimed":
                return
            store.release(session=s, filter_id=filter_id, period=period)
            store.finish(
                session=s,
                filter_id=filter_id,
                period=period,
                status="failed",
                now=self.clock.now(),
                error=(f"{run.error}; " if run.error else "") + error,
            )

    def claim(self, d: _Due) -> bool:
        """Claim (filter, period); a stale claim is taken over, or failed after MAX_ATTEMPTS."""
        now = self.clock.now()
        assert d.filter.id is not None
        with session(self.core.engine, write=True) as s:
            if d.attempts == 0:
                return store.claim(
                    session=s,
                    filter_id=d.filter.id,
                    period=d.period,
                    workspace=d.filter.workspace,
                    claimed_by=self.core.process_id,
                    now=now,
                )
            if d.attempts >= self.max_attempts:
                run = store.get_run(session=s, filter_id=d.filter.id, period=d.period)
                if run is not None and run.status == "claimed" and run.attempts == d.attempts:
                    store.release(session=s, filter_id=d.filter.id, period=d.period)
                    store.finish(
                        session=s,
                        filter_id=d.filter.id,
                        period=d.period,
                        status="failed",
                        now=now,
                        error=f"gave up after {run.attempts} attempts: {run.error or 'no outcome recorded'}",
                    )
                    log.error("digest %s/%s failed: %s", d.filter.id, d.period, run.error)
                return False
            return store.reclaim(
                session=s,
                filter_id=d.filter.id,
                period=d.period,
                attempts=d.attempts,
                claimed_by=self.core.process_id,
                now=now,
            )

    # -- what a digest holds ---------------------------------------------------------------------------
    @staticmethod
    def _window(f: SavedFilter, previous: datetime | None) -> tuple[datetime, datetime]:
        """(since, start): the previous digest's end (or when the filter was saved); where to look from."""
        since = previous or f.created_at
        return since, since - OVERLAP if previous else since

    def _expand(self, s: Any, f: SavedFilter) -> ex.Expansion:
        parsed = q.parse(f.query, today=self.core.today())
        if parsed.node is None:
            return ex.Expansion(None)
        return ex.expand(parsed.node, self.core.searcher.tax, self.core.searcher.vocab.get(s, f.workspace))

    def prefetch(self, p: _Pass, fs: list[SavedFilter]) -> None:
        """Fetch, for each window several filters share, all their terms in a few large queries."""
        groups: dict[tuple[str, datetime], list[SavedFilter]] = {}
        with session(self.core.engine) as s:
            ends = store.last_window_ends(session=s, filter_ids=[f.id for f in fs if f.id is not None])
            for f in fs:
                groups.setdefault((f.workspace, self._window(f, ends.get(f.id or 0))[1]), []).append(f)
            for (ws, start), members in groups.items():
                if len(members) < 2:
                    continue
                keys: set[tuple[str, str]] = set()
                for f in members:
                    e = self._expand(s, f)
                    if e.plan is not None:
                        keys |= arrivals_store.plan_keys(e.plan)
                a = p.arrivals.setdefault((ws, start, p.now), arrivals_store.Arrivals(ws, start, p.now))
                a.prefetch(s, keys)

    def build(
        self,
        f: SavedFilter,
        period: str | None,
        *,
        record: bool,
        now: datetime | None = None,
        shared: dict[tuple[str, datetime, datetime], arrivals_store.Arrivals] | None = None,
    ) -> Digest:
        """The digest of `f` as of `now`. With `record`, its candidates are reserved under (f, period).

        The filters of one pass share `now` and, when their windows coincide (they usually ran together
        last time), the arrivals' postings in `shared`.
        """
        assert f.id is not None
        now = now or self.clock.now()
        core = self.core
        arrivals = None
        with session(core.engine) as s:
            since, start = self._window(f, store.last_window_end(session=s, filter_id=f.id))
            expansion = self._expand(s, f)
            rows: list[tuple[int, float]] = []
            if expansion.plan is not None:
                if shared is not None:
                    arrivals = shared.setdefault(
                        (f.workspace, start, now), arrivals_store.Arrivals(f.workspace, start, now)
                    )
                rows = arrivals_store.new_matches(
                    session=s,
                    workspace=f.workspace,
                    filter_id=f.id,
                    plan=expansion.plan,
                    start=start,
                    end=now,
                    period=period if record else None,
                    arrivals=arrivals,
                )
        if record:
            assert period is not None
            # The write lock is held only for this: matching and cards above and below only read.
            with session(core.engine, write=True) as s:
                held = store.reserve(
                    session=s,
                    workspace=f.workspace,
                    filter_id=f.id,
                    period=period,
                    candidate_ids=[cid for cid, _ in rows],
                    now=now,
                )
            # A rival run of this filter may hold some; a retried run keeps what it held before.
            rows = [r for r in rows if r[0] in held] + [
                (cid, 0.0) for cid in sorted(held - {r[0] for r in rows})
            ]
        with session(core.engine) as s:
            shown = render.cards(
                core.searcher, s, f.workspace, [cid for cid, _ in rows[:TOP]], expansion, arrivals
            )
        reply = render.reply(f, schedule_of(f, core.settings).tz, shown, len(rows), since, now)
        return Digest(
            f.id,
            f.workspace,
            f.channel,
            f.name,
            f.query,
            period,
            since,
            now,
            [cid for cid, _ in rows],
            reply,
            expansion.interpreted,
        )

    # -- posting ---------------------------------------------------------------------------------------
    async def run_due(self, notifiers: Mapping[str, Notifier], *, dry_run: bool = False) -> list[Outcome]:
        """Build, post and record every digest due now (dry run: build only, record nothing)."""
        platforms = None if dry_run else set(notifiers)
        due = await asyncio.to_thread(self.due, platforms=platforms)
        p = _Pass(self.clock.now())
        await asyncio.to_thread(self.prefetch, p, [d.filter for d in due])
        if dry_run:
            return [await self._dry(d.filter, d.period, p) for d in due]
        sem = asyncio.Semaphore(CONCURRENCY)
        return list(await asyncio.gather(*[self._claim_and_deliver(d, notifiers, sem, p) for d in due]))

    async def run_now(
        self,
        notifiers: Mapping[str, Notifier],
        *,
        workspace: str | None = None,
        channel: str | None = None,
        dry_run: bool = False,
    ) -> list[Outcome]:
        """An extra digest of each filter (of a workspace, a channel), now: what arrived since the last."""

        def load() -> list[SavedFilter]:
            with session(self.core.engine) as s:
                return store.filters(session=s, workspace=workspace, channel=channel)

        p = _Pass(self.clock.now())
        period = sched.now_key(p.now)
        fs = await asyncio.to_thread(load)
        await asyncio.to_thread(self.prefetch, p, fs)
        if dry_run:
            return [await self._dry(f, period, p) for f in fs]
        out = []
        for f in fs:
            if platform_of(f.workspace) not in notifiers:
                out.append(
                    self._outcome(
                        f,
                        period,
                        "skipped",
                        error=f"no {platform_of(f.workspace)} connection in this process",
                    )
                )
                continue
            out.append(await self._claim_and_deliver(_Due(f, period), notifiers, asyncio.Semaphore(1), p))
        return out

    async def _dry(self, f: SavedFilter, period: str, p: _Pass) -> Outcome:
        digest = await asyncio.to_thread(self.build, f, period, record=False, now=p.now, shared=p.arrivals)
        return self._outcome(f, period, "dry-run", digest=digest)

    async def _claim_and_deliver(
        self, d: _Due, notifiers: Mapping[str, Notifier], sem: asyncio.Semaphore, p: _Pass
    ) -> Outcome:
        async with sem:
            if not await asyncio.to_thread(self.claim, d):
                return self._outcome(d.filter, d.period, "busy")
            return await self._deliver(d.filter, d.period, notifiers, p)

    async def _deliver(
        self, f: SavedFilter, period: str, notifiers: Mapping[str, Notifier], p: _Pass
    ) -> Outcome:
        """Build, post and record one claimed run; every failure is written to the run, never raised."""
        platform = platform_of(f.workspace)
        try:
            digest = await asyncio.to_thread(self.build, f, period, record=True, now=p.now, shared=p.arrivals)
        except Exception as e:
            log.exception("building digest %s/%s failed", f.id, period)
            return await asyncio.to_thread(self._failed, f, period, f"could not build the digest: {e}")
        if digest.total == 0 and not (f.post_empty or self.core.settings.digest_post_empty):
            await asyncio.to_thread(self._record, digest, "empty", None, platform)
            return self._outcome(f, period, "empty", digest=digest)
        notifier = notifiers.get(platform)
        try:
            if notifier is None:
                raise LookupError(f"no {platform} connection in this process")
            message_id = await notifier.post(f.workspace, f.channel, digest.reply)
            if not message_id:
                raise RuntimeError(f"{platform} did not accept the message")
        except Exception as e:  # noqa: BLE001 - a platform error must not stop the other digests
            log.warning("posting digest %s/%s failed: %s", f.id, period, e)
            return await asyncio.to_thread(self._failed, f, period, f"{type(e).__name__}: {e}", digest)
        await asyncio.to_thread(self._record, digest, "posted", message_id, platform)
        return self._outcome(f, period, "posted", digest=digest, message_id=message_id)

    def _record(self, d: Digest, status: str, message_id: str | None, platform: str) -> None:
        assert d.period is not None
        with session(self.core.engine, write=True) as s:
            store.finish(
                session=s,
                filter_id=d.filter_id,
                period=d.period,
                status=status,
                now=self.clock.now(),
                candidates=d.total,
                window_start=d.window_start,
                window_end=d.window_end,
            )
            if message_id and d.reply.candidate_ids:
                # In the same unit of work as the run: /forget finds every digest that named someone.
                events.record_posts(
                    session=s,
                    workspace=d.workspace,
                    candidate_ids=d.reply.candidate_ids,
                    platform=platform,
                    channel=d.channel,
                    message_id=message_id,
                    kind="digest",
                )

    def _failed(self, f: SavedFilter, period: str, error: str, digest: Digest | None = None) -> Outcome:
        """Keep the claim (retried once stale) unless attempts are used up: then failed, candidates freed."""
        assert f.id is not None
        with session(self.core.engine, write=True) as s:
            run = store.get_run(session=s, filter_id=f.id, period=period)
            if run is not None and run.attempts >= self.max_attempts:
                store.release(session=s, filter_id=f.id, period=period)
                store.finish(
                    session=s,
                    filter_id=f.id,
                    period=period,
                    status="failed",
                    now=self.clock.now(),
                    error=f"gave up after {run.attempts} attempts: {error}",
                )
                return self._outcome(f, period, "failed", digest=digest, error=error)
            store.note_error(session=s, filter_id=f.id, period=period, error=error)
        return self._outcome(f, period, "retry", digest=digest, error=error)

    @staticmethod
    def _outcome(f: SavedFilter, period: str | None, status: str, **kw: Any) -> Outcome:
        assert f.id is not None
        return Outcome(f.id, f.name, f.workspace, f.channel, period, status, **kw)

    # -- for people ------------------------------------------------------------------------------------
    def preview(self, workspace: str, channel: str | None) -> list[Digest]:
        with session(self.core.engine) as s:
            fs = store.filters(session=s, workspace=workspace, channel=channel)
        p = _Pass(self.clock.now())
        self.prefetch(p, fs)
        return [self.build(f, None, record=False, now=p.now, shared=p.arrivals) for f in fs]


def digest_command(core: Core, rest: str, actor: Actor) -> Reply:
    """`/digest preview`, `/digest now` (bot/digest_commands.py)."""
    from bot.digest_commands import handle

    return handle(core, rest, actor)
