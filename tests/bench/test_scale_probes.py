"""``bench scale``'s staff probes on a small generated office: the help desk's and the training
room's rows are there, the mentor and the trainer see them, and every probe's keys run."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import DataTable

from ekinerja_tutor.bench import office_gen, scale, screens
from ekinerja_tutor.persistence.models import Account, Ticket, TrainingSession

EMPLOYEES = 40

# Building the office (and its help desk and training rooms) takes most of a minute: these
# run with `make test-slow`, beside the benches themselves.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[office_gen.Office]:
    yield office_gen.office(EMPLOYEES, home=tmp_path_factory.mktemp("bench-home"))


def _counts(found: office_gen.Office) -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory() as home:
        services = office_gen.open_office(found.path, Path(home))
        try:
            with services.ctx.db.read() as session:
                return (
                    session.scalar(select(func.count()).select_from(Account)) or 0,
                    session.scalar(select(func.count()).select_from(Ticket)) or 0,
                    session.scalar(select(func.count()).select_from(TrainingSession)) or 0,
                )
        finally:
            services.close()


def test_the_office_gets_its_help_desk_and_training_room_once(office: office_gen.Office) -> None:
    assert office.topup == office_gen.TOPUP_VERSION
    assert office.tickets == EMPLOYEES // office_gen.EMPLOYEES_PER_TICKET
    assert office.trainees > 0 and office.training_sessions >= 1
    before = _counts(office)
    again = office_gen.top_up(dataclasses.replace(office, topup=0))  # as for an older .json
    assert (again.trainees, again.tickets, again.training_sessions) == (
        office.trainees,
        office.tickets,
        office.training_sessions,
    )
    assert _counts(office) == before  # nothing added twice
    assert office_gen.office(EMPLOYEES, home=office.path.parent.parent) == office  # cached


def test_probes_are_grouped_by_account_in_order() -> None:
    groups = screens.by_account()
    accounts = [account for account, _ in groups]
    assert accounts[0] == office_gen.LEARNER
    assert {office_gen.MENTOR, office_gen.TRAINER} <= set(accounts)
    names = [p.name for _, probes in groups for p in probes]
    assert {"ticket queue", "trainer board"} <= set(names)
    by_name = {p.name: p for p in screens.PROBES}
    mixed = [by_name["lesson player"], by_name["ticket queue"], by_name["weekly view"]]
    assert [(a, [p.name for p in ps]) for a, ps in screens.by_account(mixed)] == [
        (office_gen.LEARNER, ["lesson player", "weekly view"]),  # one sign-in each
        (office_gen.MENTOR, ["ticket queue"]),
    ]


async def test_staff_probes_see_the_rows_and_their_keys_run(office: office_gen.Office) -> None:
    from ekinerja_tutor.ui.app import TutorApp
    from ekinerja_tutor.ui.screens.helpdesk_queue import QueueScreen
    from ekinerja_tutor.ui.screens.trainer_board import TrainerBoardScreen

    probes = {p.name: p for p in screens.PROBES}
    with tempfile.TemporaryDirectory() as home:
        app = TutorApp(services=office_gen.open_office(office.path, Path(home)))
        async with app.run_test(size=(80, 24)) as pilot:
            await screens.settled(app, pilot)
            for name, screen_type in (
                ("ticket queue", QueueScreen),
                ("trainer board", TrainerBoardScreen),
            ):
                probe = probes[name]
                landing = await screens.sign_in_as(app, pilot, probe.account)
                await probe.open(app, pilot)
                assert isinstance(app.screen, screen_type)
                table = app.screen.query_one(DataTable)
                assert table.row_count > 0, f"{name}: the signed-in account sees no rows"
                for key in probe.keys:
                    assert await screens.press_timed(app, pilot, key) > 0
                assert app.screen.query_one(DataTable).row_count > 0
                await screens.press(app, pilot, *probe.close)
                await screens.back_to(app, pilot, landing)
                assert isinstance(app.screen, landing)
            # back to the learner: another account replaces the staff one
            landing = await screens.sign_in_as(app, pilot, office_gen.LEARNER)
            assert app.screen.__class__ is landing


async def test_scale_signs_in_once_per_account(office: office_gen.Office) -> None:
    by_name = {p.name: p for p in screens.PROBES}
    wanted = [by_name[n] for n in ("lesson player", "ticket queue", "trainer board")]
    found = await scale._measure_tutor(office, 1, wanted)
    assert list(found) == ["lesson player", "ticket queue", "trainer board"]
    for probe in wanted:
        wall, cpu = found[probe.name]
        assert len(wall) == len(cpu) == len(probe.keys)


async def test_the_dashboard_probes_measure_with_and_without_its_reading(
    office: office_gen.Office,
) -> None:
    from sqlalchemy import event

    from ekinerja_tutor.ui.app import TutorApp
    from ekinerja_tutor.ui.screens import dashboard

    probes = {p.name: p for p in screens.PROBES}
    usual = dashboard.REREAD_SECONDS
    with tempfile.TemporaryDirectory() as home:
        services = office_gen.open_office(office.path, Path(home))
        statements: list[str] = []
        event.listen(
            services.ctx.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2])
        )
        app = TutorApp(services=services)
        async with app.run_test(size=(80, 24)) as pilot:
            await screens.settled(app, pilot)
            landing = await screens.sign_in_as(app, pilot, office_gen.LEARNER)
            read: dict[str, bool] = {}
            for name in ("dashboard", "dashboard, re-read"):
                probe = probes[name]
                await probe.open(app, pilot)
                await screens.press(app, pilot, *screens.dashboard_before(probe))
                statements.clear()
                await screens.press_timed(app, pilot, *probe.keys)
                read[name] = any("FROM skp" in s for s in statements)
                if probe.finish is not None:
                    await probe.finish(app, pilot)
                await screens.back_to(app, pilot, landing)
    assert read == {"dashboard": False, "dashboard, re-read": True}
    assert usual == dashboard.REREAD_SECONDS
