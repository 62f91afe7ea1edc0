"""Turn a parsed query into a store plan: aliases first, then the workspace's own words, then typos.

Each term becomes the set of (field, term, weight) keys it may mean, weighted so that exact beats alias
beats typo and structured facts beat the resume text. Alongside comes what a person needs to trust
the answer: how each key was reached (for `why`) and a reading of the whole query (`interpreted`).
"""
from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from bot.normalize import key, tokens
from bot.resume.taxonomy import Taxonomy
from bot.search import query as q
from bot.search.vocab import Vocabulary
from bot.search.words import STOPWORDS, indexable
from storage.search import (
    FUSED,
    TITLE_WORD,
    WORKPLACE,
    AllOf,
    AnyOf,
    IngestedSince,
    Key,
    Match,
    NoneOf,
    Phrase,
    Plan,
    YearsCmp,
)

EXACT, ALIAS, PARTIAL, TYPO = 1.0, 0.9, 0.85, 0.7
WORKED = 0.6  # a role's place, against the home's (a key's weight is multiplied by it)
TEXT = 0.3  # the resume text is a weaker fallback than any structured fact
MAX_PARTIAL = 300  # containment expansions per field ("engineer" -> every title with "engineer")
MAX_TYPOS = 12


def edits_allowed(word: str) -> int:
    """Typos tolerated by length, like the best search engines: none up to 4 letters, 1 to 8, then 2."""
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 8 else 2


@dataclass
class Why:
    label: str  # "skill python", "company Microsoft Research"
    group: str | None = None  # set for institution families: the candidate's own school is named instead
    note: str | None = None  # "alias iit", "typo of pyhton"


@dataclass
class Expansion:
    plan: Plan | None
    interpreted: str = ""
    why: dict[tuple[str, str], Why] = field(default_factory=dict)
    positive: list[Key] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # words left out ("ignored 'with'")


# How a folded key reads back in `why`: "ml research engineer" -> "ML Research Engineer", "master of science"
# -> "Master of Science", "data scientist ii" -> "Data Scientist II".
_UPPER = frozenset({"ai", "ml", "nlp", "ui", "ux", "qa", "sre", "sde", "sdet", "ii", "iii", "iv", "vp", "cto", "ceo",
                    "cfo", "coo", "hr", "it", "ios", "aws", "gcp", "iot", "llm"})
_LOWER = frozenset({"of", "and", "in", "for", "at", "the", "to", "on", "with", "de", "da", "von", "van"})


def display(term: str) -> str:
    if not term.islower():
        return term
    words = term.split(" ")
    return " ".join(w.upper() if w in _UPPER else w if (i and w in _LOWER) else string.capwords(w)
                    for i, w in enumerate(words))


