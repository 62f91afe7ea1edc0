"""render.py is pure: a neutral Reply in, Discord's embed and component JSON out, within Discord's limits.

Set SIFT_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change (and review the diff).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import discord

from bot.commands import HELP
from bot.reply import Button, Card, Reply
from handlers.discord import render

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, value: Any) -> None:
    path = GOLDEN / name
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("SIFT_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert json.loads(path.read_text()) == json.loads(text), f"{name} changed; see SIFT_UPDATE_GOLDEN"


def ayush() -> Card:
    return Card(
        candidate_id=12, name="Ayush Garg", headline="Founding ML Engineer at Datacy Inc.", location="New Delhi, India",
        years=1.5,
        education=["Master of Science, Robotics, Systems and Control — ETH Zurich (2021)",
                   "Bachelor of Technology, Mechanical Engineering — Indian Institute of Technology Delhi (2019)"],
        skills=["python", "c++", "cuda", "machine_learning"], links=["linkedin.com/in/ayush-garg-b23295115",
                                                                    "https://github.com/ayush*garg"],
        emails=["ayushgarg70@gmail.com"], phones=["+918800260409"], missing=["no education dates"],
        files=["ayush.pdf", "ayush-2024.docx"], status="new candidate",
        buttons=[Button("Edit", "edit", "12"),
                 Button("Forget", "forget", "12", style="danger", confirm="Forget Ayush Garg: …?")])


def check_limits(e: dict[str, Any]) -> None:
    assert len(e.get("title", "")) <= render.TITLE
    assert len(e.get("description", "") or "") <= render.DESCRIPTION
    assert len(e.get("fields", [])) <= render.FIELDS
    for f in e.get("fields", []):
        assert 0 < len(f["name"]) <= render.FIELD_NAME and 0 < len(f["value"]) <= render.FIELD_VALUE
    assert len(e.get("footer", {}).get("text", "")) <= render.FOOTER


def total(embeds: list[discord.Embed]) -> int:
    return sum(render.embed_size(e) for e in embeds)


def test_a_card_renders_as_the_golden_embed() -> None:
    e = render.embed(ayush()).to_dict()
    check_limits(e)
    golden("embed_card.json", e)
    # Markdown in resume text is shown as typed, not interpreted.
    fields = {f["name"]: f["value"] for f in e["fields"]}
    assert "machine\\_learning" in fields["Top skills"] and "ayush\\*garg" in fields["Links"]


def test_a_drop_reply_renders_as_the_golden_message() -> None:
    kwargs = render.message(Reply("Ayush Garg — new candidate", cards=[ayush()], candidate_ids=[12]))
    mentions = kwargs["allowed_mentions"]
    assert not (mentions.everyone or mentions.users or mentions.roles or mentions.replied_user)
    view = kwargs["view"]
    assert view.timeout is None and all(item.is_persistent() for item in view.children)
    golden("drop_message.json", {"content": kwargs["content"], "embeds": [e.to_dict() for e in kwargs["embeds"]],
                                 "components": view.to_components()})


def test_a_card_missing_everything_still_renders() -> None:
    e = render.embed(Card(candidate_id=3, name=None, missing=["no name found", "no email found"])).to_dict()
    check_limits(e)
    assert e["title"] == "Unnamed candidate #3"
    assert e["fields"] == [{"name": "Could not read", "value": "no name found, no email found", "inline": False}]


def test_huge_cards_are_cut_to_discords_limits() -> None:
    long = "x" * 5000
    card = Card(candidate_id=1, name="N" * 400, headline=long, location=long, years=3,
                education=[long] * 5, skills=[f"skill{i}" for i in range(400)], links=[long] * 5,
                emails=[long], why=[long], missing=[long], files=[long] * 3, status=long,
                buttons=[Button("Share", "share", "1")])
    embeds = render.fit([render.embed(card) for _ in range(10)])
    for e in embeds:
        check_limits(e.to_dict())
    assert len(embeds) <= render.EMBEDS and total(embeds) <= render.EMBED_TOTAL
    kwargs = render.message(Reply(long, title=long, cards=[card] * 12, notes=[long] * 3,
                                  buttons=[Button("Next", "page", "5|" + long)]))
    assert len(kwargs["content"]) <= render.CONTENT
    assert total(kwargs["embeds"]) <= render.EMBED_TOTAL
    components = kwargs["view"].to_components()
    assert len(components) <= 5 and all(len(row["components"]) <= 5 for row in components)
    for row in components:
        for b in row["components"]:
            assert len(b["custom_id"]) <= 100 and len(b["label"]) <= render.BUTTON_LABEL


def test_a_problem_is_one_plain_sentence_without_embeds_or_buttons() -> None:
    kwargs = render.message(Reply.problem("This PDF is password-protected; export it without a password."))
    assert kwargs["content"] == "This PDF is password-protected; export it without a password."
    assert kwargs["embeds"] == [] and kwargs["view"] is None


def test_slack_style_emphasis_becomes_discord_markdown() -> None:
    text = render.mrkdwn(HELP)
    assert text.startswith("**Sift** reads resumes") and "`/find python iit`" in text
    assert render.mrkdwn("see <https://example.com/a|the docs>") == "see [the docs](https://example.com/a)"


def test_find_results_have_numbered_share_buttons_and_paging() -> None:
    cards = [Card(candidate_id=i, name=f"Person {i}", buttons=[Button("Share", "share", str(i))]) for i in (4, 9)]
    reply = Reply("2 candidates", title="2 candidates for 'go'", cards=cards, notes=["showing 1–2 of 7"],
                  buttons=[Button("Next", "page", "2|go", style="primary")], ephemeral=True)
    kwargs = render.message(reply)
    assert kwargs["content"] == "**2 candidates for 'go'**\n-# showing 1–2 of 7"
    rows = kwargs["view"].to_components()
    found = [(b["label"], b["custom_id"], b["style"]) for row in rows for b in row["components"]]
    assert found == [("Share: Person 4", "sift:share:4", 2), ("Share: Person 9", "sift:share:9", 2),
                     ("Next", "sift:page:2|go", 1)]
