"""The card's persistent buttons: Edit (a modal whose corrections win) and Forget (confirmed, uploader or
admin only), pressed as recorded component and modal-submit payloads."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.domain import NotFound
from tests.discord.fakes import World, custom_ids

ACME = "discord:1180000000000000001"
HIRING = "1180000000000000201"
RITA = "1190000000000000001"
AYUSH_PDF = "002_6657b3f5ceaca828.pdf"
AYUSH_DOCX = "002_6657b3f5ceaca828.docx"


async def drop_card(world: World, seeds: Path, who: str = "rita", name: str = AYUSH_PDF) -> tuple[int, dict[str, Any]]:
    """Drop a seed resume; return the candidate id and the card message as Discord shows it."""
    before = len(world.sent)
    await world.drop(who, "acme-hiring", [world.attachment((seeds / name).read_bytes(), name)])
    sent = world.sent[before]
    cid = int(sent["payload"]["embeds"][0]["footer"]["text"].split()[0].lstrip("#"))
    return cid, world.card_message(sent)


def text_inputs(components: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for c in components:
        inner = [c["component"]] if c.get("type") == 18 else c.get("components", [])
        for i in inner:
            if i.get("type") == 4:
                out[i["custom_id"]] = i
    return out


async def test_edit_opens_a_modal_and_the_correction_wins(world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    [modal] = await world.press(card, f"sift:edit:{cid}")

    assert modal.kind == 9  # the modal is the first answer, within the 3 seconds
    assert modal.data["custom_id"] == f"sift:edit-modal:{cid}:{RITA}"
    fields = text_inputs(modal.data["components"])
    assert set(fields) == {"name", "email", "phone", "location"}
    assert fields["name"]["value"] == "Ayush Garg" and fields["email"]["value"] == "ayushgarg70@gmail.com"

    calls = await world.submit(modal.data["custom_id"], {
        "name": "Ayush K. Garg", "email": "ayush@newmail.org", "phone": "+918800260409",
        "location": "New Delhi, India"}, message=card)
    defer, redraw, saved = calls
    assert defer.kind == 6  # acknowledged as an update of the card itself
    assert redraw.method == "PATCH" and redraw.body["embeds"][0]["title"] == "Ayush K. Garg"
    assert "ayush@newmail.org" in str(redraw.body["embeds"][0]["fields"])
    assert saved.method == "POST" and saved.ephemeral
    assert saved.body["content"].startswith("Saved: name, email.")  # unchanged fields are not corrections

    shown = discord_core.show(ACME, cid)
    assert shown["name"] == "Ayush K. Garg" and shown["corrections"]["by"] == RITA
    assert "phone" not in shown["corrections"]
    assert discord_core.find(ACME, 'name:"ayush k. garg"').total == 1

    # A later resume of the same person updates the candidate, but the person's correction still wins.
    await world.drop("rita", "acme-hiring", [world.attachment((seeds / AYUSH_DOCX).read_bytes(), "ayush.docx")])
    again = world.sent[-1]["payload"]["embeds"][0]
    assert again["title"] == "Ayush K. Garg"
    assert discord_core.show(ACME, cid)["versions"] == 2


async def test_forget_confirmed_by_the_uploader_deletes_the_candidate_and_every_message(
        world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    # Shared once into the channel too: that message must go as well.
    calls = await world.command("find.json", [{"name": "query", "type": 3, "value": "ayush"}])
    results = world.message(world.webhook.originals[calls[0].token])
    share, _ = await world.press(results, f"sift:share:{cid}")
    shared_id = world.webhook.originals[share.token]
    assert world.exists(HIRING, card["id"]) and world.exists(HIRING, shared_id)

    [ask] = await world.press(card, f"sift:forget:{cid}")
    assert ask.kind == 4 and ask.ephemeral
    assert ask.data["content"].startswith("Forget Ayush Garg")
    assert custom_ids(ask.data["components"]) == [f"sift:forget-yes:{cid}", f"sift:forget-no:{cid}"]
    assert discord_core.show(ACME, cid)  # nothing happens before the confirmation

    question = world.message(world.webhook.originals[ask.token])
    defer, answer = await world.press(question, f"sift:forget-yes:{cid}")
    assert defer.kind == 6 and answer.method == "PATCH"
    assert answer.body["content"].startswith("Forgot Ayush Garg")
    assert answer.body["components"] == []
    with pytest.raises(NotFound):
        discord_core.show(ACME, cid)
    assert not world.exists(HIRING, card["id"]) and not world.exists(HIRING, shared_id)


async def test_keep_leaves_everything_as_it_was(world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    [ask] = await world.press(card, f"sift:forget:{cid}")
    [answer] = await world.press(world.message(world.webhook.originals[ask.token]), f"sift:forget-no:{cid}")
    assert answer.kind == 7 and answer.data["content"] == "Kept: nothing was deleted."
    assert discord_core.show(ACME, cid) and world.exists(HIRING, card["id"])


async def test_only_the_uploader_or_an_admin_may_forget(world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    [ask] = await world.press(card, f"sift:forget:{cid}", who="ravi")  # a recruiter, not the uploader
    _, answer = await world.press(world.message(world.webhook.originals[ask.token]), f"sift:forget-yes:{cid}",
                                  who="ravi")
    assert answer.body["content"] == "Only the person who uploaded this resume, or a workspace admin, can forget it."
    assert discord_core.show(ACME, cid) and world.exists(HIRING, card["id"])

    [ask] = await world.press(card, f"sift:forget:{cid}", who="omar")  # Manage Server: a guild admin
    _, answer = await world.press(world.message(world.webhook.originals[ask.token]), f"sift:forget-yes:{cid}",
                                  who="omar")
    assert answer.body["content"].startswith("Forgot Ayush Garg")
    assert not world.exists(HIRING, card["id"])


async def test_a_member_without_the_role_cannot_press_the_buttons(world: World, seeds: Path,
                                                                 discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    for custom_id in (f"sift:edit:{cid}", f"sift:forget:{cid}", f"sift:forget-yes:{cid}"):
        [answer] = await world.press(world.with_buttons(card, custom_id), custom_id, who="nina")
        assert answer.kind == 4 and answer.ephemeral and answer.data["content"].startswith("Sorry, Sift is open to")
    [answer] = await world.submit(f"sift:edit-modal:{cid}:1190000000000000003", {"name": "Nope"}, message=card,
                                  who="nina")
    assert answer.kind == 4 and answer.data["content"].startswith("Sorry, Sift is open to")
    assert discord_core.show(ACME, cid)["name"] == "Ayush Garg"


async def test_the_buttons_still_work_after_sift_restarts(world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await drop_card(world, seeds)
    [modal] = await world.press(card, f"sift:edit:{cid}")  # the form is open while Sift restarts
    await world.restart()  # a new bot object, nothing in memory but the persistent DynamicItem templates

    calls = await world.submit(modal.data["custom_id"], {"name": "Ayush K. Garg", "email": "ayushgarg70@gmail.com",
                                                         "phone": "+918800260409", "location": "New Delhi, India"},
                               message=card)
    assert calls[-1].body["content"].startswith("Saved: name.")
    assert discord_core.show(ACME, cid)["name"] == "Ayush K. Garg"

    [modal] = await world.press(card, f"sift:edit:{cid}")
    assert modal.kind == 9 and text_inputs(modal.data["components"])["name"]["value"] == "Ayush K. Garg"
    [ask] = await world.press(card, f"sift:forget:{cid}")
    _, answer = await world.press(world.message(world.webhook.originals[ask.token]), f"sift:forget-yes:{cid}")
    assert answer.body["content"].startswith("Forgot Ayush K. Garg")
    assert not world.exists(HIRING, card["id"])
