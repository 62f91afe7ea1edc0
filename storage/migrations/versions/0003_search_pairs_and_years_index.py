"""search: word-pair postings for phrases, and an index on years of experience

Revision ID: 0003
Revises: 0002

Hand-written. Two things make /find fast at 100,000 candidates:
- `ix_candidate_workspace_years` (workspace, years_experience): `years:>=5` reads a range of this index
  instead of every candidate row.
- On PostgreSQL, `ix_posting_candidate_key` (candidate_id, workspace, field, term) INCLUDE (weight): one
  candidate's postings of one field, index-only (SQLite's ix_posting_candidate already is that).
- Postings of field `pair` ("machine learning"): two consecutive indexed words of a resume's text, so a
  phrase is answered from the index instead of by reading the text of every resume that has its words.
  New ingests write them (bot/search/index.py); this migration writes them for the candidates already
  stored, from `candidate.search_text` (the folded word sequence the phrase check reads), in batches of
  500 (about 3 minutes per 100,000 candidates on SQLite).
"""
from __future__ import annotations

import re
from itertools import pairwise

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BATCH = 500

# A frozen copy of bot/search/index.py's word rules as of this revision (the store does not import the
# core, and a migration must not change when the code moves on; tests/bench checks the two agree).
TEXT_WORDS_MAX = 1500
PAIRS_MAX = 20_000
STOPWORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i in into is it its me my of on or our she
so than that the their them then there these they this to was we were which who will with you your also
not no can may such via per etc using used use based over under up out more most very well all any each
other both just only about after before during while where when what how new one two three four five
""".split())  # noqa: SIM905
_YEARS_OK = re.compile(r"^(?:19|20)\d\d$")


def _indexable(t: str) -> bool:
    if len(t) < 2 and t not in ("c", "r"):
        return False
    return not (t in STOPWORDS or (t.isdigit() and not _YEARS_OK.match(t)) or len(t) > 60)


def word_pairs(words: list[str]) -> list[str]:
    """Consecutive pairs of indexed words (the first TEXT_WORDS_MAX distinct ones) of a token sequence."""
    indexed: dict[str, None] = {}
    for t in words:
        if _indexable(t):
            indexed.setdefault(t, None)
            if len(indexed) >= TEXT_WORDS_MAX:
                break
    seen: dict[str, None] = {}
    for a, b in pairwise(words):
        if a in indexed and b in indexed:
            seen.setdefault(f"{a} {b}"[:200], None)
            if len(seen) >= PAIRS_MAX:
                break
    return list(seen)

_candidate = sa.table("candidate", sa.column("id", sa.Integer), sa.column("workspace", sa.String),
                      sa.column("search_text", sa.Text))
_posting = sa.table("posting", sa.column("workspace", sa.String), sa.column("field", sa.String),
                    sa.column("term", sa.String), sa.column("candidate_id", sa.Integer),
                    sa.column("weight", sa.Float))


def upgrade() -> None:
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_workspace_years', ['workspace', 'years_experience'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Scoring one candidate looks up their postings of a field. SQLite's ix_posting_candidate already
        # holds the whole key (a WITHOUT ROWID table's index carries the primary key); PostgreSQL's holds
        # candidate_id alone, and each look-up would read all of a candidate's ~200 rows from the heap.
        op.create_index('ix_posting_candidate_key', 'posting', ['candidate_id', 'workspace', 'field', 'term'],
                        postgresql_include=['weight'])

    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(_candidate.c.id, _candidate.c.workspace, _candidate.c.search_text)
                            .where(_candidate.c.id > last).order_by(_candidate.c.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1][0]
        new = [{"workspace": ws, "field": "pair", "term": p, "candidate_id": cid, "weight": 1.0}
               for cid, ws, text in rows for p in word_pairs((text or "").split())]
        if new:
            conn.execute(_posting.insert(), new)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_posting_candidate_key', table_name='posting')
    op.execute(_posting.delete().where(_posting.c.field == "pair"))
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_workspace_years')
