"""UI-test fixtures: a small database of accounts, a fixed clock and the app wired to both.

Accounts are written directly (ORM rows, cheap argon2) instead of ``seeding.rebuild()``, so
these tests do not depend on the whole office being buildable. The schema comes from the
models (``create_all``), the same tables the migrations build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.statuses import JenisJabatan, Role, UnitKind
from ekinerja_tutor.persistence.base import Base
from ekinerja_tutor.persistence.models import Account, AccountRole, Person, Sandbox, Unit
from ekinerja_tutor.settings import Settings
from ekinerja_tutor.ui.app import TutorApp
from tests.conftest import FIXED_NOW

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

LEARNER_NIP = "197205142008011009"
LEARNER_PASSWORD = "Latihan#2026a"
NEW_PASSWORD = "Sawah#Hijau2026x"
ADMIN_USERNAME = "admin.bkpsdm"
ADMIN_PASSWORD = "Admin#Latihan2026"
TRICKY_NAME = "Rapat [Bidang] [@click=app.quit]tutup[/]"


@dataclass
class World:
    services: Services
    clock: FixedClock
    learner_id: int
    admin_id: int

    def account(self, account_id: int) -> Account:
        with self.services.ctx.db.read() as session:
            account = session.get(Account, account_id)
            assert account is not None
            session.expunge(account)
            return account


def add_account(
    services: Services,
    username: str,
    password: str,
    *,
    display_name: str,
    roles: tuple[Role, ...] = (Role.LEARNER,),
    alias: str | None = None,
    nip: str | None = None,
    must_change_password: bool = True,
    practice_phone: bool = False,
) -> int:
    with services.ctx.db.write() as session:
        account = Account(
            username=username,
            alias=alias,
            nip=nip,
            display_name=display_name,
            password_hash=CHEAP_HASHER.hash(password),
            must_change_password=must_change_password,
            totp_practice_phone=practice_phone,
            created_at=services.ctx.now(),
        )
        account.roles = [AccountRole(role=role) for role in roles]
        session.add(account)
        session.flush()
        return account.id


def add_sandbox(services: Services, account_id: int, *, persona_name: str) -> None:
    """A bare sandbox with one unit and the persona (enough for the home screen)."""
    with services.ctx.db.write() as session:
        sandbox = Sandbox(
            account_id=account_id,
            label="t",
            scenario="base",
            persona_key="darto",
            today=dt.datetime(2026, 11, 27, 9, 0),
            created_at=services.ctx.now(),
        )
        session.add(sandbox)
        session.flush()
        unit = Unit(
            sandbox_id=sandbox.id,
            code="UMPEG",
            kind=UnitKind.SUBBAGIAN,
            name="Subbagian Umum dan Kepegawaian",
        )
        session.add(unit)
        session.flush()
        person = Person(
            sandbox_id=sandbox.id,
            key="darto",
            nip=LEARNER_NIP,
            name=persona_name,
            jabatan="Pengadministrasi Umum",
            jenis_jabatan=JenisJabatan.PELAKSANA,
            unit_id=unit.id,
        )
        session.add(person)
        session.flush()
        sandbox.persona_id = person.id


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> Iterator[World]:
    settings = Settings(home=tmp_path, db_url=f"sqlite:///{tmp_path}/t.db", embedded=True)
    services = open_services(settings, clock=clock, upgrade=False)
    Base.metadata.create_all(services.ctx.db.engine)
    services.ctx.extras["password_hasher"] = CHEAP_HASHER
    learner = add_account(
        services,
        LEARNER_NIP,
        LEARNER_PASSWORD,
        display_name="Sudarto",
        alias="darto",
        nip=LEARNER_NIP,
        practice_phone=True,
    )
    add_sandbox(services, learner, persona_name="Sudarto")
    admin = add_account(
        services,
        ADMIN_USERNAME,
        ADMIN_PASSWORD,
        display_name="Admin BKPSDM",
        roles=(Role.ADMIN,),
        must_change_password=False,
    )
    yield World(services=services, clock=clock, learner_id=learner, admin_id=admin)
    services.close()


MakeApp = Callable[..., TutorApp]
"""``make_app(idle_timeout=…)``: the app wired to the test database and clock."""


@pytest.fixture
def make_app(world: World) -> MakeApp:
    def make(idle_timeout: float = 15 * 60, idle_warning: float = 60) -> TutorApp:
        return TutorApp(
            services=world.services,
            clock=world.clock,
            idle_timeout=idle_timeout,
            idle_warning=idle_warning,
        )

    return make
