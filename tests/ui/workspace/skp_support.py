"""Shared steps of the SKP-area screen tests (SKP, Rencana Aksi, Realisasi, Result).

The session's seeded office (``seeded`` in conftest.py) holds the base scenario; some tests
also need "skp_draft" or "supervisor_skp_pending". Their templates are built once per session
into a second file (:func:`scenario_db`); each test copies that file and resets its learner's
sandbox to the scenario it needs (a template clone, well under a second).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from ekinerja_tutor.bootstrap import Services
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence.models import Account, Person
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.services.results import ResultsService
from ekinerja_tutor.services.sandboxes import SandboxView
from ekinerja_tutor.services.skp import SkpService
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.widgets.status import StatusLine
from ekinerja_tutor.ui.workspace import Workspace
from tests.ui.workspace.conftest import SEED_NOW, Seeded, _open, settle

TRAINER = Principal(account_id=None, username="trainer", roles=frozenset({Role.TRAINER}))
_BUILT: dict[Path, tuple[Path, set[str]]] = {}


def scenario_db(seeded: Seeded, folder: Path, scenario: str) -> Path:
    """A copy of the seeded file that also holds ``scenario``'s template.

    One file per session collects the templates as tests ask for them (each built once).
    """
    path, scenarios = _BUILT.get(seeded.path) or (folder / "scenarios.db", set())
    if not scenarios:
        shutil.copy(seeded.path, path)
    if scenario not in scenarios:
        services = _open(path.parent, path, FixedClock(SEED_NOW))
        try:
            username = _username(services, seeded.account_id)
            services.sandboxes.reset(TRAINER, username, scenario=scenario)
            services.sandboxes.reset(TRAINER, username, scenario="base")
        finally:
            services.close()
        scenarios.add(scenario)
    _BUILT[seeded.path] = (path, scenarios)
    return path


def _username(services: Services, account_id: int) -> str:
    with services.ctx.db.read() as session:
        username = session.scalar(select(Account.username).where(Account.id == account_id))
    assert username is not None
    return username


@dataclass
class SkpWorld:
    """One test's copy of the office, its learner's sandbox in one scenario."""

    services: Services
    clock: FixedClock
    home: Path
    sandbox: SandboxView
    principal: Principal
    supervisor_id: int

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.principal, self.sandbox, supervisor_id=self.supervisor_id)

    @property
    def seat(self) -> Seat:
        return self.workspace.seat

    @property
    def supervisor_seat(self) -> Seat:
        """The supervisor as the program plays them (to approve, return, rate)."""
        return Seat(SYSTEM, self.sandbox.id, self.supervisor_id)

    @property
    def persona_id(self) -> int:
        assert self.sandbox.persona_id is not None
        return self.sandbox.persona_id

    @property
    def year(self) -> int:
        return self.sandbox.today.year

    @property
    def skp(self) -> SkpService:
        return SkpService(self.services.ctx)

    @property
    def rencana_aksi(self) -> RencanaAksiService:
        return RencanaAksiService(self.services.ctx)

    @property
    def results(self) -> ResultsService:
        return ResultsService(self.services.ctx)

    def app(self) -> TutorApp:
        return TutorApp(services=self.services, clock=self.clock)


def make_world(
    seeded: Seeded, tmp_path: Path, factory: pytest.TempPathFactory, scenario: str
) -> SkpWorld:
    source = (
        scenario_db(seeded, factory.mktemp("skp-scenarios"), scenario)
        if scenario != "base"
        else seeded.path
    )
    shutil.copy(source, tmp_path / "t.db")
    clock = FixedClock(SEED_NOW)
    services = _open(tmp_path, tmp_path / "t.db", clock)
    username = _username(services, seeded.account_id)
    sandbox = (
        services.sandboxes.reset(TRAINER, username, scenario=scenario)
        if scenario != "base"
        else services.sandboxes.for_account(SYSTEM, seeded.account_id)
    )
    assert sandbox is not None and sandbox.persona_id is not None
    with services.ctx.db.read() as session:
        supervisor_id = session.scalar(
            select(Person.supervisor_id).where(Person.id == sandbox.persona_id)
        )
    assert supervisor_id is not None
    principal = Principal(
        account_id=seeded.account_id, username=username, roles=frozenset({Role.LEARNER})
    )
    return SkpWorld(services, clock, tmp_path, sandbox, principal, supervisor_id)


async def open_screen(app: TutorApp, pilot: Pilot[int], screen: Any) -> Any:
    """Push ``screen`` once the app is ready and let it load."""
    await settle(app, pilot)
    await app.push_screen(screen)
    await settle(app, pilot)
    return screen


async def fill(pilot: Pilot[int], widget: Input, value: str) -> None:
    """Set an input's value (typing itself is not under test) and let Changed be handled."""
    widget.value = value
    await pilot.pause()


def status_text(screen: Any) -> str:
    """What the screen's persistent status line says now."""
    return str(screen.query_one("#status", StatusLine).content)


def texts(widget: Any) -> list[str]:
    """The plain text of every option of an OptionList, in order."""
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
