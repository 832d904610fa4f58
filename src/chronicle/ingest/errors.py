"""The one exception the ingest readers use among themselves.

Readers never let it escape: every ``Reject`` becomes a ``Quarantined``
record at the boundary, so a bad input costs one line in the report and the
batch goes on.
"""
from __future__ import annotations


class Reject(Exception):
    """An input we refuse; ``reason`` is the one-line message users see."""

    def __init__(self, reason: str, *, size: int | None = None):
        super().__init__(reason)
        self.reason = one_line(reason)
        self.size = size


def one_line(text: str, limit: int = 300) -> str:
    """Squash a message onto one line: the CLI prints ``path: reason``."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(error: BaseException) -> str:
    """A short description of a library exception, without a traceback."""
    text = one_line(str(error), 200)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
