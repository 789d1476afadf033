"""App-wide messages (past-tense facts)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


class ServicesReady(Message):
    """The database is open and seeded; screens may call services."""


@dataclass
class ServicesFailed(Message):
    """The database could not be opened; ``reason`` is already translated."""

    reason: str


@dataclass
class LanguageChanged(Message):
    lang: str
