"""What a candidate is findable by: the postings (field, term, weight) derived from their facts and text.

Fields: skill, school, group, degree, level, company, title, location, name (facts); text (the words of the
resume) and pair (two consecutive words, for phrases); skilltext (a skill and its mention together, see
`fused`); titleword (each word of a title, see `title_words`); workplace (the places of the roles, as
location holds the home's). Text and pair postings always weigh 1.0: the query
side relies on it to answer a phrase from its pairs alone (bot/search/expand.py, text_plan).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from bot.normalize import key, tokens
from bot.resume.education import dual_parts
from bot.resume.person import without_postcode
from bot.resume.taxonomy import Taxonomy
from bot.search.expand import ALIAS, EXACT, TEXT
from bot.search.words import STOPWORDS, indexable  # noqa: F401 - STOPWORDS: tests check migrations against it
from storage.search import FUSED, TITLE_WORD, WORKPLACE

INTERN = "intern"  # the title word that finds every internship (migration 0006 keeps a copy)
TEXT_WORDS_MAX = 1500  # distinct words of one resume kept for the text fallback
PAIRS_MAX = 20_000  # distinct consecutive word pairs of one resume (about 40 pages of text)
def _text_words(text: str | list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for t in tokens(text) if isinstance(text, str) else text:
        if not indexable(t):
            continue
        seen.setdefault(t, None)
        if len(seen) >= TEXT_WORDS_MAX:
            break
    return list(seen)


def word_pairs(words: list[str]) -> list[str]:
    """The "w1 w2" postings of field `pair`: every two consecutive words of the text that are both indexed
    words. They answer a two-word phrase exactly and narrow a longer one ("machine learning" is the pair
    itself, not every resume with both words whose text must then be read). `words` is the text's whole
    token sequence, as `search_text` holds it."""
    indexed = set(_text_words(words))
    seen: dict[str, None] = {}
    for a, b in pairwise(words):
        if a in indexed and b in indexed:
            seen.setdefault(f"{a} {b}"[:200], None)
            if len(seen) >= PAIRS_MAX:
                break
    return list(seen)


def search_text(text: str) -> str:
    """The folded word sequence phrases are checked against: " semantic segmentation " with edges."""
    return " " + " ".join(tokens(text)) + " "


def postings(facts: dict[str, Any], text: str, tax: Taxonomy) -> dict[tuple[str, str], float]:
    """Postings of one candidate. `facts` holds name, location, skills, education and experience as dicts."""
    out: dict[tuple[str, str], float] = {}

    def add(field: str, term: str | None, weight: float = 1.0) -> None:
        if not term:
            return
        term = term[:200]
        if out.get((field, term), 0.0) < weight:
            out[(field, term)] = weight

    for s in facts.get("skills") or []:
        add("skill", key(s))
    for s in [t for f, t in out if f == "skill"]:
        for wider in tax.broader.get(s, ()):  # PySpark is Spark too, ranked as an alias of it
            add("skill", wider, ALIAS)
    for e in facts.get("education") or []:
        inst = e.get("institution")
        if inst:
            known = tax.institution(inst)
            add("school", key(known.name if known else inst))
            # ("Indian Institute of Technology" with its campus lost: still an IIT)
            for g in known.groups if known else [g for g in [tax.group_keys.get(key(inst))] if g]:
                add("group", g)
        deg = e.get("degree")
        if deg:
            canonical = re.sub(r"\s*\(.*\)$", "", deg)
            add("degree", key(canonical))
            found = tax.degree(canonical)
            if found:
                add("level", found.level)
            # "Dual Degree (B.Tech + MS by Research)": each of the two too (degree:b.tech, degree:ms)
            for each in dual_parts(deg[len(canonical):].strip(" ()"), tax) if found else ():
                if each is not None:
                    add("degree", key(each.name))
                    add("level", each.level)
        if e.get("field"):
            add("degree", key(e["field"]), 0.8)
    for i, x in enumerate(facts.get("experience") or []):
        recent = 1.0 if i == 0 or x.get("end") == "present" else 0.85  # the current role counts most
        add("company", key(x.get("company")), recent)
        company = tax.companies.get(key(x.get("company")))
        if company:  # "Facebook" is also found as Meta, "TCS" as Tata Consultancy Services
            add("company", key(company), recent)
        add("title", key(x.get("title")), recent)
        for part in _places(x.get("location"), tax):  # where they work(ed): `location:` reads it, not the text
            add(WORKPLACE, part, recent)
        if x.get("internship") and INTERN not in key(x.get("title")).split():
            # "Applied Scientist (Internship)" is read as the title and a flag: `intern` finds it too
            add("title", INTERN, recent)
    for part in _places(facts.get("location"), tax):
        add("location", part)
    name = facts.get("name")
    if name:
        add("name", key(name))
        for w in key(name).split():
            add("name", w, 0.9)
    words = tokens(text)
    for w in _text_words(words):
        add("text", w)
    for p in word_pairs(words):
        add("pair", p)
    out.update(fused(out))
    out.update(title_words(out))
    return out


def title_words(out: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """A posting of field TITLE_WORD for each word of the candidate's titles, weighted as the best title
    holding it: `title:engineer` reads one posting list, the best of every title containing the word
    (the vocabulary's words of a title term are its space-separated words, bot/search/vocab.py)."""
    extra: dict[tuple[str, str], float] = {}
    for (f, t), w in out.items():
        if f == "title":
            for word in t.split():
                if extra.get((TITLE_WORD, word), 0.0) < w:
                    extra[(TITLE_WORD, word)] = w
    return extra


def fused(out: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """A bare word naming a skill ("python", "machine learning") is the OR of the skill and its mention in
    the text (bot/search/expand.py); for each of the candidate's skills of one or two words, a posting of
    field FUSED holds that OR's score, the same float sum the query would make, so the query reads one
    posting list instead of grouping two (storage.search.AnyOf)."""
    extra: dict[tuple[str, str], float] = {}
    for (f, t), w in out.items():
        if f != "skill" or t.count(" ") > 1:
            continue
        mention, weight = (("text", t), TEXT) if " " not in t else (("pair", t), TEXT + TEXT)
        extra[(FUSED, t)] = w * EXACT + out[mention] * weight if mention in out else w * EXACT
    return extra


def _places(location: str | None, tax: Taxonomy) -> Iterable[str]:
    """"Bangalore, India" -> bengaluru, karnataka?, india: the canonical place and what contains it."""
    if not location:
        return []
    out: list[str] = []
    for part in re.split(r"[,/|]", location):
        part = part.strip()
        if not part:
            continue
        place = tax.place(part) or tax.place(without_postcode(part))  # "CA 94588"
        if place is None:
            out.append(key(part))
            continue
        out.append(key(place.name))
        if place.within:  # Sunnyvale is in the Bay Area: `bay area` finds who lives there
            out.append(key(place.within))
        if place.country:
            out.append(key(place.country))
    return dict.fromkeys(x for x in out if x)
