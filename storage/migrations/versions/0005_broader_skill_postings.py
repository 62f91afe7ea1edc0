"""search: a skill's kinds count as the skill (PySpark is Spark), at alias weight

Revision ID: 0005
Revises: 0004

Hand-written. skills.yml's `broader` says which skills are kinds of others; bot/search/index.py gives a
candidate who lists a kind a posting of the wider skill at the alias weight (unless they list that skill
too), and its fused posting, so `/find spark` reads one posting list and finds PySpark users ranked like
an alias. New ingests write them; this migration writes them for the candidates already stored, in SQL,
from a frozen copy of the table (a later change to skills.yml needs `sift reparse` or a migration of its
own), and recounts those skills' vocabulary.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Frozen copies (tests check them against skills.yml and bot/search/expand.py at this revision).
BROADER = {
    "spark": ("pyspark", "spark sql", "spark streaming"),
    "html": ("html5",),
    "django": ("django rest framework",),
    "spring": ("spring boot",),
    "ruby": ("ruby on rails",),
    "pytorch": ("pytorch lightning",),
    "tensorflow": ("tensorflow lite",),
}
EXACT, ALIAS, TEXT = 1.0, 0.9, 0.3


def _recount(wide: str) -> None:
    op.execute(sa.text("DELETE FROM vocab WHERE field = 'skill' AND term = :wide").bindparams(wide=wide))
    op.execute(sa.text("""
        INSERT INTO vocab (workspace, field, term, df)
        SELECT workspace, 'skill', :wide, count(*) FROM posting
         WHERE field = 'skill' AND term = :wide GROUP BY workspace
    """).bindparams(wide=wide))


def upgrade() -> None:
    for wide, kinds in BROADER.items():
        op.execute(sa.text("""
            INSERT INTO posting (workspace, field, term, candidate_id, weight)
            SELECT DISTINCT k.workspace, 'skill', :wide, k.candidate_id, :alias
              FROM posting k
             WHERE k.field = 'skill' AND k.term IN :kinds
               AND NOT EXISTS (SELECT 1 FROM posting s WHERE s.workspace = k.workspace AND s.field = 'skill'
                                  AND s.term = :wide AND s.candidate_id = k.candidate_id)
        """).bindparams(sa.bindparam("kinds", expanding=True), wide=wide, kinds=list(kinds), alias=ALIAS))
        # The fused row of each (0004's sum): skill weight * EXACT plus the word's mention * TEXT.
        op.execute(sa.text("""
            INSERT INTO posting (workspace, field, term, candidate_id, weight)
            SELECT s.workspace, 'skilltext', :wide, s.candidate_id,
                   s.weight * :exact + COALESCE(
                       (SELECT t.weight * :text FROM posting t WHERE t.workspace = s.workspace AND t.field = 'text'
                           AND t.term = :wide AND t.candidate_id = s.candidate_id), 0.0)
              FROM posting s
             WHERE s.field = 'skill' AND s.term = :wide AND s.weight = :alias
               AND NOT EXISTS (SELECT 1 FROM posting f WHERE f.workspace = s.workspace AND f.field = 'skilltext'
                                  AND f.term = :wide AND f.candidate_id = s.candidate_id)
        """).bindparams(wide=wide, exact=EXACT, text=TEXT, alias=ALIAS))
        _recount(wide)
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))


def downgrade() -> None:
    for wide in BROADER:
        # Listed skills weigh 1.0; the alias-weight rows are the ones this revision adds.
        op.execute(sa.text("""
            DELETE FROM posting WHERE field = 'skilltext' AND term = :wide AND candidate_id IN (
                SELECT candidate_id FROM posting WHERE field = 'skill' AND term = :wide AND weight = :alias)
        """).bindparams(wide=wide, alias=ALIAS))
        op.execute(sa.text("DELETE FROM posting WHERE field = 'skill' AND term = :wide AND weight = :alias")
                   .bindparams(wide=wide, alias=ALIAS))
        _recount(wide)
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))
