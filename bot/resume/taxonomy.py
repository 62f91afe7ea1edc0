"""Skills, institutions, places, degrees, titles and section headings, loaded once from `data/*.yml`.

Every lookup goes through `bot.normalize.key`, so "IIT-Delhi", "iit delhi" and "IIT Delhi," are one key.
The data files say what each entry means; this module only indexes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.normalize import key

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Skill:
    name: str  # canonical, lower case: "kubernetes"
    category: str
    aliases: tuple[str, ...] = ()
    context_only: bool = False  # a common word ("go", "r", "excel"): only inside skill lists


@dataclass(frozen=True, slots=True)
class Institution:
    name: str  # canonical: "Indian Institute of Technology Delhi"
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # "iit", "nit", "iiit", "ivy" ...
    city: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    id: str  # "iit"
    label: str  # "any IIT campus"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical: "Bengaluru"
    kind: str  # "city" | "region" | "country"
    aliases: tuple[str, ...] = ()
    country: str | None = None  # for cities and regions
    region_code: str | None = None  # ISO 3166 alpha-2 of the country, for phone numbers
    within: str | None = None  # the metropolitan region of a city: "San Francisco Bay Area" for Sunnyvale


@dataclass(frozen=True, slots=True)
class Degree:
    name: str  # canonical: "Bachelor of Technology"
    level: str  # "school" | "diploma" | "associate" | "bachelor" | "master" | "doctorate"
    aliases: tuple[str, ...] = ()


@dataclass
class Taxonomy:
    skills: dict[str, Skill] = field(default_factory=dict)  # canonical name -> Skill
    skill_keys: dict[str, str] = field(default_factory=dict)  # key(name or alias) -> canonical name
    context_only_keys: frozenset[str] = frozenset()  # names/aliases that are also plain words ("tf", "node")
    narrower: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "spark" -> ("pyspark", "spark sql", ...)
    broader: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "pyspark" -> ("spark",)
    institutions: dict[str, Institution] = field(default_factory=dict)
    institution_keys: dict[str, str] = field(default_factory=dict)  # key(name or alias) -> canonical name
    groups: dict[str, Group] = field(default_factory=dict)
    group_keys: dict[str, str] = field(default_factory=dict)  # key(alias) -> group id
    places: dict[str, Place] = field(default_factory=dict)
    cities_within: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region -> its cities (`within`)
    place_keys: dict[str, str] = field(default_factory=dict)  # key(name or alias) -> canonical name
    degrees: dict[str, Degree] = field(default_factory=dict)
    degree_keys: dict[str, str] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)  # key(heading) -> section kind
    title_words: frozenset[str] = frozenset()  # key()ed words that make a phrase a job title
    title_phrases: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()  # "inc", "llc", "gmbh" ...
    action_verbs: frozenset[str] = frozenset()  # "managed", "led": a line starting so describes, not names
    companies: dict[str, str] = field(default_factory=dict)  # key(alias) -> canonical company name
    company_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "faang" -> (Meta, Amazon, ...)
    max_phrase_words: int = 1  # longest key, in words, over every table: bounds phrase scans

    def skill(self, text: str) -> Skill | None:
        k = key(text)
        name = self.skill_keys.get(k)
        if not name:
            return None
        skill = self.skills[name]
        # "TF" and "node" are words before they are TensorFlow and Node.js: such aliases count only in lists.
        return replace(skill, context_only=True) if k in self.context_only_keys and not skill.context_only else skill

    def institution(self, text: str) -> Institution | None:
        name = self.institution_keys.get(key(text))
        return self.institutions[name] if name else None

    def place(self, text: str) -> Place | None:
        name = self.place_keys.get(key(text))
        return self.places[name] if name else None

    def degree(self, text: str) -> Degree | None:
        name = self.degree_keys.get(key(text))
        return self.degrees[name] if name else None

    def heading(self, text: str) -> str | None:
        return self.headings.get(key(text))


def _load(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _index(table: dict[str, str], names: list[str], target: str, what: str) -> None:
    for n in names:
        k = key(n)
        if not k:
            continue
        other = table.get(k)
        if other is not None and other != target:
            raise ValueError(f"{what}: {n!r} means both {other!r} and {target!r}")
        table[k] = target


@lru_cache(maxsize=1)
def load() -> Taxonomy:
    t = Taxonomy()
    raw = _load("skills.yml")
    context_only = {key(s) for s in raw.get("context_only", [])}
    t.context_only_keys = frozenset(context_only)
    for category, entries in raw["skills"].items():
        for name, aliases in entries.items():
            name = str(name)
            aliases = tuple(str(a) for a in aliases or ())
            t.skills[name] = Skill(name, category, aliases, key(name) in context_only)
            _index(t.skill_keys, [name, *aliases], name, "skills.yml")
    kinds: dict[str, list[str]] = {}
    for name, wider in (raw.get("broader") or {}).items():
        for w in wider:
            for s in (name, w):
                if str(s) not in t.skills:
                    raise ValueError(f"skills.yml: broader names {s!r}, which is not a canonical skill")
            kinds.setdefault(str(w), []).append(str(name))
        t.broader[str(name)] = tuple(str(w) for w in wider)
    t.narrower = {w: tuple(ns) for w, ns in kinds.items()}

    raw = _load("institutions.yml")
    for gid, g in raw["groups"].items():
        t.groups[gid] = Group(gid, g["label"], tuple(g.get("aliases", ())))
        _index(t.group_keys, [gid, *g.get("aliases", ())], gid, "institutions.yml groups")
    for e in raw["institutions"]:
        inst = Institution(e["name"], tuple(e.get("aliases", ())), tuple(e.get("groups", ())),
                           e.get("city"), e.get("country"))
        unknown = set(inst.groups) - t.groups.keys()
        if unknown:
            raise ValueError(f"institutions.yml: {inst.name} names unknown groups {unknown}")
        t.institutions[inst.name] = inst
        _index(t.institution_keys, [inst.name, *inst.aliases], inst.name, "institutions.yml")

    raw = _load("places.yml")
    for kind in ("countries", "regions", "cities"):
        for e in raw[kind]:
            place = Place(e["name"], {"countries": "country", "regions": "region", "cities": "city"}[kind],
                          tuple(e.get("aliases", ())),
                          e.get("country"), e.get("code"), e.get("within"))
            if place.within and (t.places.get(place.within) is None or t.places[place.within].kind != "region"):
                raise ValueError(f"places.yml: {place.name} is within {place.within!r}, which is no region")
            t.places[place.name] = place
            if place.within:
                t.cities_within[place.within] = (*t.cities_within.get(place.within, ()), place.name)
            _index(t.place_keys, [place.name, *place.aliases], place.name, f"places.yml {kind}")

    raw = _load("degrees.yml")
    for level, entries in raw.items():
        for name, aliases in entries.items():
            t.degrees[name] = Degree(name, level, tuple(aliases or ()))
            _index(t.degree_keys, [name, *(aliases or ())], name, "degrees.yml")

    for kind, names in _load("headings.yml").items():
        _index(t.headings, names, kind, "headings.yml")

    raw = _load("work.yml")
    t.title_words = frozenset(key(w) for w in raw["title_words"])
    t.title_phrases = frozenset(key(w) for w in raw.get("title_phrases", ()))
    t.company_suffixes = frozenset(key(w) for w in raw["company_suffixes"])
    t.action_verbs = frozenset(key(w) for w in raw.get("action_verbs", ()))
    for name, aliases in (raw.get("companies") or {}).items():
        _index(t.companies, [name, *(aliases or ())], name, "work.yml companies")
    for name, members in (raw.get("company_groups") or {}).items():
        strangers = [m for m in members if t.companies.get(key(m)) != m]
        if strangers:
            raise ValueError(f"work.yml company_groups: {name} names {strangers}, which are no company's name")
        t.company_groups[key(name)] = tuple(members)

    t.max_phrase_words = max(
        len(k.split()) for table in (t.skill_keys, t.institution_keys, t.place_keys, t.degree_keys, t.headings)
        for k in table
    )
    return t
