"""A neutral Reply as Discord embeds and buttons: pure functions, no I/O, tested against golden JSON.

Everything that comes from a resume is untrusted text: markdown is escaped so a resume cannot format
itself into something else, messages are sent with no allowed mentions (see app.py) so it cannot ping
@everyone, and every piece is cut to Discord's limits so Discord never rejects a card.
"""
from __future__ import annotations

import re
from typing import Any

import discord
from discord.utils import escape_markdown

from bot.reply import Button, Card, Reply

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000  # per message, over every embed in it
EMBEDS = 10  # per message
CONTENT = 2000
BUTTON_LABEL = 80
BUTTONS = 25  # 5 rows of 5

COLOUR = discord.Colour(0x2F7D6D)
COLOUR_ERROR = discord.Colour(0xB3261E)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def esc(text: str) -> str:
    return escape_markdown(text or "")


def _link(raw: str) -> str:
    """A profile link: a full URL as itself (Discord links it), "github.com/x" as a masked link to https://."""
    has_scheme = bool(re.match(r"^https?://", raw, re.IGNORECASE))
    url = raw if has_scheme else f"https://{raw}"
    if not re.fullmatch(r"https?://[^\s<>()\[\]\"'`*_~|]+", url, re.IGNORECASE) or len(url) > 500:
        return escape_markdown(raw, ignore_links=False)  # not a plain link: shown as text, never as a link
    return url if has_scheme else f"[{raw}]({url})"


def mrkdwn(text: str) -> str:
    """The core writes Slack-style emphasis (`*Sift*`, `<url|label>`); Discord spells them differently."""
    text = re.sub(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])", r"**\1**", text)
    return re.sub(r"<(https?://[^|>\s]+)\|([^>]+)>", r"[\2](\1)", text)


def embed(card: Card) -> discord.Embed:
    """One candidate: who, what they do now, what they know, what could not be read."""
    lines = []
    if card.headline:
        lines.append(esc(card.headline))
    where = [x for x in (esc(card.location) if card.location else None, card.experience) if x]
    if where:
        lines.append("  ·  ".join(where))
    e = discord.Embed(title=cut(esc(card.title), TITLE), description=cut("\n".join(lines), DESCRIPTION) or None,
                      colour=COLOUR)
    fields: list[tuple[str, str, bool]] = []
    if card.education:
        fields.append(("Education", "\n".join(esc(x) for x in card.education), False))
    if card.skills:
        fields.append(("Top skills", ", ".join(esc(s) for s in card.skills), False))
    if card.links:
        fields.append(("Links", "\n".join(_link(x) for x in card.links), True))
    contacts = [esc(x) for x in (*card.emails, *card.phones)]
    if contacts:
        fields.append(("Contact", "\n".join(contacts), True))
    if card.why:
        fields.append(("Matched", " · ".join(esc(w) for w in card.why), False))
    if card.missing:
        fields.append(("Could not read", ", ".join(esc(m) for m in card.missing), False))
    if card.files:
        label = "Files" if len(card.files) > 1 else "File"
        fields.append((label, ", ".join(esc(f) for f in card.files[-3:]), False))
    for name, value, inline in fields[:FIELDS]:
        e.add_field(name=cut(name, FIELD_NAME), value=cut(value, FIELD_VALUE) or "—", inline=inline)
    footer = f"#{card.candidate_id}" + (f"  ·  {card.status}" if card.status else "")
    e.set_footer(text=cut(footer, FOOTER))
    return e


def embed_size(e: discord.Embed) -> int:
    """What Discord counts towards the 6000 characters: title, description, fields, footer, author."""
    n = len(e.title or "") + len(e.description or "") + len(e.footer.text or "") + len(e.author.name or "")
    return n + sum(len(f.name or "") + len(f.value or "") for f in e.fields)


def fit(embeds: list[discord.Embed], limit: int = EMBED_TOTAL) -> list[discord.Embed]:
    """Keep a message under the total: trim the largest embed, least useful parts (its last fields) first."""
    embeds = embeds[:EMBEDS]
    while embeds and sum(map(embed_size, embeds)) > limit:
        big = max(embeds, key=embed_size)
        if big.fields:
            big.remove_field(len(big.fields) - 1)
        elif big.description and len(big.description) > 100:
            big.description = cut(big.description, len(big.description) // 2)
        elif big.footer.text and len(big.footer.text) > 100:
            big.set_footer(text=cut(big.footer.text, 100))
        elif big.title and len(big.title) > 100:
            big.title = cut(big.title, 100)
        else:
            embeds.remove(big)
    return embeds


def content(reply: Reply) -> str:
    """The message text: the reply's own text when there are no cards, else its title and small print."""
    if not reply.cards:
        parts = [mrkdwn(reply.text)]
    else:
        parts = [f"**{esc(reply.title)}**"] if reply.title else []
    parts += [f"-# {esc(n)}" for n in reply.notes]
    return cut("\n".join(p for p in parts if p), CONTENT)


def items(reply: Reply) -> list[discord.ui.Item[Any]]:
    """Every button of the reply as a persistent item: each card's own first, then Next/Previous."""
    from handlers.discord import views

    out: list[discord.ui.Item[Any]] = []
    for card in reply.cards:
        for b in card.buttons:
            item = views.item_for(b, card)
            if item is not None:
                out.append(item)
    for b in reply.buttons:
        item = views.item_for(b, None)
        if item is not None:
            out.append(item)
    return out[:BUTTONS]


def view(reply: Reply) -> discord.ui.View | None:
    found = items(reply)
    if not found:
        return None
    v = discord.ui.View(timeout=None)  # persistent: the buttons are DynamicItems that survive restarts
    for item in found:
        v.add_item(item)
    return v


# Said on every message, not only as the client's default: text read from a resume must never ping anyone.
NO_MENTIONS = discord.AllowedMentions.none()


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for `send`, `followup.send` and `edit_original_response`."""
    if reply.error and not reply.cards:
        return {"content": content(reply), "embeds": [], "view": None, "allowed_mentions": NO_MENTIONS}
    return {"content": content(reply) or None, "embeds": fit([embed(c) for c in reply.cards]), "view": view(reply),
            "allowed_mentions": NO_MENTIONS}


def button_label(b: Button, card: Card | None) -> str:
    if b.action == "share" and card is not None:
        return cut(f"Share: {card.title}", BUTTON_LABEL)
    return cut(b.label, BUTTON_LABEL)
