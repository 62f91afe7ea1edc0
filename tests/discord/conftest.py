"""Discord tests run offline against the real bot in a small fake Discord (fakes.py), on both stores.

`async def` tests run in a fresh event loop of their own (no plugin needed); a `world` they ask for is
started inside that loop, because dpytest and discord.py bind to the loop they are set up in.
"""
from __future__ import annotations

import asyncio
import inspect
from typing import Any

import discord
import pytest

from tests.discord.fakes import World


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}

    async def main() -> None:
        worlds = [v for v in args.values() if isinstance(v, World)]
        for w in worlds:
            await w.start()
        try:
            await pyfuncitem.obj(**args)
        finally:
            for w in worlds:
                await w.close()

    asyncio.run(main())
    return True


@pytest.fixture
def discord_settings(settings: Any) -> Any:
    return settings.model_copy(update={"discord_roles": ["Recruiter"]})


@pytest.fixture
def discord_core(discord_settings: Any, engine: Any, parser_pool: Any) -> Any:
    from bot.core import Core

    return Core(discord_settings, engine, parser_pool)


@pytest.fixture
def world(discord_settings: Any, discord_core: Any) -> World:
    from handlers.discord import build_bot

    intents = discord.Intents.default()
    intents.members = True  # dpytest keeps members in its guilds only with this on
    intents.message_content = True
    return World(lambda: build_bot(discord_settings, discord_core, intents=intents))


@pytest.fixture
def world_without_roles(settings: Any, discord_core: Any) -> World:
    """SIFT_DISCORD_ROLES unset: only members with Manage Server may use Sift."""
    from handlers.discord import build_bot

    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = True
    return World(lambda: build_bot(settings, discord_core, intents=intents))
