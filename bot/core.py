"""The core's front door: every user action is a method here first, whichever front end asks.

One `Core` per process, built in the composition root with the settings, an engine and a parser pool.
Each method is one unit of work: it opens a session, commits or rolls back, and returns plain results.
"""
from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from bot import ingest, metrics
from bot.config import Settings
from bot.domain import Actor, IngestResult, NotAllowed, NotFound
from bot.logs import event
from bot.resume import errors
from bot.resume.errors import ResumeRejected
from bot.resume.model import Resume
from bot.search.engine import FindResult, Searcher
from storage import candidates as store
from storage import events
from storage import search as search_store
from storage.db import session
from storage.types import utcnow

log = logging.getLogger("sift.core")

# Which files dropped in a chat are meant for Sift: images and the like in a channel are not (and get no reply).
# Only a first look: the bytes are still sniffed, so a misnamed file gets a plain sentence, not a guess.
RESUME_SUFFIXES = (".pdf", ".docx", ".doc", ".txt", ".md", ".markdown", ".text")
RESUME_MEDIA_TYPES = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      "application/msword", "text/plain", "text/markdown")


def is_resume_file(filename: str, media_type: str | None = None) -> bool:
    if (filename or "").lower().endswith(RESUME_SUFFIXES):
        return True
    return (media_type or "").split(";")[0].strip().lower() in RESUME_MEDIA_TYPES


@dataclass
class ForgetResult:
    candidate_id: int
    name: str | None
    messages: list[dict[str, Any]] = field(default_factory=list)  # what Sift posted about them, to delete


