"""The direct supervisor's review of Progres Harian: inbox, approve, return, evidence check,
bulk approval, missing days, who may review, and two supervisors acting at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest

from ekinerja_tutor.domain.errors import (
    Conflict,
    InvalidTransition,
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyEntryView, DailyLogService
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import (
    Work,
    audit_events,
    build_work,
    form,
    set_today,
)

# The shared fixtures, bound here so pytest finds them in this module.
any_rctx = fixtures.any_rctx
any_work = fixtures.any_work
rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work

D = dt.date
T = dt.time
THURSDAY = D(2026, 11, 26)
EIGHT, TEN = T(8), T(10)


def sent_entry(
    svc: DailyLogService,
    work: Work,
    key: str = "ani",
    day: D = THURSDAY,
    *,
    start: T = EIGHT,
    end: T = TEN,
) -> DailyEntryView:
    seat = learner(work.office) if key == "ani" else simulated(work.office, key)
    draft = svc.save_draft(seat, None, form(work.ra[(key, day.month)], day, start, end))
    return svc.submit(seat, draft.id)


def reason(error: TutorError) -> str:
    """The catalog key saying why a permission was refused."""
    inner = error.params.get("reason")
    return inner.key if inner is not None else error.key


# --- who may review ----------------------------------------------------------------------------

FORBIDDEN: dict[str, tuple[str, Callable[[Work], Seat], str]] = {
    # case: (owner of the entry, how the reviewer sits, expected reason)
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


def _bulk(svc: DailyLogService, seat: Seat, entry_id: int) -> None:
    result = svc.approve_many(seat, [entry_id])
    message = result.failed[0].message if result.failed else None
    if message is not None:
        raise PermissionDenied(message.key, **message.params)


OPERATIONS: dict[str, Callable[[DailyLogService, Seat, int], object]] = {
    "approve": lambda svc, seat, entry_id: svc.approve(seat, entry_id),
    "return": lambda svc, seat, entry_id: svc.return_for_revision(seat, entry_id, "Perbaiki"),
    "check_evidence": lambda svc, seat, entry_id: svc.check_evidence(
        seat, entry_id, EvidenceCheck.SESUAI
    ),
    "approve_many": _bulk,
    "inbox_filter": lambda svc, seat, entry_id: svc.review_inbox(
        seat, person_id=svc.get(SYSTEM, entry_id).person_id
    ),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_forbidden_reviewers_are_refused(rctx: ServiceContext, work: Work, case: str) -> None:
    svc = DailyLogService(rctx)
    owner, sit, expected = FORBIDDEN[case]
    entry = sent_entry(svc, work, owner)
    seat = sit(work)
    for name, operation in OPERATIONS.items():
        with pytest.raises(PermissionDenied) as error:
            operation(svc, seat, entry.id)
        assert reason(error.value) == expected, name
    assert svc.get(simulated(work.office, owner), entry.id).status is DailyStatus.DIKIRIM


def test_another_sandboxs_learner_is_refused(rctx: ServiceContext, work: Work) -> None:
    other = build_work(rctx, username="eko", persona="ani")
    svc = DailyLogService(rctx)
    entry = sent_entry(svc, work, "budi")
    intruder = Seat(
        Principal(other.office.account_id, "eko"), work.office.sandbox_id, work.pid("kasubag")
    )
    for op in OPERATIONS.values():
        with pytest.raises(PermissionDenied) as error:
            op(svc, intruder, entry.id)
        assert reason(error.value) == "perm.other_sandbox"
    # Acting on this sandbox's entry from the learner's own sandbox seat finds nothing.
    with pytest.raises(NotFound):
        svc.approve(learner(other.office, "kasubag"), entry.id)


def test_learner_in_supervisor_seat_reviews_simulated_subordinates(
    rctx: ServiceContext, work: Work
) -> None:
    svc = DailyLogService(rctx)
    entry = sent_entry(svc, work, "budi")
    approved = svc.approve(learner(work.office, "kasubag"), entry.id)
    assert approved.status is DailyStatus.DISETUJUI
    assert approved.reviewed_by_id == work.pid("kasubag")


# --- transitions -------------------------------------------------------------------------------


def test_approve_locks_the_entry_and_is_audited(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    boss = simulated(work.office, "kasubag")
    entry = sent_entry(svc, work)
    approved = svc.approve(boss, entry.id)
    assert approved.status is DailyStatus.DISETUJUI and approved.reviewed_at is not None
    event = audit_events(rctx, "daily_entry", entry.id)[-1]
    assert event.action == "daily.approve" and event.simulated
    assert (event.before["status"], event.after["status"]) == ("DIKIRIM", "DISETUJUI")
    assert event.after["reviewed_by_id"] == work.pid("kasubag")
    with pytest.raises(LockedError):
        svc.save_draft(learner(work.office), entry.id, form(work.ra[("ani", 11)]))
    with pytest.raises(LockedError):
        svc.return_for_revision(boss, entry.id, "terlambat")
    with pytest.raises(LockedError):
        svc.approve(boss, entry.id)


def test_return_needs_a_note_and_keeps_the_sentence_key(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    boss = simulated(work.office, "kasubag")
    entry = sent_entry(svc, work)
    for note in ("", "   "):
        with pytest.raises(ValidationError) as error:
            svc.return_for_revision(boss, entry.id, note)
        assert error.value.field == "revision_note"
    with pytest.raises(ValidationError):
        svc.return_for_revision(boss, entry.id, "ok", sentence_key="bad key!")
    back = svc.return_for_revision(
        boss, entry.id, "Tautan bukti tidak bisa dibuka", sentence_key="daily.evidence_link"
    )
    assert back.status is DailyStatus.REVISI and back.revision_note.startswith("Tautan")  # type: ignore[union-attr]
    event = audit_events(rctx, "daily_entry", entry.id)[-1]
    assert event.action == "daily.return" and event.after["sentence_key"] == "daily.evidence_link"
    assert event.after["revision_note"] == "Tautan bukti tidak bisa dibuka"
    with pytest.raises(InvalidTransition):
        svc.approve(boss, entry.id)  # REVISI goes back to the employee first


def test_evidence_check(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    boss = simulated(work.office, "kasubag")
    entry = sent_entry(svc, work)
    for check in (EvidenceCheck.KURANG, EvidenceCheck.TIDAK_SESUAI):
        with pytest.raises(ValidationError) as error:
            svc.check_evidence(boss, entry.id, check)
        assert error.value.field == "evidence_note"
    with pytest.raises(InvalidTransition):
        svc.check_evidence(boss, entry.id, EvidenceCheck.BELUM_DIVERIFIKASI)
    marked = svc.check_evidence(boss, entry.id, EvidenceCheck.KURANG, "Foto kegiatan belum ada")
    assert marked.evidence_check is EvidenceCheck.KURANG
    assert marked.evidence_note == "Foto kegiatan belum ada"
    svc.approve(boss, entry.id)
    fixed = svc.check_evidence(boss, entry.id, EvidenceCheck.SESUAI)  # approved: still allowed
    assert fixed.evidence_check is EvidenceCheck.SESUAI and fixed.evidence_note is None
    event = audit_events(rctx, "daily_entry", entry.id)[-1]
    assert (event.before["evidence_check"], event.after["evidence_check"]) == ("KURANG", "SESUAI")
    draft = svc.save_draft(learner(work.office), None, form(work.ra[("ani", 11)]))
    with pytest.raises(NotFound):  # a draft is invisible to the supervisor
        svc.check_evidence(boss, draft.id, EvidenceCheck.SESUAI)
    returned = sent_entry(svc, work, day=D(2026, 11, 24))
    svc.return_for_revision(boss, returned.id, "Perbaiki")
    with pytest.raises(ValidationError):
        svc.check_evidence(boss, returned.id, EvidenceCheck.SESUAI)


# --- the inbox and bulk approval ---------------------------------------------------------------


def test_inbox_oldest_first_filters_and_hides_the_persona(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    set_today(rctx, work.office, dt.datetime(2026, 11, 24, 9))
    first = sent_entry(svc, work, "budi", D(2026, 11, 23))
    set_today(rctx, work.office, dt.datetime(2026, 11, 26, 9))
    second = sent_entry(svc, work, "ani", D(2026, 11, 24))
    third = sent_entry(svc, work, "budi", D(2026, 11, 26))
    sent_entry(svc, work, "citra")  # another supervisor's team
    inbox = svc.review_inbox(simulated(work.office, "kasubag"))
    assert [i.entry.id for i in inbox.items] == [first.id, second.id, third.id]
    assert inbox.items[0].person.name == "Budi" and not inbox.persona_hidden
    assert {p.key for p in inbox.subordinates} == {"ani", "budi"}
    budi_only = svc.review_inbox(simulated(work.office, "kasubag"), person_id=work.pid("budi"))
    assert budi_only.total == 2
    page = svc.review_inbox(simulated(work.office, "kasubag"), page=1, page_size=2)
    assert [i.entry.id for i in page.items] == [third.id] and page.total == 3
    mine = svc.review_inbox(learner(work.office, "kasubag"))
    assert [i.entry.id for i in mine.items] == [first.id, third.id] and mine.persona_hidden
    svc.approve(simulated(work.office, "kasubag"), first.id)
    assert svc.review_inbox(simulated(work.office, "kasubag")).total == 2
    every = svc.review_inbox(simulated(work.office, "kasubag"), status=None)
    assert every.total == 3
    with pytest.raises(ValidationError):
        svc.review_inbox(simulated(work.office, "kasubag"), status=DailyStatus.DRAFT)


def test_approve_many_reports_each_entry(rctx: ServiceContext, work: Work) -> None:
    """One refusal does not undo the other approvals."""
    svc = DailyLogService(rctx)
    boss = simulated(work.office, "kasubag")
    good = [sent_entry(svc, work, "budi", D(2026, 11, d)) for d in (23, 24, 26)]
    citra = sent_entry(svc, work, "citra")
    done = sent_entry(svc, work, "ani")
    svc.approve(boss, done.id)
    ids = [good[0].id, citra.id, good[1].id, done.id, 999_999, good[2].id]
    result = svc.approve_many(boss, ids)
    assert result.approved == (good[0].id, good[1].id, good[2].id)
    failed = {item.entry_id: item.message for item in result.failed}
    assert set(failed) == {citra.id, done.id, 999_999}
    assert failed[citra.id].key == "permissions.not_direct_supervisor"  # type: ignore[union-attr]
    assert failed[done.id].key == "daily.locked_approved"  # type: ignore[union-attr]
    for entry in good:
        assert svc.get(boss, entry.id).status is DailyStatus.DISETUJUI


def test_missing_days(rctx: ServiceContext, work: Work) -> None:
    svc = DailyLogService(rctx)
    sent_entry(svc, work, "budi", D(2026, 11, 23))
    sent_entry(svc, work, "budi", D(2026, 11, 26))
    svc.save_draft(learner(work.office), None, form(work.ra[("ani", 11)], D(2026, 11, 24)))
    missing = svc.missing_days(simulated(work.office, "kasubag"), D(2026, 11, 21), D(2026, 12, 4))
    by_key = {person.key: days for person, days in missing.items()}
    # Weekend and Wednesday's holiday are not working days; the sandbox's today is Friday 27.
    assert by_key["budi"] == [D(2026, 11, 24), D(2026, 11, 27)]
    assert by_key["ani"] == [D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 26), D(2026, 11, 27)]
    with pytest.raises(ValidationError):
        svc.missing_days(simulated(work.office, "kasubag"), D(2026, 12, 1), D(2026, 11, 1))
    assert svc.missing_days(simulated(work.office, "ani"), D(2026, 11, 23), D(2026, 11, 27)) == {}


# --- two supervisors at once -------------------------------------------------------------------


def _race(svc: DailyLogService, entry_id: int, actors: list[Seat], second: str) -> list[object]:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def act(index: int) -> None:
        barrier.wait()
        try:
            if index == 0 or second == "approve":
                outcomes.append(svc.approve(actors[index], entry_id).status)
            else:
                outcomes.append(svc.return_for_revision(actors[index], entry_id, "Ulangi").status)
        except TutorError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_supervisors_one_entry_exactly_one_wins(
    any_rctx: ServiceContext, any_work: Work
) -> None:
    """The learner in the supervisor seat and the simulated supervisor act on one entry at the
    same moment (approve/approve, then approve/return): one wins, the other gets a clear error."""
    svc = DailyLogService(any_rctx)
    actors = [learner(any_work.office, "kasubag"), simulated(any_work.office, "kasubag")]
    for day, second in ((D(2026, 11, 24), "approve"), (D(2026, 11, 26), "return")):
        entry = sent_entry(svc, any_work, "budi", day)
        outcomes = _race(svc, entry.id, actors, second)
        wins = [o for o in outcomes if isinstance(o, DailyStatus)]
        losses = [o for o in outcomes if isinstance(o, TutorError)]
        assert len(wins) == 1 and len(losses) == 1, outcomes
        assert isinstance(losses[0], Conflict | InvalidTransition | LockedError)
        assert losses[0].render("en")  # a clear, translated message
        assert svc.get(simulated(any_work.office, "kasubag"), entry.id).status is wins[0]
        decisions = [
            e
            for e in audit_events(any_rctx, "daily_entry", entry.id)
            if e.action in ("daily.approve", "daily.return")
        ]
        assert len(decisions) == 1
