"""Text folding shared by the parser and search: one definition of "the same word"."""
from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into ASCII + combining marks.
_EXTRA = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ı": "i", "ð": "d", "Ð": "d",
})
_COMBINING = re.compile(r"[\u0300-\u036f]")
# A token keeps the characters that make c++, c#, .net, node.js and vue.js distinct words.
_TOKEN = re.compile(r"[^\W_](?:[\w+#]|\.(?=\w))*[+#]*|\.(?=[a-z])\w+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (Zürich -> zurich, İ -> i), normalise compatibility forms (ﬁ -> fi)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return _COMBINING.sub("", text).casefold()


def tokens(text: str | None) -> list[str]:
    """Folded word tokens; `c++`, `c#`, `.net`, `node.js` survive as single tokens."""
    return [t.rstrip(".") or t for t in _TOKEN.findall(fold(text))]


def key(text: str | None) -> str:
    """A folded, punctuation-free form for dictionary lookups: "IIT-Delhi," -> "iit delhi"."""
    return " ".join(tokens(text))
