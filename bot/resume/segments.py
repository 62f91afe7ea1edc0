"""Cut an entry's header line into segments and say what each one is: title, company, place, dates."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.normalize import key
from bot.resume import dates
from bot.resume.taxonomy import Taxonomy

# Cells, then " - " / " | " / "@" / " at " joints, then commas.
_CELL = re.compile(r"\t|\s{3,}|\s[|•·]\s|\s\|\s?|\s?\|\s")
_JOINT = re.compile(r"\s[-–—]\s|\s?@\s?|\s[-–—](?=[A-Z])|(?<=[a-z.)])[-–—]\s|:\s+")
_AT = re.compile(r"\s+at\s+(?=[A-Z0-9]|[a-z][A-Z])")
_PARENTHESISED = re.compile(r"\s*\(([^()]{2,60})\)\s*$")
_COMMA = re.compile(r",\s*|;\s*")
# Text after these labels describes the entry; it is not a title or company.
LABELS = re.compile(
    r"\b(?:advisors?|advised by|supervisors?|supervised by|mentors?|guides?|under|client|team|thesis|"
    r"tech(?:nologies)?(?: used)?|tools|stack|skills|courses|coursework|topics?|project|description|"
    r"responsibilities|achievements?|worked on|working on|reference|grade|gpa|cgpa|score)\s*:",
    re.I,
)
_SENTENCE_CUT = re.compile(r"\s+(?:for|on|with|in charge of|responsible for|working|worked|where|under)\s+[a-z]|[.;]\s+[A-Z]|\s\(|\s\[")
ORG_WORDS = {
    "research", "labs", "lab", "laboratory", "laboratories", "university", "institute", "college", "school",
    "technologies", "technology", "solutions", "systems", "software", "group", "corporation", "company",
    "bank", "capital", "partners", "consulting", "foundation", "agency", "studio", "studios", "health",
    "hospital", "ai", "analytics", "robotics", "networks", "media", "ventures", "services", "global",
    "international", "pvt", "private", "limited", "center", "centre", "council", "ministry", "department",
    "association", "society", "club", "organization", "organisation", "committee", "academy", "holdings",
    "industries", "enterprises", "motors", "pharma", "pharmaceuticals", "energy", "insurance", "financial",
    "securities", "digital", "interactive", "games", "entertainment", "communications", "telecom",
}
# A unit inside an employer ("Graph Compiler group", "Security and Compliance team"), not the employer.
SUBUNIT_WORDS = {"group", "team", "division", "department", "unit", "squad", "pod", "org", "vertical"}
REMOTE = re.compile(r"^(?:\d+%\s*)?(?:fully\s+)?(?:remote|hybrid|on-?site|onsite|work from home|wfh)$", re.I)


@dataclass
class Segment:
    text: str
    kind: str  # "title" | "company" | "place" | "dates" | "other"
    score: float = 0.0


def clean(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # leftover markdown links
    text = re.sub(r"[*_`]{1,3}(?=\w)|(?<=[\w.)])[*_`]{1,3}", "", text)
    return re.sub(r"[ \u00a0]+", " ", text).strip(" ,;:-–—|•·")


def remove_dates(text: str) -> str:
    for span in dates.find_spans(text):
        text = text.replace(span.text, "\t", 1)
    text = re.sub(r"(?i)(?<![\w])(?:present|current|now|ongoing|till date|to date)(?![\w])", "\t", text)
    return re.sub(r"[(\[]\s*\t?\s*[-–—,]?\s*\t?\s*[)\]]", "\t", text)  # "Bengaluru (Jan 2024 - Present)"


def is_place(text: str, tax: Taxonomy) -> bool:
    t = text.strip(" ()")
    if not t or len(t) > 60:
        return False
    if REMOTE.match(t):
        return True
    parts = [p.strip() for p in t.split(",") if p.strip()]
    return bool(parts) and all(
        tax.place(re.sub(r"\b\d{5,6}\b", "", p).strip()) or re.fullmatch(r"[A-Z]{2}(?: \d{5})?", p) for p in parts
    )


_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|helped|used|using)\b")


def _key(text: str) -> str:
    """key(), with "co-op" one word (not "Co." the company suffix and "op")."""
    return re.sub(r"\bco op\b", "coop", key(text))


def title_score(text: str, tax: Taxonomy) -> float:
    k = _key(text)
    if not k:
        return 0.0
    words = k.split()
    if k in tax.title_phrases:
        return 1.0
    hits = [w for w in words if w in tax.title_words]
    if not hits or words[0] in ("a", "an", "the") or len(words) > 10 or _VERB.search(k):
        return 0.0  # a title is a name, not a sentence ("tracing is the task of modeling students")
    if words[0] in tax.action_verbs and not (len(words) > 1 and words[1] in tax.title_words):
        return 0.0  # "Mentored four developers" describes; "Applied Scientist" names a role
    # "Research Fellow" ends with its title word; "Graph Compiler group" has none.
    if words[-1] in tax.title_words or words[0] in tax.title_words:
        return 0.9
    # "Vice President of Search Products & UX", "Head of Engineering and Design": a title, then its domain.
    head = re.split(r"\s+(?:of|for|,|&|and)\s+", k, maxsplit=1)[0].split()
    if head and head[-1] in tax.title_words and len(head) <= 4:
        return 0.9
    # A title word lost in the middle of a long phrase is a sentence mentioning "volunteers", not a role.
    return 0.6 if len(words) <= 5 else 0.0


def company_score(text: str, tax: Taxonomy) -> float:
    k = _key(text)
    if not k:
        return 0.0
    if k in tax.companies:
        return 1.0
    if (s := tax.skill(text)) is not None and not s.context_only:
        return 0.0  # "3D Vision, Generative AI" under a role: its field, not an employer ("Wadhwani AI" is one)
    if not text[:1].isupper() and not re.match(r"[a-z][A-Z]\w", text):  # iFood, eBay, iRobot are names
        return 0.0  # "40% increase in ...", "a privacy preserving library"
    words = k.split()
    if len(words) >= 4 and _mostly_skills(words, tax):
        return 0.0  # "Deep Learning AWS Sagemaker TensorFlow": a line of skill tags
    if any(" ".join(words[:n]) in tax.companies for n in range(1, min(4, len(words)) + 1)):
        return 0.9
    if words[-1] in tax.company_suffixes or (len(words) > 1 and words[-2] in tax.company_suffixes):
        return 0.9
    if words[-1] == "group" and _acronym_name(text.split()[:-1], tax):
        return 0.7  # "BT Group", "WPP Group": initials before "Group" are a company's ("Search Group" a team)
    if words[-1] in SUBUNIT_WORDS:
        return 0.3
    if set(words) & ORG_WORDS:
        return 0.7
    return 0.4 if len(words) <= 6 else 0.1


def _acronym_name(printed: list[str], tax: Taxonomy) -> bool:
    """"BT", "WPP": an organisation's initials, not a skill's ("NLP Group" is a team)."""
    return len(printed) == 1 and bool(re.fullmatch(r"[A-Z]{2,5}", printed[0])) and tax.skill(printed[0]) is None


def _mostly_skills(words: list[str], tax: Taxonomy) -> bool:
    covered = 0
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            if tax.skill(" ".join(words[i:i + n])):
                covered += n
                i += n
                break
        else:
            i += 1
    return covered >= 0.6 * len(words)


def canonical_company(text: str, tax: Taxonomy) -> str:
    """The company's usual name where the printed one is a variant of it ("Amazon.com" -> Amazon, "TCS" ->
    Tata Consultancy Services); a different brand ("Facebook" for Meta) stays as printed. Both are indexed."""
    canonical = tax.companies.get(key(text))
    if canonical is None and "," in text:  # "Stripe, Inc.": the name before its legal form
        head, _, legal = text.rpartition(",")
        if key(legal) in tax.company_suffixes and (canonical := tax.companies.get(key(head))) is not None:
            text = head
    if canonical is None:
        return tidy_case(text)
    printed = set(key(text).split())
    acronym = re.fullmatch(r"[A-Z&]{2,6}", text.strip()) is not None
    return canonical if acronym or printed & set(key(canonical).split()) else tidy_case(text)


_SMALL = {"of", "and", "for", "the", "in", "at", "to", "on", "a", "an", "&"}
_KEEP_UPPER = re.compile(r"^(?:[A-Z]{1,3}|I{1,3}|IV|VI{0,3}|[A-Z]+\d*|.*\d.*)$")


def tidy_case(text: str) -> str:
    """Small-caps titles come out as capitals ("SOFTWARE ENGINEER"): print them as words, acronyms kept."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 5 or not all(c.isupper() for c in letters):
        return text
    words = text.split()
    if len(words) == 1 or all(w.startswith("(") for w in words[1:]):
        return text  # one word in capitals is an acronym: "DRDO", "DRDO (CAIR)", "KPMG"
    out = []
    for i, w in enumerate(words):
        core = w.strip("(),.&+/")
        if (len(core) <= 3 and core.isalpha() and core.lower() not in _SMALL) or (w.startswith("(") and len(core) <= 5):
            out.append(w)  # CEO, VP, SRE, ML, II; "(CAIR)"
        elif i and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            out.append(w[:1] + w[1:].lower())
    return " ".join(out)


