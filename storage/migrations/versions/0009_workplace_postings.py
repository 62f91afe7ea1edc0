"""search: the places of a candidate's roles are postings of their own

Revision ID: 0009
Revises: 0008

Hand-written. `location:mumbai` read, besides where people live, any "Mumbai" in their resume's text, so a
school's line ("IIT Bombay, Mumbai") or a client's city counted as where they are. It now reads where they
live and where they work: bot/search/index.py writes a posting of field `workplace` for each place of each
role (the canonical place, the region it lies in and its country, as for the home's location), weighted
as its role is (the current or first role 1.0, older ones 0.85). This migration writes them for the
candidates already stored, from their experience rows, as printed: each comma-separated part of a role's
location, folded (the query looks a place up under all its names); `sift reparse` gives them their
canonical names, regions and countries. It counts their vocabulary rows and bumps each workspace's
index version.
"""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Frozen copies (a test checks them against the code of this revision).
WORKPLACE = "workplace"
CURRENT, EARLIER = 1.0, 0.85
_POSTCODE = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b|\b\d{6}\b")
BATCH = 5000


def _key(text: str) -> str:
    """bot.normalize.key for a place's name: folded words, punctuation gone ("München" -> "munchen")."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"[^\W_]+", folded))


def parts(location: str | None) -> list[str]:
    """The folded parts of a role's printed location: "San Jose, CA 95112" -> ["san jose", "ca"]."""
    return list(dict.fromkeys(k for p in re.split(r"[,/|]", location or "") if (k := _key(_POSTCODE.sub("", p)))))


def upgrade() -> None:
    bind = op.get_bind()
    op.execute(sa.text("DELETE FROM posting WHERE field = :f").bindparams(f=WORKPLACE))
    op.execute(sa.text("DELETE FROM vocab WHERE field = :f").bindparams(f=WORKPLACE))
    insert = sa.text("INSERT INTO posting (workspace, field, term, candidate_id, weight) "
                     "VALUES (:ws, :f, :t, :cid, :w)").bindparams(f=WORKPLACE)
    last = bind.execute(sa.text("SELECT max(candidate_id) FROM experience")).scalar() or 0
    for low in range(0, last + 1, BATCH):
        best: dict[tuple[str, int, str], float] = {}
        for ws, cid, position, location, end in bind.execute(sa.text(
                'SELECT workspace, candidate_id, position, location, "end" FROM experience '
                "WHERE candidate_id >= :low AND candidate_id < :high AND location IS NOT NULL"),
                {"low": low, "high": low + BATCH}):
            weight = CURRENT if position == 0 or end == "present" else EARLIER
            for part in parts(location):
                if best.get((ws, cid, part), 0.0) < weight:
                    best[(ws, cid, part)] = weight
        if best:
            bind.execute(insert, [{"ws": ws, "cid": cid, "t": t, "w": w} for (ws, cid, t), w in best.items()])
    op.execute(sa.text("""
        INSERT INTO vocab (workspace, field, term, df)
        SELECT workspace, field, term, count(*) FROM posting WHERE field = :f GROUP BY workspace, field, term
    """).bindparams(f=WORKPLACE))
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM posting WHERE field = :f").bindparams(f=WORKPLACE))
    op.execute(sa.text("DELETE FROM vocab WHERE field = :f").bindparams(f=WORKPLACE))
    op.execute(sa.text("UPDATE index_state SET version = version + 1"))
