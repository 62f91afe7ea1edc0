"""Work history: one entry per role, from the experience-like sections (and roles listed under projects).

An entry is cut from "header" lines (short, not bulleted, not indented, not a sentence) whose segments
name a title, a company, a place or dates; description lines between them only mark that the entry
has started its body. Several roles printed under one company inherit it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.normalize import key
from bot.resume import dates, segments
from bot.resume.document import Line
from bot.resume.model import Experience
from bot.resume.sections import Section, strip_bullet
from bot.resume.taxonomy import Taxonomy

EXPERIENCE_KINDS = {"experience", "internships", "volunteering", "leadership"}
VOLUNTEER_KINDS = {"volunteering", "leadership"}
# ("Member of Technical Staff", Oracle's and Adobe's engineers, is a job)
VOLUNTEER = re.compile(r"\b(?:volunteer|volunteering|member(?!\s+(?:of\s+)?(?:\w+\s+){0,2}staff\b)|membership|"
                       r"ambassador|mentor)\b", re.I)
# A trainee is an employee ("Graduate Engineer Trainee", "Management Trainee", "Trainee Software Engineer"
# are first jobs), unless in training for a summer or in industry as a student ("Summer Trainee").
INTERN = re.compile(r"\b(?:intern|internship|interns|apprentice|apprenticeship|co-?op|werkstudent|"
                    r"praktikum|stagiaire|(?:summer|industrial|vocational)\s+(?:trainee|training))\b", re.I)
_SENTENCE = re.compile(r"[.!?]\s*$")
_LABEL_PREFIX = re.compile(r"^\s*([A-Z][\w /&'-]{0,30}?)\s*:\s+\S")
_SENTENCE_THEN_DATE = re.compile(r"(?<=[.!?\]])\s+(?=\S)")
INDENT_PT = 6.0  # a PDF line indented this much past its section's left edge is a bullet's text


@dataclass
class _Entry:
    titles: list[segments.Segment] = field(default_factory=list)
    companies: list[segments.Segment] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    spans: list[dates.Span] = field(default_factory=list)
    present: bool = False
    body: bool = False  # description lines have started: a new title/company means a new entry
    internship: bool = False
    volunteer: bool = False
    company_first: bool = False  # the company was printed above the title
    inherited: list[segments.Segment] = field(default_factory=list)

    @property
    def has_role(self) -> bool:
        return bool(self.titles or self.companies)


def prepare(lines: list[Line]) -> list[tuple[str, bool, bool]]:
    """(text, is_description, soft) per line: bullets by marker or, in PDFs (soft), by indentation or by continuing a
    full line above; table rows flattened into one line are cut again where a sentence ends and a date
    begins ("... US Patent]. May 2019 Aarhus University ...")."""
    base: dict[tuple[int, int], float] = {}
    longest: dict[tuple[int, int], int] = {}
    for ln in lines:
        k = (ln.page, ln.column)
        longest[k] = max(longest.get(k, 0), len(ln.text))
        if ln.x is not None:
            base[k] = min(base.get(k, ln.x), ln.x)
    out: list[tuple[str, bool, bool]] = []
    prev: Line | None = None
    for ln in lines:
        text, bulleted = strip_bullet(ln.text)
        k = (ln.page, ln.column)
        soft = False
        if not bulleted and ((ln.x is not None and ln.x > base[k] + INDENT_PT)
                             or (prev is not None and _continues(prev, ln, longest[k]))):
            bulleted = soft = True
        prev = ln
        for i, part in enumerate(_unflatten(text)):
            out.append((part, bulleted if i == 0 else False, soft if i == 0 else False))
    return out


def _continues(prev: Line, ln: Line, longest: int) -> bool:
    """A PDF line that carries on a full line above it in the same paragraph: the wrapped rest of a sentence."""
    if prev.x is None or ln.x is None or prev.page != ln.page or prev.column != ln.column:
        return False
    ends = prev.text.rstrip()
    abbreviation = re.search(r"\b(?:[A-Z][a-z]{0,3}|[A-Z]{1,3})\.$", ends) is not None  # "Prof.", "Dr.", "Inc."
    if abs(prev.x - ln.x) > 2 or len(prev.text) < max(60, 0.8 * longest) or (
            ends.endswith((".", ":", ";", "!", "?")) and not abbreviation):
        return False
    size = ln.size or 10.0
    return prev.y is not None and ln.y is not None and 0 < ln.y - prev.y <= 1.6 * size


def _unflatten(text: str) -> list[str]:
    if not dates.find_spans(text):
        return [text]
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_THEN_DATE.finditer(text):
        ahead = dates.find_spans(text[m.end(): m.end() + 20])
        before = text[:m.start()]
        if re.search(r"\b(?:[A-Za-z]{1,4}|[A-Z][a-z]{0,3})\.$", before) and not before.endswith("]."):
            continue  # "Oct. 2016", "Dr. Rao": an abbreviation's period, not a sentence's end
        if ahead and ahead[0].pos == 0 and len(text) - m.end() > 20:
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _headerish(text: str, bulleted: bool, tax: Taxonomy) -> bool:
    words = text.split()
    if not words:
        return False
    opens_with_date = bool(dates.find_spans(text[:25])) and dates.find_spans(text[:25])[0].pos <= 2
    if bulleted and not (opens_with_date or "\t" in text):
        return False  # a bullet is description unless it opens with the entry's dates
    items = [i.strip() for i in re.split(r"[,;|]", text) if i.strip()]
    if len(items) >= 4 and sum(1 for i in items if tax.skill(i)) >= 0.5 * len(items):
        return False  # "Experiences with Scala, Spark, Hadoop, Hive": a list of tools used
    first = key(words[0])
    if first in tax.action_verbs and len(words) > 3 and key(words[1]) not in tax.title_words:
        return False  # "Managed the integration of ...": describes an entry ("Applied Scientist" names one)
    label = _LABEL_PREFIX.match(text)
    if label and not segments.title_score(label.group(1), tax) and segments.company_score(label.group(1), tax) < 0.9:
        return False  # "Publication: ...", "Impact: ...": a labelled detail of the entry above
    if "\t" in text or opens_with_date:
        return True
    abbreviation = re.search(r"\b(?:[A-Z][a-z]{0,3}|[A-Z]{1,3}|[A-Za-z]\.[A-Za-z])\.$", text) is not None
    if len(words) > 14 or (_SENTENCE.search(text) and not abbreviation and len(words) > 3):
        return False  # "Member of Turkey's leading AI community.": a sentence about the entry
    lead = text.lstrip("*_([“\"'")
    return not lead[:1].islower() or re.match(r"[a-z][A-Z]", lead) is not None  # "iOS Engineer", "eBay"


def read(sections: list[Section], tax: Taxonomy, today: date) -> list[Experience]:
    out: list[Experience] = []
    for sec in sections:
        if sec.kind in EXPERIENCE_KINDS:
            out += _read_lines(sec.lines, sec.kind, tax, mode="full")
        elif sec.kind == "projects":
            out += _read_lines(sec.lines, sec.kind, tax, mode="promote")
    if not any(s.kind in EXPERIENCE_KINDS for s in sections):
        # No heading names the work history (a fragment, an unusual layout): only clear roles count.
        for sec in sections:
            if sec.kind in ("header", "other"):
                out += _read_lines(sec.lines, sec.kind, tax, mode="strict")
    return out


_LATER_PRESENT = re.compile(r"(?<![\w-])(?:Present|PRESENT)(?![\w-])")


def _read_lines(lines: list[Line], kind: str, tax: Taxonomy, *, mode: str) -> list[Experience]:
    entries: list[_Entry] = []
    cur: _Entry | None = None
    for raw, bulleted, soft in prepare(lines):
        text = "\t".join(segments.clean(c) for c in raw.split("\t")) if "\t" in raw else segments.clean(raw)
        if not text:
            continue
        if soft and cur is not None and not cur.titles and not cur.body:
            # Indented under a header printed beside a date column: may still be the entry's title.
            lead = [s for s in segments.split(text, tax)[:1] if s.kind == "title" and s.score >= 0.9]
            if lead:
                cur.titles += lead
                continue
        if cur is not None and cur.titles and (cur.spans or cur.present) and not cur.body and \
                all(c.score < 0.9 for c in cur.companies) and not dates.find_spans(text):
            # Under a title beside its dates (Europass): "Celonis SE, München, Germany" is the employer, more
            # surely than a word after the title ("Working Student, Data Analytics").
            where = segments.split(text, tax)
            if len(where) >= 2 and where[0].kind == "company" and all(s.kind == "place" for s in where[1:]):
                cur.companies = [where[0]]
                cur.places += [s.text for s in where[1:]]
                cur.inherited = []
                continue
        spans = dates.find_spans(text)
        present = any(dates.lone_present(c) for c in text.split("\t")) or bool(
            re.match(rf"^\s*(?:{dates.PRESENT_WORDS})\b", text, re.I)) or any(s.present for s in spans) or (
            # a date column read row by row into one line: "Jul 2021 Google Research Bangalore Present Researcher"
            bool(spans) and not any(s.end for s in spans) and _LATER_PRESENT.search(text, spans[0].pos) is not None)
        if not _headerish(text, bulleted, tax):
            if cur is not None and cur.has_role:
                cur.body = True
            continue
        segs = segments.split(text, tax)
        titles = [s for s in segs if s.kind == "title"]
        # Without a heading to vouch for the section, only names that look like employers count.
        companies = [s for s in segs if s.kind == "company" and s.score >= (0.7 if mode == "strict" else 0.4)]
        places = [s.text for s in segs if s.kind == "place"]
        if mode == "promote" and (titles or companies) and not (titles and companies and (
                INTERN.search(text) or (max(c.score for c in companies) >= 0.7 and titles[0].score >= 0.9))):
            cur = None  # a project, not a role: its dates and places belong to nobody
            continue
        if mode == "promote" and cur is None and not (titles or companies):
            continue  # dates or places of a project
        if mode == "strict" and not (titles and titles[0].score >= 0.9) and not (cur and not cur.body):
            if cur is not None and cur.has_role:
                cur.body = True
            continue
        if places and not (titles or companies or spans or present):
            if cur is not None and not cur.body:
                cur.places += places  # "Zürich, Switzerland" on its own line under the company
            continue
        if not (titles or companies or spans or present):
            if cur is not None and cur.has_role:
                cur.body = True
            continue
        strong = [c for c in companies if c.score >= 0.7]
        new = cur is None
        # "JP Morgan Chase, New York  Jul 2018 - Aug 2020" then "Software Engineer, Corporate & Investment
        # Bank": the dated employer's role, in a unit of it, not a second entry.
        unit = bool(cur is not None and titles and not cur.titles and cur.companies and not cur.body
                    and (cur.spans or cur.present) and not (spans or present))
        if unit:
            companies = strong = []
        if cur is not None and (titles or companies):
            new = bool(cur.body or (titles and cur.titles) or (strong and cur.companies))
        # Dates printed above their entry: a dates-only line after a finished entry opens the next one.
        if cur is not None and not (titles or companies) and cur.body and (cur.spans or cur.present):
            new = True
        if new:
            prev = cur
            cur = _Entry()
            entries.append(cur)
            # Several roles under one company printed once above them: the later roles inherit it.
            if prev is not None and titles and not companies and not places and prev.company_first \
                    and not any(x.kind == "other" for x in segs):
                cur.inherited = (prev.companies or prev.inherited)[:1]
                cur.company_first = True
        assert cur is not None
        if companies and not cur.titles:
            cur.company_first = True
        cur.titles += titles
        cur.companies += companies if not cur.companies or strong else []
        cur.places += places
        if not cur.body:
            cur.spans += spans
            cur.present = cur.present or present
        elif not (cur.spans or cur.present):
            cur.spans += spans  # dates printed after the description ("dates follow their blocks")
            cur.present = present
        if (INTERN.search(text) and (titles or "intern" in text.lower())) or kind == "internships":
            cur.internship = True
        if kind in VOLUNTEER_KINDS:
            cur.volunteer = True
    return [e for e in (_finish(x, tax) for x in entries) if e is not None]


def _finish(e: _Entry, tax: Taxonomy) -> Experience | None:
    if not e.has_role and not e.inherited:
        return None
    title = max(e.titles, key=lambda s: s.score).text if e.titles else None
    company = None
    companies = e.companies or e.inherited
    if companies:
        best = max(companies, key=lambda s: (s.score, -companies.index(s)))
        company = segments.canonical_company(best.text, tax)
        if not title and best.score < 0.7 and not (e.spans or e.present):
            return None  # a capitalised phrase with no title and no dates is not a role
    span = dates.combine(e.spans, e.present)
    if title and INTERN.search(title):
        e.internship = True
    if title and VOLUNTEER.search(title) and not segments.title_score(VOLUNTEER.sub("", title), tax):
        e.volunteer = True  # "Volunteer", "Member"; but a "Founding Member & SRE" still works there
    return Experience(
        company=company, title=segments.tidy_case(title) if title else None,
        location=e.places[0] if e.places else None,
        start=span.start_iso if span else None,
        end=span.end_iso if span else None,
        internship=e.internship, volunteer=e.volunteer,
    )


STALE_DAYS = 183  # a file last saved longer ago than this counts its "Present" up to that day


def as_of(entries: list[Experience], written: date | None, today: date) -> date:
    """The day "Present" stands for. A resume last saved years ago ("Facebook, Jan 2015 - Present", saved
    that month) says nothing of the years since: its roles end when the file was saved, if that is more
    than six months ago. Unless a role's dates are later than that day: then the file's date is wrong
    (a tool that stamps every file 2000-01-01) and today stands."""
    if written is None or written > today - timedelta(days=STALE_DAYS):
        return today
    points = [(int(p[:4]), int(p[5:7]) if len(p) >= 7 else 1)
              for e in entries for p in (e.start, e.end) if p and p != "present" and p[:4].isdigit()]
    limit = written + timedelta(days=62)  # a start date written ahead ("joining Jan 2015") is still the file's
    if any(p > (limit.year, limit.month) for p in points):
        return today
    return written


def years(entries: list[Experience], today: date) -> float | None:
    """Years of work from merged date intervals: overlaps count once; internships and volunteering are left out.
    None when no role is dated; 0.0 for dated internships and volunteering only (a new graduate has no
    years of work, which is known, not unknown: `years:<2` finds them)."""
    intervals = []
    dated = False
    for e in entries:
        dated = dated or bool(e.start)
        if e.internship or e.volunteer or not e.start:
            continue
        start = dates.parse_point(e.start if len(e.start) == 4 else _iso_to_text(e.start))
        end = None if e.end in (None, "present") else dates.parse_point(
            e.end if len(e.end) == 4 else _iso_to_text(e.end))
        span = dates.Span(start, end, e.end == "present")
        months = dates.months_between(span, today)
        if months:
            intervals.append(months)
    return dates.merged_years(intervals) if intervals else (0.0 if dated else None)


def _iso_to_text(iso: str) -> str:
    y, m = iso.split("-")
    return f"{m}/{y}"
