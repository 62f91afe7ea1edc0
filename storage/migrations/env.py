"""Alembic environment: run with the connection `storage.db.migrate` hands over (or a URL from the CLI)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata

# Hand-written objects (FTS tables, trigram indexes) that autogenerate must leave alone.
# Slack's installation store (bolt creates and owns these tables in the same database) is not ours either.
IGNORED = {"posting_fts", "slack_bots", "slack_installations", "slack_oauth_states"}


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return name not in IGNORED


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        with create_engine(config.get_main_option("sqlalchemy.url") or "").connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
        return
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        include_name=include_name,
        compare_type=True,
    )


run()
