"""Resume drops in Slack: one file, one candidate version, one threaded card, however often Slack delivers it."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from storage.models import Candidate, PostedMessage, ResumeFile
from tests.slack.conftest import TEAM, TOKEN
from tests.slack.fake_slack import eventually
from tests.slack.flows import (
    blocks_text,
    delivery_done,
    drop,
    drop_and_wait,
    file_share_event,
    file_shared_event,
)

pytestmark = pytest.mark.asyncio

AYUSH = "002_6657b3f5ceaca828"


def count(engine: object, model: type) -> int:
    with Session(engine) as s:  # type: ignore[arg-type]
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


async def test_dropped_pdf_gets_exactly_one_threaded_card_naming_the_candidate(sift, seeds: Path):
    reply = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    assert reply["channel"] == "C0HIRING01" and reply["thread_ts"] == "1763780000.123456"
    shown = blocks_text(reply["blocks"])
    assert "Ayush Garg" in reply["text"] and "*Ayush Garg*" in shown
    assert "Founding ML Engineer at Datacy Inc." in shown  # current title and company
    assert "Indian Institute of Technology Delhi" in shown and "python" in shown
    assert "linkedin.com/in/ayush-garg" in shown and "new candidate" in shown
    labels = [e["text"]["text"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["Edit", "Forget", "Open file"]
    await asyncio.sleep(0.3)
    assert len(sift.fake.posts()) == 1
    # The file was fetched once, from the URL Slack gave, with the bot token.
    assert sift.fake.downloads == [("F0RESUME01", f"Bearer {TOKEN}")]
    with Session(sift.core.engine) as s:
        post = s.execute(select(PostedMessage)).scalar_one()
    assert (post.workspace, post.channel, post.kind) == (f"slack:{TEAM}", "C0HIRING01", "card")
    assert (post.channel, post.message_id) in sift.fake.messages


async def test_one_upload_delivered_three_ways_and_retried_gives_one_version_and_one_reply(sift, seeds: Path):
    message = drop(sift.fake, seeds / f"{AYUSH}.pdf")
    shared = file_shared_event("F0RESUME01")
    sent = await asyncio.gather(
        sift.slack.event(message), sift.slack.event(shared),
        sift.slack.event(message, retry=1), sift.slack.event(shared, retry=1), sift.slack.event(message, retry=2))
    assert [s.status for s in sent] == [200] * 5
    await eventually(lambda: delivery_done(sift, f"slack:{TEAM}:file:F0RESUME01"))
    await asyncio.sleep(0.5)  # give any duplicate a chance to show itself
    assert len(sift.fake.posts()) == 1
    assert sift.fake.posts()[0].args["thread_ts"] == "1763780000.123456"
    assert count(sift.core.engine, Candidate) == 1 and count(sift.core.engine, ResumeFile) == 1
    assert len(sift.fake.downloads) == 1


async def test_file_shared_alone_finds_the_thread_through_files_info(sift, seeds: Path):
    sift.fake.add_file("F0ONLYSHARED", "ayush.docx", (seeds / f"{AYUSH}.docx").read_bytes(), ts="1763780555.000100")
    assert (await sift.slack.event(file_shared_event("F0ONLYSHARED"))).status == 200
    await eventually(lambda: sift.fake.posts())
    reply = sift.fake.posts()[0].args
    assert reply["thread_ts"] == "1763780555.000100" and "Ayush Garg" in reply["text"]
    assert [c.args["file"] for c in sift.fake.called("files.info")] == ["F0ONLYSHARED"]


async def test_reupload_of_a_known_person_says_updated_and_what_changed(sift, seeds: Path, tmp_path: Path):
    first = await drop_and_wait(sift, seeds / f"{AYUSH}.txt", file_id="F0V1")
    newer = tmp_path / "ayush-2026.txt"
    newer.write_bytes((seeds / f"{AYUSH}.txt").read_bytes()
                      .replace(b"Founding ML Engineer", b"Staff ML Engineer")
                      .replace(b"June 2023 - Dec 2023", b"June 2023 - Present")
                      .replace(b"Intermediate:** Java", b"Intermediate:** Java, Rust"))
    second = await drop_and_wait(sift, newer, file_id="F0V2", ts="1763780999.000100")
    assert "new candidate" in blocks_text(first["blocks"])
    assert second["thread_ts"] == "1763780999.000100"
    assert "updated" in second["text"] and "now Staff ML Engineer at Datacy Inc." in second["text"]
    assert "new skill (rust)" in second["text"]
    assert count(sift.core.engine, Candidate) == 1 and count(sift.core.engine, ResumeFile) == 2


async def test_resume_without_a_name_says_what_could_not_be_read(sift, seeds: Path):
    reply = await drop_and_wait(sift, seeds / "001_1aa65a5a52e604a6.pdf")
    assert "could not read: no name found" in blocks_text(reply["blocks"])


async def test_oversized_file_is_refused_from_its_metadata_before_any_download(sift, seeds: Path):
    reply = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf", size=50_000_000)
    assert sift.fake.downloads == []
    assert "50.0 MB" in reply["text"] and "10 MB" in reply["text"] and "drop it again" in reply["text"]
    assert "blocks" in reply and len(reply["blocks"]) == 1  # one plain sentence, no card
    assert count(sift.core.engine, Candidate) == 0


async def test_truncated_pdf_gets_one_plain_sentence(sift, seeds: Path, tmp_path: Path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((seeds / f"{AYUSH}.pdf").read_bytes()[:3000])
    reply = await drop_and_wait(sift, broken)
    assert reply["thread_ts"] == "1763780000.123456"
    assert "damaged or incomplete" in reply["text"] and "Traceback" not in reply["text"]
    assert count(sift.core.engine, Candidate) == 0


async def test_html_login_page_instead_of_the_file_tells_the_user_what_to_fix(sift, seeds: Path):
    # The file host answers a token that may not read the file with its sign-in page and status 200.
    locked = sift.fake.add_file("F0LOCKED", "cv.pdf", (seeds / f"{AYUSH}.pdf").read_bytes(), team="T0SOMEONE")
    await sift.slack.event(file_share_event(locked, event_id="Ev0LOCKED"))
    await eventually(lambda: sift.fake.posts() and delivery_done(sift, f"slack:{TEAM}:file:F0LOCKED"))
    reply = sift.fake.posts()[-1].args
    assert sift.fake.downloads == [("F0LOCKED", f"Bearer {TOKEN}")]
    assert "sign-in page" in reply["text"] and "files:read" in reply["text"]
    assert reply["thread_ts"] == "1763780000.123456" and len(sift.fake.posts()) == 1
    assert count(sift.core.engine, Candidate) == 0


async def test_files_from_a_host_that_is_not_slack_are_never_downloaded(sift, seeds: Path):
    elsewhere = sift.fake.base.replace("127.0.0.1", "localhost") + "/files/F0EVIL/cv.pdf"
    reply = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf", file_id="F0EVIL", url=elsewhere)
    assert sift.fake.downloads == []  # the bot token never left for another host
    assert "outside Slack" in reply["text"] and "localhost" in reply["text"]
    assert count(sift.core.engine, Candidate) == 0


async def test_file_sent_to_sift_in_a_direct_message_is_read(sift, seeds: Path):
    reply = await drop_and_wait(sift, seeds / "004_3a7af2b79af595e1.pdf", channel="D0SIFTDM01",
                                channel_type="im")
    assert reply["channel"] == "D0SIFTDM01" and "Anshul Nasery" in reply["text"]


async def test_screenshot_in_a_channel_is_ignored_without_a_claim_or_reply(sift, seeds: Path, tmp_path: Path):
    png = tmp_path / "screenshot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    await sift.slack.event(drop(sift.fake, png, file_id="F0PNG"))
    # ...and a resume in the same channel right after still gets its card: the listener is not stuck.
    await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    assert len(sift.fake.posts()) == 1 and ("F0PNG", f"Bearer {TOKEN}") not in sift.fake.downloads
    assert not delivery_done(sift, f"slack:{TEAM}:file:F0PNG")


async def test_a_picture_sent_in_a_direct_message_gets_one_sentence(sift, tmp_path: Path):
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    reply = await drop_and_wait(sift, png, file_id="F0DMPNG", channel="D0SIFTDM01", channel_type="im")
    assert "not a resume" in reply["text"] and "PDF, DOCX, TXT or Markdown" in reply["text"]


async def test_every_card_posted_is_remembered_for_forget(sift, seeds: Path):
    await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    with Session(sift.core.engine) as s:
        rows = list(s.execute(select(PostedMessage)).scalars())
    ts = sift.fake.posts()[0]
    assert len(rows) == 1 and rows[0].kind == "card" and rows[0].platform == "slack"
    assert (rows[0].channel, rows[0].message_id) in sift.fake.messages
    assert json.dumps(ts.args["blocks"])  # what was posted is plain JSON


async def test_a_word_file_named_pdf_is_still_read_by_its_content(sift, seeds: Path, tmp_path: Path):
    misnamed = tmp_path / "ayush.pdf"
    misnamed.write_bytes((seeds / f"{AYUSH}.docx").read_bytes())
    reply = await drop_and_wait(sift, misnamed)
    assert "Ayush Garg" in reply["text"] and count(sift.core.engine, Candidate) == 1


async def test_a_snippet_written_in_slack_is_not_taken_for_a_resume(sift, seeds: Path):
    meta = sift.fake.add_file("F0SNIP", "notes.txt", b"standup notes: ship the thing", filetype="text")
    meta["mode"] = "snippet"
    await sift.slack.event(file_share_event(meta, event_id="Ev0SNIP"))
    await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")  # the next real drop is answered; the snippet was not
    assert len(sift.fake.posts()) == 1 and [f for f, _ in sift.fake.downloads] == ["F0RESUME01"]
