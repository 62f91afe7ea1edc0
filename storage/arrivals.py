"""Who arrived in a window and which of them match a filter: the digest's question, asked cheaply.

A digest pass asks it for every filter, so it is split in two. SQL answers the narrow part, "which of the
window's candidates hold which of these terms", with one small query per field and batch of terms, always
the same shape (its compiled form is cached), run as index seeks over the week's arrivals; the filters of
one pass share the window and most of their terms, so each term is fetched once per pass. The plan's
AND / OR / NOT and scores are combined here exactly as storage.search.compile_plan does for /find (a test
checks they agree). One SQL statement per filter, as /find builds, cost more to compile than to run.
Functions take `*, session` and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session, col

from storage.models import Candidate, DigestEntry, Education, Posting
from storage.search import FILTERS, AllOf, AnyOf, IngestedSince, Match, NoneOf, Phrase, Plan, YearsCmp


def arrived(workspace: str, start: datetime, end: datetime) -> Select[Any]:
    """Ids of the workspace's candidates whose newest resume version arrived in [start, end)."""
    return select(col(Candidate.id)).where(
        col(Candidate.workspace) == workspace,
        col(Candidate.ingested_at) >= start,
        col(Candidate.ingested_at) < end,
    )


class Arrivals:
    """The candidates who arrived in one window and their postings, fetched a term at a time and kept
    for the other filters of the pass."""

    def __init__(self, workspace: str, start: datetime, end: datetime) -> None:
        self.workspace, self.start, self.end = workspace, start, end
        self.select = arrived(workspace, start, end)
        self.postings: dict[tuple[str, str], dict[int, float]] = {}
        self.facts: dict[int, tuple[datetime, float | None]] = {}
        self.texts: dict[int, str] = {}
        self.everyone: list[int] | None = None
        self.members: set[int] = set()

    def prefetch(self, session: Session, keys: Iterable[tuple[str, str]]) -> None:
        """Fetch many (field, term) keys at once: a pass asks for every filter's terms up front, in a few
        large queries instead of one small one per filter (each a round trip on PostgreSQL)."""
        by_field: dict[str, list[str]] = {}
        for f, t in keys:
            by_field.setdefault(f, []).append(t)
        for f, terms in by_field.items():
            self.fetch(session, f, terms, batch=2000)

    def fetch(self, session: Session, field: str, terms: Sequence[str], *, batch: int = 400) -> None:
        missing = [t for t in dict.fromkeys(terms) if (field, t) not in self.postings]
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            found: dict[str, dict[int, float]] = {t: {} for t in chunk}
            for cid, t, w in session.execute(
                select(col(Posting.candidate_id), col(Posting.term), col(Posting.weight)).where(
                    col(Posting.workspace) == self.workspace,
                    col(Posting.field) == field,
                    col(Posting.term).in_(chunk),
                    col(Posting.candidate_id).in_(self.select),
                )
            ):
                found[t][int(cid)] = float(w)
            for t, hits in found.items():
                self.postings[(field, t)] = hits

    def keys_of(
        self, session: Session, ids: Sequence[int], keys: Iterable[tuple[str, str]]
    ) -> dict[int, set[tuple[str, str]]]:
        """Which of `keys` each of these arrivals holds (what `why` is made of), from what is fetched."""
        wanted = set(keys)
        by_field: dict[str, list[str]] = {}
        for f, t in wanted:
            by_field.setdefault(f, []).append(t)
        for f, terms in by_field.items():
            self.fetch(session, f, terms)
        out: dict[int, set[tuple[str, str]]] = {i: set() for i in ids}
        for k in wanted:
            hits = self.postings[k]
            for i in ids:
                if i in hits:
                    out[i].add(k)
        return out

    def ids(self, session: Session) -> list[int]:
        if self.everyone is None:
            everyone = [int(c) for c in session.execute(self.select).scalars()]
            self.members = set(everyone)  # before `everyone`: another thread reads both once it is set
            self.everyone = everyone
        return self.everyone

    def id_set(self, session: Session) -> set[int]:
        self.ids(session)
        return self.members

    def load(self, session: Session, ids: Sequence[int], *, phrases: bool = False) -> None:
        """Arrival time, years and (for phrases) the folded text of these candidates, once each.

        The filters of a pass run in threads sharing this object: entries are only ever added, never
        replaced, so one thread's load cannot take away what another has just read."""
        want = [c for c in ids if c not in self.facts]
        for i in range(0, len(want), 500):
            for cid, ingested, years in session.execute(
                select(col(Candidate.id), col(Candidate.ingested_at), col(Candidate.years_experience)).where(
                    col(Candidate.id).in_(want[i : i + 500])
                )
            ):
                self.facts.setdefault(int(cid), (ingested, years))
        if phrases:
            want = [c for c in ids if c not in self.texts]
            for i in range(0, len(want), 500):
                for cid, text in session.execute(
                    select(col(Candidate.id), col(Candidate.search_text)).where(
                        col(Candidate.id).in_(want[i : i + 500])
                    )
                ):
                    self.texts.setdefault(int(cid), text or "")


