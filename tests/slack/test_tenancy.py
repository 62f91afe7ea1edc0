"""A workspace sees and touches only its own candidates, whatever a payload from another team carries."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.slack.conftest import OTHER_TEAM, TEAM
from tests.slack.fake_slack import eventually
from tests.slack.flows import button, command, drop_and_wait, ingest, responses

pytestmark = pytest.mark.asyncio

AYUSH = "002_6657b3f5ceaca828"


async def test_another_workspace_cannot_find_our_candidates(sift, seeds: Path):
    ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    await sift.slack.command(command(sift.fake, "python", team=OTHER_TEAM, reply_to="other"))
    await sift.slack.command(command(sift.fake, "python", reply_to="home"))
    (theirs,) = await eventually(lambda: responses(sift.fake, "other"))
    (ours,) = await eventually(lambda: responses(sift.fake, "home"))
    assert "No candidates match" in theirs["text"] and "Ayush" not in str(theirs)
    assert "Ayush Garg" in str(ours["blocks"])


async def test_buttons_from_another_team_cannot_share_edit_or_forget_our_candidate(sift, seeds: Path):
    card = await drop_and_wait(sift, seeds / f"{AYUSH}.pdf")
    cid = next(e["value"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e["text"]["text"] == "Edit")
    sift.fake.users["U0THEIRADM"] = {"is_admin": True, "is_owner": True}  # even their admin
    for action, reply_to in (("share", "s"), ("edit", "e"), ("forget", "f")):
        await sift.slack.interaction(button(sift.fake, action, cid, team=OTHER_TEAM, user="U0THEIRADM",
                                            ephemeral=action != "share", reply_to=reply_to))
    answers = [(await eventually(lambda n=n: responses(sift.fake, n)))[0] for n in ("s", "e", "f")]
    assert all("no longer in Sift" in a["text"] or "No candidate" in a["text"] for a in answers), answers
    assert len(sift.fake.posts()) == 1  # only the original card: nothing was shared
    assert sift.fake.called("views.open") == [] and sift.fake.called("chat.delete") == []
    assert sift.core.find(f"slack:{TEAM}", "ayush").total == 1


async def test_forget_command_from_another_team_finds_nobody(sift, seeds: Path):
    cid = ingest(sift, (seeds / f"{AYUSH}.pdf").read_bytes(), "ayush.pdf")
    sift.fake.users["U0THEIRADM"] = {"is_admin": True}
    await sift.slack.command(command(sift.fake, str(cid), name="/forget", team=OTHER_TEAM, user="U0THEIRADM"))
    (answer,) = await eventually(lambda: responses(sift.fake, "cmd"))
    assert f"No candidate {cid} here" in answer["text"]
    assert sift.core.find(f"slack:{TEAM}", "ayush").total == 1
