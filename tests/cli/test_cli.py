"""The command line contract of SPEC.md, run as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SIFT = [sys.executable, "-m", "bot"]


def run(args: list[str], env: dict[str, str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SIFT, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


@pytest.fixture
def env(store_url: str, tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SIFT_"))}
    e.update(SIFT_DATABASE_URL=store_url, SIFT_PARSE_WORKERS="2", PYTHONPATH=str(Path(__file__).parents[2]))
    return e


def test_parse_prints_one_resume_object_per_file_in_argument_order(seeds: Path, tmp_path: Path):
    files = [seeds / "002_6657b3f5ceaca828.pdf", seeds / "001_1aa65a5a52e604a6.docx", seeds / "000_63717777a91d391d.txt"]
    p = subprocess.run([*SIFT, "parse", *map(str, files), "--json"], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}, timeout=120)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["file"] for r in rows] == [str(f) for f in files]
    assert [r["name"] for r in rows] == ["Ayush Garg", None, "Harsh Maheshwari"]
    keys = {"name", "emails", "phones", "links", "location", "education", "experience", "skills",
            "years_experience", "text", "warnings", "confidence"}
    assert all(keys <= set(r) for r in rows)
    assert rows[0]["phones"] == ["+918800260409"]
    assert rows[0]["education"][1] | {} and set(rows[0]["education"][1]) >= {"institution", "degree", "field",
                                                                              "start", "end", "gpa"}
    assert "no name found" in rows[1]["warnings"]


def test_parse_reports_a_rejected_file_and_exits_nonzero(tmp_path: Path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")
    p = subprocess.run([*SIFT, "parse", str(bad), "--json"], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}, timeout=120)
    assert p.returncode == 1
    row = json.loads(p.stdout)
    assert row["file"] == str(bad) and row["error"] and row["reason"]


def test_ingest_find_show_forget_round_trip(env: dict[str, str], seeds: Path, tmp_path: Path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    p = run(["ingest", str(seeds), str(bad), "--json"], env, tmp_path)
    assert p.returncode == 0, p.stderr  # rejected files are handled, not failures
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(rows) == 16
    for r in rows:
        assert set(r) >= {"file", "status", "candidate_id", "name", "warnings", "error"}
    statuses = [r["status"] for r in rows]
    assert statuses.count("created") == 5 and statuses.count("rejected") == 1
    assert statuses.count("updated") == 10
    assert len({r["candidate_id"] for r in rows if r["candidate_id"]}) == 5

    p = run(["find", "python", "iit", "--json", "--limit", "10"], env, tmp_path)
    assert p.returncode == 0, p.stderr
    answer = json.loads(p.stdout)
    assert set(answer) >= {"query", "interpreted", "total", "results"}
    assert answer["query"] == "python iit" and answer["total"] == 2
    assert {r["name"] for r in answer["results"]} == {"Harsh Maheshwari", "Ayush Garg"}
    for r in answer["results"]:
        assert set(r) >= {"id", "name", "emails", "files", "score", "why"} and len(r["files"]) == 3

    p = run(["find", "tensorflow", "-pytorch", "--json"], env, tmp_path)
    assert json.loads(p.stdout)["interpreted"] == "tensorflow · not pytorch"

    cid = answer["results"][0]["id"]
    p = run(["show", str(cid), "--json"], env, tmp_path)
    shown = json.loads(p.stdout)
    assert shown["id"] == cid and len(shown["files"]) == 3 and shown["created_at"] and shown["text"]

    p = run(["forget", str(cid)], env, tmp_path)
    assert p.returncode == 0
    assert run(["show", str(cid), "--json"], env, tmp_path).returncode == 1
    assert json.loads(run(["find", "python iit", "--json"], env, tmp_path).stdout)["total"] == 1


def test_ingest_of_a_missing_path_says_so_and_exits_nonzero(env: dict[str, str], tmp_path: Path):
    p = run(["ingest", str(tmp_path / "nope"), "--json"], env, tmp_path)
    assert p.returncode == 1 and "no such file" in p.stderr


def test_the_console_takes_the_same_commands(env: dict[str, str], seeds: Path, tmp_path: Path):
    script = f"/upload {seeds / '004_3a7af2b79af595e1.pdf'}\n/find iit bombay\n/help\n/find\n/bogus\n"
    p = subprocess.run([*SIFT, "chat"], input=script, capture_output=True, text=True, env=env, cwd=tmp_path,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "Anshul Nasery" in out and "new candidate" in out
    assert "1 candidate for 'iit bombay'" in out and "interpreted: school: Indian Institute of Technology Bombay" in out
    assert "/find python iit" in out  # help
    assert "doesn't know /bogus" in out


def test_run_without_platforms_starts_the_console(env: dict[str, str], tmp_path: Path):
    p = subprocess.run([*SIFT, "run"], input="/help\n", capture_output=True, text=True, env=env, cwd=tmp_path,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "local console" in p.stdout and "/find" in p.stdout