class Expander:
    def __init__(self, tax: Taxonomy, vocab: Vocabulary) -> None:
        self.tax, self.vocab = tax, vocab
        self.out = Expansion(None)

    def run(self, node: q.Node | None) -> Expansion:
        if node is not None:
            self.out.plan, self.out.interpreted = self.node(node, negated=False)
        return self.out

    # -- tree ---------------------------------------------------------------------------------------
    def node(self, node: q.Node, *, negated: bool) -> tuple[Plan, str]:
        if isinstance(node, q.And):
            items = self.segment(list(node.nodes))
            kept = [n for n in items if not self.filler(n)]
            if kept and len(kept) < len(items):  # "python developer with aws", "iit grads"
                gone = [n.raw for n in items if isinstance(n, _Unit) and n not in kept]
                self.out.notes.append("ignored " + ", ".join(f"'{g}'" for g in gone) +
                                      (" (too common to search for)" if len(gone) == 1 else " (too common)"))
                items = kept
            parts = [self.node(n, negated=negated) if not isinstance(n, _Unit) else self.unit(n, negated)
                     for n in items]
            return AllOf(tuple(p for p, _ in parts)), " · ".join(d for _, d in parts if d)
        if isinstance(node, q.Or):
            parts = [self.node(n, negated=negated) for n in node.nodes]
            return AnyOf(tuple(p for p, _ in parts)), "(" + " or ".join(d for _, d in parts) + ")"
        if isinstance(node, q.Not):
            inner, desc = self.node(node.node, negated=not negated)
            return NoneOf(inner), f"not {desc}"
        if isinstance(node, q.Years):
            sym = {">=": "≥", "<=": "≤"}.get(node.op, node.op)
            return YearsCmp(node.op, node.value), f"years {sym} {node.value:g}"
        if isinstance(node, q.Since):
            desc = f"added since {node.label}" if "last" not in node.label else f"added in {node.label}"
            return IngestedSince(node.when), desc
        assert isinstance(node, q.Term)
        return self.unit(_Unit(tokens(node.text), node.text, node.field, node.phrase), negated)

    def segment(self, nodes: list[q.Node]) -> list[q.Node | _Unit]:
        """Longest known phrase first: "iit bombay python" is [iit bombay] [python], not three words."""
        out: list[q.Node | _Unit] = []
        i = 0
        while i < len(nodes):
            n = nodes[i]
            if not (isinstance(n, q.Term) and n.field is None and not n.phrase):
                out.append(n)
                i += 1
                continue
            run = []
            j = i
            while j < len(nodes) and isinstance(nodes[j], q.Term) and nodes[j].field is None and not nodes[j].phrase:  # type: ignore[union-attr]
                run.append(nodes[j])
                j += 1
            k = 0
            while k < len(run):
                for n_words in range(min(4, len(run) - k), 0, -1):
                    words = [w for t in run[k:k + n_words] for w in tokens(t.text)]  # type: ignore[union-attr]
                    known = n_words == 1 or self.known_phrase(words)
                    role = not known and self.role_words(words)
                    if known or role:
                        raw = " ".join(t.text for t in run[k:k + n_words])  # type: ignore[union-attr]
                        out.append(_Unit(words, raw, None, False, role))
                        k += n_words
                        break
            i = j
        return out

    def filler(self, n: q.Node | _Unit) -> bool:
        """A bare word that says nothing about a candidate in an AND: a stopword the text index does not
        keep ("with", "in"), or a word recruiters add to a query ("grads", "alumni", "candidates"), unless
        the taxonomy knows it."""
        if not isinstance(n, _Unit) or n.field is not None or n.phrase or len(n.words) != 1:
            return False
        w = n.words[0]
        return (w in STOPWORDS or w in _FILLER) and not self.taxonomy_knows(w)

    def taxonomy_knows(self, w: str) -> bool:
        """Whether the word is a skill, school, school group, place, company, degree or degree level."""
        t = self.tax
        return bool(t.skill(w) or t.institution(w) or w in t.group_keys or t.place(w) or w in t.companies
                    or t.degree(w) or w in _LEVELS)

    def known_phrase(self, words: list[str]) -> bool:
        p = " ".join(words)
        t = self.tax
        if t.skill(p) or t.institution(p) or p in t.group_keys or t.place(p) or p in t.companies \
                or p in t.company_groups:
            return True
        return any(self.vocab.has(f, p) for f in ("company", "title", "school", "degree"))

    def role_words(self, words: list[str]) -> bool:
        """Words side by side that are only ever words of job titles here ("research scientist", "senior
        engineer", "product manager"): one role, held in one title, not each word anywhere ("Applied
        Scientist" and "Research Engineer" are no research scientist). A word anything else knows (a skill
        such as "ml" or "devops", a company, a place) keeps the words apart."""
        titles = self.vocab.words.get("title", {})
        return all(w in titles and w not in STOPWORDS and not self.taxonomy_knows(w) for w in words)

    # -- one term -------------------------------------------------------------------------------------
    def unit(self, u: _Unit, negated: bool) -> tuple[Plan, str]:
        words = u.words
        if not words:
            return Match(()), f"'{u.raw}' (nothing to search for)"
        phrase = " ".join(words)
        keys: list[Key] = []
        descs: list[str] = []

        def add(k: Key, why: Why, desc: str | None = None) -> None:
            if k not in keys:  # "india" is the taxonomy's place and somebody's location: one key
                keys.append(k)
            self.out.why.setdefault((k.field, k.term), why)
            if desc and desc not in descs:
                descs.append(desc)

        fld = u.field
        t = self.tax
        if fld in (None, "skill") and (s := t.skill(phrase)):
            exact = key(s.name) == phrase
            add(Key("skill", key(s.name), EXACT if exact else ALIAS),
                Why(f"skill {s.name}", note=None if exact else f"alias {u.raw}"),
                s.name if exact else f"{s.name} ({u.raw})")
            for kind in t.narrower.get(s.name, ()):
                # "spark" is also PySpark: the index gives its holders a Spark posting at alias weight
                # (bot/search/index.py), so the kind is only named in `why`.
                self.out.why.setdefault(("skill", key(kind)), Why(f"skill {kind}", note=f"a kind of {s.name}"))
                if not negated:
                    self.out.positive.append(Key("skill", key(kind), ALIAS))
        if fld in (None, "school"):
            # A group's name first: "bits pilani" is how every BITS campus is called, though a resume's
            # "BITS Pilani" alone is the Pilani campus.
            if gid := t.group_keys.get(phrase):
                g = t.groups[gid]
                add(Key("group", gid, ALIAS), Why("school", group=gid, note=f"alias {u.raw}"), f"school: {g.label}")
            elif inst := t.institution(phrase):
                exact = key(inst.name) == phrase
                add(Key("school", key(inst.name), EXACT if exact else ALIAS),
                    Why(f"school {_short(inst.name, inst.aliases)}", note=None if exact else f"alias {u.raw}"),
                    f"school: {inst.name}")
        if fld in (None, "location") and (p := t.place(phrase)):
            add(Key("location", key(p.name), EXACT if key(p.name) == phrase else ALIAS),
                Why(f"location {p.name}", note=None if key(p.name) == phrase else f"alias {u.raw}"),
                f"location: {p.name}")
            # Where people work: the roles' places (any of the place's names: a store migrated before
            # `sift reparse` holds them as printed).
            for name in dict.fromkeys(key(n) for n in (p.name, *p.aliases)):
                if self.vocab.has(WORKPLACE, name):
                    add(Key(WORKPLACE, name, WORKED), Why(f"works in {p.name}"))
        if fld in (None, "company") and (c := t.companies.get(phrase)) and not (
                fld is None and key(c) != phrase and any(k.field == "skill" for k in keys)):
            # (a skill first: "google cloud" is GCP, not everyone at Google)
            add(Key("company", key(c), EXACT if key(c) == phrase else ALIAS), Why(f"company {c}"), f"company: {c}")
        if fld in (None, "company") and (members := t.company_groups.get(phrase)):
            # "faang": any of its companies, as an alias of each (and their labs, "Google Research", as
            # `google` finds them)
            for m in members:
                add(Key("company", key(m), ALIAS), Why(f"company {m}", note=f"alias {u.raw}"),
                    f"company: {', '.join(members)} ({u.raw})")
                for term in self.vocab.containing("company", key(m).split())[:MAX_PARTIAL]:
                    add(Key("company", term, PARTIAL), Why(f"company {display(term)}", note=f"alias {u.raw}"))
        # Two letters ("ms", "ba", "be") are words too often to be taken as degrees unless asked (degree:ms)
        # or dotted (m.s.); "mba", "phd", "msc" are degrees.
        if fld == "degree" or (fld is None and (len(phrase) > 2 or "." in phrase)):
            if d := t.degree(phrase):
                add(Key("degree", key(d.name), EXACT), Why(f"degree {d.name}"), f"degree: {d.name}")
                integrated = t.degree(f"Integrated {d.name}")  # an integrated M.Tech is an M.Tech
                for same in (*_SAME_DEGREE.get(d.name, ()), *([integrated.name] if integrated else [])):
                    add(Key("degree", key(same), ALIAS), Why(f"degree {same}", note=f"as {u.raw}"))
            if phrase in _LEVELS and (fld == "degree" or phrase in _BARE_LEVELS):
                add(Key("level", _LEVELS[phrase], EXACT), Why(f"degree level {_LEVELS[phrase]}"),
                    f"degree: any {_LEVELS[phrase]}'s")
        # A bare word is no degree ("science": every Computer Science), a bare phrase may be one ("computer
        # science", a field of study somebody here has).
        bare = ["company", "title", "school", "location", WORKPLACE, *(["degree"] if len(words) > 1 else [])]
        for f in ([fld, WORKPLACE] if fld == "location" else [fld] if fld else bare):
            if f in ("skill", "name") and fld is None:
                continue
            terms = self.vocab.containing(f, words, adjacent=not (u.role and f == "title"))
            if f == "title" and len(words) == 1 and len(terms) > 1:
                if phrase in terms:
                    add(Key("title", phrase, EXACT), Why(f"title {display(phrase)}"), f"title: {phrase}" if fld else None)
                self.titles_with(phrase, PARTIAL, terms, negated, add, f"title: {phrase}" if fld else None)
                continue
            for term in terms[:MAX_PARTIAL]:
                if f == WORKPLACE:
                    add(Key(f, term, (EXACT if term == phrase else PARTIAL) * WORKED), Why(f"works in {display(term)}"))
                    continue
                add(Key(f, term, EXACT if term == phrase else PARTIAL), Why(f"{f} {display(term)}"),
                    f"{f}: {phrase}" if fld else None)
        for other in _TITLE_FORMS.get(phrase, ()) if fld in (None, "title") else ():
            # "researcher" is also a "Research Fellow", a "Research Scientist"
            self.titles_with(other, PARTIAL, self.vocab.containing("title", [other]), negated, add)
        if fld in (None, "title") and (spelled := _TITLE_SHORT.get(phrase)):
            # "vp" is how recruiters write Vice President; titles are stored as printed, mostly spelled out
            for term in self.vocab.containing("title", spelled.split())[:MAX_PARTIAL]:
                add(Key("title", term, ALIAS), Why(f"title {display(term)}", note=f"alias {u.raw}"),
                    f"title: {spelled} ({u.raw})")
        if fld in ("skill", "degree") and fld:
            for term in self.vocab.containing(fld, words)[:MAX_PARTIAL]:
                add(Key(fld, term, EXACT if term == phrase else PARTIAL), Why(f"{fld} {display(term)}"))
        name_plan = self.name_plan(words, u) if fld in (None, "name") else None
        # A skill whose name is also a plain word ("go", "spring", "excel": context-only in the taxonomy, read
        # from skill lists only) is that skill: its mentions in prose are the word ("go live", "Spring 2022").
        plain_word = not u.phrase and phrase in t.context_only_keys and t.skill(phrase) is not None
        # Not location:, which is where people live and work (their roles' places): a place in the text may
        # be a school's ("IIT Bombay, Mumbai"), a client's or a conference's.
        text_plan = self.text_plan(words, u.phrase) if not plain_word and fld is None else None
        if text_plan is not None and (p := t.place(phrase)) is not None:
            # ... as it was written there: "bangalore" is also "Bengaluru".
            # (a region, under its cities' names too: a job in "Mountain View" is in the Bay Area)
            inside = [n for c in t.cities_within.get(p.name, ()) for n in (c, *t.places[c].aliases)]
            text_plan = self.place_text(text_plan, words, p.name, (*p.aliases, *inside))
        if text_plan is not None and not u.phrase and not any(k.field in ("skill", "location") for k in keys) and (
                name_plan is not None or any(k.field in ("company", "school", "group") and k.weight >= ALIAS
                                             for k in keys)):
            # A company or school (the taxonomy's, or one somebody here has by that very name, not one whose
            # name contains the word: "engineering"), or a person somebody here is:
            # the word in resumes' text is mostly something else ("Google Cloud", "Microsoft Word", "a team
            # from MIT", a co-author's name), not where they worked or studied.
            text_plan = None

        known_keys = len(keys)
        # A word is a typo only if nothing knows it: not the taxonomy (a skill nobody here has, "swift", is
        # not "shift" misspelt), not the workspace's facts, not its resumes' text.
        found = bool(keys) or (
            len(words) == 1 and self.vocab.has("text", words[0])) or (name_plan is not None and fld == "name")
        typo = not found and len(words) == 1 and edits_allowed(words[0]) > 0
        if typo:
            for term, _dist in self.vocab.near(words[0], edits_allowed(words[0]))[:MAX_TYPOS]:
                for f in self.vocab.fields_of(term):
                    if fld and f != fld:
                        continue
                    w = TYPO if f != "text" else TEXT * TYPO
                    label = f"{f} {term}" if f != "text" else f"mentions {term}"
                    add(Key(f, term, w), Why(label, note=f"typo of {u.raw}"))
                    if f != "text" and not fld:
                        descs.append(f"{term} (for {u.raw})")
                if fld is None and not any(k.term == term for k in keys if k.field != "text"):
                    descs.append(f"{term} (for {u.raw})")
        if typo and len(keys) > known_keys:
            text_plan = None  # the word as typed is in nobody's resume (else it would not be a typo)
        alts: list[Plan] = []
        if keys:
            alts.append(Match(tuple(keys), _typo_fused(keys, t) if typo else None))
        if name_plan is not None:
            alts.append(name_plan)
        if text_plan is not None:
            alts.append(text_plan)
        if not descs:
            descs.append(f'"{u.raw}"' if u.phrase or len(words) > 1 else u.raw)
            if fld:
                descs[-1] = f"{fld}: {u.raw}"
        unique = list({d.lower(): d for d in reversed(descs)}.values())[::-1]
        desc = unique[0] if len(unique) == 1 else " or ".join(unique)
        if not negated:
            self.out.positive += keys
        plan: Plan = alts[0] if len(alts) == 1 else AnyOf(tuple(alts), _fused(keys, alts, phrase, t)) if alts else Match(())
        return plan, desc

    def titles_with(self, word: str, weight: float, terms: list[str], negated: bool,
                    add: Callable[[Key, Why, str | None], None], desc: str | None = None) -> None:
        """Every title holding `word` (`terms`, the workspace's), at `weight`: one key of the title word
        postings (bot/search/index.py, title_words), however many titles hold it, which scores each
        candidate as their best such title would. The titles themselves are keys for `why` only."""
        if len(terms) == 1:
            add(Key("title", terms[0], weight), Why(f"title {display(terms[0])}"), desc)
            return
        if terms:
            add(Key(TITLE_WORD, word, weight), Why(f"title with {word}"), desc)
        for term in terms[:MAX_PARTIAL]:
            self.out.why.setdefault(("title", term), Why(f"title {display(term)}"))
            if not negated:
                self.out.positive.append(Key("title", term, weight))

    def name_plan(self, words: list[str], u: _Unit) -> Plan | None:
        if u.field != "name" and (len(words) > 1 or not self.vocab.has("name", words[0])):
            if len(words) > 1 and self.vocab.has("name", " ".join(words)):
                k = Key("name", " ".join(words), EXACT)
                self.out.why.setdefault(("name", k.term), Why(f"name {string.capwords(k.term)}"))
                self.out.positive.append(k)
                return Match((k,))
            return None
        parts: list[Plan] = []
        for w in words:
            keys = [Key("name", w, 0.95)]
            if not self.vocab.has("name", w) and u.field == "name":
                keys += [Key("name", t, TYPO) for t, _ in self.vocab.near(w, edits_allowed(w))
                         if self.vocab.has("name", t)]
            for k in keys:
                self.out.why.setdefault(("name", k.term), Why(f"name {string.capwords(k.term)}"))
            self.out.positive += keys
            parts.append(Match(tuple(keys)))
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def place_text(self, plan: Plan, words: list[str], name: str, aliases: tuple[str, ...]) -> Plan:
        """The text plan of a place's words, or'd with its other names ("nyc": New York written out)."""
        names = [n for n in dict.fromkeys(" ".join(tokens(a)) for a in (name, *aliases))
                 if n and n != " ".join(words) and n not in _AMBIGUOUS_PLACE_NAMES]
        single = [n for n in names if " " not in n and indexable(n)]
        # A name holding a shorter one ("Republic of India", "New York City") finds nobody more.
        shorter, longer = [" ".join(words), *single], []
        for n in sorted((n for n in names if " " in n), key=len):
            if not any(f" {m} " in f" {n} " for m in shorter):
                shorter.append(n)
                longer.append(n)
        # One mention is as good as several: single words and two-word names ("united states", a pair
        # posting) are keys of one match, which counts the best; longer names a phrase each, or'd.
        pairs = [n for n in longer if n.count(" ") == 1 and all(indexable(w) for w in n.split(" "))]
        keys = [Key("text", w, TEXT) for w in single] + [Key("pair", n, TEXT) for n in pairs]
        for k in keys:
            self.out.why.setdefault((k.field, k.term), Why(f"mentions {display(k.term)}"))
            self.out.positive.append(k)
        if keys:
            plan = Match((*plan.keys, *keys)) if isinstance(plan, Match) else AnyOf((plan, Match(tuple(keys))))
        phrases = [self.text_plan(n.split(" "), True) for n in longer if n not in pairs]
        return AnyOf((plan, *phrases[:3])) if phrases else plan

    def text_plan(self, words: list[str], quoted: bool) -> Plan:
        if not all(indexable(w) for w in words):
            # "security and compliance", "head of": the text index keeps no stopwords, so the words it keeps,
            # then the folded text of those resumes checked for the whole phrase.
            kept = list(dict.fromkeys(w for w in words if indexable(w)))
            if not kept:
                return Match(())
            phrase = " ".join(words)
            for w in kept:
                self.out.why.setdefault(("text", w), Why(f"mentions {phrase}"))
                self.out.positive.append(Key("text", w, TEXT))
            return AllOf((*[Match((Key("text", w, TEXT),)) for w in kept], Phrase(phrase)))
        if len(words) == 1:
            k = Key("text", words[0], TEXT)
            self.out.why.setdefault(("text", k.term), Why(f"mentions {k.term}"))
            self.out.positive.append(k)
            return Match((k,))
        # `why` names the pairs ("mentions machine learning"), not each word of them.
        for a, b in pairwise(words):
            self.out.why.setdefault(("pair", f"{a} {b}"), Why(f"mentions {a} {b}"))
            self.out.positive.append(Key("pair", f"{a} {b}", TEXT))
        # The words in this order. Pair postings ("w1 w2", weight 1.0 like text postings) exist exactly when
        # both words are indexed and follow each other somewhere in the text, so the pairs stand for the
        # words: the first carries the first two words' weights, each next one the weight of the word it
        # adds (the same float sum, left to right, as one match per word). Two words need nothing more; a
        # longer phrase still checks its folded text, on the few resumes that have all its pairs.
        pairs = [Match((Key("pair", f"{a} {b}", (TEXT + TEXT) if i == 0 else TEXT),))
                 for i, (a, b) in enumerate(pairwise(words))]
        return pairs[0] if len(pairs) == 1 else AllOf((*pairs, Phrase(" ".join(words))))


