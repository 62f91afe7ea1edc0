"""Block Kit rendering: pure functions, golden JSON, Slack's limits, and resume text that cannot do harm."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.reply import Button, Card, Reply
from handlers.slack import modals, render

GOLDEN = Path(__file__).with_name("golden")


def _card() -> Card:
    return Card(
        candidate_id=12, name="Ayush Garg", headline="Founding ML Engineer at Datacy Inc.",
        location="New Delhi, India", years=1.5,
        education=["Master of Science, Robotics, Systems and Control — ETH Zurich (2021)",
                   "Bachelor of Technology, Mechanical Engineering — Indian Institute of Technology Delhi (2019)"],
        skills=["python", "pytorch", "c++", "kubernetes"], links=["github.com/ayush", "linkedin.com/in/ayush-garg"],
        emails=["ayushgarg70@gmail.com"], phones=["+918800260409"], missing=["no name found"],
        why=["skill python", "school IIT Delhi (alias iit)"], files=["ayush-garg.pdf"], status="new candidate",
        buttons=[Button("Edit", "edit", "12"),
                 Button("Forget", "forget", "12", style="danger",
                        confirm="Forget Ayush Garg: their resumes, facts and every message Sift posted about them?"),
                 Button("Open file", "open", "F0RESUME01", url="https://sift-test.slack.com/files/U1/F0RESUME01/a.pdf")],
    )


def _validate(blocks: list[dict]) -> None:
    for b in blocks:
        Block.parse(b).validate_json()  # raises SlackObjectFormationError past any Block Kit limit
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(ids) == len(set(ids)), "block ids must be unique within a message"


def _golden(name: str, value: object) -> None:
    path = GOLDEN / name
    if os.environ.get("SIFT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(render.dumps(value))
    assert render.dumps(value) == path.read_text(), f"{name} changed; SIFT_UPDATE_GOLDEN=1 rewrites it"


def test_card_renders_as_the_golden_block_kit_json():
    reply = Reply("Ayush Garg — new candidate", cards=[_card()], candidate_ids=[12])
    blocks = render.blocks(reply)
    _validate(blocks)
    _golden("card.json", blocks)


def test_find_page_renders_as_the_golden_block_kit_json():
    second = _card()
    second.candidate_id, second.name, second.buttons = 13, None, [Button("Share", "share", "13")]
    reply = Reply("2 candidates for 'python iit'", title="2 candidates for 'python iit'", cards=[_card(), second],
                  notes=["interpreted: skill python · school: any IIT", "showing 1–2 of 7"],
                  buttons=[Button("Previous", "page", "0|python iit"),
                           Button("Next", "page", "2|python iit", style="primary")], ephemeral=True)
    blocks = render.blocks(reply)
    _validate(blocks)
    _golden("find_page.json", blocks)
    actions = [b for b in blocks if b["type"] == "actions"]
    ids = [e["action_id"] for b in actions for e in b["elements"]]
    assert all(len({e["action_id"] for e in b["elements"]}) == len(b["elements"]) for b in actions)
    assert "sift.page.0" in ids and "sift.page.1" in ids and "sift.share.0" in ids
    assert "*Unnamed candidate #13*" in json.dumps(blocks)


def test_every_block_stays_within_block_kit_limits_however_long_the_resume():
    huge = Card(candidate_id=1, name="N" * 400, headline="T" * 5000, location="L" * 3000, years=37.25,
                education=["E" * 1000] * 30, skills=["s" * 90] * 200, links=["example.org/" + "p" * 600] * 20,
                emails=["e" * 300 + "@x.org"] * 10, phones=["+1" + "9" * 30] * 10, missing=["no " + "m" * 900] * 20,
                why=["w" * 500] * 50, files=["f" * 500 + ".pdf"] * 20, status="S" * 4000,
                buttons=[Button("B" * 200, "edit", "v" * 5000, confirm="c" * 1000, style="danger")] * 30)
    reply = Reply("x" * 50_000, title="H" * 500, cards=[huge] * 30, notes=["n" * 5000] * 30,
                  buttons=[Button("Next" * 40, "page", "1|" + "q" * 3000)] * 30)
    blocks = render.blocks(reply)
    assert len(blocks) <= render.MAX_BLOCKS
    _validate(blocks)
    assert len(render.text(reply)) <= render.FALLBACK_TEXT
    home = render.home_view(reply)
    View(**home).validate_json()
    alone = render.blocks(Reply("y" * 10_000))
    _validate(alone)


def test_the_edit_modal_is_a_valid_view_within_limits():
    target = modals.EditTarget(12, "C0HIRING01", "1763780001.000100", "https://sift-test.slack.com/files/x")
    view = modals.edit_view(target, {"name": "N" * 500, "email": "e" * 400, "phone": "9" * 80, "location": "L" * 500})
    View(**view).validate_json()
    assert len(view["private_metadata"]) <= 3000
    meta, fixes = modals.read_submission({**view, "state": {"values": {}}})
    assert meta == target and set(fixes) == {"name", "email", "phone", "location"}  # all emptied


def test_resume_text_cannot_ping_everyone_or_forge_links():
    evil = Card(candidate_id=3, name="<!channel> Bob & <https://evil.example|Click>", headline="<@U0BOSS> at <#C1>",
                skills=["<!here>"], links=["evil.example/x|<!everyone>", "github.com/bob"],
                status="updated: now CTO at <!subteam^S1>")
    blocks = render.blocks(Reply("<!channel> new resume", cards=[evil]))
    text = json.dumps(blocks)
    for bad in ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "<@U0BOSS>", "<!subteam"):
        assert bad not in text, bad
    assert "&lt;!channel&gt; Bob &amp;" in text and "<https://github.com/bob|github.com/bob>" in text
    assert render.text(Reply("<!channel> hi")) == "&lt;!channel&gt; hi"


def test_sifts_own_mentions_of_people_and_channels_survive():
    c = Card(candidate_id=1, name="Ayush", status="shared by <@U0RECRUIT1>")
    text = json.dumps(render.blocks(Reply("x", cards=[c], notes=["ml-iit in <#C0HIRING01>"])))
    assert "shared by <@U0RECRUIT1>" in text and "ml-iit in <#C0HIRING01>" in text


@pytest.mark.parametrize("years,words", [(1, "1 year of experience"), (4.5, "4.5 years of experience"),
                                         (0.04, "0 years of experience")])
def test_years_of_experience_read_naturally(years: float, words: str):
    assert words in json.dumps(render.card_blocks(Card(candidate_id=1, name="A", years=years)))
