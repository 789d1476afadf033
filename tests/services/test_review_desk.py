"""The supervisor's desk reads: who the seat is and what waits there — never counting the
learner's own persona, whose work only simulated colleagues review — and the office's units."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.statuses import UnitKind
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.review_desk import ReviewDeskService
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import Work
from tests.services.test_review import sent_entry

rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work


def test_the_supervisor_seat_counts_colleagues_work_but_never_the_persona(
    rctx: ServiceContext, work: Work
) -> None:
    daily = DailyLogService(rctx)
    sent_entry(daily, work, "ani")  # the learner's persona
    sent_entry(daily, work, "budi")  # a simulated colleague
    desk = ReviewDeskService(rctx)

    as_learner = desk.seat_summary(learner(work.office, "kasubag"))
    assert as_learner.name and not as_learner.is_persona
    assert as_learner.subordinates == 1  # budi only: ani is the persona
    assert as_learner.entries_waiting == 1

    as_program = desk.seat_summary(simulated(work.office, "kasubag"))
    assert as_program.subordinates == 2 and as_program.entries_waiting == 2

    own = desk.seat_summary(learner(work.office))
    assert own.is_persona and own.subordinates == 0 and own.entries_waiting == 0


def test_the_learner_cannot_approve_the_persona_from_the_supervisor_seat(
    rctx: ServiceContext, work: Work
) -> None:
    daily = DailyLogService(rctx)
    mine = sent_entry(daily, work, "ani")
    seat = learner(work.office, "kasubag")
    with pytest.raises(PermissionDenied):
        daily.approve(seat, mine.id)
    result = daily.approve_many(seat, [mine.id])
    assert result.approved == () and len(result.failed) == 1
    assert daily.review_inbox(seat, status=None).items == ()


def test_units_are_listed_dinas_first_with_the_units_below_it(
    rctx: ServiceContext, work: Work
) -> None:
    units = ReviewDeskService(rctx).units(learner(work.office))
    assert units[0].kind is UnitKind.DINAS and units[0].depth == 0
    assert all(u.depth >= 1 for u in units[1:])
    assert len({u.id for u in units}) == len(units)


def test_a_seat_outside_the_learners_two_is_refused(rctx: ServiceContext, work: Work) -> None:
    stranger = Principal(account_id=work.office.account_id + 99, username="someone")
    seat = Seat(stranger, work.office.sandbox_id, work.pid("kasubag"))
    with pytest.raises(PermissionDenied):
        ReviewDeskService(rctx).seat_summary(seat)
    with pytest.raises(PermissionDenied):  # the learner may not sit as the Kepala Dinas either
        ReviewDeskService(rctx).seat_summary(learner(work.office, "kadis"))
