"""`/digest preview` and `/digest now` in a channel, on top of bot.digest's Digests."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

from bot.digest import Outcome, platform_of, service
from bot.domain import Actor
from bot.filters import channel_of
from bot.reply import Reply

if TYPE_CHECKING:
    from bot.core import Core


class _Inline:
    """Where `/digest now` posts when this process has no connection to the platform: into the reply."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.replies: list[Reply] = []

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        self.replies.append(reply)
        return f"reply:{len(self.replies)}"

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        return False


def _run_sync(coro: Any) -> Any:
    """Run a coroutine from synchronous code, even when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}
    t = threading.Thread(target=lambda: box.setdefault("v", asyncio.run(coro)))
    t.start()
    t.join()
    return box["v"]


def digest_now(core: Core, actor: Actor) -> Reply:
    """`/digest now` in a channel: post its filters' digests now, through the platform when connected."""
    svc = service(core)
    channel = channel_of(actor)
    platform = platform_of(actor.workspace)
    b = svc.binding
    if b is not None and platform in b.notifiers and b.loop.is_running():
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        if not on_loop:
            fut = asyncio.run_coroutine_threadsafe(
                svc.run_now(b.notifiers, workspace=actor.workspace, channel=channel), b.loop
            )
            outcomes: list[Outcome] = fut.result(timeout=300)
            return _summary(outcomes)
    inline = _Inline(platform)
    outcomes = _run_sync(svc.run_now({platform: inline}, workspace=actor.workspace, channel=channel))
    if not inline.replies:
        return _summary(outcomes)
    if len(inline.replies) == 1:
        return inline.replies[0]
    merged = Reply(
        "\n\n".join(r.text for r in inline.replies),
        title=f"{len(inline.replies)} digests",
        cards=[c for r in inline.replies for c in r.cards],
        notes=[n for r in inline.replies for n in r.notes],
        ephemeral=False,
        candidate_ids=[i for r in inline.replies for i in r.candidate_ids],
    )
    return merged


def _summary(outcomes: list[Outcome]) -> Reply:
    if not outcomes:
        return Reply.problem("This channel has no saved filters; save one with `/filter save NAME QUERY`.")
    words = {
        "posted": "posted",
        "empty": "nothing new",
        "busy": "already being posted",
        "retry": "could not be posted, will retry",
        "failed": "failed",
        "skipped": "not connected here",
    }
    lines = []
    for o in outcomes:
        n = o.digest.total if o.digest is not None else 0
        what = words.get(o.status, o.status)
        lines.append(
            f"• {o.name}: {what}"
            + (f" ({n} new)" if o.status == "posted" else "")
            + (f" — {o.error}" if o.error and o.status != "posted" else "")
        )
    return Reply("Digests for this channel:\n" + "\n".join(lines), ephemeral=True)


def handle(core: Core, rest: str, actor: Actor) -> Reply:
    verb = (rest or "").strip().split(" ", 1)[0].lower()
    if verb in ("", "preview", "next"):
        digests = service(core).preview(actor.workspace, channel_of(actor))
        if not digests:
            return Reply(
                "This channel has no saved filters; save one with `/filter save NAME QUERY`.", ephemeral=True
            )
        title = "The next digest would hold (nothing is posted or recorded):"
        return Reply(
            title + "\n\n" + "\n\n".join(d.reply.text for d in digests),
            title=title,
            cards=[c for d in digests for c in d.reply.cards],
            notes=[n for d in digests for n in d.reply.notes],
            ephemeral=True,
        )
    if verb == "now":
        return digest_now(core, actor)
    return Reply.problem(
        "`/digest preview` shows what the next digest would hold; `/digest now` posts it now."
    )
