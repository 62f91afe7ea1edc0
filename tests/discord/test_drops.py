"""Resume drops through dpytest: attachments in guild channels and DMs become one card each, once."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from storage.models import Candidate, PostedMessage, ResumeFile
from tests.discord.fakes import World, custom_ids

ACME = "discord:1180000000000000001"
AYUSH_PDF = "002_6657b3f5ceaca828.pdf"


def count(engine: Any, model: Any, workspace: str | None = None) -> int:
    with Session(engine) as s:
        q = select(func.count()).select_from(model)
        if workspace is not None:
            q = q.where(model.workspace == workspace)
        return int(s.execute(q).scalar_one())


def embeds(sent: dict[str, Any]) -> list[dict[str, Any]]:
    return sent["payload"].get("embeds") or []


async def test_a_dropped_pdf_gets_one_card_naming_the_candidate(world: World, seeds: Path, engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush-garg.pdf")
    await world.drop("rita", "acme-hiring", [att])

    assert len(world.sent) == 1
    card = world.sent[0]
    assert card["channel_id"] == "1180000000000000201"
    [e] = embeds(card)
    assert e["title"] == "Ayush Garg"
    assert "Founding ML Engineer at Datacy Inc." in e["description"]
    fields = {f["name"]: f["value"] for f in e["fields"]}
    assert "python" in fields["Top skills"] and "ayushgarg70@gmail.com" in fields["Contact"]
    assert "new candidate" in e["footer"]["text"]
    cid = int(e["footer"]["text"].split()[0].lstrip("#"))
    # Persistent buttons carry the candidate id; the reply never pings anyone.
    assert custom_ids(card["payload"]["components"]) == [f"sift:edit:{cid}", f"sift:forget:{cid}"]
    assert card["payload"]["allowed_mentions"]["parse"] == []
    assert card["payload"]["message_reference"]["channel_id"] == 1180000000000000201
    # The bytes were downloaded from the CDN once and stored; the expiring URL was not kept.
    assert world.downloads == [att["url"]]
    with Session(engine) as s:
        f = s.execute(select(ResumeFile)).scalars().one()
        assert f.uploaded_by == "1190000000000000001" and f.content == (seeds / AYUSH_PDF).read_bytes()
        assert "cdn.discordapp.com" not in (f.source or "") and f.source.startswith("discord:1180000000000000001/")
        posted = s.execute(select(PostedMessage)).scalars().one()
        assert (posted.platform, posted.channel, posted.message_id, posted.candidate_id) == \
            ("discord", "1180000000000000201", card["id"], cid)


async def test_a_docx_drop_works_the_same(world: World, seeds: Path) -> None:
    await world.drop("rita", "acme-hiring",
                     [world.attachment((seeds / "004_3a7af2b79af595e1.docx").read_bytes(), "anshul.docx")])
    [card] = world.sent
    assert embeds(card)[0]["title"] == "Anshul Nasery"


async def test_the_same_attachment_delivered_twice_gives_one_version_and_one_reply(
        world: World, seeds: Path, engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")
    mid = await world.drop("rita", "acme-hiring", [att])
    await world.drop("rita", "acme-hiring", [att], message_id=mid)  # the gateway replays MESSAGE_CREATE

    assert len(world.sent) == 1
    assert len(world.downloads) == 1
    assert count(engine, ResumeFile) == 1 and count(engine, Candidate) == 1


async def test_the_same_file_uploaded_again_is_already_in_sift(world: World, seeds: Path, engine: Any) -> None:
    data = (seeds / AYUSH_PDF).read_bytes()
    await world.drop("rita", "acme-hiring", [world.attachment(data, "ayush.pdf")])
    await world.drop("omar", "acme-hiring", [world.attachment(data, "ayush-again.pdf")])

    assert len(world.sent) == 2
    again = embeds(world.sent[1])[0]
    assert again["title"] == "Ayush Garg" and "already in Sift" in again["footer"]["text"]
    assert count(engine, ResumeFile) == 1 and count(engine, Candidate) == 1


async def test_an_oversized_file_is_refused_from_its_metadata_before_download(world: World, seeds: Path,
                                                                              engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "huge.pdf", size=25_000_000)
    await world.drop("rita", "acme-hiring", [att])

    assert world.downloads == []
    [reply] = world.sent
    assert reply["payload"]["content"].startswith("Sift couldn't read huge.pdf: This file is 25.0 MB")
    assert not embeds(reply) and not reply["payload"].get("components")
    assert count(engine, ResumeFile) == 0


async def test_a_broken_file_gets_one_plain_sentence(world: World, seeds: Path, engine: Any) -> None:
    truncated = (seeds / AYUSH_PDF).read_bytes()[:700]
    await world.drop("rita", "acme-hiring", [world.attachment(truncated, "broken.pdf")])

    [reply] = world.sent
    text = reply["payload"]["content"]
    assert text.startswith("Sift couldn't read broken.pdf: ") and text.count(". ") <= 2 and "Traceback" not in text
    assert not embeds(reply)
    assert count(engine, ResumeFile) == 0


async def test_a_file_not_on_discords_cdn_is_never_downloaded(world: World, seeds: Path, engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf",
                           url="https://files.example.com/attachments/1/2/ayush.pdf")
    await world.drop("rita", "acme-hiring", [att])

    assert world.downloads == []
    [reply] = world.sent
    assert "only downloads files stored on Discord itself" in reply["payload"]["content"]
    assert count(engine, ResumeFile) == 0


async def test_pictures_and_pasted_text_in_a_channel_are_not_for_sift(world: World, seeds: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    await world.drop("rita", "acme-hiring", [world.attachment(png, "screenshot.png", content_type="image/png")])
    pasted = b"so what do we think about the offsite? " * 80
    await world.drop("rita", "acme-hiring", [world.attachment(pasted, "message.txt")])

    assert world.sent == []


async def test_a_member_without_the_role_is_refused_politely_and_nothing_is_read(
        world: World, seeds: Path, engine: Any) -> None:
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")
    mid = await world.drop("nina", "acme-hiring", [att])
    await world.drop("nina", "acme-hiring", [att], message_id=mid)  # a replay is not refused twice

    [reply] = world.sent
    assert reply["payload"]["content"].startswith("Sorry, Sift is open to members with the “Recruiter” role")
    assert world.downloads == [] and count(engine, ResumeFile) == 0


async def test_a_resume_sent_in_a_direct_message_lands_in_the_senders_own_workspace(
        world: World, seeds: Path, engine: Any) -> None:
    dm = await world.dm("nina")  # no role needed: a DM is nina's own space, invisible to the guild
    await world.drop("nina", "dm", [world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf",
                                                       channel=str(dm.id))])

    [card] = world.sent
    assert embeds(card)[0]["title"] == "Ayush Garg"
    assert count(engine, Candidate, "discord:dm:1190000000000000003") == 1
    assert count(engine, Candidate, ACME) == 0
