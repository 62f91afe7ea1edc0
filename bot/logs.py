"""One structured line per event: JSON when not on a terminal. No token, email, phone or resume text.

Call sites pass identifiers (workspace, request id, candidate id, counts), never content; a redacting
filter is the safety net for anything that slips into a message or an exception.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
workspace: ContextVar[str | None] = ContextVar("workspace", default=None)

_SECRETS = [
    (re.compile(r"\bx(?:ox[abprs]|app)-[0-9A-Za-z-]{8,}"), "[slack-token]"),
    (re.compile(r"\b[MN][A-Za-z\d]{23,25}\.[\w-]{6}\.[\w-]{27,}"), "[discord-token]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"(?<![\w/.])\+?\d[\d\s().-]{7,}\d(?![\w/])"), "[number]"),
    (re.compile(r"(?i)(password|secret|token)=\S+"), r"\1=[redacted]"),
]


def redact(text: str) -> str:
    for pattern, repl in _SECRETS:
        text = pattern.sub(repl, text)
    return text


class Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in (
                record.args if isinstance(record.args, tuple) else (record.args,)))
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "event": record.getMessage(),
        }
        for key in ("workspace", "request_id"):
            value = getattr(record, key, None) or {"workspace": workspace, "request_id": request_id}[key].get()
            if value:
                out[key] = value
        for key, value in getattr(record, "fields", {}).items():
            out[key] = value
        if record.exc_info:
            out["error"] = redact(f"{record.exc_info[0].__name__}: {record.exc_info[1]}")  # type: ignore[union-attr]
        return json.dumps(out, ensure_ascii=False, default=str)


class Human(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={v}" for k, v in getattr(record, "fields", {}).items())
        ws = workspace.get()
        base = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname.lower():7s} {record.getMessage()}"
        return " ".join(x for x in (base, f"workspace={ws}" if ws else "", fields) if x)


def setup(level: str = "INFO", *, json_lines: bool | None = None) -> None:
    """Configure the root logger once, in the composition root."""
    handler = logging.StreamHandler(sys.stderr)
    use_json = (not sys.stderr.isatty()) if json_lines is None else json_lines
    handler.setFormatter(JsonLines() if use_json else Human())
    handler.addFilter(Redact())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("slack_bolt", "slack_sdk", "discord", "apscheduler", "aiohttp.access", "urllib3", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """log.info("resume.stored") with identifiers only: event(log, "resume.stored", candidate=12, status="created")."""
    logger.log(level, name, extra={"fields": fields})
