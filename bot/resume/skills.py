"""Skills: canonical names from the taxonomy, found in skill lists and in the rest of the text."""
from __future__ import annotations

import re

from bot.normalize import tokens
from bot.resume.sections import Section, strip_bullet
from bot.resume.taxonomy import Taxonomy

LIST_KINDS = {"skills"}
_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·●▪/\t]|\s-\s|\band\b|&|:)\s*")
_PARENS = re.compile(r"\(([^)]*)\)")


def _scan(words: list[str], tax: Taxonomy, allow_context: bool, found: dict[str, None]) -> None:
    """Longest known phrase first at every position, so "machine learning" beats "learning"."""
    i = 0
    limit = min(tax.max_phrase_words, 5)
    while i < len(words):
        for n in range(min(limit, len(words) - i), 0, -1):
            skill = tax.skill(" ".join(words[i:i + n]))
            if skill and (allow_context or not skill.context_only):
                found.setdefault(skill.name, None)
                i += n
                break
        else:
            i += 1


def read(sections: list[Section], tax: Taxonomy) -> list[str]:
    listed: dict[str, None] = {}
    mentioned: dict[str, None] = {}
    for sec in sections:
        for line in sec.lines:
            text, _ = strip_bullet(line.text)
            if sec.kind in LIST_KINDS:
                _from_list(text, tax, listed)
            else:
                _from_prose_list(text, tax, mentioned)
            _scan(tokens(text), tax, False, mentioned)
    return list(dict.fromkeys([*listed, *mentioned]))


# What introduces a list inside a sentence: "tools like Ansible, Packer", "Proficient in Windows and macOS".
_LEAD_IN = re.compile(r"^.*\b(?:in|with|like|as|including|using|of|via)\s+", re.IGNORECASE)


def _from_prose_list(text: str, tax: Taxonomy, found: dict[str, None]) -> None:
    """A list inside prose ("built in Go, Python and Kafka", "Hive, PrestoDB, Presto"): where two or more
    items are each a whole skill name, the items are skills even if their names are also common words,
    which running prose alone never makes skills ("go live", "in the spring")."""
    items = [_LEAD_IN.sub("", it.strip(" .*_")) for it in _ITEM_SPLIT.split(_PARENS.sub(" ", text))]
    hits = {s.name: None for it in items if it and (s := tax.skill(it))}
    if len(hits) >= 2:
        for name in hits:
            found.setdefault(name, None)


def _from_list(text: str, tax: Taxonomy, found: dict[str, None]) -> None:
    inner = " , ".join(_PARENS.findall(text))
    for chunk in (_PARENS.sub(" ", text), inner):
        for item in _ITEM_SPLIT.split(chunk):
            item = item.strip(" .*_")
            if not item:
                continue
            skill = tax.skill(item) or tax.skill(_LEAD_IN.sub("", item))  # "Proficient in Windows"
            if skill:  # a whole list item may be a common word ("Go", "C", "R"): it is a skill here
                found.setdefault(skill.name, None)
            else:
                _scan(tokens(item), tax, False, found)
