"""`sift chat`: type the same slash commands as in Slack; `/upload PATH` drops a resume."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands import Commands
from bot.domain import Actor
from bot.reply import Reply
from handlers.console import render

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core import Core

PROMPT = "sift> "


class Console:
    def __init__(self, core: Core, settings: Settings, *, stdin: TextIO | None = None) -> None:
        self.core = core
        self.commands = Commands(core)
        self.actor = Actor(workspace=settings.workspace, user="console", channel="console", platform="local",
                           is_admin=True, channel_private=True)
        self.stdin = stdin or sys.stdin
        self.last_find: Reply | None = None

    def loop(self) -> int:
        interactive = self.stdin.isatty()
        while True:
            if interactive:
                render.console.print(PROMPT, end="")
            line = self.stdin.readline()
            if not line:
                return 0
            line = line.strip()
            if line in ("/quit", "/exit", "quit", "exit"):
                return 0
            if line:
                render.show(self.handle(line))

    def handle(self, line: str) -> Reply:
        if not line.startswith("/"):
            line = "/find " + line  # a bare query is a search
        name = line.split(" ", 1)[0].lower()
        if name == "/upload":
            return self.upload(line[len("/upload"):].strip())
        if name in ("/next", "/previous", "/prev") and self.last_find is not None:
            wanted = "Next" if name == "/next" else "Previous"
            for b in self.last_find.buttons:
                if b.label == wanted:
                    self.last_find = self.commands.page(b.value, self.actor)
                    return self.last_find
            return Reply.problem(f"There is no {wanted.lower()} page.")
        reply = self.commands.handle(line, self.actor)
        if name == "/find":
            self.last_find = reply
        return reply

    def upload(self, arg: str) -> Reply:
        try:
            paths = shlex.split(arg)
        except ValueError:
            paths = [arg]
        if not paths:
            return Reply.problem("Say which file: /upload ~/resumes/jane.pdf")
        replies = []
        for raw in paths:
            path = Path(raw).expanduser()
            if not path.is_file():
                replies.append(Reply.problem(f"No file at {path}."))
                continue
            result = self.core.ingest(path.read_bytes(), path.name, actor=self.actor, source=str(path))
            replies.append(self.commands.ingest_reply(result, self.actor))
        if len(replies) == 1:
            return replies[0]
        merged = Reply("\n".join(r.text for r in replies), cards=[c for r in replies for c in r.cards])
        return merged
