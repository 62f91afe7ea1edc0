"""Dates as resumes print them: "Jul 2022 – Present", "July'22", "2019-2021", "06/2018", "Summer 2019".

Output follows SPEC.md: "YYYY-MM", "YYYY" when no month is printed, "present" for an ongoing role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # German, French, Spanish, Portuguese, Dutch spellings that differ from English
    "januar": 1, "janvier": 1, "enero": 1, "janeiro": 1, "januari": 1, "februar": 2, "fevrier": 2,
    "febrero": 2, "fevereiro": 2, "februari": 2, "marz": 3, "mars": 3, "marzo": 3, "marco": 3, "maart": 3,
    "avril": 4, "abril": 4, "mai": 5, "mayo": 5, "maio": 5, "mei": 5, "juni": 6, "juin": 6, "junio": 6,
    "junho": 6, "juli": 7, "juillet": 7, "julio": 7, "julho": 7, "aout": 8, "agosto": 8, "augustus": 8,
    "septembre": 9, "septiembre": 9, "setembro": 9, "oktober": 10, "octobre": 10, "octubre": 10,
    "outubro": 10, "novembre": 11, "noviembre": 11, "novembro": 11, "dezember": 12, "decembre": 12,
    "diciembre": 12, "dezembro": 12,
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
PRESENT_WORDS = r"present|current(?:ly)?|now|ongoing|today|till\s+date|to\s+date|till\s+now|heute|aujourd'?hui|actual(?:idad)?|atual"

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR4 = r"(?:19[5-9]\d|20[0-4]\d)"
# One point in time. Order matters: longer forms first.
_POINT = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR4}"  # November 3, 2019
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*{_YEAR4}"  # 21st January 2015
    rf"|{_MONTH}\s*(?:,\s*)?(?:'|’|‘)\s?\d{{2}}(?!\d)"  # July'22, Jul ’22
    rf"|{_MONTH}\s*(?:,\s*)?{_YEAR4}"  # July 2022, Jul. 2022, Sept, 2019
    rf"|{_SEASON}\s*(?:'|’)?\s*(?:{_YEAR4}|\d{{2}}(?!\d))"  # Summer 2019, Fall '20
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR4}"  # 06/2018, 6.2018
    rf"|{_YEAR4}\s*[/-]\s*(?:0[1-9]|1[0-2])(?!\d)"  # 2018-06, 2018/06
    rf"|(?<![\w.])(?:'|’)\d{{2}}(?!\d)"  # '19 (not NAACL'21: a conference, not a date)
    rf"|(?<![\d.]){_YEAR4}(?![\d/]|\.\d))"  # 2019
)
_PRESENT = rf"(?:{PRESENT_WORDS})"
_SEP = r"\s*(?:-|–|—|‒|―|−|~|to|till|until|through|thru|bis|à|a|hasta|→|–|\u00ad)\s*"
# "May 2019 till date": the separator may be part of the present word itself.
_SEP_ANY = rf"(?:{_SEP}|\s+(?={_PRESENT}))"
RANGE = re.compile(rf"(?P<a>{_POINT})(?:{_SEP_ANY}(?P<b>{_POINT}|{_PRESENT}))?(?![\w])", re.IGNORECASE)
# "Jan - Mar 2020": the start month borrows the end's year.
SHORT_RANGE = re.compile(rf"(?<![\w])(?P<m1>{_MONTH}){_SEP}(?P<m2>{_MONTH})\s*,?\s*(?P<y>{_YEAR4})(?![\w])",
                         re.IGNORECASE)
PRESENT = re.compile(rf"^\s*(?:{_PRESENT})\b", re.IGNORECASE)
_LONE_PRESENT = re.compile(rf"(?<![\w]){_PRESENT}(?![\w])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Point:
    year: int
    month: int | None = None  # None when only a year (or a season) is printed
    season: str | None = None

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def first_month(self) -> int:
        """Month index (year*12 + month-1) this point starts at; a bare year starts in January."""
        m = self.month or (SEASONS[self.season][0] if self.season else 1)
        return self.year * 12 + m - 1

    def last_month(self) -> int:
        if self.month:
            return self.year * 12 + self.month - 1
        if self.season:
            lo, hi = SEASONS[self.season]
            return (self.year + (1 if hi < lo else 0)) * 12 + hi - 1
        return self.year * 12 + 11


@dataclass(frozen=True, slots=True)
class Span:
    start: Point | None
    end: Point | None
    present: bool = False
    text: str = ""
    pos: int = 0  # where it was found in the line

    @property
    def start_iso(self) -> str | None:
        return self.start.iso() if self.start else None

    @property
    def end_iso(self) -> str | None:
        return "present" if self.present else (self.end.iso() if self.end else None)


def _year(two: str) -> int:
    y = int(two)
    return 2000 + y if y < 50 else 1900 + y


def parse_point(text: str) -> Point | None:
    t = text.strip().lower().replace("’", "'").replace("‘", "'")
    if m := re.fullmatch(rf"({_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+({_YEAR4})", t):
        return Point(int(m.group(2)), MONTHS[m.group(1).rstrip(".")])
    if m := re.fullmatch(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+({_MONTH})\s*,?\s*({_YEAR4})", t):
        return Point(int(m.group(2)), MONTHS[m.group(1).rstrip(".")])
    if m := re.fullmatch(rf"({_MONTH})\s*,?\s*'\s?(\d{{2}})", t):
        return Point(_year(m.group(2)), MONTHS[m.group(1).rstrip(".")])
    if m := re.fullmatch(rf"({_MONTH})\s*,?\s*({_YEAR4})", t):
        return Point(int(m.group(2)), MONTHS[m.group(1).rstrip(".")])
    if m := re.fullmatch(rf"({_SEASON})\s*'?\s*(\d{{4}}|\d{{2}})", t):
        y = int(m.group(2)) if len(m.group(2)) == 4 else _year(m.group(2))
        return Point(y, None, m.group(1))
    if m := re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*({_YEAR4})", t):
        return Point(int(m.group(2)), int(m.group(1)))
    if m := re.fullmatch(rf"({_YEAR4})\s*[/-]\s*(\d{{2}})", t):
        return Point(int(m.group(1)), int(m.group(2)))
    if m := re.fullmatch(r"'(\d{2})", t):
        return Point(_year(m.group(1)))
    if m := re.fullmatch(_YEAR4, t):
        return Point(int(m.group(0)))
    return None


def find_spans(line: str) -> list[Span]:
    """Every date or date range in a line, left to right."""
    spans: list[Span] = []
    for m in SHORT_RANGE.finditer(line):
        y = int(m.group("y"))
        m1, m2 = MONTHS[m.group("m1").lower().rstrip(".")], MONTHS[m.group("m2").lower().rstrip(".")]
        spans.append(Span(Point(y - (1 if m1 > m2 else 0), m1), Point(y, m2), False, m.group(0), m.start()))
    if spans:
        line = SHORT_RANGE.sub(lambda m: " " * len(m.group(0)), line)
    for m in RANGE.finditer(line):
        a, b = m.group("a"), m.group("b")
        # "2019-06" is a month, not the range 2019-2006; RANGE tries the month form first.
        start = parse_point(a)
        if start is None:
            continue
        if b is None:
            spans.append(Span(start, None, False, m.group(0), m.start()))
        elif PRESENT.match(b):
            spans.append(Span(start, None, True, m.group(0), m.start()))
        else:
            end = parse_point(b)
            # "Jan - Mar 2020": a start month without its year borrows the end's year (handled by _POINT
            # needing a year); here both have years. Two-digit apostrophe years are already expanded.
            spans.append(Span(start, end, False, m.group(0), m.start()))
    return sorted(spans, key=lambda sp: sp.pos)


def has_present(line: str) -> bool:
    return bool(_LONE_PRESENT.search(line))


def lone_present(line: str) -> bool:
    """A cell or line that is only "Present" / "till date": the end of a range printed on two rows."""
    return bool(re.fullmatch(rf"\s*(?:{_PRESENT})\.?\s*", line, re.IGNORECASE))


def combine(spans: list[Span], present: bool = False) -> Span | None:
    """One entry's dates from what its header block printed.

    A single range wins. Otherwise lone dates (a date column printing the end above the start, or the
    start and end on separate rows) are ordered by time; a lone "Present" anywhere ends the range.
    """
    ranges = [s for s in spans if s.end or s.present]
    if ranges:
        return ranges[0]
    points = sorted({s.start for s in spans if s.start}, key=lambda p: p.first_month())
    if not points:
        return None
    if present:
        return Span(points[0], None, True)
    if len(points) == 1:
        only = points[0]
        # "Summer 2019": a season is a stretch of time that begins and ends within it.
        return Span(only, only) if only.season else Span(only, None)
    return Span(points[0], points[-1])


def months_between(span: Span, today: date) -> tuple[int, int] | None:
    """[first, last] month indexes covered by a span; None when it has no usable start."""
    if span.start is None:
        return None
    first = span.start.first_month()
    if span.present:
        last = today.year * 12 + today.month - 1
    elif span.end is not None:
        last = span.end.last_month() if span.end.month is None and span.end.season is None else span.end.first_month()
    else:
        last = span.start.last_month() if span.start.month is None else first
    return (first, last) if last >= first else None


def merged_years(intervals: list[tuple[int, int]]) -> float:
    """Total years covered by month intervals, overlaps counted once."""
    total = 0
    end = -1
    for a, b in sorted(intervals):
        if a > end:
            total += b - a + 1
            end = b
        elif b > end:
            total += b - end
            end = b
    return round(total / 12, 1)
