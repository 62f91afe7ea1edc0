"""The store's tables. Every row that holds personal data carries its workspace key.

Workspace keys name the tenant: "local" (command line and console), "slack:T123", "discord:456".
Nothing is ever read without one.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import deferred
from sqlmodel import Field, SQLModel

from storage.types import Blob, JSONType, UTCDateTime, utcnow


def _ts(**kw: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kw)


def _candidate_fk() -> Any:
    # Deleting a candidate deletes everything about them, in the database itself (forget = one DELETE).
    return Field(sa_column=Column(Integer, ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False))


class Workspace(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=100)
    name: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts()


class Candidate(SQLModel, table=True):
    __table_args__ = (Index("ix_candidate_workspace_updated", "workspace", "updated_at"),
                      Index("ix_candidate_workspace_name", "workspace", "name_key"),
                      Index("ix_candidate_workspace_ingested", "workspace", "ingested_at"))

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(foreign_key="workspace.key", max_length=100)
    name: str | None = Field(default=None, max_length=300)
    name_key: str | None = Field(default=None, max_length=300)  # folded name, for dedupe
    title: str | None = Field(default=None, max_length=300)  # current title
    company: str | None = Field(default=None, max_length=300)  # current employer
    location: str | None = Field(default=None, max_length=300)
    years_experience: float | None = None
    emails: list[str] = Field(default_factory=list, sa_type=JSONType)
    phones: list[str] = Field(default_factory=list, sa_type=JSONType)
    links: list[str] = Field(default_factory=list, sa_type=JSONType)
    skills: list[str] = Field(default_factory=list, sa_type=JSONType)
    resume: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)  # newest Resume, without text
    corrections: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)  # people's edits win
    versions: int = 1
    uploaded_by: str | None = Field(default=None, max_length=200)  # who dropped the first resume
    search_text: str = Field(default="", sa_column=deferred(Column(Text, nullable=False, default="")))  # type: ignore[call-overload]
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    ingested_at: datetime = _ts()  # when the newest resume version arrived: `since:` and digests


class ResumeFile(SQLModel, table=True):
    __tablename__ = "resume_file"
    __table_args__ = (UniqueConstraint("workspace", "sha256", name="uq_resume_file_workspace_sha256"),
                      Index("ix_resume_file_candidate", "candidate_id"))

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(foreign_key="workspace.key", max_length=100)
    candidate_id: int = _candidate_fk()
    original_name: str = Field(max_length=500)
    size: int
    sha256: str = Field(max_length=64)
    media_type: str = Field(max_length=120)
    # The original bytes, so a better parser can re-read them (`sift reparse`); loaded only when asked.
    content: bytes = Field(sa_column=deferred(Column(Blob, nullable=False)))  # type: ignore[call-overload]
    text: str = Field(default="", sa_column=deferred(Column(Text, nullable=False, default="")))  # type: ignore[call-overload]
    parsed: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    parser_version: int = 1
    uploaded_by: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=300)  # where it came from: "slack:F123", a path
    created_at: datetime = _ts()


class Education(SQLModel, table=True):
    __table_args__ = (Index("ix_education_candidate", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=100)
    candidate_id: int = _candidate_fk()
    position: int = 0
    institution: str | None = Field(default=None, max_length=300)
    degree: str | None = Field(default=None, max_length=300)
    field: str | None = Field(default=None, max_length=300)
    start: str | None = Field(default=None, max_length=10)
    end: str | None = Field(default=None, max_length=10)
    gpa: str | None = Field(default=None, max_length=40)
    location: str | None = Field(default=None, max_length=300)


class Experience(SQLModel, table=True):
    __table_args__ = (Index("ix_experience_candidate", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=100)
    candidate_id: int = _candidate_fk()
    position: int = 0
    company: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=300)
    location: str | None = Field(default=None, max_length=300)
    start: str | None = Field(default=None, max_length=10)
    end: str | None = Field(default=None, max_length=10)
    internship: bool = False


class CandidateSkill(SQLModel, table=True):
    __tablename__ = "candidate_skill"

    candidate_id: int = Field(sa_column=Column(Integer, ForeignKey("candidate.id", ondelete="CASCADE"),
                                               primary_key=True))
    skill: str = Field(primary_key=True, max_length=100)
    workspace: str = Field(max_length=100, index=True)


class Contact(SQLModel, table=True):
    """Emails and phones, indexed per workspace: the same address means the same person."""

    __table_args__ = (Index("ix_contact_lookup", "workspace", "kind", "value"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=100)
    candidate_id: int = _candidate_fk()
    kind: str = Field(max_length=10)  # "email" | "phone"
    value: str = Field(max_length=320)  # lower-cased email, E.164 phone (or its digits)


class Posting(SQLModel, table=True):
    """The search index: one row per (workspace, field, term, candidate). See bot/search/index.py.

    Fields: skill, school, group (an institution family such as "iit"), company, title, degree, level,
    location, name, text. Terms are folded keys. `weight` lets a fact count less (a past title).
    """

    __table_args__ = (Index("ix_posting_candidate", "candidate_id"), {"sqlite_with_rowid": False})

    workspace: str = Field(primary_key=True, max_length=100)
    field: str = Field(primary_key=True, max_length=12)
    term: str = Field(primary_key=True, max_length=200)
    candidate_id: int = Field(sa_column=Column(Integer, ForeignKey("candidate.id", ondelete="CASCADE"),
                                               primary_key=True))
    weight: float = 1.0


class Vocab(SQLModel, table=True):
    """Distinct terms per workspace and field with their document counts: what typos are matched against."""

    __table_args__ = ({"sqlite_with_rowid": False},)

    workspace: str = Field(primary_key=True, max_length=100)
    field: str = Field(primary_key=True, max_length=12)
    term: str = Field(primary_key=True, max_length=200)
    df: int = 0


class IndexState(SQLModel, table=True):
    """A per-workspace counter bumped whenever its index changes, so processes can cache the vocabulary."""

    __tablename__ = "index_state"

    workspace: str = Field(primary_key=True, max_length=100)
    version: int = 0


class SavedFilter(SQLModel, table=True):
    """A search a channel saved (`/filter save ml-iit python iit`); digests are built from it."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("workspace", "channel", "name", name="uq_saved_filter_channel_name"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=100, index=True)
    channel: str = Field(max_length=100)  # platform channel id; "console" locally
    name: str = Field(max_length=80)
    query: str = Field(max_length=1000)
    schedule: str | None = Field(default=None, max_length=100)  # cron with day names; None: SIFT_DIGEST_CRON
    timezone: str | None = Field(default=None, max_length=64)  # None: SIFT_TIMEZONE
    post_empty: bool = False  # post "no new candidates" weeks too
    created_by: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts()