def split(line: str, tax: Taxonomy) -> list[Segment]:
    """Segments of one header line, each classified; the caller decides what the entry is."""
    text = clean(line)
    label = LABELS.search(text)
    if label:
        text = text[: label.start()]
    out: list[Segment] = []
    for cell in _CELL.split(remove_dates(text)):
        cell = cell.strip(" ,;:-–—")
        if not cell:
            continue
        for part in _JOINT.split(cell):
            part = part.strip(" ,;:-–—")
            if not part:
                continue
            at = _AT.split(part, maxsplit=1)
            if len(at) == 2 and title_score(at[0], tax):
                out.append(Segment(_cut_title(at[0]), "title", title_score(at[0], tax)))
                part = at[1]
            # "Senior Platform Engineer (London)": a place in parentheses closes the part.
            where = _PARENTHESISED.search(part)
            if where and part[:where.start()].strip() and is_place(where.group(1), tax):
                out.extend(_classify_commas(part[:where.start()].strip(" ,;"), tax))
                out.append(Segment(where.group(1).strip(), "place", 1.0))
                continue
            out.extend(_classify_commas(part, tax))
    return _merge_places(out)


_TRAILING_SMALL = re.compile(r"(?:\s+(?:for|at|in|of|with|and|on|to|&|-|–))+$", re.I)


