"""Store a parsed resume once per person: exact duplicates by hash, new versions by contacts, name or text.

Runs inside one write session (the caller's unit of work). Matching rules, in order:
1. the same bytes (sha256) in this workspace: a duplicate, nothing is written;
2. a shared email address or phone number: the same person;
3. else the same name (fuzzy) together with a shared institution or employer;
4. else, for a resume with no name and no contacts, near-identical text.
A match becomes a new version: the candidate's fields come from the newest resume, names and contacts
found only in older versions are kept, and people's corrections still win.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import Session

from bot.domain import IngestResult
from bot.normalize import fold, key
from bot.resume.model import Resume
from bot.resume.taxonomy import load as load_taxonomy
from bot.search import index
from storage import candidates as store
from storage import search as search_store
from storage.db import lock_workspace
from storage.models import Candidate, ResumeFile
from storage.types import utcnow

NAME_MATCH = 90  # rapidfuzz token_sort_ratio on folded names: "Harsh Maheshwari" vs "HARSH MAHESHWARI"
ORG_MATCH = 88
TEXT_MATCH = 92  # rapidfuzz ratio on normalised words, for resumes that name nobody


@dataclass(frozen=True, slots=True)
class Upload:
    data: bytes
    filename: str
    media_type: str
    uploaded_by: str | None = None
    source: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def digits_key(phone: str) -> str:
    """A phone's last ten digits: "+91 88002 60409" and "088002 60409" are the same line."""
    return re.sub(r"\D", "", phone)[-10:]


def _words(text: str) -> str:
    return " ".join(key(text).split())[:6000]


def find_person(*, session: Session, workspace: str, resume: Resume) -> Candidate | None:
    phones = [digits_key(p) for p in resume.phones]
    matches = store.by_contacts(session=session, workspace=workspace, emails=resume.emails, phones=phones)
    if matches:
        return matches[0]
    if resume.name:
        parts = key(resume.name).split()
        if len(parts) >= 2:
            pool = store.by_name_tokens(session=session, workspace=workspace, first=parts[0], last=parts[-1])
            for cand in pool:
                if fuzz.token_sort_ratio(key(resume.name), cand.name_key or "") >= NAME_MATCH and _shares_org(
                        session, cand, resume):
                    return cand
        return None
    if resume.emails or resume.phones:
        return None
    mine = _words(resume.text)
    best: tuple[float, int] | None = None
    for cid, text in store.nameless_texts(session=session, workspace=workspace):
        score = fuzz.ratio(mine, _words(text), score_cutoff=TEXT_MATCH)
        if score and (best is None or score > best[0]):
            best = (score, cid)
    return store.get(session=session, workspace=workspace, candidate_id=best[1]) if best else None


def _shares_org(session: Session, cand: Candidate, resume: Resume) -> bool:
    assert cand.id is not None
    theirs = {fold(e.institution) for e in store.education_of(session=session, candidate_id=cand.id) if e.institution}
    theirs |= {fold(x.company) for x in store.experience_of(session=session, candidate_id=cand.id) if x.company}
    mine = {fold(e.institution) for e in resume.education if e.institution}
    mine |= {fold(x.company) for x in resume.experience if x.company}
    return any(fuzz.ratio(a, b) >= ORG_MATCH for a in mine for b in theirs)


