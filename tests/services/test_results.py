"""Realisasi pre-filled from approved entries, feedback, assessment and predikat, unit results,
distribution guidance, attendance and the example TPP, each with who may do it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ekinerja_tutor.domain.allowance import AllowanceInputs, compute_allowance
from ekinerja_tutor.domain.errors import (
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.rules import AllowanceFormula
from ekinerja_tutor.domain.statuses import Perilaku, Predikat, Rating, Role, UnitResult
from ekinerja_tutor.persistence.models import Account, Person
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.results import AssessmentView, ResultsService
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import (
    Work,
    audit_events,
    build_work,
    form,
    set_today,
    unlock_month,
)

# The shared fixtures, bound here so pytest finds them in this module.
rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work

D = dt.date
T = dt.time
Q4 = (2026, 4)
EIGHT, TEN = T(8), T(10)


def approved_entry(
    rctx: ServiceContext,
    work: Work,
    key: str,
    day: D,
    realisasi: int,
    *,
    second: bool = False,
    start: T = EIGHT,
    end: T = TEN,
    approve: bool = True,
) -> int:
    svc = DailyLogService(rctx)
    seat = simulated(work.office, key)
    ra_id = work.ra_second[key] if second else work.ra[(key, day.month)]
    entry = svc.save_draft(seat, None, form(ra_id, day, start, end, realisasi=realisasi))
    svc.submit(seat, entry.id)
    if approve:
        with rctx.db.read() as session:
            person = session.get(Person, work.pid(key))
            assert person is not None and person.supervisor_id is not None
            boss = Seat(SYSTEM, work.office.sandbox_id, person.supervisor_id)
        svc.approve(boss, entry.id)
    return entry.id


def assess(
    svc: ResultsService,
    seat: Seat,
    person_id: int,
    hasil: Rating | None,
    perilaku: Rating,
    *,
    note: str = "",
) -> AssessmentView:
    """Assess for the fourth quarter of 2026."""
    return svc.assess(seat, person_id, *Q4, rating_hasil=hasil, rating_perilaku=perilaku, note=note)


def reason(error: TutorError) -> str:
    inner = error.params.get("reason")
    return inner.key if inner is not None else error.key


# --- realisasi ---------------------------------------------------------------------------------


def test_realisasi_prefilled_from_approved_entries_only(rctx: ServiceContext, work: Work) -> None:
    set_today(rctx, work.office, dt.datetime(2026, 9, 30, 15))
    approved_entry(rctx, work, "ani", D(2026, 9, 29), 50)  # Q3: not this quarter
    set_today(rctx, work.office, dt.datetime(2026, 11, 27, 9))
    approved_entry(rctx, work, "ani", D(2026, 11, 23), 2)
    approved_entry(rctx, work, "ani", D(2026, 11, 24), 3)
    approved_entry(rctx, work, "ani", D(2026, 11, 26), 4, second=True)
    approved_entry(
        rctx, work, "ani", D(2026, 11, 26), 10, start=T(13), end=T(14), approve=False
    )  # sent, not approved
    DailyLogService(rctx).save_draft(
        learner(work.office), None, form(work.ra[("ani", 11)], realisasi=7)
    )
    view = ResultsService(rctx).realisasi_for(learner(work.office), work.pid("ani"), *Q4)
    rows = {r.iki_id: r for r in view.rows}
    first, second = work.iki["ani"]
    assert (rows[first].prefilled, rows[first].approved_entries) == (5, 2)
    assert (rows[second].prefilled, rows[second].approved_entries) == (4, 1)
    assert rows[first].saved_value is None and rows[first].value == 5
    assert not view.locked
    q3 = ResultsService(rctx).realisasi_for(learner(work.office), work.pid("ani"), 2026, 3)
    assert {r.iki_id: r.prefilled for r in q3.rows}[first] == 50
    assert q3.locked and q3.lock_reason is not None  # Q3 ended more than 5 days ago


def test_save_realisasi_by_the_owner_with_audit(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    approved_entry(rctx, work, "ani", D(2026, 11, 23), 2)
    iki = work.iki["ani"][0]
    saved = svc.save_realisasi(
        learner(work.office), iki, *Q4, value=3, sumber_data="Laporan bulanan"
    )
    assert (saved.saved_value, saved.prefilled, saved.sumber_data) == (3, 2, "Laporan bulanan")
    again = svc.save_realisasi(learner(work.office), iki, *Q4, value=4, sumber_data="Rekap absensi")
    assert again.value == 4
    events = audit_events(rctx, "realisasi")
    assert [e.action for e in events] == ["realisasi.save", "realisasi.save"]
    assert events[0].before is None and events[1].before["value"] == 3
    assert events[1].after["value"] == 4 and events[1].after["sumber_data"] == "Rekap absensi"
    view = svc.realisasi_for(simulated(work.office, "kasubag"), work.pid("ani"), *Q4)
    assert {r.iki_id: r.saved_value for r in view.rows}[iki] == 4


@pytest.mark.parametrize(
    ("args", "error_type", "field"),
    [
        ({"value": -1}, ValidationError, "realisasi"),
        ({"value": 10**9}, ValidationError, "realisasi"),
        ({"sumber": ""}, ValidationError, "sumber_data"),
        ({"sumber": "a\nb"}, ValidationError, "sumber_data"),
        ({"quarter": 5}, ValidationError, "quarter"),
        ({"year": 2025}, ValidationError, "year"),
        ({"year": 1}, ValidationError, "year"),
        ({"iki": "budi"}, PermissionDenied, None),
        ({"iki": "missing"}, NotFound, None),
    ],
)
def test_save_realisasi_refusals(
    rctx: ServiceContext,
    work: Work,
    args: dict[str, object],
    error_type: type[TutorError],
    field: str | None,
) -> None:
    iki = {"budi": work.iki["budi"][0], "missing": 999_999}.get(
        str(args.get("iki")), work.iki["ani"][0]
    )
    with pytest.raises(error_type) as error:
        ResultsService(rctx).save_realisasi(
            learner(work.office),
            iki,
            int(args.get("year", 2026)),  # type: ignore[call-overload]
            int(args.get("quarter", 4)),  # type: ignore[call-overload]
            value=int(args.get("value", 1)),  # type: ignore[call-overload]
            sumber_data=str(args.get("sumber", "Laporan")),
        )
    if field is not None:
        assert error.value.field == field


def test_realisasi_locked_by_assessment_and_by_period(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    iki = work.iki["ani"][0]
    with pytest.raises(LockedError) as error:
        svc.save_realisasi(learner(work.office), iki, 2026, 3, value=1, sumber_data="Laporan")
    assert error.value.key == "results_svc.realisasi_period_locked"
    unlock_month(
        rctx, work.office, 2026, 9, until=dt.datetime(2026, 11, 30), person_id=work.pid("ani")
    )
    assert (
        svc.save_realisasi(learner(work.office), iki, 2026, 3, value=1, sumber_data="Laporan").value
        == 1
    )
    assess(svc, simulated(work.office, "kasubag"), work.pid("ani"), Rating.SESUAI, Rating.SESUAI)
    with pytest.raises(LockedError) as error:
        svc.save_realisasi(learner(work.office), iki, *Q4, value=1, sumber_data="Laporan")
    assert error.value.key == "results_svc.realisasi_assessed"
    assert svc.realisasi_for(learner(work.office), work.pid("ani"), *Q4).locked


# --- who may give feedback and assess ----------------------------------------------------------

FORBIDDEN: dict[str, tuple[str, Callable[[Work], Seat], str]] = {
    "peer": ("ani", lambda w: simulated(w.office, "budi"), "permissions.not_direct_supervisor"),
    "subordinate": (
        "kasubag",
        lambda w: simulated(w.office, "ani"),
        "permissions.not_direct_supervisor",
    ),
    "supervisors_supervisor": (
        "ani",
        lambda w: simulated(w.office, "sekretaris"),
        "permissions.not_direct_supervisor",
    ),
    "self": ("kasubag", lambda w: simulated(w.office, "kasubag"), "permissions.own_work"),
    "learner_on_own_persona": (
        "ani",
        lambda w: learner(w.office, "kasubag"),
        "perm.persona_reviewed_by_simulation",
    ),
    "learner_outside_seat": ("budi", lambda w: learner(w.office, "kadis"), "perm.not_your_seat"),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_forbidden_raters_are_refused(rctx: ServiceContext, work: Work, case: str) -> None:
    svc = ResultsService(rctx)
    owner, sit, expected = FORBIDDEN[case]
    seat, pid = sit(work), work.pid(owner)
    with pytest.raises(PermissionDenied) as error:
        svc.give_feedback(
            seat,
            pid,
            *Q4,
            target_kind="perilaku",
            target_ref=Perilaku.AKUNTABEL.value,
            free_text="Bagus",
        )
    assert reason(error.value) == expected
    with pytest.raises(PermissionDenied) as error:
        svc.assess(seat, pid, *Q4, rating_hasil=Rating.SESUAI, rating_perilaku=Rating.SESUAI)
    assert reason(error.value) == expected
    assert svc.assessment_for(SYSTEM, pid, *Q4) is None


def test_another_sandboxs_learner_cannot_rate(rctx: ServiceContext, work: Work) -> None:
    other = build_work(rctx, username="eko", persona="ani")
    intruder = Seat(
        Principal(other.office.account_id, "eko"), work.office.sandbox_id, work.pid("kasubag")
    )
    svc = ResultsService(rctx)
    for call in (
        lambda: svc.assess(
            intruder,
            work.pid("budi"),
            *Q4,
            rating_hasil=Rating.SESUAI,
            rating_perilaku=Rating.SESUAI,
        ),
        lambda: svc.give_feedback(
            intruder,
            work.pid("budi"),
            *Q4,
            target_kind="perilaku",
            target_ref="LOYAL",
            free_text="x",
        ),
        lambda: svc.distribution_guidance(intruder, *Q4),
        lambda: svc.realisasi_for(intruder, work.pid("budi"), *Q4),
    ):
        with pytest.raises(PermissionDenied) as error:
            call()
        assert reason(error.value) == "perm.other_sandbox"
    stranger = Principal(other.office.account_id, "eko", frozenset({Role.LEARNER}))
    with pytest.raises(PermissionDenied):
        svc.realisasi_for(stranger, work.pid("budi"), *Q4)
    trainer = Principal(5, "pelatih", frozenset({Role.TRAINER}))
    assert svc.realisasi_for(trainer, work.pid("budi"), *Q4).person.key == "budi"


def test_feedback(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    boss = learner(work.office, "kasubag")
    budi = work.pid("budi")
    iki = str(work.iki["budi"][0])
    given = svc.give_feedback(
        boss,
        budi,
        *Q4,
        target_kind="iki",
        target_ref=iki,
        sentence_key="feedback.iki.on_track",
        free_text="Lanjutkan",
    )
    assert (given.target_kind, given.target_ref, given.by_person_id) == (
        "iki",
        iki,
        work.pid("kasubag"),
    )
    svc.give_feedback(
        boss,
        budi,
        *Q4,
        target_kind="perilaku",
        target_ref="KOLABORATIF",
        free_text="Aktif membantu rekan",
    )
    assert [f.target_kind for f in svc.feedback_for(boss, budi, *Q4)] == [
        "iki",
        "perilaku",
    ]
    event = audit_events(rctx, "feedback", given.id)[0]
    assert event.before is None and event.after["free_text"] == "Lanjutkan"
    bad = [
        ("iki", str(work.iki["ani"][0]), "x", "target_ref"),  # ani's IKI, not budi's
        ("iki", "12abc", "x", "target_ref"),
        ("perilaku", "RAJIN", "x", "target_ref"),
        ("saran", "LOYAL", "x", "target_kind"),
        ("perilaku", "LOYAL", "", "free_text"),
        ("perilaku", "LOYAL", "a\x00b", "feedback_free_text"),
    ]
    for kind, ref, text, field in bad:
        with pytest.raises(ValidationError) as error:
            svc.give_feedback(boss, budi, *Q4, target_kind=kind, target_ref=ref, free_text=text)
        assert error.value.field == field, (kind, ref, text)


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (Rating.DI_ATAS, Rating.DI_ATAS, Predikat.SANGAT_BAIK),
        (Rating.SESUAI, Rating.DI_ATAS, Predikat.BAIK),
        (Rating.SESUAI, Rating.DI_BAWAH, Predikat.KURANG),
        (Rating.DI_BAWAH, Rating.SESUAI, Predikat.BUTUH_PERBAIKAN),
        (Rating.DI_BAWAH, Rating.DI_BAWAH, Predikat.SANGAT_KURANG),
    ],
)
def test_assess_follows_the_matrix(
    rctx: ServiceContext, work: Work, hasil: Rating, perilaku: Rating, expected: Predikat
) -> None:
    view = assess(
        ResultsService(rctx),
        learner(work.office, "kasubag"),
        work.pid("budi"),
        hasil,
        perilaku,
        note="Catatan",
    )
    assert view.predikat is expected and view.unit_result is None
    assert view.explanation.key == "predikat.explain"


def test_reassess_is_audited_and_needs_a_rating(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    boss = simulated(work.office, "kasubag")
    with pytest.raises(ValidationError) as error:
        svc.assess(boss, work.pid("ani"), *Q4, rating_hasil=None, rating_perilaku=Rating.SESUAI)
    assert error.value.field == "rating_hasil"
    first = assess(svc, boss, work.pid("ani"), Rating.SESUAI, Rating.SESUAI)
    second = assess(svc, boss, work.pid("ani"), Rating.DI_ATAS, Rating.DI_ATAS)
    assert second.id == first.id and second.predikat is Predikat.SANGAT_BAIK
    events = audit_events(rctx, "assessment", first.id)
    assert [e.action for e in events] == ["assessment.create", "assessment.update"]
    assert events[1].before["predikat"] == "BAIK" and events[1].after["predikat"] == "SANGAT_BAIK"
    got = svc.assessment_for(learner(work.office), work.pid("ani"), *Q4)
    assert got is not None and got.predikat is Predikat.SANGAT_BAIK
    with pytest.raises(ValidationError):
        assess(svc, boss, work.pid("ani"), Rating.SESUAI, Rating.SESUAI, note="x" * 1001)


def test_unit_head_rating_comes_from_the_unit(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    sekretaris = simulated(work.office, "sekretaris")
    with rctx.db.read() as session:
        umum = session.get(Person, work.pid("kasubag")).unit_id  # type: ignore[union-attr]
    result = svc.set_unit_result(sekretaris, umum, *Q4, UnitResult.ISTIMEWA)
    assert result.head is not None and result.head.key == "kasubag"
    assert result.head_rating is Rating.DI_ATAS
    with pytest.raises(ValidationError) as error:
        assess(svc, sekretaris, work.pid("kasubag"), Rating.SESUAI, Rating.DI_ATAS)
    assert error.value.key == "results_svc.head_rating_from_unit"
    assert "Di Atas" in error.value.render("id") or "Atas" in error.value.render("id")
    derived = assess(svc, sekretaris, work.pid("kasubag"), None, Rating.DI_ATAS)
    assert derived.rating_hasil is Rating.DI_ATAS and derived.unit_result is UnitResult.ISTIMEWA
    assert derived.predikat is Predikat.SANGAT_BAIK
    same = assess(svc, sekretaris, work.pid("kasubag"), Rating.DI_ATAS, Rating.SESUAI)
    assert same.predikat is Predikat.BAIK
    # Changing the unit's result now would contradict the head's assessment.
    with pytest.raises(LockedError):
        svc.set_unit_result(sekretaris, umum, *Q4, UnitResult.KURANG)
    assert svc.set_unit_result(sekretaris, umum, *Q4, UnitResult.ISTIMEWA).result is (
        UnitResult.ISTIMEWA
    )
    events = audit_events(rctx, "unit_period_result")
    assert events[0].before is None and events[-1].before["result"] == "ISTIMEWA"


def test_who_may_set_a_unit_result(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    with rctx.db.read() as session:
        umum = session.get(Person, work.pid("kasubag")).unit_id  # type: ignore[union-attr]
        dinas = session.get(Person, work.pid("kadis")).unit_id  # type: ignore[union-attr]
        bidang = session.get(Person, work.pid("kabid")).unit_id  # type: ignore[union-attr]
    refused = [
        (learner(work.office), umum),  # staff of the unit
        (learner(work.office, "kasubag"), umum),  # the head himself
        (learner(work.office, "kasubag"), bidang),  # a peer unit
    ]
    for seat, unit in refused:
        with pytest.raises(PermissionDenied):
            svc.set_unit_result(seat, unit, *Q4, UnitResult.BAIK)
    # The Dinas is rated by the regency: only the program records it.
    with pytest.raises(PermissionDenied):
        svc.set_unit_result(learner(work.office, "kasubag"), dinas, *Q4, UnitResult.BAIK)
    program = Seat(SYSTEM, work.office.sandbox_id, work.pid("kadis"))
    by_program = svc.set_unit_result(program, dinas, *Q4, UnitResult.BAIK)
    assert by_program.head is not None and by_program.head.key == "kadis"
    # A learner whose persona is the Sekretaris rates the Subbagian under them.
    sek = build_work(rctx, username="sari", persona="sekretaris")
    with rctx.db.read() as session:
        sek_umum = session.get(Person, sek.pid("kasubag")).unit_id  # type: ignore[union-attr]
    assert (
        svc.set_unit_result(
            learner(sek.office, "sekretaris"), sek_umum, *Q4, UnitResult.BAIK
        ).result
        is UnitResult.BAIK
    )
    # ...but sitting in the Kepala Dinas seat, not their own persona's Sekretariat.
    with pytest.raises(PermissionDenied) as error:
        svc.set_unit_result(
            learner(sek.office, "kadis"), _unit_of(rctx, sek, "sekretaris"), *Q4, UnitResult.BAIK
        )
    assert reason(error.value) == "perm.persona_reviewed_by_simulation"
    with pytest.raises(NotFound):
        svc.set_unit_result(learner(work.office, "kasubag"), sek_umum, *Q4, UnitResult.BAIK)


def _unit_of(rctx: ServiceContext, work: Work, key: str) -> int:
    with rctx.db.read() as session:
        person = session.get(Person, work.pid(key))
        assert person is not None
        return person.unit_id


def test_distribution_guidance_warns_but_never_blocks(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    boss = learner(work.office, "kasubag")
    empty = svc.distribution_guidance(boss, *Q4)
    assert empty.unit_result is None and empty.warnings == () and empty.assessed == 0
    assert {p.key for p in empty.not_assessed} == {"ani", "budi"}
    svc.set_unit_result(
        simulated(work.office, "sekretaris"), _unit_of(rctx, work, "kasubag"), *Q4, UnitResult.BAIK
    )
    assess(svc, boss, work.pid("budi"), Rating.DI_ATAS, Rating.DI_ATAS)
    assess(svc, simulated(work.office, "kasubag"), work.pid("ani"), Rating.DI_ATAS, Rating.DI_ATAS)
    guidance = svc.distribution_guidance(boss, *Q4)
    assert guidance.unit_result is UnitResult.BAIK and guidance.summary is not None
    assert dict(guidance.counts)[Predikat.SANGAT_BAIK] == 2 and guidance.assessed == 2
    keys = [w.key for w in guidance.warnings]
    assert "predikat.distribution.too_many" in keys and "predikat.distribution.too_few" in keys
    assert guidance.rules and guidance.not_assessed == ()


# --- attendance and allowance ------------------------------------------------------------------


def test_attendance_only_by_system_or_admin(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    ani = work.pid("ani")
    with rctx.db.write() as session:
        account = Account(
            username="admin",
            display_name="Admin",
            password_hash="x",
            created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        session.add(account)
        session.flush()
        admin = Principal(account.id, "admin", frozenset({Role.ADMIN}))
    assert (
        svc.record_attendance(
            admin, ani, 2026, 11, days_present=19, days_late=2, violations=1
        ).days_late
        == 2
    )
    program = Seat(SYSTEM, work.office.sandbox_id, work.pid("kadis"))
    assert svc.record_attendance(program, ani, 2026, 11, days_present=20).days_present == 20
    events = audit_events(rctx, "attendance")
    assert events[0].actor_label == "admin" and events[1].before["days_present"] == 19
    for who in (
        learner(work.office),
        learner(work.office, "kasubag"),
        Principal(work.office.account_id, "ani", frozenset({Role.LEARNER})),
        Principal(7, "pelatih", frozenset({Role.TRAINER})),
    ):
        with pytest.raises(PermissionDenied):
            svc.record_attendance(who, ani, 2026, 11, days_present=20)
    for args in (
        (2026, 11, 31, 0, 0),
        (2026, 13, 1, 0, 0),
        (2026, 11, 5, 6, 0),
        (2026, 11, 5, 0, -1),
        (2026, 2, 29, 0, 0),
    ):
        year, month, present, late, violations = args
        with pytest.raises(ValidationError):
            svc.record_attendance(
                admin,
                ani,
                year,
                month,
                days_present=present,
                days_late=late,
                violations=violations,
            )


def test_allowance_counts_only_approved_minutes(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    set_today(rctx, work.office, dt.datetime(2026, 11, 24, 9))
    approved_entry(rctx, work, "ani", D(2026, 11, 20), 1)  # Friday, sent Tuesday: late
    set_today(rctx, work.office, dt.datetime(2026, 11, 27, 9))
    approved_entry(rctx, work, "ani", D(2026, 11, 26), 1, end=T(11))
    approved_entry(rctx, work, "ani", D(2026, 11, 27), 1, approve=False)
    view = svc.allowance_for(learner(work.office), work.pid("ani"), 2026, 11)
    assert (view.approved_minutes, view.sent_entries, view.on_time_entries) == (300, 3, 2)
    assert view.on_time_rate == pytest.approx(2 / 3)
    assert view.regional_example and view.label.key == "results_svc.allowance_regional_example"
    assert not view.attendance_recorded and view.notes[0].key == (
        "results_svc.allowance_no_attendance"
    )
    working_days = view.working_days
    assert working_days == 20  # November 2026: 21 weekdays less the regional holiday
    expected = compute_allowance(
        AllowanceInputs(300, 2, 3, working_days, working_days, 0), AllowanceFormula()
    )
    assert view.result == expected and view.result.late_penalty_percent > 0
    svc.record_attendance(SYSTEM, work.pid("ani"), 2026, 11, days_present=15, violations=1)
    recorded = svc.allowance_for(simulated(work.office, "kasubag"), work.pid("ani"), 2026, 11)
    assert recorded.attendance_recorded and recorded.days_present == 15
    assert recorded.result.attendance_percent == pytest.approx(75.0)
    assert recorded.result.amount < view.result.amount
    with pytest.raises(PermissionDenied):
        svc.allowance_for(simulated(work.office, "budi"), work.pid("ani"), 2026, 11)
