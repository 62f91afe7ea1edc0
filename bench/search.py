"""How fast /find answers over N synthetic candidates, against a bare SQLite FTS5 floor on the same data.

    .venv/bin/python bench/search.py --candidates 100000 [--db PATH | --url URL] [--queries 200] [--reuse]

1. Fill a fresh store with N candidates (bench/synthetic.py, in a child process so that its memory is not
   counted here). SQLite by default (a temporary file, or --db PATH); `--url postgresql+psycopg://...`
   for PostgreSQL. `--reuse` keeps a store that already holds the N candidates (and its FTS5 file).
2. Run a fixed mix of queries (single skills, aliases, phrases, typos, negations, fields, OR, combinations)
   through `Searcher.find(limit=20)`, each in its own session as the bot does: one untimed pass to load
   the vocabulary and warm the caches (the first query's time is reported as `first_query_ms`), then
   `--passes` timed passes (default 3). A query's time is its median over the passes, so that a stall of
   a busy machine does not land in the percentiles, which are taken over the queries.
3. The FTS5 floor answers the same queries on the same data: one FTS5 table holding each candidate's
   facts as text (name, location, skills, schools, degrees, companies, titles); the query's positive
   terms ANDed, each quoted, negated terms as NOT; the top 20 by bm25 AND the total count of matches.
   Queries with no positive term (`years:>=5`, `-java`) have no FTS5 form and are left out of the floor.
   Each query's floor is timed right after it in every pass, so a slow spell of a shared machine weighs
   on both sides of the ratio alike. `--compare-raw` also times each query answered from the raw
   postings, without the fused skill postings (`raw_*` keys; the totals are checked to be equal).

The last line printed is a JSON object: candidates, queries, p50_ms, p95_ms, p99_ms, rss_mb (peak
resident set of this process, VmHWM from /proc/self/status: the searching side only), fts5_p50_ms,
fts5_p95_ms, and more (see bench/README.md).
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORKSPACE = "bench"
LIMIT = 20

# A fixed mix, by kind. The order below is interleaved (round-robin over kinds) so that any prefix
# (--queries 50) is still a mix.
QUERIES: dict[str, list[str]] = {
    "skill": [
        "python", "java", "javascript", "react", "docker", "kubernetes", "aws", "sql", "kafka", "spark",
        "tensorflow", "pytorch", "django", "flask", "angular", "node.js", "c++", "c#", ".net", "scala",
        "kotlin", "terraform", "graphql", "redis", "mongodb", "postgresql", "airflow", "pandas", "tableau",
        "figma", "cuda", "langchain", "haskell", "elixir", "fortran", "snowflake", "rust", "typescript",
    ],
    "alias": [
        "k8s", "golang", "js", "postgres", "ml", "nlp", "iit", "gatech", "cmu", "sklearn", "tf", "bangalore",
        "bombay", "gurgaon", "zurich", "iitb", "iit bombay", "iit delhi", "nit", "iiit", "bits", "mit",
        "ivy league", "llm", "nit trichy",
    ],
    "phrase": [
        '"machine learning"', '"distributed systems"', '"data pipelines"', '"semantic segmentation"',
        '"computer vision"', '"fraud detection"', '"search ranking"', '"payment gateway"',
        '"real-time analytics"', '"recommendation systems"', '"time series forecasting"', '"object detection"',
        '"design reviews"', '"open-source projects"', '"software engineer"',
    ],
    "typo": [
        "pyhton", "kuberntes", "javscript", "tensorflw", "djnago", "postgress", "dokcer", "kafak", "pytroch",
        "angualr", "terrafrom", "mongdb", "elasticsarch", "flaks", "bengaluro", "microsft", "hyderbad",
        "typescirpt", "graphq", "snowflak",
    ],
    "negation": [
        "python -java", "react -angular", "tensorflow -pytorch", "aws -azure", "iit -iit bombay",
        "python -django", "kubernetes NOT docker", "golang NOT java", '"machine learning" -pytorch',
        "java -spring", "react -js", "sql -mysql", "iit -python", "python -years:<2", "spark -hadoop",
        "node.js -express.js", "data scientist -intern", "-java python iit", "ml -nlp", "docker -kubernetes",
    ],
    "field": [
        "company:google", "company:microsoft", "company:flipkart", "company:amazon", 'company:"goldman sachs"',
        "company:infosys", "school:iit", 'school:"iit delhi"', "school:nit", "school:stanford", "school:cmu",
        "title:engineer", 'title:"data scientist"', "title:manager", "title:intern", "title:sre",
        "location:bengaluru", "location:bangalore", "location:berlin", "location:india",
        'location:"san francisco"', "years:>=5", "years:<2", "years:3-6", "since:7d", "since:30d",
        "since:2026-01-01", "skill:go", "skill:r", "skill:java", "degree:phd", "degree:master", "degree:b.tech",
        "name:sharma", "name:harsh", "python years:>=5", "react location:pune", "java company:infosys",
        "title:engineer location:hyderabad", "skill:python school:iit years:>=3", "since:30d python",
    ],
    "or": [
        "python OR go", "react OR angular OR vue.js", "(react OR angular) typescript", "kafka OR rabbitmq",
        "pytorch OR tensorflow", "iit OR nit", "aws OR gcp OR azure", "company:google OR company:meta",
        "(java OR kotlin) android", "swift OR kotlin", "bengaluru OR hyderabad", "(iit OR bits) python",
        "scala OR haskell OR elixir", "title:sre OR title:devops", "cmu OR stanford OR mit",
        "(pandas OR numpy) sql", "rust OR golang", "mongodb OR postgres", "school:iim OR degree:mba",
        "(k8s OR docker) aws",
    ],
    "combo": [
        "python iit", "python iit bombay", "java spring boot microservices", "ml nlp python",
        "react typescript node.js", "data engineer spark airflow", "golang k8s", "python django postgres aws",
        "iit delhi machine learning", "cmu computer vision", "backend developer bangalore",
        "senior software engineer google", "flutter developer", "devops engineer terraform aws", "sde ii",
        "data scientist python sql", "full stack developer react node.js", "android kotlin bengaluru",
        "pytorch cuda iit", "product manager iim",
    ],
}


def query_mix(n: int) -> list[tuple[str, str]]:
    kinds = list(QUERIES)
    out: list[tuple[str, str]] = []
    i = 0
    while len(out) < sum(len(v) for v in QUERIES.values()):
        for k in kinds:
            if i < len(QUERIES[k]):
                out.append((k, QUERIES[k][i]))
        i += 1
    while len(out) < n:  # more than the mix: go round again
        out += out[: n - len(out)]
    return out[:n]


# -- the FTS5 floor ------------------------------------------------------------------------------------------
def fts_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(text: str) -> str | None:
    """The query's terms for a bare FTS5 MATCH: positives ANDed (each quoted), negatives as NOT."""
    from bot.search import query as q

    pos: list[str] = []
    neg: list[str] = []

    def walk(node: Any, negated: bool) -> None:
        if isinstance(node, q.Term):
            (neg if negated else pos).append(fts_quote(node.text))
        elif isinstance(node, q.Not):
            walk(node.node, not negated)
        elif isinstance(node, (q.And, q.Or)):
            for n in node.nodes:
                walk(n, negated)

    parsed = q.parse(text)
    if parsed.node is not None:
        walk(parsed.node, False)
    if not pos:
        return None
    expr = " AND ".join(pos)
    for n in neg:
        expr += f" NOT {n}"
    return expr


