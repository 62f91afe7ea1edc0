"""A resume whose reply was never sent (the process died mid-download) is answered after a restart, once.

The fake CDN holds the download while the first process is killed; the claim it left in the store is aged
past the point where any live process could still be working on it; the next process answers at READY.
"""
from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from storage.db import session
from storage.models import Candidate, PostedMessage, ProcessedEvent, ResumeFile
from storage.types import utcnow
from tests.discord.fakes import World, settle

AYUSH_PDF = "002_6657b3f5ceaca828.pdf"
HIRING = "1180000000000000201"


async def until(check: Any, timeout: float = 30) -> None:
    for _ in range(int(timeout / 0.02)):
        if await asyncio.to_thread(check):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def events(engine: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    with Session(engine) as s:
        return {e.key: (e.status, dict(e.result or {})) for e in s.execute(select(ProcessedEvent)).scalars()
                if e.key.startswith("discord:att:")}


def count(engine: Any, model: Any) -> int:
    with Session(engine) as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


async def die_mid_download(world: World, engine: Any, deliver: Any) -> None:
    """Deliver something whose download hangs, wait for the claim, then kill the process and age it."""
    world.cdn_gate = asyncio.Event()
    before = asyncio.all_tasks()
    await deliver()
    await until(lambda: len(events(engine)) == 1 and world.downloads)
    world.kill(before)
    await asyncio.sleep(0)
    assert [status for status, _ in events(engine).values()] == ["claimed"]
    with session(engine, write=True) as db:  # long enough ago that no live process can still be on it
        db.execute(update(ProcessedEvent).values(created_at=utcnow() - timedelta(minutes=10)))
    world.cdn_gate.set()


async def drop_and_die(world: World, seeds: Path, engine: Any) -> int:
    """Rita drops a resume in #hiring and the process dies while downloading it; the message's id."""
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")
    mids: list[int] = []

    async def deliver() -> None:
        mids.append(await world.drop("rita", "acme-hiring", [att], wait=False))

    await die_mid_download(world, engine, deliver)
    return mids[0]


async def restart_and_ready(world: World) -> int:
    await world.restart()
    before = asyncio.all_tasks()
    world.bot.dispatch("ready")  # the gateway's READY: guilds are known
    await settle(before)
    assert world.bot.recovery is not None and world.bot.recovery.done()
    return world.bot.recovery.result()


async def test_a_drop_whose_process_died_is_answered_once_after_restart(world: World, seeds: Path,
                                                                        engine: Any) -> None:
    mid = await drop_and_die(world, seeds, engine)
    assert world.sent == [] and count(engine, Candidate) == 0

    assert await restart_and_ready(world) == 1
    [card] = world.sent
    assert card["payload"]["embeds"][0]["title"] == "Ayush Garg"
    assert int(card["payload"]["message_reference"]["message_id"]) == mid  # in reply to the file's message
    assert count(engine, Candidate) == 1 and count(engine, ResumeFile) == 1
    with Session(engine) as s:
        f = s.execute(select(ResumeFile)).scalars().one()
        assert f.uploaded_by == "1190000000000000001" and f.source == f"discord:1180000000000000001/{HIRING}/{mid}"
        posted = s.execute(select(PostedMessage)).scalars().one()
        assert (posted.channel, posted.message_id) == (HIRING, card["id"])  # /forget will delete it
    [(status, result)] = events(engine).values()
    assert status == "done" and result["status"] == "created" and result["recovered"] is True

    # READY again after a reconnect, and another restart, find nothing left to answer.
    before = asyncio.all_tasks()
    world.bot.dispatch("ready")
    await settle(before)
    assert await restart_and_ready(world) == 0
    assert len(world.sent) == 1 and count(engine, ResumeFile) == 1


async def test_a_drop_deleted_while_sift_was_down_is_let_go_quietly(world: World, seeds: Path,
                                                                    engine: Any) -> None:
    from discord.ext.test import backend as back

    mid = await drop_and_die(world, seeds, engine)
    world.delete_from_channel(int(HIRING), mid)  # the recruiter deleted the message meanwhile
    assert not world.exists(HIRING, mid) and back._cur_config is not None

    assert await restart_and_ready(world) == 1
    assert world.sent == [] and count(engine, Candidate) == 0
    [(status, result)] = events(engine).values()
    assert status == "done" and result == {"status": "abandoned"}


async def test_an_upload_whose_process_died_gets_a_plain_word_after_restart(world: World, seeds: Path,
                                                                            engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")
    p = world.interaction("upload.json")
    p["data"]["options"] = [{"name": "resume", "type": 11, "value": att["id"]}]
    p["data"]["resolved"] = {"attachments": {att["id"]: dict(att, ephemeral=True)}}

    async def deliver() -> None:
        await world.dispatch(p, wait=False)

    await die_mid_download(world, engine, deliver)

    assert await restart_and_ready(world) == 1
    # The interaction died with the process and Discord keeps no message to re-read the file from.
    [note] = world.sent_to("acme-hiring")
    content = note["payload"]["content"]
    assert "restarted while reading ayush.pdf" in content and "/upload it again" in content
    assert "<@1190000000000000001>" in content and note["payload"]["allowed_mentions"]["parse"] == []
    assert count(engine, Candidate) == 0
    [(status, result)] = events(engine).values()
    assert status == "done" and result["reason"] == "upload_lost"
