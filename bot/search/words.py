"""Which words the text index keeps: the resume's words minus the very common ones (bot/search/index.py
writes them, bot/search/expand.py must not ask for the others)."""
from __future__ import annotations

import re

STOPWORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i in into is it its me my of on or our she
so than that the their them then there these they this to was we were which who will with you your also
not no can may such via per etc using used use based over under up out more most very well all any each
other both just only about after before during while where when what how new one two three four five
""".split())  # noqa: SIM905 - a block of words reads and edits better than a list of 100 quoted strings
_YEARS_OK = re.compile(r"^(?:19|20)\d\d$")


def indexable(t: str) -> bool:
    """Whether the text index holds this (folded) word: no stopwords, no bare numbers but years."""
    if len(t) < 2 and t not in ("c", "r"):
        return False
    return not (t in STOPWORDS or (t.isdigit() and not _YEARS_OK.match(t)) or len(t) > 60)
