"""Recorded payloads filled in for a scenario: a file dropped, a command typed, a button pressed."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.slack.conftest import TEAM, Harness
from tests.slack.fake_slack import FakeSlack, eventually, payload


def file_share_event(meta: dict[str, Any], *, team: str = TEAM, channel: str = "C0HIRING01",
                     ts: str = "1763780000.123456", user: str = "U0RECRUIT1", event_id: str = "Ev0FILESHARE1",
                     channel_type: str = "channel") -> dict[str, Any]:
    body = payload("event_message_file_share")
    body["team_id"] = body["context_team_id"] = body["authorizations"][0]["team_id"] = team
    body["event_id"] = event_id
    ev = body["event"]
    ev.update({"files": [meta], "channel": channel, "ts": ts, "event_ts": ts, "user": user,
               "channel_type": channel_type})
    return body


def file_shared_event(file_id: str, *, team: str = TEAM, channel: str = "C0HIRING01", user: str = "U0RECRUIT1",
                      event_id: str = "Ev0FILESHARED1") -> dict[str, Any]:
    body = payload("event_file_shared")
    body["team_id"] = body["context_team_id"] = body["authorizations"][0]["team_id"] = team
    body["event_id"] = event_id
    body["event"].update({"file_id": file_id, "file": {"id": file_id}, "channel_id": channel, "user_id": user})
    return body


def drop(fake: FakeSlack, path: Path, *, file_id: str = "F0RESUME01", name: str | None = None,
         ts: str = "1763780000.123456", **kw: Any) -> dict[str, Any]:
    """Register a seed file with the fake and return the message/file_share event announcing it."""
    meta = fake.add_file(file_id, name or path.name, path.read_bytes(), ts=ts, **{
        k: v for k, v in kw.items() if k in ("team", "channel", "user", "size", "url", "content_type")})
    return file_share_event(meta, ts=ts, event_id=f"Ev{file_id}", **{
        k: v for k, v in kw.items() if k in ("team", "channel", "user", "channel_type")})


def command(fake: FakeSlack, text: str, *, name: str = "/find", team: str = TEAM, channel: str = "C0HIRING01",
            channel_name: str = "hiring", user: str = "U0RECRUIT1", reply_to: str = "cmd") -> dict[str, Any]:
    form = payload("command_find")
    form.update({"command": name, "text": text, "team_id": team, "channel_id": channel, "channel_name": channel_name,
                 "user_id": user, "response_url": fake.response_url(reply_to)})
    return form


def button(fake: FakeSlack, action: str, value: str, *, team: str = TEAM, user: str = "U0RECRUIT1",
           channel: str = "C0HIRING01", channel_name: str = "hiring", ephemeral: bool = True,
           message: dict[str, Any] | None = None, message_ts: str = "1763780400.000900",
           reply_to: str = "act") -> dict[str, Any]:
    """A block_actions payload for one of Sift's buttons (`sift.<action>.<n>`)."""
    p = payload("block_actions_ephemeral_button" if ephemeral else "block_actions_card_button")
    p["team"]["id"] = p["user"]["team_id"] = team
    p["user"]["id"] = user
    p["channel"] = {"id": channel, "name": channel_name}
    p["container"].update({"channel_id": channel, "message_ts": message_ts})
    p["response_url"] = fake.response_url(reply_to)
    p["actions"][0].update({"action_id": f"sift.{action}.0", "value": value, "block_id": f"{action}.block"})
    if message is not None:
        p["message"] = message
    return p


def responses(fake: FakeSlack, name: str) -> list[dict[str, Any]]:
    return [body for n, body, _ in fake.responses if n == name]


def card_posts(fake: FakeSlack, channel: str = "C0HIRING01") -> list[dict[str, Any]]:
    """Messages Sift posted in a channel (their chat.postMessage arguments)."""
    return [c.args for c in fake.posts(channel)]


def blocks_text(blocks: list[dict[str, Any]] | None) -> str:
    """Every piece of text in some blocks, to search in."""
    return json.dumps(blocks or [], ensure_ascii=False)


def delivery_done(h: Harness, key: str) -> bool:
    """Sift finished with a delivery (replied and remembered what it posted)."""
    from sqlmodel import Session

    from storage.models import ProcessedEvent

    with Session(h.core.engine) as s:
        row = s.get(ProcessedEvent, key)
        return row is not None and row.status == "done"


async def drop_and_wait(h: Harness, path: Path, *, file_id: str = "F0RESUME01", team: str = TEAM,
                        **kw: Any) -> dict[str, Any]:
    """Drop one file, wait until Sift has replied in its thread and recorded it; return the reply."""
    before = len(h.fake.posts())
    sent = await h.slack.event(drop(h.fake, path, file_id=file_id, team=team, **kw))
    assert sent.status == 200
    await eventually(lambda: len(h.fake.posts()) > before and delivery_done(h, f"slack:{team}:file:{file_id}"))
    return h.fake.posts()[-1].args


FIRST = ["Meera", "Rohan", "Kavya", "Arjun", "Ishita", "Vikram", "Neha", "Farhan", "Lakshmi", "Dev"]
LAST = ["Iyer", "Mehta", "Reddy", "Kapoor", "Sharma", "Nair", "Bose", "Qureshi", "Menon", "Chawla"]


def synthetic_resume(i: int) -> bytes:
    """A short plain-text resume of a made-up data engineer (distinct name, phone and employer)."""
    return f"""{FIRST[i]} {LAST[i]}
{FIRST[i].lower()}.{LAST[i].lower()}@mailbox.org | +91 98{i}00 12{i}45 | Bengaluru, India

Experience
Data Engineer, Orbit{i} Labs          Jan 2021 - Present
- Built Python and Spark pipelines.

Education
B.Tech, Computer Science, Indian Institute of Technology Bombay, 2020

Skills
Python, Spark, SQL
""".encode()


def ingest(h: Harness, data: bytes, name: str, *, team: str = TEAM, user: str = "U0RECRUIT1") -> int:
    """Store a resume straight through the core (what a drop does after the download)."""
    from bot.domain import Actor

    result = h.core.ingest(data, name, actor=Actor(workspace=f"slack:{team}", user=user, platform="slack"))
    assert result.status in ("created", "updated", "duplicate"), result.error
    assert result.candidate_id is not None
    return int(result.candidate_id)