def store_resume(*, session: Session, workspace: str, upload: Upload, resume: Resume) -> IngestResult:
    """Write one parsed resume (the caller commits). Serialised per workspace so two copies can't race."""
    lock_workspace(session, workspace)
    store.ensure_workspace(session=session, workspace=workspace)
    existing = store.file_by_sha(session=session, workspace=workspace, sha256=upload.sha256)
    if existing is not None:
        cand = store.get(session=session, workspace=workspace, candidate_id=existing.candidate_id)
        return IngestResult(upload.filename, "duplicate", existing.candidate_id, cand.name if cand else None,
                            list(resume.warnings))
    cand = find_person(session=session, workspace=workspace, resume=resume)
    status = "updated" if cand is not None else "created"
    changes: list[str] = []
    if cand is None:
        cand = Candidate(workspace=workspace, uploaded_by=upload.uploaded_by, versions=0)
        session.add(cand)
        session.flush()
        old_emails: list[str] = []
        old_phones: list[str] = []
    else:
        old_emails, old_phones = list(cand.emails), list(cand.phones)
        changes = describe_changes(cand, resume)
    assert cand.id is not None
    session.add(ResumeFile(
        workspace=workspace, candidate_id=cand.id, original_name=upload.filename[:500], size=len(upload.data),
        sha256=upload.sha256, media_type=upload.media_type, content=upload.data, text=resume.text,
        parsed=resume.model_dump(exclude={"text"}), parser_version=resume.parser_version,
        uploaded_by=upload.uploaded_by, source=upload.source,
    ))
    apply_resume(session=session, candidate=cand, resume=resume, keep_emails=old_emails, keep_phones=old_phones)
    cand.versions += 1
    cand.ingested_at = utcnow()
    session.flush()
    return IngestResult(upload.filename, status, cand.id, display_name(cand), list(resume.warnings), changes=changes)


def apply_resume(*, session: Session, candidate: Candidate, resume: Resume,
                 keep_emails: list[str] = (), keep_phones: list[str] = ()) -> None:  # type: ignore[assignment]
    """Set the candidate's fields from `resume`; older contacts and a known name survive a sparser version."""
    name = resume.name or candidate.name
    candidate.name = name
    candidate.name_key = key(name) or None if name else None
    emails = list(dict.fromkeys([*resume.emails, *keep_emails]))
    phones = list(dict.fromkeys([*resume.phones, *keep_phones]))
    current = next((x for x in resume.experience if x.end == "present"), resume.experience[0] if resume.experience else None)
    candidate.title = current.title if current else None
    candidate.company = current.company if current else None
    candidate.location = resume.location or candidate.location
    candidate.years_experience = resume.years_experience
    candidate.emails, candidate.phones = emails, phones
    candidate.links = list(resume.links)
    candidate.skills = list(resume.skills)
    candidate.resume = resume.model_dump(exclude={"text"})
    candidate.updated_at = utcnow()
    candidate.search_text = index.search_text(resume.text)
    store.replace_facts(
        session=session, candidate=candidate,
        education=[e.model_dump() for e in resume.education],
        experience=[x.model_dump() for x in resume.experience],
        skills=resume.skills, emails=emails, phones=[digits_key(p) for p in phones],
    )
    reindex(session=session, candidate=candidate, text=resume.text)


def reindex(*, session: Session, candidate: Candidate, text: str) -> None:
    """Bring the candidate's search postings in line with their facts (and people's corrections)."""
    assert candidate.id is not None
    facts = dict(candidate.resume or {})
    fixes = candidate.corrections or {}
    facts["name"] = fixes.get("name") or candidate.name
    facts["location"] = fixes.get("location") or candidate.location
    search_store.replace_postings(session=session, workspace=candidate.workspace, candidate_id=candidate.id,
                                  postings=index.postings(facts, text, load_taxonomy()))


def describe_changes(cand: Candidate, resume: Resume) -> list[str]:
    """What a new version changes, in words for the reply ("updated: new title, 2 new skills")."""
    out: list[str] = []
    current = next((x for x in resume.experience if x.end == "present"), None)
    if current and (current.title, current.company) != (cand.title, cand.company) and (current.title or current.company):
        out.append(f"now {' at '.join(x for x in (current.title, current.company) if x)}")
    new_skills = [s for s in resume.skills if s not in set(cand.skills)]
    if new_skills:
        out.append(f"{len(new_skills)} new skill{'s' if len(new_skills) != 1 else ''} ({', '.join(new_skills[:5])})")
    new_emails = [e for e in resume.emails if e.lower() not in {x.lower() for x in cand.emails}]
    if new_emails:
        out.append("new email")
    if resume.location and resume.location != cand.location:
        out.append(f"location {resume.location}")
    return out


def display_name(cand: Candidate) -> str | None:
    corrected: Any = (cand.corrections or {}).get("name")
    return str(corrected) if corrected else cand.name
