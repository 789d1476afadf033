"""Progres Harian (daily progress): status machine, form rules, on-time rule and period locks.

Status machine (GLOSSARY.md)::

    DRAFT ──kirim──▶ DIKIRIM ──setujui──▶ DISETUJUI (locked)
                      │   ▲
       revisi (note)  ▼   │ kirim ulang
                     REVISI

DRAFT and REVISI are editable; a REVISI entry is fixed in place and sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ekinerja_tutor.domain.calendar import (
    WorkCalendar,
    date_label,
    month_label,
    weekday_label,
)
from ekinerja_tutor.domain.clock import month_end
from ekinerja_tutor.domain.errors import InvalidTransition, LockedError, ValidationError
from ekinerja_tutor.domain.evidence import DEFAULT_DRIVE_HOST, validate_link
from ekinerja_tutor.domain.fields import MAX_WHOLE_NUMBER, validate_text
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.i18n import Msg

DAILY_TRANSITIONS: frozenset[tuple[DailyStatus, DailyStatus]] = frozenset(
    {
        (DailyStatus.DRAFT, DailyStatus.DIKIRIM),
        (DailyStatus.DIKIRIM, DailyStatus.DISETUJUI),
        (DailyStatus.DIKIRIM, DailyStatus.REVISI),
        (DailyStatus.REVISI, DailyStatus.DIKIRIM),
    }
)
EDITABLE_STATUSES: frozenset[DailyStatus] = frozenset({DailyStatus.DRAFT, DailyStatus.REVISI})

#: The real form's field order; problems are reported in this order so focus goes to the first.
FORM_FIELDS: tuple[str, ...] = (
    "rencana_aksi_id",
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "kegiatan",
    "realisasi",
    "satuan",
    "bukti_dukung",
)


def daily_status_label(status: DailyStatus) -> Msg:
    return Msg(f"daily.status.{status.value}")


def transition_daily(
    current: DailyStatus, target: DailyStatus, note: str | None = None
) -> DailyStatus:
    """Move a daily entry to ``target``; asking for revision needs a note.

    Raises:
        LockedError: the entry is already approved.
        InvalidTransition: naming both statuses when the move is not allowed.
        ValidationError: on ``revision_note`` when asking for revision without a usable note.
    """
    if current is DailyStatus.DISETUJUI:
        raise LockedError("daily.locked_approved")
    if (current, target) not in DAILY_TRANSITIONS:
        raise InvalidTransition(
            "daily.transition_invalid",
            from_status=daily_status_label(current),
            to_status=daily_status_label(target),
        )
    if target is DailyStatus.REVISI:
        if note is None or note == "" or note.isspace():
            raise ValidationError("daily.revision_note_required", field="revision_note")
        validate_text("revision_note", note)
    return target


def ensure_entry_editable(status: DailyStatus) -> None:
    """Only DRAFT and REVISI entries can be changed."""
    if status is DailyStatus.DIKIRIM:
        raise LockedError("daily.locked_sent")
    if status is DailyStatus.DISETUJUI:
        raise LockedError("daily.locked_approved")


@dataclass(frozen=True)
class DailyEntryInput:
    """What the learner typed into the Progres Harian form, already parsed."""

    tanggal: date
    jam_mulai: time
    jam_selesai: time
    kegiatan: str
    realisasi: int
    satuan: str
    bukti_dukung: str
    rencana_aksi_id: int | None


def entry_minutes(jam_mulai: time, jam_selesai: time) -> int:
    """Whole minutes from start to end; 0 when the end is not after the start."""
    start = timedelta(hours=jam_mulai.hour, minutes=jam_mulai.minute, seconds=jam_mulai.second)
    end = timedelta(hours=jam_selesai.hour, minutes=jam_selesai.minute, seconds=jam_selesai.second)
    return max(0, (end - start) // timedelta(minutes=1))


def collect_entry_problems(
    entry: DailyEntryInput,
    *,
    today: date,
    calendar: WorkCalendar,
    rules: RegionalRules,
    other_minutes_that_day: int,
    period_locked: bool,
    rencana_aksi_month_ok: bool,
    require_evidence: bool,
    drive_host: str = DEFAULT_DRIVE_HOST,
) -> list[ValidationError]:
    """Every problem of the form, at most one per field, in the form's field order.

    Args:
        other_minutes_that_day: minutes of the person's other entries on ``entry.tanggal``
            (excluding this entry when it is being edited).
        period_locked: the month of ``entry.tanggal`` is locked (see :func:`is_period_locked`).
        rencana_aksi_month_ok: the chosen Rencana Aksi belongs to the month of ``entry.tanggal``.
        require_evidence: Bukti Dukung is required (``EvidenceMode.PER_ENTRY``).
    """
    checks: list[Callable[[], object]] = [
        lambda: _check_rencana_aksi(entry, rencana_aksi_month_ok),
        lambda: _check_tanggal(entry.tanggal, today, calendar, rules, period_locked),
        lambda: _check_times(entry, rules, other_minutes_that_day),
        lambda: validate_text("kegiatan", entry.kegiatan),
        lambda: _check_realisasi(entry.realisasi),
        lambda: validate_text("satuan", entry.satuan),
        lambda: _check_evidence(entry.bukti_dukung, require_evidence, drive_host),
    ]
    return _problems_of(checks)


def context_free_problems(
    *,
    rencana_aksi_id: int | None,
    jam_mulai: time | None,
    jam_selesai: time | None,
    kegiatan: str,
    satuan: str,
    bukti_dukung: str,
    drive_host: str = DEFAULT_DRIVE_HOST,
) -> list[ValidationError]:
    """The checks of :func:`collect_entry_problems` that need nothing from the office.

    For a form with a field that did not parse (the date, a time, the realisasi): shown with
    those typing problems, so one press of Kirim names every field to fix, not one at a time.
    A time that did not parse is ``None``; whether Bukti Dukung is required is the office's
    rule and is left to the full check.
    """
    checks: list[Callable[[], object]] = [
        lambda: _check_chosen(rencana_aksi_id),
        lambda: (
            None
            if jam_mulai is None or jam_selesai is None
            else _check_order(jam_mulai, jam_selesai)
        ),
        lambda: validate_text("kegiatan", kegiatan),
        lambda: validate_text("satuan", satuan),
        lambda: _check_evidence(bukti_dukung, False, drive_host),
    ]
    return _problems_of(checks)


def _problems_of(checks: list[Callable[[], object]]) -> list[ValidationError]:
    problems: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationError as problem:
            problems.append(problem)
    return problems


def validate_entry(
    entry: DailyEntryInput,
    *,
    today: date,
    calendar: WorkCalendar,
    rules: RegionalRules,
    other_minutes_that_day: int,
    period_locked: bool,
    rencana_aksi_month_ok: bool,
    require_evidence: bool,
    drive_host: str = DEFAULT_DRIVE_HOST,
) -> None:
    """Raise the first problem of :func:`collect_entry_problems`, if any."""
    problems = collect_entry_problems(
        entry,
        today=today,
        calendar=calendar,
        rules=rules,
        other_minutes_that_day=other_minutes_that_day,
        period_locked=period_locked,
        rencana_aksi_month_ok=rencana_aksi_month_ok,
        require_evidence=require_evidence,
        drive_host=drive_host,
    )
    if problems:
        raise problems[0]


def _check_chosen(rencana_aksi_id: int | None) -> None:
    if rencana_aksi_id is None:
        raise ValidationError("daily.rencana_aksi_required", field="rencana_aksi_id")


def _check_rencana_aksi(entry: DailyEntryInput, month_ok: bool) -> None:
    _check_chosen(entry.rencana_aksi_id)
    if not month_ok:
        raise ValidationError(
            "daily.rencana_aksi_wrong_month",
            field="rencana_aksi_id",
            month=month_label(entry.tanggal.year, entry.tanggal.month),
        )


def _check_tanggal(
    tanggal: date, today: date, calendar: WorkCalendar, rules: RegionalRules, period_locked: bool
) -> None:
    if tanggal > today:
        raise ValidationError(
            "daily.future_date", field="tanggal", date=date_label(tanggal), today=date_label(today)
        )
    if period_locked:
        raise ValidationError(
            "daily.period_locked",
            field="tanggal",
            month=month_label(tanggal.year, tanggal.month),
            deadline=date_label(period_lock_date(month_end(tanggal), rules)),
        )
    holiday = calendar.holiday_name(tanggal)
    if holiday is not None:
        raise ValidationError(
            "daily.holiday", field="tanggal", date=date_label(tanggal), holiday=holiday
        )
    if not calendar.is_working_day(tanggal):
        raise ValidationError(
            "daily.not_working_day",
            field="tanggal",
            date=date_label(tanggal),
            weekday=weekday_label(tanggal.weekday()),
        )


def _check_order(jam_mulai: time, jam_selesai: time) -> None:
    if jam_selesai <= jam_mulai:
        raise ValidationError(
            "daily.end_not_after_start",
            field="jam_selesai",
            start=jam_mulai.strftime("%H:%M"),
            end=jam_selesai.strftime("%H:%M"),
        )


def _check_times(entry: DailyEntryInput, rules: RegionalRules, other_minutes: int) -> None:
    _check_order(entry.jam_mulai, entry.jam_selesai)
    minutes = entry_minutes(entry.jam_mulai, entry.jam_selesai)
    cap = rules.daily_minute_cap
    if minutes + other_minutes > cap:
        left = max(0, cap - other_minutes)
        when = date_label(entry.tanggal)
        if left == 0:
            raise ValidationError("daily.cap_reached", field="jam_selesai", cap=cap, date=when)
        raise ValidationError(
            "daily.over_cap", field="jam_selesai", minutes=minutes, left=left, cap=cap, date=when
        )


def _check_realisasi(realisasi: int) -> None:
    if isinstance(realisasi, bool) or not 0 <= realisasi <= MAX_WHOLE_NUMBER:
        raise ValidationError("daily.realisasi_range", field="realisasi", maximum=MAX_WHOLE_NUMBER)


def _check_evidence(link: str, required: bool, drive_host: str) -> None:
    if link == "":
        if required:
            raise ValidationError(
                "daily.evidence_required", field="bukti_dukung", example=_drive_example(drive_host)
            )
        return
    validate_link(link, drive_host=drive_host, field="bukti_dukung")


def _drive_example(drive_host: str) -> str:
    return f"https://{drive_host}/d/abc123"


# --- deadlines ---------------------------------------------------------------------------------


def on_time_deadline(tanggal: date, calendar: WorkCalendar, rules: RegionalRules) -> date:
    """The last day (until its end) on which the entry for ``tanggal`` counts as on time."""
    return calendar.add_working_days(tanggal, rules.on_time_working_days)


def is_on_time(
    tanggal: date, sent_at: datetime, calendar: WorkCalendar, rules: RegionalRules
) -> bool:
    """Sent no later than the end of the N-th working day after ``tanggal`` (regional rule).

    With N = 1, Friday's entry is on time until Monday 23:59, or Tuesday when Monday is a
    holiday.
    """
    return sent_at.date() <= on_time_deadline(tanggal, calendar, rules)


def period_lock_date(period_end: date, rules: RegionalRules) -> date:
    """The last day on which entries of the period ending ``period_end`` can still change.

    The period locks at the end of this day: with ``lock_after_days`` = 5, March's entries can
    be changed until 5 April and are locked from 6 April.
    """
    return period_end + timedelta(days=rules.lock_after_days)


def is_period_locked(tanggal: date, today: date, rules: RegionalRules, unlocked: bool) -> bool:
    """Whether the month holding ``tanggal`` is locked on ``today``, unless an admin unlocked it."""
    if unlocked:
        return False
    return today > period_lock_date(month_end(tanggal), rules)
