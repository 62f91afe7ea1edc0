"""Imported once in the parser pool's fork server, so every worker starts with readers and data loaded."""
from __future__ import annotations

from bot.resume import docx, pdf, reader, sniff, text  # noqa: F401
from bot.resume.taxonomy import load

load()
