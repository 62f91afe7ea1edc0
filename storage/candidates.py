"""Query functions over candidates. They take `*, session`, filter by workspace, and never commit."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlmodel import Session, col

from storage.models import Candidate, CandidateSkill, Contact, Education, Experience, ResumeFile, Workspace
from storage.types import utcnow


def ensure_workspace(*, session: Session, workspace: str, name: str | None = None) -> None:
    if session.get(Workspace, workspace) is None:
        session.add(Workspace(key=workspace, name=name))
        session.flush()


def file_by_sha(*, session: Session, workspace: str, sha256: str) -> ResumeFile | None:
    return session.execute(
        select(ResumeFile).where(col(ResumeFile.workspace) == workspace, col(ResumeFile.sha256) == sha256)
    ).scalars().first()


def by_contacts(*, session: Session, workspace: str, emails: Iterable[str], phones: Iterable[str]) -> list[Candidate]:
    conds = []
    emails = [e.lower() for e in emails]
    phones = list(phones)
    if emails:
        conds.append((col(Contact.kind) == "email") & col(Contact.value).in_(emails))
    if phones:
        conds.append((col(Contact.kind) == "phone") & col(Contact.value).in_(phones))
    if not conds:
        return []
    ids = select(col(Contact.candidate_id)).where(col(Contact.workspace) == workspace, or_(*conds))
    return list(session.execute(select(Candidate).where(
        col(Candidate.workspace) == workspace, col(Candidate.id).in_(ids))
        .order_by(col(Candidate.id))).scalars())


def by_name_tokens(*, session: Session, workspace: str, first: str, last: str, limit: int = 200) -> list[Candidate]:
    """Candidates whose folded name starts with `first` or ends with `last`: the pool for fuzzy name matching."""
    q = select(Candidate).where(
        col(Candidate.workspace) == workspace,
        or_(col(Candidate.name_key).like(f"{first} %"), col(Candidate.name_key).like(f"% {last}"),
            col(Candidate.name_key) == f"{first} {last}"),
    ).order_by(col(Candidate.updated_at).desc()).limit(limit)
    return list(session.execute(q).scalars())


def nameless_texts(*, session: Session, workspace: str, limit: int = 200) -> list[tuple[int, str]]:
    """(candidate id, newest resume text) of candidates with no name, email or phone: matched by text."""
    newest = (select(col(ResumeFile.candidate_id), func.max(col(ResumeFile.id)).label("fid"))
              .where(col(ResumeFile.workspace) == workspace)
              .group_by(col(ResumeFile.candidate_id)).subquery())
    q = (select(col(Candidate.id), col(ResumeFile.text))
         .join(newest, newest.c.candidate_id == col(Candidate.id))
         .join(ResumeFile, col(ResumeFile.id) == newest.c.fid)
         .where(col(Candidate.workspace) == workspace, col(Candidate.name_key).is_(None),
                ~select(col(Contact.id)).where(col(Contact.candidate_id) == col(Candidate.id)).exists())
         .order_by(col(Candidate.updated_at).desc()).limit(limit))
    return [(int(r[0]), str(r[1])) for r in session.execute(q)]


def education_of(*, session: Session, candidate_id: int) -> list[Education]:
    return list(session.execute(select(Education).where(col(Education.candidate_id) == candidate_id)
                                .order_by(col(Education.position))).scalars())


def experience_of(*, session: Session, candidate_id: int) -> list[Experience]:
    return list(session.execute(select(Experience).where(col(Experience.candidate_id) == candidate_id)
                                .order_by(col(Experience.position))).scalars())


def files_of(*, session: Session, workspace: str, candidate_ids: Sequence[int]) -> dict[int, list[ResumeFile]]:
    out: dict[int, list[ResumeFile]] = {i: [] for i in candidate_ids}
    if not candidate_ids:
        return out
    q = (select(ResumeFile).where(col(ResumeFile.workspace) == workspace,
                                  col(ResumeFile.candidate_id).in_(candidate_ids))
         .order_by(col(ResumeFile.id)))
    for f in session.execute(q).scalars():
        out.setdefault(f.candidate_id, []).append(f)
    return out


def get(*, session: Session, workspace: str, candidate_id: int) -> Candidate | None:
    c = session.get(Candidate, candidate_id)
    return c if c is not None and c.workspace == workspace else None


def replace_facts(*, session: Session, candidate: Candidate, education: Sequence[dict[str, Any]],
                  experience: Sequence[dict[str, Any]], skills: Sequence[str], emails: Sequence[str],
                  phones: Sequence[str]) -> None:
    """Make the candidate's child rows match the newest resume (plus contacts kept from older versions)."""
    assert candidate.id is not None
    cid, ws = candidate.id, candidate.workspace
    for model in (Education, Experience, CandidateSkill, Contact):
        session.execute(delete(model).where(col(model.candidate_id) == cid))
    edu_cols = set(Education.model_fields) - {"id", "workspace", "candidate_id", "position"}
    exp_cols = set(Experience.model_fields) - {"id", "workspace", "candidate_id", "position"}
    for i, e in enumerate(education):
        session.add(Education(workspace=ws, candidate_id=cid, position=i, **{k: v for k, v in e.items() if k in edu_cols}))
    for i, x in enumerate(experience):
        session.add(Experience(workspace=ws, candidate_id=cid, position=i, **{k: v for k, v in x.items() if k in exp_cols}))
    for s in dict.fromkeys(skills):
        session.add(CandidateSkill(workspace=ws, candidate_id=cid, skill=s))
    for email in dict.fromkeys(x.lower() for x in emails):
        session.add(Contact(workspace=ws, candidate_id=cid, kind="email", value=email))
    for p in dict.fromkeys(phones):
        session.add(Contact(workspace=ws, candidate_id=cid, kind="phone", value=p))


def delete_candidate(*, session: Session, workspace: str, candidate_id: int) -> bool:
    c = get(session=session, workspace=workspace, candidate_id=candidate_id)
    if c is None:
        return False
    session.delete(c)
    session.flush()
    return True


def touch(candidate: Candidate) -> None:
    candidate.updated_at = utcnow()


def count(*, session: Session, workspace: str) -> int:
    return int(session.execute(select(func.count()).select_from(Candidate)
                               .where(col(Candidate.workspace) == workspace)).scalar_one())


def all_file_ids(*, session: Session, workspace: str | None = None) -> list[int]:
    q = select(col(ResumeFile.id)).order_by(col(ResumeFile.id))
    if workspace is not None:
        q = q.where(col(ResumeFile.workspace) == workspace)
    return [int(r) for r in session.execute(q).scalars()]


def stale_ids(*, session: Session, before: Any, limit: int = 500) -> list[tuple[str, int]]:
    """(workspace, id) of candidates not updated since `before`, oldest first: retention's work list."""
    q = (select(col(Candidate.workspace), col(Candidate.id)).where(col(Candidate.updated_at) < before)
         .order_by(col(Candidate.updated_at)).limit(limit))
    return [(str(w), int(i)) for w, i in session.execute(q)]
