"""Reminders derived from state, and the single next step."""

from __future__ import annotations

import datetime as dt

import pytest

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.reminders import (
    Reminder,
    ReminderKind,
    Severity,
    build_reminders,
    missing_entry_days,
    next_step,
)
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import SkpStatus
from tests.domain.msgcheck import assert_msg

D = dt.date
TODAY = D(2026, 11, 27)  # Friday
NOVEMBER_END = D(2026, 11, 30)
WEEK = {D(2026, 11, d) for d in (17, 18, 19, 20, 23, 24, 25, 26)}


def reminders(cal: WorkCalendar, **changes: object) -> list[Reminder]:
    args: dict[str, object] = {
        "today": TODAY,
        "calendar": cal,
        "rules": RegionalRules(),
        "entry_dates": WEEK,
        "returned_entries": 0,
        "reviews_waiting": 0,
        "skp_status": SkpStatus.DISETUJUI,
        "rencana_aksi_this_month": True,
        "period_end": NOVEMBER_END,
    }
    args.update(changes)
    found = build_reminders(**args)  # type: ignore[arg-type]
    for reminder in found:
        assert_msg(reminder.msg)
        assert reminder.kind in set(ReminderKind)
        assert reminder.severity in set(Severity)
    return found


def by_kind(found: list[Reminder]) -> dict[str, Reminder]:
    return {r.kind: r for r in found}


def test_all_is_well_leaves_only_the_lock_deadline(cal: WorkCalendar) -> None:
    (lock,) = reminders(cal)
    assert lock.kind == ReminderKind.LOCK_DEADLINE
    assert lock.due == D(2026, 12, 5)
    assert lock.days_left == 8
    assert lock.severity == Severity.INFO
    assert "8" in lock.msg.render("id")


def test_missing_working_days_are_named(cal: WorkCalendar) -> None:
    entries = WEEK - {D(2026, 11, 20), D(2026, 11, 24)}
    missing = by_kind(reminders(cal, entry_dates=entries))[ReminderKind.MISSING_ENTRIES]
    assert missing.msg.params["count"] == 2
    text = missing.msg.render("id")
    assert "Jumat, 20 November 2026" in text
    assert "Selasa, 24 November 2026" in text
    assert missing.due == D(2026, 12, 5)
    assert missing.days_left == 8
    assert missing.severity == Severity.WARNING


def test_weekends_holidays_today_and_old_days_are_not_missing(cal: WorkCalendar) -> None:
    assert missing_entry_days(TODAY, cal, RegionalRules(), set()) == sorted(WEEK)
    assert missing_entry_days(TODAY, cal, RegionalRules(), set(), lookback_days=3) == [
        D(2026, 11, 24),
        D(2026, 11, 25),
        D(2026, 11, 26),
    ]
    assert missing_entry_days(D(2026, 8, 18), cal, RegionalRules(), set(), 4) == [D(2026, 8, 14)]


def test_days_in_a_locked_month_are_left_out(cal: WorkCalendar) -> None:
    days = missing_entry_days(D(2026, 4, 7), cal, RegionalRules(), set(), lookback_days=10)
    assert days == [D(2026, 4, 1), D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 6)]
    still_open = missing_entry_days(D(2026, 4, 3), cal, RegionalRules(), set(), lookback_days=3)
    assert still_open == [D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2)]


def test_missing_days_close_to_the_lock_are_urgent(cal: WorkCalendar) -> None:
    found = by_kind(
        reminders(cal, today=D(2026, 12, 3), entry_dates=set(), period_end=D(2026, 12, 31))
    )
    missing = found[ReminderKind.MISSING_ENTRIES]
    assert missing.due == D(2026, 12, 5)  # the oldest missing day is in November
    assert missing.days_left == 2
    assert missing.severity == Severity.URGENT


def test_returned_entries_reviews_and_quick_drafts(cal: WorkCalendar) -> None:
    found = by_kind(reminders(cal, returned_entries=2, reviews_waiting=5, quick_drafts=1))
    assert found[ReminderKind.RETURNED_ENTRIES].msg.params == {"count": 2}
    assert found[ReminderKind.REVIEWS_WAITING].msg.params == {"count": 5}
    assert found[ReminderKind.QUICK_DRAFTS].severity == Severity.INFO


def test_rencana_aksi_missing_under_an_approved_skp(cal: WorkCalendar) -> None:
    found = by_kind(reminders(cal, rencana_aksi_this_month=False))
    ra = found[ReminderKind.RENCANA_AKSI_MISSING]
    assert ra.severity == Severity.URGENT
    assert "November 2026" in ra.msg.render("id")
    unapproved = by_kind(reminders(cal, rencana_aksi_this_month=False, skp_status=None))
    assert ReminderKind.RENCANA_AKSI_MISSING not in unapproved


