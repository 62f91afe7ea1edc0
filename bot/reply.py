"""A platform-neutral reply: text, candidate cards and buttons. Front ends render it natively."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Button:
    label: str
    action: str  # "edit" | "forget" | "share" | "page" | "open" | "confirm_forget" ...
    value: str = ""  # what the action needs back: a candidate id, a page token
    style: str | None = None  # "primary" | "danger"
    url: str | None = None  # a link button (opens the original file)
    confirm: str | None = None  # ask before acting: "Forget Ayush Garg and every message about them?"


@dataclass(slots=True)
class Card:
    candidate_id: int
    name: str | None
    headline: str | None = None  # "Data Scientist II at Flipkart"
    location: str | None = None
    years: float | None = None
    education: list[str] = field(default_factory=list)  # "B.Tech, Electrical Engineering — IIT Delhi (2019)"
    skills: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what could not be read: "no name found"
    why: list[str] = field(default_factory=list)  # search explanation: "skill python", "school IIT Delhi (alias iit)"
    files: list[str] = field(default_factory=list)
    status: str | None = None  # "new candidate", "updated: now Research Fellow at Microsoft Research"
    buttons: list[Button] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.name or f"Unnamed candidate #{self.candidate_id}"

    @property
    def experience(self) -> str | None:
        """"1.5 years of experience", as every chat card says it; None when not known."""
        if self.years is None:
            return None
        y = round(self.years, 1)
        return f"{y:g} year{'s' if y != 1 else ''} of experience"


@dataclass(slots=True)
class Reply:
    text: str  # the plain-text version: notifications, console, fallbacks
    title: str | None = None
    cards: list[Card] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # small print: "interpreted: python · school: any IIT"
    buttons: list[Button] = field(default_factory=list)  # reply-level: Next / Previous
    ephemeral: bool = False  # only the person who asked sees it
    error: bool = False
    candidate_ids: list[int] = field(default_factory=list)  # who this message is about (for /forget)
    # After /forget: what Sift had posted about them ({platform, channel, message_id, kind}); front ends
    # delete the ones on their platform.
    delete_messages: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def problem(cls, text: str) -> Reply:
        return cls(text=text, ephemeral=True, error=True)
