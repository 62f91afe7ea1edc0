"""The command router: the text of a slash command in, a neutral Reply out. Every front end calls this.

`/find python iit`, `/filter save ml-iit python iit`, `/digest preview`, `/forget 12`, `/help`.
Front ends only add what is theirs (files to upload, buttons pressed) and render the Reply.
"""
from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from bot import cards
from bot.domain import Actor, IngestResult, NotAllowed, NotFound
from bot.reply import Button, Card, Reply
from bot.search.engine import FindResult
from storage import candidates as store
from storage.db import session

if TYPE_CHECKING:
    from bot.core import Core

PAGE = 5
HELP = """*Sift* reads resumes and finds candidates.
• Drop a PDF, DOCX, TXT or Markdown resume in a channel with Sift (or send it to Sift directly): you get a card.
• `/find python iit` — words are ANDed; `"machine learning"` is a phrase; `OR`, `-java`, `(…)`;
  fields `skill:` `school:` `company:` `title:` `location:` `degree:` `name:` `years:>=3` `since:7d`.
• `/filter save NAME QUERY [every mon 9:00]`, `/filter list`, `/filter delete NAME` — saved searches per channel.
• `/digest preview`, `/digest now` — the weekly digest of new candidates matching this channel's filters.
• `/forget NAME-or-ID` — delete a candidate, their files and every message Sift posted about them.
Answers to /find are visible only to you until you press Share."""


