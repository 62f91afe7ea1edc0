"""Plain-text and Markdown resumes: decode the bytes as a person's editor would, then clean the markup."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass

from bot.resume.document import MARKDOWN, TEXT, Document, Line
from bot.resume.errors import ResumeRejected, unsupported

__all__ = ["decode_text", "empty", "looks_like_markdown", "normalise", "read_text"]

# Soft hyphens, zero-width spaces and stray BOMs split words invisibly; ZWJ/ZWNJ stay (scripts need them).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
# C0/C1 controls other than tab, newline, carriage return, form feed and vertical tab, plus undecodable bytes.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def empty() -> ResumeRejected:
    return ResumeRejected("empty", "This file is empty.")


def normalise(text: str) -> str:
    """One line as every reader emits it: NFKC (ligatures, full-width forms), no invisible characters."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()


def decode_text(data: bytes) -> str:
    """Bytes of a text file as a string: UTF-8 (BOM or not), UTF-16/32 with a BOM, else cp1252."""
    if not data.strip():
        raise empty()
    text = _decode(data)
    if text is None or len(_BAD_CHARS.findall(text)) * 100 > len(text):
        raise unsupported("binary data")
    if not text.strip(" \t\r\n\f\v\ufeff"):
        raise empty()
    return text


def _decode(data: bytes) -> str | None:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # checked before UTF-16: its BOM starts with UTF-16 LE's
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    bomless = _bomless_utf16(data)
    if bomless:
        return data.decode(bomless, errors="replace")
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":  # a download cut inside a multi-byte character
            return data[: error.start].decode("utf-8")
    # A few broken bytes in UTF-8 keep it UTF-8; a cp1252 file has almost no valid multi-byte sequences.
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    valid = sum(1 for ch in lenient if ord(ch) > 127) - broken
    if valid > broken:
        return lenient
    return data.decode("cp1252", errors="replace")


def _bomless_utf16(data: bytes) -> str | None:
    # Windows tools sometimes write UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.7 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.7 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-{2,})[ \t]*$")  # a lone "-" is an empty list item
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])(?:[ \t]+|$)(.*)$")  # 1-3 digits: "2019. Joined" is a year
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|^[ \t]*\|[ \t]*:?-+:?[ \t]*\|[ \t]*$"
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+[\"'(].*)?$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

# Signals for telling Markdown from plain text: strong ones rarely appear in plain resumes by accident.
_MD_STRONG = (
    _ATX,
    re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"),
    re.compile(r"(\*\*|__)(?=\S)[^\n]{1,200}?(?<=\S)\1"),  # bounded: no quadratic scans of long lines
    re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|"),
    re.compile(r"^ {0,3}(?:```|~~~)"),
    re.compile(r"<(?:https?|mailto):[^\s<>]+>"),
)
_MD_WEAK = (_RULE, re.compile(r"^[ \t]*[-*+][ \t]+\S"), re.compile(r"\\[*_#\[\]`]"), re.compile(r"`[^`\n]+`"))


def looks_like_markdown(text: str) -> bool:
    lines = text.splitlines()[:3000]
    strong = weak = 0
    previous = ""
    for full in lines:
        line = full[:1000]  # the signals show early in a line; hostile long lines cost nothing more
        underline = line.lstrip().startswith("=") and _SETEXT.match(line) and previous.strip()
        if underline or any(p.search(line) for p in _MD_STRONG):
            strong += 1
        elif any(p.search(line) for p in _MD_WEAK):
            weak += 1
        if strong >= 2 or (strong and weak):
            return True
        previous = line
    return False


def read_text(data: bytes, *, markdown: bool | None = None) -> Document:
    """A TXT or Markdown file as lines; `markdown=None` decides by content, as `sniff` does."""
    text = decode_text(data)
    if markdown is None:
        markdown = looks_like_markdown(text)
    if markdown:
        doc = Document(media_type=MARKDOWN)
        found: dict[str, None] = {}  # ordered and de-duplicated in constant time per link
        doc.lines = _markdown_lines(text, found)
        doc.links = list(found)
    else:
        doc = Document(media_type=TEXT)
        doc.lines = [Line(text=t) for t in (normalise_plain(raw) for raw in text.splitlines()) if t]
    if not doc.lines:
        raise empty()
    return doc


def normalise_plain(raw: str) -> str:
    # Plain text keeps its indentation and tabs: only the right end is trimmed.
    return unicodedata.normalize("NFKC", raw).translate(_INVISIBLE).rstrip()


def _strip_comments(line: str) -> str:
    # A scan rather than a regex: a line of unclosed "<!--" would make a regex quadratic.
    kept, position = [], 0
    while (start := line.find("<!--", position)) >= 0 and (end := line.find("-->", start + 4)) >= 0:
        kept.append(line[position:start])
        position = end + 3
    kept.append(line[position:])
    return "".join(kept)


def _markdown_lines(text: str, links: dict[str, None]) -> list[Line]:
    raw_lines = text.splitlines()
    refs = {m.group(1).strip().lower(): m.group(2) for m in map(_REF_DEF.match, raw_lines) if m}
    out: list[Line] = []
    fence: str | None = None
    paragraph: Line | None = None  # the last plain paragraph line: a setext underline turns it into a heading
    table = in_list = False  # lines right after a list item continue it: no setext heading there
    for index, raw in enumerate(raw_lines):
        line = raw.rstrip()
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            elif normalise(line):
                out.append(Line(text=normalise(line)))  # code keeps its text, unparsed
            continue
        if m := _FENCE.match(line):
            fence, paragraph = m.group(1)[0] * 3, None
            continue
        line = _strip_comments(line)
        if not line.strip():
            paragraph, table, in_list = None, False, False
            continue
        if m := _REF_DEF.match(line):
            _add_link(links, _unescape(m.group(2)))
            continue
        if paragraph is not None and _SETEXT.match(line):
            paragraph.heading = 1 if line.strip()[0] == "=" else 2
            paragraph = None
            continue
        if _RULE.match(line):
            paragraph, in_list = None, False
            continue
        line = _QUOTE.sub("", line)
        if line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1]  # a trailing backslash is a hard line break
        following = raw_lines[index + 1] if index + 1 < len(raw_lines) else ""
        if "|" in line and (table or line.lstrip().startswith("|") or _TABLE_SEP.match(following)):
            if _TABLE_SEP.match(line):
                table = True
                continue
            table, paragraph = True, None
            cells = [_inline(cell, links, refs) for cell in _CELL_SPLIT.split(line.strip().strip("|"))]
            cells = [(normalise(t), b) for t, b in cells if normalise(t)]
            if cells:
                out.append(Line(text="\t".join(t for t, _ in cells), bold=all(b for _, b in cells)))
            continue
        table = False
        if m := _ATX.match(line):
            content, bold = _inline(m.group(2) or "", links, refs)
            if normalise(content):
                out.append(Line(text=normalise(content), heading=len(m.group(1)), bold=bold))
            paragraph, in_list = None, False
            continue
        prefix = ""
        if m := _LIST.match(line):
            prefix, line = "- ", m.group(1)
        content, bold = _inline(line, links, refs)
        content = normalise(content)
        if not content:
            paragraph = None
            continue
        out.append(Line(text=prefix + content, bold=bold))
        in_list = in_list or bool(prefix)
        paragraph = None if in_list else out[-1]
    return out


