"""Slash commands, buttons, the Edit modal and the App Home, driven through the real bolt app."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_sdk.models.views import View

from tests.slack.conftest import TEAM
from tests.slack.fake_slack import eventually, payload
from tests.slack.flows import (
    blocks_text,
    button,
    card_posts,
    command,
    delivery_done,
    drop_and_wait,
    ingest,
    responses,
    synthetic_resume,
)

pytestmark = pytest.mark.asyncio

AYUSH = "002_6657b3f5ceaca828"
WORKSPACE = f"slack:{TEAM}"


def names(reply: dict) -> list[str]:
    """The candidates' names on a page, in order."""
    return [b["text"]["text"].split("*")[1] for b in reply["blocks"] if b.get("block_id", "").startswith("card.")]


def buttons_of(blocks: list[dict]) -> dict[str, dict]:
    return {e["text"]["text"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


async def test_find_is_acknowledged_at_once_and_answered_privately_with_ranked_cards(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    ingest(sift, (seeds / "004_3a7af2b79af595e1.pdf").read_bytes(), "anshul.pdf")
    sent = await sift.slack.command(command(sift.fake, "python iit"))
    assert sent.status == 200 and sent.text == "" and sent.seconds < 3
    (answer,) = await eventually(lambda: responses(sift.fake, "cmd"))
    assert answer["response_type"] == "ephemeral"
    shown = blocks_text(answer["blocks"])
    assert answer["blocks"][0]["type"] == "header" and "for 'python iit'" in answer["blocks"][0]["text"]["text"]
    assert "Ayush Garg" in shown and "interpreted:" in shown and "matched:" in shown
    assert "Share" in buttons_of(answer["blocks"])
    assert sift.fake.posts() == []  # nothing visible to the channel


async def test_find_pages_with_next_and_previous(sift):
    for i in range(7):
        ingest(sift, synthetic_resume(i), f"person{i}.txt")
    await sift.slack.command(command(sift.fake, "spark"))
    (first,) = await eventually(lambda: responses(sift.fake, "cmd"))
    assert "showing 1–5 of 7" in blocks_text(first["blocks"]) and "Previous" not in buttons_of(first["blocks"])
    nxt = buttons_of(first["blocks"])["Next"]
    await sift.slack.interaction(button(sift.fake, "page", nxt["value"], reply_to="next"))
    (second,) = await eventually(lambda: responses(sift.fake, "next"))
    assert second["replace_original"] is True and second["response_type"] == "ephemeral"
    assert "showing 6–7 of 7" in blocks_text(second["blocks"]) and "Next" not in buttons_of(second["blocks"])
    prev = buttons_of(second["blocks"])["Previous"]
    await sift.slack.interaction(button(sift.fake, "page", prev["value"], reply_to="prev"))
    (third,) = await eventually(lambda: responses(sift.fake, "prev"))
    assert "showing 1–5 of 7" in blocks_text(third["blocks"])
    assert set(names(first)).isdisjoint(names(second)) and names(first) == names(third)


async def test_share_in_a_public_channel_hides_email_and_phone(sift, seeds: Path):
    cid = ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    sift.fake.channels["C0HIRING01"] = {"name": "hiring", "is_private": False}
    await sift.slack.interaction(button(sift.fake, "share", str(cid)))
    (post,) = await eventually(lambda: card_posts(sift.fake))
    shown = blocks_text(post["blocks"])
    assert "Ayush Garg" in shown and "shared by <@U0RECRUIT1>" in shown
    assert "ayushgarg70@gmail.com" not in shown and "8800260409" not in shown
    assert "no email found" not in shown
    await eventually(lambda: _posted(sift, cid, "share"))


async def test_share_in_a_private_channel_shows_contact_details(sift, seeds: Path):
    cid = ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    sift.fake.channels["C0SECRET01"] = {"name": "hiring-leads", "is_private": True}
    await sift.slack.interaction(button(sift.fake, "share", str(cid), channel="C0SECRET01",
                                        channel_name="hiring-leads"))
    (post,) = await eventually(lambda: card_posts(sift.fake, "C0SECRET01"))
    shown = blocks_text(post["blocks"])
    assert "ayushgarg70@gmail.com" in shown and "+918800260409" in shown


async def test_share_where_sift_is_not_a_member_says_how_to_invite_it(sift, seeds: Path):
    cid = ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    sift.fake.not_member.add("C0HIRING01")
    await sift.slack.interaction(button(sift.fake, "share", str(cid)))
    (answer,) = await eventually(lambda: responses(sift.fake, "act"))
    assert "/invite @Sift" in answer["text"] and answer["response_type"] == "ephemeral"


def _posted(h, candidate_id: int, kind: str) -> bool:
    from sqlmodel import Session, select

    from storage.models import PostedMessage

    with Session(h.core.engine) as s:
        return bool(s.exec(select(PostedMessage).where(PostedMessage.candidate_id == candidate_id,
                                                       PostedMessage.kind == kind)).first())


async def test_filters_are_saved_listed_and_deleted_per_channel(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    await sift.slack.command(command(sift.fake, "save ml-iit python iit", name="/filter", reply_to="save"))
    (saved,) = await eventually(lambda: card_posts(sift.fake))
    assert "Saved filter" in saved["text"] and "ml-iit" in saved["text"]
    await sift.slack.command(command(sift.fake, "list", name="/filter", reply_to="list"))
    (listed,) = await eventually(lambda: responses(sift.fake, "list"))
    assert listed["response_type"] == "ephemeral" and "ml-iit" in listed["text"]
    await sift.slack.command(command(sift.fake, "list", name="/filter", channel="C0ELSEWHERE", reply_to="other"))
    (other,) = await eventually(lambda: responses(sift.fake, "other"))
    assert "no saved filters" in other["text"]
    await sift.slack.command(command(sift.fake, "delete ml-iit", name="/filter", reply_to="delete"))
    await eventually(lambda: len(card_posts(sift.fake)) == 2)
    assert "Deleted filter ml-iit" in card_posts(sift.fake)[-1]["text"]


async def test_digest_preview_is_private_and_digest_now_posts_to_the_channel(sift, seeds: Path):
    await sift.slack.command(command(sift.fake, "save ml python", name="/filter", reply_to="save"))
    await eventually(lambda: card_posts(sift.fake))
    cid = ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    await sift.slack.command(command(sift.fake, "preview", name="/digest", reply_to="preview"))
    (preview,) = await eventually(lambda: responses(sift.fake, "preview"))
    assert preview["response_type"] == "ephemeral" and "Ayush Garg" in blocks_text(preview["blocks"])
    await sift.slack.command(command(sift.fake, "now", name="/digest", reply_to="now"))
    await eventually(lambda: len(card_posts(sift.fake)) == 2)
    digest = card_posts(sift.fake)[-1]
    assert "Ayush Garg" in blocks_text(digest["blocks"])
    await eventually(lambda: _posted(sift, cid, "reply") or _posted(sift, cid, "digest"))


async def test_forget_by_someone_who_neither_uploaded_nor_administers_is_refused(sift, seeds: Path):
    await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    await sift.slack.command(command(sift.fake, "Ayush Garg", name="/forget", user="U0INTRUDER", reply_to="f"))
    (answer,) = await eventually(lambda: responses(sift.fake, "f"))
    assert "Only the person who uploaded this resume, or a workspace admin" in answer["text"]
    assert sift.fake.called("chat.delete") == []
    assert sift.core.find(WORKSPACE, "ayush").total == 1


async def test_forget_by_the_uploader_deletes_the_candidate_and_every_message_sift_posted(sift, seeds: Path):
    card = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    cid = int(buttons_of(card["blocks"])["Edit"]["value"])
    sift.fake.channels["C0HIRING01"] = {"name": "hiring"}
    await sift.slack.interaction(button(sift.fake, "share", str(cid)))
    await eventually(lambda: _posted(sift, cid, "share"))
    posted = set(sift.fake.messages)
    assert len(posted) == 2
    await sift.slack.command(command(sift.fake, "Ayush Garg", name="/forget", reply_to="f"))
    (answer,) = await eventually(lambda: responses(sift.fake, "f"))
    assert answer["text"].startswith("Forgot Ayush Garg")
    assert {(c.args["channel"], c.args["ts"]) for c in sift.fake.called("chat.delete")} == posted
    assert sift.fake.live_messages() == {}
    assert sift.core.find(WORKSPACE, "ayush").total == 0


async def test_forget_button_works_for_a_workspace_admin(sift, seeds: Path):
    card = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    cid = buttons_of(card["blocks"])["Forget"]["value"]
    assert buttons_of(card["blocks"])["Forget"]["confirm"]["confirm"]["text"] == "Forget"  # asks first
    sift.fake.users["U0ADMIN01"] = {"is_admin": True}
    await sift.slack.interaction(button(sift.fake, "forget", cid, user="U0ADMIN01", ephemeral=False))
    await eventually(lambda: sift.fake.called("chat.delete"))
    assert sift.fake.live_messages() == {} and sift.core.find(WORKSPACE, "ayush").total == 0


async def test_edit_opens_a_prefilled_modal_and_the_correction_wins_over_the_parser(sift, seeds: Path):
    card = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    ts = sift.fake.posts()[0]
    message_ts = next(k[1] for k in sift.fake.messages)
    cid = buttons_of(card["blocks"])["Edit"]["value"]
    press = button(sift.fake, "edit", cid, ephemeral=False, message_ts=message_ts,
                   message={"type": "message", "ts": message_ts, "blocks": card["blocks"], "text": card["text"]})
    assert (await sift.slack.interaction(press)).status == 200
    (opened,) = await eventually(lambda: sift.fake.called("views.open"))
    view = opened.args["view"]
    View(**view).validate_json()
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert initial == {"name": "Ayush Garg", "email": "ayushgarg70@gmail.com", "phone": "+918800260409",
                       "location": "New Delhi, India"}
    submit = payload("view_submission_edit")
    submit["view"].update({"private_metadata": view["private_metadata"], "callback_id": view["callback_id"],
                           "blocks": view["blocks"]})
    submit["view"]["state"]["values"] = {
        "name": {"value": {"type": "plain_text_input", "value": "Ayush K. Garg"}},
        "email": {"value": {"type": "plain_text_input", "value": "ayush@work.example"}},
        "phone": {"value": {"type": "plain_text_input", "value": "+918800260409"}},
        "location": {"value": {"type": "plain_text_input", "value": "Zurich, Switzerland"}},
    }
    sent = await sift.slack.interaction(submit)
    assert sent.status == 200 and sent.text == ""  # an empty ack closes the modal
    shown = sift.core.show(WORKSPACE, int(cid))
    assert (shown["name"], shown["location"]) == ("Ayush K. Garg", "Zurich, Switzerland")
    assert set(shown["corrections"]) == {"name", "email", "location", "by"}  # the unchanged phone is not frozen
    (update,) = await eventually(lambda: sift.fake.called("chat.update"))
    assert update.args["ts"] == message_ts and "Ayush K. Garg" in blocks_text(update.args["blocks"])
    assert "corrected by <@U0RECRUIT1>" in blocks_text(update.args["blocks"])
    assert "Open file" in buttons_of(update.args["blocks"])
    # A newer resume of the same person: the parser's name comes back, the correction still wins.
    again = await drop_and_wait(sift, seeds / f"{AYUSH}.docx", file_id="F0DOCX", ts="1763789999.000100")
    assert "Ayush K. Garg" in again["text"] and "updated" in again["text"]
    assert ts.args["channel"] == "C0HIRING01"


async def test_app_home_shows_recent_candidates_my_filters_and_how_to_use_sift(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    await sift.slack.command(command(sift.fake, "save ml-iit python iit", name="/filter"))
    await sift.slack.command(command(sift.fake, "save theirs python", name="/filter", user="U0SOMEONE"))
    await eventually(lambda: len(card_posts(sift.fake)) == 2)
    assert (await sift.slack.event(payload("event_app_home_opened"))).status == 200
    (published,) = await eventually(lambda: sift.fake.called("views.publish"))
    assert published.args["user_id"] == "U0RECRUIT1"
    view = published.args["view"]
    View(**view).validate_json()
    shown = blocks_text(view["blocks"])
    assert view["type"] == "home" and "Ayush Garg" in shown and "/find python iit" in shown
    assert "ml-iit in <#C0HIRING01>" in shown and "theirs" not in shown
    assert "ayushgarg70@gmail.com" not in shown  # the Home tab shows no contact details


async def test_a_direct_message_to_sift_works_like_a_command(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    body = payload("event_message_im_text")
    assert (await sift.slack.event(body)).status == 200
    assert (await sift.slack.event(body, retry=1)).status == 200  # a retry gets no second answer
    (answer,) = await eventually(lambda: card_posts(sift.fake, "D0SIFTDM01"))
    assert "Ayush Garg" in blocks_text(answer["blocks"])
    await eventually(lambda: delivery_done(sift, f"slack:{TEAM}:event:Ev0IMTEXT01"))
    assert len(card_posts(sift.fake, "D0SIFTDM01")) == 1


async def test_commands_in_a_private_channel_are_answered_through_response_url(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    form = payload("command_in_private_channel")
    form["response_url"] = sift.fake.response_url("private")
    await sift.slack.command(form)
    (answer,) = await eventually(lambda: responses(sift.fake, "private"))
    assert answer["response_type"] == "ephemeral" and "Ayush Garg" in json.dumps(answer["blocks"])
