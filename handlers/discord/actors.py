"""Who is asking, from where, and whether they may: Discord's members, roles and channels as an Actor.

Tenancy: a guild is the workspace `discord:<guild id>`; a direct message is the sender's own workspace
`discord:dm:<user id>`. Who may use Sift in a guild is Discord's business (roles and permissions), so
it is decided here; what they may then do with a candidate (forget only their own uploads unless they
are an admin) is the core's rule, the same as in Slack.
"""
from __future__ import annotations

from typing import Any

import discord

from bot.config import Settings
from bot.domain import Actor


def workspace(guild_id: int | None, user_id: int) -> str:
    return f"discord:{guild_id}" if guild_id else f"discord:dm:{user_id}"


def is_admin(perms: discord.Permissions) -> bool:
    """A guild admin, for the core's rules (forget anyone's upload): Manage Server or Administrator."""
    return perms.administrator or perms.manage_guild


def may_use(perms: discord.Permissions, roles: list[Any], settings: Settings) -> bool:
    """Members with Manage Server always may; so may members holding a role named in SIFT_DISCORD_ROLES."""
    if is_admin(perms):
        return True
    wanted = {r.casefold() for r in settings.discord_roles}
    return any(getattr(r, "name", "").casefold() in wanted for r in roles)


def refusal(settings: Settings) -> str:
    if settings.discord_roles:
        names = " or ".join(f"“{r}”" for r in settings.discord_roles)
        who = f"members with the {names} role or the Manage Server permission"
    else:
        who = "members with the Manage Server permission"
    return f"Sorry, Sift is open to {who} in this server. Ask a server admin if you need it."


def channel_is_private(channel: Any) -> bool:
    """Private means @everyone cannot see it (or a DM): only there do shared cards keep contact details."""
    if channel is None:
        return False
    if isinstance(channel, (discord.DMChannel, discord.GroupChannel)):
        return True
    if isinstance(channel, discord.Thread):
        if channel.type is discord.ChannelType.private_thread:
            return True
        channel = channel.parent
    guild = getattr(channel, "guild", None)
    if guild is None or not isinstance(channel, discord.abc.GuildChannel):
        return False  # not enough known about it: treat it as public, which hides contacts
    return not channel.permissions_for(guild.default_role).view_channel


def from_interaction(interaction: discord.Interaction[Any], settings: Settings) -> Actor:
    user = interaction.user
    if interaction.guild_id:
        admin = is_admin(interaction.permissions)
    else:
        admin = True  # a direct message is the sender's own workspace
    return Actor(workspace=workspace(interaction.guild_id, user.id), user=str(user.id),
                 channel=str(interaction.channel_id) if interaction.channel_id else None, platform="discord",
                 is_admin=admin, channel_private=channel_is_private(interaction.channel))


def from_message(message: discord.Message, settings: Settings) -> Actor:
    guild_id = message.guild.id if message.guild else None
    admin = True
    if guild_id and isinstance(message.author, discord.Member):
        admin = is_admin(message.author.guild_permissions)
    elif guild_id:
        admin = False
    return Actor(workspace=workspace(guild_id, message.author.id), user=str(message.author.id),
                 channel=str(message.channel.id), platform="discord", is_admin=admin,
                 channel_private=channel_is_private(message.channel))


def interaction_allowed(interaction: discord.Interaction[Any], settings: Settings) -> bool:
    if not interaction.guild_id:
        return True
    roles = list(getattr(interaction.user, "roles", []))
    return may_use(interaction.permissions, roles, settings)


def message_allowed(message: discord.Message, settings: Settings) -> bool:
    if message.guild is None:
        return True
    if not isinstance(message.author, discord.Member):
        return False
    return may_use(message.author.guild_permissions, list(message.author.roles), settings)


async def guard(interaction: discord.Interaction[Any]) -> bool:
    """Every command, button and modal passes here first; outsiders get a polite, private refusal."""
    settings: Settings = interaction.client.settings
    if interaction_allowed(interaction, settings):
        return True
    if interaction.type is not discord.InteractionType.autocomplete and not interaction.response.is_done():
        await interaction.response.send_message(refusal(settings), ephemeral=True)
    return False
