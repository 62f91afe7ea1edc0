"""Engine, sessions and migrations. SQLite (WAL) is the embedded default; PostgreSQL the scale-out store."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    # No server-side prepared statements. psycopg prepares a statement after its fifth run on a connection,
    # and PostgreSQL may then keep a generic plan made from the table sizes of that moment: a store that
    # starts empty keeps plans for empty tables (a dedupe look-up scanning every candidate per contact), and
    # ingest turned quadratic: 1,500 resumes took 563 s, the last 100 of them 100 s; with custom plans,
    # 53 s and 3 s. Planning each statement costs well under a millisecond here.
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20,
                         connect_args={"prepare_threshold": None})


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}}
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or each thread sees an empty database
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own BEGIN is always DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor the writer them
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite; forget relies on cascades
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock: it fails at once with
        # "database is locked". Writers therefore begin IMMEDIATE and queue on busy_timeout instead.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def session(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back if it raises."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write and engine.dialect.name == "sqlite" else engine
    with Session(bind, expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


def lock_workspace(s: Session, workspace: str) -> None:
    """Serialise writers of one workspace (dedupe reads, then writes). SQLite's IMMEDIATE already does."""
    if s.get_bind().dialect.name == "postgresql":
        lock_id = int.from_bytes(hashlib.sha256(workspace.encode()).digest()[:8], "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; run at every start (cheap when already current)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes starting together must not both run the same migration.
            conn.execute(text("SELECT pg_advisory_xact_lock(7243950135)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
