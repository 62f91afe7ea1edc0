"""/filter and /digest are wired to the same core as Slack's: typed options in, the core's replies out,
filter names autocompleted; digests posted unprompted go through the Discord notifier."""
from __future__ import annotations

from typing import Any

from bot.reply import Card, Reply
from handlers.discord import DiscordNotifier
from tests.discord.fakes import World
from tests.discord.test_commands import ACME, seed_people

HIRING = "1180000000000000201"


def sub(name: str, options: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    return [{"name": name, "type": 1, "options": options or []}]


def opt(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "type": 3, "value": value}


async def test_filters_are_saved_listed_completed_and_deleted_per_channel(world: World, discord_core: Any) -> None:
    seed_people(discord_core)
    defer, saved = await world.command("filter.json", sub("save", [opt("name", "py-devs"), opt("query", "python"),
                                                                    opt("schedule", "every mon 9:00")]))
    assert defer.kind == 5 and not defer.ephemeral  # the channel sees what it will get digests of
    assert saved.body["content"].startswith("Saved filter **py-devs** for this channel")
    assert "7 candidates match today" in saved.body["content"]

    _, listed = await world.command("filter.json", sub("list"))
    assert listed.body["content"].startswith("1 filter in this channel") or "py-devs" in listed.body["content"]

    p = world.interaction("filter_autocomplete.json")
    p["data"]["options"] = sub("delete", [{"name": "name", "type": 3, "value": "py", "focused": True}])
    [choices] = await world.dispatch(p)
    assert choices.kind == 8
    assert choices.data["choices"] == [{"name": "py-devs — python", "value": "py-devs"}]

    # Another channel has its own filters.
    p = world.interaction("filter_autocomplete.json", where="acme-private")
    p["data"]["options"] = sub("delete", [{"name": "name", "type": 3, "value": "", "focused": True}])
    [choices] = await world.dispatch(p)
    assert choices.data["choices"] == []

    _, deleted = await world.command("filter.json", sub("delete", [opt("name", "py-devs")]))
    assert deleted.body["content"].startswith("Deleted filter py-devs")


async def test_a_bad_filter_is_answered_privately(world: World) -> None:
    calls = await world.command("filter.json", sub("save", [opt("name", "Bad Name!"), opt("query", "python")]))
    defer, removed, said = calls
    assert defer.kind == 5 and removed.method == "DELETE"  # the public "thinking…" goes away
    assert said.ephemeral and "can't be a filter name" in said.body["content"]


async def test_digest_preview_is_private_and_digest_now_posts_to_the_channel(world: World, discord_core: Any) -> None:
    await world.command("filter.json", sub("save", [opt("name", "py-devs"), opt("query", "python")]))
    seed_people(discord_core)  # new since the filter was saved: what its digest lists

    defer, preview = await world.command("digest.json", sub("preview"))
    assert defer.ephemeral and preview.method == "PATCH"
    assert preview.body["content"].startswith("**The next digest would hold")
    assert {e["title"] for e in preview.body["embeds"]} >= {"Meera Iyer", "Zoya Khan"}

    calls = await world.command("digest.json", sub("now"))
    assert calls[0].ephemeral
    assert calls[1].body["content"] == "Posted in this channel."
    posted = calls[2]
    assert posted.method == "POST" and not posted.ephemeral and posted.body["embeds"]
    assert world.exists(HIRING, posted.response["id"])


async def test_the_notifier_posts_and_deletes_in_its_own_guild_only(world: World) -> None:
    notifier = DiscordNotifier(world.bot)
    reply = Reply("1 new candidate for py-devs", title="Digest: py-devs",
                  cards=[Card(candidate_id=5, name="Meera Iyer", headline="Software Engineer at Company0 Labs")],
                  candidate_ids=[5])
    mid = await notifier.post(ACME, HIRING, reply)
    assert mid is not None and world.exists(HIRING, mid)
    [sent] = world.sent
    assert sent["payload"]["embeds"][0]["title"] == "Meera Iyer"
    assert sent["payload"]["content"] == "**Digest: py-devs**"

    assert await notifier.post("discord:2180000000000000001", HIRING, reply) is None  # not Beta's channel
    assert not await notifier.delete("discord:2180000000000000001", HIRING, mid)
    assert world.exists(HIRING, mid)
    assert await notifier.delete(ACME, HIRING, mid)
    assert not world.exists(HIRING, mid)
