"""Composition root: settings, engine, parser pool and core, then whichever front ends are configured.

`sift run` serves everything from one process and one asyncio loop:
- an aiohttp web app on SIFT_HTTP_PORT (Slack's POST /slack/events and OAuth routes when Slack is on,
  GET /healthz and GET /metrics always);
- Slack (HTTP or Socket Mode) when its tokens are set, Discord when DISCORD_TOKEN is set;
- the digest scheduler, which posts through each platform's Notifier.
With no platform configured it starts the local console instead.

Adapter contract (handlers/slack, handlers/discord):
    async def start(settings, core, web: aiohttp.web.Application) -> Adapter
An Adapter has `name`, `notifier` (a bot.ports.Notifier or None), `healthy() -> bool` and `async stop()`.
Routes must be added to `web` before `start` returns: the web server starts after every adapter.
"""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING, Any, Protocol

from bot.config import Settings

if TYPE_CHECKING:
    from bot.core import Core
    from bot.ports import Notifier

log = logging.getLogger("sift")


class Adapter(Protocol):
    name: str
    notifier: Notifier | None

    def healthy(self) -> bool: ...

    async def stop(self) -> None: ...


def build_core(settings: Settings, *, start_method: str = "forkserver", workers: int | None = None,
               migrate: bool = True) -> Core:
    from bot.core import Core
    from bot.resume.sandbox import ParserPool
    from storage.db import make_engine
    from storage.db import migrate as run_migrations

    engine = make_engine(settings.store_url)
    if migrate:
        run_migrations(engine)  # schema changes ship as migrations and apply at every start
    pool = ParserPool(workers=workers or settings.parse_workers, timeout=settings.parse_timeout,
                      memory_mb=settings.parse_memory_mb, start_method=start_method,
                      preload=("bot.resume.warm",))
    return Core(settings, engine, pool)


def platforms(settings: Settings) -> list[str]:
    out = []
    if settings.slack_bot_token or settings.slack_app_token or settings.slack_client_id:
        out.append("slack")
    if settings.discord_token:
        out.append("discord")
    return out


def run(settings: Settings) -> int:
    """`sift run`: every configured adapter and the scheduler; the local console when none is configured."""
    from bot import logs

    logs.setup(settings.log_level)
    core = build_core(settings)
    try:
        if not platforms(settings):
            from handlers.console import Console

            print("No Slack or Discord configured: starting the local console on the embedded store. Type /help.")
            background = _BackgroundScheduler(settings, core)  # digests of local filters print here too
            try:
                return Console(core, settings).loop()
            finally:
                background.stop()
        return asyncio.run(serve(settings, core))
    finally:
        core.pool.close()


class _BackgroundScheduler:
    """The console reads stdin on the main thread; the digest scheduler gets its own loop in a thread."""

    def __init__(self, settings: Settings, core: Core) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.runner: Any = None
        self.thread = threading.Thread(target=self._run, args=(settings, core), name="sift-scheduler", daemon=True)
        self.thread.start()
        self.ready.wait(timeout=10)

    def _run(self, settings: Settings, core: Core) -> None:
        from handlers.scheduler import start as start_scheduler

        asyncio.set_event_loop(self.loop)

        async def begin() -> None:
            self.runner = start_scheduler(settings, core, {})

        try:
            self.loop.run_until_complete(begin())
        finally:
            self.ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.stop(), self.loop).result(timeout=40)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


async def serve(settings: Settings, core: Core, *, stop: asyncio.Event | None = None) -> int:
    from aiohttp import web

    from bot import logs
    from handlers import web as webapp

    logs.setup(settings.log_level)

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (tests)
            pass
    app = web.Application(client_max_size=2 * 1024 * 1024)
    adapters: list[Any] = []
    if "slack" in platforms(settings):
        from handlers.slack import start as start_slack

        adapters.append(await start_slack(settings, core, app))
    if "discord" in platforms(settings):
        from handlers.discord import start as start_discord

        adapters.append(await start_discord(settings, core, app))
    notifiers = {a.notifier.platform: a.notifier for a in adapters if a.notifier is not None}
    from handlers.scheduler import start as start_scheduler

    scheduler = start_scheduler(settings, core, notifiers)
    webapp.mount(app, settings, core, adapters, scheduler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host="0.0.0.0", port=settings.http_port)
    await site.start()
    log.info("sift is running: %s on port %s", ", ".join(a.name for a in adapters), settings.http_port)
    try:
        await stop.wait()
    finally:
        log.info("stopping: no new events; finishing what is in flight")
        await scheduler.stop()
        for a in reversed(adapters):
            await a.stop()
        await runner.cleanup()
    return 0
