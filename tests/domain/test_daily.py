"""Progres Harian: status machine, form rules, minute cap, on-time rule and period locks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.daily import (
    DAILY_TRANSITIONS,
    EDITABLE_STATUSES,
    FORM_FIELDS,
    DailyEntryInput,
    collect_entry_problems,
    context_free_problems,
    daily_status_label,
    ensure_entry_editable,
    entry_minutes,
    is_on_time,
    is_period_locked,
    on_time_deadline,
    period_lock_date,
    transition_daily,
    validate_entry,
)
from ekinerja_tutor.domain.errors import InvalidTransition, LockedError, ValidationError
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import DailyStatus
from tests.domain.msgcheck import assert_error, assert_msg

S = DailyStatus
D = dt.date
T = dt.datetime
LINK = "https://drive.latihan.local/d/abc123"
TODAY = D(2026, 11, 27)  # Friday
ALLOWED = {
    (S.DRAFT, S.DIKIRIM),
    (S.DIKIRIM, S.DISETUJUI),
    (S.DIKIRIM, S.REVISI),
    (S.REVISI, S.DIKIRIM),
}


# --- status machine ----------------------------------------------------------------------------


def test_allowed_transitions_and_editable_statuses() -> None:
    assert DAILY_TRANSITIONS == ALLOWED
    assert {S.DRAFT, S.REVISI} == EDITABLE_STATUSES


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_daily_transition(current: DailyStatus, target: DailyStatus) -> None:
    if current is S.DISETUJUI:
        with pytest.raises(LockedError) as locked:
            transition_daily(current, target, "catatan")
        assert_error(locked.value, "daily.locked_approved")
    elif (current, target) in ALLOWED:
        assert transition_daily(current, target, "Tautan tidak bisa dibuka.") is target
    else:
        with pytest.raises(InvalidTransition) as raised:
            transition_daily(current, target, "catatan")
        error = assert_error(raised.value, "daily.transition_invalid")
        assert error.params == {
            "from_status": daily_status_label(current),
            "to_status": daily_status_label(target),
        }


@pytest.mark.parametrize("note", [None, "", " ", "\n"])
def test_revision_needs_a_note(note: str | None) -> None:
    with pytest.raises(ValidationError) as raised:
        transition_daily(S.DIKIRIM, S.REVISI, note)
    assert_error(raised.value, "daily.revision_note_required", "revision_note")


def test_revision_note_follows_field_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        transition_daily(S.DIKIRIM, S.REVISI, "ok\x00")
    assert_error(raised.value, "field.control_char", "revision_note")


def test_a_revision_is_fixed_and_sent_again() -> None:
    status = transition_daily(S.DRAFT, S.DIKIRIM)
    status = transition_daily(status, S.REVISI, "Perbaiki jam selesai.")
    ensure_entry_editable(status)
    status = transition_daily(status, S.DIKIRIM)
    assert transition_daily(status, S.DISETUJUI) is S.DISETUJUI


@pytest.mark.parametrize(
    ("status", "key"),
    [(S.DRAFT, None), (S.REVISI, None), (S.DIKIRIM, "daily.locked_sent"),
     (S.DISETUJUI, "daily.locked_approved")],
)  # fmt: skip
def test_which_entries_are_editable(status: DailyStatus, key: str | None) -> None:
    if key is None:
        ensure_entry_editable(status)
        return
    with pytest.raises(LockedError) as raised:
        ensure_entry_editable(status)
    assert_error(raised.value, key)


def test_status_labels() -> None:
    for status in S:
        assert_msg(daily_status_label(status))


# --- form rules --------------------------------------------------------------------------------


def entry(**changes: object) -> DailyEntryInput:
    base = DailyEntryInput(
        tanggal=D(2026, 11, 26),
        jam_mulai=dt.time(8, 0),
        jam_selesai=dt.time(10, 0),
        kegiatan="Menyusun laporan bulanan PKH",
        realisasi=1,
        satuan="Dokumen",
        bukti_dukung=LINK,
        rencana_aksi_id=11,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def problems(
    e: DailyEntryInput,
    cal: WorkCalendar,
    *,
    rules: RegionalRules | None = None,
    other: int = 0,
    locked: bool = False,
    month_ok: bool = True,
    evidence: bool = False,
    today: D = TODAY,
) -> list[ValidationError]:
    found = collect_entry_problems(
        e,
        today=today,
        calendar=cal,
        rules=rules or RegionalRules(),
        other_minutes_that_day=other,
        period_locked=locked,
        rencana_aksi_month_ok=month_ok,
        require_evidence=evidence,
    )
    for problem in found:
        assert_error(problem)
    return found


def only(found: list[ValidationError]) -> ValidationError:
    assert len(found) == 1, [p.key for p in found]
    return found[0]


def test_a_good_entry_has_no_problems(cal: WorkCalendar, rules: RegionalRules) -> None:
    assert problems(entry(), cal) == []
    assert problems(entry(tanggal=TODAY), cal) == []
    validate_entry(
        entry(),
        today=TODAY,
        calendar=cal,
        rules=rules,
        other_minutes_that_day=0,
        period_locked=False,
        rencana_aksi_month_ok=True,
        require_evidence=True,
    )


def test_future_dates_are_refused(cal: WorkCalendar) -> None:
    error = only(problems(entry(tanggal=D(2026, 11, 30)), cal))
    assert_error(error, "daily.future_date", "tanggal")


def test_holidays_are_refused_by_name(cal: WorkCalendar) -> None:
    error = only(problems(entry(tanggal=D(2026, 8, 17)), cal))
    assert_error(error, "daily.holiday", "tanggal")
    assert "Hari Kemerdekaan RI" in error.render("id")


def test_weekends_are_refused(cal: WorkCalendar) -> None:
    error = only(problems(entry(tanggal=D(2026, 11, 22)), cal))
    assert_error(error, "daily.not_working_day", "tanggal")
    assert "Minggu" in error.render("id")
    assert "Sunday" in error.render("en")


def test_locked_period_explains_admin_unlock(cal: WorkCalendar) -> None:
    error = only(problems(entry(tanggal=D(2026, 10, 30)), cal, locked=True))
    assert_error(error, "daily.period_locked", "tanggal")
    assert "Admin Instansi" in error.render("id")
    assert "5 November 2026" in error.render("en")


@pytest.mark.parametrize(
    ("start", "end"), [(dt.time(10), dt.time(10)), (dt.time(10), dt.time(9, 59))]
)
def test_end_must_be_after_start(cal: WorkCalendar, start: dt.time, end: dt.time) -> None:
    error = only(problems(entry(jam_mulai=start, jam_selesai=end), cal))
    assert_error(error, "daily.end_not_after_start", "jam_selesai")


def test_daily_minute_cap(cal: WorkCalendar) -> None:
    two_hours = entry(jam_mulai=dt.time(8), jam_selesai=dt.time(10))
    assert problems(two_hours, cal, other=330) == []  # exactly 450
    error = only(problems(two_hours, cal, other=400))
    assert_error(error, "daily.over_cap", "jam_selesai")
    assert error.params["left"] == 50
    assert error.params["minutes"] == 120
    assert "50" in error.render("id")
    full = only(problems(two_hours, cal, other=450))
    assert_error(full, "daily.cap_reached", "jam_selesai")
    over = only(problems(two_hours, cal, other=500))
    assert over.key == "daily.cap_reached"


def test_cap_is_regional(cal: WorkCalendar) -> None:
    rules = RegionalRules(daily_minute_cap=60)
    error = only(problems(entry(), cal, rules=rules))
    assert error.params["cap"] == 60


def test_a_whole_day_entry_alone_can_exceed_the_cap(cal: WorkCalendar) -> None:
    long = entry(jam_mulai=dt.time(7), jam_selesai=dt.time(15, 1))  # 481 minutes
    assert only(problems(long, cal)).key == "daily.over_cap"


def test_rencana_aksi_is_required_and_of_the_month(cal: WorkCalendar) -> None:
    error = only(problems(entry(rencana_aksi_id=None), cal))
    assert_error(error, "daily.rencana_aksi_required", "rencana_aksi_id")
    wrong = only(problems(entry(), cal, month_ok=False))
    assert_error(wrong, "daily.rencana_aksi_wrong_month", "rencana_aksi_id")
    assert "November 2026" in wrong.render("id")


@pytest.mark.parametrize(
    ("kegiatan", "key"),
    [
        ("", "field.required"),
        ("   ", "field.required"),
        ("baris satu\nbaris dua", "field.line_break"),
        ("x" * 501, "field.too_long"),
        ("ok\x1b[31m", "field.control_char"),
    ],
)
def test_kegiatan_follows_the_field_rules(cal: WorkCalendar, kegiatan: str, key: str) -> None:
    assert_error(only(problems(entry(kegiatan=kegiatan), cal)), key, "kegiatan")


@pytest.mark.parametrize("realisasi", [-1, 1_000_001, True])
def test_realisasi_range(cal: WorkCalendar, realisasi: int) -> None:
    error = only(problems(entry(realisasi=realisasi), cal))
    assert_error(error, "daily.realisasi_range", "realisasi")


def test_realisasi_zero_is_allowed(cal: WorkCalendar) -> None:
    assert problems(entry(realisasi=0), cal) == []


def test_satuan_is_required(cal: WorkCalendar) -> None:
    assert_error(only(problems(entry(satuan=""), cal)), "field.required", "satuan")


def test_evidence_required_only_per_entry(cal: WorkCalendar) -> None:
    assert problems(entry(bukti_dukung=""), cal, evidence=False) == []
    error = only(problems(entry(bukti_dukung=""), cal, evidence=True))
    assert_error(error, "daily.evidence_required", "bukti_dukung")
    assert "drive.latihan.local" in error.render("en")


@pytest.mark.parametrize("evidence", [True, False])
def test_evidence_when_given_is_validated(cal: WorkCalendar, evidence: bool) -> None:
    bad = entry(bukti_dukung=r"C:\Users\ani\bukti.pdf")
    error = only(problems(bad, cal, evidence=evidence))
    assert_error(error, "evidence.link_local_path", "bukti_dukung")


def test_all_problems_come_in_form_order_and_the_first_is_raised(
    cal: WorkCalendar, rules: RegionalRules
) -> None:
    bad = DailyEntryInput(
        tanggal=D(2026, 11, 28),
        jam_mulai=dt.time(10),
        jam_selesai=dt.time(9),
        kegiatan="",
        realisasi=-1,
        satuan="",
        bukti_dukung="javascript:alert(1)",
        rencana_aksi_id=None,
    )
    found = problems(bad, cal)
    # One problem per field, in the real form's order (times are reported on jam_selesai).
    assert [p.field for p in found] == [f for f in FORM_FIELDS if f != "jam_mulai"]
    with pytest.raises(ValidationError) as raised:
        validate_entry(
            bad,
            today=TODAY,
            calendar=cal,
            rules=rules,
            other_minutes_that_day=0,
            period_locked=False,
            rencana_aksi_month_ok=True,
            require_evidence=False,
        )
    assert raised.value is not found[0]
    assert (raised.value.key, raised.value.field) == (
        "daily.rencana_aksi_required",
        "rencana_aksi_id",
    )


def test_context_free_problems_are_those_of_the_full_check_without_the_office() -> None:
    found = context_free_problems(
        rencana_aksi_id=None,
        jam_mulai=dt.time(10),
        jam_selesai=dt.time(9),
        kegiatan="",
        satuan="",
        bukti_dukung="javascript:alert(1)",
    )
    assert [(p.field, p.key) for p in found] == [
        ("rencana_aksi_id", "daily.rencana_aksi_required"),
        ("jam_selesai", "daily.end_not_after_start"),
        ("kegiatan", "field.required"),
        ("satuan", "field.required"),
        ("bukti_dukung", "evidence.link_not_document"),
    ]
    # a time that did not parse (None) leaves the order unchecked; no link is no problem here
    # (whether one is required is the office's rule)
    assert not context_free_problems(
        rencana_aksi_id=7,
        jam_mulai=None,
        jam_selesai=dt.time(9),
        kegiatan="Rapat staf",
        satuan="kali",
        bukti_dukung="",
    )


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (dt.time(8), dt.time(10), 120),
        (dt.time(8, 15), dt.time(8, 45), 30),
        (dt.time(10), dt.time(9), 0),
        (dt.time(10), dt.time(10), 0),
        (dt.time(8, 0, 30), dt.time(8, 2), 1),
        (dt.time(0), dt.time(23, 59), 1439),
    ],
)
def test_entry_minutes(start: dt.time, end: dt.time, minutes: int) -> None:
    assert entry_minutes(start, end) == minutes


# --- on time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tanggal", "sent_at", "on_time"),
    [
        (D(2026, 11, 26), T(2026, 11, 26, 16), True),  # same day
        (D(2026, 11, 26), T(2026, 11, 27, 23, 59), True),  # Thursday → Friday evening
        (D(2026, 11, 26), T(2026, 11, 28, 0, 0), False),
        (D(2026, 11, 27), T(2026, 11, 28, 10), True),  # Friday's entry sent Saturday
        (D(2026, 11, 27), T(2026, 11, 30, 23, 59, 59), True),  # ... or Monday night
        (D(2026, 11, 27), T(2026, 12, 1, 0, 0), False),  # Tuesday is late
        (D(2026, 8, 14), T(2026, 8, 18, 20), True),  # Friday, Monday 17 Aug holiday → Tuesday
        (D(2026, 8, 14), T(2026, 8, 19, 7), False),
        (D(2026, 3, 19), T(2026, 3, 23, 12), True),  # Thursday, Friday Idul Fitri → Monday
        (D(2026, 3, 19), T(2026, 3, 24, 8), False),
        (D(2026, 12, 23), T(2026, 12, 28, 23), True),  # Wednesday before Christmas → Monday
        (D(2026, 12, 23), T(2026, 12, 29, 8), False),
    ],
)
def test_on_time_rule(cal: WorkCalendar, tanggal: D, sent_at: T, on_time: bool) -> None:
    assert is_on_time(tanggal, sent_at, cal, RegionalRules()) is on_time


def test_on_time_days_are_regional(cal: WorkCalendar) -> None:
    same_day = RegionalRules(on_time_working_days=0)
    assert on_time_deadline(D(2026, 11, 27), cal, same_day) == D(2026, 11, 27)
    assert not is_on_time(D(2026, 11, 27), T(2026, 11, 28, 0, 1), cal, same_day)
    two_days = RegionalRules(on_time_working_days=2)
    assert on_time_deadline(D(2026, 11, 27), cal, two_days) == D(2026, 12, 1)


# --- period locks ------------------------------------------------------------------------------


def test_period_lock_date() -> None:
    assert period_lock_date(D(2026, 3, 31), RegionalRules()) == D(2026, 4, 5)
    assert period_lock_date(D(2026, 12, 31), RegionalRules()) == D(2027, 1, 5)
    assert period_lock_date(D(2026, 2, 28), RegionalRules(lock_after_days=0)) == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("tanggal", "today", "unlocked", "locked"),
    [
        (D(2026, 3, 10), D(2026, 3, 31), False, False),
        (D(2026, 3, 10), D(2026, 4, 5), False, False),  # last day to change March
        (D(2026, 3, 10), D(2026, 4, 6), False, True),
        (D(2026, 3, 31), D(2026, 4, 6), True, False),  # admin unlocked March
        (D(2026, 4, 1), D(2026, 4, 6), False, False),  # April itself is open
        (D(2026, 12, 31), D(2027, 1, 6), False, True),
    ],
)
def test_is_period_locked(tanggal: D, today: D, unlocked: bool, locked: bool) -> None:
    assert is_period_locked(tanggal, today, RegionalRules(), unlocked) is locked
