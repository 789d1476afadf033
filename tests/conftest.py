"""Shared fixtures: a throwaway PostgreSQL server, fresh databases, fixed clocks."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.pg_server import PostgresServer, PostgresUnavailable

FIXED_NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # Fri 27 Nov 2026, 09:00 WIB


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL cluster per test process; fails loudly when it cannot start."""
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL could not be started for the tests: {error}", pytrace=False)
    yield server
    server.stop()


def _create_database(server: PostgresServer) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.url_for(name)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    return _create_database(pg_server)


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    return f"sqlite:///{tmp_path}/tutor.db"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/tutor.db"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return _create_database(server)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's real data directory or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("EKINERJA_TUTOR_HOME", str(home))
    monkeypatch.delenv("EKINERJA_TUTOR_DB", raising=False)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Say plainly how many tests ran against the real PostgreSQL server."""
    ran = [
        r
        for r in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if r.when == "call" and "postgres" in r.keywords
    ]
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "postgres" in r.keywords]
    terminalreporter.write_line(
        f"PostgreSQL: {len(ran)} tests ran against a throwaway server, {len(skipped)} skipped"
    )


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Any test that uses the PostgreSQL server is marked ``postgres`` (for the summary)."""
    for item in items:
        if {"pg_server", "pg_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)
