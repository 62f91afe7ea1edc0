"""`/filter save NAME QUERY [every mon 9:00] [tz Europe/Berlin]`, `/filter list`, `/filter delete NAME`.

A filter is a search a channel saved; its digest goes out on its own schedule (else SIFT_DIGEST_CRON) in
its own zone (else SIFT_TIMEZONE). Names are unique per channel and a channel keeps a bounded number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from bot import schedule as sched
from bot.config import Settings
from bot.domain import Actor
from bot.reply import Reply
from storage import digests as store
from storage.db import lock_workspace, session
from storage.models import SavedFilter

if TYPE_CHECKING:
    from bot.core import Core

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
USAGE = (
    "`/filter save NAME QUERY [every mon 9:00] [tz Europe/Berlin]` saves a search for this channel "
    "(e.g. `/filter save ml-iit python iit every mon 9:00`); `/filter list` shows them; "
    "`/filter delete NAME` removes one."
)
_SCHEDULE_START = re.compile(r"\s(every|daily|weekdays?|cron)\b", re.IGNORECASE)
_ZONE = re.compile(r"\s(?:tz|timezone)[:=]?\s*(\S+)\s*$", re.IGNORECASE)
_POST_EMPTY = re.compile(r"\s--?post-empty\b", re.IGNORECASE)


class FilterError(ValueError):
    """What a person typed cannot be saved; the message says what to do instead."""


@dataclass
class SaveRequest:
    name: str
    query: str
    cron: str | None = None  # None: SIFT_DIGEST_CRON
    tz: str | None = None  # None: SIFT_TIMEZONE
    post_empty: bool = False


def channel_of(actor: Actor) -> str:
    return actor.channel or "console"


def schedule_of(f: SavedFilter, settings: Settings) -> sched.Schedule:
    return sched.Schedule(f.schedule or settings.digest_cron, f.timezone or settings.timezone)


def parse_save(text: str) -> SaveRequest:
    """Split `NAME QUERY [schedule] [tz ZONE] [--post-empty]`; the query itself is read by /find's parser."""
    name, _, rest = " ".join(text.split()).partition(" ")
    name = name.strip().lower()
    if not name or not rest.strip():
        raise FilterError("Give the filter a name and a search, e.g. `/filter save ml-iit python iit`.")
    if not NAME.match(name):
        raise FilterError(
            f"'{name}' can't be a filter name: use up to 40 letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (e.g. ml-iit)."
        )
    rest = " " + rest
    post_empty = bool(_POST_EMPTY.search(rest))
    rest = _POST_EMPTY.sub("", rest)
    tz = None
    if m := _ZONE.search(rest):
        tz = sched.check_zone(m.group(1))
        rest = rest[: m.start()]
    cron = None
    if m := _SCHEDULE_START.search(rest):
        try:
            cron = sched.parse_schedule(rest[m.start() :])
            rest = rest[: m.start()]
        except sched.ScheduleError:
            # "daily" or "weekdays" may just be words of the search; "every" and "cron" never are.
            if m.group(1).lower() in ("every", "cron"):
                raise
    query = rest.strip()
    if not query:
        raise FilterError(
            "Say what the filter looks for, e.g. `/filter save ml-iit python iit every mon 9:00`."
        )
    return SaveRequest(name, query, cron, tz, post_empty)


# -- the core's side of each command --------------------------------------------------------------------
def save(core: Core, actor: Actor, req: SaveRequest) -> tuple[SavedFilter, Any]:
    """Store the filter; returns it with the search as /find reads it today."""
    from bot.digest import clock_for

    result = core.find(actor.workspace, req.query, limit=1)
    if not result.interpreted:
        raise FilterError(f"Sift found nothing to search for in {req.query!r}; try e.g. `python iit`.")
    channel = channel_of(actor)
    limit = core.settings.max_filters_per_channel
    try:
        with session(core.engine, write=True) as s:
            lock_workspace(s, actor.workspace)  # the cap holds when two people save at once
            taken = store.get_filter(session=s, workspace=actor.workspace, channel=channel, name=req.name)
            if taken is not None:
                raise FilterError(
                    f"This channel already has a filter named {req.name} ({taken.query}). Pick "
                    f"another name, or `/filter delete {req.name}` first."
                )
            if store.count_filters(session=s, workspace=actor.workspace, channel=channel) >= limit:
                raise FilterError(
                    f"This channel already has {limit} filters, the most Sift keeps per channel. "
                    "Delete one with `/filter delete NAME` first (`/filter list` shows them)."
                )
            row = store.add_filter(
                session=s,
                row=SavedFilter(
                    workspace=actor.workspace,
                    channel=channel,
                    name=req.name,
                    query=req.query,
                    schedule=req.cron,
                    timezone=req.tz,
                    post_empty=req.post_empty or core.settings.digest_post_empty,
                    created_by=actor.user,
                    created_at=clock_for(core).now(),
                ),
            )
    except IntegrityError as e:  # the same name saved at the same moment by someone else
        raise FilterError(f"This channel already has a filter named {req.name}. Pick another name.") from e
    return row, result