class _Eval:
    """A plan's AND / OR / NOT and scores among one window's arrivals, as storage.search.compile_plan
    computes them in SQL (a match counts posting weight x key weight, the best key per candidate; OR and
    AND add up). A test checks the two agree."""

    def __init__(self, session: Session, arrivals: Arrivals) -> None:
        self.s, self.a = session, arrivals

    def plan(self, plan: Plan) -> dict[int, float]:
        if isinstance(plan, Match):
            return self.match(plan)
        if isinstance(plan, AnyOf):
            out: dict[int, float] = {}
            for item in plan.items:
                for cid, w in self.plan(item).items():
                    out[cid] = out.get(cid, 0.0) + w
            return out
        if isinstance(plan, NoneOf | YearsCmp | IngestedSince | Phrase):
            return self.plan(AllOf((plan,)))
        assert isinstance(plan, AllOf)
        positives = [p for p in plan.items if not isinstance(p, (NoneOf, *FILTERS))]
        conds = [p for p in plan.items if isinstance(p, FILTERS)]
        result: dict[int, float] | None = None
        for p in positives:
            part = self.plan(p)
            result = part if result is None else {c: w + part[c] for c, w in result.items() if c in part}
            if not result:
                return {}
        if result is None:
            result = dict.fromkeys(self.a.ids(self.s), 0.0)
        if conds:
            self.a.load(self.s, list(result), phrases=any(isinstance(c, Phrase) for c in conds))
            result = {c: w for c, w in result.items() if all(self.holds(c, f) for f in conds)}
        for item in plan.items:
            if isinstance(item, NoneOf) and result:
                excluded = self.plan(item.item)
                result = {c: w for c, w in result.items() if c not in excluded}
        return result

    def match(self, m: Match) -> dict[int, float]:
        best: dict[tuple[str, str], float] = {}
        for k in m.keys:
            best[(k.field, k.term)] = max(best.get((k.field, k.term), 0.0), k.weight)
        by_field: dict[str, list[str]] = {}
        for f, t in best:
            by_field.setdefault(f, []).append(t)
        out: dict[int, float] = {}
        for f, terms in by_field.items():
            self.a.fetch(self.s, f, terms)
            for t in terms:
                kw = best[(f, t)]
                for cid, pw in self.a.postings[(f, t)].items():
                    w = pw * kw
                    if w > out.get(cid, float("-inf")):
                        out[cid] = w
        return out

    def holds(self, cid: int, f: Plan) -> bool:
        ingested, years = self.a.facts[cid]
        if isinstance(f, YearsCmp):
            if years is None:
                return False
            return {
                ">=": years >= f.value,
                ">": years > f.value,
                "<=": years <= f.value,
                "<": years < f.value,
                "=": years == f.value,
            }[f.op]
        if isinstance(f, IngestedSince):
            return ingested >= f.when
        assert isinstance(f, Phrase)
        return f" {f.words} " in self.a.texts.get(cid, "")


def plan_keys(plan: Plan) -> set[tuple[str, str]]:
    """Every (field, term) a plan looks up, negated ones included."""
    if isinstance(plan, Match):
        return {(k.field, k.term) for k in plan.keys}
    if isinstance(plan, AllOf | AnyOf):
        return set().union(*(plan_keys(p) for p in plan.items)) if plan.items else set()
    if isinstance(plan, NoneOf):
        return plan_keys(plan.item)
    return set()


def new_matches(
    *,
    session: Session,
    workspace: str,
    filter_id: int,
    plan: Plan,
    start: datetime,
    end: datetime,
    period: str | None = None,
    arrivals: Arrivals | None = None,
) -> list[tuple[int, float]]:
    """(candidate id, score), ranked as /find ranks: arrived in [start, end), match `plan` now, and were
    never listed by this filter. Candidates reserved by the run `period` itself count as not listed (a
    retried run keeps them). `arrivals` may be shared by the filters of one pass with this same window."""
    if arrivals is None or (arrivals.workspace, arrivals.start, arrivals.end) != (workspace, start, end):
        arrivals = Arrivals(workspace, start, end)
    scores = _Eval(session, arrivals).plan(plan)
    if not scores:
        return []
    listed = select(col(DigestEntry.candidate_id)).where(col(DigestEntry.filter_id) == filter_id)
    if period is not None:
        listed = listed.where(col(DigestEntry.period) != period)
    taken = {int(c) for c in session.execute(listed).scalars()}
    ids = [c for c in scores if c not in taken]
    arrivals.load(session, ids)
    ids.sort(key=lambda c: (-scores[c], -arrivals.facts[c][0].timestamp(), -c))
    return [(c, scores[c]) for c in ids]


@dataclass(frozen=True)
class CardFacts:
    """What a compact digest card shows, read without the stored resume (a pass shows thousands)."""

    id: int
    name: str | None
    title: str | None
    company: str | None
    location: str | None
    years: float | None
    skills: list[str]
    corrections: dict[str, Any]
    education: Education | None


def for_cards(*, session: Session, workspace: str, ids: Sequence[int]) -> dict[int, CardFacts]:
    """The candidates of one digest with each one's first education row, in two queries.

    Looked up by id alone and the workspace checked on the rows: given `workspace = ? AND id IN (...)`,
    SQLite's planner prefers the covering (workspace, ...) index and reads the whole workspace."""
    if not ids:
        return {}
    first: dict[int, Education] = {}
    for e in session.execute(
        select(Education)
        .where(col(Education.candidate_id).in_(list(ids)))
        .order_by(col(Education.candidate_id), col(Education.position))
    ).scalars():
        first.setdefault(e.candidate_id, e)
    rows = session.execute(
        select(
            col(Candidate.id),
            col(Candidate.name),
            col(Candidate.title),
            col(Candidate.company),
            col(Candidate.location),
            col(Candidate.years_experience),
            col(Candidate.skills),
            col(Candidate.corrections),
            col(Candidate.workspace),
        ).where(col(Candidate.id).in_(list(ids)))
    )
    return {
        int(r[0]): CardFacts(
            int(r[0]), r[1], r[2], r[3], r[4], r[5], list(r[6] or []), dict(r[7] or {}), first.get(int(r[0]))
        )
        for r in rows
        if r[8] == workspace
    }
