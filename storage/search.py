"""The search index in SQL: keep postings and vocabulary current, and answer compiled queries.

A query arrives as a small plan (built by bot/search from what the person typed): `Match` nodes name
(field, term, weight) keys, combined by AllOf / AnyOf / NoneOf, with filters on years and arrival time.
Every value is a bound parameter; no query text is ever spliced into SQL.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    delete,
    func,
    insert,
    intersect,
    literal,
    literal_column,
    null,
    or_,
    select,
    table,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage.models import Candidate, IndexState, Posting, ResumeFile, Vocab


@dataclass(frozen=True)
class Key:
    field: str
    term: str
    weight: float = 1.0


@dataclass(frozen=True)
class Match:
    """Candidates with any of the keys, scored by their best key (the key's weight times the posting's).

    `fused`, when set (a typo's Match over a skill and the word in the text), says that the skill key
    `("skill", fused.term)` weighs `fused.weight`, the most of any key here, so that every holder of the
    skill scores exactly that (skill postings weigh 1.0): they are read from the fused postings (AnyOf),
    and only the others' keys are grouped."""

    keys: tuple[Key, ...]
    fused: Key | None = None


@dataclass(frozen=True)
class AllOf:
    items: tuple[Plan, ...]


@dataclass(frozen=True)
class AnyOf:
    """Candidates matching any item, scored by the sum of the items they match.

    `fused`, when set, names postings that already hold this OR's answer for the candidates of its first
    item: the OR is then (first item's match, second item's key) with the second a text or pair key, and
    each `fused` posting weighs the candidate's whole score (bot/search/index.py writes them, the
    expander decides when a query may use them). The rest, who match the second item only, score its
    key's weight (text and pair postings always weigh 1.0). Same candidates, same scores, fewer rows."""

    items: tuple[Plan, ...]
    fused: Key | None = None


@dataclass(frozen=True)
class NoneOf:
    item: Plan


@dataclass(frozen=True)
class YearsCmp:
    op: str
    value: float


@dataclass(frozen=True)
class IngestedSince:
    when: datetime


@dataclass(frozen=True)
class Phrase:
    """The folded words in this order in the resume text; only meaningful inside an AllOf with matches."""

    words: str


Plan = Match | AllOf | AnyOf | NoneOf | YearsCmp | IngestedSince | Phrase
# Parts of an AND that only narrow it (no score of their own): the store's arrivals query uses them too.
FILTERS = (YearsCmp, IngestedSince, Phrase)

# -- writing -------------------------------------------------------------------------------------------
# Posting fields with no vocabulary rows: word pairs are many (most seen once) and never typed as words,
# so neither typos nor containment look at them.
# Fused postings (FUSED, see AnyOf) restate a skill and its mention: no word of their own either.
FUSED = "skilltext"
NO_VOCAB = frozenset({"pair", FUSED})
# Title word postings: each word of the candidate's titles, weighted as its best title ("engineer" of a
# "Senior Software Engineer"): a title containing a word is one posting list, not one per title of the
# workspace. Their vocabulary rows count candidates for planning; they are nobody's word to type.
TITLE_WORD = "titleword"
WORKPLACE = "workplace"  # the places of a candidate's roles (location: the home's)


def _upsert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def replace_postings(*, session: Session, workspace: str, candidate_id: int,
                     postings: dict[tuple[str, str], float]) -> None:
    """Make the candidate's postings equal `postings`, keeping the vocabulary's document counts right."""
    current = {(f, t): w for f, t, w in session.execute(
        select(col(Posting.field), col(Posting.term), col(Posting.weight)).where(col(Posting.candidate_id) == candidate_id))}
    gone = [k for k in current if k not in postings]
    new = [k for k in postings if k not in current]
    changed = [k for k in postings if k in current and current[k] != postings[k]]
    if gone:
        session.execute(delete(Posting).where(
            col(Posting.candidate_id) == candidate_id,
            tuple_(col(Posting.field), col(Posting.term)).in_(gone)))
    if new:
        session.execute(insert(Posting), [
            {"workspace": workspace, "field": f, "term": t, "candidate_id": candidate_id, "weight": postings[(f, t)]}
            for f, t in new])
    for f, t in changed:
        session.execute(update(Posting).where(
            col(Posting.workspace) == workspace, col(Posting.field) == f, col(Posting.term) == t,
            col(Posting.candidate_id) == candidate_id).values(weight=postings[(f, t)]))
    new_words = [(f, t) for f, t in new if f not in NO_VOCAB]
    gone_words = [(f, t) for f, t in gone if f not in NO_VOCAB]
    if new_words:
        ins = _upsert(session)(Vocab).values([{"workspace": workspace, "field": f, "term": t, "df": 1}
                                              for f, t in new_words])
        session.execute(ins.on_conflict_do_update(
            index_elements=["workspace", "field", "term"], set_={"df": col(Vocab.df) + 1}))
    if gone_words:
        session.execute(update(Vocab).where(
            col(Vocab.workspace) == workspace, tuple_(col(Vocab.field), col(Vocab.term)).in_(gone_words)).values(df=col(Vocab.df) - 1))
        session.execute(delete(Vocab).where(col(Vocab.workspace) == workspace, col(Vocab.df) <= 0))
    if gone or new:
        bump_version(session=session, workspace=workspace)


def add_postings(*, session: Session, workspace: str,
                 postings: Mapping[int, Mapping[tuple[str, str], float]]) -> None:
    """Index many candidates that have no postings yet, in a few statements: the bulk form of
    `replace_postings` for new candidates (the same rows and document counts), for fills and rebuilds."""
    rows = sorted(((f, t, cid, w) for cid, ps in postings.items() for (f, t), w in ps.items()))
    if not rows:
        return
    conn = session.connection()  # Core executemany: the ORM's bulk path costs more than the inserts
    conn.execute(Posting.__table__.insert(), [  # type: ignore[attr-defined]
        {"workspace": workspace, "field": f, "term": t, "candidate_id": cid, "weight": w} for f, t, cid, w in rows])
    df = Counter((f, t) for f, t, _, _ in rows if f not in NO_VOCAB)
    table = Vocab.__table__  # type: ignore[attr-defined]
    ins = _upsert(session)(table)
    if df:
        conn.execute(ins.on_conflict_do_update(index_elements=["workspace", "field", "term"],
                                               set_={"df": table.c.df + ins.excluded.df}),
                     [{"workspace": workspace, "field": f, "term": t, "df": n} for (f, t), n in df.items()])
    bump_version(session=session, workspace=workspace)


def bump_version(*, session: Session, workspace: str) -> None:
    ins = _upsert(session)(IndexState).values(workspace=workspace, version=1)
    session.execute(ins.on_conflict_do_update(index_elements=["workspace"], set_={"version": col(IndexState.version) + 1}))


def index_version(*, session: Session, workspace: str) -> int:
    v = session.execute(select(col(IndexState.version)).where(col(IndexState.workspace) == workspace)).scalar()
    return int(v or 0)


def vocabulary(*, session: Session, workspace: str) -> list[tuple[str, str, int]]:
    return [(f, t, int(df)) for f, t, df in session.execute(
        select(col(Vocab.field), col(Vocab.term), col(Vocab.df)).where(col(Vocab.workspace) == workspace))]


# -- reading -------------------------------------------------------------------------------------------


def _best(m: Match) -> dict[tuple[str, str], float]:
    best: dict[tuple[str, str], float] = {}
    for k in m.keys:
        best[(k.field, k.term)] = max(best.get((k.field, k.term), 0.0), k.weight)
    return best


def _on(p: Any, workspace: str, field: str, terms: Sequence[str]) -> list[Any]:
    """Conditions for the postings (of table or alias `p`) of one field and some terms: an index range each."""
    return [col(p.workspace) == workspace, col(p.field) == field,
            col(p.term).in_(terms) if len(terms) > 1 else col(p.term) == terms[0]]


def _by_field_and_weight(keys: Mapping[tuple[str, str], float]) -> dict[tuple[str, float], list[str]]:
    """Keys sharing a field and a weight, read together (`term IN`)."""
    groups: dict[tuple[str, float], list[str]] = {}
    for (f, t), w in keys.items():
        groups.setdefault((f, w), []).append(t)
    return groups


def _fused_parts(plan: AnyOf | Match) -> tuple[Key, dict[tuple[str, str], float]]:
    """A fused node's mention key and its other keys (all but the skill and the mention)."""
    assert plan.fused is not None
    term = plan.fused.term
    if isinstance(plan, Match):
        best = _best(plan)
        return Key("text", term, best[("text", term)]), \
            {k: w for k, w in best.items() if k not in {("skill", term), ("text", term)}}
    first, second = plan.items
    assert isinstance(first, Match) and isinstance(second, Match) and len(second.keys) == 1
    return second.keys[0], {k: w for k, w in _best(first).items() if k != ("skill", term)}


def _match(workspace: str, m: Match) -> Select[Any, Any]:
    if m.fused is not None:
        mention, others = _fused_parts(m)
        return _split(workspace, m.fused.term, literal(m.fused.weight, Float), mention, others, add=False)
    best = _best(m)
    if len(best) == 1:
        (f, t), w = next(iter(best.items()))
        return select(col(Posting.candidate_id).label("candidate_id"),
                      (col(Posting.weight) * w).label("w")).where(
            col(Posting.workspace) == workspace, col(Posting.field) == f, col(Posting.term) == t)
    # How much each key counts comes from the query (exact > alias > typo), times the posting's own weight;
    # a candidate counts their best key. Keys sharing a field and a weight are read together (`term IN`, one
    # index range per term), so no per-row CASE over hundreds of keys ("engineer" -> every title with it).
    parts: list[Select[Any, Any]] = [select(col(Posting.candidate_id).label("candidate_id"),
                                            (col(Posting.weight) * w).label("w")).where(*_on(Posting, workspace, f, terms))
                                     for (f, w), terms in _by_field_and_weight(best).items()]
    u = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
    return select(u.c.candidate_id, func.max(u.c.w).label("w")).group_by(u.c.candidate_id)


_BIG = 10**12  # size of a part nobody can estimate: never a driver


def _estimate(plan: Plan, sizes: Sizes, *, rows: bool = False) -> int:
    """How many candidates a positive part matches, from document counts: an upper bound, except for a
    fused OR, which counts its larger side (nearly everyone with a skill also mentions it). `rows`: how
    many posting rows reading the part costs instead (both sides of a fused OR)."""
    if isinstance(plan, Match):
        return sum(_BIG if (n := sizes(k.field, k.term)) is None else n for k in plan.keys)
    if isinstance(plan, AnyOf):
        sides = [_estimate(p, sizes, rows=rows) for p in plan.items]
        return max(sides) if plan.fused is not None and not rows else sum(sides)
    if isinstance(plan, AllOf):
        parts = [_estimate(p, sizes, rows=rows) for p in plan.items if not isinstance(p, (NoneOf, *FILTERS))]
        return min(parts) if parts else _BIG
    return _BIG


def _constant(plan: Plan) -> tuple[str, str, float] | None:
    """(field, term, weight) of a match of one text word or word pair: its postings all weigh 1.0
    (bot/search/index.py), so whoever has it scores the key's weight."""
    if not isinstance(plan, Match) or plan.fused is not None or len(best := _best(plan)) != 1:
        return None
    ((f, t), w), = best.items()
    return (f, t, w) if f in ("text", "pair") else None


def _probeable(plan: Plan) -> bool:
    """Matches, ORs and ANDs of them: a candidate's score needs its postings only (no candidate row)."""
    if isinstance(plan, Match):
        return True
    if isinstance(plan, AnyOf | AllOf):
        return all(_probeable(p) for p in plan.items)
    return False


def _driver(positives: list[Plan], sizes: Sizes, probe: float) -> int | None:
    """Which part of an AND to read, the others being looked up per candidate, if that is cheaper than
    reading (and joining) all of them; `probe` is a look-up's cost in posting rows read."""
    est = [_estimate(p, sizes) for p in positives]
    i = min(range(len(est)), key=est.__getitem__)
    others = [j for j in range(len(positives)) if j != i]
    if est[i] >= _BIG or not all(_probeable(positives[j]) for j in others):
        return None
    looked_up = est[i] * (1 + probe * sum(_matches(positives[j]) for j in others))
    read = sum(min(_estimate(p, sizes, rows=True), _BIG) for p in positives)
    return i if looked_up < read else None


def _any_of_matches(workspace: str, plan: AnyOf) -> Select[Any, Any] | None:
    """An OR of matches ("python" = skill or text; "(java OR kotlin)") in one grouping pass instead of one
    per nested OR and per many-key match: every key's rows tagged with their match, then per candidate
    each match's best row, added up along the plan's own nesting. None if the plan has other parts, or if
    it is already a single pass (an OR of one-key matches)."""
    matches: list[Match] = []

    def walk(p: Plan) -> Any:
        if isinstance(p, AnyOf | Match) and p.fused is not None:
            return None  # its own fused rows beat reading and grouping both of its posting lists
        if isinstance(p, AnyOf):
            parts = [walk(i) for i in p.items]
            return None if any(x is None for x in parts) else ("or", parts)
        if isinstance(p, Match):
            matches.append(p)
            return ("match", len(matches) - 1)
        return None

    tree = walk(plan)
    if tree is None or not (any(isinstance(i, AnyOf) for i in plan.items) or any(len(_best(m)) > 1 for m in matches)):
        return None
    rows: list[Select[Any, Any, Any]] = []
    for i, m in enumerate(matches):
        for (f, w), terms in _by_field_and_weight(_best(m)).items():
            rows.append(select(col(Posting.candidate_id).label("candidate_id"),
                               (col(Posting.weight) * w).label("w"), literal(i).label("g")).where(
                *_on(Posting, workspace, f, terms)))
    if not rows:
        return select(literal(0).label("candidate_id"), literal(0.0).label("w")).where(literal(False))
    u = rows[0].union_all(*rows[1:]).subquery() if len(rows) > 1 else rows[0].subquery()

    def expr(node: Any) -> Any:
        if node[0] == "match":  # this match's best key for the candidate, 0 if none (adding 0 is exact)
            return func.coalesce(func.max(case((u.c.g == node[1], u.c.w))), 0.0)
        parts = [expr(n) for n in node[1]]
        # Kept apart in a call (never NULL, so coalesce is the identity): SQLAlchemy renders a + (b + c) as
        # a + b + c, and float addition is not associative.
        return func.coalesce(sum(parts[1:], parts[0]), 0.0)

    return select(u.c.candidate_id, expr(tree).label("w")).group_by(u.c.candidate_id)


def _fused(workspace: str, plan: AnyOf) -> Select[Any, Any]:
    """An OR that has fused postings (see AnyOf): the skill holders' whole score is their fused posting
    (the skill is the best key a match can have, so the first item's other keys change nothing for them);
    everyone else scores the OR of the other keys and the mention."""
    assert plan.fused is not None
    mention, others = _fused_parts(plan)
    return _split(workspace, plan.fused.term, col(Posting.weight) * plan.fused.weight, mention, others, add=True)


def _split(workspace: str, term: str, holders: Any, mention: Key, others: dict[tuple[str, str], float], *,
           add: bool) -> Select[Any, Any]:
    """(candidate_id, w) for a skill's holders, read from its fused postings with the score `holders`,
    and for everyone else with the `mention` or one of the `others` keys, without grouping the many.
    Three disjoint parts: the holders; the mention's candidates without the skill or any other key, at the
    mention's weight (one sorted posting list minus another: a merge, no sort, on SQLite); and the few
    with another key ("java developer"), grouped: their best key, then the mention `add`ed to it (an OR,
    as _any_of_matches adds) or the better of the two (a Match)."""
    skilled: Select[Any, Any] = select(col(Posting.candidate_id).label("candidate_id"), holders.label("w")).where(
        *_on(Posting, workspace, FUSED, [term]))
    unskilled = select(col(Posting.candidate_id).label("candidate_id")).where(
        *_on(Posting, workspace, mention.field, [mention.term]),
    ).except_(select(col(Posting.candidate_id)).where(*_on(Posting, workspace, FUSED, [term]))) \
        .order_by("candidate_id").subquery()
    if not others:
        return select(*skilled.union_all(
            select(unskilled.c.candidate_id, literal(mention.weight, Float).label("w"))).subquery().c)
    by_field: dict[str, list[str]] = {}
    for f, t in others:
        by_field.setdefault(f, []).append(t)
    other_ids = union_all(*[select(col(Posting.candidate_id)).where(*_on(Posting, workspace, f, ts))
                            for f, ts in by_field.items()])
    plain = select(unskilled.c.candidate_id, literal(mention.weight, Float).label("w")).where(
        unskilled.c.candidate_id.not_in(other_ids))
    held = aliased(Posting)
    rows = union_all(*[
        select(col(Posting.candidate_id).label("candidate_id"), (col(Posting.weight) * w).label("w")).where(
            *_on(Posting, workspace, f, ts), ~select(col(held.candidate_id)).where(
                *_on(held, workspace, FUSED, [term]), col(held.candidate_id) == col(Posting.candidate_id)).exists())
        for (f, w), ts in _by_field_and_weight(others).items()]).subquery()
    best = select(rows.c.candidate_id, func.max(rows.c.w).label("w")).group_by(rows.c.candidate_id).subquery()
    said = select((col(Posting.weight) * mention.weight).label("w")).where(
        *_on(Posting, workspace, mention.field, [mention.term]), col(Posting.candidate_id) == best.c.candidate_id,
    ).correlate(best).scalar_subquery()
    score: Any = func.coalesce(func.coalesce(best.c.w, 0.0) + func.coalesce(said, 0.0), 0.0) if add else \
        case((said.is_(None), best.c.w), (said > best.c.w, said), else_=best.c.w)  # SQL's max(a, NULL) is NULL
    keyed = select(best.c.candidate_id, score.label("w"))
    return select(*union_all(skilled, plain, keyed).subquery().c)


def _as_match(keys: Mapping[tuple[str, str], float]) -> Match:
    return Match(tuple(Key(f, t, w) for (f, t), w in keys.items()))


def without_fused(plan: Plan) -> Plan:
    """The same plan answered from the raw postings only: same candidates, same scores (for comparing)."""
    if isinstance(plan, AnyOf):
        return AnyOf(tuple(without_fused(p) for p in plan.items))
    if isinstance(plan, AllOf):
        return AllOf(tuple(without_fused(p) for p in plan.items))
    if isinstance(plan, NoneOf):
        return NoneOf(without_fused(plan.item))
    if isinstance(plan, Match):
        return Match(plan.keys)
    return plan


def _joinable(q: Select[Any, Any], plan: Plan) -> Select[Any, Any]:
    """A part of an AND that is joined to the others by candidate. SQLite joins two grouped parts through
    an index it builds on one of them, but nests loops over a fused OR (a compound SELECT: it cannot tell
    its rows are one per candidate), reading one part once per row of the other; grouped, it is indexed."""
    if isinstance(plan, AnyOf | Match) and plan.fused is not None:
        u = q.subquery()
        return select(u.c.candidate_id, func.max(u.c.w).label("w")).group_by(u.c.candidate_id)
    return q


PHRASE_TABLE = "candidate_phrase"  # SQLite: FTS5 over candidate.search_text (migration 0008)


def _in_text(folded: Any, words: str) -> Any:
    """The folded words in this order in a folded text (" semantic segmentation ", with its edges)."""
    return folded.like(bindparam(None, f"% {words} %"))


class PhraseIn(ColumnElement[bool]):
    """The candidate `ident` has the phrase's folded words in this order. On SQLite the phrase index
    answers it (ids from FTS5's position lists: no candidate row read); elsewhere the hit's folded text is
    read (LIKE on the row found by id). Both find exactly `LIKE '% words %'` on search_text."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, ident: Any, words: str) -> None:
        self.ident, self.words = ident, words


@compiles(PhraseIn)
def _phrase_read(element: PhraseIn, compiler: Any, **kw: Any) -> str:
    text = aliased(Candidate)
    return str(compiler.process(select(literal(1)).where(
        col(text.id) == element.ident, _in_text(col(text.search_text), element.words)).exists(), **kw))


@compiles(PhraseIn, "sqlite")
def _phrase_indexed(element: PhraseIn, compiler: Any, **kw: Any) -> str:
    index = table(PHRASE_TABLE, column("rowid"))
    # One FTS5 phrase: the words quoted (no folded token holds a double quote), split as the index splits.
    matched = literal_column(PHRASE_TABLE).op("MATCH")(bindparam(None, f'"{element.words}"'))
    return f"({compiler.process(element.ident.in_(select(index.c.rowid).where(matched)), **kw)})"


def _filter(workspace: str, f: Plan) -> Any:
    if isinstance(f, YearsCmp):
        years = col(Candidate.years_experience)
        return {">=": years >= f.value, ">": years > f.value, "<=": years <= f.value, "<": years < f.value,
                "=": years == f.value}[f.op]
    if isinstance(f, IngestedSince):
        return col(Candidate.ingested_at) >= f.when
    if isinstance(f, Phrase):
        return _in_text(col(Candidate.search_text), f.words)
    raise TypeError(f)


Sizes = Callable[[str, str], "int | None"]  # (field, term) -> how many candidates have it, if known


def compile_plan(workspace: str, plan: Plan, *, sizes: Sizes | None = None, probe: float = 1.0) -> Select[Any, Any]:
    """SQL giving (candidate_id, w) for every candidate the plan matches; w is the ranking score.

    `sizes` (document counts, e.g. the vocabulary's) only changes how an AND is computed, never its
    result: with them, an AND of a rare part and common ones reads the rare part's candidates and looks
    each up in the common parts' postings, instead of reading every posting of every part. `probe` is
    what one such look-up costs against reading one posting row (PROBE_COST, by database)."""
    if isinstance(plan, Match):
        if not plan.keys:
            return select(literal(0).label("candidate_id"), literal(0.0).label("w")).where(literal(False))
        return _match(workspace, plan)
    if isinstance(plan, AnyOf):
        if plan.fused is not None:
            return _fused(workspace, plan)
        if (flat := _any_of_matches(workspace, plan)) is not None:
            return flat
        parts = [compile_plan(workspace, p, sizes=sizes, probe=probe) for p in plan.items]
        u = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
        return select(u.c.candidate_id, func.sum(u.c.w).label("w")).group_by(u.c.candidate_id)
    if isinstance(plan, NoneOf | YearsCmp | IngestedSince | Phrase):
        return compile_plan(workspace, AllOf((plan,)), sizes=sizes, probe=probe)
    assert isinstance(plan, AllOf)
    positives: list[Plan] = [p for p in plan.items if not isinstance(p, (NoneOf, *FILTERS))]
    negatives = [p.item for p in plan.items if isinstance(p, NoneOf)]
    filters = [p for p in plan.items if isinstance(p, FILTERS)]
    constant = [k for p in positives if (k := _constant(p))] if len(positives) > 1 else []
    if len(constant) != len(positives):
        constant = []
    driver = _driver(positives, sizes, probe) if sizes is not None and len(positives) > 1 and not constant else None
    if constant:
        # Words and word pairs of the text ("open source" AND "source projects", a phrase's pairs): every
        # posting weighs 1.0, so a candidate's score is the keys' weights added in the plan's order, the
        # join's sum to the last bit, and only who has them all is needed: one sorted posting list
        # intersected with the others, a merge on SQLite (8 ms for two lists of 29,000, against 68 ms
        # to look each candidate of one up in the other).
        ids = intersect(*[select(col(Posting.candidate_id).label("candidate_id")).where(*_on(Posting, workspace, f, [t]))
                          for f, t, _ in constant]).order_by("candidate_id").subquery()
        weights = [w for _, _, w in constant]
        q = select(ids.c.candidate_id, literal(sum(weights[1:], weights[0]), Float).label("w"))
        ident = ids.c.candidate_id
    elif driver is not None:
        # Read the rarest part; look each of its candidates up in the other parts (a few index probes
        # each); add the scores in the plan's order, so the sum is the join's to the last bit.
        d = compile_plan(workspace, positives[driver], sizes=sizes, probe=probe).subquery()
        q = select(d.c.candidate_id, d.c.w.label(f"s{driver}"))
        ident = d.c.candidate_id
    elif positives:
        parts = [compile_plan(workspace, p, sizes=sizes, probe=probe) for p in positives]
        if len(parts) > 1:  # joined by candidate; a single part is already one row per candidate
            parts = [_joinable(q, p) for q, p in zip(parts, positives, strict=True)]
        subs = [q.subquery() for q in parts]
        base = subs[0]
        q = select(base.c.candidate_id, sum((s.c.w for s in subs[1:]), base.c.w).label("w")).select_from(base)
        for s in subs[1:]:
            q = q.join(s, s.c.candidate_id == base.c.candidate_id)
        ident = base.c.candidate_id
    else:
        q = select(col(Candidate.id).label("candidate_id"), literal(0.0).label("w")).where(
            col(Candidate.workspace) == workspace)
        ident = col(Candidate.id)  # type: ignore[assignment]
    if filters and positives:
        # Years and arrival time come from indexes on (workspace, years_experience / ingested_at) as a set
        # of ids, without reading each hit's candidate row; a phrase from the phrase index (PhraseIn).
        indexed = [f for f in filters if not isinstance(f, Phrase)]
        if indexed:
            q = q.where(ident.in_(select(col(Candidate.id)).where(
                col(Candidate.workspace) == workspace, *[_filter(workspace, f) for f in indexed])))
        q = q.where(*[PhraseIn(ident, f.words) for f in filters if isinstance(f, Phrase)])
    elif filters:
        q = q.where(*[_filter(workspace, f) for f in filters])
    for n in negatives:
        if sizes is not None and _probeable(n) and \
                min(_estimate(p, sizes) for p in positives or [n]) * _matches(n) * probe < _estimate(n, sizes):
            q = q.where(_score(workspace, n, ident).is_(None))  # few hits: look each up
        else:
            q = q.where(ident.not_in(_ids(workspace, n, sizes, probe)))
    if driver is not None:
        q = _looked_up(workspace, q, positives, driver, sizes)
    return q


LAYERS = 4  # look-up SELECTs nested at most (see _looked_up)


def _looked_up(workspace: str, q: Select[Any, Any], positives: list[Plan], driver: int, sizes: Sizes | None) -> Select[Any, Any]:
    """The driver's candidates (`q`: candidate_id and its score s{driver}, already filtered and negated)
    looked up in the other parts, the rarest first, one SELECT each: a candidate who fails a look-up is
    dropped before the next one is made (most fail the first). Each look-up is a column of its SELECT,
    tested in the next: a database that merged the two would copy the look-up into the test and run it
    twice (SQLite does); OFFSET 0 keeps them apart on both stores. The scores are added in the plan's order,
    so the sum is the join's to the last bit."""
    order = sorted((i for i in range(len(positives)) if i != driver),
                   key=lambda i: (_estimate(positives[i], sizes) if sizes else 0, _matches(positives[i])))
    # The rarest few a SELECT each, the rest together in one (a 1,000-character query has a hundred parts:
    # nesting a SELECT for each overflows SQLite's parser, and the few first have dropped most candidates).
    layers = [[i] for i in order[:LAYERS - 1]] + ([order[LAYERS - 1:]] if order[LAYERS - 1:] else [])
    done = [driver]
    last: list[int] = []
    for layer in layers:
        sub = q.offset(0).subquery()
        q = select(sub.c.candidate_id, *[sub.c[f"s{j}"] for j in done],
                   *[_score(workspace, positives[i], sub.c.candidate_id).label(f"s{i}") for i in layer])
        q = q.where(*[sub.c[f"s{j}"].is_not(None) for j in last])
        done += layer
        last = layer
    sub = q.offset(0).subquery()
    scores = [sub.c[f"s{i}"] for i in range(len(positives))]
    return select(sub.c.candidate_id, sum(scores[1:], scores[0]).label("w")).where(
        *[sub.c[f"s{j}"].is_not(None) for j in last])


def _ids(workspace: str, plan: Plan, sizes: Sizes | None, probe: float) -> Any:
    """The candidates a plan matches, for NOT IN. Without scores, an OR of matches is just its postings'
    candidate ids as they come (repeats do no harm): no grouping, one flat UNION ALL."""
    leaves: list[Select[Any]] = []

    def collect(p: Plan) -> bool:
        if isinstance(p, Match):
            groups: dict[str, list[str]] = {}
            for f, t in _best(p):
                groups.setdefault(f, []).append(t)
            leaves.extend(select(col(Posting.candidate_id)).where(*_on(Posting, workspace, f, ts))
                          for f, ts in groups.items())
            return True
        return isinstance(p, AnyOf) and all(collect(i) for i in p.items)

    if collect(plan) and leaves:
        return leaves[0] if len(leaves) == 1 else union_all(*leaves)
    return select(compile_plan(workspace, plan, sizes=sizes, probe=probe).subquery().c.candidate_id)


# -- ranking ---------------------------------------------------------------------------------------------
# A page is the plan's hits ranked by score, then the most recent resume. Ordering every hit by recency
# would read the candidate row of each (tens of thousands for "python"), so the work is split by score
# tier: one statement gives every distinct score with its count (hence the total) and, for the tiers the
# page needs while they stay small, the ranked rows themselves; a large tier is then walked newest first
# through the (workspace, ingested_at) index, each candidate's score computed from its own postings,
# stopping as soon as the page is full.
JOIN_MAX = 2000  # candidates of the needed tiers ranked by recency from their rows (see _tiers)
_EPS = 1e-9  # scores are sums of floats; a tier is its score within this band
PROBE_TERMS = 8  # terms of one field looked up one by one when scoring a single candidate
# What looking one candidate up in a part's postings costs, in posting rows read and grouped. Measured at
# 100,000 candidates: on SQLite about one (and most candidates fail their first look-up); PostgreSQL runs
# each correlated look-up as a subplan and reads-and-hashes rows cheaply, about eight.
PROBE_COST = {"sqlite": 1.0, "postgresql": 8.0}


def run(*, session: Session, workspace: str, plan: Plan, limit: int, offset: int = 0,
        sizes: Sizes | None = None) -> tuple[int, list[tuple[int, float]]]:
    """(total, [(candidate_id, score)]) ranked by score, then the most recent resume. `sizes`: see
    compile_plan (they make it faster, never different)."""
    need = offset + limit
    probe = PROBE_COST.get(session.get_bind().dialect.name, 4.0)
    tiers, ranks = _tiers(session, workspace, plan, need, sizes, probe)
    total = sum(n for _, n in tiers)
    if need <= 0 or offset >= total:
        return total, []
    # Bands: tiers whose scores differ only by float noise (0.9 and 0.8999999999999999) rank together.
    bands: list[list[tuple[float, int]]] = []
    for w, n in sorted(tiers, key=lambda t: -t[0]):
        if bands and bands[-1][-1][0] - w <= 2 * _EPS:
            bands[-1].append((w, n))
        else:
            bands.append([(w, n)])
    covered = len(ranks)  # ranks 0..covered-1: every tier down to the cut
    start = 0
    for band in bands:
        n = sum(c for _, c in band)
        end = start + n
        if start >= need:
            break
        lo, hi = max(offset, start, covered) - start, min(need, end) - start
        if hi > lo:  # the page needs ranks of this band that the join did not give
            got = _band(session, workspace, plan, hi=band[0][0], low=band[-1][0], n=n, lo=lo, count=hi - lo,
                        total=total, walk=len(band) == 1, sizes=sizes, probe=probe)
            for k, row in enumerate(got):
                ranks[start + lo + k] = row
        start = end
    return total, [ranks[r] for r in range(offset, min(need, total)) if r in ranks]


def _tiers(session: Session, workspace: str, plan: Plan, need: int, sizes: Sizes | None,
           probe: float) -> tuple[list[tuple[float, int]], dict[int, tuple[int, float]]]:
    """Every distinct score with its count, and the ranks (from 0) of the tiers the page needs while they
    are few enough to rank here (JOIN_MAX). One pass over the hits gives both: each small tier comes with
    its candidates' ids (a string aggregate costs a tenth of writing the hits down to read them again),
    which are then ordered by recency from their candidate rows."""
    hits = compile_plan(workspace, plan, sizes=sizes, probe=probe).subquery()
    if session.get_bind().dialect.name == "postgresql":
        ids: Any = func.string_agg(cast(hits.c.candidate_id, String), literal_column("','"))
    else:
        ids = func.group_concat(hits.c.candidate_id)
    rows = sorted(((float(w), int(n), listed) for w, n, listed in session.execute(
        select(hits.c.w, func.count(), case((func.count() <= JOIN_MAX, ids), else_=null())).group_by(hits.c.w))),
        key=lambda r: -r[0])
    taken: list[tuple[int, float]] = []
    for w, n, listed in rows:
        if len(taken) >= need or len(taken) + n > JOIN_MAX or listed is None:
            break
        taken += [(int(i), w) for i in listed.split(",")]
    ranks: dict[int, tuple[int, float]] = {}
    if taken:
        at = dict(session.execute(select(col(Candidate.id), col(Candidate.ingested_at)).where(
            col(Candidate.id).in_([cid for cid, _ in taken]))).all())
        taken = sorted((r for r in taken if r[0] in at), key=lambda r: (r[1], at[r[0]], r[0]), reverse=True)
        ranks = dict(enumerate(taken[:need]))
    return [(w, n) for w, n, _ in rows], ranks


def _band(session: Session, workspace: str, plan: Plan, *, hi: float, low: float, n: int, lo: int, count: int,
          total: int, walk: bool, sizes: Sizes | None, probe: float) -> list[tuple[int, float]]:
    """Ranks lo..lo+count-1 among the `n` candidates scoring from `low` to `hi`."""
    if walk:
        # One score: the most recent first. Walking the (workspace, ingested_at) index newest first visits
        # about (lo + count) * N / n candidates, a few look-ups each; ranking by a join reads every hit again
        # and the candidate row of each of the n. Take the cheaper (estimates in microseconds).
        biggest = session.execute(select(func.max(col(Candidate.id)))).scalar() or 0
        walk_cost = (lo + count) * max(biggest, n) / max(n, 1) * (1 + 1.5 * probe * _matches(plan))
        walk = walk_cost <= total * 1.0 + n * 3.0
    if walk:
        # abs() rather than BETWEEN: PostgreSQL evaluates BETWEEN's left side twice (SQLite once).
        mid, half = (hi + low) / 2, (hi - low) / 2 + _EPS
        q = (select(col(Candidate.id)).where(col(Candidate.workspace) == workspace,
                                        func.abs(_score(workspace, plan) - mid) <= half)
             .order_by(col(Candidate.ingested_at).desc(), col(Candidate.id).desc())
             .limit(count).offset(lo))
        return [(int(cid), hi) for cid in session.execute(q).scalars()]
    hits = compile_plan(workspace, plan, sizes=sizes, probe=probe).subquery()
    q = (select(hits.c.candidate_id, hits.c.w).join(Candidate, col(Candidate.id) == hits.c.candidate_id)
         .where(hits.c.w.between(low - _EPS, hi + _EPS))
         .order_by(hits.c.w.desc(), col(Candidate.ingested_at).desc(), col(Candidate.id).desc())
         .limit(count).offset(lo))
    return [(int(r[0]), float(r[1])) for r in session.execute(q)]


def _score(workspace: str, plan: Plan, cid: Any = None) -> Any:
    """The plan's score for the candidate row of the enclosing query, or NULL if it does not match:
    compile_plan's arithmetic, one candidate at a time (point look-ups in the posting index). Every
    posting subquery is correlated to the enclosing query by hand: it may sit several SELECTs deep.
    `cid` is the enclosing query's candidate id: `candidate.id` by default (filters then read that
    candidate row's columns), or a subquery's column when only postings are involved."""
    cid = col(Candidate.id) if cid is None else cid
    if isinstance(plan, Match):
        best = _best(plan)
        if not best:
            return null()
        groups: dict[str, dict[str, float]] = {}
        for (f, t), w in best.items():
            groups.setdefault(f, {})[t] = w
        parts = []
        for f, terms in groups.items():
            if len(terms) == 1:  # one key: a point look-up on the primary key
                (t, w), = terms.items()
                parts.append(select((col(Posting.weight) * w).label("w")).where(
                    col(Posting.workspace) == workspace, col(Posting.field) == f, col(Posting.term) == t,
                    col(Posting.candidate_id) == cid).correlate_except(Posting))
            elif len(terms) <= PROBE_TERMS:  # a few terms: a point look-up each
                weight = case(*[(col(Posting.term) == t, w) for t, w in terms.items()])
                parts.append(select((col(Posting.weight) * weight).label("w")).where(
                    col(Posting.candidate_id) == cid, col(Posting.workspace) == workspace, col(Posting.field) == f,
                    col(Posting.term).in_(list(terms))).correlate_except(Posting))
            else:  # many ("engineer" -> every title with it): read the candidate's few rows of the field by
                # the candidate index; terms not asked for weigh NULL, which max() skips
                weight = case(*[(col(Posting.term) == t, w) for t, w in terms.items()], else_=null())
                parts.append(select((col(Posting.weight) * weight).label("w")).where(
                    col(Posting.candidate_id) == cid, col(Posting.workspace) == workspace,
                    col(Posting.field) == f).correlate_except(Posting))
        if len(parts) == 1 and len(best) == 1:
            return parts[0].scalar_subquery()
        u = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
        return select(func.max(u.c.w)).correlate_except(Posting).scalar_subquery()
    if isinstance(plan, AnyOf) and plan.fused is not None:
        # A skill holder's whole score is their fused posting (see _fused); anyone else's is the OR of
        # the other keys and the mention, or NULL.
        mention, others = _fused_parts(plan)
        fused = select((col(Posting.weight) * plan.fused.weight).label("w")).where(
            col(Posting.workspace) == workspace, col(Posting.field) == FUSED, col(Posting.term) == plan.fused.term,
            col(Posting.candidate_id) == cid).correlate_except(Posting).scalar_subquery()
        said = Match((mention,))
        rest = _score(workspace, AnyOf((_as_match(others), said)) if others else said, cid)
        return func.coalesce(fused, rest)
    if isinstance(plan, AnyOf):
        # OR adds up the parts that match (in order, as compile_plan does), NULL when none does: every
        # score is positive, so a sum of 0 is no match. Plain arithmetic on each part's look-up, once each,
        # not a UNION of them to aggregate: SQLite sets a compound SELECT up again for every candidate.
        each: list[Any] = [func.coalesce(_score(workspace, p, cid), 0.0) for p in plan.items]
        return func.nullif(func.coalesce(sum(each[1:], each[0]), 0.0), 0.0)
    if isinstance(plan, NoneOf | YearsCmp | IngestedSince | Phrase):
        return _score(workspace, AllOf((plan,)), cid)
    assert isinstance(plan, AllOf)
    positives = [_score(workspace, p, cid) for p in plan.items if not isinstance(p, (NoneOf, *FILTERS))]
    conds = [_filter(workspace, p) for p in plan.items if isinstance(p, FILTERS)]
    conds += [_score(workspace, p.item, cid).is_(None) for p in plan.items if isinstance(p, NoneOf)]
    value = sum(positives[1:], positives[0]) if positives else literal(0.0)
    return case((and_(*conds), value), else_=null()) if conds else value


def _matches(plan: Plan) -> float:
    """How many posting look-ups scoring one candidate on their own costs (one per Match field)."""
    if isinstance(plan, AnyOf) and plan.fused is not None:
        # One finds a skill holder's whole score; anyone else needs the rest of the OR too (say half).
        _, others = _fused_parts(plan)
        return 1 + (1 + (_matches(_as_match(others)) if others else 0)) / 2
    if isinstance(plan, Match):
        return len({k.field for k in plan.keys}) or 1
    if isinstance(plan, AnyOf | AllOf):
        return sum(_matches(p) for p in plan.items)
    if isinstance(plan, NoneOf):
        return _matches(plan.item)
    return 1


def matched(*, session: Session, workspace: str, candidate_ids: Sequence[int],
            keys: Iterable[Key]) -> dict[int, set[tuple[str, str]]]:
    """Which of `keys` each candidate actually has: the raw material of `why`."""
    pairs = list({(k.field, k.term) for k in keys})
    out: dict[int, set[tuple[str, str]]] = {i: set() for i in candidate_ids}
    if not pairs or not candidate_ids:
        return out
    for start in range(0, len(pairs), 400):
        chunk = pairs[start:start + 400]
        for cid, f, t in session.execute(select(col(Posting.candidate_id), col(Posting.field), col(Posting.term)).where(
                col(Posting.workspace) == workspace, col(Posting.candidate_id).in_(candidate_ids),
                tuple_(col(Posting.field), col(Posting.term)).in_(chunk))):
            out[int(cid)].add((f, t))
    return out


class Card(NamedTuple):
    """What a result line shows of a candidate (the fields `bot.ingest.display_name` reads, and files)."""

    id: int
    name: str | None
    corrections: dict[str, Any]
    emails: list[str]
    files: list[str]  # original names, oldest first


def cards(*, session: Session, workspace: str, candidate_ids: Sequence[int]) -> dict[int, Card]:
    """A page's candidates in two statements: name, corrections and emails, then their files' original
    names. Both look rows up by id and check the workspace on the rows, so no plan ever scans a workspace's
    files to find a page's few; no ORM objects are built (a table model costs more than the query)."""
    out: dict[int, Card] = {}
    if not candidate_ids:
        return out
    for cid, ws, name, corrections, emails in session.execute(
            select(col(Candidate.id), col(Candidate.workspace), col(Candidate.name), col(Candidate.corrections), col(Candidate.emails))
            .where(col(Candidate.id).in_(list(dict.fromkeys(candidate_ids))))):
        if ws == workspace:
            out[int(cid)] = Card(int(cid), name, corrections or {}, list(emails or []), [])
    for cid, ws, name in session.execute(
            select(col(ResumeFile.candidate_id), col(ResumeFile.workspace), col(ResumeFile.original_name))
            .where(col(ResumeFile.candidate_id).in_(list(out))).order_by(col(ResumeFile.id))):
        if ws == workspace and int(cid) in out:
            out[int(cid)].files.append(name)
    return out


def field_terms(*, session: Session, workspace: str, candidate_ids: Sequence[int], field: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in candidate_ids}
    if candidate_ids:
        for cid, t in session.execute(select(col(Posting.candidate_id), col(Posting.term)).where(
                col(Posting.workspace) == workspace, col(Posting.field) == field,
                col(Posting.candidate_id).in_(candidate_ids))):
            out[int(cid)].append(t)
    return out


def or_none(*conds: Any) -> Any:
    return or_(*conds) if conds else literal(False)
