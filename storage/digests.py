"""Saved filters, digest runs and who each filter has listed: the store decides which digest is sent, once.

A digest run is a row keyed by (filter, period), inserted before anything is built or posted: the insert
that succeeds is the claim, in any number of processes. The candidates a run lists are reserved in
digest_entry (primary key filter + candidate), so nobody is listed twice by one filter, even when two runs
of it overlap. Who is new is found by storage/arrivals.py. Functions take `*, session` and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, any_, bindparam, delete, func, literal, select, tuple_, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from storage.models import Candidate, DigestEntry, DigestRun, SavedFilter
from storage.types import UTCDateTime

FINISHED = ("posted", "empty")  # runs that moved a filter's window on


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


# -- filters ------------------------------------------------------------------------------------------------
def filters(
    *, session: Session, workspace: str | None = None, channel: str | None = None
) -> list[SavedFilter]:
    q = select(SavedFilter).order_by(
        col(SavedFilter.workspace), col(SavedFilter.channel), col(SavedFilter.name)
    )
    if workspace is not None:
        q = q.where(col(SavedFilter.workspace) == workspace)
    if channel is not None:
        q = q.where(col(SavedFilter.channel) == channel)
    return list(session.execute(q).scalars())


def get_filter(*, session: Session, workspace: str, channel: str, name: str) -> SavedFilter | None:
    return session.execute(
        select(SavedFilter).where(
            col(SavedFilter.workspace) == workspace,
            col(SavedFilter.channel) == channel,
            col(SavedFilter.name) == name,
        )
    ).scalar()


def filter_by_id(*, session: Session, filter_id: int) -> SavedFilter | None:
    return session.get(SavedFilter, filter_id)


def count_filters(*, session: Session, workspace: str, channel: str) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(SavedFilter)
            .where(col(SavedFilter.workspace) == workspace, col(SavedFilter.channel) == channel)
        ).scalar_one()
    )


def add_filter(*, session: Session, row: SavedFilter) -> SavedFilter:
    session.add(row)
    session.flush()
    return row


def delete_filter(*, session: Session, workspace: str, channel: str, name: str) -> bool:
    # Runs and entries go with it (ON DELETE CASCADE).
    res = session.execute(
        delete(SavedFilter).where(
            col(SavedFilter.workspace) == workspace,
            col(SavedFilter.channel) == channel,
            col(SavedFilter.name) == name,
        )
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


# -- runs ---------------------------------------------------------------------------------------------------
def claim(
    *, session: Session, filter_id: int, period: str, workspace: str, claimed_by: str, now: datetime
) -> bool:
    """True for the one caller, in any process, whose insert of (filter, period) went in."""
    stmt = (
        _insert(session)(DigestRun)
        .values(
            filter_id=filter_id,
            period=period,
            workspace=workspace,
            status="claimed",
            claimed_by=claimed_by,
            claimed_at=now,
            candidates=0,
            attempts=1,
        )
        .on_conflict_do_nothing(index_elements=["filter_id", "period"])
    )
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT DO NOTHING, which reads as True.
    return session.execute(stmt.returning(col(DigestRun.filter_id))).first() is not None


def reclaim(
    *, session: Session, filter_id: int, period: str, attempts: int, claimed_by: str, now: datetime
) -> bool:
    """Take over a claim whose process died: only the caller that saw `attempts` and bumps it wins."""
    res = session.execute(
        update(DigestRun)
        .where(
            col(DigestRun.filter_id) == filter_id,
            col(DigestRun.period) == period,
            col(DigestRun.status) == "claimed",
            col(DigestRun.attempts) == attempts,
        )
        .values(attempts=attempts + 1, claimed_by=claimed_by, claimed_at=now)
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


def get_run(*, session: Session, filter_id: int, period: str) -> DigestRun | None:
    return session.get(DigestRun, (filter_id, period))


def runs_for(*, session: Session, keys: Sequence[tuple[int, str]]) -> dict[tuple[int, str], DigestRun]:
    out: dict[tuple[int, str], DigestRun] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        for r in session.execute(
            select(DigestRun).where(tuple_(col(DigestRun.filter_id), col(DigestRun.period)).in_(chunk))
        ).scalars():
            out[(r.filter_id, r.period)] = r
    return out


def stale_claims(*, session: Session, older_than: datetime) -> list[DigestRun]:
    """Claimed and never finished: the process that claimed them died, or its post failed."""
    return list(
        session.execute(
            select(DigestRun).where(
                col(DigestRun.status) == "claimed", col(DigestRun.claimed_at) < older_than
            )
        ).scalars()
    )


def finish(
    *,
    session: Session,
    filter_id: int,
    period: str,
    status: str,
    now: datetime,
    candidates: int = 0,
    window_start: datetime | None = None,
    window_end: datetime | None = None,
    error: str | None = None,
) -> None:
    values: dict[str, Any] = {
        "status": status,
        "finished_at": now,
        "candidates": candidates,
        "error": (error or None) and error[:500],
    }
    if window_start is not None:
        values["window_start"] = window_start
    if window_end is not None:
        values["window_end"] = window_end
    session.execute(
        update(DigestRun)
        .where(col(DigestRun.filter_id) == filter_id, col(DigestRun.period) == period)
        .values(**values)
    )


def note_error(*, session: Session, filter_id: int, period: str, error: str) -> None:
    session.execute(
        update(DigestRun)
        .where(col(DigestRun.filter_id) == filter_id, col(DigestRun.period) == period)
        .values(error=error[:500])
    )


def last_window_end(*, session: Session, filter_id: int) -> datetime | None:
    """Where the filter's previous digest (posted or empty) stopped looking; the next one starts there."""
    return session.execute(
        select(func.max(col(DigestRun.window_end))).where(
            col(DigestRun.filter_id) == filter_id, col(DigestRun.status).in_(FINISHED)
        )
    ).scalar()