class Floor:
    """The FTS5 floor: a query's positive terms by bare MATCH, the top LIMIT by bm25 and the count."""

    TOP = "SELECT rowid FROM facts WHERE facts MATCH ? ORDER BY bm25(facts) LIMIT ?"
    COUNT = "SELECT count(*) FROM facts WHERE facts MATCH ?"

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)

    def total(self, expr: str) -> int:
        return int(self.db.execute(self.COUNT, (expr,)).fetchone()[0])

    def time(self, expr: str) -> float:
        t0 = time.perf_counter()
        self.db.execute(self.TOP, (expr, LIMIT)).fetchall()
        self.db.execute(self.COUNT, (expr,)).fetchone()
        return (time.perf_counter() - t0) * 1000


# -- measuring -----------------------------------------------------------------------------------------------
def pct(xs: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def peak_rss_mb() -> tuple[float, str]:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024, "VmHWM"
    except OSError:
        pass
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (ru / 2**20 if sys.platform == "darwin" else ru / 1024), "ru_maxrss"


def store_count(url: str) -> int:
    from sqlalchemy import func, select

    from storage.db import make_engine, session
    from storage.models import Candidate

    engine = make_engine(url)
    try:
        with session(engine) as s:
            return int(s.execute(select(func.count()).select_from(Candidate)
                                 .where(Candidate.workspace == WORKSPACE)).scalar_one())
    except Exception:  # noqa: BLE001 - no tables yet
        return 0
    finally:
        engine.dispose()


def fill(url: str, n: int, fts: str, seed: int, jobs: int | None, quiet: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).with_name("synthetic.py")), "--candidates", str(n), "--url", url,
           "--fts", fts, "--seed", str(seed)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    if quiet:
        cmd.append("--quiet")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def drop_pg(url: str) -> str:
    """A fresh PostgreSQL database for the run: the URL's database is dropped and created again."""
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = (base + "/postgres").replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", type=int, default=10_000)
    ap.add_argument("--db", help="SQLite file for the store (default: a temporary file, removed afterwards)")
    ap.add_argument("--url", help="store URL (postgresql+psycopg://...); its database is dropped and re-created "
                                  "unless --reuse")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--passes", type=int, default=3,
                    help="timed passes over the queries; a query's time is its median over them (default 3)")
    ap.add_argument("--reuse", action="store_true", help="keep a store that already holds N candidates")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=None, help="generator processes for the fill")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print every query with its time and total")
    ap.add_argument("--compare-raw", action="store_true",
                    help="also time each query answered from the raw postings (no fused postings): raw_* keys")
    args = ap.parse_args(argv)

    tmp = None
    if args.url:
        url = args.url
        fts = args.db or str(Path(tempfile.gettempdir()) / f"sift-bench-{args.candidates}.fts5.db")
        if not args.reuse:
            drop_pg(url)
    else:
        if args.db:
            db = Path(args.db).resolve()
        else:
            tmp = tempfile.TemporaryDirectory(prefix="sift-bench-")
            db = Path(tmp.name) / f"search-{args.candidates}.db"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
        fts = f"{db}.fts5.db"

    info: dict[str, Any] = {}
    have = store_count(url) if args.reuse else 0
    if have != args.candidates or not Path(fts).exists():
        if have > args.candidates:
            raise SystemExit(f"the store holds {have} candidates, more than --candidates {args.candidates}")
        info = fill(url, args.candidates, fts, args.seed, args.jobs, args.quiet)
    else:
        info = {"seconds": None, "vocabulary": None, "db_mb": None}

    from bot.search.engine import Searcher
    from storage.db import make_engine, session

    mix = query_mix(args.queries)
    texts = [t for _, t in mix]
    engine = make_engine(url)
    searcher = Searcher()
    raw = Searcher(searcher.tax, fused=False) if args.compare_raw else None
    floor = Floor(fts)
    exprs = [fts_expression(t) for t in texts]
    totals: dict[str, int] = {}
    t0 = time.perf_counter()
    first_ms = None
    for text in texts:  # warm-up: loads the vocabulary once, fills caches
        q0 = time.perf_counter()
        with session(engine) as s:
            totals[text] = searcher.find(session=s, workspace=WORKSPACE, text=text, limit=LIMIT).total
        if first_ms is None:
            first_ms = (time.perf_counter() - q0) * 1000
        if raw is not None:
            with session(engine) as s:
                assert raw.find(session=s, workspace=WORKSPACE, text=text, limit=LIMIT).total == totals[text], text
    warm_s = time.perf_counter() - t0
    fts_totals = [floor.total(e) for e in exprs if e is not None]  # also warms its page cache

    def timed(who: Searcher, text: str) -> float:
        q0 = time.perf_counter()
        with session(engine) as s:
            who.find(session=s, workspace=WORKSPACE, text=text, limit=LIMIT)
        return (time.perf_counter() - q0) * 1000

    # Each query is timed next to its floor (and, with --compare-raw, next to the same search on the raw
    # postings), so that a slow spell of a shared machine weighs on both sides of every ratio alike.
    runs: list[list[float]] = [[] for _ in mix]
    raw_runs: list[list[float]] = [[] for _ in mix]
    fts_runs: list[list[float]] = [[] for _ in mix]
    for _ in range(args.passes):
        for i, (_kind, text) in enumerate(mix):
            runs[i].append(timed(searcher, text))
            if raw is not None:
                raw_runs[i].append(timed(raw, text))
            if (e := exprs[i]) is not None:
                fts_runs[i].append(floor.time(e))
    engine.dispose()
    floor.db.close()
    # A query's time is its median over the passes (a busy machine's stalls hit one pass, not all three);
    # the percentiles are over the queries.
    times = [statistics.median(r) for r in runs]
    raw_times = [statistics.median(r) for r in raw_runs if r]
    fts_times = [statistics.median(r) for r in fts_runs if r]
    by_kind: dict[str, list[float]] = {}
    per_query: dict[str, float] = {}
    for (kind, text), t in zip(mix, times, strict=True):
        by_kind.setdefault(kind, []).append(t)
        per_query[text] = t
    rss, rss_source = peak_rss_mb()

    if args.verbose:
        for kind, text in mix:
            print(f"  {kind:9} {per_query[text]:8.1f} ms  {totals[text]:>8}  {text}", file=sys.stderr)
    slowest = sorted(per_query.items(), key=lambda kv: -kv[1])[:5]
    out: dict[str, Any] = {
        "candidates": args.candidates,
        "queries": len(times),
        "passes": args.passes,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(pct(times, 95), 2),
        "p99_ms": round(pct(times, 99), 2),
        "max_ms": round(max(times), 2),
        "mean_ms": round(statistics.fmean(times), 2),
        "rss_mb": round(rss, 1),
        "rss_source": f"{rss_source} of the searching process (the fill runs in a child process)",
        "fts5_p50_ms": round(statistics.median(fts_times), 2) if fts_times else None,
        "fts5_p95_ms": round(pct(fts_times, 95), 2) if fts_times else None,
        "fts5_p99_ms": round(pct(fts_times, 99), 2) if fts_times else None,
        "fts5_queries": len(fts_times),
        "p95_over_fts5_p95": round(pct(times, 95) / pct(fts_times, 95), 2) if fts_times else None,
        "p50_over_fts5_p50": round(statistics.median(times) / statistics.median(fts_times), 2) if fts_times else None,
        "first_query_ms": round(first_ms or 0.0, 1),
        "warmup_seconds": round(warm_s, 2),
        "p95_ms_by_kind": {k: round(pct(v, 95), 1) for k, v in by_kind.items()},
        "slowest": [[t, round(ms, 1), totals[t]] for t, ms in slowest],
        "median_total": statistics.median(totals.values()),
        "store": "postgresql" if url.startswith("postgresql") else "sqlite",
        "fill_seconds": info.get("seconds"),
        "vocabulary": info.get("vocabulary"),
        "db_mb": info.get("db_mb"),
        "fts5_median_total": statistics.median(fts_totals) if fts_totals else None,
    }
    if raw_times:  # the same queries answered without fused postings, timed in the same passes
        out |= {"raw_p50_ms": round(statistics.median(raw_times), 2), "raw_p95_ms": round(pct(raw_times, 95), 2),
                "raw_p99_ms": round(pct(raw_times, 99), 2),
                "raw_p95_over_p95": round(pct(raw_times, 95) / pct(times, 95), 2)}
    if not args.quiet:
        print(f"{out['queries']} queries over {args.candidates:,} candidates ({out['store']}): "
              f"p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms, p99 {out['p99_ms']} ms; "
              f"FTS5 floor p50 {out['fts5_p50_ms']} ms, p95 {out['fts5_p95_ms']} ms; RSS {out['rss_mb']} MB",
              file=sys.stderr)
    if tmp is not None:
        tmp.cleanup()
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