# Degrees a recruiter asking for one means too: the IIMs' PGDM/PGP was their MBA (degrees.yml).
_SAME_DEGREE = {"Master of Business Administration": ("Post Graduate Diploma in Management",)}

# Other names of places that are also everyday words or abbreviations in a resume's text ("helped us",
# "Acme Co.", "Universidad de Chile", "M.A."): the place's fact still finds them, its text fallback not.
_AMBIGUOUS_PLACE_NAMES = frozenset({"us", "co", "la", "de", "id", "hi", "ok", "pa", "ga", "al", "ma", "me", "or", "in",
                                    "it", "oh", "so", "be", "no", "am"})


def _fused(keys: list[Key], alts: list[Plan], phrase: str, tax: Taxonomy) -> Key | None:
    """The fused postings that answer this word's OR (storage.search.AnyOf), if it is what
    bot/search/index.py fused: a skill named in one or two words, as it is written (not an alias or a
    typo), or'd with its mention in the text, and nobody in the workspace called that. A skill that some
    hold as a kind of it (Spark, by PySpark) weighs the alias weight for them: then no other key may weigh
    more (a company called Spark), or their skill would not be their best key."""
    if len(alts) != 2 or Key("skill", phrase, EXACT) not in keys or phrase.count(" ") > 1:
        return None
    if phrase in tax.narrower and any(k.weight > ALIAS for k in keys if k != Key("skill", phrase, EXACT)):
        return None
    mention = alts[1]
    want = Key("text", phrase, TEXT) if " " not in phrase else Key("pair", phrase, TEXT + TEXT)
    return Key(FUSED, phrase, 1.0) if isinstance(mention, Match) and mention.keys == (want,) else None