def describe(core: Core, f: SavedFilter, now: datetime, last: Any = None) -> dict[str, Any]:
    s = schedule_of(f, core.settings)
    nxt = sched.next_fire(s, now)
    out: dict[str, Any] = {
        "id": f.id,
        "name": f.name,
        "channel": f.channel,
        "workspace": f.workspace,
        "query": f.query,
        "schedule": sched.describe(s),
        "cron": s.cron,
        "timezone": s.tz,
        "post_empty": f.post_empty,
        "next_run": nxt.isoformat() if nxt else None,
        "next_run_local": sched.local_time(nxt, s.tz) if nxt else None,
        "last": None,
    }
    if last is not None:
        out["last"] = {
            "period": last.period,
            "status": last.status,
            "candidates": last.candidates,
            "when": (last.finished_at or last.claimed_at).isoformat(),
            "error": last.error,
            "when_local": sched.local_day(last.finished_at or last.claimed_at, s.tz),
        }
    return out


def listing(core: Core, workspace: str, channel: str | None) -> list[dict[str, Any]]:
    from bot.digest import clock_for

    now = clock_for(core).now()
    with session(core.engine) as s:
        rows = store.filters(session=s, workspace=workspace, channel=channel)
        last = store.last_runs(session=s, filter_ids=[f.id for f in rows if f.id is not None])
    return [describe(core, f, now, last.get(f.id)) for f in rows]  # type: ignore[arg-type]


def remove(core: Core, actor: Actor, name: str) -> bool:
    with session(core.engine, write=True) as s:
        return store.delete_filter(
            session=s, workspace=actor.workspace, channel=channel_of(actor), name=name.strip().lower()
        )


# -- replies --------------------------------------------------------------------------------------------
def filter_command(core: Core, rest: str, actor: Actor) -> Reply:
    verb, _, args = (rest or "").strip().partition(" ")
    verb = verb.lower()
    try:
        if verb in ("save", "add", "new"):
            return _save_reply(core, actor, args)
        if verb in ("list", "ls", ""):
            return _list_reply(core, actor)
        if verb in ("delete", "remove", "rm", "del"):
            if not args.strip():
                return Reply.problem("Say which filter to delete, e.g. `/filter delete ml-iit`.")
            if remove(core, actor, args.split()[0]):
                return Reply(f"Deleted filter {args.split()[0].lower()}; its digests stop.")
            return Reply.problem(
                f"No filter named {args.split()[0]!r} in this channel; `/filter list` shows them."
            )
        if verb == "help":
            return Reply(USAGE, ephemeral=True)
    except (FilterError, sched.ScheduleError) as e:
        return Reply.problem(str(e))
    return Reply.problem(f"Sift doesn't know `/filter {verb}`. {USAGE}")


def _save_reply(core: Core, actor: Actor, args: str) -> Reply:
    from bot.digest import clock_for

    req = parse_save(args)
    row, result = save(core, actor, req)
    info = describe(core, row, clock_for(core).now())
    matches = (
        f"{result.total} candidate{'s match' if result.total != 1 else ' matches'} today: /find {row.query}"
    )
    text = (
        f"Saved filter *{row.name}* for this channel: {result.interpreted}.\n"
        f"Digest of new candidates {info['schedule']}; next {info['next_run_local']}. {matches}"
    )
    notes = list(result.notes)
    if "since:" in row.query.lower() or "added:" in row.query.lower():
        notes.append("a digest already lists only candidates new since the one before; since: is not needed")
    return Reply(text, title=f"Filter {row.name} saved", notes=notes, ephemeral=False)


def _list_reply(core: Core, actor: Actor) -> Reply:
    items = listing(core, actor.workspace, channel_of(actor))
    if not items:
        return Reply("This channel has no saved filters. " + USAGE, ephemeral=True)
    lines = []
    for i in items:
        line = f"• *{i['name']}* — {i['query']} · {i['schedule']} · next {i['next_run_local']}"
        last = i["last"]
        if last:
            if last["status"] == "failed":
                line += f" · last digest failed ({last['when_local']}): {last['error']}"
            elif last["status"] in ("posted", "empty"):
                line += f" · last digest {last['when_local']}: {last['candidates']} new"
        lines.append(line)
    title = f"{len(items)} filter{'s' if len(items) != 1 else ''} in this channel"
    return Reply(title + "\n" + "\n".join(lines), title=title, ephemeral=True)
