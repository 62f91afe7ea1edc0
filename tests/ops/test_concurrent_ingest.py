"""Two `sift ingest` processes at once into PostgreSQL over the same folder: nothing lost, nothing doubled."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import make_engine, migrate, session
from storage.models import Candidate, ResumeFile

ROOT = Path(__file__).resolve().parents[2]
N = int(os.environ.get("SIFT_TEST_INGEST_N", "240"))  # 10,000 by hand: see the closing note of issue 7

FIRST = ["Aarav", "Priya", "Wei", "Zoë", "Mateo", "Aisha", "Lukas", "Sofia", "Kenji", "Fatima", "Olu", "Ines"]
LAST = ["Sharma", "Chen", "Müller", "García", "Okafor", "Tanaka", "Rossi", "Khan", "Silva", "Novak", "Iyer"]


def resume(i: int, rng: random.Random) -> str:
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {chr(65 + i % 26)}{i}"
    return (f"{name}\nperson{i}@example.org | +1 415 555 {1000 + i:04d}\n\nExperience\n"
            f"{rng.choice(['Data Scientist', 'Backend Engineer', 'Product Manager'])}, "
            f"{rng.choice(['Google', 'Flipkart', 'Acme Robotics Inc.', 'Swiggy'])}\nJan 20{10 + i % 10} - Present\n"
            f"- Built things number {i} with care.\n\nEducation\nB.Tech, IIT Delhi\n2006 - 2010\n\n"
            f"Skills\n{', '.join(rng.sample(['Python', 'Go', 'SQL', 'Kubernetes', 'React', 'Java'], 3))}\n")


@pytest.mark.slow
def test_two_ingests_of_one_folder_at_once_store_each_person_once(pg_database: str, tmp_path: Path) -> None:
    from tests.conftest import _truncate_all

    engine = make_engine(pg_database)
    migrate(engine)
    _truncate_all(engine)
    folder = tmp_path / "resumes"
    folder.mkdir()
    rng = random.Random(7)
    for i in range(N):
        (folder / f"{i:04d}.txt").write_text(resume(i, rng), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SIFT_"))}
    env.update(SIFT_DATABASE_URL=pg_database, SIFT_PARSE_WORKERS="2", PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder), "--json"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600 + N * 0.3) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    rows = [json.loads(line) for out, _ in outs for line in out.splitlines()]
    assert len(rows) == 2 * N
    by_file: dict[str, list[str]] = {}
    for r in rows:
        by_file.setdefault(Path(r["file"]).name, []).append(r["status"])
    # Each file is stored by exactly one process; the other sees it as a duplicate.
    assert all(sorted(v) == ["created", "duplicate"] for v in by_file.values()), \
        {k: v for k, v in by_file.items() if sorted(v) != ["created", "duplicate"]}
    with session(engine) as s:
        assert s.execute(select(func.count()).select_from(Candidate)).scalar_one() == N
        assert s.execute(select(func.count()).select_from(ResumeFile)).scalar_one() == N
    engine.dispose()
