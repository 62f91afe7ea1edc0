"""The store's engines: PostgreSQL plans every statement for the tables as they are now."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.domain import Actor
from storage.db import make_engine, migrate, session


def test_postgres_keeps_no_generic_plans_made_for_an_empty_store(pg_database: str, core, seeds: Path) -> None:
    # psycopg prepares a statement on its fifth run, and PostgreSQL may then keep a plan made for the table
    # sizes of that moment; a store that starts empty kept plans for empty tables and ingest went quadratic
    # (storage/db.py). Repeated statements on one connection must leave nothing prepared.
    engine = make_engine(pg_database)
    migrate(engine)
    with engine.connect() as conn:
        for i in range(12):
            conn.execute(text("SELECT count(*) FROM candidate WHERE workspace = :w AND id > :i"),
                         {"w": "pg-plans", "i": i})
        assert conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one() == 0
    # And through Sift's own work: ingests and finds on one pooled connection.
    with session(engine) as s:
        s.execute(text("SELECT 1"))
    engine.dispose()
    actor = Actor("slack:TPLAN", "U1", channel="C1", platform="slack")
    for f in sorted(seeds.glob("*.txt")):
        core.ingest(f.read_bytes(), f.name, actor=actor)
    for _ in range(6):
        core.find("slack:TPLAN", "python iit")
    with core.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            assert conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one() == 0
