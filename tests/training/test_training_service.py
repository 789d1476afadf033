"""Sessions, enrolment and the all-or-nothing import, through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.persistence.models import Account, Sandbox, TrainingEnrolment
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.services.training_results import TrainingResultsService
from tests.integration.conftest import CHEAP_HASHER
from tests.training.conftest import LEARNER, TRAINER, csv_bytes, nip

DAY = dt.date(2026, 11, 27)
LESSONS = ["minta_bantuan", "progres_harian"]


def _counts(training: TrainingResultsService) -> tuple[int, int, int]:
    with training.db.read() as session:
        return (
            session.scalars(select(func.count()).select_from(Account)).one(),
            session.scalars(select(func.count()).select_from(Sandbox)).one(),
            session.scalars(select(func.count()).select_from(TrainingEnrolment)).one(),
        )


def test_create_session_checks_its_fields(training: TrainingResultsService) -> None:
    view = training.create_session(TRAINER, "  Kelas   Progres Harian ", DAY, DAY, LESSONS)
    assert view.name == "Kelas Progres Harian"
    assert view.lessons == tuple(LESSONS)
    assert len(view.join_code) == 6 and view.trainee_count == 0
    assert training.get_session(TRAINER, view.join_code.lower()).id == view.id
    assert training.get_session(TRAINER, "kelas progres harian").id == view.id
    with pytest.raises(ValidationError) as wrong:
        training.create_session(TRAINER, "X", DAY, DAY - dt.timedelta(days=1), LESSONS)
    assert wrong.value.field == "ends_on"
    with pytest.raises(ValidationError, match="lesson_unknown"):
        training.create_session(TRAINER, "X", DAY, DAY, ["tidak_ada"])
    with pytest.raises(ValidationError, match="lesson_twice"):
        training.create_session(TRAINER, "X", DAY, DAY, ["minta_bantuan", "minta_bantuan"])
    with pytest.raises(ValidationError):
        training.create_session(TRAINER, "   ", DAY, DAY, LESSONS)
    with pytest.raises(NotFound):
        training.get_session(TRAINER, "999")


def test_import_creates_accounts_sandboxes_and_slips(training: TrainingResultsService) -> None:
    session = training.create_session(TRAINER, "Kelas A", DAY, DAY, LESSONS)
    before = _counts(training)
    seen: list[tuple[int, int]] = []
    result = training.import_csv(
        TRAINER,
        session.id,
        csv_bytes([("Budi Santoso", nip(1), ""), ("Siti Aminah", nip(2), "")], delimiter="\t"),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.ok and result.delimiter == "\t"
    assert [s.username for s in result.slips] == [nip(1), nip(2)]
    assert seen == [(1, 2), (2, 2)]
    assert _counts(training) == (before[0] + 2, before[1] + 2, before[2] + 2)
    slip = result.slips[0]
    assert slip.persona_key == "darto" and slip.session_name == "Kelas A"
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    step = auth.login_password(nip(1), slip.password)
    assert step.next.value == "change_password"  # must change the one-time password first
    trainees = training.trainees(TRAINER, session.join_code)
    assert {t.display_name for t in trainees} == {"Budi Santoso", "Siti Aminah"}
    assert all(t.via == "csv" for t in trainees)


def test_bad_rows_import_nothing(training: TrainingResultsService) -> None:
    session = training.create_session(TRAINER, "Kelas B", DAY, DAY, LESSONS)
    before = _counts(training)
    result = training.import_csv(
        TRAINER,
        session.id,
        csv_bytes(
            [
                ("Budi", nip(3), ""),
                ("Darto lagi", "197205142008011009", ""),  # darto's NIP: already an account
                ("Dua kali", nip(3), ""),
                ("Salah", "19720514", ""),
            ]
        ),
    )
    assert not result.ok and result.slips == ()
    assert [(p.line, p.column) for p in result.problems] == [(3, "nip"), (4, "nip"), (5, "nip")]
    assert "197205142008011009" in result.problems[0].message.render("id")
    assert _counts(training) == before


def test_a_failure_while_building_leaves_nothing_half_imported(
    training: TrainingResultsService,
) -> None:
    session = training.create_session(TRAINER, "Kelas C", DAY, DAY, LESSONS)
    before = _counts(training)

    class Cancelled(Exception):
        pass

    def cancel_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Cancelled

    rows = [(f"Peserta {i}", nip(10 + i), "") for i in range(4)]
    with pytest.raises(Cancelled):
        training.import_csv(TRAINER, session.id, csv_bytes(rows), progress=cancel_after_two)
    assert _counts(training) == before
    # the same file then imports cleanly
    assert training.import_csv(TRAINER, session.id, csv_bytes(rows)).ok
    assert _counts(training)[2] == before[2] + 4


def test_single_trainee_join_code_and_enrol(training: TrainingResultsService) -> None:
    coaching = training.create_session(TRAINER, "Pendampingan Pak Darto", DAY, DAY, LESSONS)
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    with training.db.read() as s:
        darto_id = s.scalar(select(Account.id).where(Account.alias == "darto"))
    assert darto_id is not None
    darto = auth.principal_for(darto_id)
    joined = training.join(darto, coaching.join_code.lower()[:3] + "-" + coaching.join_code[3:])
    assert joined.id == coaching.id and joined.trainee_count == 1
    assert training.join(darto, coaching.join_code).trainee_count == 1  # idempotent
    assert [s.id for s in training.my_sessions(darto)] == [coaching.id]
    with pytest.raises(ValidationError) as unknown:
        training.join(darto, "ZZZZZZ")
    assert unknown.value.field == "code"
    other = training.create_session(TRAINER, "Kelas D", DAY, DAY, LESSONS)
    view = training.enrol(TRAINER, other.id, "darto2")
    assert view.username == "darto2"
    slip = training.add_trainee(TRAINER, other.id, "Nur Aini", nip(7), "Kasubag Keuangan")
    assert slip.persona_key == "kasubag_keu"
    with pytest.raises(ValidationError):
        training.add_trainee(TRAINER, other.id, "Nur Aini", nip(7))


def test_trainer_actions_are_refused_for_everyone_else(training: TrainingResultsService) -> None:
    session = training.create_session(TRAINER, "Kelas E", DAY, DAY, LESSONS)
    calls: list[Callable[[], object]] = [
        lambda: training.create_session(LEARNER, "X", DAY, DAY, LESSONS),
        lambda: training.list_sessions(LEARNER),
        lambda: training.import_csv(LEARNER, session.id, csv_bytes([("A", nip(5), "")])),
        lambda: training.enrol(LEARNER, session.id, "darto2"),
        lambda: training.board(LEARNER, session.id),
        lambda: training.reset_sandbox(LEARNER, "darto2"),
        lambda: training.move_clock(LEARNER, "darto2", move="next_day"),
        lambda: training.set_failures(LEARNER, ["darto2"], save_error=True),
        lambda: training.sandbox_snapshot(LEARNER, "darto2"),
        lambda: training.export_csv(LEARNER, session.id),
        lambda: training.issue_certificate(LEARNER, session.id, "darto2"),
        lambda: training.office_view(LEARNER),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _counts(training)[2] == 0
