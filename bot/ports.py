"""What the core needs from outside, as small protocols the front ends implement."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from bot.reply import Reply


class Notifier(Protocol):
    """Posts a reply into a channel of one platform, unprompted (digests, replies after a restart)."""

    platform: str  # "slack" | "discord" | "local"

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        """Post and return the platform's message id (for later deletion), or None if it could not."""
        ...

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
