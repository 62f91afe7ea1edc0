"""The bot as tools see it (SPEC.md): built unconnected, least-privilege intents, the command JSON that
`sift discord sync` uploads, and the composition root's contract."""
from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.discord import build_bot, start
from handlers.discord.app import default_intents
from tests.discord.test_render import golden


def test_build_bot_without_a_core_builds_its_own_and_is_not_connected(settings: Any) -> None:
    bot = build_bot(settings)
    try:
        assert bot.owns_core and bot.core.settings is settings
        assert not bot.is_ready() and bot.user is None
        assert bot.intents.message_content and not bot.intents.members and not bot.intents.presences
    finally:
        bot.core.pool.close()


def test_message_content_can_be_left_off_for_upload_only_installs(settings: Any) -> None:
    intents = default_intents(settings.model_copy(update={"discord_message_content": False}))
    assert not intents.message_content and intents.guilds and intents.dm_messages and intents.guild_messages


def test_the_application_commands_are_typed_as_recorded(settings: Any, discord_core: Any) -> None:
    bot = build_bot(settings, discord_core)
    payload = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    golden("commands.json", payload)
    by_name = {c["name"]: c for c in payload}
    assert set(by_name) == {"find", "upload", "forget", "help", "filter", "digest"}
    assert by_name["upload"]["options"][0]["type"] == 11  # an attachment: no privileged intent needed
    delete = next(o for o in by_name["filter"]["options"] if o["name"] == "delete")
    assert delete["options"][0]["autocomplete"] is True
    assert {o["name"] for o in by_name["digest"]["options"]} == {"now", "preview"}
    assert all(c["contexts"] == [0, 1] and c["integration_types"] == [0] for c in payload)
    assert len(json.dumps(payload)) < 8000


def test_roles_come_from_the_environment_as_a_comma_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from bot.config import Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIFT_DISCORD_ROLES", "Recruiter, Hiring Manager")
    assert Settings().discord_roles == ["Recruiter", "Hiring Manager"]


async def test_start_without_a_token_says_so(settings: Any, discord_core: Any) -> None:
    with pytest.raises(ValueError, match="DISCORD_TOKEN"):
        await start(settings, discord_core, None)


def test_discord_sync_without_a_token_says_what_to_set(settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from handlers.cli import main

    assert main(["discord", "sync", "--guild", "1180000000000000001"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_the_composition_root_starts_discord_when_its_token_is_set(settings: Any) -> None:
    from handlers.main import platforms

    assert platforms(settings) == []
    assert platforms(settings.model_copy(update={"discord_token": "x"})) == ["discord"]
