"""On SQLite a phrase is answered by the FTS5 phrase index over each resume's folded words (migration 0008):
it must find exactly what reading the folded text finds, and stay current as candidates come, are re-read
and are forgotten."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update

from bot.config import Settings
from bot.core import Core
from bot.domain import Actor
from bot.search import index
from storage import search as store
from storage.db import make_engine, migrate, session
from storage.models import Candidate, Workspace

WS = "phrases"
TEXTS = [
    "Wrote C++ developer tooling and node.js backend services; moved .NET Core apps to Azure.",
    "Open-source projects: a time series forecasting library, and open source tooling for projects.",
    "Projects in open source; forecasting of time series; a C++ compiler; Node.js and .NET.",
    "Years of experience with comfortable owning features end to end.",
    "A C developer, a C# engineer and net core values; node js backend; snake_case names.",
    "",
]
PHRASES = ["c++ developer", "node.js backend", ".net core", "open source projects", "time series forecasting",
           "series forecasting library", "years of experience", "owning features end", "source tooling for projects",
           "node.js and .net", "c++ compiler", "forecasting of time", "c# engineer", "c developer", "net core",
           "node js backend", "snake_case names", "case names"]


def _store(tmp_path: Path) -> Any:
    eng = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    migrate(eng)
    with session(eng, write=True) as s:
        s.add(Workspace(key=WS))
        s.flush()
        for body in TEXTS:
            s.add(Candidate(workspace=WS, search_text=index.search_text(body)))
    return eng


def _found(s: Any, words: str) -> set[int]:
    ids = select(Candidate.id).where(Candidate.workspace == WS)
    return set(s.execute(ids.where(store.PhraseIn(Candidate.id, words))).scalars())  # type: ignore[arg-type]


def _read(s: Any, words: str) -> set[int]:
    return {cid for cid, folded in s.execute(select(Candidate.id, Candidate.search_text)) if f" {words} " in folded}


def test_the_phrase_index_finds_exactly_what_the_folded_text_holds(tmp_path: Path) -> None:
    eng = _store(tmp_path)
    with session(eng) as s:
        sql = str(select(Candidate.id).where(store.PhraseIn(Candidate.id, "c++ developer")).compile(eng))
        assert f"{store.PHRASE_TABLE} MATCH" in sql  # the index, not the text
        for words in PHRASES:
            assert _found(s, words) == _read(s, words), words
        assert _found(s, "open source projects") and _found(s, "node.js backend")
    eng.dispose()


def test_the_phrase_index_follows_candidates_added_reread_and_forgotten(tmp_path: Path) -> None:
    eng = _store(tmp_path)
    with session(eng, write=True) as s:
        first = s.execute(select(Candidate.id).order_by(Candidate.id)).scalars().first()
        s.execute(update(Candidate).where(Candidate.id == first).values(search_text=index.search_text("Rust and Go.")))
        s.add(Candidate(workspace=WS, search_text=index.search_text("A C++ developer again.")))
    with session(eng) as s:
        assert first not in _found(s, "c++ developer") and _found(s, "c++ developer")
        assert _found(s, "rust and go") == {first}
    with session(eng, write=True) as s:
        s.execute(delete(Candidate).where(Candidate.search_text.like("% c++ developer %")))  # type: ignore[union-attr]
    with session(eng) as s:
        assert _found(s, "c++ developer") == set()
        s.execute(text(f"INSERT INTO {store.PHRASE_TABLE}({store.PHRASE_TABLE}) VALUES ('integrity-check')"))
    eng.dispose()


def test_migration_0008_indexes_the_candidates_already_stored(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config
    from tests.search.test_fused import _migration

    assert _migration("0008_phrase_index.py").TABLE == store.PHRASE_TABLE
    eng = _store(tmp_path)
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0007")
    with session(eng, write=True) as s:  # stored while there was no index
        s.add(Candidate(workspace=WS, search_text=index.search_text("Kafka stream processing at scale.")))
    command.upgrade(cfg, "head")
    with session(eng) as s:
        assert len(_found(s, "kafka stream processing")) == 1
        assert _found(s, "open source projects") == _read(s, "open source projects") != set()
    eng.dispose()


@pytest.fixture()
def core(tmp_path: Path, parser_pool: object) -> Any:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    engine = make_engine(url)
    migrate(engine)
    yield Core(Settings(SIFT_DATABASE_URL=url), engine, parser_pool)
    engine.dispose()


def test_a_long_phrase_is_found_after_ingest_and_not_after_forget(core: Core) -> None:
    resume = b"""Asha Rao
asha@example.org

Experience
Data Engineer, Swiggy
Jan 2020 - Present
- Built time series forecasting for delivery demand.
"""
    created = core.ingest(resume, "asha.txt", actor=Actor.local())
    assert [h.name for h in core.find("local", '"time series forecasting"').results] == ["Asha Rao"]
    assert core.find("local", '"series forecasting demand"').total == 0
    core.forget("local", created.candidate_id, actor=Actor.local())  # type: ignore[arg-type]
    assert core.find("local", '"time series forecasting"').total == 0
