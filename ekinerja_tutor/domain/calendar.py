"""Working days and working hours: holidays, weekends and help-desk SLA arithmetic.

All datetimes are naive WIB (see :mod:`ekinerja_tutor.domain.clock`). A working moment is a
time ``t`` with ``start <= t < end`` of ``working_hours`` on a working day.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from ekinerja_tutor.i18n import Msg

_ONE_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days and hours count as work, for one sandbox or region.

    Attributes:
        holidays: national and regional holidays (cuti bersama included), date → name.
        working_weekdays: weekdays that are working days, Monday = 0.
        working_hours: office hours ``(start, end)``; only used for SLA arithmetic.
    """

    holidays: Mapping[date, str] = field(default_factory=dict, hash=False)
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    working_hours: tuple[time, time] = (time(8), time(16))

    def __post_init__(self) -> None:
        # A read-only copy: later changes to the caller's dict must not change this calendar.
        object.__setattr__(self, "holidays", MappingProxyType(dict(self.holidays)))
        if not self.working_weekdays:
            raise ConfigError("calendar.no_working_weekdays", field="working_weekdays")
        bad = sorted(d for d in self.working_weekdays if not isinstance(d, int) or not 0 <= d <= 6)
        if bad:
            raise ConfigError("calendar.bad_weekday", field="working_weekdays", value=bad[0])
        start, end = self.working_hours
        if not start < end:
            raise ConfigError(
                "calendar.bad_working_hours",
                field="working_hours",
                start=start.strftime("%H:%M"),
                end=end.strftime("%H:%M"),
            )

    def is_working_day(self, d: date) -> bool:
        return d.weekday() in self.working_weekdays and d not in self.holidays

    def holiday_name(self, d: date) -> str | None:
        return self.holidays.get(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        d -= _ONE_DAY
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it when ``n`` < 0); ``d`` when ``n`` is 0.

        ``d`` itself need not be a working day: Saturday + 1 is Monday (or later, if Monday is a
        holiday).
        """
        step = self.next_working_day if n >= 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end``, both included; empty when ``end < start``."""
        days: list[date] = []
        d = start
        while d <= end:
            if self.is_working_day(d):
                days.append(d)
            d += _ONE_DAY
        return days

    def working_days_in_month(self, year: int, month: int) -> list[date]:
        last = _stdlib_calendar.monthrange(year, month)[1]
        return self.working_days_between(date(year, month, 1), date(year, month, last))

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` of working time after ``start``.

        Time outside office hours, on weekends and on holidays does not count, so a ticket opened
        on Saturday with a 60-minute SLA is due Monday 09:00. A result that lands exactly on the
        end of office hours stays on that day (15:00 + 60 min → 16:00, not the next morning).
        """
        if minutes < 0:
            raise ValidationError("calendar.negative_minutes", field="minutes", minutes=minutes)
        remaining = timedelta(minutes=minutes)
        cursor = self._first_working_moment(start)
        while True:
            available = datetime.combine(cursor.date(), self.working_hours[1]) - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = datetime.combine(self.next_working_day(cursor.date()), self.working_hours[0])

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole minutes of working time from ``a`` to ``b``; negative when ``b`` is before ``a``.

        A negative result reads as "overdue by", e.g. ``working_minutes_between(now, due)``.
        The days strictly between the two are counted, not walked: the help desk asks this of
        every open ticket, some open for months, on each look at the queue.
        """
        if b < a:
            return -self.working_minutes_between(b, a)
        first, last = a.date(), b.date()
        if first == last:
            return self._worked_on(first, a, b) // _MINUTE
        day_start, day_end = self.working_hours
        total = self._worked_on(first, a, datetime.combine(first, day_end))
        total += self._worked_on(last, datetime.combine(last, day_start), b)
        between = self._working_days_strictly_between(first, last)
        full_day = datetime.combine(first, day_end) - datetime.combine(first, day_start)
        return (total + between * full_day) // _MINUTE

    def _worked_on(self, d: date, lo: datetime, hi: datetime) -> timedelta:
        """Working time of day ``d`` between ``lo`` and ``hi``."""
        if not self.is_working_day(d):
            return timedelta()
        day_start, day_end = self.working_hours
        lo = max(lo, datetime.combine(d, day_start))
        hi = min(hi, datetime.combine(d, day_end))
        return hi - lo if hi > lo else timedelta()

    def _working_days_strictly_between(self, first: date, last: date) -> int:
        """How many working days lie after ``first`` and before ``last``."""
        days = (last - first).days - 1
        if days <= 0:
            return 0
        weeks, rest = divmod(days, 7)
        count = weeks * len(self.working_weekdays)
        weekday = (first.weekday() + 1) % 7  # the first day counted
        count += sum(1 for i in range(rest) if (weekday + i) % 7 in self.working_weekdays)
        count -= sum(
            1
            for holiday in self.holidays
            if first < holiday < last and holiday.weekday() in self.working_weekdays
        )
        return count

    def _first_working_moment(self, moment: datetime) -> datetime:
        """``moment`` itself if it is working time, else the start of the next working period."""
        day_start, day_end = self.working_hours
        d = moment.date()
        if self.is_working_day(d):
            if moment.time() < day_start:
                return datetime.combine(d, day_start)
            if moment.time() < day_end:
                return moment
        return datetime.combine(self.next_working_day(d), day_start)


def date_label(d: date) -> Msg:
    """A date in words, e.g. "Jumat, 6 Maret 2026" / "Friday 6 March 2026"."""
    return Msg(
        "calendar.date",
        {
            "weekday": weekday_label(d.weekday()),
            "day": d.day,
            "month": Msg(f"calendar.month.{d.month}"),
            "year": d.year,
        },
    )


def month_label(year: int, month: int) -> Msg:
    """A month in words, e.g. "Maret 2026"."""
    return Msg("calendar.month_year", {"month": Msg(f"calendar.month.{month}"), "year": year})


def weekday_label(weekday: int) -> Msg:
    """The name of a weekday, Monday = 0."""
    return Msg(f"calendar.weekday.{weekday}")


def date_list_label(days: Sequence[date]) -> Msg:
    """Several dates in words, separated by semicolons."""
    if not days:
        return Msg("calendar.no_dates")
    label = date_label(days[-1])
    for d in reversed(days[:-1]):
        label = Msg("calendar.date_list", {"first": date_label(d), "rest": label})
    return label
