"""Service-test fixtures: a migrated database on each engine and a mini office in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from tests.conftest import FIXED_NOW
from tests.factories import MiniOffice, build_mini_office


def _migrated(url: str) -> Database:
    db = Database(make_engine(url))
    migrate.upgrade(db)
    return db


@pytest.fixture
def ctx(sqlite_url: str) -> Iterator[ServiceContext]:
    """A service context on a fresh, migrated SQLite database (fast; most tests)."""
    db = _migrated(sqlite_url)
    yield ServiceContext(db=db, clock=FixedClock(FIXED_NOW))
    db.dispose()


@pytest.fixture
def any_ctx(db_url: str) -> Iterator[ServiceContext]:
    """The same on SQLite and on PostgreSQL (for rules that depend on the engine)."""
    db = _migrated(db_url)
    yield ServiceContext(db=db, clock=FixedClock(FIXED_NOW))
    db.dispose()


@pytest.fixture
def office(ctx: ServiceContext) -> MiniOffice:
    with ctx.db.write() as session:
        return build_mini_office(session)


def learner(office: MiniOffice, person: str = "ani") -> Seat:
    """The learner's account sitting as ``person`` (their persona or its supervisor)."""
    principal = Principal(account_id=office.account_id, username="ani")
    return Seat(principal, office.sandbox_id, office.persons[person])


def simulated(office: MiniOffice, person: str) -> Seat:
    """The program playing ``person`` (a simulated colleague)."""
    return Seat(SYSTEM, office.sandbox_id, office.persons[person])
