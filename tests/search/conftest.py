from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Core
from bot.domain import Actor


def _text_resume(name: str, email: str, *, school: str, degree: str, company: str, title: str,
                 location: str, skills: str, start: str = "Jan 2019") -> bytes:
    return f"""{name}
{location} | {email}

Experience
{title}, {company}
{start} - Present
- Built data pipelines and services used by millions of people every single day.

Education
{degree}, {school}
2012 - 2016

Skills
{skills}
""".encode()


PEOPLE = {
    # a Delhi graduate who lives in Mumbai: "iit bombay" must not find her
    "meera": _text_resume("Meera Iyer", "meera@example.org", school="IIT Delhi", degree="B.Tech Computer Science",
                          company="Zomato", title="Backend Engineer", location="Mumbai, India",
                          skills="Golang, Kubernetes, PostgreSQL, Redis"),
    "li": _text_resume("Li Wei", "li.wei@example.org", school="IIIT Hyderabad", degree="B.Tech",
                       company="Grab", title="Frontend Developer", location="Singapore",
                       skills="JavaScript, TypeScript, React, Node.js"),
    "zoe": _text_resume("Zoë Müller", "zoe@example.org", school="ETH Zürich", degree="MSc Computer Science",
                        company="Google", title="Software Engineer", location="Zürich, Switzerland",
                        skills="Java, C++, Kotlin, NLP"),
    # writes "go" and "spring" only as words ("go-to-market", "Spring 2022"): not a Go or Spring developer
    "tom": _text_resume("Tom Baker", "tom.b@example.org", school="University of Leeds", degree="BA Economics",
                        company="Unilever", title="Brand Manager", location="London, United Kingdom",
                        skills="Salesforce, Tableau", start="Spring 2022").replace(
        b"- Built data pipelines", b"- Led the go-to-market plan, ready to go live by spring; moved the night shift; built data pipelines"),
    "sam": _text_resume("Sam Carter", "sam.c@example.org", school="IIM Ahmedabad", degree="MBA",
                        company="McKinsey", title="Associate", location="Bangalore, India",
                        skills="Excel, SQL, Tableau", start="Jan 2024"),
}


def empty_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """The URL of an empty store for a module parametrized by backend: a new SQLite file, or the session's
    PostgreSQL database emptied (modules take it in turn)."""
    from storage.db import make_engine

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'sift.db'}"
    url: str = request.getfixturevalue("pg_database")
    from tests.conftest import _truncate_all

    e = make_engine(url)
    _truncate_all(e)
    e.dispose()
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, parser_pool: object,
           seeds: Path) -> Iterator[Core]:
    """One store per backend holding the 15 seed files and a few synthetic people, shared by the module."""
    from storage.db import make_engine, migrate

    url = empty_store(request, tmp_path_factory, "search")
    engine = make_engine(url)
    migrate(engine)
    core = Core(Settings(SIFT_DATABASE_URL=url), engine, parser_pool)
    local = Actor.local()
    for p in sorted(seeds.iterdir()):
        assert core.ingest(p.read_bytes(), p.name, actor=local).status != "rejected", p
    for key, data in PEOPLE.items():
        assert core.ingest(data, f"{key}.txt", actor=local).status == "created", key
    # Another tenant with a Python/IIT person: must never show up in "local" answers.
    other = Actor("slack:T0THER", "U1", platform="slack")
    core.ingest((seeds / "000_63717777a91d391d.pdf").read_bytes(), "harsh.pdf", actor=other)
    yield core
    engine.dispose()
