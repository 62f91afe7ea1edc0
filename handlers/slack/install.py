"""Installing Sift in several workspaces: Slack's OAuth flow, with installations kept in Sift's own database.

bolt ships SQLAlchemy stores in two flavours. The async ones need an async engine (aiosqlite for SQLite,
which Sift does not ship); the sync ones take the engine Sift already has. So the sync stores are used and
each call runs in a worker thread, which keeps the event loop free just as well.

slack_sdk's SQLAlchemy module imports `sqlalchemy.ext.asyncio` even for the sync stores, and SQLAlchemy 2.1
needs `greenlet` for that (the `sqlalchemy[asyncio]` extra). It is imported only when OAuth is configured,
so a single-workspace Sift runs without it.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings

log = logging.getLogger("sift.slack.install")

# The bot scopes Sift asks for; deploy/slack-manifest.yml explains each one (a test keeps them equal).
SCOPES = (
    "commands",
    "chat:write",
    "files:read",
    "channels:history",
    "groups:history",
    "im:history",
    "channels:read",
    "groups:read",
    "users:read",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    """bolt's SQLAlchemy installation store on Sift's engine, each call in a worker thread."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

        self.sync = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log)

    @property
    def logger(self) -> logging.Logger:
        return log

    def create_tables(self) -> None:
        _create(self.sync.metadata, self.sync.engine)

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.sync.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.sync.save_bot, bot)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await asyncio.to_thread(self.sync.find_bot, enterprise_id=enterprise_id, team_id=team_id,
                                       is_enterprise_install=is_enterprise_install)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        return await asyncio.to_thread(self.sync.find_installation, enterprise_id=enterprise_id, team_id=team_id,
                                       user_id=user_id, is_enterprise_install=is_enterprise_install)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.sync.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await asyncio.to_thread(self.sync.delete_installation, enterprise_id=enterprise_id, team_id=team_id,
                                user_id=user_id)


class ThreadedStateStore(AsyncOAuthStateStore):
    """OAuth `state` values in the database, so any Sift process can finish an install another began."""

    def __init__(self, engine: Engine, expiration_seconds: int = STATE_SECONDS) -> None:
        from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

        self.sync = SQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=engine, logger=log)

    @property
    def logger(self) -> logging.Logger:
        return log

    def create_tables(self) -> None:
        _create(self.sync.metadata, self.sync.engine)

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.sync.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.sync.consume, state)


def _create(metadata: Any, engine: Engine) -> None:
    """bolt's own tables, created when missing (checkfirst). Two processes starting at once may race: retry."""
    try:
        metadata.create_all(engine)
    except Exception:  # noqa: BLE001 - the other process created them between our check and our CREATE
        metadata.create_all(engine)


def oauth_enabled(settings: Settings) -> bool:
    return bool(settings.slack_client_id and settings.slack_client_secret)


def authorization_url(api_url: str) -> str:
    """slack.com/oauth/v2/authorize, on the same Slack as the Web API (GovSlack: slack-gov.com)."""
    parts = urlsplit(api_url)
    host = parts.netloc or "slack.com"
    return f"{parts.scheme or 'https'}://{host}/oauth/v2/authorize"


def oauth_settings(settings: Settings, engine: Engine) -> AsyncOAuthSettings:
    """Everything explicit: bolt would otherwise fill the gaps from environment variables and files."""
    assert settings.slack_client_id and settings.slack_client_secret
    try:
        import greenlet  # noqa: F401
    except ImportError as e:
        raise RuntimeError("Installing Sift in several Slack workspaces (SLACK_CLIENT_ID) keeps installations "
                           "with bolt's SQLAlchemy store, which needs greenlet: pip install 'sqlalchemy[asyncio]'."
                           ) from e
    installations = ThreadedInstallationStore(settings.slack_client_id, engine)
    states = ThreadedStateStore(engine)
    installations.create_tables()
    states.create_tables()
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url(settings.slack_api_url),
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