def _typo_fused(keys: list[Key], tax: Taxonomy) -> Key | None:
    """A typo's Match over a skill it may mean and that word in the text ("pyhton": skill python, mentions
    python) counts a skill holder at the skill's weight, its best key: the fused postings list exactly
    those holders (storage.search.Match), if every holder's skill posting weighs 1.0 (not a skill that
    others hold as a kind of it, at alias weight: "sprak")."""
    top = max(k.weight for k in keys)
    for k in keys:
        if k.field == "skill" and k.weight == top and " " not in k.term and Key("text", k.term, TEXT * TYPO) in keys \
                and k.term not in tax.narrower:
            return Key(FUSED, k.term, k.weight)
    return None


@dataclass(frozen=True)
class _Unit:
    words: list[str]
    raw: str
    field: str | None
    phrase: bool
    role: bool = False  # words that only titles know ("research scientist"): one title holds them all


# Words recruiters add around what they look for: in an AND they narrow nothing ("iit grads", "python
# candidates with 5+ years").
# Not "knowledge" (knowledge graph), "experience" (user experience), "cv" (computer vision to some).
_FILLER = frozenset({"grad", "grads", "graduates", "alumni", "alum", "alums", "alumnus", "alumna", "candidate",
                     "candidates", "resume", "resumes", "cvs", "profiles", "people", "person", "someone", "anyone",
                     "folks", "yoe"})

