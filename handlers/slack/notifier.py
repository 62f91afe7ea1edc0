"""The Notifier port for Slack: digests and other unprompted posts, each with its workspace's own token."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.reply import Reply
from handlers.slack import render

log = logging.getLogger("sift.slack")


class SlackNotifier:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, *, token: str | None = None,
                 installations: AsyncInstallationStore | None = None) -> None:
        self.client = client
        self.token = token  # one workspace: SLACK_BOT_TOKEN
        self.installations = installations  # several: the OAuth installation store
        self._team: str | None = None

    async def token_for(self, workspace: str) -> str | None:
        if not workspace.startswith("slack:"):
            return None
        team = workspace.split(":", 1)[1]
        if self.installations is not None:
            bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team)
            return bot.bot_token if bot is not None else None
        if self.token is None:
            return None
        if self._team is None:
            self._team = (await self.client.auth_test(token=self.token)).get("team_id")
        return self.token if team == self._team else None  # never post one workspace's data with another's token

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        token = await self.token_for(workspace)
        if token is None:
            log.warning("no Slack token for %s: not posting", workspace)
            return None
        try:
            resp = await self.client.chat_postMessage(token=token, channel=channel, unfurl_links=False,
                                                      unfurl_media=False, **render.message(reply))
        except SlackApiError as e:
            log.warning("chat.postMessage to %s in %s failed: %s", channel, workspace, e.response.get("error"))
            return None
        ts = resp.get("ts")
        return str(ts) if ts else None

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        token = await self.token_for(workspace)
        if token is None:
            return False
        try:
            await self.client.chat_delete(token=token, channel=channel, ts=message_id)
        except SlackApiError as e:
            log.info("chat.delete %s/%s failed: %s", channel, message_id, e.response.get("error"))
            return False
        return True
