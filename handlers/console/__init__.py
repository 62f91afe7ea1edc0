"""The local console adapter: the same slash commands as Slack, typed in a terminal."""
from __future__ import annotations

from handlers.console.app import Console

__all__ = ["Console"]