class Core:
    def __init__(self, settings: Settings, engine: Engine, pool: Any, *, today: Callable[[], date] = date.today) -> None:
        self.settings = settings
        self.engine = engine
        self.pool = pool  # bot.resume.sandbox.ParserPool (or anything with the same run())
        self.today = today
        self.searcher = Searcher()
        self.process_id = f"{socket.gethostname()}:{os.getpid()}"

    # -- resumes --------------------------------------------------------------------------------------
    def parse(self, data: bytes, filename: str = "") -> Resume:
        """Parse without storing, in a worker process under the time and memory limits."""
        if len(data) > self.settings.max_file_bytes:
            raise errors.too_large(len(data), self.settings.max_file_bytes)
        started = time.perf_counter()
        try:
            result = self.pool.run(data, filename, max_bytes=self.settings.max_file_bytes,
                                   max_pages=self.settings.max_pages, today=self.today())
        except ResumeRejected:
            raise
        except Exception as exc:  # a parser bug must not take Sift down, nor leak a traceback to a person
            log.exception("parser failed on %s", filename or "a file")
            raise ResumeRejected(
                "parser_error",
                "Sift could not read this file because of a problem on our side; it has been logged. "
                "Try exporting it again as PDF, or send it to the Sift maintainers.",
            ) from exc
        finally:
            metrics.PARSE_SECONDS.observe(time.perf_counter() - started)
        assert isinstance(result, Resume)
        return result

    def ingest(self, data: bytes, filename: str, *, actor: Actor, source: str | None = None) -> IngestResult:
        """Read and store one file. Every outcome, rejections included, comes back as an IngestResult."""
        result = self._ingest(data, filename, actor=actor, source=source)
        metrics.RESUMES.labels(result.status, result.reason or "").inc()
        event(log, "resume." + result.status, workspace=actor.workspace, candidate=result.candidate_id,
              reason=result.reason, size=len(data))
        return result

    def _ingest(self, data: bytes, filename: str, *, actor: Actor, source: str | None = None) -> IngestResult:
        upload = ingest.Upload(data, filename, "", actor.user, source)
        with session(self.engine) as s:  # cheap pre-check: a file seen before is not parsed again
            dup = store.file_by_sha(session=s, workspace=actor.workspace, sha256=upload.sha256)
            if dup is not None:
                cand = store.get(session=s, workspace=actor.workspace, candidate_id=dup.candidate_id)
                return IngestResult(filename, "duplicate", dup.candidate_id,
                                    ingest.display_name(cand) if cand else None)
        try:
            resume = self.parse(data, filename)
        except ResumeRejected as r:
            return IngestResult(filename, "rejected", error=r.message, reason=r.reason)
        upload = ingest.Upload(data, filename, resume.media_type or "application/octet-stream", actor.user, source)
        with session(self.engine, write=True) as s:
            return ingest.store_resume(session=s, workspace=actor.workspace, upload=upload, resume=resume)

    def show(self, workspace: str, candidate_id: int) -> dict[str, Any]:
        with session(self.engine) as s:
            cand = store.get(session=s, workspace=workspace, candidate_id=candidate_id)
            if cand is None:
                raise NotFound(candidate_id)
            files = store.files_of(session=s, workspace=workspace, candidate_ids=[candidate_id])[candidate_id]
            newest = files[-1] if files else None
            text = newest.text if newest is not None else ""
            resume = dict(cand.resume)
            resume.update({"name": cand.name, "emails": cand.emails, "phones": cand.phones,
                           "location": cand.location})
            resume.update({k: v for k, v in (cand.corrections or {}).items() if v})
            resume["text"] = text
            return {"id": cand.id, **resume, "files": [f.original_name for f in files],
                    "versions": cand.versions, "created_at": cand.created_at.isoformat(),
                    "updated_at": cand.updated_at.isoformat(), "corrections": cand.corrections or {}}

    def forget(self, workspace: str, candidate_id: int, *, actor: Actor) -> ForgetResult:
        """Delete a candidate, their files and facts. Only their uploader or an admin may."""
        with session(self.engine, write=True) as s:
            cand = store.get(session=s, workspace=workspace, candidate_id=candidate_id)
            if cand is None:
                raise NotFound(candidate_id)
            if not (actor.is_admin or (actor.user and actor.user == cand.uploaded_by)):
                raise NotAllowed("Only the person who uploaded this resume, or a workspace admin, can forget it.")
            name = ingest.display_name(cand)
            posts = events.posts_about(session=s, workspace=workspace, candidate_id=candidate_id)
            messages = [{"platform": p.platform, "channel": p.channel, "message_id": p.message_id, "kind": p.kind}
                        for p in posts]
            events.forget_posts(session=s, workspace=workspace, candidate_id=candidate_id)
            # Postings first, so the vocabulary's counts drop with them; the rest cascades.
            search_store.replace_postings(session=s, workspace=workspace, candidate_id=candidate_id, postings={})
            store.delete_candidate(session=s, workspace=workspace, candidate_id=candidate_id)
            return ForgetResult(candidate_id, name, messages)

    def find(self, workspace: str, text: str, *, limit: int = 10, offset: int = 0) -> FindResult:
        """The same search for every front end: ranked, explained, paged."""
        with metrics.SEARCH_SECONDS.time(), session(self.engine) as s:
            return self.searcher.find(session=s, workspace=workspace, text=text, limit=limit, offset=offset,
                                      today=self.today())

    def retention_sweep(self, now: datetime | None = None) -> list[tuple[str, ForgetResult]]:
        """SIFT_RETENTION_DAYS: forget everyone not updated for that long, through the same path as /forget."""
        days = self.settings.retention_days
        if not days:
            return []
        before = (now or utcnow()) - timedelta(days=days)
        with session(self.engine) as s:
            stale = store.stale_ids(session=s, before=before)
        out: list[tuple[str, ForgetResult]] = []
        system = Actor("retention", user=None, platform="local", is_admin=True)
        for workspace, cid in stale:
            try:
                out.append((workspace, self.forget(workspace, cid, actor=system)))
            except NotFound:
                continue  # forgotten meanwhile by someone else
        if out:
            event(log, "retention.forgot", count=len(out), days=days)
        return out

    CORRECTABLE = ("name", "email", "phone", "location")

    def correct(self, workspace: str, candidate_id: int, fixes: dict[str, str | None], *, actor: Actor) -> None:
        """People's corrections (the Edit modal): stored apart from parsed facts, and they win over them."""
        unknown = set(fixes) - set(self.CORRECTABLE)
        if unknown:
            raise ValueError(f"cannot correct {', '.join(sorted(unknown))}")
        with session(self.engine, write=True) as s:
            cand = store.get(session=s, workspace=workspace, candidate_id=candidate_id)
            if cand is None:
                raise NotFound(candidate_id)
            merged = dict(cand.corrections or {})
            for k, v in fixes.items():
                v = (v or "").strip() or None
                if v is None:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            merged["by"] = actor.user
            cand.corrections = merged
            cand.updated_at = utcnow()
            text = store.files_of(session=s, workspace=workspace, candidate_ids=[candidate_id])[candidate_id]
            ingest.reindex(session=s, candidate=cand, text=text[-1].text if text else "")

    # -- deliveries and posts ----------------------------------------------------------------------------
    def claim_event(self, key: str, workspace: str, payload: dict[str, Any] | None = None) -> bool:
        """True the first time a delivery is seen by any Sift process; repeats and retries get False."""
        with session(self.engine, write=True) as s:
            return events.claim(session=s, key=key, workspace=workspace, claimed_by=self.process_id,
                                payload=payload)

    def unfinished_events(self, prefix: str, *, older_than_seconds: float | None = None
                          ) -> list[tuple[str, str, dict[str, Any]]]:
        """Deliveries claimed but never answered (the process died mid-way), taken over by this process:
        (key, workspace, what the claim recorded). Each is handed to exactly one process.

        A claim counts as abandoned once it is older than any live process could still be working on it:
        by default three parse timeouts, and never under a minute (every adapter uses this rule)."""
        if older_than_seconds is None:
            older_than_seconds = max(60.0, 3 * self.settings.parse_timeout)
        cutoff = utcnow() - timedelta(seconds=older_than_seconds)
        with session(self.engine) as s:
            stale = [(e.key, e.workspace, dict(e.payload)) for e in events.pending(session=s, older_than=cutoff,
                                                                                   prefix=prefix)]
        taken = []
        for key, workspace, payload in stale:
            with session(self.engine, write=True) as s:
                if events.reclaim(session=s, key=key, older_than=cutoff, claimed_by=self.process_id):
                    taken.append((key, workspace, payload))
        return taken

    EVENTS_KEPT_DAYS = 7  # Slack retries for an hour and Discord replays within a session: a week is ample

    def prune_events(self, now: datetime | None = None) -> int:
        """Forget answered deliveries older than EVENTS_KEPT_DAYS, so the claims table does not grow forever.
        Unanswered ones stay: they are what a restart answers."""
        with session(self.engine, write=True) as s:
            gone = events.prune(session=s, before=(now or utcnow()) - timedelta(days=self.EVENTS_KEPT_DAYS))
        if gone:
            event(log, "events.pruned", count=gone)
        return gone

    def finish_event(self, key: str, result: dict[str, Any] | None = None) -> None:
        with session(self.engine, write=True) as s:
            events.finish(session=s, key=key, result=result)

    def record_post(self, workspace: str, candidate_ids: list[int], *, platform: str, channel: str,
                    message_id: str, kind: str = "card") -> None:
        """Remember a message about these candidates, so that forgetting them deletes it too."""
        if not candidate_ids or not message_id:
            return
        with session(self.engine, write=True) as s:
            events.record_posts(session=s, workspace=workspace, candidate_ids=candidate_ids, platform=platform,
                                channel=channel, message_id=message_id, kind=kind)

    def reparse(self, workspace: str | None = None, *, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Re-read every stored original with the current parser; candidates take the newest version's fields."""
        from bot import reparse

        return reparse.run(self, workspace, progress=progress)
