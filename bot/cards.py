"""Candidate cards: what a recruiter needs at a glance, built from the store for any front end."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.reply import Button, Card
from storage import candidates as store
from storage.models import Candidate

TOP_SKILLS = 8


def education_line(e: Any) -> str:
    """One education entry as cards and digests print it: degree, field — institution (year)."""
    degree = ", ".join(x for x in (e.degree, e.field) if x)
    year = (e.end if e.end and e.end != "present" else None) or e.start
    line = " — ".join(x for x in (degree, e.institution) if x)
    return f"{line} ({year[:4]})" if year and line else line


def card(*, session: Session, cand: Candidate, with_contacts: bool = True, why: list[str] | None = None,
         status: str | None = None, buttons: bool = True) -> Card:
    assert cand.id is not None
    fixes: dict[str, Any] = cand.corrections or {}
    name = fixes.get("name") or cand.name
    emails = [fixes["email"]] if fixes.get("email") else list(cand.emails)
    phones = [fixes["phone"]] if fixes.get("phone") else list(cand.phones)
    headline = " at ".join(x for x in (cand.title, cand.company) if x) or None
    education = [education_line(e) for e in store.education_of(session=session, candidate_id=cand.id)][:3]
    files = store.files_of(session=session, workspace=cand.workspace, candidate_ids=[cand.id])[cand.id]
    missing = [w for w in (cand.resume or {}).get("warnings", []) if w.startswith("no ")]
    if fixes.get("name"):
        missing = [m for m in missing if m != "no name found"]
    c = Card(
        candidate_id=cand.id, name=name, headline=headline, location=fixes.get("location") or cand.location,
        years=cand.years_experience, education=[e for e in education if e], skills=cand.skills[:TOP_SKILLS],
        links=list(cand.links)[:5], emails=emails if with_contacts else [], phones=phones if with_contacts else [],
        missing=missing, why=why or [], files=[f.original_name for f in files], status=status,
    )
    if buttons:
        c.buttons = [
            Button("Edit", "edit", str(cand.id)),
            Button("Forget", "forget", str(cand.id), style="danger",
                   confirm=f"Forget {c.title}: their resumes, facts and every message Sift posted about them?"),
        ]
    return c
