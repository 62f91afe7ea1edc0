"""Storing resumes: one candidate per person, nothing half-written, nothing across workspaces."""
from __future__ import annotations

import json
import threading
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from bot.domain import Actor, NotAllowed, NotFound
from storage.models import Candidate, CandidateSkill, Contact, Education, Experience, ResumeFile

LOCAL = Actor.local()


def _count(engine, model, workspace: str | None = None) -> int:
    with Session(engine) as s:
        q = select(func.count()).select_from(model)
        if workspace is not None:
            q = q.where(model.workspace == workspace)
        return int(s.execute(q).scalar_one())


def test_all_fifteen_seed_files_become_five_candidates(core, engine, seeds: Path, corpus: Path):
    results = [core.ingest(p.read_bytes(), p.name, actor=LOCAL) for p in sorted(seeds.iterdir())]
    assert [r.status for r in results].count("rejected") == 0, [r.error for r in results if r.error]
    by_label: dict[str, set[int]] = {}
    for r in results:
        by_label.setdefault(r.file.split(".")[0], set()).add(r.candidate_id)
    assert all(len(ids) == 1 for ids in by_label.values()), by_label
    assert len({i for ids in by_label.values() for i in ids}) == 5
    assert _count(engine, Candidate) == 5
    assert _count(engine, ResumeFile) == 15
    names = {json.loads((corpus / "labels" / f"{k}.json").read_text())["name"] for k in by_label}
    with Session(engine) as s:
        stored = set(s.execute(select(Candidate.name)).scalars())
    assert stored == names  # seed 001 names nobody: stored as None, not as its first line


def test_the_same_file_twice_is_a_duplicate_and_writes_nothing(core, engine, seeds: Path):
    data = (seeds / "002_6657b3f5ceaca828.pdf").read_bytes()
    first = core.ingest(data, "ayush.pdf", actor=LOCAL)
    second = core.ingest(data, "ayush-again.pdf", actor=LOCAL)
    assert (first.status, second.status) == ("created", "duplicate")
    assert second.candidate_id == first.candidate_id
    assert _count(engine, ResumeFile) == 1


def test_a_new_version_of_a_known_person_updates_the_candidate(core, engine, seeds: Path):
    txt = (seeds / "002_6657b3f5ceaca828.txt").read_bytes()
    newer = txt.replace(b"Founding ML Engineer", b"Staff ML Engineer").replace(b"Datacy Inc.", b"Acme Robotics Inc.")
    a = core.ingest(txt, "ayush.txt", actor=LOCAL)
    b = core.ingest(newer, "ayush-2024.txt", actor=LOCAL)
    assert b.status == "updated" and b.candidate_id == a.candidate_id
    data = core.show("local", a.candidate_id)
    assert data["versions"] == 2 and data["files"] == ["ayush.txt", "ayush-2024.txt"]
    assert "Acme Robotics Inc." in {x["company"] for x in data["experience"]}
    assert "Datacy Inc." not in {x["company"] for x in data["experience"]}  # fields come from the newest


def test_same_name_without_shared_school_or_employer_is_another_person(core, engine):
    one = b"Priya Sharma\n\nExperience\nData Analyst, Infosys\nJan 2019 - Present\n\nEducation\nB.Tech, NIT Trichy 2014-2018\n" * 2
    two = b"Priya Sharma\n\nExperience\nNurse, Apollo Hospitals\nJan 2015 - Present\n\nEducation\nB.Sc Nursing, Madras Medical College 2010-2014\n" * 2
    a = core.ingest(one, "a.txt", actor=LOCAL)
    b = core.ingest(two, "b.txt", actor=LOCAL)
    assert a.status == b.status == "created"
    assert a.candidate_id != b.candidate_id


def test_same_name_with_shared_employer_is_the_same_person(core, engine):
    one = b"Priya Sharma\n\nExperience\nData Analyst, Infosys\nJan 2019 - Present\n\nSkills\nPython, SQL, Tableau\n" * 2
    two = b"PRIYA SHARMA\n\nExperience\nSenior Data Analyst, Infosys\nJan 2019 - Present\n\nSkills\nPython, SQL, Power BI\n" * 2
    a = core.ingest(one, "a.txt", actor=LOCAL)
    b = core.ingest(two, "b.txt", actor=LOCAL)
    assert (a.status, b.status) == ("created", "updated")
    assert a.candidate_id == b.candidate_id


def test_a_nameless_fragment_in_three_formats_is_one_candidate(core, engine, seeds: Path):
    ids = {core.ingest((seeds / f"001_1aa65a5a52e604a6.{ext}").read_bytes(), f"frag.{ext}", actor=LOCAL).candidate_id
           for ext in ("txt", "pdf", "docx")}
    assert len(ids) == 1
    data = core.show("local", ids.pop())
    assert data["name"] is None and "no name found" in data["warnings"]
    assert "sagemaker" in data["skills"]


def test_a_rejected_file_leaves_nothing_in_the_store(core, engine):
    result = core.ingest(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "broken.pdf", actor=LOCAL)
    assert result.status == "rejected" and result.error and result.candidate_id is None
    assert _count(engine, Candidate) == 0 and _count(engine, ResumeFile) == 0
    assert _count(engine, Candidate) == 0


def test_candidates_of_one_workspace_are_invisible_from_another(core, engine, seeds: Path):
    data = (seeds / "004_3a7af2b79af595e1.docx").read_bytes()
    a = core.ingest(data, "anshul.docx", actor=Actor("slack:T1", "U1", platform="slack"))
    b = core.ingest(data, "anshul.docx", actor=Actor("slack:T2", "U9", platform="slack"))
    assert a.status == b.status == "created" and a.candidate_id != b.candidate_id
    try:
        core.show("slack:T2", a.candidate_id)
    except NotFound:
        pass
    else:
        raise AssertionError("a candidate of slack:T1 was visible from slack:T2")
    assert _count(engine, Candidate, "slack:T1") == 1 and _count(engine, Candidate, "slack:T2") == 1


def test_forget_deletes_the_candidate_their_files_and_facts(core, engine, seeds: Path):
    r = core.ingest((seeds / "000_63717777a91d391d.pdf").read_bytes(), "harsh.pdf", actor=LOCAL)
    core.forget("local", r.candidate_id, actor=LOCAL)
    for model in (Candidate, ResumeFile, Education, Experience, CandidateSkill, Contact):
        assert _count(engine, model) == 0, model.__name__


def test_only_the_uploader_or_an_admin_may_forget(core, engine, seeds: Path):
    uploader = Actor("slack:T1", "U1", platform="slack")
    r = core.ingest((seeds / "003_9121bb4bcac6bb5d.txt").read_bytes(), "jatin.txt", actor=uploader)
    try:
        core.forget("slack:T1", r.candidate_id, actor=Actor("slack:T1", "U2", platform="slack"))
    except NotAllowed:
        pass
    else:
        raise AssertionError("a colleague who did not upload the resume could forget it")
    core.forget("slack:T1", r.candidate_id, actor=uploader)
    assert _count(engine, Candidate) == 0


def test_concurrent_ingests_never_fail_with_database_locked(core, engine, seeds: Path):
    files = sorted(seeds.iterdir())
    results: list = []
    errors: list = []

    def work(p: Path) -> None:
        try:
            results.append(core.ingest(p.read_bytes(), p.name, actor=LOCAL))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(p,)) for p in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 15 and _count(engine, Candidate) == 5
