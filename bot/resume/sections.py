"""Split a document into sections by their headings ("Education", "Where I've worked", "Tech Stack")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.normalize import key
from bot.resume.document import Line
from bot.resume.taxonomy import Taxonomy

BULLET = re.compile(r"^\s*(?:[-–—•●○◦▪▫■□►▶›»‣⁃∙·*+✓✔➢➤→]|\d{1,2}[.)]|[a-z][.)](?=\s))\s+")
_DECOR = re.compile(r"^[\s#*_=~:|\-–—•·>]+|[\s#*_=~:|\-–—•·<]+$")
_PAREN = re.compile(r"\s*[(\[].*?[)\]]\s*")
_WORDS = re.compile(r"[^\W\d_][\w'’&/+.-]*", re.UNICODE)
_JOINERS = re.compile(r"\s*(?:&|\band\b|/|,|\+|\|)\s*", re.I)


@dataclass
class Section:
    kind: str  # "header" before the first heading; otherwise a kind from headings.yml
    title: str
    lines: list[Line] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [ln.text for ln in self.lines]


def strip_bullet(text: str) -> tuple[str, bool]:
    m = BULLET.match(text)
    return (text[m.end():], True) if m else (text, False)


def heading_kind(line: Line, tax: Taxonomy) -> tuple[str, str] | None:
    """(kind, rest) when this line is a section heading; `rest` is text printed after "Heading:"."""
    raw = line.text.strip()
    if not raw or len(raw) > 80 or "\t" in raw.strip("\t"):
        return None
    plain = _DECOR.sub("", raw)
    words = _WORDS.findall(plain)
    if not words or len(words) > 6:
        return _inline(plain, line, tax)
    if plain.lstrip()[:1].islower() and not (line.heading or line.bold):
        return None  # "recommendations" alone: a bullet's last word wrapped onto a line, not a heading
    kind = _lookup(plain, tax)
    if kind:
        return kind, ""
    return _inline(plain, line, tax)


# Labels of a table of skills ("Languages | Java, SQL", "Tools | Git"): skill categories, not sections.
_SKILL_LABEL_KINDS = frozenset({"skills", "languages"})


def label_column(labels: list[str], tax: Taxonomy) -> bool:
    """Whether a table's first-column cells ("Education", "Experience") head the cells beside them, as the
    page's section headings: every label names a section, and not only skill categories."""
    kinds: set[str] = set()
    for text in labels:
        found = heading_kind(Line(text), tax)
        if found is None or found[1]:
            return False
        kinds.add(found[0])
    return bool(kinds - _SKILL_LABEL_KINDS)


def _lookup(text: str, tax: Taxonomy) -> str | None:
    kind = tax.heading(text)
    if kind:
        return kind
    bare = _PAREN.sub(" ", text).strip()  # "PUBLICATIONS (relevant)"
    if bare != text and (kind := tax.heading(bare)):
        return kind
    parts = [p for p in _JOINERS.split(bare) if p.strip()]
    if len(parts) > 1:  # "Patents & Publications", "Skills / Tools": every part a heading
        kinds = [tax.heading(p) for p in parts]
        if all(kinds):
            return kinds[0]
    return None


def _inline(plain: str, line: Line, tax: Taxonomy) -> tuple[str, str] | None:
    # "SKILLS: Python, Java" — only a shouted or bold label starts a section, so "Languages: Python"
    # inside a skills section stays content.
    label, sep, rest = plain.partition(":")
    if not sep or not rest.strip() or len(label) > 40:
        return None
    if not (label.isupper() or line.bold):
        return None
    kind = _lookup(label, tax)
    return (kind, rest.strip()) if kind else None


def _style(line: Line) -> tuple[float, bool, bool] | None:
    if line.size is None:
        return None
    letters = [c for c in line.text if c.isalpha()]
    return (round(line.size, 1), line.bold, bool(letters) and all(c.isupper() for c in letters))


def _styled_heading(line: Line, styles: set[tuple[float, bool, bool]]) -> bool:
    """A short line printed exactly like the document's known headings ("A DAY OF MY LIFE", "STRENGTHS")."""
    st = _style(line)
    if st is None or st not in styles:
        return False
    text = _DECOR.sub("", line.text.strip())
    words = _WORDS.findall(text)
    return (0 < len(words) <= 6 and not any(ch.isdigit() for ch in text) and "@" not in text
            and not text.endswith((".", ",", ";")) and "\t" not in text)


def heading_styles(lines: list[Line], tax: Taxonomy) -> set[tuple[float, bool, bool]]:
    """Styles (size, bold, capitals) used by recognised headings and by little else: the document's
    own heading style, which then marks headings the taxonomy does not know."""
    body = sorted(ln.size for ln in lines if ln.size)
    median = body[len(body) // 2] if body else None
    counts: dict[tuple[float, bool, bool], int] = {}
    for ln in lines:
        st = _style(ln)
        if st is not None:
            counts[st] = counts.get(st, 0) + 1
    found: dict[tuple[float, bool, bool], int] = {}
    for ln in lines:
        st = _style(ln)
        if st is not None and heading_kind(ln, tax):
            found[st] = found.get(st, 0) + 1
    out = set()
    for st, n in found.items():
        distinctive = st[2] or (median is not None and st[0] > median * 1.1)
        # A style most lines share (plain body text) says nothing; nor does one seen on a single heading.
        if distinctive and n >= 2 and counts[st] <= max(3 * n, n + 8):
            out.add(st)
    return out


def split(lines: list[Line], tax: Taxonomy) -> list[Section]:
    sections = [Section("header", "")]
    styles = heading_styles(lines, tax)
    prev: Line | None = None
    last_of_column: dict[tuple[int, int], Section] = {}  # (page, column) -> the section it was in
    for line in lines:
        found = heading_kind(line, tax)
        # The top of the page (name, contacts) often shares the headings' style: only later lines count.
        if found is None and len(sections) > 1 and _styled_heading(line, styles):
            found = ("other", "")
        if found is None and prev is not None and line.column != prev.column and sections[-1].kind != "header":
            # Another column starts. If it was read before (its heading came above the other column's top),
            # its text continues that section; else it is not the previous column's section either.
            resumed = last_of_column.get((line.page, line.column))
            if resumed is not None and resumed is not sections[-1]:
                sections.remove(resumed)
                sections.append(resumed)
            else:
                sections.append(Section("other", ""))
        prev = line
        if found is None:
            sections[-1].lines.append(line)
            last_of_column[(line.page, line.column)] = sections[-1]
            continue
        kind, rest = found
        sections.append(Section(kind, line.text.strip()))
        last_of_column[(line.page, line.column)] = sections[-1]
        if rest:
            sections[-1].lines.append(Line(rest, line.page, line.size, False, None, line.column, line.x, line.y))
    return sections


def words(text: str) -> list[str]:
    return key(text).split()
