"""What the record means: monthly recaps open to every employee of the sandbox (and nobody
outside it), the TPP example labelled as regional, and the head's ranking for the head only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.statuses import (
    Predikat,
    Rating,
    RecapStatus,
    Role,
    UnitResult,
)
from ekinerja_tutor.persistence.models import Assessment, QuarterRecap, Unit, UnitPeriodResult
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.record_meaning import RecordMeaningService
from ekinerja_tutor.services.results import ResultsService
from tests.factories import build_mini_office
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import Work, form

rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work

NOV = (2026, 11)


def unit_id(ctx: ServiceContext, sandbox_id: int, code: str) -> int:
    with ctx.db.read() as session:
        found = session.scalar(
            select(Unit.id).where(Unit.sandbox_id == sandbox_id, Unit.code == code)
        )
        assert found is not None
        return found


def ani_month(ctx: ServiceContext, work: Work) -> None:
    """Ani: 120 approved minutes on the 26th, 60 minutes sent late for the 24th (waiting)."""
    daily = DailyLogService(ctx)
    me = learner(work.office)
    approved = daily.save_draft(
        me, None, form(work.ra[("ani", 11)], dt.date(2026, 11, 26), dt.time(8, 0), dt.time(10, 0))
    )
    daily.submit(me, approved.id)
    daily.approve(simulated(work.office, "kasubag"), approved.id)
    waiting = daily.save_draft(
        me, None, form(work.ra[("ani", 11)], dt.date(2026, 11, 24), dt.time(8, 0), dt.time(9, 0))
    )
    daily.submit(me, waiting.id)
    ResultsService(ctx).record_attendance(
        simulated(work.office, "ani"), work.pid("ani"), *NOV, 18, 2, 1
    )


def test_person_recap_counts_approved_minutes_only_and_labels_the_tpp(
    rctx: ServiceContext, work: Work
) -> None:
    ani_month(rctx, work)
    view = RecordMeaningService(rctx).person_recap(learner(work.office), work.pid("ani"), *NOV)
    assert (view.approved_minutes, view.waiting_minutes) == (120, 60)
    assert view.monthly_standard == rctx.rules.allowance.monthly_minutes_standard
    assert view.standard_percent == pytest.approx(120 * 100 / view.monthly_standard)
    assert (view.sent_entries, view.on_time_entries) == (2, 1)
    assert view.on_time_rate == pytest.approx(0.5)
    assert (view.days_present, view.days_late, view.discipline_violations) == (18, 2, 1)
    assert view.attendance_recorded
    assert view.regional_example and view.label.key == "meaning.tpp_regional_example"
    assert view.allowance.label.key == "results_svc.allowance_regional_example"
    assert view.allowance.approved_minutes == 120
    keys = [n.key for n in view.notes]
    assert keys[:3] == [
        "meaning.note.waiting_minutes",
        "meaning.note.below_standard",
        "meaning.note.late_entries",
    ]


def test_every_employee_reads_every_unit_recap(rctx: ServiceContext, work: Work) -> None:
    ani_month(rctx, work)
    sid = work.office.sandbox_id
    meaning = RecordMeaningService(rctx)
    umum = unit_id(rctx, sid, "umum")
    readers: list[Seat | Principal] = [
        learner(work.office),  # the persona
        learner(work.office, "kasubag"),  # the persona's supervisor seat
        simulated(work.office, "dedi"),  # an employee of another unit
        simulated(work.office, "kadis"),
        Principal(account_id=work.office.account_id, username="ani"),  # the owner
        Principal(account_id=None, username="pelatih", roles=frozenset({Role.TRAINER})),
    ]
    views = [meaning.unit_recap(who, umum, *NOV) for who in readers]
    assert all(v == views[0] for v in views)
    view = views[0]
    assert [r.person.key for r in view.rows] == ["kasubag", "ani", "budi"]
    assert view.approved_minutes == 120 and view.waiting_minutes == 60
    assert view.transparency.key == "meaning.unit_recap_public"
    assert view.monthly_standard_total == 3 * rctx.rules.allowance.monthly_minutes_standard

    dinas = meaning.unit_recap(simulated(work.office, "citra"), unit_id(rctx, sid, "dinsos"), *NOV)
    assert {r.person.key for r in dinas.rows} == {
        "kadis",
        "sekretaris",
        "kasubag",
        "ani",
        "budi",
        "kabid",
        "citra",
        "dedi",
    }
    assert dinas.rows[0].person.key == "kadis"
    assert (
        meaning.person_recap(simulated(work.office, "dedi"), work.pid("ani"), *NOV).approved_minutes
        == 120
    )


def test_recaps_are_refused_across_sandboxes(rctx: ServiceContext, work: Work) -> None:
    with rctx.db.write() as session:
        other = build_mini_office(session, username="lain", persona="budi")
    umum = unit_id(rctx, work.office.sandbox_id, "umum")
    meaning = RecordMeaningService(rctx)
    strangers: list[Seat | Principal] = [
        Seat(
            Principal(account_id=other.account_id, username="lain"),
            other.sandbox_id,
            other.persons["budi"],
        ),
        Seat(SYSTEM, other.sandbox_id, other.persons["kadis"]),
        Principal(account_id=other.account_id, username="lain"),
    ]
    for who in strangers:
        with pytest.raises(PermissionDenied):
            meaning.unit_recap(who, umum, *NOV)
        with pytest.raises(PermissionDenied):
            meaning.person_recap(who, work.pid("ani"), *NOV)
    with pytest.raises(PermissionDenied):  # a learner seat outside persona and supervisor
        meaning.unit_recap(learner(work.office, "dedi"), umum, *NOV)


def _results_of_the_year(ctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    at = dt.datetime(2026, 10, 8, 9, 0)
    grades = {
        "citra": Predikat.SANGAT_BAIK,
        "ani": Predikat.BAIK,
        "budi": Predikat.BAIK,
        "dedi": Predikat.BUTUH_PERBAIKAN,
    }
    with ctx.db.write() as session:
        for key, value in grades.items():
            session.add(
                Assessment(
                    sandbox_id=sid,
                    person_id=work.pid(key),
                    year=2026,
                    quarter=3,
                    rating_hasil=Rating.SESUAI,
                    rating_perilaku=Rating.SESUAI,
                    predikat=value,
                    note="",
                    assessed_by_id=work.pid("kasubag"),
                    at=at,
                )
            )
        for key, status in (("ani", RecapStatus.VALID), ("budi", RecapStatus.DIVERIFIKASI)):
            session.add(
                QuarterRecap(
                    sandbox_id=sid,
                    person_id=work.pid(key),
                    year=2026,
                    quarter=3,
                    evidence_folder="https://drive.latihan.local/d/tw3",
                    status=status,
                    submitted_at=at,
                    valid_at=at if status is RecapStatus.VALID else None,
                )
            )
        session.add(
            UnitPeriodResult(
                sandbox_id=sid,
                unit_id=unit_id(ctx, sid, "sekretariat"),
                year=2026,
                quarter=3,
                result=UnitResult.ISTIMEWA,
                at=at,
            )
        )
        session.add(
            UnitPeriodResult(
                sandbox_id=sid,
                unit_id=unit_id(ctx, sid, "linjamsos"),
                year=2026,
                quarter=3,
                result=UnitResult.BAIK,
                at=at,
            )
        )


def test_ranking_by_verified_results_for_the_head(rctx: ServiceContext, work: Work) -> None:
    ani_month(rctx, work)
    _results_of_the_year(rctx, work)
    view = RecordMeaningService(rctx).ranking(simulated(work.office, "kadis"), 2026)
    order = [row.person.key for row in view.staff]
    assert order[:4] == ["citra", "ani", "budi", "dedi"]
    assert "kadis" not in order
    assert [row.rank for row in view.staff] == list(range(1, len(order) + 1))
    ani = next(r for r in view.staff if r.person.key == "ani")
    assert (ani.valid_recaps, ani.submitted_recaps) == (1, 1)
    assert (ani.approved_minutes, ani.waiting_minutes) == (120, 60)
    assert (ani.predikat, ani.predikat_quarter) == (Predikat.BAIK, 3)
    budi = next(r for r in view.staff if r.person.key == "budi")
    assert (budi.valid_recaps, budi.submitted_recaps) == (0, 1)  # not verified: not counted
    assert [u.unit_name for u in view.units] == ["Sekretariat", "Bidang Linjamsos"]
    assert view.units[0].unit_result is UnitResult.ISTIMEWA
    assert view.units[0].valid_recaps == 1
    assert view.quarters_ended == 3
    assert view.basis.key == "meaning.ranking_basis"


@pytest.mark.parametrize("who", ["learner_persona", "learner_supervisor", "sekretaris", "kabid"])
def test_ranking_is_for_the_kepala_dinas_only(rctx: ServiceContext, work: Work, who: str) -> None:
    seat = {
        "learner_persona": learner(work.office),
        "learner_supervisor": learner(work.office, "kasubag"),
        "sekretaris": simulated(work.office, "sekretaris"),
        "kabid": simulated(work.office, "kabid"),
    }[who]
    with pytest.raises(PermissionDenied) as caught:
        RecordMeaningService(rctx).ranking(seat, 2026)
    reason = caught.value.params["reason"]
    assert reason.key in ("meaning.perm_head_only", "perm.not_your_seat")
