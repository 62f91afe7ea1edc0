"""Buttons that survive restarts: each is a DynamicItem whose custom_id carries what it needs.

    sift:edit:<id>          open the Edit modal (name, email, phone, location), answered by submit_edit
    sift:forget:<id>        ask for confirmation, privately
    sift:forget-yes:<id>    forget them, and delete every message Sift posted about them
    sift:forget-no:<id>     keep them
    sift:share:<id>         post the candidate to the channel (contacts only in private channels)
    sift:page:<offset>|<query>   Next / Previous of a /find answer

A custom_id is only a hint: the workspace always comes from where the button was pressed (the guild),
never from the custom_id, so a crafted id cannot reach another guild's candidates.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

import discord
from discord.ui import Button, DynamicItem, TextInput

from bot.domain import NotFound
from bot.reply import Button as NeutralButton
from bot.reply import Card, Reply
from handlers.discord import actors, render

if TYPE_CHECKING:
    from handlers.discord.app import SiftBot

log = logging.getLogger("sift.discord")

CUSTOM_ID = 100  # Discord's limit on a component's custom_id
_STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}

# A /find query too long for a custom_id is kept here, by hash, for as long as this process lives;
# the answer it pages is ephemeral and its buttons are only pressed minutes later.
_LONG_QUERIES: OrderedDict[str, str] = OrderedDict()
_LONG_QUERIES_MAX = 5000


def _bot(interaction: discord.Interaction[Any]) -> SiftBot:
    return cast("SiftBot", interaction.client)


def _actor(interaction: discord.Interaction[Any]) -> Any:
    return actors.from_interaction(interaction, _bot(interaction).settings)


class _Guarded:
    """Mixed into every item: members without access get a private refusal before anything happens."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await actors.guard(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.run(interaction)
        except Exception as e:  # noqa: BLE001 - the person gets a sentence; the log gets the traceback
            await _on_error(interaction, e)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


def _button(label: str, custom_id: str, style: discord.ButtonStyle) -> Button[Any]:
    return Button(label=render.cut(label, render.BUTTON_LABEL), custom_id=custom_id, style=style)


