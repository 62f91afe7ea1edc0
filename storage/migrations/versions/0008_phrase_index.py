"""search: on SQLite, a full-text index of each resume's folded words for phrases

Revision ID: 0008
Revises: 0007

Hand-written. A phrase of three words or more ("time series forecasting") was answered from its word
pairs, then checked against the folded text of every resume having them all: at 100,000 candidates,
29,000 rows read and scanned for `"open-source projects"` (90 ms of a query's 100). On SQLite, an FTS5
table over `candidate.search_text` (external content: it keeps the index, not a copy of the text) answers
the phrase from its position lists in a few milliseconds. Its tokenizer splits on spaces only, as the
folded text is written ("c++", "node.js", ".net" are one token each), so a phrase it finds is exactly one
that `LIKE '% words %'` finds. Triggers keep it current when a candidate is added, re-read or forgotten.
PostgreSQL keeps reading the text of each hit (storage/search.py, PhraseIn).
"""
from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLE = "candidate_phrase"  # frozen copy of storage.search.PHRASE_TABLE (a test checks it)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='candidate', content_rowid='id',
                   tokenize="unicode61 remove_diacritics 0 tokenchars '+#._'")""")
    op.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    op.execute(f"""CREATE TRIGGER {TABLE}_added AFTER INSERT ON candidate BEGIN
                   INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""")
    op.execute(f"""CREATE TRIGGER {TABLE}_gone AFTER DELETE ON candidate BEGIN
                   INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""")
    op.execute(f"""CREATE TRIGGER {TABLE}_reread AFTER UPDATE OF search_text ON candidate BEGIN
                   INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                   INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("added", "gone", "reread"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
