"""Parse what people type into /find: words (ANDed), "phrases", OR, -word / NOT word, (groups), field:value.

Never raises on bad input: unbalanced quotes or parentheses, unknown fields and overlong queries get a
best-effort reading plus a note saying what was done. Nothing here touches SQL.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

MAX_QUERY_CHARS = 400
MAX_TERMS = 24
FIELDS = {
    "skill": "skill", "skills": "skill", "school": "school", "college": "school", "university": "school",
    "edu": "school", "institution": "school", "company": "company", "employer": "company", "org": "company",
    "title": "title", "role": "title", "location": "location", "loc": "location", "city": "location",
    "degree": "degree", "name": "name", "years": "years", "exp": "years", "experience": "years",
    "since": "since", "added": "since",
}


@dataclass(frozen=True)
class Term:
    text: str  # as typed (a word or a phrase)
    field: str | None = None  # None: any field, structured first, text as fallback
    phrase: bool = False  # typed in quotes: the words in this order


@dataclass(frozen=True)
class Years:
    op: str  # ">=", ">", "<=", "<", "="
    value: float


@dataclass(frozen=True)
class Since:
    when: datetime  # aware UTC
    label: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Years | Since | Not | And | Or


@dataclass
class Parsed:
    node: Node | None  # None: nothing to search for
    notes: list[str] = field(default_factory=list)


_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<neg>-)(?=[^\s-])|'
    r'(?P<field>[A-Za-z]+):(?P<fval>"[^"]*"?|[^\s()"]+)|'
    r'(?P<quote>"[^"]*"?)|(?P<word>[^\s()"]+))'
)


def _tokens(q: str, notes: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        if m.group("lp"):
            out.append(("(", "("))
        elif m.group("rp"):
            out.append((")", ")"))
        elif m.group("neg"):
            out.append(("NOT", "-"))
        elif m.group("field"):
            fname, fval = m.group("field").lower(), m.group("fval")
            if fval.startswith('"'):
                if not (len(fval) > 1 and fval.endswith('"')):
                    notes.append("a quote was not closed; read to the end of the query")
                fval = fval.strip('"')
                out.append(("FIELDQ", f"{fname}\x00{fval}"))
            else:
                out.append(("FIELD", f"{fname}\x00{fval}"))
        elif m.group("quote"):
            raw = m.group("quote")
            if not (len(raw) > 1 and raw.endswith('"')):
                notes.append("a quote was not closed; read to the end of the query")
            out.append(("PHRASE", raw.strip('"')))
        else:
            w = m.group("word")
            if w in ("OR", "|", "||"):
                out.append(("OR", w))
            elif w in ("NOT",):
                out.append(("NOT", w))
            elif w in ("AND", "&&"):
                continue  # words are ANDed anyway
            else:
                out.append(("WORD", w))
    return _lower_operators(out, notes)


def _lower_operators(toks: list[tuple[str, str]], notes: list[str]) -> list[tuple[str, str]]:
    """"python or java", "python and java", "python not java" as typed in a chat: between two terms the
    word is the operator (none of them is a word the index keeps), said in a note."""
    out: list[tuple[str, str]] = []
    for i, (kind, value) in enumerate(toks):
        low = value.lower()
        after = toks[i + 1][0] if i + 1 < len(toks) else None
        before = out[-1][0] if out else None
        if kind == "WORD" and low in ("or", "and", "not") and after not in (None, ")", "OR") and \
                (low == "not" or before not in (None, "(", "OR", "NOT")):
            if low == "or":
                out.append(("OR", value))
            elif low == "not":
                out.append(("NOT", value))
            if low != "and":  # words are ANDed anyway
                notes.append(f"read '{value}' as {low.upper()}")
            continue
        out.append((kind, value))
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, str]], notes: list[str], today: date) -> None:
        self.toks, self.i, self.notes, self.today = toks, 0, notes, today
        self.terms = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        while self.i < len(self.toks):  # a stray ")" : skip it and keep reading
            if self.peek() == ")":
                self.notes.append("an unmatched ')' was ignored")
                self.i += 1
                more = self.or_expr()
                node = _and([n for n in (node, more) if n is not None])
            else:
                break
        return node

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.i += 1
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            n = self.unary()
            if n is not None:
                parts.append(n)
        return _and(parts)

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind in (None, ")", "OR"):  # "NOT" at the end, "-)" ...: nothing to apply it to
            return None
        if kind == "NOT":
            self.i += 1
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if kind == "(":
            self.i += 1
            inner = self.or_expr()
            if self.peek() == ")":
                self.i += 1
            else:
                self.notes.append("a '(' was not closed; read to the end of the query")
            return inner
        self.i += 1
        kind, value = self.toks[self.i - 1]
        self.terms += 1
        if self.terms > MAX_TERMS:
            if self.terms == MAX_TERMS + 1:
                self.notes.append(f"only the first {MAX_TERMS} terms were used")
            return None
        if kind == "WORD":
            return Term(value)
        if kind == "PHRASE":
            return Term(value, phrase=True) if value.strip() else None
        fname, fval = value.split("\x00", 1)
        return self.field(fname, fval, quoted=kind == "FIELDQ")

    def field(self, fname: str, fval: str, *, quoted: bool) -> Node | None:
        canonical = FIELDS.get(fname)
        if not fval.strip():
            return None
        if canonical is None:
            # "http://x" or "c:foo": not a field. Read it as the words it contains.
            self.notes.append(f"'{fname}:' is not a field Sift knows; searched for '{fname} {fval}'")
            return _and([Term(fname), Term(fval, phrase=quoted)])
        if canonical == "years":
            return self.years(fval)
        if canonical == "since":
            return self.since(fval)
        return Term(fval, field=canonical, phrase=quoted)

    def years(self, raw: str) -> Node | None:
        m = re.fullmatch(r"(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*(\+)?", raw.strip())
        if m is None:
            m2 = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", raw.strip())
            if m2:
                return And((Years(">=", float(m2.group(1))), Years("<=", float(m2.group(2)))))
            self.notes.append(f"years:{raw} is not a number of years (try years:>=3); it was ignored")
            return None
        op = m.group(1) or ">="  # "years:3" and "years:3+" both mean at least three
        return Years(op, float(m.group(2)))

    def since(self, raw: str) -> Node | None:
        raw = raw.strip().lower()
        now = datetime.now(UTC)
        m = re.fullmatch(r"(\d+)\s*(h|d|w|m|y)", raw)
        if m:
            n, unit = int(m.group(1)), m.group(2)
            delta = {"h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n),
                     "m": timedelta(days=30 * n), "y": timedelta(days=365 * n)}[unit]
            return Since(now - delta, f"the last {n}{unit}")
        if raw in ("today", "yesterday"):
            day = self.today - timedelta(days=0 if raw == "today" else 1)
            return Since(datetime(day.year, day.month, day.day, tzinfo=UTC), raw)
        try:
            d = date.fromisoformat(raw)
        except ValueError:
            self.notes.append(f"since:{raw} is not a date (try since:7d or since:2026-11-01); it was ignored")
            return None
        return Since(datetime(d.year, d.month, d.day, tzinfo=UTC), d.isoformat())


# "5+ years", "5 yrs of experience", "3-5 years": how recruiters write years of experience, outside quotes.
_NATURAL_YEARS = re.compile(
    r'(?<![\w:."-])(\d{1,2}(?:\.\d)?)(?:\s*-\s*(\d{1,2}(?:\.\d)?))?\s*(\+|plus)?\s*(?:years?|yrs?)'
    r'(?:\s+of)?(?:\s+(?:experience|exp))?(?![\w":-])', re.IGNORECASE)
# "years>=3", "exp > 5": the field without its colon.
_COLONLESS_YEARS = re.compile(r'(?<![\w:"-])(?:years?|yrs?|exp|experience)\s*(>=|<=|>|<|=)\s*(\d{1,2}(?:\.\d)?)(?![\w.])',
                              re.IGNORECASE)


def _natural_years(text: str, notes: list[str]) -> str:
    """Rewrite "5+ years" as years:>=5 and "3-5 years" as years:3-5 (a bare "5 years" means at least five,
    as in a job ad), leaving quoted phrases alone, and say so in a note."""
    def said(m: re.Match[str], field: str) -> str:
        notes.append(f"read '{m.group(0).strip()}' as {field}")
        return f" {field} "

    def rewrite(m: re.Match[str]) -> str:
        lo, hi = m.group(1), m.group(2)
        return said(m, f"years:{lo}-{hi}" if hi else f"years:>={lo}")

    def colonless(m: re.Match[str]) -> str:
        return said(m, f"years:{m.group(1)}{m.group(2)}")

    return _outside_quotes(text, lambda part: _NATURAL_YEARS.sub(rewrite, _COLONLESS_YEARS.sub(colonless, part)))


def _outside_quotes(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to what is outside quoted phrases ("..." and field:"...")."""
    parts = re.split(r'((?:\b[A-Za-z]+:)?"[^"]*"?)', text)
    for i in range(0, len(parts), 2):  # the even parts are outside quotes
        parts[i] = change(parts[i])
    return "".join(parts)