def last_window_ends(*, session: Session, filter_ids: Sequence[int]) -> dict[int, datetime]:
    """last_window_end of many filters in one query."""
    out: dict[int, datetime] = {}
    for i in range(0, len(filter_ids), 500):
        for fid, end in session.execute(
            select(col(DigestRun.filter_id), func.max(col(DigestRun.window_end)))
            .where(
                col(DigestRun.filter_id).in_(list(filter_ids[i : i + 500])),
                col(DigestRun.status).in_(FINISHED),
            )
            .group_by(col(DigestRun.filter_id))
        ):
            if end is not None:
                out[int(fid)] = end
    return out


def last_runs(*, session: Session, filter_ids: Sequence[int]) -> dict[int, DigestRun]:
    """The newest finished-or-failed run of each filter, for `/filter list`."""
    out: dict[int, DigestRun] = {}
    if not filter_ids:
        return out
    for r in session.execute(
        select(DigestRun).where(col(DigestRun.filter_id).in_(filter_ids)).order_by(col(DigestRun.claimed_at))
    ).scalars():
        out[r.filter_id] = r
    return out


# -- who is new ---------------------------------------------------------------------------------------------
def ids_in(session: Session, column: Any, ids: Sequence[int]) -> Any:
    """`column IN ids` as one parameter: an array on PostgreSQL (thousands of separate binds are slow to
    send), an expanding list elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def reserve(
    *,
    session: Session,
    workspace: str,
    filter_id: int,
    period: str,
    candidate_ids: Sequence[int],
    now: datetime,
) -> set[int]:
    """List these candidates under the run `period`; returns the ids it holds (a rival may hold others)."""
    for i in range(0, len(candidate_ids), 10_000):
        chunk = candidate_ids[i : i + 10_000]
        # One INSERT ... SELECT, rows made by the server. Selecting from candidate drops anyone forgotten
        # since the digest was built (the foreign key would refuse them). `workspace || ''` keeps SQLite's
        # planner on the primary key rather than reading the workspace's whole index.
        rows = select(
            col(Candidate.id),
            literal(filter_id, Integer),
            literal(workspace, String),
            literal(period, String),
            literal(now, UTCDateTime()),
        ).where(ids_in(session, col(Candidate.id), chunk), col(Candidate.workspace) + "" == workspace)
        session.execute(
            _insert(session)(DigestEntry)
            .from_select(["candidate_id", "filter_id", "workspace", "period", "listed_at"], rows)
            .on_conflict_do_nothing(index_elements=["filter_id", "candidate_id"])
        )
    return set(listed_by(session=session, filter_id=filter_id, period=period))


def listed_by(*, session: Session, filter_id: int, period: str) -> list[int]:
    return [
        int(i)
        for i in session.execute(
            select(col(DigestEntry.candidate_id)).where(
                col(DigestEntry.filter_id) == filter_id, col(DigestEntry.period) == period
            )
        ).scalars()
    ]


def release(*, session: Session, filter_id: int, period: str) -> None:
    """A run that will never be posted gives its candidates back to the filter's next digest."""
    session.execute(
        delete(DigestEntry).where(col(DigestEntry.filter_id) == filter_id, col(DigestEntry.period) == period)
    )


def entries_count(*, session: Session, filter_id: int) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(DigestEntry).where(col(DigestEntry.filter_id) == filter_id)
        ).scalar_one()
    )


def schedules(*, session: Session) -> set[tuple[str | None, str | None]]:
    """The distinct (cron, zone) pairs filters use; None means the settings' default."""
    return {
        (c, z)
        for c, z in session.execute(select(col(SavedFilter.schedule), col(SavedFilter.timezone)).distinct())
    }
