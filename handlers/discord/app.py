"""The Discord bot: one `commands.Bot` with Sift's application commands, persistent buttons and drops.

`build_bot(settings, core)` returns it configured and unconnected (SPEC.md), so tests and tools drive it
offline; `start()` connects it on the running loop beside Slack and the scheduler (handlers/main.py).
Application commands are uploaded by `sift discord sync`, never on start: Discord rate-limits syncing.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import Commands
from bot.config import Settings
from bot.reply import Reply
from handlers.discord import actors, render, views
from handlers.discord import commands as app_cmds
from handlers.discord.drops import Drops
from handlers.discord.drops import on_message as drop_message

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger("sift.discord")


def default_intents(settings: Settings) -> discord.Intents:
    """Least privilege: guilds, their messages and DMs; message content only for drops in channels."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.discord_message_content  # privileged: enable it in the portal
    return intents


class SiftTree(app_commands.CommandTree["SiftBot"]):
    async def interaction_check(self, interaction: discord.Interaction[SiftBot], /) -> bool:
        return await actors.guard(interaction)

    async def on_error(self, interaction: discord.Interaction[SiftBot], error: app_commands.AppCommandError, /
                       ) -> None:
        await views._on_error(interaction, error)


class SiftBot(commands.Bot):
    def __init__(self, settings: Settings, core: Core, *, intents: discord.Intents | None = None,
                 owns_core: bool = False) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents or default_intents(settings),
                         help_command=None, tree_cls=SiftTree,
                         # Installed to servers (with DMs to the bot); not a user-installed app.
                         allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
                         allowed_installs=app_commands.AppInstallationType(guild=True),
                         # Resume text must never ping anyone: no @everyone, roles or users, ever.
                         allowed_mentions=discord.AllowedMentions.none())
        self.settings = settings
        self.core = core
        self.sift = Commands(core)
        self.drops = Drops(self)
        self.owns_core = owns_core
        self.recovery: asyncio.Task[int] | None = None
        for command in app_cmds.build():
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)

    async def on_ready(self) -> None:
        # Once per process, when the guilds are known: attachments a process claimed but died before
        # answering (a crash, a deploy) are read and answered now. READY again after a reconnect is no news.
        if self.recovery is None:
            self.recovery = asyncio.create_task(self.drops.answer_unfinished(), name="sift-discord-recovery")

    async def on_message(self, message: discord.Message) -> None:
        await drop_message(self, message)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        # Commands and buttons are dispatched by discord.py; the Edit modal's answer is Sift's own.
        if interaction.type is discord.InteractionType.modal_submit:
            try:
                await views.submit_edit(interaction)
            except Exception as e:  # noqa: BLE001 - the person gets a sentence; the log gets the traceback
                await views._on_error(interaction, e)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self.owns_core:
                self.core.pool.close()

    # -- answering interactions and cleaning up ---------------------------------------------------------
    async def answer(self, interaction: discord.Interaction[Any], reply: Reply, *, public: bool,
                     kind: str = "card", promote: bool = False) -> discord.Message | None:
        """Fill in a deferred answer. A problem after a public deferral goes to the asker alone; with
        `promote`, a reply for the channel after a private deferral is posted to the channel."""
        if public and reply.ephemeral:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                pass
            await interaction.followup.send(**_send_kwargs(render.message(reply)), ephemeral=True)
            return None
        msg: Any
        if not public and promote and not reply.ephemeral:
            await interaction.edit_original_response(content="Posted in this channel.", embeds=[], view=None)
            msg = await interaction.followup.send(**_send_kwargs(render.message(reply)), wait=True)
            public = True
        else:
            msg = await interaction.edit_original_response(**render.message(reply))
        if public and reply.candidate_ids and interaction.channel_id:
            actor = actors.from_interaction(interaction, self.settings)
            await asyncio.to_thread(self.core.record_post, actor.workspace, reply.candidate_ids, platform="discord",
                                    channel=str(interaction.channel_id), message_id=str(msg.id), kind=kind)
        return cast("discord.Message", msg)

    async def delete_posts(self, workspace: str, messages: list[dict[str, str]]) -> int:
        """After /forget: delete what Sift posted about them on Discord (cards, shares, digests)."""
        deleted = 0
        notifier = DiscordNotifier(self)
        for m in messages:
            if m.get("platform") == "discord" and await notifier.delete(workspace, m["channel"], m["message_id"]):
                deleted += 1
        return deleted


def _send_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not None}


