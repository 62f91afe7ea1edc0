"""/find from end to end: parse, expand against the workspace's vocabulary, run in SQL, explain."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from bot.ingest import display_name
from bot.resume.taxonomy import Taxonomy, load
from bot.search import expand as ex
from bot.search import query as q
from bot.search.vocab import VocabularyCache
from storage import search as store

MAX_LIMIT = 500


@dataclass
class Hit:
    id: int
    name: str | None
    emails: list[str]
    files: list[str]
    score: float
    why: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "emails": self.emails, "files": self.files,
                "score": round(self.score, 4), "why": self.why}


@dataclass
class FindResult:
    query: str
    interpreted: str
    total: int
    results: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    offset: int = 0
    limit: int = 10

    def as_json(self) -> dict[str, Any]:
        return {"query": self.query, "interpreted": self.interpreted, "total": self.total,
                "results": [h.as_json() for h in self.results], "notes": self.notes,
                "offset": self.offset, "limit": self.limit}


class Searcher:
    """Holds what is worth keeping between queries: the taxonomy and each workspace's vocabulary."""

    def __init__(self, tax: Taxonomy | None = None, *, fused: bool = True) -> None:
        self.tax = tax or load()
        self.vocab = VocabularyCache()
        self.fused = fused  # False: answer from the raw postings only (bench/search.py compares the two)

    def find(self, *, session: Session, workspace: str, text: str, limit: int = 10, offset: int = 0,
             today: date | None = None) -> FindResult:
        limit = max(1, min(limit, MAX_LIMIT))
        offset = max(0, offset)
        parsed = q.parse(text, today=today)
        if parsed.node is None:
            return FindResult(text, "", 0, [], [*parsed.notes, "nothing to search for: try /find python iit"],
                              offset, limit)
        vocab = self.vocab.get(session, workspace)
        expansion = ex.expand(parsed.node, self.tax, vocab)
        assert expansion.plan is not None
        plan = expansion.plan if self.fused else store.without_fused(expansion.plan)
        total, rows = store.run(session=session, workspace=workspace, plan=plan, limit=limit, offset=offset,
                                sizes=vocab.size)
        hits = self._hits(session, workspace, rows, expansion)
        return FindResult(text, expansion.interpreted, total, hits, [*parsed.notes, *expansion.notes], offset, limit)

    def _hits(self, session: Session, workspace: str, rows: list[tuple[int, float]], e: ex.Expansion) -> list[Hit]:
        ids = [cid for cid, _ in rows]
        if not ids:
            return []
        found = store.matched(session=session, workspace=workspace, candidate_ids=ids, keys=e.positive)
        groups = {w.group for w in e.why.values() if w.group}
        schools = store.field_terms(session=session, workspace=workspace, candidate_ids=ids, field="school") \
            if groups else {}
        cards = store.cards(session=session, workspace=workspace, candidate_ids=ids)  # one look-up per page
        out: list[Hit] = []
        for cid, score in rows:
            if cid not in cards:
                continue
            card = cards[cid]
            out.append(Hit(cid, display_name(card), card.emails, card.files,  # type: ignore[arg-type]
                           score, self.why(found.get(cid, set()), e, schools.get(cid, []))))
        return out

    def why(self, keys: set[tuple[str, str]], e: ex.Expansion, schools: list[str]) -> list[str]:
        # A title word is told by the title holding it ("title Senior Software Engineer"), when that is one
        # of the titles `why` knows (the first MAX_PARTIAL of them).
        titled = any(f == "title" for f, _ in keys)
        structured = sorted((k for k in keys if k[0] != "text" and not (titled and k[0] == store.TITLE_WORD)),
                            key=lambda k: (k[0] == "name", k))
        text = sorted(k for k in keys if k[0] == "text")
        out: list[str] = []
        for k in [*structured, *text]:
            w = e.why.get(k)
            if w is None:
                continue
            label = w.label
            if w.group:
                members = [s for s in schools if (inst := self.tax.institution(s)) and w.group in inst.groups]
                inst = self.tax.institution(members[0]) if members else None
                label = f"school {ex._short(inst.name, inst.aliases)}" if inst else f"school ({w.group})"
            if w.note:
                label = f"{label} ({w.note})"
            if label not in out:
                out.append(label)
        # A structured match says it better than the same word found in the text.
        said = {lbl.split(" ", 1)[-1].split(" (")[0] for lbl in out if not lbl.startswith("mentions ")}
        return [lbl for lbl in out if not (lbl.startswith("mentions ") and lbl[9:].split(" (")[0] in said)][:8]
