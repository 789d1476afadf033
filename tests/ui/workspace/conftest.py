"""Workspace fixtures: one seeded office built per test session, copied for every test.

Building a sandbox year takes ~10 s; it happens once (``seeded``). Each test gets its own copy
of the SQLite file, its own home folder (autosaved drafts) and a fixed clock, and starts the app
signed in as the learner who plays "darto" (Sudarto) — sandbox today: Rabu, 13 Mei 2026.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Select

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.persistence.base import Base
from ekinerja_tutor.persistence.models import Account
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.settings import Settings
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from tests.once import once_per_process

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
SEED_NOW = dt.datetime(2026, 5, 13, 2, 0, tzinfo=dt.UTC)  # Wed 13 May 2026, 09:00 WIB
PERSONA = "darto"
TRICKY = "Rapat [Bidang] [@click=app.quit]tutup[/]"
LINK = "https://drive.google.com/drive/folders/abc123"


@dataclass(frozen=True)
class Seeded:
    """The seeded database file (engine closed) and who is who in it."""

    path: Path
    account_id: int
    sandbox_id: int
    persona_id: int
    supervisor_id: int
    today: dt.datetime


def _open(home: Path, db: Path, clock: FixedClock) -> Services:
    settings = Settings(home=home, db_url=f"sqlite:///{db}", embedded=True)
    # The schema from the models (the same tables the migrations build; see tests/ui/conftest).
    services = open_services(settings, clock=clock, upgrade=False)
    Base.metadata.create_all(services.ctx.db.engine)
    services.ctx.extras["password_hasher"] = CHEAP_HASHER
    return services


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return _seed(tmp_path_factory)


@once_per_process
def _seed(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """Once per test process: several conftests bind ``seeded`` under their own name, and
    pytest keeps a session fixture per binding (each built the office again, ~10 s)."""
    home = tmp_path_factory.mktemp("seeded")
    db = home / "seed.db"
    services = _open(home, db, FixedClock(SEED_NOW))
    try:
        services.seeding.rebuild()
        with services.ctx.db.read() as session:
            account_id = session.scalar(select(Account.id).where(Account.persona_key == PERSONA))
        assert account_id is not None
        view = services.sandboxes.ensure_for_account(SYSTEM, account_id)
        from ekinerja_tutor.services.workspace_reads import WorkspaceReadService

        supervisor = WorkspaceReadService(services.ctx).persona_supervisor(SYSTEM, view.id)
        assert view.persona_id is not None and supervisor is not None
    finally:
        services.close()  # disposing the engine checkpoints the WAL into the file
    return Seeded(db, account_id, view.id, view.persona_id, supervisor, view.today)


@dataclass
class WsWorld:
    """One test's copy of the seeded office."""

    services: Services
    clock: FixedClock
    seeded: Seeded
    home: Path

    @property
    def daily(self) -> DailyLogService:
        return DailyLogService(self.services.ctx)

    @property
    def persona_seat(self) -> Seat:
        return Seat(SYSTEM, self.seeded.sandbox_id, self.seeded.persona_id)

    @property
    def supervisor_seat(self) -> Seat:
        return Seat(SYSTEM, self.seeded.sandbox_id, self.seeded.supervisor_id)

    def reopen(self) -> None:
        """A new process on the same files: close the engine, open it again."""
        self.services.close()
        self.services = _open(self.home, self.home / "t.db", self.clock)


@pytest.fixture
def ws(seeded: Seeded, tmp_path: Path) -> Iterator[WsWorld]:
    shutil.copy(seeded.path, tmp_path / "t.db")
    clock = FixedClock(SEED_NOW)
    world = WsWorld(_open(tmp_path, tmp_path / "t.db", clock), clock, seeded, tmp_path)
    yield world
    world.services.close()


MakeApp = Callable[[], TutorApp]


@pytest.fixture
def make_app(ws: WsWorld) -> MakeApp:
    def make() -> TutorApp:
        return TutorApp(services=ws.services, clock=ws.clock)

    return make


async def settle(app: TutorApp, pilot: Pilot[int], rounds: int = 4) -> None:
    """Let thread workers finish and their messages be handled."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def signed_in(app: TutorApp, pilot: Pilot[int], ws: WsWorld) -> DashboardScreen:
    """Sign the learner in (as after the second factor) and wait for the dashboard."""
    await pilot.pause()
    app.sign_in(app.auth.principal_for(ws.seeded.account_id), "Sudarto")
    for _ in range(20):
        await settle(app, pilot, 1)
        if isinstance(app.screen, DashboardScreen) and app.screen.view is not None:
            return app.screen
    raise AssertionError(f"no dashboard, but {app.screen!r}")


async def open_week(app: TutorApp, pilot: Pilot[int], ws: WsWorld) -> DailyWeekScreen:
    """From a fresh sign-in to the weekly view (the dashboard's choice 1)."""
    await signed_in(app, pilot, ws)
    await pilot.press("1")
    await settle(app, pilot)
    assert isinstance(app.screen, DailyWeekScreen)
    assert app.screen.week is not None
    return app.screen


async def open_new_form(app: TutorApp, pilot: Pilot[int], ws: WsWorld) -> DailyFormScreen:
    """Weekly view, then "Kegiatan baru hari ini"; waits for the Rencana Aksi picker."""
    week = await open_week(app, pilot, ws)
    await pilot.click("#new-entry")
    await settle(app, pilot)
    assert isinstance(app.screen, DailyFormScreen), week
    return app.screen


def rencana_aksi_ids(ws: WsWorld, year: int = 2026, month: int = 5) -> list[int]:
    view = RencanaAksiService(ws.services.ctx).for_month(
        ws.persona_seat, ws.seeded.persona_id, year, month
    )
    return [item.id for item in view.items]


def fill_form(form: DailyFormScreen, ra_id: int | None = None, **values: str) -> None:
    """Set the inputs directly (typing itself is tested in the autosave test)."""
    if ra_id is not None:
        form.query_one("#f-rencana_aksi_id", Select).value = ra_id
    for name, value in values.items():
        form.query_one(f"#f-{name}", Input).value = value


GOOD_ENTRY = {
    "jam_mulai": "08:00",
    "jam_selesai": "09:30",
    "kegiatan": "Mengagendakan 12 surat masuk dan meneruskannya ke Sekretaris",
    "realisasi": "12",
    "satuan": "surat",
    "bukti_dukung": LINK,
}


async def press(app: TutorApp, pilot: Pilot[int], selector: str) -> None:
    """Focus a button (scrolling it into view, as Tab does) and press Enter on it."""
    button = app.screen.query_one(selector)
    button.focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(app, pilot)
