"""The check from outside: `sift run`'s serve() with Slack over HTTP, our own signed Slack client in front,
a fake Web API behind SIFT_SLACK_API_URL. A dropped PDF gives exactly one threaded card naming the candidate
within a few seconds. Prints ack times and drop-to-card times (run with -s to see them)."""
from __future__ import annotations

import asyncio
import json
import socket
import statistics
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.slack.conftest import TEAM, SlackClient, slack_settings
from tests.slack.fake_slack import FakeSlack, eventually
from tests.slack.flows import command, drop, responses

pytestmark = pytest.mark.asyncio

WITHIN = 10.0  # seconds: "within a few seconds", with room for a slow CI machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _healthy(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(url) as r:
            return r.status == 200 and (await r.json())["checks"].get("slack") is True
    except aiohttp.ClientError:
        return False


async def test_sift_run_answers_each_dropped_seed_pdf_with_one_threaded_card(
        settings: Any, engine: Any, parser_pool: Any, fake_slack: FakeSlack, seed_pdfs: list[Path], corpus: Path):
    from bot.core import Core
    from handlers.main import serve

    port = _free_port()
    s = slack_settings(settings, fake_slack, http_port=port)
    core = Core(s, engine, parser_pool)
    stop = asyncio.Event()
    running = asyncio.create_task(serve(s, core, stop=stop))
    base = f"http://127.0.0.1:{port}"
    ok = False
    for _ in range(200):
        if running.done():
            running.result()  # raises what went wrong
        if ok := await _healthy(base + "/healthz"):
            break
        await asyncio.sleep(0.05)
    assert ok, "sift did not come up"
    slack = SlackClient(base + "/slack/events")
    event_acks, find_acks, to_card = [], [], []
    try:
        for i, pdf in enumerate(seed_pdfs):
            ts = f"17637801{i:02d}.000100"
            event = drop(fake_slack, pdf, file_id=f"F0SEED{i}", ts=ts)
            start = time.perf_counter()
            sent = await slack.event(event)
            assert sent.status == 200
            event_acks.append(sent.seconds)
            await eventually(lambda ts=ts: [p for p in fake_slack.posts() if p.args.get("thread_ts") == ts],
                             timeout=WITHIN)
            to_card.append(time.perf_counter() - start)
            shared = await slack.event(event, retry=1)  # Slack's retry of the same delivery
            event_acks.append(shared.seconds)
        for i in range(10):
            sent = await slack.command(command(fake_slack, "python iit", reply_to=f"find{i}"))
            assert sent.status == 200
            find_acks.append(sent.seconds)
        await eventually(lambda: all(responses(fake_slack, f"find{i}") for i in range(10)))
        await asyncio.sleep(0.5)
    finally:
        await slack.close()
        stop.set()
        await asyncio.wait_for(running, 30)

    posts = fake_slack.posts()
    assert len(posts) == len(seed_pdfs)  # one card per file, retries included
    for i, pdf in enumerate(seed_pdfs):
        (post,) = [p for p in posts if p.args["thread_ts"] == f"17637801{i:02d}.000100"]
        name = json.loads((corpus / "labels" / f"{pdf.stem}.json").read_text())["name"]
        assert post.args["channel"] == "C0HIRING01" and post.args["blocks"][0]["type"] == "section"
        if name:
            assert name in post.args["text"]
        else:
            assert "could not read: no name found" in json.dumps(post.args["blocks"])
    assert max(to_card) < WITHIN
    assert core.find(f"slack:{TEAM}", "since:1d").total == len(seed_pdfs)
    report = {
        "event_ack_ms_median": round(statistics.median(event_acks) * 1000, 1),
        "event_ack_ms_max": round(max(event_acks) * 1000, 1),
        "find_ack_ms_median": round(statistics.median(find_acks) * 1000, 1),
        "find_ack_ms_max": round(max(find_acks) * 1000, 1),
        "drop_to_card_s": [round(x, 2) for x in to_card],
        "drop_to_card_s_median": round(statistics.median(to_card), 2),
        "store": engine.dialect.name,
    }
    print("\nSLACK LATENCY " + json.dumps(report))
