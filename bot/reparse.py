"""`sift reparse`: re-read stored originals with the current parser and refresh what was read from them."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import col

from bot import ingest
from bot.resume.errors import ResumeRejected
from storage import candidates as store
from storage.db import session
from storage.models import ResumeFile

if TYPE_CHECKING:
    from bot.core import Core


def run(core: Core, workspace: str | None, *, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    with session(core.engine) as s:
        ids = store.all_file_ids(session=s, workspace=workspace)
    counts = {"files": len(ids), "reparsed": 0, "failed": 0}
    newest: dict[int, int] = {}
    with session(core.engine) as s:
        q = select(col(ResumeFile.id), col(ResumeFile.candidate_id)).where(col(ResumeFile.id).in_(ids))
        for fid, cid in s.execute(q):
            newest[cid] = max(newest.get(cid, 0), fid)
    for n, fid in enumerate(ids, 1):
        with session(core.engine) as s:
            f = s.get(ResumeFile, fid)
            data, name = (bytes(f.content), f.original_name) if f else (b"", "")
        try:
            resume = core.parse(data, name)
        except ResumeRejected:
            counts["failed"] += 1  # kept as it was: an old good reading beats none
        else:
            with session(core.engine, write=True) as s:
                f = s.get(ResumeFile, fid)
                if f is not None:
                    f.text = resume.text
                    f.parsed = resume.model_dump(exclude={"text"})
                    f.parser_version = resume.parser_version
                    cand = store.get(session=s, workspace=f.workspace, candidate_id=f.candidate_id)
                    if cand is not None and newest.get(f.candidate_id) == fid:
                        ingest.apply_resume(session=s, candidate=cand, resume=resume,
                                            keep_emails=list(cand.emails), keep_phones=list(cand.phones))
            counts["reparsed"] += 1
        if progress:
            progress(n, len(ids))
    return counts
