"""The Edit modal: correct a candidate's name, email, phone and location. Corrections win over the parser."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from handlers.slack.render import cut

CALLBACK_ID = "sift_edit"
FIELDS: tuple[tuple[str, str, int, str], ...] = (
    # (field, label, max length, hint)
    ("name", "Name", 200, "As the person writes it"),
    ("email", "Email", 254, "name@example.com"),
    ("phone", "Phone", 40, "+91 88002 60409"),
    ("location", "Location", 200, "City, Country"),
)


@dataclass(frozen=True, slots=True)
class EditTarget:
    """What the modal edits and where its card lives, carried in the view's private_metadata."""

    candidate_id: int
    channel: str | None = None  # the card to update after saving (None: an ephemeral card)
    ts: str | None = None
    file_url: str | None = None  # the card's "Open file" link, kept on the updated card

    def dumps(self) -> str:
        return json.dumps({"c": self.candidate_id, "ch": self.channel, "ts": self.ts, "u": self.file_url},
                          separators=(",", ":"))

    @classmethod
    def loads(cls, raw: str) -> EditTarget:
        d = json.loads(raw or "{}")
        return cls(int(d["c"]), d.get("ch"), d.get("ts"), d.get("u"))


def current_values(shown: dict[str, Any]) -> dict[str, str]:
    """The values the person sees now (corrections already applied by the core)."""
    values = {
        "name": shown.get("name") or "",
        "email": (shown.get("emails") or [""])[0] if not shown.get("email") else shown["email"],
        "phone": (shown.get("phones") or [""])[0] if not shown.get("phone") else shown["phone"],
        "location": shown.get("location") or "",
    }
    return {field: cut(values[field], limit) for field, _, limit, _ in FIELDS}


def edit_view(target: EditTarget, values: dict[str, str]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for field, label, limit, hint in FIELDS:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "max_length": limit,
                                   "placeholder": {"type": "plain_text", "text": hint}}
        if values.get(field):
            element["initial_value"] = cut(values[field], limit)
        blocks.append({"type": "input", "block_id": field, "optional": True, "element": element,
                       "label": {"type": "plain_text", "text": label}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": (
        "Your corrections are kept apart from what Sift read and win over it, also when a newer resume arrives. "
        "Empty a field to go back to what the resume says.")}]})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        # Slack keeps up to 3000 characters here: the values are cut to their input limits above.
        "private_metadata": json.dumps({"t": json.loads(target.dumps()), "v": values}, separators=(",", ":")),
        "title": {"type": "plain_text", "text": "Correct candidate"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def read_submission(view: dict[str, Any]) -> tuple[EditTarget, dict[str, str | None]]:
    """The target and only the fields the person changed (unchanged ones stay parsed, not frozen)."""
    meta = json.loads(view.get("private_metadata") or "{}")
    target = EditTarget.loads(json.dumps(meta.get("t") or {}))
    before: dict[str, str] = meta.get("v") or {}
    state = (view.get("state") or {}).get("values") or {}
    fixes: dict[str, str | None] = {}
    for field, *_ in FIELDS:
        value = ((state.get(field) or {}).get("value") or {}).get("value")
        value = (value or "").strip()
        if value != (before.get(field) or "").strip():
            fixes[field] = value or None
    return target, fixes
