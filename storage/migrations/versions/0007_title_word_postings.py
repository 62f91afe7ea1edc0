"""search: each word of a candidate's titles is one posting

Revision ID: 0007
Revises: 0006

Hand-written. `title:engineer` (and a bare role word) meant every title of the workspace holding the word,
each a key of the query: hundreds of posting lists to read and group, or to look up per candidate, and
only the first 300 titles at that. bot/search/index.py now writes, for each word of a candidate's titles,
a posting of field `titleword` weighted as the best title holding it; the query reads that one list. This
migration writes those postings for the candidates already stored, from their title postings (whose terms
are the folded titles: their words are what the vocabulary splits them into), counts the words' vocabulary
rows and bumps each workspace's index version.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TITLE_WORD = "titleword"  # frozen copy of storage.search.TITLE_WORD (a test checks it)
BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    op.execute(sa.text("DELETE FROM posting WHERE field = :f").bindparams(f=TITLE_WORD))
    op.execute(sa.text("DELETE FROM vocab WHERE field = :f").bindparams(f=TITLE_WORD))
    insert = sa.text("INSERT INTO posting (workspace, field, term, candidate_id, weight) "
                     "VALUES (:ws, :f, :t, :cid, :w)").bindparams(f=TITLE_WORD)
    last = bind.execute(sa.text("SELECT max(candidate_id) FROM posting")).scalar() or 0
    for low in range(0, last + 1, BATCH):  # candidates a batch at a time: a million fit in no memory
        best: dict[tuple[str, int, str], float] = {}
        for ws, cid, term, weight in bind.execute(sa.text(
                "SELECT workspace, candidate_id, term, weight FROM posting "
                "WHERE candidate_id >= :low AND candidate_id < :high AND field = 'title'"),
                {"low": low, "high": low + BATCH}):
            for word in term.split():
                if best.get((ws, cid, word), 0.0) < weight:
                    best[(ws, cid, word)] = weight
        if best:
            bind.execute(insert, [{"ws": ws, "cid": cid, "t": word, "w": w} for (ws, cid, word), w in best.items()])
    op.execute(sa.text("""
        INSERT INTO vocab (workspace, field, term, df)
        SELECT workspace, field, term, count(*) FROM posting WHERE field = :f GROUP BY workspace, field, term
    """).bindparams(f=TITLE_WORD))
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM posting WHERE field = :f").bindparams(f=TITLE_WORD))
    op.execute(sa.text("DELETE FROM vocab WHERE field = :f").bindparams(f=TITLE_WORD))
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))
