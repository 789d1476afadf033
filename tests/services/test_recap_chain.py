"""The quarterly recap climbing the verification chain: level holders, passing, returning in the
middle, configurable levels, who may verify, what the employee sees, and two verifiers at once."""

from __future__ import annotations

import threading

import pytest

from ekinerja_tutor.domain.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import RecapStatus, Role, VerificationLevel
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.results import RecapView, ResultsService
from tests.services import conftest_rules as fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import (
    LINK,
    Work,
    audit_events,
    build_work,
    pin_rules,
)

# The shared fixtures, bound here so pytest finds them in this module.
any_rctx = fixtures.any_rctx
any_work = fixtures.any_work
rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work

Q4 = (2026, 4)
K, S, KD = (
    VerificationLevel.KASUBAG_KABID,
    VerificationLevel.SEKRETARIS,
    VerificationLevel.KEPALA_DINAS,
)


def queue_ids(svc: ResultsService, work: Work, key: str) -> list[int]:
    return [r.id for r in svc.recap_queue(simulated(work.office, key))]


def reason(error: TutorError) -> str:
    inner = error.params.get("reason")
    return inner.key if inner is not None else error.key


def test_recap_climbs_all_three_levels(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    sent = svc.submit_recap(learner(work.office), *Q4, LINK)
    assert (sent.status, sent.level_index, sent.waiting_level) == (RecapStatus.DIVERIFIKASI, 0, K)
    assert [(lv.level, lv.holder.key if lv.holder else None) for lv in sent.levels] == [
        (K, "kasubag"),
        (S, "sekretaris"),
        (KD, "kadis"),
    ]
    assert sent.id is not None
    for holder, level in (("kasubag", K), ("sekretaris", S), ("kadis", KD)):
        others = {"kasubag", "sekretaris", "kadis", "kabid"} - {holder}
        assert queue_ids(svc, work, holder) == [sent.id]
        assert all(queue_ids(svc, work, key) == [] for key in others)
        summary = svc.recap_queue(simulated(work.office, holder))[0]
        assert summary.level is level and summary.person.key == "ani"
        view = svc.pass_recap(simulated(work.office, holder), sent.id, "Lengkap")
    assert view.status is RecapStatus.VALID and view.valid_at is not None
    assert view.waiting_level is None and {lv.state for lv in view.levels} == {"passed"}
    assert [(s.level, s.verifier.key, s.passed) for s in view.steps] == [
        (K, "kasubag", True),
        (S, "sekretaris", True),
        (KD, "kadis", True),
    ]
    events = audit_events(rctx, "quarter_recap", sent.id)
    assert [e.action for e in events] == ["recap.submit", "recap.pass", "recap.pass", "recap.pass"]
    assert events[0].before is None and events[0].after["status"] == "DIVERIFIKASI"
    assert (events[1].before["level_index"], events[1].after["level_index"]) == (0, 1)
    assert (events[3].before["status"], events[3].after["status"]) == ("DIVERIFIKASI", "VALID")
    assert events[3].after["level"] == "KEPALA_DINAS"
    with pytest.raises(InvalidTransition):
        svc.pass_recap(simulated(work.office, "kadis"), sent.id)
    with pytest.raises(InvalidTransition):
        svc.submit_recap(learner(work.office), *Q4, LINK)


def test_return_in_the_middle_then_climb_again(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    recap_id = svc.submit_recap(learner(work.office), *Q4, LINK).id
    assert recap_id is not None
    svc.pass_recap(simulated(work.office, "kasubag"), recap_id)
    with pytest.raises(ValidationError) as error:
        svc.return_recap(simulated(work.office, "sekretaris"), recap_id, "  ")
    assert error.value.field == "return_note"
    back = svc.return_recap(
        simulated(work.office, "sekretaris"), recap_id, "Folder belum berisi daftar hadir Oktober"
    )
    assert (back.status, back.level_index) == (RecapStatus.DIKEMBALIKAN, 1)
    assert [lv.state for lv in back.levels] == ["pending", "returned", "pending"]
    assert queue_ids(svc, work, "sekretaris") == []
    # The employee sees every step, with the note, by person and quarter.
    mine = svc.recap_view(learner(work.office), person_id=work.pid("ani"), year=2026, quarter=4)
    assert [(s.verifier.key, s.passed, s.note) for s in mine.steps] == [
        ("kasubag", True, ""),
        ("sekretaris", False, "Folder belum berisi daftar hadir Oktober"),
    ]
    again = svc.submit_recap(learner(work.office), *Q4, LINK + "v2")
    assert (again.status, again.level_index, again.evidence_folder) == (
        RecapStatus.DIVERIFIKASI,
        0,
        LINK + "v2",
    )
    for holder in ("kasubag", "sekretaris", "kadis"):
        final = svc.pass_recap(simulated(work.office, holder), recap_id)
    assert final.status is RecapStatus.VALID and len(final.steps) == 5
    events = audit_events(rctx, "quarter_recap", recap_id)
    returned = next(e for e in events if e.action == "recap.return")
    assert returned.after["note"].startswith("Folder") and returned.after["level"] == "SEKRETARIS"


def test_bidang_staff_go_to_the_kabid(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    sent = svc.submit_recap(simulated(work.office, "citra"), *Q4, LINK)
    assert sent.waiting_holder is not None and sent.waiting_holder.key == "kabid"
    assert queue_ids(svc, work, "kabid") == [sent.id] and queue_ids(svc, work, "kasubag") == []


def test_wrong_verifiers_are_refused(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    recap_id = svc.submit_recap(simulated(work.office, "budi"), *Q4, LINK).id
    assert recap_id is not None
    for key in ("sekretaris", "kadis", "kabid", "ani"):
        with pytest.raises(PermissionDenied) as error:
            svc.pass_recap(simulated(work.office, key), recap_id)
        assert reason(error.value) == "recap_svc.not_level_holder"
    with pytest.raises(PermissionDenied) as error:
        svc.pass_recap(simulated(work.office, "budi"), recap_id)
    assert reason(error.value) == "recap_svc.own_recap"
    other = build_work(rctx, username="eko", persona="ani")
    intruder = Seat(
        Principal(other.office.account_id, "eko"), work.office.sandbox_id, work.pid("kasubag")
    )
    with pytest.raises(PermissionDenied) as error:
        svc.pass_recap(intruder, recap_id)
    assert reason(error.value) == "perm.other_sandbox"
    with pytest.raises(NotFound):
        svc.pass_recap(learner(other.office, "kasubag"), recap_id)
    # The learner in the Kasubag seat verifies simulated Budi's recap...
    assert svc.pass_recap(learner(work.office, "kasubag"), recap_id).level_index == 1


def test_learner_never_verifies_own_persona(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    recap_id = svc.submit_recap(learner(work.office), *Q4, LINK).id
    assert recap_id is not None
    assert svc.recap_queue(learner(work.office, "kasubag")) == []
    with pytest.raises(PermissionDenied) as error:
        svc.pass_recap(learner(work.office, "kasubag"), recap_id)
    assert reason(error.value) == "perm.persona_reviewed_by_simulation"
    with pytest.raises(PermissionDenied):
        svc.return_recap(learner(work.office, "kasubag"), recap_id, "Kurang lengkap")


def test_a_level_holder_never_verifies_their_own_recap(rctx: ServiceContext, work: Work) -> None:
    """The Kasubag's recap skips the KASUBAG_KABID level he holds: it starts at the Sekretaris,
    climbs to the Kepala Dinas, and the Kasubag himself can never pass it. (The Sekretaris
    checks every unit's recaps, so a Bidang's staff still go through the Sekretaris.)"""
    svc = ResultsService(rctx)
    sent = svc.submit_recap(simulated(work.office, "kasubag"), *Q4, LINK)
    assert sent.id is not None and sent.waiting_holder is not None
    assert sent.waiting_holder.key == "sekretaris"
    assert [lv.level for lv in sent.levels] == [
        VerificationLevel.SEKRETARIS,
        VerificationLevel.KEPALA_DINAS,
    ]
    assert queue_ids(svc, work, "kasubag") == []
    with pytest.raises(PermissionDenied) as error:
        svc.pass_recap(simulated(work.office, "kasubag"), sent.id)
    assert reason(error.value) == "recap_svc.own_recap"
    svc.pass_recap(simulated(work.office, "sekretaris"), sent.id)
    view = svc.pass_recap(simulated(work.office, "kadis"), sent.id)
    assert view.status is RecapStatus.VALID


def test_the_heads_recap_needs_no_level_inside_the_office(rctx: ServiceContext, work: Work) -> None:
    """Nobody above the Kepala Dinas sits in the office's chain: valid when submitted."""
    svc = ResultsService(rctx)
    view = svc.submit_recap(simulated(work.office, "kadis"), *Q4, LINK)
    assert view.status is RecapStatus.VALID
    assert view.levels == () and view.waiting_level is None
    assert view.valid_at is not None


def test_levels_are_configuration(rctx: ServiceContext, work: Work) -> None:
    pin_rules(rctx, RegionalRules(verification_levels=(KD, K)))
    svc = ResultsService(rctx)
    recap_id = svc.submit_recap(simulated(work.office, "dedi"), *Q4, LINK).id
    assert recap_id is not None
    assert queue_ids(svc, work, "kadis") == [recap_id]
    svc.pass_recap(simulated(work.office, "kadis"), recap_id)
    view = svc.pass_recap(simulated(work.office, "kabid"), recap_id)
    assert view.status is RecapStatus.VALID
    assert [s.level for s in view.steps] == [KD, K]


@pytest.mark.parametrize(
    ("link", "field"),
    [
        ("", "evidence_folder"),
        ("javascript:alert(1)", "evidence_folder"),
        ("C:\\rekap", "evidence_folder"),
        ("https://drive.latihan.local/d/a b", "evidence_folder"),
    ],
)
def test_submit_checks_the_folder_link(
    rctx: ServiceContext, work: Work, link: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        ResultsService(rctx).submit_recap(learner(work.office), *Q4, link)
    assert error.value.field == field


def test_submit_refuses_a_quarter_not_started(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    with pytest.raises(ValidationError):
        svc.submit_recap(learner(work.office), 2027, 1, LINK)
    with pytest.raises(ValidationError):
        svc.submit_recap(learner(work.office), 2026, 0, LINK)


def test_recap_view_readers(rctx: ServiceContext, work: Work) -> None:
    svc = ResultsService(rctx)
    blank = svc.recap_view(learner(work.office), person_id=work.pid("ani"), year=2026, quarter=3)
    assert blank.id is None and blank.status is RecapStatus.DRAFT
    assert [lv.holder.key for lv in blank.levels if lv.holder] == ["kasubag", "sekretaris", "kadis"]
    recap_id = svc.submit_recap(learner(work.office), *Q4, LINK).id
    assert recap_id is not None
    trainer = Principal(3, "pelatih", frozenset({Role.MENTOR}))
    assert svc.recap_view(trainer, recap_id).person.key == "ani"
    assert svc.recap_view(simulated(work.office, "kadis"), recap_id).waiting_level is K
    other = build_work(rctx, username="eko", persona="ani")
    with pytest.raises(PermissionDenied):
        svc.recap_view(Principal(other.office.account_id, "eko"), recap_id)
    with pytest.raises(NotFound):
        svc.recap_view(learner(other.office), recap_id)
    with pytest.raises(PermissionDenied):
        svc.recap_view(simulated(work.office, "budi"), recap_id)  # a peer
    with pytest.raises(ValidationError):
        svc.recap_view(learner(work.office), person_id=work.pid("ani"))


def _race(svc: ResultsService, recap_id: int, seats: list[Seat], second: str) -> list[object]:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def act(index: int) -> None:
        barrier.wait()
        try:
            if index == 0 or second == "pass":
                outcomes.append(svc.pass_recap(seats[index], recap_id))
            else:
                outcomes.append(svc.return_recap(seats[index], recap_id, "Belum lengkap"))
        except TutorError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_verifiers_one_recap_exactly_one_wins(any_rctx: ServiceContext, any_work: Work) -> None:
    """Two sessions in one verifier's seat decide one recap at once (pass/pass at the Kasubag,
    pass/return at the Sekretaris): one wins, the other gets a clear error."""
    svc = ResultsService(any_rctx)
    kasubag = [learner(any_work.office, "kasubag"), simulated(any_work.office, "kasubag")]
    sekretaris = [simulated(any_work.office, "sekretaris")] * 2
    for key, seats, second in (("budi", kasubag, "pass"), ("dedi", sekretaris, "return")):
        recap_id = svc.submit_recap(simulated(any_work.office, key), *Q4, LINK).id
        assert recap_id is not None
        if key == "dedi":
            svc.pass_recap(simulated(any_work.office, "kabid"), recap_id)
        outcomes = _race(svc, recap_id, seats, second)
        wins = [o for o in outcomes if isinstance(o, RecapView)]
        losses = [o for o in outcomes if isinstance(o, TutorError)]
        assert len(wins) == 1 and len(losses) == 1, outcomes
        assert isinstance(losses[0], Conflict | InvalidTransition | PermissionDenied)
        assert losses[0].render("en")
        final = svc.recap_view(simulated(any_work.office, "kadis"), recap_id)
        assert final.status is wins[0].status
        assert len(final.steps) == (1 if key == "budi" else 2)
