"""Application commands: recorded INTERACTION_CREATE payloads through the real command tree, answers
recorded at the webhook adapter."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.domain import Actor
from tests.discord.fakes import PAYLOADS, World, buttons, custom_ids

ACME = "discord:1180000000000000001"
RITA = "1190000000000000001"
AYUSH_PDF = "002_6657b3f5ceaca828.pdf"

PEOPLE = ["Meera Iyer", "Kabir Shah", "Tara Singh", "Vikram Rao", "Leela Menon", "Arjun Nair", "Zoya Khan"]


def seed_people(core: Any, workspace: str = ACME, user: str = RITA) -> list[int]:
    """Seven Python people, stored through the core as uploads by `user`."""
    actor = Actor(workspace=workspace, user=user, platform="discord")
    ids = []
    for i, name in enumerate(PEOPLE):
        first = name.split()[0].lower()
        text = (f"{name}\n{first}.{i}@mailbox.org | +91 98{i}0012345 | Pune, India\n\n"
                f"Experience\nSoftware Engineer, Company{i} Labs\nJan 20{10 + i} - Present\n\n"
                f"Skills\nPython, SQL, Docker\n")
        r = core.ingest(text.encode(), f"{first}.txt", actor=actor)
        assert r.status == "created", r
        ids.append(r.candidate_id)
    return ids


def query(value: str) -> list[dict[str, Any]]:
    return [{"name": "query", "type": 3, "value": value}]


def test_recorded_payloads_are_discord_shaped() -> None:
    for path in PAYLOADS.glob("*.json"):
        p = json.loads(path.read_text())
        if path.name == "world.json":
            continue
        assert {"id", "application_id", "type", "token", "version", "attachment_size_limit"} <= set(p), path.name
        assert p["type"] in (2, 3, 4, 5)


async def test_find_is_deferred_privately_then_answered_with_pages(world: World, discord_core: Any) -> None:
    seed_people(discord_core)
    calls = await world.command("find.json", query("python"))

    defer, answer = calls
    assert (defer.method, defer.kind, defer.ephemeral) == ("POST", 5, True)  # "Sift is thinking…", only for you
    assert defer.params == {"with_response": "1"}
    assert defer.at - world.started < 3.0
    assert answer.method == "PATCH" and answer.path.endswith("/messages/@original")
    first = answer.body
    assert "7 candidates for 'python'" in first["content"] and "showing 1–5 of 7" in first["content"]
    assert len(first["embeds"]) == 5
    ids = custom_ids(first["components"])
    assert [i for i in ids if i.startswith("sift:share:")] and ids[-1] == "sift:page:5|python"
    assert all(len(i) <= 100 for i in ids)
    assert sum(len(json.dumps(e)) for e in first["embeds"]) < 6000 * 2

    # Next: the same private message now shows the rest, with Previous.
    original = world.message(world.webhook.originals[calls[0].token])
    calls = await world.press(original, "sift:page:5|python")
    defer, answer = calls
    assert defer.kind == 6 and answer.method == "PATCH"
    assert "showing 6–7 of 7" in answer.body["content"] and len(answer.body["embeds"]) == 2
    assert custom_ids(answer.body["components"])[-1] == "sift:page:0|python"
    titles = {e["title"] for e in first["embeds"]} | {e["title"] for e in answer.body["embeds"]}
    assert titles == set(PEOPLE)

    # Previous: back to the first page.
    calls = await world.press(world.message(original["id"]), "sift:page:0|python")
    assert "showing 1–5 of 7" in calls[-1].body["content"]


async def test_a_long_query_still_pages(world: World, discord_core: Any) -> None:
    seed_people(discord_core)
    long_query = "python " + " ".join(["-cobol"] * 20)
    calls = await world.command("find.json", query(long_query))
    [next_id] = [i for i in custom_ids(calls[-1].body["components"]) if i.startswith("sift:page:")]
    assert len(next_id) <= 100 and long_query not in next_id
    calls = await world.press(world.message(world.webhook.originals[calls[0].token]), next_id)
    assert "showing 6–7 of 7" in calls[-1].body["content"]


async def test_share_hides_contacts_in_a_public_channel_and_keeps_them_in_a_private_one(
        world: World, discord_core: Any, engine: Any) -> None:
    [meera, *_] = seed_people(discord_core)
    calls = await world.command("find.json", query("meera"))
    results = world.message(world.webhook.originals[calls[0].token])
    share = f"sift:share:{meera}"
    assert share in custom_ids(results["components"])
    label = next(b["label"] for b in buttons(results["components"]) if b["custom_id"] == share)
    assert label == "Share: Meera Iyer"

    defer, posted = await world.press(results, share)
    assert defer.kind == 5 and not defer.ephemeral  # a new message the whole channel sees
    [card] = posted.body["embeds"]
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert card["title"] == "Meera Iyer" and "Contact" not in fields
    assert "meera.0@mailbox.org" not in json.dumps(posted.body)
    shared_id = world.webhook.originals[defer.token]
    assert world.exists("1180000000000000201", shared_id)

    calls = await world.command("find.json", query("meera"), where="acme-private")
    results = world.message(world.webhook.originals[calls[0].token])
    defer, posted = await world.press(results, share, where="acme-private")
    fields = {f["name"]: f["value"] for f in posted.body["embeds"][0]["fields"]}
    assert "meera.0@mailbox.org" in fields["Contact"]

    from sqlmodel import Session, select

    from storage.models import PostedMessage

    with Session(engine) as s:
        kinds = sorted((p.kind, p.channel) for p in s.exec(select(PostedMessage)))
    assert kinds == [("share", "1180000000000000201"), ("share", "1180000000000000202")]


async def test_upload_command_reads_the_attachment_into_a_public_card(world: World, seeds: Path) -> None:
    p = world.interaction("upload.json")
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")
    p["data"]["options"] = [{"name": "resume", "type": 11, "value": att["id"]}]
    p["data"]["resolved"] = {"attachments": {att["id"]: dict(att, ephemeral=True)}}
    defer, answer = await world.dispatch(p)

    assert defer.kind == 5 and not defer.ephemeral
    [card] = answer.body["embeds"]
    assert card["title"] == "Ayush Garg" and "new candidate" in card["footer"]["text"]
    cid = int(card["footer"]["text"].split()[0].lstrip("#"))
    assert custom_ids(answer.body["components"]) == [f"sift:edit:{cid}", f"sift:forget:{cid}"]
    assert answer.body["allowed_mentions"]["parse"] == []
    assert world.downloads == [att["url"]]


async def test_upload_command_refuses_an_oversized_file_before_download(world: World, seeds: Path) -> None:
    p = world.interaction("upload.json")
    att = world.attachment((seeds / AYUSH_PDF).read_bytes(), "big.pdf", size=40_000_000)
    p["data"]["options"] = [{"name": "resume", "type": 11, "value": att["id"]}]
    p["data"]["resolved"] = {"attachments": {att["id"]: att}}
    _, answer = await world.dispatch(p)

    assert answer.body["content"].startswith("Sift couldn't read big.pdf: This file is 40.0 MB")
    assert world.downloads == []


async def test_a_member_without_the_role_gets_a_polite_private_refusal(world: World, discord_core: Any) -> None:
    seed_people(discord_core)
    [answer] = await world.command("find.json", query("python"), who="nina")

    assert answer.kind == 4 and answer.ephemeral  # answered at once, only to nina; nothing searched
    assert answer.data["content"] == ("Sorry, Sift is open to members with the “Recruiter” role or the Manage "
                                      "Server permission in this server. Ask a server admin if you need it.")
    assert "embeds" not in answer.data or not answer.data["embeds"]


async def test_manage_server_is_enough_without_the_role(world: World, discord_core: Any) -> None:
    seed_people(discord_core)
    calls = await world.command("find.json", query("python"), who="omar")
    assert "7 candidates" in calls[-1].body["content"]


async def test_help_answers_privately(world: World) -> None:
    [answer] = await world.command("help.json", [])
    assert answer.kind == 4 and answer.ephemeral
    assert "**Sift** reads resumes" in answer.data["content"]


async def test_forget_command_by_the_uploader_deletes_the_candidate_and_the_card(
        world: World, seeds: Path, discord_core: Any) -> None:
    await world.drop("rita", "acme-hiring", [world.attachment((seeds / AYUSH_PDF).read_bytes(), "ayush.pdf")])
    [card] = world.sent
    cid = int(card["payload"]["embeds"][0]["footer"]["text"].split()[0].lstrip("#"))
    assert world.exists("1180000000000000201", card["id"])

    defer, answer = await world.command("forget.json", [{"name": "who", "type": 3, "value": str(cid)}])
    assert defer.kind == 5 and defer.ephemeral
    assert answer.body["content"].startswith("Forgot Ayush Garg")
    assert not world.exists("1180000000000000201", card["id"])
    assert discord_core.find(ACME, "ayush").total == 0


async def test_without_configured_roles_only_manage_server_may_use_sift(world_without_roles: World,
                                                                       discord_core: Any) -> None:
    world = world_without_roles
    seed_people(discord_core)
    [refused] = await world.command("find.json", query("python"), who="rita")  # has "Recruiter", not enough now
    assert refused.data["content"] == ("Sorry, Sift is open to members with the Manage Server permission in this "
                                       "server. Ask a server admin if you need it.")
    calls = await world.command("find.json", query("python"), who="omar")
    assert "7 candidates" in calls[-1].body["content"]