# Inline markup, tried left to right; emphasis is resolved afterwards over what remains.
_TEXT = r"(?:\\.|[^\[\]\\\n]|\[(?:\\.|[^\[\]\\\n])*\])*"
_DEST = (  # (url "title"): the url may be <bracketed> or hold one level of balanced parentheses
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<body>.+?)(?<!`)(?P=ticks)(?!`))"
    # "\\*" from exporters that escape twice is a literal "*" too
    r"|(?P<escape>(?<!\\)\\++(?P<char>[!-/:-@\[\]^_`{-~]))"  # tried once per run of backslashes
    rf"|(?P<image>!\[{_TEXT}\]{_DEST})"
    rf"|(?P<link>\[(?P<ltext>{_TEXT})\]{_DEST.replace('(<', '(?P<url><', 1)})"
    rf"|(?P<ref>\[(?P<rtext>{_TEXT})\]\[(?P<rlabel>[^\[\]\n]*)\])"
    r"|(?P<auto><(?P<uri>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>)"
    r"|(?P<mail><(?P<addr>[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+)>)"
    r"|(?P<tag></?(?:a|b|i|u|s|em|strong|span|div|p|br|small|big|sub|sup|mark|code|font|center|hr|img|kbd"
    r"|del|ins|strike|tt)\b[^<>]*>)"
    r"|(?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});)",
    re.IGNORECASE,
)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_PUNCT_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _add_link(links: dict[str, None], url: str) -> None:
    url = url.strip()
    if url and not url.startswith("#"):
        links[url] = None


def _unescape(url: str) -> str:
    return _PUNCT_ESCAPE.sub(r"\1", url.strip().strip("<>"))


