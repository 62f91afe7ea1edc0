"""Two real `sift run` processes behind one Slack app on one PostgreSQL (issue 7's scale-out test).

Slack deliveries of the same uploads are interleaved across both processes (message/file_share to one,
file_shared and retries to the other); both schedulers fire the same digest. Exactly one candidate
version and one reply per upload, exactly one digest per filter and period, no errors in either log.
"""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.commands import Commands
from bot.config import Settings
from bot.core import Core
from bot.domain import Actor
from storage.db import make_engine, migrate, session
from storage.models import Candidate, DigestRun, ResumeFile
from tests.slack.conftest import BOT_USER, SECRET, TEAM, TOKEN, SlackClient
from tests.slack.fake_slack import FakeSlack, eventually
from tests.slack.flows import drop, file_shared_event

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PEOPLE = ["000_63717777a91d391d.pdf", "002_6657b3f5ceaca828.docx", "003_9121bb4bcac6bb5d.pdf",
          "004_3a7af2b79af595e1.txt"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    e = {**env, "SIFT_HTTP_PORT": str(port)}
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=log.parent, env=e,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)


async def healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert proc.poll() is None, "sift run exited early"
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.3)
    raise AssertionError(f"sift on port {port} never became healthy")


async def test_two_sift_processes_share_uploads_and_digests_exactly_once(pg_database: str, tmp_path: Path,
                                                                        seeds: Path) -> None:
    from tests.conftest import _truncate_all

    engine = make_engine(pg_database)
    migrate(engine)
    _truncate_all(engine)
    fake = await FakeSlack().start()
    fake.add_team(TEAM, TOKEN, BOT_USER)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SIFT_"))}
    env.update(SIFT_DATABASE_URL=pg_database, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
               SIFT_SLACK_API_URL=fake.api_url, SIFT_PARSE_WORKERS="1", PYTHONPATH=str(ROOT),
               SIFT_DIGEST_CRON="* * * * *", SIFT_LOG_LEVEL="INFO")
    settings = Settings(SIFT_DATABASE_URL=pg_database)
    core = Core(settings, engine, None)
    # A channel's filter, saved before the uploads: its next digest lists them.
    actor = Actor(f"slack:{TEAM}", "U0RECRUIT1", channel="C0HIRING01", platform="slack", is_admin=True)
    assert not Commands(core).handle("/filter save everyone -rust", actor).error

    ports = [free_port(), free_port()]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    (tmp_path / "a.log").parent.mkdir(exist_ok=True)
    procs = [start(env, port, log) for port, log in zip(ports, logs)]
    clients = [SlackClient(f"http://127.0.0.1:{p}/slack/events") for p in ports]
    try:
        await asyncio.gather(*(healthy(p, proc) for p, proc in zip(ports, procs)))
        sends = []
        for i, name in enumerate(PEOPLE):
            fid = f"F0TWO{i:05d}"
            message = drop(fake, seeds / name, file_id=fid, ts=f"17637800{i:02d}.000100")
            shared = file_shared_event(fid, event_id=f"EvShared{i}")
            a, b = clients[i % 2], clients[(i + 1) % 2]
            sends += [a.event(message), b.event(shared), b.event(message, retry=1), a.event(shared, retry=1)]
        sent = await asyncio.gather(*sends)
        assert {s.status for s in sent} == {200}

        await eventually(lambda: len(fake.posts("C0HIRING01")) >= len(PEOPLE), timeout=90)
        # The digest of this minute: both schedulers look, one posts.
        await eventually(lambda: any("everyone" in str(c.args) for c in fake.posts("C0HIRING01")), timeout=150)
        await asyncio.sleep(5)  # time for any duplicate to show up
        import aiohttp

        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{ports[0]}/healthz") as r:
                health = await r.json()
            metrics = ""
            for port in ports:
                async with http.get(f"http://127.0.0.1:{port}/metrics") as r:
                    assert r.headers["Content-Type"].startswith("text/plain")
                    metrics += await r.text()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        for c in clients:
            await c.close()
        await fake.stop()

    assert health["ok"] and set(health["checks"]) == {"store", "slack", "scheduler"}
    created = sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                  if line.startswith('sift_resumes_total{reason="",status="created"}'))
    assert created == len(PEOPLE)  # counted once across both processes
    assert "sift_parse_seconds_count" in metrics
    posts = fake.posts("C0HIRING01")
    cards = [c for c in posts if c.args.get("thread_ts")]
    digests = [c for c in posts if "everyone" in str(c.args) and not c.args.get("thread_ts")]
    assert len(cards) == len(PEOPLE), [c.args.get("text") for c in cards]
    assert len({c.args["thread_ts"] for c in cards}) == len(PEOPLE)
    assert len(digests) == 1
    with session(engine) as s:
        assert s.execute(select(func.count()).select_from(Candidate)).scalar_one() == len(PEOPLE)
        assert s.execute(select(func.count()).select_from(ResumeFile)).scalar_one() == len(PEOPLE)
        runs = s.execute(select(DigestRun.status)).scalars().all()
    assert list(runs).count("posted") == 1
    for log in logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text and '"level": "error"' not in text, text[-3000:]
        assert [p.returncode for p in procs] == [0, 0] or all(p.returncode in (0, -15) for p in procs)
    engine.dispose()
