"""A workspace's own words, cached per process and refreshed when its index version moves."""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlmodel import Session

from storage import search as store

STRUCTURED = ("skill", "school", "company", "title", "location", "degree", "name", store.WORKPLACE)
# Fields kept for their document counts only (planning): no word of theirs is typed, fuzzed or contained.
COUNTS_ONLY = frozenset({store.TITLE_WORD})
# Fields whose terms a word may be contained in, but never fuzzed into (a workplace is a place: location's).
NOT_TYPED = frozenset({store.WORKPLACE})
_NOT_A_WORDS_FIELD = COUNTS_ONLY | NOT_TYPED  # a typo is never read as one of their terms


@dataclass
class Vocabulary:
    version: int
    terms: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> term -> df
    words: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # field -> word -> terms containing it
    by_length: dict[int, list[str]] = field(default_factory=dict)  # every term of every field, by length

    def has(self, fld: str, term: str) -> bool:
        return term in self.terms.get(fld, {})

    def containing(self, fld: str, words: list[str], *, adjacent: bool = True) -> list[str]:
        """Terms of `fld` that contain all `words` as whole words ("cornell" -> "cornell university"), one
        after the other unless not `adjacent` ("senior engineer" -> "senior software engineer")."""
        index = self.words.get(fld, {})
        if not words or words[0] not in index:
            return []
        out = index[words[0]]
        for w in words[1:]:
            others = set(index.get(w, ()))
            out = [t for t in out if t in others]
        if len(words) > 1 and adjacent:  # whole words, and in this order
            phrase = " ".join(words)
            out = [t for t in out if f" {phrase} " in f" {t} "]
        return out

    def near(self, word: str, max_edits: int) -> list[tuple[str, int]]:
        """Terms within `max_edits` (a transposition counts once: "pyhton" -> "python")."""
        if max_edits <= 0:
            return []
        pool: list[str] = []
        for n in range(len(word) - max_edits, len(word) + max_edits + 1):
            pool.extend(self.by_length.get(n, ()))
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
        return [(t, int(d)) for t, d, _ in found if d > 0]

    def size(self, fld: str, term: str) -> int | None:
        """How many candidates have this (field, term): the document count, for planning. A word pair
        has no vocabulary row; it is at most as common as the rarer of its two words."""
        if fld == "pair":
            words = term.split(" ")
            text = self.terms.get("text", {})
            return min((text.get(w, 0) for w in words), default=0)
        return self.terms.get(fld, {}).get(term, 0)

    def fields_of(self, term: str) -> list[str]:
        return [f for f, terms in self.terms.items() if term in terms and f not in _NOT_A_WORDS_FIELD]


def build(rows: list[tuple[str, str, int]], version: int) -> Vocabulary:
    v = Vocabulary(version)
    lengths: dict[int, set[str]] = defaultdict(set)
    for f, t, df in rows:
        v.terms.setdefault(f, {})[t] = df
        if f in COUNTS_ONLY:
            continue
        if (f in STRUCTURED and f != "name") or (f == "name" and " " not in t):
            for w in set(t.split()):
                v.words.setdefault(f, {}).setdefault(w, []).append(t)
        if f != "group" and f not in NOT_TYPED and " " not in t and len(t) >= 4:
            lengths[len(t)].add(t)
    v.by_length = {n: sorted(ts) for n, ts in lengths.items()}
    return v


class VocabularyCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, Vocabulary] = {}

    def get(self, session: Session, workspace: str) -> Vocabulary:
        version = store.index_version(session=session, workspace=workspace)
        with self._lock:
            cached = self._cache.get(workspace)
        if cached is not None and cached.version == version:
            return cached
        fresh = build(store.vocabulary(session=session, workspace=workspace), version)
        with self._lock:
            self._cache[workspace] = fresh
        return fresh
