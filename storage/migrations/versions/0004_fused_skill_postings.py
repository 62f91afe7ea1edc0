"""search: fused postings, a skill and its mention in the text in one row

Revision ID: 0004
Revises: 0003

Hand-written. A bare word that names a skill (`/find python`) is the OR of the skill and the word in the
resume text, and answering it meant reading both posting lists and grouping them by candidate: most of
the time of the commonest queries at 100,000 candidates. Postings of field `skilltext` hold that OR's
score for each candidate who has the skill (bot/search/index.py, `fused`), so the query reads one list
and the text-only rest by a merge, no grouping (storage/search.py, AnyOf).

New ingests write them; this migration writes them for the candidates already stored, in SQL from their
skill, text and pair postings (about 20 s per 100,000 candidates on SQLite).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Frozen copies of the query weights the fused rows were written with (bot/search/expand.py EXACT and TEXT;
# a phrase's first pair weighs two words): a migration must not change when the code moves on, and
# tests/bench checks they agree with the index.
EXACT = 1.0
TEXT = 0.3


def upgrade() -> None:
    # skill weight * EXACT, plus the mention's weight * TEXT (a word) or * (TEXT + TEXT) (a pair): the very
    # float sum the query makes. Skills of three or more words are never fused.
    op.execute(sa.text("""
        INSERT INTO posting (workspace, field, term, candidate_id, weight)
        SELECT s.workspace, 'skilltext', s.term, s.candidate_id,
               s.weight * :exact + COALESCE(
                   (SELECT t.weight * :text FROM posting t
                     WHERE t.workspace = s.workspace AND t.field = 'text' AND t.term = s.term
                       AND t.candidate_id = s.candidate_id AND s.term NOT LIKE '% %'),
                   (SELECT t.weight * :pair FROM posting t
                     WHERE t.workspace = s.workspace AND t.field = 'pair' AND t.term = s.term
                       AND t.candidate_id = s.candidate_id AND s.term LIKE '% %'),
                   0.0)
          FROM posting s
         WHERE s.field = 'skill' AND s.term NOT LIKE '% % %'
    """).bindparams(exact=EXACT, text=TEXT, pair=TEXT + TEXT))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM posting WHERE field = 'skilltext'"))
