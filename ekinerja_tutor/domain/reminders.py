"""Reminders and the single next step, derived from the learner's state on a given day.

Nothing is stored: services gather the counts, these functions decide what to say. The order
of :func:`next_step` follows the real workflow: SKP → Rencana Aksi → returned entries → today's
entry → drafts to send.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ekinerja_tutor.domain.calendar import WorkCalendar, date_label, date_list_label, month_label
from ekinerja_tutor.domain.clock import month_end
from ekinerja_tutor.domain.daily import is_period_locked, period_lock_date
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import SkpStatus
from ekinerja_tutor.i18n import Msg


class ReminderKind(StrEnum):
    SKP_NOT_APPROVED = "skp_not_approved"
    RENCANA_AKSI_MISSING = "rencana_aksi_missing"
    RETURNED_ENTRIES = "returned_entries"
    MISSING_ENTRIES = "missing_entries"
    LOCK_DEADLINE = "lock_deadline"
    REVIEWS_WAITING = "reviews_waiting"
    QUICK_DRAFTS = "quick_drafts"


class Severity(StrEnum):
    URGENT = "urgent"  # blocks work, or a deadline within two days
    WARNING = "warning"  # something to fix soon
    INFO = "info"  # worth knowing


_SEVERITY_RANK = {Severity.URGENT: 0, Severity.WARNING: 1, Severity.INFO: 2}
URGENT_DAYS = 2
WARNING_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    """One reminder line; ``kind`` is a :class:`ReminderKind`, ``severity`` a :class:`Severity`."""

    kind: str
    msg: Msg
    due: date | None
    days_left: int | None
    severity: str


def build_reminders(
    *,
    today: date,
    calendar: WorkCalendar,
    rules: RegionalRules,
    entry_dates: Set[date],
    returned_entries: int,
    reviews_waiting: int,
    skp_status: SkpStatus | None,
    rencana_aksi_this_month: bool,
    period_end: date,
    lookback_days: int = 10,
    quick_drafts: int = 0,
) -> list[Reminder]:
    """Every reminder for ``today``, most severe first (stable within a severity).

    Args:
        entry_dates: days that already have an entry (any status).
        returned_entries: the person's entries in REVISI.
        reviews_waiting: subordinates' entries waiting for this person's review.
        period_end: last day of the current entry period (month).
        lookback_days: how many calendar days back to look for working days without an entry.
        quick_drafts: quick notes captured in the field that still need completing.
    """
    reminders: list[Reminder] = []
    skp = _skp_reminder(skp_status)
    if skp is not None:
        reminders.append(skp)
    if skp_status is SkpStatus.DISETUJUI and not rencana_aksi_this_month:
        # Rencana Aksi can only be written under an approved SKP; before that, the SKP
        # reminder is the useful one.
        reminders.append(
            Reminder(
                ReminderKind.RENCANA_AKSI_MISSING,
                Msg(
                    "reminders.rencana_aksi_missing",
                    {"month": month_label(today.year, today.month)},
                ),
                None,
                None,
                Severity.URGENT,
            )
        )
    if returned_entries > 0:
        reminders.append(
            Reminder(
                ReminderKind.RETURNED_ENTRIES,
                Msg("reminders.returned_entries", {"count": returned_entries}),
                None,
                None,
                Severity.WARNING,
            )
        )
    missing = missing_entry_days(today, calendar, rules, entry_dates, lookback_days)
    if missing:
        due = period_lock_date(month_end(missing[0]), rules)
        days_left = (due - today).days
        reminders.append(
            Reminder(
                ReminderKind.MISSING_ENTRIES,
                Msg(
                    "reminders.missing_entries",
                    {
                        "count": len(missing),
                        "dates": date_list_label(missing),
                        "deadline": date_label(due),
                    },
                ),
                due,
                days_left,
                _by_days_left(days_left, default=Severity.WARNING),
            )
        )
    reminders.append(_lock_reminder(today, rules, period_end))
    if reviews_waiting > 0:
        reminders.append(
            Reminder(
                ReminderKind.REVIEWS_WAITING,
                Msg("reminders.reviews_waiting", {"count": reviews_waiting}),
                None,
                None,
                Severity.WARNING,
            )
        )
    if quick_drafts > 0:
        reminders.append(
            Reminder(
                ReminderKind.QUICK_DRAFTS,
                Msg("reminders.quick_drafts", {"count": quick_drafts}),
                None,
                None,
                Severity.INFO,
            )
        )
    return sorted(reminders, key=lambda r: _SEVERITY_RANK[Severity(r.severity)])


def missing_entry_days(
    today: date,
    calendar: WorkCalendar,
    rules: RegionalRules,
    entry_dates: Set[date],
    lookback_days: int = 10,
) -> list[date]:
    """Working days from ``today - lookback_days`` to yesterday with no entry, oldest first.

    Days in a month that is already locked are left out: nothing can be added there anyway.
    """
    start = today - timedelta(days=lookback_days)
    yesterday = today - timedelta(days=1)
    return [
        day
        for day in calendar.working_days_between(start, yesterday)
        if day not in entry_dates and not is_period_locked(day, today, rules, unlocked=False)
    ]


def next_step(
    *,
    today: date,
    calendar: WorkCalendar,
    skp_status: SkpStatus | None,
    rencana_aksi_this_month: bool,
    returned_entries: int,
    entry_dates: Set[date],
    draft_entries: int = 0,
) -> Msg:
    """The single next required step, in plain words."""
    if skp_status is None:
        return Msg("reminders.next.create_skp")
    if skp_status is SkpStatus.DRAFT:
        return Msg("reminders.next.submit_skp")
    if skp_status is SkpStatus.DIKEMBALIKAN:
        return Msg("reminders.next.fix_skp")
    if skp_status is SkpStatus.DIAJUKAN:
        return Msg("reminders.next.wait_skp")
    if not rencana_aksi_this_month:
        return Msg("reminders.next.rencana_aksi", {"month": month_label(today.year, today.month)})
    if returned_entries > 0:
        return Msg("reminders.next.fix_returned", {"count": returned_entries})
    if calendar.is_working_day(today) and today not in entry_dates:
        return Msg("reminders.next.today_entry")
    if draft_entries > 0:
        return Msg("reminders.next.submit_drafts", {"count": draft_entries})
    return Msg("reminders.next.nothing")


def _skp_reminder(status: SkpStatus | None) -> Reminder | None:
    if status is SkpStatus.DISETUJUI:
        return None
    key, severity = {
        None: ("reminders.skp_missing", Severity.URGENT),
        SkpStatus.DRAFT: ("reminders.skp_draft", Severity.URGENT),
        SkpStatus.DIKEMBALIKAN: ("reminders.skp_returned", Severity.URGENT),
        SkpStatus.DIAJUKAN: ("reminders.skp_waiting", Severity.INFO),
    }[status]
    return Reminder(ReminderKind.SKP_NOT_APPROVED, Msg(key), None, None, severity)


def _lock_reminder(today: date, rules: RegionalRules, period_end: date) -> Reminder:
    due = period_lock_date(period_end, rules)
    days_left = (due - today).days
    month = month_label(period_end.year, period_end.month)
    if days_left < 0:
        msg = Msg("reminders.period_locked", {"month": month, "deadline": date_label(due)})
    elif days_left == 0:
        msg = Msg("reminders.lock_deadline_today", {"month": month})
    else:
        msg = Msg(
            "reminders.lock_deadline",
            {"month": month, "deadline": date_label(due), "days_left": days_left},
        )
    severity = Severity.INFO if days_left < 0 else _by_days_left(days_left, default=Severity.INFO)
    return Reminder(ReminderKind.LOCK_DEADLINE, msg, due, days_left, severity)


def _by_days_left(days_left: int, *, default: Severity) -> Severity:
    if days_left <= URGENT_DAYS:
        return Severity.URGENT
    if days_left <= WARNING_DAYS:
        return Severity.WARNING
    return default
