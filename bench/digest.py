"""How long one weekly pass of digests takes: 1,000 saved filters over 100,000 candidates.

    .venv/bin/python bench/digest.py [--candidates 100000] [--filters 1000] [--db PATH | --url URL]

The candidates are written straight into the store by bench/synthetic.py (realistic names, skills from
skills.yml, schools from institutions.yml, companies, titles, places and a short text, indexed by the same
code real ingests use), in a child process so that the peak memory printed here is the digest work's.
Their arrival times spread over two years, about 4-5 % in the last week. Each filter (50 channels of 20,
queries drawn from what recruiters type: skills, schools, titles, places, years, -exclusions, ORs) has a
previous digest a week ago, so this week's pass lists who arrived since.

Timed: `seconds` is the full pass as `sift run` does it (`Digests.run_due`: claim each (filter, period),
find who is new and matches, reserve them, build the reply with cards, post to a notifier that only counts,
record); `build_seconds` is the same digests built with nothing recorded (`sift digest run --dry-run`).
The last line printed is a JSON object: filters, candidates, seconds, peak_rss_mb (and more).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, insert, select  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.digest import Digests  # noqa: E402
from bot.reply import Reply  # noqa: E402
from storage.db import make_engine, migrate, session  # noqa: E402
from storage.models import Candidate, DigestEntry, DigestRun, SavedFilter  # noqa: E402

WORKSPACE = "bench"  # bench/synthetic.py's; no platform prefix: its digests go to the "local" notifier
CHANNELS = 50

SKILLS = [
    "python",
    "java",
    "javascript",
    "sql",
    "react",
    "docker",
    "kubernetes",
    "aws",
    "golang",
    "typescript",
    "node.js",
    "pytorch",
    "tensorflow",
    "spark",
    "kafka",
    "django",
    "flask",
    "postgresql",
    "mongodb",
    "redis",
    "terraform",
    "c++",
    "rust",
    "scala",
    "kotlin",
    "swift",
    "pandas",
    "airflow",
    "machine learning",
    "deep learning",
    "computer vision",
    "nlp",
    "graphql",
    "angular",
    "vue.js",
    "azure",
    "gcp",
    "snowflake",
]
SCHOOLS = [
    "iit",
    "nit",
    "iiit",
    "bits pilani",
    "iit bombay",
    "iit delhi",
    "stanford",
    "school:mit",
    "iisc",
    "tu munich",
    "eth zurich",
    "anna university",
    "vit",
]
TITLES = [
    "title:engineer",
    "data scientist",
    "backend developer",
    "sre",
    "devops engineer",
    "data engineer",
    "frontend developer",
    "machine learning engineer",
    "product manager",
    "research scientist",
    "title:intern",
]
PLACES = [
    "bengaluru",
    "bangalore",
    "pune",
    "hyderabad",
    "berlin",
    "london",
    "singapore",
    "location:india",
    "san francisco",
    "remote",
    "chennai",
    "gurgaon",
]
COMPANIES = [
    "company:google",
    "company:microsoft",
    "company:amazon",
    "company:flipkart",
    "company:infosys",
    "company:swiggy",
    "company:tcs",
    "company:uber",
]


def _skill(rng: random.Random) -> str:
    return (
        SKILLS[min(int(rng.expovariate(0.12)), len(SKILLS) - 1)] if rng.random() < 0.9 else rng.choice(SKILLS)
    )


def _q(s: str) -> str:
    return f'"{s}"' if " " in s and ":" not in s else s


def queries(n: int, seed: int) -> list[str]:
    """What recruiters save: one to three parts, mostly skills, often a school, a title or a place."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.random()
        a, b = _q(_skill(rng)), _q(_skill(rng))
        if kind < 0.18:
            q = a
        elif kind < 0.36:
            q = f"{a} {b}" if a != b else a
        elif kind < 0.52:
            q = f"{a} {rng.choice(SCHOOLS)}"
        elif kind < 0.62:
            q = f"{rng.choice(TITLES)} {rng.choice(PLACES)}"
        elif kind < 0.70:
            q = f"{a} years:>={rng.choice([2, 3, 5, 8])}"
        elif kind < 0.77:
            q = f"{a} -{b}" if a != b else f"{a} -java"
        elif kind < 0.84:
            q = f"({a} OR {b}) {rng.choice(PLACES)}"
        elif kind < 0.90:
            q = f"{rng.choice(COMPANIES)} {a}"
        elif kind < 0.95:
            q = f"{rng.choice(TITLES)} {rng.choice(SCHOOLS)}"
        else:
            q = f"{a} {b} {rng.choice(PLACES)}"
        out.append(q)
    return out


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.t = now

    def now(self) -> datetime:
        return self.t


