"""What a digest looks like: compact candidate cards with `why`, and the message around them.

Neutral Card and Reply, rendered natively by each platform's notifier.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlmodel import Session

from bot import schedule as sched
from bot.cards import TOP_SKILLS, education_line
from bot.reply import Card, Reply
from bot.search import expand as ex
from bot.search.engine import Searcher
from storage import arrivals as arrivals_store
from storage import search as sstore
from storage.models import SavedFilter


def cards(
    searcher: Searcher,
    s: Session,
    workspace: str,
    ids: list[int],
    e: ex.Expansion,
    arrivals: arrivals_store.Arrivals | None = None,
) -> list[Card]:
    """Compact cards, built in a few queries for the whole digest (a pass builds thousands). What each
    candidate matched comes from the pass's fetched arrivals where it can (no query per digest)."""
    if not ids:
        return []
    facts = arrivals_store.for_cards(session=s, workspace=workspace, ids=ids)
    keys = {(k.field, k.term) for k in e.positive}
    found: dict[int, set[tuple[str, str]]] = {}
    if arrivals is not None:
        window = arrivals.id_set(s)
        found = arrivals.keys_of(s, [i for i in ids if i in window], keys)
    outside = [i for i in ids if i not in found]  # e.g. held over by a retried run from an older window
    if outside:
        found.update(sstore.matched(session=s, workspace=workspace, candidate_ids=outside, keys=e.positive))
    schools = (
        sstore.field_terms(session=s, workspace=workspace, candidate_ids=ids, field="school")
        if any(w.group for w in e.why.values())
        else {}
    )
    out = []
    for cid in ids:
        c = facts.get(cid)
        if c is None:
            continue  # forgotten since
        edu = education_line(c.education) if c.education is not None else ""
        # Digests go to channels whose privacy the scheduler cannot see: no contact details.
        out.append(
            Card(
                candidate_id=cid,
                name=c.corrections.get("name") or c.name,
                headline=" at ".join(x for x in (c.title, c.company) if x) or None,
                location=c.corrections.get("location") or c.location,
                years=c.years,
                education=[edu] if edu else [],
                skills=c.skills[:TOP_SKILLS],
                why=searcher.why(found.get(cid, set()), e, schools.get(cid, [])),
            )
        )
    return out


def reply(f: SavedFilter, tz: str, shown: list[Card], total: int, since: datetime, now: datetime) -> Reply:
    """The message: "3 new candidates for ml-iit · python iit since Mon 17 Nov", a line per card, then
    "and 14 more — /find python iit since:7d" beyond the top ten."""
    day = sched.local_day(since, tz)
    if total == 0:
        header = f"No new candidates for {f.name} · {f.query} since {day}"
        return Reply(header + ".", title=header, ephemeral=False)
    header = f"{total} new candidate{'s' if total != 1 else ''} for {f.name} · {f.query} since {day}"
    lines = [header]
    for c in shown:
        facts = " · ".join(x for x in (c.headline, c.location) if x)
        lines.append(
            f"• {c.title}" + (f" — {facts}" if facts else "") + (f"  [{' · '.join(c.why)}]" if c.why else "")
        )
    notes = []
    if total > len(shown):
        days = max(1, math.ceil((now - since).total_seconds() / 86400))
        more = f"and {total - len(shown)} more — /find {f.query} since:{days}d"
        lines.append(more)
        notes.append(more)
    return Reply(
        "\n".join(lines),
        title=header,
        cards=shown,
        notes=notes,
        ephemeral=False,
        candidate_ids=[c.candidate_id for c in shown],
    )
