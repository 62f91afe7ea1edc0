from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    # CI runs on a clean clone that may not sit beside ../shared: fall back to the workplace's copy.
    for candidate in (os.environ.get("SIFT_SHARED"), REPO.parent / "shared", Path("/work/shared")):
        if candidate and (Path(candidate) / "corpus").is_dir():
            return Path(candidate)
    return REPO.parent / "shared"


SHARED = _shared()
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip("the shared corpus is not present (set SIFT_SHARED)")
    return CORPUS


# -- stores ---------------------------------------------------------------------------------------------
# Every store test runs on a real SQLite file and, where a server is reachable, on a real PostgreSQL
# database created for this run. `.ci/run` sets SIFT_REQUIRE_POSTGRES=1 so CI fails rather than skips.
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

PG_ADMIN_URL = os.environ.get("SIFT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_reachable() -> str | None:
    try:
        import psycopg

        dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except Exception as e:  # noqa: BLE001 - any failure means "no server here"
        return str(e).splitlines()[0] if str(e) else type(e).__name__


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    problem = _pg_reachable()
    if problem:
        if os.environ.get("SIFT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required (SIFT_REQUIRE_POSTGRES) but not reachable: {problem}")
        pytest.skip(f"no PostgreSQL server reachable at {PG_ADMIN_URL}: {problem}")
    import psycopg

    name = f"sift_test_{uuid.uuid4().hex[:10]}"
    dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    from storage.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(engine: object) -> None:
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401

    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sift.db'}"
        return
    url = request.getfixturevalue("pg_database")
    from storage.db import make_engine

    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(store_url: str) -> Iterator[object]:
    from storage.db import make_engine, migrate

    eng = make_engine(store_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def parser_pool() -> Iterator[object]:
    from bot.resume.sandbox import ParserPool

    with ParserPool(workers=2, timeout=20, memory_mb=1024) as pool:
        yield pool


@pytest.fixture
def settings(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    # Slack's and Discord's own variables switch modes by themselves (NOTES.md): tests start clean.
    for var in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID",
                "SLACK_CLIENT_SECRET", "DISCORD_TOKEN", "SIFT_DATABASE_URL", "SIFT_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env or sift.db from the developer's folder
    from bot.config import Settings

    return Settings(SIFT_DATABASE_URL=store_url, SIFT_PARSE_WORKERS=2)


@pytest.fixture
def core(settings: object, engine: object, parser_pool: object) -> object:
    from bot.core import Core

    return Core(settings, engine, parser_pool)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seeds(corpus: Path) -> Path:
    return corpus / "seeds"
