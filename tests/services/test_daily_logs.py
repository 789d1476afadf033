"""Progres Harian through the service: drafts, sending, locks, caps, holidays, the on-time rule,
the weekly view, paging, who may act, fuzzed forms and concurrent writers on both engines."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ekinerja_tutor.domain.errors import (
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceMode, Role
from ekinerja_tutor.persistence.models import DailyEntry
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import (
    LINK,
    Work,
    audit_events,
    build_work,
    form,
    pin_rules,
    set_today,
    unlock_month,
)

# The shared fixtures, bound here so pytest finds them in this module.
any_rctx = fixtures.any_rctx
any_work = fixtures.any_work
rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work

D = dt.date
T = dt.time
THU = D(2026, 11, 26)
FRI = D(2026, 11, 27)  # sandbox today (09:00)


def ra(work: Work, key: str = "ani", month: int = 11) -> int:
    return work.ra[(key, month)]


# --- drafts ------------------------------------------------------------------------------------


def test_save_draft_creates_then_updates_with_audit(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    view = svc.save_draft(seat, None, form(ra(work)))
    assert view.status is DailyStatus.DRAFT and view.person_id == work.pid("ani")
    assert view.minutes == 120 and view.rencana_aksi_text == "Rencana aksi ani 11"
    assert view.problems == ()
    changed = svc.save_draft(seat, view.id, replace(view.as_input(), kegiatan="Rapat koordinasi"))
    assert changed.id == view.id and changed.kegiatan == "Rapat koordinasi"
    events = audit_events(rctx, "daily_entry", view.id)
    assert [e.action for e in events] == ["daily.create", "daily.update"]
    assert events[0].before is None and events[0].after["kegiatan"] == "Menyusun laporan bulanan"
    assert events[1].before["kegiatan"] == "Menyusun laporan bulanan"
    assert events[1].after["kegiatan"] == "Rapat koordinasi"
    assert events[1].actor_person_id == work.pid("ani") and not events[1].simulated


def test_incomplete_draft_is_kept_and_lists_what_blocks_sending(
    rctx: ServiceContext, work: Work
) -> None:
    svc = DailyLogService(rctx)
    half = form(None, start=T(10), end=T(9), kegiatan="", satuan="", bukti="")
    view = svc.save_draft(learner(work.office), None, half)
    assert view.kegiatan == "" and view.rencana_aksi_id is None
    fields = [p.field for p in view.problems]
    assert fields == ["rencana_aksi_id", "jam_selesai", "kegiatan", "satuan"]
    with pytest.raises(ValidationError) as error:
        svc.submit(learner(work.office), view.id)
    assert error.value.field == "rencana_aksi_id"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kegiatan": "baris satu\nbaris dua"}, "kegiatan"),
        ({"kegiatan": "x" * 501}, "kegiatan"),
        ({"kegiatan": "   "}, "kegiatan"),
        ({"satuan": "s" * 51}, "satuan"),
        ({"bukti": "javascript:alert(1)"}, "bukti_dukung"),
        ({"bukti": "C:\\Users\\ani\\laporan.pdf"}, "bukti_dukung"),
        ({"realisasi": -1}, "realisasi"),
        ({"realisasi": 10**12}, "realisasi"),
    ],
)
def test_field_rules_hold_for_drafts_too(
    rctx: ServiceContext, work: Work, changes: dict[str, object], field: str
) -> None:
    svc = DailyLogService(rctx)
    with pytest.raises(ValidationError) as error:
        svc.save_draft(learner(work.office), None, form(ra(work), **changes))  # type: ignore[arg-type]
    assert error.value.field == field
    with rctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(DailyEntry)) == 0


def test_rencana_aksi_must_be_the_persons_own(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    with pytest.raises(ValidationError) as error:
        svc.save_draft(learner(work.office), None, form(ra(work, "budi")))
    assert error.value.field == "rencana_aksi_id"
    with pytest.raises(ValidationError):
        svc.save_draft(learner(work.office), None, form(999_999))


def test_only_own_editable_entries_change(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    budi = simulated(work.office, "budi")
    entry = svc.save_draft(budi, None, form(ra(work, "budi")))
    with pytest.raises(PermissionDenied):
        svc.save_draft(learner(work.office), entry.id, form(ra(work)))
    with pytest.raises(PermissionDenied):
        svc.submit(learner(work.office), entry.id)
    with pytest.raises(PermissionDenied):
        svc.delete_draft(learner(work.office), entry.id)
    svc.submit(budi, entry.id)
    with pytest.raises(LockedError):
        svc.save_draft(budi, entry.id, form(ra(work, "budi")))
    with pytest.raises(LockedError):
        svc.delete_draft(budi, entry.id)
    with pytest.raises(NotFound):
        svc.save_draft(budi, 999_999, form(ra(work, "budi")))


@pytest.mark.parametrize(
    "seat_kind", ["other_sandbox", "not_your_seat", "peer_of_persona", "staff_principal"]
)
def test_writers_outside_their_seat_are_refused(
    rctx: ServiceContext, work: Work, seat_kind: str
) -> None:
    other = build_work(rctx, username="eko", persona="budi")
    svc = DailyLogService(rctx)
    mine = learner(work.office)
    seat = {
        "other_sandbox": Seat(mine.principal, other.office.sandbox_id, other.pid("budi")),
        "not_your_seat": learner(work.office, "kadis"),
        "peer_of_persona": learner(work.office, "budi"),
        "staff_principal": Seat(
            Principal(None, "trainer", frozenset({Role.TRAINER})),
            work.office.sandbox_id,
            work.pid("ani"),
        ),
    }[seat_kind]
    with pytest.raises(PermissionDenied):
        svc.save_draft(seat, None, form(ra(work)))
    with pytest.raises(PermissionDenied):
        svc.quick_field_entry(seat, "catatan lapangan")
    with pytest.raises(PermissionDenied):
        svc.copy_from_previous(seat, FRI)


# --- sending -----------------------------------------------------------------------------------


def test_submit_sets_status_time_and_on_time(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    draft = svc.save_draft(seat, None, form(ra(work)))
    sent = svc.submit(seat, draft.id)
    assert sent.status is DailyStatus.DIKIRIM
    assert sent.submitted_at == dt.datetime(2026, 11, 27, 9, 0)
    assert sent.on_time is True
    event = audit_events(rctx, "daily_entry", draft.id)[-1]
    assert event.action == "daily.submit"
    assert event.before["status"] == "DRAFT" and event.after["status"] == "DIKIRIM"
    with pytest.raises(TutorError):
        svc.submit(seat, draft.id)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (D(2026, 11, 30), "daily.future_date"),
        (D(2026, 11, 25), "daily.holiday"),
        (D(2026, 11, 22), "daily.not_working_day"),
        (D(2026, 10, 30), "daily.period_locked"),
    ],
)
def test_dates_refused_on_submit(rctx: ServiceContext, work: Work, day: D, key: str) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    draft = svc.save_draft(seat, None, form(ra(work, month=day.month), day=day))
    with pytest.raises(ValidationError) as error:
        svc.submit(seat, draft.id)
    assert error.value.key == key and error.value.field == "tanggal"
    with rctx.db.read() as session:
        assert session.get(DailyEntry, draft.id).status is DailyStatus.DRAFT  # type: ignore[union-attr]


def test_holiday_is_named_in_the_message(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    draft = svc.save_draft(learner(work.office), None, form(ra(work), day=D(2026, 11, 25)))
    with pytest.raises(ValidationError) as error:
        svc.submit(learner(work.office), draft.id)
    assert "Libur daerah (contoh)" in error.value.render("id")


def test_admin_unlock_opens_a_locked_month(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    draft = svc.save_draft(seat, None, form(ra(work, month=10), day=D(2026, 10, 30)))
    unlock_month(rctx, work.office, 2026, 10, until=dt.datetime(2026, 11, 26, 23, 59))  # expired
    with pytest.raises(ValidationError):
        svc.submit(seat, draft.id)
    unlock_month(
        rctx, work.office, 2026, 10, until=dt.datetime(2026, 11, 30), person_id=work.pid("ani")
    )
    sent = svc.submit(seat, draft.id)
    assert sent.status is DailyStatus.DIKIRIM and sent.on_time is False


def test_minute_cap_counts_the_other_entries_of_that_day(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    first = svc.save_draft(seat, None, form(ra(work), start=T(7, 30), end=T(12, 0)))
    second = svc.save_draft(seat, None, form(ra(work), start=T(12, 30), end=T(15, 30)))
    assert svc.submit(seat, first.id).minutes == 270
    assert svc.submit(seat, second.id).minutes == 180  # 450: exactly the cap
    third = svc.save_draft(seat, None, form(ra(work), start=T(15, 30), end=T(15, 31)))
    with pytest.raises(ValidationError) as error:
        svc.submit(seat, third.id)
    assert error.value.key == "daily.cap_reached"
    # Unsent drafts claim no minutes; a returned entry does not count against itself.
    svc.delete_draft(seat, third.id)
    svc.return_for_revision(simulated(work.office, "kasubag"), first.id, "Perbaiki jam")
    assert svc.submit(seat, first.id).minutes == 270


def test_minute_cap_is_regional_configuration(rctx: ServiceContext, work: Work) -> None:
    pin_rules(rctx, RegionalRules(daily_minute_cap=60))
    svc = DailyLogService(rctx)
    draft = svc.save_draft(learner(work.office), None, form(ra(work)))
    with pytest.raises(ValidationError) as error:
        svc.submit(learner(work.office), draft.id)
    assert error.value.key == "daily.over_cap"


def test_evidence_per_entry_mode_requires_a_link(rctx: ServiceContext, work: Work) -> None:
    pin_rules(rctx, RegionalRules(evidence_mode=EvidenceMode.PER_ENTRY))
    svc = DailyLogService(rctx)
    draft = svc.save_draft(learner(work.office), None, form(ra(work), bukti=""))
    assert [p.field for p in draft.problems] == ["bukti_dukung"]
    with pytest.raises(ValidationError) as error:
        svc.submit(learner(work.office), draft.id)
    assert error.value.key == "daily.evidence_required"


def test_rencana_aksi_of_another_month_is_refused(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    draft = svc.save_draft(learner(work.office), None, form(ra(work, month=10)))
    with pytest.raises(ValidationError) as error:
        svc.submit(learner(work.office), draft.id)
    assert error.value.key == "daily.rencana_aksi_wrong_month"


@pytest.mark.parametrize(
    ("entry_day", "sent", "on_time"),
    [
        (D(2026, 11, 20), dt.datetime(2026, 11, 23, 17, 0), True),  # Friday → Monday
        (D(2026, 11, 20), dt.datetime(2026, 11, 24, 8, 0), False),  # Friday → Tuesday
        (D(2026, 11, 24), dt.datetime(2026, 11, 26, 8, 0), True),  # over Wednesday's holiday
        (D(2026, 11, 23), dt.datetime(2026, 11, 23, 16, 0), True),  # same day
    ],
)
def test_on_time_rule(
    rctx: ServiceContext, work: Work, entry_day: D, sent: dt.datetime, on_time: bool
) -> None:
    set_today(rctx, work.office, sent)
    svc = DailyLogService(rctx)
    draft = svc.save_draft(learner(work.office), None, form(ra(work), day=entry_day))
    assert svc.submit(learner(work.office), draft.id).on_time is on_time


def test_revision_then_resubmit(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    sent = svc.submit(seat, svc.save_draft(seat, None, form(ra(work))).id)
    back = svc.return_for_revision(simulated(work.office, "kasubag"), sent.id, "Lengkapi bukti")
    assert back.status is DailyStatus.REVISI and back.revision_note == "Lengkapi bukti"
    fixed = svc.save_draft(seat, sent.id, replace(back.as_input(), realisasi=2))
    assert fixed.status is DailyStatus.REVISI and fixed.realisasi == 2
    with pytest.raises(ValidationError):
        svc.delete_draft(seat, sent.id)
    again = svc.submit(seat, sent.id)
    assert again.status is DailyStatus.DIKIRIM


def test_delete_draft(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    draft = svc.save_draft(seat, None, form(ra(work)))
    svc.delete_draft(seat, draft.id)
    with rctx.db.read() as session:
        assert session.get(DailyEntry, draft.id) is None
    event = audit_events(rctx, "daily_entry", draft.id)[-1]
    assert event.action == "daily.delete" and event.after is None
    assert event.before["kegiatan"] == "Menyusun laporan bulanan"
    with pytest.raises(NotFound):
        svc.delete_draft(seat, draft.id)


# --- shortcuts ---------------------------------------------------------------------------------


def test_copy_from_previous_entry(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    with pytest.raises(NotFound):
        svc.copy_from_previous(seat, FRI)
    svc.save_draft(seat, None, form(ra(work), day=D(2026, 11, 24), kegiatan="lama"))
    svc.save_draft(seat, None, form(ra(work), day=THU, start=T(13), end=T(14), kegiatan="baru"))
    svc.save_draft(seat, None, form(ra(work), day=THU, start=T(8), end=T(9), kegiatan="pagi"))
    copied = svc.copy_from_previous(seat, FRI)
    assert copied.tanggal == FRI and copied.kegiatan == "baru"
    assert copied.rencana_aksi_id == ra(work) and copied.bukti_dukung == LINK
    next_month = svc.copy_from_previous(seat, D(2026, 12, 1))
    assert next_month.rencana_aksi_id is None  # November's Rencana Aksi is not December's


def test_quick_field_entry_stays_a_draft_until_completed(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    quick = svc.quick_field_entry(seat, "Kunjungan rumah Bu Sari", place="Desa Bontoala")
    assert quick.status is DailyStatus.DRAFT and quick.quick_field_draft
    assert (quick.tanggal, quick.jam_mulai, quick.place) == (FRI, T(9, 0), "Desa Bontoala")
    assert audit_events(rctx, "daily_entry", quick.id)[0].action == "daily.quick_field"
    with pytest.raises(ValidationError):
        svc.submit(seat, quick.id)
    done = svc.save_draft(
        seat,
        quick.id,
        replace(quick.as_input(), rencana_aksi_id=ra(work), jam_selesai=T(11), satuan="Kunjungan"),
    )
    assert done.quick_field_draft  # still a draft until it is sent
    sent = svc.submit(seat, quick.id)
    assert not sent.quick_field_draft and sent.kegiatan == "Kunjungan rumah Bu Sari"
    with pytest.raises(ValidationError):
        svc.quick_field_entry(seat, "dua\nbaris")
    with pytest.raises(ValidationError) as error:
        svc.quick_field_entry(seat, "ok", place="p" * 201)
    assert error.value.field == "place"


# --- reading -----------------------------------------------------------------------------------


def test_week_view_names_holidays_and_adds_weekend_days_with_entries(
    rctx: ServiceContext, work: Work
) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    for day, end in [(D(2026, 11, 23), T(12)), (THU, T(10)), (THU, T(11))]:
        start = T(10) if end == T(11) else T(8)
        svc.submit(
            seat, svc.save_draft(seat, None, form(ra(work), day=day, start=start, end=end)).id
        )
    svc.save_draft(seat, None, form(ra(work), day=D(2026, 11, 28)))  # a Saturday draft
    week = svc.week(seat, work.pid("ani"), D(2026, 11, 25))
    assert week.week_start == D(2026, 11, 23)
    assert [d.tanggal.day for d in week.days] == [23, 24, 25, 26, 27, 28]
    by_day = {d.tanggal.day: d for d in week.days}
    assert by_day[25].holiday == "Libur daerah (contoh)" and not by_day[25].working_day
    assert by_day[23].minutes == 240 and by_day[26].minutes == 180
    assert len(by_day[26].entries) == 2 and by_day[28].entries[0].status is DailyStatus.DRAFT
    assert week.total_minutes == 540 and week.daily_minute_cap == 450
    # The supervisor sees the sent entries, not the Saturday draft.
    boss_week = svc.week(learner(work.office, "kasubag"), work.pid("ani"), D(2026, 11, 23))
    assert [d.tanggal.day for d in boss_week.days] == [23, 24, 25, 26, 27]


def test_list_entries_pages_orders_and_filters(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    days = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10)]
    ids = [svc.save_draft(seat, None, form(ra(work), day=d)).id for d in days]
    for entry_id in ids[:3]:
        svc.submit(seat, entry_id)
    newest = svc.list_entries(seat, work.pid("ani"), page=0, page_size=3)
    assert newest.total == 7 and newest.pages == 3
    assert [e.tanggal.day for e in newest.items] == [10, 9, 6]
    oldest = svc.list_entries(seat, work.pid("ani"), newest_first=False, page=2, page_size=3)
    assert [e.tanggal.day for e in oldest.items] == [10]
    sent = svc.list_entries(seat, work.pid("ani"), status=DailyStatus.DIKIRIM)
    assert [e.tanggal.day for e in sent.items] == [4, 3, 2]
    window = svc.list_entries(seat, work.pid("ani"), start=D(2026, 11, 4), end=D(2026, 11, 6))
    assert window.total == 3
    boss = svc.list_entries(learner(work.office, "kasubag"), work.pid("ani"))
    assert boss.total == 3  # drafts stay the employee's own
    with pytest.raises(ValidationError):
        svc.list_entries(seat, work.pid("ani"), page_size=0)


def test_who_may_read(rctx: ServiceContext, work: Work) -> None:
    other = build_work(rctx, username="eko", persona="budi")
    svc = DailyLogService(rctx)
    ani = work.pid("ani")
    svc.save_draft(learner(work.office), None, form(ra(work)))
    trainer = Principal(77, "pelatih", frozenset({Role.TRAINER}))
    assert svc.list_entries(trainer, ani).total == 1  # staff read any sandbox
    assert svc.list_entries(Principal(work.office.account_id, "ani"), ani).total == 1
    stranger = Principal(other.office.account_id, "eko", frozenset({Role.LEARNER}))
    with pytest.raises(PermissionDenied):
        svc.list_entries(stranger, ani)
    with pytest.raises(PermissionDenied):
        svc.week(stranger, ani, FRI)
    with pytest.raises(PermissionDenied):  # a peer does not read a colleague's log
        svc.list_entries(simulated(work.office, "budi"), ani)
    with pytest.raises(PermissionDenied):  # nor does a subordinate read the boss's
        svc.list_entries(learner(work.office), work.pid("kasubag"))
    assert svc.list_entries(simulated(work.office, "kadis"), ani).total == 0  # chain above
    with pytest.raises(NotFound):
        svc.list_entries(learner(work.office), other.pid("ani"))


# --- fuzzing -----------------------------------------------------------------------------------

_texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=480, max_size=520),
    st.sampled_from(["", " ", "ok", "\u202eabc", "a\u2028b", "[b]x[/b]", "é" * 500]),
)
_links = st.one_of(
    st.just(""),
    st.just(LINK),
    st.text(max_size=40),
    st.builds(lambda t: f"https://drive.latihan.local/d/{t}", st.text(max_size=30)),
    st.sampled_from(["javascript:x", "file:///etc/passwd", "http://localhost/x", "ftp://a/b"]),
)
_times = st.times().map(lambda t: t.replace(microsecond=0))
_days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)) | st.dates(
    min_value=D(2026, 10, 1), max_value=D(2026, 12, 31)
)
_numbers = st.integers(min_value=-5, max_value=10**13) | st.integers(0, 20)

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(
    day=_days,
    start=_times,
    end=_times,
    kegiatan=_texts,
    realisasi=_numbers,
    satuan=_texts,
    bukti=_links,
    ra_pick=st.sampled_from(["own", "other", "none", "bogus"]),
)
def test_fuzz_save_draft_stores_exactly_or_refuses_cleanly(
    rctx: ServiceContext,
    work: Work,
    *,
    day: D,
    start: T,
    end: T,
    kegiatan: str,
    realisasi: int,
    satuan: str,
    bukti: str,
    ra_pick: str,
) -> None:
    ra_id = {"own": ra(work), "other": ra(work, "budi"), "none": None, "bogus": -3}[ra_pick]
    entry = form(
        ra_id, day, start, end, kegiatan=kegiatan, realisasi=realisasi, satuan=satuan, bukti=bukti
    )
    svc = DailyLogService(rctx)
    try:
        view = svc.save_draft(learner(work.office), None, entry)
    except TutorError:
        return
    with rctx.db.read() as session:
        stored = session.get(DailyEntry, view.id)
        assert stored is not None
        assert (stored.kegiatan, stored.satuan, stored.bukti_dukung) == (kegiatan, satuan, bukti)
        assert (stored.tanggal, stored.jam_mulai, stored.jam_selesai) == (day, start, end)
        assert stored.realisasi == realisasi and stored.rencana_aksi_id == ra_id


@FUZZ
@given(
    day=_days,
    start=_times,
    end=_times,
    kegiatan=_texts,
    realisasi=_numbers,
    satuan=_texts,
    bukti=_links,
)
def test_fuzz_submit_only_raises_tutor_errors(
    rctx: ServiceContext,
    work: Work,
    *,
    day: D,
    start: T,
    end: T,
    kegiatan: str,
    realisasi: int,
    satuan: str,
    bukti: str,
) -> None:
    svc = DailyLogService(rctx)
    seat = learner(work.office)
    entry = form(
        ra(work, month=day.month) if day.year == 2026 else None,
        day,
        start,
        end,
        kegiatan=kegiatan,
        realisasi=realisasi,
        satuan=satuan,
        bukti=bukti,
    )
    try:
        draft = svc.save_draft(seat, None, entry)
        sent = svc.submit(seat, draft.id)
    except TutorError:
        return
    assert sent.status is DailyStatus.DIKIRIM and sent.kegiatan == kegiatan
    assert sent.minutes > 0 and sent.tanggal <= FRI
    with rctx.db.write() as session:  # keep the day free for the next example
        session.delete(session.get(DailyEntry, sent.id))


# --- concurrency -------------------------------------------------------------------------------


def test_concurrent_writers_lose_nothing(any_rctx: ServiceContext, any_work: Work) -> None:
    """Eight people of one office create and send entries at the same moment."""
    svc = DailyLogService(any_rctx)
    people = ["ani", "budi", "citra", "dedi", "kasubag", "kabid", "sekretaris", "kadis"]
    days = [D(2026, 11, d) for d in (19, 20, 23)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def work_day(key: str) -> None:
        seat = Seat(SYSTEM, any_work.office.sandbox_id, any_work.pid(key))
        try:
            barrier.wait()
            for day in days:
                for start, end in ((T(8), T(11)), (T(12), T(15))):
                    draft = svc.save_draft(
                        seat, None, form(any_work.ra[(key, 11)], day=day, start=start, end=end)
                    )
                    svc.submit(seat, draft.id)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work_day, args=(key,)) for key in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with any_rctx.db.read() as session:
        counts = session.execute(
            select(DailyEntry.status, func.count()).group_by(DailyEntry.status)
        ).all()
    assert dict(counts) == {DailyStatus.DIKIRIM: len(people) * len(days) * 2}


def test_concurrent_submits_of_one_person_respect_the_cap(
    any_rctx: ServiceContext, any_work: Work
) -> None:
    """Two tabs send entries for the same day at once: the cap still holds."""
    svc = DailyLogService(any_rctx)
    seat = learner(any_work.office)
    ra_id = any_work.ra[("ani", 11)]
    drafts = [
        svc.save_draft(seat, None, form(ra_id, start=T(8), end=T(12))).id,
        svc.save_draft(seat, None, form(ra_id, start=T(12), end=T(16))).id,
    ]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def send(entry_id: int) -> None:
        barrier.wait()
        try:
            outcomes.append(svc.submit(seat, entry_id).status)
        except TutorError as error:
            outcomes.append(error.key)

    threads = [threading.Thread(target=send, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)) == ["DIKIRIM", "daily.over_cap"]
