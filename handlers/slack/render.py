"""A neutral Reply as Slack Block Kit: pure functions, no I/O, tested against golden JSON.

Everything that comes from a resume is untrusted text: it is escaped (`&`, `<`, `>`) so a resume cannot
ping `<!channel>` or forge links, and every field is cut to Block Kit's limits so Slack never rejects a card.
"""
from __future__ import annotations

import json
import re
from typing import Any

from bot.reply import Button, Card, Reply

# Block Kit limits (https://docs.slack.dev/reference/block-kit): checked by tests with slack_sdk.models.
MAX_BLOCKS = 50  # per message
MAX_HOME_BLOCKS = 100  # per Home tab or modal view
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
CONTEXT_TEXT = 3000
CONFIRM_TEXT = 300
FALLBACK_TEXT = 3000  # the notification text; Slack allows more, nobody reads more

ACTION_PREFIX = "sift."
# Sift's own texts may name people and channels (`<@U123>`, `<#C123>`): those survive escaping, nothing else.
_MENTION = re.compile(r"&lt;([@#])([UWCGD][A-Z0-9]{2,20})&gt;")


def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn: anything else is shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def _mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": cut(text, limit) or " "}


def own(text: str) -> str:
    """Text written by Sift (status lines, notes, replies): escaped, but its user and channel mentions kept."""
    return _MENTION.sub(r"<\1\2>", escape(text))


def _link(raw: str) -> str:
    """A profile link as a Slack link when it is a plain URL; otherwise as text."""
    url = raw if re.match(r"^https?://", raw, re.IGNORECASE) else f"https://{raw}"
    if re.fullmatch(r"https?://[^\s<>|&\"']+", url, re.IGNORECASE) and len(url) <= 500:
        return f"<{url}|{escape(raw)}>"
    return escape(raw)


def action_id(action: str, index: int) -> str:
    """`sift.<action>.<n>`: unique within an actions block, matched by prefix in the listeners."""
    return f"{ACTION_PREFIX}{action}.{index}"


def button(b: Button, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "button", "text": _plain(b.label, BUTTON_TEXT), "action_id": action_id(b.action, index)}
    if b.url:
        out["url"] = b.url[:3000]
    if b.value:
        out["value"] = b.value[:BUTTON_VALUE]
    if b.style in ("primary", "danger"):
        out["style"] = b.style
    if b.confirm:
        out["confirm"] = {
            "title": _plain("Are you sure?", 100),
            "text": _plain(b.confirm, CONFIRM_TEXT),
            "confirm": _plain(b.label, 30),
            "deny": _plain("Cancel", 30),
        }
        if b.style == "danger":
            out["confirm"]["style"] = "danger"
    return out


def actions(buttons: list[Button], block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "actions", "elements": [button(b, i) for i, b in enumerate(buttons[:25])]}
    if block_id:
        block["block_id"] = block_id
    return block


def card_blocks(card: Card, position: int = 0) -> list[dict[str, Any]]:
    """One candidate: who, what they do now, what they know, what could not be read, and the buttons.

    Block ids must be unique in a message, and a digest may list one person under two filters: the
    position on the page is part of them.
    """
    lines = [f"*{escape(card.title)}*" + (f"  ·  #{card.candidate_id}" if card.name else "")]  # the title has it
    if card.headline:
        lines.append(escape(card.headline))
    where = [x for x in (escape(card.location) if card.location else None, card.experience) if x]
    if where:
        lines.append("  ·  ".join(where))
    blocks: list[dict[str, Any]] = [{"type": "section", "block_id": f"card.{position}.{card.candidate_id}",
                                     "text": _mrkdwn("\n".join(lines))}]
    fields: list[str] = []
    if card.education:
        fields.append("*Education*\n" + "\n".join(escape(e) for e in card.education))
    if card.skills:
        fields.append("*Top skills*\n" + ", ".join(escape(s) for s in card.skills))
    if card.links:
        fields.append("*Links*\n" + "\n".join(_link(x) for x in card.links))
    contacts = [escape(x) for x in (*card.emails, *card.phones)]
    if contacts:
        fields.append("*Contact*\n" + "\n".join(contacts))
    if fields:
        blocks.append({"type": "section", "fields": [_mrkdwn(f, FIELD_TEXT) for f in fields[:MAX_FIELDS]]})
    small: list[str] = []
    if card.status:
        small.append(own(card.status))
    if card.why:
        small.append("matched: " + " · ".join(escape(w) for w in card.why))
    if card.missing:
        small.append("could not read: " + ", ".join(escape(m) for m in card.missing))
    if card.files:
        small.append("file" + ("s" if len(card.files) > 1 else "") + ": " + ", ".join(escape(f) for f in card.files[-3:]))
    if small:
        blocks.append({"type": "context", "elements": [_mrkdwn(s, CONTEXT_TEXT) for s in small[:10]]})
    if card.buttons:
        blocks.append(actions(card.buttons, block_id=f"buttons.{position}.{card.candidate_id}"))
    return blocks


def blocks(reply: Reply, *, limit: int = MAX_BLOCKS) -> list[dict[str, Any]]:
    """The whole reply: a title, the text when there are no cards, each card, small print, buttons."""
    out: list[dict[str, Any]] = []
    if reply.title and reply.cards:
        out.append({"type": "header", "text": _plain(reply.title, HEADER_TEXT)})
    if not reply.cards:
        out.append({"type": "section", "text": _mrkdwn(own(reply.text))})
    tail: list[dict[str, Any]] = []
    if reply.notes:
        tail.append({"type": "context", "elements": [_mrkdwn(own(n), CONTEXT_TEXT) for n in reply.notes[:10]]})
    if reply.buttons:
        tail.append(actions(reply.buttons, block_id="reply.buttons"))
    for i, card in enumerate(reply.cards):
        more = ([{"type": "divider"}] if i else []) + card_blocks(card, i)
        if len(out) + len(more) + len(tail) > limit:
            break  # a page never holds this many cards; refuse to send blocks Slack would reject
        out.extend(more)
    return out + tail


def text(reply: Reply) -> str:
    """The plain fallback Slack shows in notifications and to screen readers."""
    return cut(escape(reply.text), FALLBACK_TEXT) or " "


def message(reply: Reply) -> dict[str, Any]:
    """Arguments for chat.postMessage / chat.update / respond()."""
    return {"text": text(reply), "blocks": blocks(reply)}


def home_view(reply: Reply) -> dict[str, Any]:
    """The App Home tab: how to use Sift, the newest candidates, this person's saved filters."""
    out: list[dict[str, Any]] = [{"type": "header", "text": _plain(reply.title or "Sift", HEADER_TEXT)},
                                 {"type": "section", "text": _mrkdwn(own(reply.text))},
                                 {"type": "header", "text": _plain("New candidates", HEADER_TEXT)}]
    if not reply.cards:
        out.append({"type": "section", "text": _mrkdwn("Nobody new lately. Drop a resume in a channel with Sift.")})
    for i, card in enumerate(reply.cards):
        more = card_blocks(card, i)
        if len(out) + len(more) + 3 > MAX_HOME_BLOCKS:
            break
        out.extend(more)
    out.append({"type": "header", "text": _plain("Your saved filters", HEADER_TEXT)})
    listing = "\n".join(f"• {own(n)}" for n in reply.notes) or (
        "You have saved no filters. In a channel, `/filter save NAME QUERY` saves one and brings a weekly digest.")
    out.append({"type": "section", "text": _mrkdwn(listing)})
    return {"type": "home", "blocks": out}


def dumps(value: Any) -> str:
    """Stable JSON for golden files."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
