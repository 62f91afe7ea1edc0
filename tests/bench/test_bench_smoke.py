"""The benchmarks keep working: each runs at a tiny size and prints its JSON with sane numbers.

Also: the synthetic candidates are deterministic, and the bulk index writer the fill uses
(storage.search.add_postings) leaves exactly the rows and document counts replace_postings would.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


def _last_json(cmd: list[str], timeout: int = 120) -> dict:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_search_bench_tiny(tmp_path: Path) -> None:
    out = _last_json([sys.executable, str(BENCH / "search.py"), "--candidates", "300", "--queries", "40",
                      "--db", str(tmp_path / "s.db"), "--jobs", "0", "--quiet", "--compare-raw"])
    for k in ("candidates", "queries", "p50_ms", "p95_ms", "p99_ms", "rss_mb", "fts5_p50_ms", "fts5_p95_ms"):
        assert k in out, k
    assert out["candidates"] == 300 and out["queries"] == 40
    assert 0 < out["p50_ms"] <= out["p95_ms"] <= out["p99_ms"] < 5000
    assert 0 < out["fts5_p50_ms"] <= out["fts5_p95_ms"]
    assert 20 < out["rss_mb"] < 2000
    assert out["median_total"] > 0  # the queries find people
    assert 0 < out["raw_p50_ms"] <= out["raw_p95_ms"]  # and found the same totals without fused postings


def test_parse_bench_tiny(corpus: Path) -> None:
    out = _last_json([sys.executable, str(BENCH / "parse.py"), "--repeats", "1", "--max-files", "2",
                      "--ingest", "12"], timeout=180)
    for fmt in ("pdf", "docx", "txt"):
        assert fmt in out, fmt
        assert 0 < out[fmt]["median_ms"] <= out[fmt]["p95_ms"]
    assert out["pdf"]["pypdf_extract_median_ms"] > 0
    startup = out["startup"]
    assert 0 < startup["taxonomy_load_ms_best"] <= startup["taxonomy_load_ms_median"]
    assert 0 < startup["pool_round_trip_us_median"] <= startup["pool_round_trip_us_p95"]
    ingest = out["ingest"]
    assert ingest["exit"] == 0 and ingest["files"] == 12
    assert ingest["counts"].get("created") == 12, ingest["summary"]  # 12 distinct people, none rejected


def test_synthetic_is_deterministic() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from synthetic import World, candidate
    finally:
        sys.path.remove(str(BENCH))
    from bot.resume.taxonomy import load

    a, b = World(load(), 3), World(load(), 3)
    assert [candidate(a, i, 3) for i in range(20)] == [candidate(b, i, 3) for i in range(20)]
    people = [candidate(a, i, 3) for i in range(300)]
    names = {p["name"] for p in people}
    assert len(names) > 250 and any(not n.isascii() for n in names)
    skills = [s for p in people for s in p["skills"]]
    assert skills.count("python") > 5 * max(1, skills.count("rust"))  # skewed like real resumes
    assert all(80 <= len(p["text"].split()) for p in people if p["experience"])


@pytest.mark.parametrize("store", ["sqlite"])
def test_bulk_postings_match_replace_postings(tmp_path: Path, store: str) -> None:
    from sqlalchemy import select

    from bot.resume.taxonomy import load
    from bot.search import index
    from storage import search as ss
    from storage.db import make_engine, migrate, session
    from storage.models import Candidate, Posting, Vocab, Workspace

    docs = {1: ({"skills": ["python", "go"], "name": "Zoë Müller"}, "Built machine learning systems in Python."),
            2: ({"skills": ["python"], "location": "Bangalore"}, "Machine learning and search ranking at scale."),
            3: ({"skills": ["rust"]}, "Systems programming; machine learning is not here.")}
    tax = load()
    rows = {}
    for name, bulk in (("a", False), ("b", True)):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        migrate(engine)
        with session(engine, write=True) as s:
            s.add(Workspace(key="w"))
            s.flush()
            for cid in docs:
                s.add(Candidate(id=cid, workspace="w"))
            s.flush()
            postings = {cid: index.postings(f, t, tax) for cid, (f, t) in docs.items()}
            if bulk:
                ss.add_postings(session=s, workspace="w", postings=postings)
            else:
                for cid, p in postings.items():
                    ss.replace_postings(session=s, workspace="w", candidate_id=cid, postings=p)
        with session(engine) as s:
            rows[name] = (sorted(s.execute(select(Posting.field, Posting.term, Posting.candidate_id, Posting.weight)).all()),
                          sorted(s.execute(select(Vocab.field, Vocab.term, Vocab.df)).all()))
        engine.dispose()
    assert rows["a"] == rows["b"]
    assert ("pair", "machine learning", 1, 1.0) in rows["a"][0]
    assert not any(f == "pair" for f, _, _ in rows["a"][1])  # pairs have no vocabulary rows


def test_migration_pairs_match_the_index() -> None:
    """0003 backfills pair postings with a frozen copy of the index's rules: the two must agree."""
    import importlib.util

    from bot.search import index

    path = REPO / "storage" / "migrations" / "versions" / "0003_search_pairs_and_years_index.py"
    spec = importlib.util.spec_from_file_location("m0003", path)
    assert spec and spec.loader
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    texts = ["Built machine learning systems in Python 3; 2019-2023 at Zürich. C and R, c++ and .NET!",
             "the of and " * 50 + "deep learning " * 3 + " ".join(f"w{i}" for i in range(1700))]
    for text in texts:
        words = index.search_text(text).split()
        assert m.word_pairs(words) == index.word_pairs(words)
        assert set(m.word_pairs(words)) == {t for f, t in index.postings({}, text, _tax()) if f == "pair"}
    assert (m.TEXT_WORDS_MAX, m.PAIRS_MAX, m.STOPWORDS) == (index.TEXT_WORDS_MAX, index.PAIRS_MAX, index.STOPWORDS)


def _tax():  # type: ignore[no-untyped-def]
    from bot.resume.taxonomy import load

    return load()
