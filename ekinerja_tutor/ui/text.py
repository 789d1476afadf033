"""Shaping user text for fixed-width places (table cells, one-line details)."""

from __future__ import annotations


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with … when cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
