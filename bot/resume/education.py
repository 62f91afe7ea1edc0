"""Education: institution, degree, field, dates and GPA, one entry per degree."""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _list_field

from bot.normalize import fold, key, tokens
from bot.resume import dates, segments
from bot.resume.experience import prepare
from bot.resume.model import Education
from bot.resume.sections import Section
from bot.resume.taxonomy import Degree, Institution, Taxonomy

INSTITUTION_WORDS = re.compile(
    r"\b(?:university|universit[yéä]t?|universidad|universidade|universit[àa]|universiteit|institute|institut|"
    r"instituto|college|school|academy|akademie|polytechnic|politecnico|polytechnique|hochschule|"
    r"vidyalaya|vidyapeeth|gymnasium|lyc[ée]e|[ée]cole|escuela|escola|col[ée]gio|liceo|lisesi|[üu]niversitesi|"
    r"gimnasio|hogeschool|universiteit|politécnica|politecnica|iit|iiit|nit|univ(?=\.))\b",
    re.I,
)
GPA = re.compile(
    r"\b(?:c?gpa|cpi|spi|grade|score|percentage|marks|aggregate|cgpa)\b\s*[:\-–]?\s*"
    r"(?P<v>\d{1,3}(?:\.\d{1,3})?\s*%?(?:\s*/\s*\d{1,3}(?:\.\d{1,2})?)?\s*%?)",
    re.I,
)
GPA_AFTER = re.compile(r"(?P<v>\d(?:\.\d{1,3})?\s*/\s*(?:4|5|6|10|7)(?:\.0+)?)\s*(?:c?gpa|cpi)\b", re.I)
# (skipped: the second degree of a dual degree, "B.Tech + MS by Research (Dual Degree), Computer Science",
# and honours, "B.Tech. with Honors, Computer Science and Engineering")
_FIELD = re.compile(r"^(?:['’]s)?(?:\s*(?:\+|(?i:with)\b)\s*[^,;()\t]*)?\s*(?:\([^)]*\)\s*)*(?:(?i:in|of)\b|,|-|–|:)\s*"
                    r"(?P<f>[A-Z][^;()\t|–]*)")
_FIELD_STOP = re.compile(r",\s*(?=(?:minor|major|specialization|c?gpa|cpi|sgpa|percentage|grade|score|marks|with|thesis|advisor|\d))|\s+(?:with|minor)\s", re.I)


# "Relevant Courses: ...", "CGPA: 9.5/10", "IIT Delhi Semester Merit Award: ...": details of the entry above.
# (a colon inside parentheses is no label's: "M.S. in Computer Science (Specialization: Machine Learning)")
_LABELLED = re.compile(r"^\s*[A-Z](?:[\w ./&'-]|\([^():]*\)){0,60}?\s*:\s+\S")


@dataclass
class _Entry:
    institution: str | None = None
    degree: str | None = None
    field: str | None = None
    spans: list[dates.Span] = _list_field(default_factory=list)
    present: bool = False
    gpa: str | None = None
    location: str | None = None
    degree_first: bool = False  # opened by its degree line, the school printed below it


_SEGMENT = re.compile(r"\t|\s[|–—-]\s|[,;()@]|\s(?:from)\s")


# Words of schools' names printed short: "Univ. of Illinois Urbana-Champaign", "Inst. of ..."
_ABBREVIATED = {"univ": "university", "inst": "institute"}


