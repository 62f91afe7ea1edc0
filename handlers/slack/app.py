"""`build_app(settings, core)`: the configured bolt AsyncApp. Nothing is created at import time.

bolt configures itself from environment variables when it is not told otherwise (SLACK_SIGNING_SECRET,
SLACK_BOT_TOKEN, and OAuth mode when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are both set). Sift's Settings
are the only source: every value is passed explicitly, and a mismatch that would switch bolt into another
mode behind our back is refused at start.
"""
from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from handlers.slack import install
from handlers.slack.listeners import Listeners

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("sift.slack")


NOT_INSTALLED = ("Sift is not installed in this workspace (or it was removed); ask a workspace admin to install "
                 "it again from the Sift install page.")


class SlackConfigError(RuntimeError):
    """Slack settings that cannot work together; the message says what to change."""


async def _noted(event: dict[str, Any]) -> None:
    log.warning("Slack says: %s; with a single SLACK_BOT_TOKEN there is nothing to clean up", event.get("type"))


def make_client(settings: Settings, token: str | None = None) -> AsyncWebClient:
    """The Web API client: SIFT_SLACK_API_URL as base, retries on connection errors and on 429s."""
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=2),
                        AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_app(settings: Settings, core: Core, *, client: AsyncWebClient | None = None) -> AsyncApp:
    """The bolt app with Sift's listeners. HTTP mode verifies signatures and timestamps (always on)."""
    return build(settings, core, client=client)[0]


def build(settings: Settings, core: Core, *, client: AsyncWebClient | None = None) -> tuple[AsyncApp, Listeners]:
    """The app and its listeners (which the adapter drains and closes on stop)."""
    socket_mode = settings.slack_app_token is not None
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if not socket_mode and not secret:
        raise SlackConfigError("SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN "
                               "for Socket Mode).")
    oauth = install.oauth_enabled(settings)
    if not oauth and os.environ.get("SLACK_CLIENT_ID") and os.environ.get("SLACK_CLIENT_SECRET"):
        raise SlackConfigError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set in the environment but not in "
                               "Sift's settings; bolt would switch to OAuth by itself. Set both for Sift or "
                               "unset both.")
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    if not oauth and not token:
        raise SlackConfigError("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                               "(installable in several workspaces).")
    if client is None:
        client = make_client(settings, None if oauth else token)
    elif oauth:
        client.token = None  # in OAuth mode each request carries its workspace's own token
    listeners = Listeners(settings, core)
    app = AsyncApp(
        name="sift",
        logger=logging.getLogger("sift.slack.bolt"),
        signing_secret=secret,
        client=client,
        request_verification_enabled=True,  # forged or replayed (older than 5 minutes) requests get 401
        user_facing_authorize_error_message=NOT_INSTALLED,
        oauth_settings=install.oauth_settings(settings, core.engine) if oauth else None,
        installation_store_bot_only=True if oauth else None,
    )
    if oauth:
        app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked remove the installation
    else:
        # The manifest subscribes to these for OAuth installs; unanswered events would be retried by Slack.
        app.event("app_uninstalled")(_noted)
        app.event("tokens_revoked")(_noted)
    listeners.register(app)
    return app, listeners