class DiscordNotifier:
    """Posts digests (and deletes messages) unprompted, through the bot's REST client."""

    platform = "discord"

    def __init__(self, bot: SiftBot) -> None:
        self.bot = bot

    async def _channel(self, workspace: str, channel: str) -> Any:
        ch = self.bot.get_channel(int(channel))
        if ch is None:
            ch = await self.bot.fetch_channel(int(channel))
        guild = getattr(ch, "guild", None)
        if guild is not None and workspace != actors.workspace(guild.id, 0):
            raise PermissionError(f"channel {channel} is not in workspace {workspace}")
        return ch

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        try:
            ch = await self._channel(workspace, channel)
            msg = await ch.send(**_send_kwargs(render.message(reply)))
        except (discord.HTTPException, PermissionError, ValueError) as e:
            log.warning("could not post to Discord channel %s: %s", channel, e)
            return None
        return str(msg.id)

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        try:
            ch: Any = self.bot.get_channel(int(channel)) or self.bot.get_partial_messageable(int(channel))
            guild = getattr(ch, "guild", None)
            if guild is not None and workspace != actors.workspace(guild.id, 0):
                return False
            await ch.get_partial_message(int(message_id)).delete()
        except discord.NotFound:
            return True  # already gone
        except (discord.HTTPException, ValueError) as e:
            log.warning("could not delete Discord message %s in %s: %s", message_id, channel, e)
            return False
        return True


class LazyDiscordNotifier:
    """For `sift digest run` (cron): a REST-only client that logs in on first use; no gateway connection."""

    platform = "discord"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: discord.Client | None = None
        self._inner: DiscordNotifier | None = None

    async def _notifier(self) -> DiscordNotifier:
        if self._inner is None:
            assert self.settings.discord_token is not None
            self._client = discord.Client(intents=discord.Intents.none())
            await self._client.login(self.settings.discord_token.get_secret_value())
            self._inner = DiscordNotifier(self._client)  # type: ignore[arg-type]
        return self._inner

    async def post(self, workspace: str, channel: str, reply: Reply) -> str | None:
        return await (await self._notifier()).post(workspace, channel, reply)

    async def delete(self, workspace: str, channel: str, message_id: str) -> bool:
        return await (await self._notifier()).delete(workspace, channel, message_id)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


def make_notifier(settings: Settings) -> LazyDiscordNotifier:
    return LazyDiscordNotifier(settings)


def build_bot(settings: Settings, core: Core | None = None, *, intents: discord.Intents | None = None) -> SiftBot:
    """The configured, unconnected bot. Without a core it builds one (and closes its workers on close)."""
    owns = core is None
    if core is None:
        from handlers.main import build_core

        core = build_core(settings)
    return SiftBot(settings, core, intents=intents, owns_core=owns)


class DiscordAdapter:
    name = "discord"

    def __init__(self, bot: SiftBot, task: asyncio.Task[None]) -> None:
        self.bot = bot
        self.task = task
        self.notifier = DiscordNotifier(bot)

    def healthy(self) -> bool:
        return not self.task.done() and not self.bot.is_closed() and self.bot.is_ready()

    async def stop(self) -> None:
        recovery = self.bot.recovery
        if recovery is not None and not recovery.done():  # answers after a restart: let them go out (bounded)
            await asyncio.wait([recovery], timeout=self.bot.settings.parse_timeout)
        await self.bot.close()
        try:
            await asyncio.wait_for(self.task, timeout=10)
        except (TimeoutError, asyncio.CancelledError):
            self.task.cancel()
        except Exception:  # _connection_ended already logged why it ended
            log.debug("the Discord connection had ended with an error", exc_info=True)


def _connection_ended(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        log.error("Discord refused the message-content intent. In the developer portal, open Bot → Privileged "
                  "Gateway Intents and turn on MESSAGE CONTENT INTENT; or set SIFT_DISCORD_MESSAGE_CONTENT=false "
                  "to use /upload and direct messages only.")
    elif exc is not None:
        log.error("the Discord connection ended: %s", exc, exc_info=exc)


async def start(settings: Settings, core: Core, web: Any = None) -> DiscordAdapter:
    """Log in (a bad token fails here, at start), then keep the gateway connection in a task on this loop."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    bot = build_bot(settings, core)
    try:
        await bot.login(settings.discord_token.get_secret_value())
    except discord.LoginFailure:
        await bot.close()
        raise SystemExit("Discord refused DISCORD_TOKEN. Copy the bot token again from the developer portal "
                         "(your application → Bot → Reset Token) and restart Sift.") from None
    task = asyncio.create_task(bot.connect(reconnect=True), name="sift-discord")
    task.add_done_callback(_connection_ended)
    return DiscordAdapter(bot, task)


async def sync(settings: Settings, *, guild: int | None = None) -> list[str]:
    """`sift discord sync [--guild ID]`: upload the application commands (globally, or to one guild at once)."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    from handlers.main import build_core

    core = build_core(settings, workers=1, migrate=False)
    bot = SiftBot(settings, core, owns_core=True)
    try:
        await bot.login(settings.discord_token.get_secret_value())
        if guild is not None:
            target = discord.Object(id=guild)
            bot.tree.copy_global_to(guild=target)
            synced = await bot.tree.sync(guild=target)
        else:
            synced = await bot.tree.sync()
    finally:
        await bot.close()
    return [c.name for c in synced]
