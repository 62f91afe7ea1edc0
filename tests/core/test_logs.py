"""Log lines carry identifiers, never tokens or personal data."""
from __future__ import annotations

import io
import json
import logging

from bot import logs


def capture(json_lines: bool) -> tuple[logging.Logger, io.StringIO]:
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logs.JsonLines() if json_lines else logs.Human())
    handler.addFilter(logs.Redact())
    logger = logging.getLogger(f"sift.test.{json_lines}")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, buf


def test_json_lines_carry_the_event_its_fields_and_the_workspace():
    logger, buf = capture(True)
    token = logs.workspace.set("slack:T1")
    try:
        logs.event(logger, "resume.created", candidate=12, size=2048)
    finally:
        logs.workspace.reset(token)
    line = json.loads(buf.getvalue())
    assert line["event"] == "resume.created" and line["candidate"] == 12 and line["workspace"] == "slack:T1"


def test_tokens_emails_and_phone_numbers_never_reach_a_log_line():
    logger, buf = capture(True)
    logger.warning("auth failed for xoxb-1234567890-abcdefghij with %s and %s", "jane.doe@example.com",
                   "+91 98765 43210")
    try:
        raise ValueError("bad token xapp-1-A0123-456789-abcdef for mail a.b@c.org")
    except ValueError:
        logger.exception("oops")
    out = buf.getvalue()
    for secret in ("xoxb-1234567890", "jane.doe@example.com", "98765 43210", "xapp-1-A0123", "a.b@c.org"):
        assert secret not in out
    assert "[slack-token]" in out and "[email]" in out
