"""Working days, holidays and working-hours (SLA) arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja_tutor.domain.calendar import (
    WorkCalendar,
    date_label,
    date_list_label,
    month_label,
)
from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from tests.domain.conftest import HOLIDAYS
from tests.domain.msgcheck import assert_error, assert_msg

D = dt.date
T = dt.datetime


def test_weekends_and_holidays_are_not_working_days(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D(2026, 3, 19))  # Thursday
    assert not cal.is_working_day(D(2026, 3, 20))  # Friday, Idul Fitri
    assert not cal.is_working_day(D(2026, 3, 21))  # Saturday
    assert not cal.is_working_day(D(2026, 3, 22))  # Sunday
    assert cal.holiday_name(D(2026, 8, 17)) == "Hari Kemerdekaan RI"
    assert cal.holiday_name(D(2026, 8, 18)) is None


def test_six_day_week_is_configurable() -> None:
    cal = WorkCalendar(working_weekdays=frozenset({0, 1, 2, 3, 4, 5}))
    assert cal.is_working_day(D(2026, 3, 21))  # Saturday
    assert not cal.is_working_day(D(2026, 3, 22))


def test_holidays_are_copied_and_read_only() -> None:
    source = {D(2026, 1, 1): "Tahun Baru"}
    cal = WorkCalendar(holidays=source)
    source[D(2026, 1, 2)] = "added later"
    assert cal.is_working_day(D(2026, 1, 2))
    with pytest.raises(TypeError):
        cal.holidays[D(2026, 1, 5)] = "x"  # type: ignore[index]
    assert hash(cal) == hash(WorkCalendar(holidays={D(2026, 1, 1): "Tahun Baru"}))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 19), D(2026, 3, 23)),  # Thu → (Fri holiday, weekend) → Mon
        (D(2026, 3, 23), D(2026, 3, 24)),
        (D(2026, 11, 27), D(2026, 11, 30)),  # Fri → Mon
        (D(2026, 11, 28), D(2026, 11, 30)),  # Sat → Mon
        (D(2026, 8, 14), D(2026, 8, 18)),  # Fri → (Mon 17 Aug holiday) → Tue
        (D(2026, 12, 23), D(2026, 12, 28)),  # Wed → (Christmas Thu/Fri, weekend) → Mon
    ],
)
def test_next_working_day_is_strictly_after(cal: WorkCalendar, day: D, expected: D) -> None:
    assert cal.next_working_day(day) == expected


def test_previous_working_day(cal: WorkCalendar) -> None:
    assert cal.previous_working_day(D(2026, 3, 23)) == D(2026, 3, 19)
    assert cal.previous_working_day(D(2026, 8, 18)) == D(2026, 8, 14)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 11, 27), 0, D(2026, 11, 27)),
        (D(2026, 11, 28), 0, D(2026, 11, 28)),  # zero days: the day itself, even a Saturday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),
        (D(2026, 11, 27), 5, D(2026, 12, 4)),
        (D(2026, 12, 22), 3, D(2026, 12, 29)),  # 23, (24, 25 holidays, weekend) 28, 29
        (D(2026, 11, 30), -1, D(2026, 11, 27)),
        (D(2026, 3, 23), -1, D(2026, 3, 19)),
    ],
)
def test_add_working_days(cal: WorkCalendar, day: D, n: int, expected: D) -> None:
    assert cal.add_working_days(day, n) == expected


def test_working_days_between_is_inclusive(cal: WorkCalendar) -> None:
    assert cal.working_days_between(D(2026, 3, 16), D(2026, 3, 23)) == [
        D(2026, 3, 16),
        D(2026, 3, 17),
        D(2026, 3, 18),
        D(2026, 3, 19),
        D(2026, 3, 23),
    ]
    assert cal.working_days_between(D(2026, 3, 23), D(2026, 3, 23)) == [D(2026, 3, 23)]
    assert cal.working_days_between(D(2026, 3, 24), D(2026, 3, 23)) == []


def test_working_days_in_month(cal: WorkCalendar) -> None:
    march = cal.working_days_in_month(2026, 3)
    assert len(march) == 21  # 22 weekdays minus Idul Fitri
    assert D(2026, 3, 20) not in march
    assert len(cal.working_days_in_month(2026, 2)) == 20
    december = cal.working_days_in_month(2026, 12)
    assert len(december) == 21  # 23 weekdays minus two Christmas days
    assert december[-1] == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (T(2026, 11, 26, 9, 0), 60, T(2026, 11, 26, 10, 0)),
        (T(2026, 11, 26, 15, 0), 60, T(2026, 11, 26, 16, 0)),  # ends exactly at closing
        (T(2026, 11, 26, 15, 30), 60, T(2026, 11, 27, 8, 30)),  # spills into next morning
        (T(2026, 11, 27, 15, 0), 120, T(2026, 11, 30, 9, 0)),  # Friday → Monday
        (T(2026, 11, 28, 10, 0), 60, T(2026, 11, 30, 9, 0)),  # opened on Saturday
        (T(2026, 11, 26, 6, 30), 30, T(2026, 11, 26, 8, 30)),  # before office hours
        (T(2026, 11, 26, 16, 0), 30, T(2026, 11, 27, 8, 30)),  # at closing time
        (T(2026, 11, 26, 20, 0), 0, T(2026, 11, 27, 8, 0)),  # the clock starts next morning
        (T(2026, 11, 26, 9, 15), 0, T(2026, 11, 26, 9, 15)),
        (T(2026, 11, 26, 8, 0), 480 * 3, T(2026, 11, 30, 16, 0)),  # three full days
        (T(2026, 8, 14, 15, 0), 120, T(2026, 8, 18, 9, 0)),  # over weekend + 17 August
        (T(2026, 12, 23, 15, 0), 61, T(2026, 12, 28, 8, 1)),  # over Christmas
        (T(2026, 11, 26, 9, 0, 30), 1, T(2026, 11, 26, 9, 1, 30)),  # seconds are kept
    ],
)
def test_add_working_minutes(cal: WorkCalendar, start: T, minutes: int, expected: T) -> None:
    assert cal.add_working_minutes(start, minutes) == expected


def test_add_working_minutes_refuses_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValidationError) as raised:
        cal.add_working_minutes(T(2026, 11, 26, 9), -5)
    assert_error(raised.value, "calendar.negative_minutes", "minutes")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (T(2026, 11, 26, 9, 0), T(2026, 11, 26, 10, 30), 90),
        (T(2026, 11, 26, 7, 0), T(2026, 11, 26, 9, 0), 60),
        (T(2026, 11, 26, 15, 0), T(2026, 11, 26, 20, 0), 60),
        (T(2026, 11, 26, 15, 0), T(2026, 11, 27, 9, 0), 120),
        (T(2026, 11, 27, 15, 0), T(2026, 11, 30, 9, 0), 120),  # weekend does not count
        (T(2026, 11, 28, 9, 0), T(2026, 11, 29, 15, 0), 0),
        (T(2026, 8, 14, 8, 0), T(2026, 8, 18, 16, 0), 960),  # Fri + Tue; 17 Aug is a holiday
        (T(2026, 11, 26, 10, 0), T(2026, 11, 26, 9, 0), -60),  # "overdue by an hour"
        (T(2026, 11, 26, 9, 0), T(2026, 11, 26, 9, 0, 59), 0),
    ],
)
def test_working_minutes_between(cal: WorkCalendar, a: T, b: T, expected: int) -> None:
    assert cal.working_minutes_between(a, b) == expected


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=T(2026, 1, 1), max_value=T(2026, 12, 31)).map(
        lambda t: t.replace(second=0, microsecond=0)
    ),
    minutes=st.integers(min_value=0, max_value=20_000),
)
def test_minutes_round_trip(start: T, minutes: int) -> None:
    cal = WorkCalendar(holidays=HOLIDAYS)
    due = cal.add_working_minutes(start, minutes)
    assert due >= start
    assert cal.working_minutes_between(start, due) == minutes
    assert cal.working_minutes_between(due, start) == -minutes


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_add_working_days_lands_on_working_days(day: D, n: int) -> None:
    cal = WorkCalendar(holidays=HOLIDAYS)
    result = cal.add_working_days(day, n)
    assert cal.is_working_day(result)
    assert len(cal.working_days_between(day + dt.timedelta(days=1), result)) == n
    if cal.is_working_day(day):
        assert cal.add_working_days(result, -n) == day


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"working_weekdays": frozenset()}, "calendar.no_working_weekdays"),
        ({"working_weekdays": frozenset({0, 7})}, "calendar.bad_weekday"),
        ({"working_weekdays": frozenset({-1})}, "calendar.bad_weekday"),
        ({"working_hours": (dt.time(16), dt.time(8))}, "calendar.bad_working_hours"),
        ({"working_hours": (dt.time(8), dt.time(8))}, "calendar.bad_working_hours"),
    ],
)
def test_nonsense_calendars_are_refused(kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        WorkCalendar(**kwargs)  # type: ignore[arg-type]
    assert_error(raised.value, key)


def test_date_labels_read_naturally() -> None:
    assert date_label(D(2026, 3, 6)).render("id") == "Jumat, 6 Maret 2026"
    assert date_label(D(2026, 3, 6)).render("en") == "Friday 6 March 2026"
    assert month_label(2026, 12).render("id") == "Desember 2026"
    days = [D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4)]
    assert date_list_label(days).render("en") == (
        "Monday 2 March 2026; Tuesday 3 March 2026; Wednesday 4 March 2026"
    )
    assert_msg(date_list_label(days))
    assert_msg(date_list_label([]))
    for month in range(1, 13):
        assert_msg(month_label(2026, month))
    for offset in range(7):
        assert_msg(date_label(D(2026, 3, 2) + dt.timedelta(days=offset)))


def _minutes_day_by_day(cal: WorkCalendar, a: T, b: T) -> int:
    """The plain definition: walk every day from ``a`` to ``b``."""
    if b < a:
        return -_minutes_day_by_day(cal, b, a)
    total = dt.timedelta()
    start, end = cal.working_hours
    d = a.date()
    while d <= b.date():
        if cal.is_working_day(d):
            lo, hi = max(a, T.combine(d, start)), min(b, T.combine(d, end))
            total += max(hi - lo, dt.timedelta())
        d += dt.timedelta(days=1)
    return total // dt.timedelta(minutes=1)


@settings(max_examples=300, deadline=None)
@given(
    a=st.datetimes(min_value=T(2025, 11, 1), max_value=T(2027, 2, 1)),
    b=st.datetimes(min_value=T(2025, 11, 1), max_value=T(2027, 2, 1)),
    weekdays=st.frozensets(st.integers(min_value=0, max_value=6), min_size=1),
    holidays=st.sets(st.dates(min_value=D(2025, 11, 1), max_value=D(2027, 2, 1)), max_size=30),
)
def test_working_minutes_counted_as_the_days_walked(
    a: T, b: T, weekdays: frozenset[int], holidays: set[D]
) -> None:
    cal = WorkCalendar(
        holidays=dict.fromkeys(holidays, "libur"),
        working_weekdays=weekdays,
        working_hours=(dt.time(7, 30), dt.time(16, 0)),
    )
    assert cal.working_minutes_between(a, b) == _minutes_day_by_day(cal, a, b)