class Commands:
    def __init__(self, core: Core) -> None:
        self.core = core

    def handle(self, text: str, actor: Actor) -> Reply:
        text = (text or "").strip()
        name, _, rest = text.partition(" ")
        name = name.lower().lstrip("/")
        rest = rest.strip()
        if name in ("", "help", "start"):
            return Reply(HELP, title="How to use Sift", ephemeral=True)
        if name == "find":
            return self.find(rest, actor)
        if name == "forget":
            return self.forget(rest, actor)
        if name == "show":
            return self.show(rest, actor)
        if name == "filter":
            from bot.filters import filter_command

            return filter_command(self.core, rest, actor)
        if name == "digest":
            from bot.digest import digest_command

            return digest_command(self.core, rest, actor)
        return Reply.problem(f"Sift doesn't know /{name}. Try /help.")

    # -- /find ------------------------------------------------------------------------------------------
    def find(self, query: str, actor: Actor, *, offset: int = 0, limit: int = PAGE) -> Reply:
        if not query:
            return Reply.problem("Tell Sift what to look for, e.g. `/find python iit` or `/find skill:go years:>=3`.")
        result = self.core.find(actor.workspace, query, limit=limit, offset=offset)
        return self.find_reply(result, actor)

    def find_reply(self, result: FindResult, actor: Actor) -> Reply:
        notes = [f"interpreted: {result.interpreted}"] if result.interpreted else []
        notes += result.notes
        if not result.results:
            text = f"No candidates match {result.query!r}." if result.total == 0 else \
                f"No more candidates for {result.query!r} (there were {result.total})."
            return Reply(text, title=f"/find {result.query}", notes=notes, ephemeral=True)
        first, last = result.offset + 1, result.offset + len(result.results)
        header = f"{result.total} candidate{'s' if result.total != 1 else ''} for {result.query!r}"
        notes.append(f"showing {first}–{last} of {result.total}")
        with session(self.core.engine) as s:
            shown: list[Card] = []
            for hit in result.results:
                cand = store.get(session=s, workspace=actor.workspace, candidate_id=hit.id)
                if cand is None:
                    continue
                c = cards.card(session=s, cand=cand, why=hit.why, buttons=False)
                c.buttons = [Button("Share", "share", str(hit.id))]
                shown.append(c)
        buttons = []
        if result.offset > 0:
            buttons.append(Button("Previous", "page", f"{max(0, result.offset - result.limit)}|{result.query}"))
        if last < result.total:
            buttons.append(Button("Next", "page", f"{last}|{result.query}", style="primary"))
        lines = [header] + [f"{i}. {c.title}" + (f" — {c.headline}" if c.headline else "") +
                            (f"  [{' · '.join(c.why)}]" if c.why else "") for i, c in enumerate(shown, first)]
        return Reply("\n".join(lines), title=header, cards=shown, notes=notes, buttons=buttons, ephemeral=True,
                     candidate_ids=[c.candidate_id for c in shown])

    def page(self, value: str, actor: Actor) -> Reply:
        """A Next/Previous press: the button carries "offset|query"."""
        offset, _, query = value.partition("|")
        try:
            start = max(0, int(offset))
        except ValueError:
            start = 0
        return self.find(query, actor, offset=start)

    def share(self, candidate_id: int, actor: Actor) -> Reply:
        """One candidate posted for the channel: contact details only where the channel is private."""
        with session(self.core.engine) as s:
            cand = store.get(session=s, workspace=actor.workspace, candidate_id=candidate_id)
            if cand is None:
                return Reply.problem("That candidate is no longer in Sift.")
            c = cards.card(session=s, cand=cand, with_contacts=actor.channel_private, buttons=False)
        who = f"<@{actor.user}>" if actor.user and actor.platform == "slack" else "Someone"
        c.status = f"shared by {who}" if actor.user else None
        if not actor.channel_private:
            c.missing = [m for m in c.missing if "email" not in m and "phone" not in m]
        return Reply(f"{c.title}" + (f" — {c.headline}" if c.headline else ""), cards=[c], ephemeral=False,
                     candidate_ids=[candidate_id])

    # -- uploads ----------------------------------------------------------------------------------------
    def ingest_reply(self, result: IngestResult, actor: Actor) -> Reply:
        if result.status == "rejected":
            return Reply(f"Sift couldn't read {result.file}: {result.error}", error=True, ephemeral=False)
        status = {"created": "new candidate", "duplicate": "already in Sift (same file)",
                  "updated": "updated" + (": " + "; ".join(result.changes) if result.changes else "")}[result.status]
        assert result.candidate_id is not None
        with session(self.core.engine) as s:
            cand = store.get(session=s, workspace=actor.workspace, candidate_id=result.candidate_id)
            if cand is None:
                return Reply.problem("That candidate was forgotten while the file was being read.")
            c = cards.card(session=s, cand=cand, status=status)
        return Reply(f"{c.title} — {status}", cards=[c], candidate_ids=[result.candidate_id])

    # -- /forget, /show -----------------------------------------------------------------------------------
    def resolve(self, who: str, actor: Actor) -> list[int]:
        """A candidate by id ("12", "#12") or by name (every candidate with that name)."""
        who = who.strip().strip('"')
        if re.fullmatch(r"#?\d+", who):
            return [int(who.lstrip("#"))]
        if not who:
            return []
        result = self.core.find(actor.workspace, f'name:"{who}"', limit=10)
        return [h.id for h in result.results]

    def forget(self, who: str, actor: Actor) -> Reply:
        ids = self.resolve(who, actor)
        if not ids:
            return Reply.problem(f"No candidate matches {who!r}. Use the id from a card, e.g. `/forget 12`.")
        if len(ids) > 1:
            return Reply.problem(f"{len(ids)} candidates match {who!r} (ids {', '.join(map(str, ids))}); "
                                 "say which one by id, e.g. `/forget " + str(ids[0]) + "`.")
        try:
            result = self.core.forget(actor.workspace, ids[0], actor=actor)
        except NotFound:
            return Reply.problem(f"No candidate {ids[0]} here.")
        except NotAllowed as e:
            return Reply.problem(str(e))
        name = result.name or f"candidate {result.candidate_id}"
        return Reply(f"Forgot {name}: their resumes, facts and Sift's messages about them are deleted.",
                     ephemeral=True, candidate_ids=[result.candidate_id],
                     delete_messages=[{k: str(v) for k, v in m.items()} for m in result.messages])

    def show(self, who: str, actor: Actor) -> Reply:
        ids = self.resolve(who, actor)
        if len(ids) != 1:
            return Reply.problem("Say which candidate by id, e.g. `/show 12`.")
        with session(self.core.engine) as s:
            cand = store.get(session=s, workspace=actor.workspace, candidate_id=ids[0])
            if cand is None:
                return Reply.problem(f"No candidate {ids[0]} here.")
            c = cards.card(session=s, cand=cand)
        return Reply(c.title, cards=[c], ephemeral=True, candidate_ids=[ids[0]])

    # -- a start page (Slack's App Home) ------------------------------------------------------------------
    HOME_RECENT = "since:90d"

    def home(self, actor: Actor, *, recent: int = 5) -> Reply:
        """How to use Sift, the newest candidates of the workspace, and the filters this person saved."""
        from storage import digests

        result = self.core.find(actor.workspace, self.HOME_RECENT, limit=recent)
        with session(self.core.engine) as s:
            shown = [cards.card(session=s, cand=cand, buttons=False, with_contacts=False)
                     for hit in result.results
                     if (cand := store.get(session=s, workspace=actor.workspace, candidate_id=hit.id)) is not None]
            mine = [f for f in digests.filters(session=s, workspace=actor.workspace)
                    if actor.user and f.created_by == actor.user]
        slack = actor.platform == "slack"  # Slack links a channel written as <#C123>
        notes = [f"{f.name} in {f'<#{f.channel}>' if slack else f.channel}: {f.query}" for f in mine]
        return Reply(HELP, title="Sift", cards=shown, notes=notes, ephemeral=True,
                     candidate_ids=[c.candidate_id for c in shown])


def split_args(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()