_EXAMPLES = {"skill": "skill:python", "school": "school:iit", "company": "company:google",
             "title": 'title:"data scientist"', "location": "location:bangalore", "degree": "degree:phd",
             "name": "name:harsh", "years": "years:>=3", "since": "since:7d"}
_FIELD_SPACED = re.compile(r'(?<![\w"])(' + "|".join(sorted(FIELDS, key=len, reverse=True)) + r'):(\s+|$)(?=(\S?))',
                           re.IGNORECASE)


def _fields_spaced(text: str, notes: list[str]) -> str:
    """"skill: python" is skill:python; a field with no value at all ("skill:" at the end) is dropped, said
    in a note, rather than searched for as a word. Quoted phrases are left alone."""
    def join(m: re.Match[str]) -> str:
        if m.group(3) and m.group(3) not in "()":
            return f"{m.group(1)}:"
        example = _EXAMPLES[FIELDS[m.group(1).lower()]]
        notes.append(f"'{m.group(1)}:' had no value (try {example}); it was ignored")
        return " "

    text = _FIELD_SPACED.sub(lambda m: f"{m.group(1)}:" if m.group(3) == '"' else m.group(0), text)
    return _outside_quotes(text, lambda part: _FIELD_SPACED.sub(join, part))


def _and(parts: list[Node]) -> Node | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def parse(text: str, *, today: date | None = None) -> Parsed:
    notes: list[str] = []
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
    text = text.replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    text = _natural_years(text, notes)
    text = _fields_spaced(text, notes)
    toks = _tokens(text, notes)
    parser = _Parser(toks, notes, today or date.today())
    return Parsed(parser.parse(), list(dict.fromkeys(notes)))
