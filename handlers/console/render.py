"""Render neutral Replies as terminal text (rich)."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from bot.reply import Card, Reply

console = Console(highlight=False, soft_wrap=True)


def card_lines(c: Card) -> list[str]:
    lines = [f"[bold]{escape(c.title)}[/]  [dim]#{c.candidate_id}[/]" + (f"  [green]{escape(c.status)}[/]" if c.status else "")]
    if c.headline:
        lines.append(f"  {escape(c.headline)}")
    facts = [x for x in (c.location, f"{c.years:g} years" if c.years is not None else None) if x]
    if facts:
        lines.append("  " + escape(" · ".join(facts)))
    for e in c.education:
        lines.append(f"  🎓 {escape(e)}")
    if c.skills:
        lines.append("  skills: " + escape(", ".join(c.skills)))
    contacts = c.emails + c.phones + c.links
    if contacts:
        lines.append("  " + escape("  ".join(contacts)))
    if c.why:
        lines.append("  [cyan]why:[/] " + escape(" · ".join(c.why)))
    if c.missing:
        lines.append("  [yellow]could not read:[/] " + escape(", ".join(c.missing)))
    if c.files:
        lines.append("  [dim]files: " + escape(", ".join(c.files)) + "[/]")
    return lines


def show(reply: Reply, out: Console = console) -> None:
    if reply.error:
        out.print(f"[red]{escape(reply.text)}[/]")
        return
    if reply.cards:
        if reply.title:
            out.print(f"[bold]{escape(reply.title)}[/]")
        for c in reply.cards:
            out.print("\n".join(card_lines(c)))
    else:
        out.print(escape(reply.text) if "*" not in reply.text else reply.text.replace("*", ""))
    for n in reply.notes:
        out.print(f"[dim]{escape(n)}[/]")
    if reply.buttons:
        out.print("[dim]" + "  ".join(f"/{b.label.lower()}" for b in reply.buttons if b.action == "page") + "[/]")


def print_find(result: Any, out: Console = console) -> None:
    """`sift find` without --json: the same answer the console gives, as plain lines."""
    out.print(f"[bold]{result.total} candidate{'s' if result.total != 1 else ''}[/] for {escape(result.query)!s}")
    if result.interpreted:
        out.print(f"[dim]interpreted: {escape(result.interpreted)}[/]")
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/]")
    for i, h in enumerate(result.results, result.offset + 1):
        out.print(f"{i}. [bold]{escape(h.name or 'Unnamed candidate')}[/] [dim]#{h.id}[/]  "
                  f"{escape(', '.join(h.emails))}")
        if h.why:
            out.print(f"   [cyan]why:[/] {escape(' · '.join(h.why))}")