# Short forms of job titles, searched as the words they stand for (with the short form itself).
_TITLE_SHORT = {"vp": "vice president", "svp": "senior vice president", "evp": "executive vice president",
                "avp": "assistant vice president", "swe": "software engineer", "sde": "software development engineer",
                "sdet": "software development engineer in test", "sre": "site reliability engineer",
                "em": "engineering manager", "tpm": "technical program manager", "cto": "chief technology officer",
                "ceo": "chief executive officer", "cfo": "chief financial officer", "coo": "chief operating officer",
                "sr": "senior", "jr": "junior", "mgr": "manager"}

# Other forms of a title word, searched in titles with it.
_TITLE_FORMS = {"researcher": ("research",), "researchers": ("research", "researcher")}

# Levels a bare word means ("masters" = any master's degree); "graduate", "associate" and "diploma" are
# too often other things (a graduate trainee, an Associate, a diploma in anything) unless after degree:.
_BARE_LEVELS = frozenset({"bachelor", "bachelors", "master", "masters", "phd", "doctorate", "doctoral"})
_LEVELS = {"bachelor": "bachelor", "bachelors": "bachelor", "undergraduate": "bachelor", "master": "master",
           "masters": "master", "graduate": "master", "phd": "doctorate", "doctorate": "doctorate",
           "doctoral": "doctorate", "diploma": "diploma", "associate": "associate"}


def _short(name: str, aliases: tuple[str, ...]) -> str:
    """A recruiter's name for a school: "IIT Delhi" rather than "Indian Institute of Technology Delhi"."""
    spaced = [a for a in aliases if " " in a and len(a) < len(name)]
    return spaced[0] if spaced else name


def expand(node: q.Node | None, tax: Taxonomy, vocab: Vocabulary) -> Expansion:
    return Expander(tax, vocab).run(node)
