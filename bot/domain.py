"""The core's own vocabulary: who is asking, and what happened to a file. No chat SDK types here."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking, and from where. `workspace` is the tenant key every query is scoped to."""

    workspace: str  # "local", "slack:T123", "discord:456"
    user: str | None = None  # platform user id ("U123", "456"), None on the command line
    channel: str | None = None
    platform: str = "local"  # "local" | "slack" | "discord"
    is_admin: bool = False
    channel_private: bool = True  # sharing to a public channel hides contact details

    @classmethod
    def local(cls, workspace: str = "local") -> Actor:
        return cls(workspace=workspace, user=None, platform="local", is_admin=True)


@dataclass(slots=True)
class IngestResult:
    """One file's fate, as `sift ingest --json` prints it (SPEC.md)."""

    file: str
    status: str  # "created" | "updated" | "duplicate" | "rejected"
    candidate_id: int | None = None
    name: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    reason: str | None = None  # stable code of a rejection: "scanned", "encrypted", "too_large" ...
    changes: list[str] = field(default_factory=list)  # what an update changed: "new title", "new email"

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "status": self.status, "candidate_id": self.candidate_id, "name": self.name,
                "warnings": self.warnings, "error": self.error, "reason": self.reason, "changes": self.changes}


class NotFound(Exception):
    """No such candidate in this workspace (or it was forgotten)."""


class NotAllowed(Exception):
    """The actor may not do this (e.g. forget someone else's upload without being an admin)."""
