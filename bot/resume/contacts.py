"""Emails, phone numbers (E.164 via phonenumbers) and profile links."""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

import phonenumbers

from bot.resume import dates

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w])")
# Placeholder addresses that templates ship with: never a candidate's.
PLACEHOLDER_EMAIL = re.compile(r"@(?:yourdomain|your-domain|domain\.com$)|^(?:your|my)?[._]?e-?mail@|^your", re.I)

PHONE = re.compile(
    r"(?<![\w/.])(?:\+|00)?\(?\+?\d{1,4}\)?(?:[\s.\-\u2010\u2011]{0,3}\(?\d{1,5}\)?){1,6}(?![\w/])"
)
PHONE_CUE = re.compile(r"(?:phone|mobile|mob|cell|tel|telephone|contact|whatsapp|ph)\s*[:.#]?|☎|📞|📱", re.I)

URL = re.compile(
    r"(?:(?:https?://|www\.)[^\s<>()\"'|,;]+"
    r"|(?<![@\w.])(?:[a-z0-9-]+\.)+(?:com|org|net|io|me|dev|ai|in|co|edu|app|xyz|tech|page|site|info|us|uk|de|ch)"
    r"(?:/[^\s<>()\"'|,;]*)?)(?![\w@])",
    re.I,
)
# Links people print as "GitHub: @handle", "Github:// handle", "LinkedIn: /in/handle".
HANDLE = re.compile(
    r"(?P<net>github|gitlab|linkedin|twitter|x|stack ?overflow|kaggle|medium)\s*(?::|://|:\s*//)\s*"
    r"(?P<handle>/?in/[\w.%-]+|@?[\w.-]+)",
    re.I,
)
_NETWORK_URL = {
    "github": "github.com/{}", "gitlab": "gitlab.com/{}", "linkedin": "linkedin.com/in/{}",
    "twitter": "twitter.com/{}", "x": "x.com/{}", "kaggle": "kaggle.com/{}", "medium": "medium.com/@{}",
}
_SOCIAL = ("linkedin.com", "github.com", "twitter.com", "x.com", "gitlab.com", "stackoverflow.com",
           "kaggle.com", "medium.com", "facebook.com", "instagram.com", "youtube.com", "behance.net",
           "dribbble.com", "scholar.google.com", "leetcode.com")


def emails(lines: Iterable[str], links: Iterable[str] = ()) -> list[str]:
    found: dict[str, str] = {}
    for uri in links:
        if uri.lower().startswith("mailto:"):
            addr = unquote(uri[7:]).split("?")[0].strip()
            if EMAIL.fullmatch(addr):
                found.setdefault(addr.lower(), addr)
    for line in lines:
        for m in EMAIL.finditer(line):
            found.setdefault(m.group(0).lower(), m.group(0))
    return [e for k, e in found.items() if not PLACEHOLDER_EMAIL.search(k)]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _looks_like_date_or_number(raw: str) -> bool:
    if dates.find_spans(raw) and len(_digits(raw)) <= 12:
        spans = dates.find_spans(raw)
        covered = sum(len(s.text) for s in spans)
        if covered >= len(raw.strip()) - 3:
            return True
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", raw.strip()))  # a plain number: a year, a score


def phones(lines: Iterable[str], region: str | None, links: Iterable[str] = (), *, cued_only: bool = False) -> list[str]:
    """Phone numbers, E.164 where the country can be told; otherwise as printed.

    `region` is the ISO country read from the resume (its location line), used for numbers printed
    without a country code. Template placeholders ("123-456-7890") are kept as printed: they are what
    the resume says, and recruiters see them flagged by the card, not silently dropped.
    """
    out: dict[str, str] = {}
    raw_items: list[str] = []
    for uri in links:
        if uri.lower().startswith("tel:"):
            raw_items.append(unquote(uri[4:]))
    for line in lines:
        cued = PHONE_CUE.search(line) is not None
        for m in PHONE.finditer(line):
            # Away from the top, only a cued number ("Phone: ...") or a full international one is a phone.
            if cued_only and not cued and not (m.group(0).lstrip().startswith("+") and _e164(m.group(0), None)):
                continue
            raw_items.append(m.group(0))
    for raw in raw_items:
        raw = raw.strip(" .-\u2010")
        d = _digits(raw)
        if not 7 <= len(d) <= 15:
            continue
        # A bare run of digits is a phone only if it is a valid number where the resume is ("8021349447").
        if _looks_like_date_or_number(raw) and not (re.fullmatch(r"\d{10,12}", raw)
                                                    and _e164(raw, region or "IN")):
            continue
        if not re.search(r"[\s.\-()\u2010]", raw) and not raw.startswith("+") and len(d) < 10:
            continue  # a bare run of digits shorter than a phone number: an id, not a phone
        value = _e164(raw, region) or re.sub(r"\s+", " ", raw.replace("\u2010", "-"))
        out.setdefault(d[-10:], value)
    return list(out.values())


def _e164(raw: str, region: str | None) -> str | None:
    text = raw.strip()
    text = re.sub(r"^\(\s*(\+\d{1,4})\s*\)", r"\1", text)  # "(+90) 537 ..." -> "+90 537 ..."
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        num = phonenumbers.parse(text, None if text.startswith("+") else (region or None))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def normalise_link(url: str) -> str | None:
    u = unquote(url.strip().rstrip(".,;:)]}>"))
    if re.match(r"(?i)^(mailto|tel|javascript|data|file):", u) or "@" in u.split("/")[0]:
        return None
    u = re.sub(r"(?i)^https?://", "", u)
    host, _, path = u.partition("/")
    host = host.lower()
    if host.startswith("www.") and host[4:] in _SOCIAL:
        host = host[4:]
    if "." not in host or len(host) < 4:
        return None
    path = path.rstrip("/")
    return f"{host}/{path}" if path else host


def links(lines: Iterable[str], annotations: Iterable[str] = ()) -> list[str]:
    out: dict[str, str] = {}

    def add(raw: str) -> None:
        n = normalise_link(raw)
        if n:
            out.setdefault(n.lower(), n)

    for uri in annotations:
        add(uri)
    for line in lines:
        for m in URL.finditer(line):
            raw = m.group(0)
            if "@" in line[max(0, m.start() - 1): m.start() + 1]:
                continue  # the domain of an email address
            bare = not re.match(r"(?i)https?://|www\.", raw)
            # "B.Tech", "Amazon.com", "Sociality.io": names that happen to end like a domain. People print
            # addresses in lower case; a bare capitalised word is a name unless it carries a path.
            if bare and "/" not in raw and raw != raw.lower():
                continue
            add(raw)
        for m in HANDLE.finditer(line):
            net = m.group("net").lower().replace(" ", "")
            handle = m.group("handle").lstrip("@/")
            if net == "linkedin":
                handle = handle.removeprefix("in/")
            template = _NETWORK_URL.get(net)
            if template and handle and not URL.fullmatch(handle):
                add(template.format(handle))
    return list(out.values())
