"""Tenancy: a guild is its own workspace. Beta can neither find nor touch Acme's candidates, not even by
pressing a button whose custom_id was crafted with Acme's candidate id."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.discord.fakes import World

ACME = "discord:1180000000000000001"
BETA = "discord:2180000000000000001"
AYUSH_PDF = "002_6657b3f5ceaca828.pdf"


async def acme_candidate(world: World, seeds: Path) -> tuple[int, dict[str, Any]]:
    await world.drop("rita", "acme-hiring", [world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")])
    sent = world.sent[-1]
    return int(sent["payload"]["embeds"][0]["footer"]["text"].split()[0].lstrip("#")), world.card_message(sent)


async def test_another_guild_cannot_find_or_forget_a_candidate(world: World, seeds: Path, discord_core: Any) -> None:
    cid, card = await acme_candidate(world, seeds)

    for q in ("ayush", 'name:"Ayush Garg"', "python"):
        calls = await world.command("find.json", [{"name": "query", "type": 3, "value": q}], who="bob",
                                    where="beta-hiring")
        assert calls[-1].body["content"].startswith("No candidates match"), q
        assert calls[-1].body["embeds"] == [] and "sift:share" not in json.dumps(calls[-1].body)

    calls = await world.command("forget.json", [{"name": "who", "type": 3, "value": str(cid)}], who="bob",
                                where="beta-hiring")
    assert calls[-1].body["content"] == f"No candidate {cid} here."
    assert discord_core.show(ACME, cid)["name"] == "Ayush Garg"
    assert world.exists("1180000000000000201", card["id"])


async def test_crafted_button_ids_from_another_guild_reach_nothing(world: World, seeds: Path,
                                                                  discord_core: Any) -> None:
    cid, card = await acme_candidate(world, seeds)
    beta_message = dict(card, channel_id="2180000000000000201")

    async def press(custom_id: str) -> list[Any]:
        return await world.press(world.with_buttons(beta_message, custom_id), custom_id, who="bob",
                                 where="beta-hiring")

    [answer] = await press(f"sift:edit:{cid}")
    assert answer.kind == 4 and answer.ephemeral and answer.data["content"] == "That candidate is no longer in Sift."

    [ask] = await press(f"sift:forget:{cid}")
    assert ask.data["content"] == "That candidate is no longer in Sift."

    _, answer = await press(f"sift:forget-yes:{cid}")
    assert answer.body["content"] == f"No candidate {cid} here."

    calls = await press(f"sift:share:{cid}")
    said = calls[-1]
    assert said.method == "POST" and said.ephemeral and said.body["content"] == "That candidate is no longer in Sift."
    assert "Ayush" not in json.dumps([c.body for c in calls])

    calls = await world.submit(f"sift:edit-modal:{cid}:2190000000000000001", {"name": "Mallory"},
                               message=beta_message, who="bob", where="beta-hiring")
    assert calls[-1].ephemeral and calls[-1].body["content"] == "That candidate is no longer in Sift."

    calls = await press("sift:page:0|ayush")
    assert calls[-1].body["content"].startswith("No candidates match")

    assert discord_core.show(ACME, cid)["name"] == "Ayush Garg"
    assert world.exists("1180000000000000201", card["id"])


async def test_the_same_file_in_two_guilds_is_two_separate_candidates(world: World, seeds: Path,
                                                                       discord_core: Any) -> None:
    data = (seeds / AYUSH_PDF).read_bytes()
    await world.drop("rita", "acme-hiring", [world.attachment(data, "ayush.pdf")])
    await world.drop("bob", "beta-hiring", [world.attachment(data, "ayush.pdf", channel="beta-hiring")])

    acme, beta = (s["payload"]["embeds"][0]["footer"]["text"] for s in world.sent)
    assert "new candidate" in acme and "new candidate" in beta  # not "already in Sift": Beta never saw it
    assert discord_core.find(ACME, "ayush").total == 1 and discord_core.find(BETA, "ayush").total == 1