def find_institution(text: str, tax: Taxonomy) -> tuple[str, Institution | None] | None:
    """(name, known) for the institution a line names: the taxonomy's longest phrase, else a school-like cell.

    A known name must open a segment of the line: "Marathwada Mitra Mandal's College of Engineering, Pune"
    is not the "College of Engineering Pune" hidden inside it."""
    best: tuple[int, Institution] | None = None
    words: list[str] = []
    starts: list[int] = []
    for seg in _SEGMENT.split(segments.remove_dates(text)):
        seg_words = [_ABBREVIATED.get(w, w) for w in key(seg).split()]
        i = 0
        while i < len(seg_words) and (tax.degree(seg_words[i]) is not None or seg_words[i] == "the"):
            i += 1  # "B.Tech IIT Delhi", "The University of Texas at Austin"
        if seg_words[i:]:
            starts.append(len(words) + i)
        words += seg_words
    for start in starts:  # a name may run on across commas: "Indian Institute of Technology, Delhi"
        for n in range(min(len(words) - start, tax.max_phrase_words), 0, -1):
            inst = tax.institution(" ".join(words[start:start + n]))
            if inst and (best is None or n > best[0]):
                best = (n, inst)
                break
    if best:
        return best[1].name, best[1]
    for cell in re.split(r"\t|\s[|–—]\s|\s-\s|;", segments.clean(text)):
        m = INSTITUTION_WORDS.search(cell)
        if not m:
            continue
        parts = [p.strip() for p in cell.split(",")]
        for p in parts:
            p = dates.RANGE.sub("", p).strip(" -–(")
            if INSTITUTION_WORDS.search(p) and p[:1].isupper():
                name = p
                if name and not tax.degree(name) and len(name.split()) <= 12:
                    return name, None
    return None


DUAL = "Dual Degree"  # a bachelor's and a master's together (degrees.yml): the label keeps which, printed


def find_degree(text: str, tax: Taxonomy) -> tuple[Degree, str, int] | None:
    """(degree, printed form, end offset in the folded tokens) of the first degree the line names."""
    folded = tokens(text)
    for i in range(len(folded)):
        for n in range(min(6, len(folded) - i), 0, -1):
            phrase = " ".join(folded[i:i + n])
            deg = tax.degree(phrase)
            if deg is None:
                continue
            printed = _printed(text, folded[i:i + n]) or phrase
            at = text.find(printed)
            if at >= 0 and re.match(r"-[A-Za-z]", text[at + len(printed):at + len(printed) + 2]):
                continue  # "PUC-Rio" is a university, not the PUC certificate
            bare = phrase.replace(".", "")
            # Short forms (MS, BE, BA, Ms) are ordinary words unless printed as degrees: "MS", "MSc", "B.E.".
            if len(bare) <= 3 and n == 1 and "." not in phrase and not (
                    printed.isupper() or (len(bare) == 3 and printed[:1].isupper() and not printed[1:].islower())):
                continue
            rest = text[text.find(printed) + len(printed):] if printed in text else ""
            if deg.name == DUAL:
                inner = re.match(r"\s*\(([^)]*)\)", rest)
                if inner and _two(inner.group(1), tax):
                    printed += inner.group(0)  # "Dual Degree (B.Tech + MS by Research)": which two, kept
            elif (second := re.match(r"\s*\+\s*[^,;()\t]+", rest)) and _two(printed + second.group(0), tax):
                dual = tax.degree(DUAL)  # "B.Tech + MS by Research": a dual degree, whatever its alias list says
                if dual is not None:
                    return dual, (printed + second.group(0)).strip(), i + n
            if len(printed) == 2 and i > 0 and re.search(rf",\s*{re.escape(printed)}\b", text) and \
                    (town := tax.place(folded[i - 1])) is not None and town.kind == "city":
                continue  # "Cambridge, MA": Massachusetts, not a Master of Arts
            return deg, printed, i + n
    return None


def dual_parts(printed: str, tax: Taxonomy) -> list[Degree | None]:
    """The degrees a dual degree's printed parts name, each by its longest known start ("B.Tech + MS by
    Research" -> Bachelor of Technology, Master of Science); None for a part naming none."""
    parts = [tokens(p) for p in re.split(r"\+|&|/|\band\b", printed)]
    return [next((d for n in range(len(p), 0, -1) if (d := tax.degree(" ".join(p[:n]))) is not None), None)
            for p in parts if p]


def _two(printed: str, tax: Taxonomy) -> bool:
    """Whether a dual degree's printed parts name two degrees ("B.Tech + MS by Research"), not itself."""
    found = dual_parts(printed, tax)
    return len(found) >= 2 and all(d is not None and d.name != DUAL for d in found)