class CountingNotifier:
    platform = "local"

    def __init__(self) -> None:
        self.posts = 0

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        self.posts += 1
        return f"bench-{self.posts}"

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        return True


def fill(url: str, n: int, seed: int) -> None:
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "synthetic.py"),
        "--candidates",
        str(n),
        "--url",
        url,
        "--seed",
        str(seed),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def setup(core: Core, n_filters: int, seed: int) -> tuple[datetime, int]:
    """Fresh filters, each with a previous digest a week before the newest arrival: (now, arrivals)."""
    with session(core.engine, write=True) as s:
        newest = s.execute(
            select(func.max(Candidate.ingested_at)).where(Candidate.workspace == WORKSPACE)
        ).scalar()
        assert newest is not None, "no candidates: the fill did not run"
        now = newest + timedelta(minutes=1)  # the fill's "now": the tail of arrivals is this week
        s.execute(delete(SavedFilter).where(SavedFilter.workspace == WORKSPACE))  # runs and entries cascade
        created = now - timedelta(days=30)
        s.execute(
            insert(SavedFilter),
            [
                {
                    "workspace": WORKSPACE,
                    "channel": f"C{i % CHANNELS:03d}",
                    "name": f"f{i:04d}",
                    "query": q,
                    "schedule": None,
                    "timezone": None,
                    "post_empty": False,
                    "created_by": "bench",
                    "created_at": created,
                }
                for i, q in enumerate(queries(n_filters, seed))
            ],
        )
        ids = list(s.execute(select(SavedFilter.id).where(SavedFilter.workspace == WORKSPACE)).scalars())
        last_week = now - timedelta(days=7)
        s.execute(
            insert(DigestRun),
            [
                {
                    "filter_id": fid,
                    "period": "bench:previous",
                    "workspace": WORKSPACE,
                    "status": "posted",
                    "claimed_by": "bench",
                    "claimed_at": last_week,
                    "finished_at": last_week,
                    "window_start": created,
                    "window_end": last_week,
                    "candidates": 0,
                    "attempts": 1,
                }
                for fid in ids
            ],
        )
        arrivals = int(
            s.execute(
                select(func.count())
                .select_from(Candidate)
                .where(Candidate.workspace == WORKSPACE, Candidate.ingested_at >= last_week)
            ).scalar_one()
        )
    return now, arrivals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", type=int, default=100_000)
    ap.add_argument("--filters", type=int, default=1000)
    ap.add_argument("--db", help="SQLite file (default: bench-N.db in the current folder; reused if filled)")
    ap.add_argument("--url", help="store URL instead of --db (postgresql+psycopg://...)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    url = args.url or f"sqlite:///{Path(args.db or f'bench-{args.candidates}.db').resolve()}"
    t0 = time.perf_counter()
    fill(url, args.candidates, args.seed)
    fill_s = time.perf_counter() - t0
    engine = make_engine(url)
    migrate(engine)
    core = Core(Settings(SIFT_DATABASE_URL=url), engine, pool=None)
    now, arrivals = setup(core, args.filters, args.seed)
    digests = Digests(core, clock=FixedClock(now))

    t1 = time.perf_counter()
    dry = asyncio.run(digests.run_due({}, dry_run=True))
    build_s = time.perf_counter() - t1

    notifier = CountingNotifier()
    t2 = time.perf_counter()
    outcomes = asyncio.run(digests.run_due({"local": notifier}))
    seconds = time.perf_counter() - t2

    with session(engine) as s:
        listed = int(
            s.execute(
                select(func.count()).select_from(DigestEntry).where(DigestEntry.workspace == WORKSPACE)
            ).scalar_one()
        )
    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    sizes = sorted(o.digest.total for o in dry if o.digest is not None)
    out: dict[str, Any] = {
        "filters": args.filters,
        "candidates": args.candidates,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "build_seconds": round(build_s, 2),
        "store": engine.dialect.name,
        "arrivals_in_window": arrivals,
        "digests": len(outcomes),
        "posted": notifier.posts,
        "statuses": statuses,
        "listed": listed,
        "median_digest_size": sizes[len(sizes) // 2] if sizes else 0,
        "max_digest_size": sizes[-1] if sizes else 0,
        "fill_seconds": round(fill_s, 1),
    }
    engine.dispose()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