def _tokens(s: str, links: dict[str, None], refs: dict[str, str], depth: int = 0) -> list[tuple[str, bool]]:
    """Split into (text, active): active text may still hold emphasis markers; the rest is literal."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _INLINE.finditer(s):
        out.append((s[pos : m.start()], True))
        pos = m.end()
        if m.group("code"):
            out.append((m.group("body").strip() or m.group("body"), False))
        elif m.group("escape"):
            out.append((m.group("char"), False))
        elif m.group("link") and depth < 4:
            _add_link(links, _unescape(m.group("url")))
            out.extend(_tokens(m.group("ltext"), links, refs, depth + 1))
        elif m.group("ref") and depth < 4:
            label = (m.group("rlabel") or m.group("rtext")).strip().lower()
            if label in refs:
                out.extend(_tokens(m.group("rtext"), links, refs, depth + 1))
            else:  # not a reference link after all: brackets are text
                out.append(("[", True))
                out.extend(_tokens(m.group("rtext"), links, refs, depth + 1))
                out.append(("][" + m.group("rlabel") + "]", True))
        elif m.group("auto") or m.group("mail"):
            found = m.group("uri") or m.group("addr")
            _add_link(links, found if m.group("uri") else "mailto:" + found)
            out.append((found, False))
        elif m.group("tag"):
            if href := _HREF.search(m.group("tag")):
                _add_link(links, html.unescape(href.group(1)))
            if re.match(r"<br\b", m.group("tag"), re.IGNORECASE):
                out.append((" ", False))
        elif m.group("entity"):
            out.append((html.unescape(m.group("entity")), False))
        # images are dropped: their alt text is an icon's name, not resume text
    out.append((s[pos:], True))
    return out


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


@dataclass(slots=True)
class _Run:
    """A run of "*" or "_" that may open or close emphasis; lo..hi is what is not yet matched."""

    lo: int
    hi: int
    char: str
    can_open: bool
    can_close: bool
    length: int
    left: bool
    right: bool


def _runs(chars: list[str], active: list[bool]) -> list[_Run]:
    # CommonMark's flanking rules: intraword "_" (snake_case, emails) never opens or closes.
    runs: list[_Run] = []
    n, i = len(chars), 0
    while i < n:
        ch = chars[i]
        if not (active[i] and ch in "*_"):
            i += 1
            continue
        j = i
        while j < n and active[j] and chars[j] == ch:
            j += 1
        before = chars[i - 1] if i else " "
        after = chars[j] if j < n else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if ch == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _punct(before))
            can_close = right and (not left or _punct(after))
        runs.append(_Run(i, j, ch, can_open, can_close, j - i, left, right))
        i = j
    return runs


def _inline(s: str, links: dict[str, None], refs: dict[str, str]) -> tuple[str, bool]:
    """Text without inline markup, and whether all of it was strong (bold)."""
    tokens = _tokens(s, links, refs)
    if not any(act and ("*" in text or "_" in text) for text, act in tokens):
        return "".join(text for text, _ in tokens), False  # most lines: no emphasis to resolve
    chars: list[str] = []
    active: list[bool] = []
    for text, act in tokens:
        chars.extend(text)
        active.extend([act] * len(text))
    removed = [False] * len(chars)
    strong = [False] * len(chars)
    runs = _runs(chars, active)
    openers: list[_Run] = []
    for run in runs:
        while run.can_close and run.hi > run.lo:
            match = None
            for k in range(
                len(openers) - 1, max(len(openers) - 64, 0) - 1, -1
            ):  # bounded: no quadratic lines
                o = openers[k]
                # CommonMark's "rule of 3" keeps "*a**b*" from pairing the wrong runs.
                odd = (o.can_close or run.can_open) and (o.length + run.length) % 3 == 0 and run.length % 3
                if o.char == run.char and o.hi > o.lo and not odd:
                    match = k
                    break
            if match is None:
                break
            o = openers[match]
            del openers[match + 1 :]  # delimiters between a matched pair can no longer match
            width = 2 if o.hi - o.lo >= 2 and run.hi - run.lo >= 2 else 1
            for x in (*range(o.hi - width, o.hi), *range(run.lo, run.lo + width)):
                removed[x] = True
            if width == 2:
                for x in range(o.hi, run.lo):
                    strong[x] = True
            o.hi, run.lo = o.hi - width, run.lo + width
            if o.hi <= o.lo:
                openers.pop()
        if run.can_open and run.hi > run.lo:
            openers.append(run)
    # A leftover "**" at a word edge ("tagging:** Developed") is markup that lost its partner.
    for run in runs:
        if run.hi - run.lo >= 2 and run.left != run.right:
            for x in range(run.lo, run.hi):
                removed[x] = True
    kept = [x for x in range(len(chars)) if not removed[x]]
    visible = [x for x in kept if not chars[x].isspace()]
    return "".join(chars[x] for x in kept), bool(visible) and all(strong[x] for x in visible)