class EditButton(_Guarded, DynamicItem[Button[Any]], template=r"sift:edit:(?P<id>\d{1,18})"):
    def __init__(self, candidate_id: int, label: str = "Edit") -> None:
        super().__init__(_button(label, f"sift:edit:{candidate_id}", discord.ButtonStyle.secondary))
        self.candidate_id = candidate_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> EditButton:
        return cls(int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        bot, actor = _bot(interaction), _actor(interaction)
        try:  # a quick read: the modal must be the first answer, within Discord's 3 seconds
            shown = await asyncio.to_thread(bot.core.show, actor.workspace, self.candidate_id)
        except NotFound:
            await interaction.response.send_message("That candidate is no longer in Sift.", ephemeral=True)
            return
        modal = EditModal(self.candidate_id, _editable(shown), user_id=interaction.user.id)
        await interaction.response.send_modal(modal)
        modal.stop()  # nothing kept in memory: submit_edit answers it, even after a restart


EDIT_FIELDS = (("name", "Name", 200), ("email", "Email", 320), ("phone", "Phone", 40), ("location", "Location", 200))
EDIT_MODAL = re.compile(r"sift:edit-modal:(?P<id>\d{1,18}):\d{1,20}")


def _editable(shown: dict[str, Any]) -> dict[str, str]:
    """What the card shows today for the fields people may correct (corrections already applied)."""
    return {"name": shown.get("name") or "", "email": (shown.get("emails") or [""])[0] or "",
            "phone": (shown.get("phones") or [""])[0] or "", "location": shown.get("location") or ""}


class EditModal(discord.ui.Modal):
    """The form, filled with what the card shows. Only the form: the answer is `submit_edit`'s."""

    def __init__(self, candidate_id: int, current: dict[str, str], *, user_id: int) -> None:
        super().__init__(title="Correct this candidate", custom_id=f"sift:edit-modal:{candidate_id}:{user_id}",
                         timeout=None)
        for key, label, limit in EDIT_FIELDS:
            self.add_item(TextInput(label=label, custom_id=key, required=False, max_length=limit,
                                    default=current.get(key, "")[:limit] or None))


def modal_values(components: list[dict[str, Any]]) -> dict[str, str]:
    """Text inputs of a submitted modal, whether Discord sends them in action rows or in labels."""
    out: dict[str, str] = {}
    for c in components:
        for inner in ([c["component"]] if "component" in c else c.get("components", [])):
            if inner.get("type") == 4 and "custom_id" in inner:
                out[inner["custom_id"]] = str(inner.get("value") or "")
    return out


async def submit_edit(interaction: discord.Interaction[Any]) -> bool:
    """The Edit modal's answer, from the submission alone (custom_id and values), so it needs no state.

    Only fields that differ from what the card showed become corrections (core.correct): they are stored
    apart from what the parser read and win over it, also over later resumes.
    """
    data: dict[str, Any] = dict(interaction.data or {})
    match = EDIT_MODAL.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return False
    if not await actors.guard(interaction):
        return True
    bot, actor, cid = _bot(interaction), _actor(interaction), int(match["id"])
    # From a card's button: acknowledge as an update of that card, which is then redrawn.
    await interaction.response.defer()
    try:
        current = _editable(await asyncio.to_thread(bot.core.show, actor.workspace, cid))
        submitted = modal_values(data.get("components") or [])
        fixes: dict[str, str | None] = {k: v.strip() for k, v in submitted.items()
                                        if k in current and v.strip() != current[k]}
        if fixes:
            await asyncio.to_thread(bot.core.correct, actor.workspace, cid, fixes, actor=actor)
    except NotFound:
        await interaction.followup.send("That candidate is no longer in Sift.", ephemeral=True)
        return True
    reply = await asyncio.to_thread(bot.sift.show, str(cid), actor)
    if reply.cards and interaction.message is not None:
        reply.cards[0].status = "corrected"
        await interaction.edit_original_response(**render.message(reply))
    said = ", ".join(fixes) if fixes else "nothing changed"
    await interaction.followup.send(f"Saved: {said}. Corrections win over what Sift reads from later resumes.",
                                    ephemeral=True)
    return True


class ForgetButton(_Guarded, DynamicItem[Button[Any]], template=r"sift:forget:(?P<id>\d{1,18})"):
    def __init__(self, candidate_id: int, label: str = "Forget") -> None:
        super().__init__(_button(label, f"sift:forget:{candidate_id}", discord.ButtonStyle.danger))
        self.candidate_id = candidate_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> ForgetButton:
        return cls(int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        bot, actor = _bot(interaction), _actor(interaction)
        shown = await asyncio.to_thread(bot.sift.show, str(self.candidate_id), actor)
        if not shown.cards:
            await interaction.response.send_message("That candidate is no longer in Sift.", ephemeral=True)
            return
        card = shown.cards[0]
        question = next((b.confirm for b in card.buttons if b.action == "forget" and b.confirm),
                        f"Forget {card.title}?")
        confirm = discord.ui.View(timeout=None)
        confirm.add_item(ConfirmForget(self.candidate_id))
        confirm.add_item(KeepCandidate(self.candidate_id))
        await interaction.response.send_message(render.esc(question), view=confirm, ephemeral=True,
                                                allowed_mentions=render.NO_MENTIONS)


class ConfirmForget(_Guarded, DynamicItem[Button[Any]], template=r"sift:forget-yes:(?P<id>\d{1,18})"):
    def __init__(self, candidate_id: int) -> None:
        super().__init__(_button("Forget", f"sift:forget-yes:{candidate_id}", discord.ButtonStyle.danger))
        self.candidate_id = candidate_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> ConfirmForget:
        return cls(int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        bot, actor = _bot(interaction), _actor(interaction)
        await interaction.response.defer()  # the private question is replaced by the answer
        reply = await asyncio.to_thread(bot.sift.forget, str(self.candidate_id), actor)
        await bot.delete_posts(actor.workspace, reply.delete_messages)
        await interaction.edit_original_response(content=render.mrkdwn(reply.text), embeds=[], view=None,
                                                 allowed_mentions=render.NO_MENTIONS)


class KeepCandidate(_Guarded, DynamicItem[Button[Any]], template=r"sift:forget-no:(?P<id>\d{1,18})"):
    def __init__(self, candidate_id: int) -> None:
        super().__init__(_button("Keep", f"sift:forget-no:{candidate_id}", discord.ButtonStyle.secondary))
        self.candidate_id = candidate_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> KeepCandidate:
        return cls(int(match["id"]))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.edit_message(content="Kept: nothing was deleted.", view=None)


class ShareButton(_Guarded, DynamicItem[Button[Any]], template=r"sift:share:(?P<id>\d{1,18})"):
    def __init__(self, candidate_id: int, label: str = "Share") -> None:
        super().__init__(_button(label, f"sift:share:{candidate_id}", discord.ButtonStyle.secondary))
        self.candidate_id = candidate_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> ShareButton:
        return cls(int(match["id"]), getattr(item, "label", None) or "Share")

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        bot, actor = _bot(interaction), _actor(interaction)
        await interaction.response.defer(thinking=True)  # a new message, seen by the channel
        reply = await asyncio.to_thread(bot.sift.share, self.candidate_id, actor)
        await bot.answer(interaction, reply, public=True, kind="share")


class PageButton(_Guarded, DynamicItem[Button[Any]], template=r"sift:page:(?P<value>.+)"):
    """Next/Previous: "offset|query" in the custom_id, or a hash of it when the query is too long."""

    def __init__(self, value: str, label: str = "Next", style: discord.ButtonStyle = discord.ButtonStyle.primary
                 ) -> None:
        super().__init__(_button(label, page_custom_id(value), style))
        self.value = value

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
                             ) -> PageButton:
        raw = match["value"]
        value = _LONG_QUERIES.get(raw[1:], "") if raw.startswith("~") else raw
        return cls(value, getattr(item, "label", None) or "Next")

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        bot, actor = _bot(interaction), _actor(interaction)
        await interaction.response.defer()  # the same private message shows the other page
        if not self.value:
            reply = Reply.problem("This search has expired; run /find again.")
        else:
            reply = await asyncio.to_thread(bot.sift.page, self.value, actor)
        await interaction.edit_original_response(**render.message(reply))


def page_custom_id(value: str) -> str:
    custom_id = f"sift:page:{value}"
    if len(custom_id) <= CUSTOM_ID:
        return custom_id
    digest = hashlib.sha256(value.encode()).hexdigest()[:24]
    _LONG_QUERIES[digest] = value
    _LONG_QUERIES.move_to_end(digest)
    while len(_LONG_QUERIES) > _LONG_QUERIES_MAX:
        _LONG_QUERIES.popitem(last=False)
    return f"sift:page:~{digest}"


DYNAMIC_ITEMS: tuple[type[DynamicItem[Any]], ...] = (
    EditButton, ForgetButton, ConfirmForget, KeepCandidate, ShareButton, PageButton)


def item_for(b: NeutralButton, card: Card | None) -> discord.ui.Item[Any] | None:
    """The Discord item for a neutral button; None for actions Discord shows otherwise."""
    if b.url:
        return Button(label=render.cut(b.label, render.BUTTON_LABEL), url=b.url[:512])
    cid = card.candidate_id if card is not None else None
    label = render.button_label(b, card)
    if b.action == "edit" and cid is not None:
        return EditButton(cid, label)
    if b.action == "forget" and cid is not None:
        return ForgetButton(cid, label)
    if b.action == "share" and cid is not None:
        return ShareButton(cid, label)
    if b.action == "page":
        return PageButton(b.value, label, _STYLES.get(b.style or "", discord.ButtonStyle.secondary))
    return None


async def _on_error(interaction: discord.Interaction[Any], error: Exception) -> None:
    log.error("Discord interaction failed", exc_info=error)
    text = "Sift hit a problem on its side; it has been logged. Try again in a minute."
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        pass
