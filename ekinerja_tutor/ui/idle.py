"""The idle timeout: how long since the signed-in user last pressed a key or clicked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_WARNING_SECONDS = 20.0
"""ACCESSIBILITY.md item 5: warn at least this long before a timeout."""


@dataclass
class IdleWatch:
    """Counts idle time on the injected clock, so tests move it without sleeping.

    Attributes:
        timeout: seconds without input before the session ends.
        warning: seconds before the end at which the warning appears (at least 20).
    """

    timeout: float
    warning: float
    last: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.warning < MIN_WARNING_SECONDS:
            raise ValueError(f"the idle warning must come at least {MIN_WARNING_SECONDS:g} s ahead")
        if self.timeout <= self.warning:
            raise ValueError("the idle timeout must be longer than its warning")

    def touch(self, now: dt.datetime) -> None:
        self.last = now

    def remaining(self, now: dt.datetime) -> float:
        if self.last is None:
            return self.timeout
        return self.timeout - (now - self.last).total_seconds()
