"""Time, injected. Real time drives OTP codes and SLAs; each sandbox has its own "today".

Sandbox times are naive datetimes in WIB (Asia/Jakarta, UTC+7, no daylight saving), as the
real e-Kinerja shows them. Real times are aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


class Clock(Protocol):
    """Source of real time; tests pass a :class:`FixedClock`."""

    def now(self) -> dt.datetime:
        """The current real time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that only moves when told to; used by tests and the seeding step."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += dt.timedelta(**delta)

    def set(self, when: dt.datetime) -> None:
        self._now = when


def wib_now(clock: Clock) -> dt.datetime:
    """The real current time as a naive WIB datetime (for a new sandbox's first "today")."""
    return clock.now().astimezone(WIB).replace(tzinfo=None)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def quarter_end(day: dt.date) -> dt.date:
    last_month = quarter_of(day) * 3
    return month_end(dt.date(day.year, last_month, 1))


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)
