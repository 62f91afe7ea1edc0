"""search: every internship is findable by the title word `intern`

Revision ID: 0006
Revises: 0005

Hand-written. The reader takes "(Internship)" out of a title into the role's internship flag ("Applied
Scientist (Internship)" is the title Applied Scientist, an internship), so `/find intern`, `title:intern`
and `data scientist -intern` missed such roles. bot/search/index.py now gives an internship whose title
has no word "intern" a title posting "intern", weighted as its title is (the current or first role 1.0,
older ones 0.85). This migration writes it for the candidates already stored, from their experience rows
(a few per candidate, read in Python with a frozen copy of the word rule), recounts the word's vocabulary
and bumps each workspace's index version.
"""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Frozen copies (a test checks them against bot/search/index.py at this revision).
INTERN = "intern"
CURRENT, EARLIER = 1.0, 0.85


def _words(title: str | None) -> list[str]:
    """The title's folded words, as bot.normalize.key splits them (enough to tell whether "intern" is one)."""
    folded = unicodedata.normalize("NFKD", title or "").casefold()
    return re.findall(r"[^\W_]+", folded)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("""
        SELECT workspace, candidate_id, position, title, "end" FROM experience WHERE internship = :yes
    """).bindparams(yes=True)).all()
    best: dict[tuple[str, int], float] = {}
    for ws, cid, position, title, end in rows:
        if INTERN in _words(title):
            continue
        weight = CURRENT if position == 0 or end == "present" else EARLIER
        best[(ws, cid)] = max(best.get((ws, cid), 0.0), weight)
    if not best:
        return
    have = {(ws, cid): w for ws, cid, w in bind.execute(sa.text(
        "SELECT workspace, candidate_id, weight FROM posting WHERE field = 'title' AND term = :t").bindparams(t=INTERN))}
    new = [{"ws": ws, "cid": cid, "w": w} for (ws, cid), w in best.items() if (ws, cid) not in have]
    raised = [{"ws": ws, "cid": cid, "w": w} for (ws, cid), w in best.items() if (ws, cid) in have and have[(ws, cid)] < w]
    if new:
        bind.execute(sa.text("INSERT INTO posting (workspace, field, term, candidate_id, weight) "
                             "VALUES (:ws, 'title', :t, :cid, :w)").bindparams(t=INTERN), new)
    if raised:
        bind.execute(sa.text("UPDATE posting SET weight = :w WHERE workspace = :ws AND field = 'title' "
                             "AND term = :t AND candidate_id = :cid").bindparams(t=INTERN), raised)
    _recount()
    for ws in {ws for ws, _ in best}:
        bind.execute(sa.text("UPDATE index_state SET version = version + 1 WHERE workspace = :ws"), {"ws": ws})


def _recount() -> None:
    op.execute(sa.text("DELETE FROM vocab WHERE field = 'title' AND term = :t").bindparams(t=INTERN))
    op.execute(sa.text("""
        INSERT INTO vocab (workspace, field, term, df)
        SELECT workspace, 'title', :t, count(*) FROM posting WHERE field = 'title' AND term = :t GROUP BY workspace
    """).bindparams(t=INTERN))


def downgrade() -> None:
    # Only the rows this revision adds: a role titled "Intern" keeps its own posting.
    op.execute(sa.text("""
        DELETE FROM posting WHERE field = 'title' AND term = :t AND NOT EXISTS (
            SELECT 1 FROM experience x WHERE x.candidate_id = posting.candidate_id AND lower(x.title) = :t)
    """).bindparams(t=INTERN))
    _recount()
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))
