"""Claims on platform deliveries and the messages Sift posted: the store decides, so several processes agree."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from storage.models import PostedMessage, ProcessedEvent
from storage.types import utcnow


def claim(*, session: Session, key: str, workspace: str, claimed_by: str | None = None,
          payload: dict[str, Any] | None = None) -> bool:
    """True for the first caller with this key, in any process; False for every repeat or retry."""
    ins = (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(ProcessedEvent)
    stmt = ins.values(key=key, workspace=workspace, status="claimed", claimed_by=claimed_by,
                      payload=payload or {}, result={}, created_at=utcnow()).on_conflict_do_nothing(
        index_elements=["key"])
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT DO NOTHING, which reads as True.
    return session.execute(stmt.returning(col(ProcessedEvent.key))).first() is not None


def finish(*, session: Session, key: str, result: dict[str, Any] | None = None) -> None:
    session.execute(update(ProcessedEvent).where(col(ProcessedEvent.key) == key).values(
        status="done", result=result or {}, finished_at=utcnow()))


def pending(*, session: Session, older_than: datetime, prefix: str = "") -> list[ProcessedEvent]:
    """Claimed but never finished (the process died mid-way): to be answered after a restart."""
    q = select(ProcessedEvent).where(col(ProcessedEvent.status) == "claimed",
                                     col(ProcessedEvent.created_at) < older_than)
    if prefix:
        q = q.where(col(ProcessedEvent.key).startswith(prefix))
    return list(session.execute(q).scalars())


def reclaim(*, session: Session, key: str, older_than: datetime, claimed_by: str | None) -> bool:
    """Take over a claim whose process died before finishing: exactly one taker, like the first claim."""
    stmt = (update(ProcessedEvent)
            .where(col(ProcessedEvent.key) == key, col(ProcessedEvent.status) == "claimed",
                   col(ProcessedEvent.created_at) < older_than)
            .values(claimed_by=claimed_by, created_at=utcnow())
            .returning(col(ProcessedEvent.key)))
    return session.execute(stmt).first() is not None


def prune(*, session: Session, before: datetime) -> int:
    res = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.status) == "done",
                                                       col(ProcessedEvent.created_at) < before))
    return int(res.rowcount)  # type: ignore[attr-defined]


def record_posts(*, session: Session, workspace: str, candidate_ids: Sequence[int], platform: str, channel: str,
                 message_id: str, kind: str = "card") -> None:
    for cid in dict.fromkeys(candidate_ids):
        session.add(PostedMessage(workspace=workspace, candidate_id=cid, platform=platform, channel=channel,
                                  message_id=message_id, kind=kind))


def posts_about(*, session: Session, workspace: str, candidate_id: int) -> list[PostedMessage]:
    return list(session.execute(select(PostedMessage).where(
        col(PostedMessage.workspace) == workspace, col(PostedMessage.candidate_id) == candidate_id)
        .order_by(col(PostedMessage.id))).scalars())


def forget_posts(*, session: Session, workspace: str, candidate_id: int) -> None:
    session.execute(delete(PostedMessage).where(col(PostedMessage.workspace) == workspace,
                                                col(PostedMessage.candidate_id) == candidate_id))
