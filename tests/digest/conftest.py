"""A clock the tests turn, a Notifier that records what it posts, and resumes arriving at set times."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.domain import Actor
from bot.reply import Reply
from storage.db import session
from storage.models import Candidate

WS = "slack:T1"
CHANNEL = "C1"
ALICE = Actor(workspace=WS, user="U1", channel=CHANNEL, platform="slack", is_admin=True)


class FakeClock:
    """bot.ports.Clock whose time moves only when the test says so."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def now(self) -> datetime:
        return self.t

    def set(self, when: datetime) -> None:
        self.t = when

    def advance(self, **kw: float) -> datetime:
        self.t += timedelta(**kw)
        return self.t


@dataclass
class Post:
    workspace: str
    channel: str
    reply: Reply
    message_id: str
    at: datetime | None


@dataclass
class RecordingNotifier:
    """Implements bot.ports.Notifier: keeps every post; can be told to fail the next N posts."""

    platform: str = "slack"
    clock: FakeClock | None = None
    fail_next: int = 0
    posts: list[Post] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("slack is unreachable")
        mid = f"{self.platform}-msg-{next(self._ids)}"
        self.posts.append(Post(workspace, channel, reply, mid, self.clock.now() if self.clock else None))
        return mid

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        self.deleted.append(message_id)
        return True


def resume(
    name: str,
    *,
    skills: str = "Python, SQL",
    school: str = "IIT Delhi",
    degree: str = "B.Tech",
    company: str = "Flipkart",
    title: str = "Data Scientist",
    location: str = "Bengaluru, India",
    email: str | None = None,
    note: str = "",
) -> bytes:
    email = email or name.lower().replace(" ", ".") + "@example.org"
    return f"""{name}
{location} | {email}

Experience
{title}, {company}
Jan 2020 - Present
- Built data pipelines and services used by many people every day. {note}

Education
{degree}, {school}
2014 - 2018

Skills
{skills}
""".encode()


def arrive(core: Any, data: bytes, at: datetime, *, workspace: str = WS, name: str | None = None) -> int:
    """Ingest for real, then say the version arrived at `at` (ingest stamps the wall clock)."""
    actor = Actor(workspace=workspace, user="U1", channel=CHANNEL, platform=workspace.split(":")[0])
    r = core.ingest(data, name or f"cv-{abs(hash(data))}.txt", actor=actor)
    assert r.status in ("created", "updated"), (r.status, r.error)
    assert r.candidate_id is not None
    with session(core.engine, write=True) as s:
        s.execute(update(Candidate).where(Candidate.id == r.candidate_id).values(ingested_at=at))
    return r.candidate_id


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    yield FakeClock(datetime(2026, 10, 14, 10, 0, tzinfo=UTC))  # a Wednesday


@pytest.fixture
def notifier(clock: FakeClock) -> RecordingNotifier:
    return RecordingNotifier("slack", clock)


@pytest.fixture
def digests(core: Any, clock: FakeClock) -> Any:
    from bot.digest import Digests

    return Digests(core, clock=clock)