class DigestRun(SQLModel, table=True):
    """One digest of one filter for one period, claimed before posting: exactly once across processes."""

    __tablename__ = "digest_run"

    filter_id: int = Field(sa_column=Column(Integer, ForeignKey("saved_filter.id", ondelete="CASCADE"),
                                            primary_key=True))
    period: str = Field(primary_key=True, max_length=40)  # the scheduled fire time (UTC ISO) or "now:<ts>"
    workspace: str = Field(max_length=100)
    status: str = Field(default="claimed", max_length=12)  # claimed | posted | empty | failed
    claimed_by: str | None = Field(default=None, max_length=120)
    claimed_at: datetime = _ts()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    window_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    window_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    candidates: int = 0
    attempts: int = 1
    error: str | None = Field(default=None, max_length=500)


class DigestEntry(SQLModel, table=True):
    """Who a filter's digests have listed: nobody is listed twice by one filter."""

    __tablename__ = "digest_entry"

    filter_id: int = Field(sa_column=Column(Integer, ForeignKey("saved_filter.id", ondelete="CASCADE"),
                                            primary_key=True))
    candidate_id: int = Field(sa_column=Column(Integer, ForeignKey("candidate.id", ondelete="CASCADE"),
                                               primary_key=True))
    workspace: str = Field(max_length=100)
    period: str = Field(max_length=40)
    listed_at: datetime = _ts()


class PostedMessage(SQLModel, table=True):
    """A message Sift posted about a candidate, so forgetting them can delete it too."""

    __tablename__ = "posted_message"
    __table_args__ = (Index("ix_posted_message_candidate", "workspace", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=100)
    candidate_id: int = Field(index=False)  # no cascade: forget reads these rows before the candidate goes
    platform: str = Field(max_length=20)  # slack | discord | local
    channel: str = Field(max_length=100)
    message_id: str = Field(max_length=100)  # Slack ts, Discord message id
    kind: str = Field(default="card", max_length=20)  # card | share | digest | update
    created_at: datetime = _ts()


class ProcessedEvent(SQLModel, table=True):
    """Platform deliveries already taken: Slack retries and repeats one upload several ways."""

    __tablename__ = "processed_event"

    key: str = Field(primary_key=True, max_length=200)  # "slack:T1:file:F123", "discord:msg:123:att:456"
    workspace: str = Field(max_length=100)
    status: str = Field(default="claimed", max_length=12)  # claimed | done
    claimed_by: str | None = Field(default=None, max_length=120)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)  # what is needed to reply later
    result: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    created_at: datetime = _ts()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