@pytest.mark.parametrize(
    ("status", "key", "severity"),
    [
        (None, "reminders.skp_missing", Severity.URGENT),
        (SkpStatus.DRAFT, "reminders.skp_draft", Severity.URGENT),
        (SkpStatus.DIKEMBALIKAN, "reminders.skp_returned", Severity.URGENT),
        (SkpStatus.DIAJUKAN, "reminders.skp_waiting", Severity.INFO),
    ],
)
def test_skp_not_approved(
    cal: WorkCalendar, status: SkpStatus | None, key: str, severity: Severity
) -> None:
    skp = by_kind(reminders(cal, skp_status=status))[ReminderKind.SKP_NOT_APPROVED]
    assert (skp.msg.key, skp.severity) == (key, severity)


@pytest.mark.parametrize(
    ("today", "key", "days_left", "severity"),
    [
        (D(2026, 11, 2), "reminders.lock_deadline", 33, Severity.INFO),
        (D(2026, 11, 28), "reminders.lock_deadline", 7, Severity.WARNING),
        (D(2026, 12, 3), "reminders.lock_deadline", 2, Severity.URGENT),
        (D(2026, 12, 5), "reminders.lock_deadline_today", 0, Severity.URGENT),
        (D(2026, 12, 6), "reminders.period_locked", -1, Severity.INFO),
    ],
)
def test_lock_deadline(
    cal: WorkCalendar, today: D, key: str, days_left: int, severity: Severity
) -> None:
    lock = by_kind(reminders(cal, today=today))[ReminderKind.LOCK_DEADLINE]
    assert (lock.msg.key, lock.days_left, lock.severity) == (key, days_left, severity)
    assert lock.due == D(2026, 12, 5)


def test_most_severe_first(cal: WorkCalendar) -> None:
    found = reminders(
        cal,
        skp_status=SkpStatus.DIAJUKAN,
        returned_entries=1,
        reviews_waiting=1,
        quick_drafts=1,
        entry_dates=set(),
    )
    ranks = [list(Severity).index(Severity(r.severity)) for r in found]
    assert ranks == sorted(ranks)
    assert len(found) == 6


# --- next step ---------------------------------------------------------------------------------


def step(cal: WorkCalendar, **changes: object) -> str:
    args: dict[str, object] = {
        "today": TODAY,
        "calendar": cal,
        "skp_status": SkpStatus.DISETUJUI,
        "rencana_aksi_this_month": True,
        "returned_entries": 0,
        "entry_dates": {TODAY},
        "draft_entries": 0,
    }
    args.update(changes)
    msg = next_step(**args)  # type: ignore[arg-type]
    assert_msg(msg)
    return msg.key.rsplit(".", 1)[1]


def test_next_step_follows_the_workflow_order(cal: WorkCalendar) -> None:
    everything = {
        "rencana_aksi_this_month": False,
        "returned_entries": 2,
        "entry_dates": set(),
        "draft_entries": 3,
    }
    assert step(cal, skp_status=None, **everything) == "create_skp"
    assert step(cal, skp_status=SkpStatus.DRAFT, **everything) == "submit_skp"
    assert step(cal, skp_status=SkpStatus.DIKEMBALIKAN, **everything) == "fix_skp"
    assert step(cal, skp_status=SkpStatus.DIAJUKAN, **everything) == "wait_skp"
    assert step(cal, **everything) == "rencana_aksi"
    everything["rencana_aksi_this_month"] = True
    assert step(cal, **everything) == "fix_returned"
    everything["returned_entries"] = 0
    assert step(cal, **everything) == "today_entry"
    everything["entry_dates"] = {TODAY}
    assert step(cal, **everything) == "submit_drafts"
    everything["draft_entries"] = 0
    assert step(cal, **everything) == "nothing"


def test_no_entry_is_asked_for_on_a_weekend_or_holiday(cal: WorkCalendar) -> None:
    assert step(cal, today=D(2026, 11, 28), entry_dates=set()) == "nothing"
    assert step(cal, today=D(2026, 12, 25), entry_dates=set(), draft_entries=1) == "submit_drafts"


def test_next_step_reads_plainly(cal: WorkCalendar) -> None:
    msg = next_step(
        today=TODAY,
        calendar=cal,
        skp_status=SkpStatus.DISETUJUI,
        rencana_aksi_this_month=False,
        returned_entries=0,
        entry_dates=set(),
    )
    assert msg.render("id") == "Isi Rencana Aksi untuk November 2026 dulu."