def _printed(text: str, words: list[str]) -> str | None:
    """The words as printed in `text` ("B.Tech", "MSc"), found case- and accent-insensitively."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    pattern = r"[\W_]*".join(re.escape(w).replace(r"\.", r"\.?") for w in words)
    m = re.search(rf"(?<![\w.]){pattern}\.?(?![\w])", folded)
    if not m:
        return None
    end = m.end()
    if text.count("(", m.start(), end) > text.count(")", m.start(), end) and text[end:end + 1] == ")":
        end += 1  # "Master of Science (Thesis)": the alias's own parenthesis, closed
    return text[m.start():end]


def degree_label(deg: Degree, printed: str) -> str:
    """The canonical degree, with the printed abbreviation kept when it differs: "Bachelor of Technology (B.Tech)"."""
    if deg.name == DUAL and (which := re.search(r"\(([^()]*)\)", printed)):
        if re.search(r"[+&]|\band\b", which.group(1)):
            return f"{DUAL} ({which.group(1).strip()})"  # "Dual Degree (B.Tech + MS by Research)"
        printed = printed.replace(which.group(0), "").strip()  # "B.Tech + M.Tech (Dual Degree)"
    p = set(key(printed).split())
    if p <= set(key(deg.name).split()) or key(printed).startswith(key(deg.name) + " "):
        return deg.name  # "Master of Science (Thesis)" is a Master of Science
    return f"{deg.name} ({printed.strip()})"


def read(sections: list[Section], tax: Taxonomy) -> list[Education]:
    entries: list[_Entry] = []
    for sec in sections:
        if sec.kind != "education":
            continue
        cur: _Entry | None = None
        for raw, bulleted, soft in _unwrapped(prepare(sec.lines), tax):
            text = segments.clean(raw)
            if not text:
                continue
            detail = (bulleted and not dates.find_spans(text[:25])) or _LABELLED.match(text)
            if detail and soft and not _LABELLED.match(text):
                known = find_institution(text, tax)
                # Wrapped or indented, yet naming a known school: "NUS, B.E., Economics" under a long line.
                if known is not None and known[1] is not None:
                    detail = None
            inst = None if detail and cur is not None else find_institution(text, tax)
            deg = find_degree(text, tax)
            if detail and cur is not None and (cur.degree or _LABELLED.match(text)):
                deg = None  # a detail line may still name the degree the entry lacks, never a new one
            if detail and cur is not None and not cur.institution and not _LABELLED.match(text):
                inst = find_institution(text, tax)  # nor the school a degree-first entry still lacks
            if inst and (cur is None or cur.institution):
                cur = _Entry()
                entries.append(cur)
            elif deg and (cur is None or cur.degree):
                prev = cur
                cur = _Entry(degree_first=not inst)
                entries.append(cur)
                # "Cornell University / MEng ... / BS ...": one school printed once, two degrees. Not when
                # each degree comes before its school ("M.S. Analytics / Georgia Tech / B.E. ... / BITS").
                if prev is not None and prev.institution and not inst and not prev.degree_first:
                    cur.institution = prev.institution
            if cur is None:
                cur = _Entry()
                entries.append(cur)
            _fill(cur, text, inst, deg, tax)
    return [_finish(e) for e in entries if e.institution or e.degree]


def _unwrapped(lines: list[tuple[str, bool, bool]], tax: Taxonomy) -> list[tuple[str, bool, bool]]:
    """A school's name wrapped in a narrow column ("Indian Institute of Technology" / "Delhi") made whole:
    a line naming no known school and the short line after it, when together they name one."""
    out: list[tuple[str, bool, bool]] = []
    i = 0
    while i < len(lines):
        text, bulleted, soft = lines[i]
        if i + 1 < len(lines):
            nxt = lines[i + 1][0].strip()
            alone = find_institution(text, tax)
            short = bool(nxt) and len(nxt.split()) <= 4 and not any(ch.isdigit() for ch in nxt)
            # ... and a line cut after a joining word ("B.Tech, Computer Science and" / "Engineering")
            cut = re.search(r"\s(?:and|of|&|in|for)$", text.rstrip(), re.I) is not None
            # (the first line a school's name unknown as it stands, "Indian Institute of Technology")
            if short and not dates.find_spans(text) and (cut or (
                    alone is not None and alone[1] is None
                    and (both := find_institution(f"{text} {nxt}", tax)) and both[1] is not None)):
                out.append((f"{text} {nxt}", bulleted, soft))
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out


def _fill(cur: _Entry, text: str, inst: tuple[str, Institution | None] | None,
          deg: tuple[Degree, str, int] | None, tax: Taxonomy) -> None:
    if inst and not cur.institution:
        cur.institution = inst[0]
        if inst[1] is not None and inst[1].city:
            cur.location = cur.location or inst[1].city
    if deg and not cur.degree:
        cur.degree = degree_label(deg[0], deg[1])
        cur.field = cur.field or _field_after(text, deg[1], tax)
    cur.spans += dates.find_spans(text)
    cur.present = cur.present or (dates.has_present(text) and bool(
        re.search(rf"(?i)(?:^|\t|[-–—]\s*)(?:{dates.PRESENT_WORDS})", text)))
    if not cur.gpa:
        m = GPA.search(text) or GPA_AFTER.search(text)
        if m:
            cur.gpa = re.sub(r"\s+", "", m.group("v"))


def _field_after(text: str, printed: str, tax: Taxonomy) -> str | None:
    idx = text.find(printed)
    if idx < 0:
        folded = text.lower()
        idx = folded.find(printed.lower())
    if idx < 0:
        return None
    rest = text[idx + len(printed):]
    m = _FIELD.match(rest)
    if not m and (bare := _FIELD_BARE.match(rest)) and _short_form(printed):
        # "B.Tech Computer Science, IIT Madras", "BSc Informatik": an abbreviation followed by capitalised
        # words is followed by its field, unless those words name a school, a place or a date.
        f = bare.group("f").strip()
        words = set(key(f).split())
        if INSTITUTION_WORDS.search(f) or tax.institution(f) or tax.place(f) or words & _NOT_FIELDS or \
                words & set(dates.MONTHS):
            return None
        return f if len(f.split()) <= 6 else None
    if not m:
        return None
    f = _FIELD_STOP.split(m.group("f"))[0]
    f = re.split(r"\s[-–—]\s|;|\bGPA\b|\bCGPA\b|\.\s+(?=[A-Z])", f)[0]  # (". Teaching Assistant for ...")
    f = dates.RANGE.sub("", f).strip(" ,.-–")
    if "," in f:  # "Electrical Engineering, IIT Delhi": the field ends where a school begins
        head, _, tail = f.partition(",")
        if INSTITUTION_WORDS.search(tail) or tax.institution(tail.strip()):
            f = head.strip()
    if INSTITUTION_WORDS.search(f) or tax.institution(f):
        return None  # "MBA (PGP), Indian Institute of Management Bangalore": the school, not a field
    if f.isupper():
        f = segments.tidy_case(f)  # "B.S. IN COMPUTER SCIENCE"
    return f if f and len(f.split()) <= 10 else None


_FIELD_BARE = re.compile(r"^[ ]+(?P<f>[A-Z][A-Za-z&]*(?:[ ]+(?:and|of|&|[A-Z][A-Za-z&]*))*)")
_NOT_FIELDS = {"hons", "honours", "honors", "thesis", "candidate", "student", "expected", "graduate", "present"}


def _short_form(printed: str) -> bool:
    """"B.Tech", "BSc", "MS", "B.E. (Hons.)": a degree's abbreviation, not its name spelled out."""
    bare = re.sub(r"\s*\([^)]*\)", "", printed).strip()
    return " " not in bare and len(bare) <= 8


def _finish(e: _Entry) -> Education:
    span = dates.combine(e.spans, e.present)
    return Education(
        institution=e.institution, degree=e.degree, field=e.field,
        start=span.start_iso if span and (span.end or span.present) else None,
        end=(span.end_iso if span and (span.end or span.present) else (span.start_iso if span else None)),
        gpa=e.gpa, location=e.location,
    )
