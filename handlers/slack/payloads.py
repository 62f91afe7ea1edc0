"""Slack payloads into the core's vocabulary: which workspace, who, where, and whether the channel is private.

The workspace is always the team that Slack says sent the request (bolt reads it from the signed payload),
never something a button or a modal carries: a click in team T2 can only ever reach "slack:T2".
"""
from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain import Actor

log = logging.getLogger("sift.slack")

# What Slack puts in `channel_name` for conversations that are not public channels.
_PRIVATE_NAMES = ("privategroup", "directmessage")


def team_of(context: Any, body: dict[str, Any]) -> str | None:
    team = getattr(context, "team_id", None) or body.get("team_id") or (body.get("team") or {}).get("id")
    return team or getattr(context, "enterprise_id", None) or body.get("enterprise_id") or None


def workspace_of(team: str) -> str:
    return f"slack:{team}"


def private_hint(channel_id: str | None, channel_name: str | None) -> bool | None:
    """What the payload alone says: DMs and "privategroup" are private; None when it doesn't say."""
    if channel_id and channel_id.startswith("D"):
        return True
    name = (channel_name or "").lower()
    if name in _PRIVATE_NAMES or name.startswith("mpdm-"):
        return True
    return None


async def channel_is_private(client: AsyncWebClient, channel_id: str | None, channel_name: str | None) -> bool:
    """Asks Slack (conversations.info); when it can't tell, the channel counts as public, so contacts stay hidden."""
    hint = private_hint(channel_id, channel_name)
    if hint is not None or not channel_id:
        return bool(hint)
    try:
        info = (await client.conversations_info(channel=channel_id))["channel"]
    except SlackApiError as e:
        log.info("conversations.info %s failed: %s; treating the channel as public", channel_id,
                 e.response.get("error"))
        return False
    return bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim") or info.get("is_group"))


async def user_is_admin(client: AsyncWebClient, user: str | None) -> bool:
    """Workspace admins and owners may forget anyone's candidates (users.info)."""
    if not user:
        return False
    try:
        info = (await client.users_info(user=user))["user"]
    except SlackApiError as e:
        log.info("users.info failed: %s; treating the user as not an admin", e.response.get("error"))
        return False
    return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))


async def actor(client: AsyncWebClient, team: str, user: str | None, channel: str | None, *,
                channel_name: str | None = None, admin: bool = False, ask_privacy: bool = False) -> Actor:
    """An Actor; `admin` and `ask_privacy` cost a Web API call each, so only the commands that need them ask."""
    is_admin = await user_is_admin(client, user) if admin else False
    if ask_privacy:
        private = await channel_is_private(client, channel, channel_name)
    else:
        private = bool(private_hint(channel, channel_name))
    return Actor(workspace=workspace_of(team), user=user, channel=channel, platform="slack", is_admin=is_admin,
                 channel_private=private)


def share_location(file: dict[str, Any], channel: str | None) -> tuple[str | None, str | None]:
    """Where a file was shared (files.info `shares`): the channel and the message to thread the reply under."""
    shares = file.get("shares") or {}
    for kind in ("public", "private"):
        places: dict[str, list[dict[str, Any]]] = shares.get(kind) or {}
        for ch, entries in places.items():
            if channel and ch != channel:
                continue
            if entries:
                first = entries[0]
                return ch, first.get("thread_ts") or first.get("ts")
    return channel, None
