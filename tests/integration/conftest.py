"""A real practice database with built sandboxes, made once per test process and copied.

Building a sandbox's year through the services takes ~10 s; afterwards sandboxes of the same
scenario and persona are cloned from its template in well under a second. So each engine gets
one built database per session, and SQLite tests get their own copy of the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence.models import Account, AccountRole
from ekinerja_tutor.services.actors import SYSTEM
from ekinerja_tutor.settings import Settings
from tests.conftest import FIXED_NOW, _create_database
from tests.once import once_per_process
from tests.pg_server import PostgresServer

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
LEARNERS = ("darto", "darto2")  # two learners playing the same persona: one template


@dataclass
class Built:
    url: str
    home: Path


def open_built(url: str, home: Path) -> Services:
    services = open_services(
        Settings(home=home, db_url=url, embedded=url.startswith("sqlite")),
        clock=FixedClock(FIXED_NOW),
        upgrade=True,
    )
    services.ctx.extras["password_hasher"] = CHEAP_HASHER
    return services


def build(url: str, home: Path) -> None:
    services = open_built(url, home)
    try:
        services.seeding.rebuild()
        with services.ctx.db.write() as session:
            darto = session.scalar(select(Account).where(Account.alias == "darto"))
            assert darto is not None
            twin = Account(
                username="darto2",
                display_name="Sudarto (kelas 2)",
                persona_key="darto",
                password_hash=darto.password_hash,
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
            twin.roles = [AccountRole(role=Role.LEARNER)]
            session.add(twin)
        for username in ("197205142008011009", "darto2"):
            services.sandboxes.ensure_for_username(SYSTEM, username)
    finally:
        services.close()


@pytest.fixture(scope="session")
def built_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _built_sqlite(tmp_path_factory)


@pytest.fixture(scope="session")
def built_pg(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _built_pg(pg_server, tmp_path_factory)


# Once per test process: other conftests and modules bind these fixtures under their own
# names, and pytest keeps a session fixture per binding (each built the database again).
@once_per_process
def _built_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Built:
    home = tmp_path_factory.mktemp("built")
    url = f"sqlite:///{home}/tutor.db"
    build(url, home)
    return Built(url, home)


@once_per_process
def _built_pg(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Built:
    url = _create_database(pg_server)
    build(url, tmp_path_factory.mktemp("built-pg"))
    return Built(url, tmp_path_factory.mktemp("pg-home"))


@pytest.fixture
def sqlite_services(built_sqlite: Built, tmp_path: Path) -> Iterator[Services]:
    """A private copy of the built SQLite database."""
    db_file = tmp_path / "tutor.db"
    shutil.copy(built_sqlite.home / "tutor.db", db_file)
    services = open_built(f"sqlite:///{db_file}", tmp_path)
    yield services
    services.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def built_services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """The built database on each engine (PostgreSQL's is shared: tests must not collide)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_services")
        return
    built: Built = request.getfixturevalue("built_pg")
    services = open_built(built.url, tmp_path)
    yield services
    services.close()
