"""Sift in Slack: resume drops become candidate cards; /find, /filter, /digest, /forget; the App Home.

`start(settings, core, web)` is the adapter contract of handlers/main.py: over HTTP it adds
`POST /slack/events` (Events API, slash commands and interactivity) and, with OAuth, `GET /slack/install`
and `GET /slack/oauth_redirect` to the shared aiohttp app; with SLACK_APP_TOKEN it connects over Socket Mode.
`build_app(settings, core, client=...)` gives the configured bolt app alone, for tools and tests.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from handlers.slack.app import SlackConfigError, build, build_app, make_client

if TYPE_CHECKING:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp

    from bot.config import Settings
    from bot.core import Core
    from handlers.slack.listeners import Listeners
    from handlers.slack.notifier import SlackNotifier

__all__ = ["SlackAdapter", "SlackConfigError", "build_app", "start"]

log = logging.getLogger("sift.slack")
EVENTS_PATH = "/slack/events"
DRAIN_SECONDS = 20.0  # on stop, how long parses already begun may take to finish and reply


class SlackAdapter:
    name = "slack"

    def __init__(self, app: AsyncApp, listeners: Listeners, notifier: SlackNotifier, socket: Any = None) -> None:
        self.app = app
        self.listeners = listeners
        self.notifier: SlackNotifier | None = notifier
        self.socket = socket  # AsyncSocketModeHandler in Socket Mode
        self.mode = "socket" if socket is not None else "http"
        self.recovery: asyncio.Task[int] | None = None

    def healthy(self) -> bool:
        if self.socket is None:
            return True  # HTTP mode: Slack reaches us; the web server's own health says the rest
        client = self.socket.client
        session = getattr(client, "current_session", None)
        return not getattr(client, "closed", False) and session is not None and not session.closed

    async def stop(self) -> None:
        if self.recovery is not None and not self.recovery.done():
            await asyncio.wait([self.recovery], timeout=DRAIN_SECONDS)
        if self.socket is not None:
            await self.socket.close_async()
        await self.listeners.drain(DRAIN_SECONDS)
        await self.listeners.close()


def mount(web_app: web.Application, app: AsyncApp) -> None:
    """bolt's aiohttp adapter on the shared web app: the same request and response conversions bolt uses."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app.router.add_post(EVENTS_PATH, events)
    flow = app.oauth_flow
    if flow is not None:
        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        web_app.router.add_get(flow.install_path, install)
        web_app.router.add_get(flow.redirect_uri_path, redirect)


async def start(settings: Settings, core: Core, web_app: web.Application) -> SlackAdapter:
    from handlers.slack import install
    from handlers.slack.notifier import SlackNotifier

    oauth = install.oauth_enabled(settings)
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token and not oauth else None
    client = make_client(settings, token)
    app, listeners = build(settings, core, client=client)
    installations = app.installation_store if oauth else None
    notifier = SlackNotifier(make_client(settings), token=token, installations=installations)
    socket = None
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        socket = AsyncSocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value(),
                                        web_client=make_client(settings))
        await socket.connect_async()
        if oauth:
            mount(web_app, app)  # the install pages still need HTTP; events arrive over the socket
    else:
        mount(web_app, app)
    log.info("Slack: %s mode, %s", "Socket" if socket else "HTTP",
             "OAuth installs" if oauth else "one workspace (SLACK_BOT_TOKEN)")
    adapter = SlackAdapter(app, listeners, notifier, socket)

    async def client_for(team: str) -> Any:
        token = await notifier.token_for(f"slack:{team}")
        return make_client(settings, token) if token else None

    # Files claimed by a process that died before replying (a crash, a deploy): answer them now.
    adapter.recovery = asyncio.create_task(
        listeners.drops.answer_unfinished(client_for))
    return adapter


def make_notifier(settings: Settings) -> SlackNotifier:
    """A notifier without the app, for `sift digest run` driven by cron: the bot token, or the installations."""
    from handlers.slack import install
    from handlers.slack.notifier import SlackNotifier

    if install.oauth_enabled(settings):
        from storage.db import make_engine

        store = install.ThreadedInstallationStore(settings.slack_client_id or "", make_engine(settings.store_url))
        return SlackNotifier(make_client(settings), installations=store)
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return SlackNotifier(make_client(settings), token=token)
