"""Who the resume is about: the name and the home location, read from the top of the document."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.normalize import fold, key
from bot.resume.document import Line
from bot.resume.taxonomy import Taxonomy

_NAME_WORD = re.compile(r"^(?:[^\W\d_]{1,3}\.|[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?)$", re.UNICODE)
_CJK = re.compile(r"^[\u3400-\u9fff\uac00-\ud7af]{2,4}$")
_CJK_PART = re.compile(r"\s*[(（]?[\u3400-\u9fff\uac00-\ud7af]{2,4}[)）]?\s*")
_NOT_NAME = {
    "resume", "curriculum", "vitae", "cv", "page", "profile", "summary", "contact", "email", "phone",
    "address", "mobile", "linkedin", "github", "homepage", "portfolio", "website", "objective", "personal",
    "details", "information", "confidential", "references", "available", "request", "updated", "last",
    "scholar", "google", "street", "road", "the", "of", "and", "for", "in", "at", "with", "on", "to",
}
# Titles before a name and letters after it: "Dr. Wei Zhang", "Wei Zhang, Ph.D.", "Jane Roe MBA, PMP".
_HONORIFIC = re.compile(r"^(?:dr|mr|mrs|ms|miss|mx|prof|er|sir)\.?\s+(?=\S)", re.I)
_POST_NOMINAL = re.compile(
    r"(?:\s*,\s*|\s+)(?:ph\.?\s?d|m\.\s?d|md|mba|cpa|cfa|pmp|p\.\s?e|m\.\s?s|m\.?\s?sc|b\.?\s?sc|m\.?\s?eng|esq|cissp)\.?"
    r"(?=\s*(?:,|$))", re.I)
# "Name: ...", and Europass's "Name<tab>..." or "Name Nguyễn Văn An" (a label column): the rest must be a name
_LABEL = re.compile(r"^\s*(?:full\s+)?name(?:\s*[:\-]|\t|\s)\s*(.+)$", re.I)
_SPLIT = re.compile(r"\t|\s{3,}|\s[|•·]\s|\s[–—]\s")
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b|\b\d{6}\b")
_STREET = re.compile(r"^\s*\d+[\w/-]*\s+\w+")
_REMOTE = re.compile(r"^\s*remote\b", re.I)


@dataclass(frozen=True)
class Found:
    value: str
    confidence: float


def _cells(text: str) -> list[str]:
    return [c.strip(" ,;") for c in _SPLIT.split(text) if c.strip(" ,;")]


def bare_name(text: str) -> str:
    """The name without the titles and letters printed around it."""
    text = text.strip().strip("*_#").strip()
    while (m := _HONORIFIC.match(text)) and len(text[m.end():].split()) >= 2:
        text = text[m.end():]
    while (m := _POST_NOMINAL.search(text)) and len(text[:m.start()].split()) >= 2:
        text = text[:m.start()] + text[m.end():]
    return text.strip(" ,")


def name_like(text: str, tax: Taxonomy) -> bool:
    text = text.strip().strip("*_#").strip()
    if not text or any(ch.isdigit() for ch in text) or "@" in text or "/" in text or ":" in text:
        return False
    if _CJK.match(text.replace(" ", "")):
        return True
    latin = _CJK_PART.sub(" ", text).strip()
    if latin != text and latin:  # "Li Mingxuan (李明轩)", "王芳 Wang Fang": the Latin part must be a name
        return name_like(latin, tax)
    if "," in text and any(tax.place(p.strip()) for p in text.split(",")):
        return False  # "Zürich, Switzerland"
    parts = text.replace(",", " ").split()
    if not 2 <= len(parts) <= 5 or not all(_NAME_WORD.match(p) for p in parts):
        return False
    letters = [p for p in parts if len(p.rstrip(".")) > 1]
    if len(letters) < 1 or len(letters) < len(parts) - 2:
        return False
    if not all(p[0].isupper() for p in parts if p[0].isalpha()):
        return False
    k = key(text)
    words = set(k.split())
    if words & _NOT_NAME or words & tax.title_words:
        return False
    if tax.heading(text) or tax.skill(text) or tax.place(text) or tax.institution(text) or tax.degree(text):
        return False
    return not any(tax.skill(w) and not tax.skill(w).context_only  # type: ignore[union-attr]
                   for w in k.split() if len(w) > 3)


def find_name(header: list[Line], all_lines: list[Line], tax: Taxonomy, emails: list[str]) -> Found | None:
    """The candidate's name, or None: a missing name is never guessed from the first line of text."""
    for line in all_lines[:40]:
        if m := _LABEL.match(line.text):
            value = bare_name(_cells(m.group(1))[0]) if _cells(m.group(1)) else ""
            if name_like(value, tax):
                return Found(value.strip(), 0.95)
    pool = header[:12] if header else []
    if not pool:  # the document opens with a heading: the name may still sit in the first lines
        pool = list(all_lines[:3])
    sizes = [ln.size for ln in all_lines[:80] if ln.size]
    body = sorted(sizes)[len(sizes) // 2] if sizes else None
    local_parts = {re.sub(r"[^a-z]", "", fold(e.split("@")[0])) for e in emails}
    best: tuple[float, str] | None = None
    for rank, line in enumerate(pool):
        cells = _cells(line.text) or [line.text]
        value = bare_name(cells[0])
        if not name_like(value, tax):
            continue
        score = 0.6 - 0.04 * rank
        if line.heading == 1 or (body and line.size and line.size >= body * 1.3):
            score += 0.3
        if line.bold:
            score += 0.05
        if len(cells) == 1:
            score += 0.05
        squashed = re.sub(r"[^a-z]", "", fold(value))
        if any(lp and (lp in squashed or squashed[:5] in lp) for lp in local_parts):
            score += 0.1
        if best is None or score > best[0]:
            best = (score, value)
    if best is None or best[0] < 0.4:
        return _largest_on_first_page(all_lines, body, tax)
    return Found(re.sub(r"\s+", " ", best[1]), round(min(best[0], 0.99), 2))


def _largest_on_first_page(lines: list[Line], body: float | None, tax: Taxonomy) -> Found | None:
    """Sidebar layouts put the name wherever the sidebar is read: take the biggest name-like text of page 1."""
    if body is None:
        return None
    big = [ln for ln in lines if ln.page == 0 and ln.size and ln.size >= body * 1.3]
    for line in sorted(big, key=lambda ln: -(ln.size or 0)):
        cells = _cells(line.text) or [line.text]
        value = bare_name(cells[0])
        if name_like(value, tax):
            return Found(re.sub(r"\s+", " ", value), 0.8)
    return None


def without_postcode(text: str) -> str:
    """"CA 94588" -> "CA": a place's name without the postal code printed with it."""
    return _ZIP.sub("", text).strip()


def find_location(header: list[Line], tax: Taxonomy) -> Found | None:
    """A home location printed near the top: "New Delhi, India", "Sunnyvale, CA", "Pune, Maharashtra"; a
    country or state alone ("Singapore · email") if nothing nearer is printed."""
    bare: Found | None = None
    for line in header[:15]:
        for cell in _cells(line.text.replace("@", "\t")):
            found = _place_cell(cell, tax)
            if found and found.confidence > 0.5:
                return found
            bare = bare or found
    return bare


def _place_cell(cell: str, tax: Taxonomy) -> Found | None:
    if "@" in cell or "http" in cell or len(cell) > 80:
        return None
    cell = re.sub(r"^[^\w]+", "", cell).strip()
    parts = [p.strip() for p in cell.split(",") if p.strip()]
    if not parts or len(parts) > 5:
        return None
    known = [p for p in parts if tax.place(without_postcode(p))]
    if not known:
        return None
    if any(tax.companies.get(key(p)) for p in parts[:parts.index(known[0])]):
        return None  # "Amazon.com, Seattle, WA": where a job is, printed under its title, not a home
    # Drop a street address in front: keep from the first part that is (or precedes) a known place.
    while len(parts) > 1 and (_STREET.match(parts[0]) or any(ch.isdigit() for ch in parts[0])):
        parts = parts[1:]
    if any(len(p.split()) > 4 for p in parts):
        return None
    if len(parts) == 1 and not tax.place(without_postcode(parts[0])):
        return None
    if len(parts) == 1 and (p := tax.place(without_postcode(parts[0]))) and p.kind != "city" and \
            not tax.cities_within.get(p.name):
        return Found(parts[0], 0.4)  # a bare country or state: a location only if nothing nearer is printed
    return Found(", ".join(parts), 0.85 if len(parts) > 1 else 0.6)


def usual_region(lines: list[str], tax: Taxonomy) -> str | None:
    """The country the resume's places are most often in ("Atlanta, GA", "Seattle, WA" beside schools and
    jobs), for phone numbers when the top names no place."""
    seen: Counter[str] = Counter()
    for text in lines:
        for part in re.split(r"[,|•·\t]", text):
            if (code := region_code(None, [part], tax)) is not None:
                seen[code] += 1
    return seen.most_common(1)[0][0] if seen else None


def region_code(location: str | None, lines: list[str], tax: Taxonomy) -> str | None:
    """ISO country of the resume, for phone numbers printed without +country."""
    texts = ([location] if location else []) + lines
    for text in texts:
        for part in re.split(r"[,|•·\t]", text):
            place = tax.place(part.strip())
            if place is None:
                continue
            country = tax.places.get(place.country or "") if place.kind != "country" else place
            if country and country.region_code:
                return country.region_code
    return None