def _cut_title(text: str) -> str:
    m = _SENTENCE_CUT.search(text)
    text = text[: m.start()] if m else text
    return _TRAILING_SMALL.sub("", text.strip(" ,;:-")).strip(" ,;:-")


# Suffixes that are also words of a line's other parts ("Technologies", "Labs", "Company"): never joined.
_SUFFIX_WORDS = {"technologies", "labs", "company", "holdings", "corporation"}


def _classify_commas(part: str, tax: Taxonomy) -> list[Segment]:
    if is_place(part, tax):
        return [Segment(part, "place", 1.0)]
    t = title_score(part, tax)
    if t >= 0.9 and "," in part and not _COMMA.split(part)[-1].strip()[:1].isupper():
        return [Segment(_cut_title(part), "title", t)]
    pieces: list[str] = []
    for p in (p.strip() for p in _COMMA.split(part)):
        if pieces and key(p) in tax.company_suffixes and key(p) not in _SUFFIX_WORDS:
            pieces[-1] += f", {p}"  # "FPT Software Co., Ltd.", "Stripe, Inc.": the name goes on
        elif p:
            pieces.append(p)
    tail = _place_tail(pieces, tax)
    out: list[Segment] = []
    for piece in pieces[:tail]:
        if is_place(piece, tax):
            out.append(Segment(piece, "place", 1.0))
            continue
        piece, town = _trailing_city(piece, tax)
        if town:
            out.append(Segment(piece, "company", company_score(piece, tax)) if not title_score(piece, tax)
                       else Segment(_cut_title(piece), "title", title_score(piece, tax)))
            out.append(Segment(town, "place", 1.0))
            continue
        t = title_score(_cut_title(piece), tax)
        c = company_score(piece, tax)
        if t and not (c >= 1.0):
            out.append(Segment(_cut_title(piece), "title", t))
        elif c:
            out.append(Segment(piece, "company", c))
        else:
            out.append(Segment(piece, "other", 0.0))
    if tail < len(pieces):
        out.append(Segment(", ".join(pieces[tail:]), "place", 1.0))
    return out


def _trailing_city(piece: str, tax: Taxonomy) -> tuple[str, str | None]:
    """"Google Research Bangalore" -> ("Google Research", "Bangalore"): a flattened table loses its commas."""
    words = piece.split()
    for n in (3, 2, 1):
        if len(words) > n:
            tail = " ".join(words[-n:])
            p = tax.place(tail)
            if p is not None and p.kind == "city" and tail[:1].isupper():
                return " ".join(words[:-n]), tail
    return piece, None


def _place_tail(pieces: list[str], tax: Taxonomy) -> int:
    """Index where a trailing location starts ("Apple, Cupertino, CA" -> 1), len(pieces) if none."""
    for i in range(1, len(pieces)):
        if is_place(", ".join(pieces[i:]), tax):
            # "Pleasantville, CA": an unknown town right before a known state or country is part of it.
            j = i - 1
            p = tax.place(pieces[i])
            # Only a state or province vouches for an unknown town before it ("Pleasantville, CA"); before a
            # country ("Grab, Singapore") the unknown word is more likely the employer.
            state = (p is not None and p.kind == "region") or (p is None and re.fullmatch(r"[A-Z]{2}", pieces[i]))
            if state and _town_like(pieces[j], tax):
                return j
            return i
    return len(pieces)


def _town_like(text: str, tax: Taxonomy) -> bool:
    words = key(text).split()
    return (1 <= len(words) <= 3 and text[:1].isupper() and not set(words) & ORG_WORDS
            and not title_score(text, tax) and " ".join(words) not in tax.companies)


def _merge_places(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if seg.kind == "place" and out and out[-1].kind == "place":
            out[-1] = Segment(f"{out[-1].text}, {seg.text}", "place", 1.0)
        else:
            out.append(seg)
    return out
