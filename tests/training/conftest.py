"""Training-room fixtures: the built practice database (SQLite copy / shared PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from ekinerja_tutor.bootstrap import Services
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.training_results import TrainingResultsService
from tests.integration.conftest import (  # noqa: F401  (fixtures)
    built_pg,
    built_services,
    built_sqlite,
    sqlite_services,
)
from tests.ui.workspace.conftest import make_app, seeded, ws  # noqa: F401  (fixtures)

TRAINER = Principal(account_id=None, username="pelatih", roles=frozenset({Role.TRAINER}))
LEARNER = Principal(account_id=None, username="peserta", roles=frozenset({Role.LEARNER}))


def nip(n: int) -> str:
    """A well-formed NIP (born 1985-03-15, CPNS 2010-01, male), sequence ``n``."""
    return f"19850315201001100{n % 10}" if n < 10 else f"1985031520100110{n:02d}"


def csv_bytes(
    rows: Sequence[Sequence[str]], *, delimiter: str = ";", encoding: str = "utf-8"
) -> bytes:
    header = delimiter.join(("Nama", "NIP", "Jabatan"))
    lines = [header] + [delimiter.join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def training(sqlite_services: Services) -> Iterator[TrainingResultsService]:  # noqa: F811
    sqlite_services.ctx.extras["practice_slowness_scale"] = 0.0
    yield TrainingResultsService(sqlite_services.ctx)


@pytest.fixture
def any_training(built_services: Services) -> Iterator[TrainingResultsService]:  # noqa: F811
    built_services.ctx.extras["practice_slowness_scale"] = 0.0
    yield TrainingResultsService(built_services.ctx)
