"""Fixtures for the simulated-colleague tests: a real built sandbox, and helpers for rules.

Building a sandbox's year takes ~10 s, so the base scenario for the persona ``darto`` is built
once per test session into a SQLite file; each test gets a fresh copy of that file. Import the
fixtures by name (see the test modules).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import Account, AuditEvent, Person, Sandbox
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.sandboxes import SandboxService, SandboxView
from tests.conftest import FIXED_NOW
from tests.once import once_per_process


@dataclass
class Built:
    """Where the built sandbox lives and who is who in it."""

    path: Path
    sandbox_id: int
    account_id: int
    people: dict[str, int]  # person key -> id


@dataclass
class World:
    """A copy of the built sandbox, opened."""

    ctx: ServiceContext
    sandbox_id: int
    account_id: int
    people: dict[str, int]

    @property
    def principal(self) -> Principal:
        return Principal(account_id=self.account_id, username="darto")

    def seat(self, key: str = "darto") -> Seat:
        """The learner sitting as ``key`` (their persona, or its supervisor)."""
        return Seat(self.principal, self.sandbox_id, self.people[key])

    def system(self, key: str) -> Seat:
        return Seat(SYSTEM, self.sandbox_id, self.people[key])

    def move(self, move: str = "next_day", target: dt.date | None = None) -> SandboxView:
        return SandboxService(self.ctx).move_own_clock(
            self.principal, self.sandbox_id, move=move, target=target
        )

    def today(self) -> dt.datetime:
        with self.ctx.db.read() as session:
            sandbox = session.get(Sandbox, self.sandbox_id)
            assert sandbox is not None
            return sandbox.today


@pytest.fixture(scope="session")
def built_darto(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The base scenario for ``darto`` (13 May 2026), built once per session."""
    return _build_darto(tmp_path_factory)


@once_per_process
def _build_darto(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Once per test process: each test module binds ``built_darto`` under its own name,
    and pytest keeps a session fixture per binding."""
    path = tmp_path_factory.mktemp("built") / "tutor.db"
    db = Database(make_engine(f"sqlite:///{path}"))
    migrate.upgrade(db)
    ctx = ServiceContext(db=db, clock=FixedClock(FIXED_NOW))
    with db.write() as session:
        account = Account(
            username="darto",
            display_name="Sudarto",
            password_hash="x",
            persona_key="darto",
            created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        session.add(account)
        session.flush()
        account_id = account.id
    view = SandboxService(ctx).create(SYSTEM, account_id, persona_key="darto")
    with db.read() as session:
        people = {
            p.key: p.id for p in session.scalars(select(Person).where(Person.sandbox_id == view.id))
        }
    db.dispose()
    return Built(path, view.id, account_id, people)


@pytest.fixture
def world(built_darto: Built, tmp_path: Path) -> Iterator[World]:
    """A fresh copy of the built sandbox."""
    target = tmp_path / "tutor.db"
    shutil.copyfile(built_darto.path, target)
    db = Database(make_engine(f"sqlite:///{target}"))
    yield World(
        ServiceContext(db=db, clock=FixedClock(FIXED_NOW)),
        built_darto.sandbox_id,
        built_darto.account_id,
        dict(built_darto.people),
    )
    db.dispose()


def set_simulation(
    ctx: ServiceContext, sandbox_id: int, rules: dict[str, dict[str, Any]], *, replace: bool = False
) -> None:
    """Give people simulation rules, as a scenario's ``simulate`` steps would."""
    with ctx.db.write() as session:
        sandbox = session.get(Sandbox, sandbox_id)
        assert sandbox is not None
        current = {} if replace else dict(sandbox.simulation or {})
        for key, rule in rules.items():
            current[key] = {**current.get(key, {}), **rule}
        sandbox.simulation = current


def events(
    ctx: ServiceContext, sandbox_id: int, *, entity: str, entity_id: int, action: str | None = None
) -> list[AuditEvent]:
    with ctx.db.read() as session:
        query = select(AuditEvent).where(
            AuditEvent.sandbox_id == sandbox_id,
            AuditEvent.entity == entity,
            AuditEvent.entity_id == entity_id,
        )
        if action is not None:
            query = query.where(AuditEvent.action == action)
        return list(session.scalars(query.order_by(AuditEvent.id)))
