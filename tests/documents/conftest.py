"""Fixtures for the printed documents: darto's sandbox in the seeded office (base scenario).

Sandbox today is Rabu, 13 Mei 2026; Q1 2026 is assessed (predikat Baik) and its recap valid.
The session's seeded office comes from ``tests/ui/workspace/conftest.py``; each test copies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.persistence.models import Person
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.daily_logs import DailyEntryView, DailyLogService
from ekinerja_tutor.services.documents.service import DocumentService
from tests.ui.workspace.conftest import LINK, Seeded, seeded  # noqa: F401  (fixture)
from tests.ui.workspace.skp_support import SkpWorld, make_world

HOSTILE = 'Rapat <script>alert(1)</script> [Bidang] [@click=app.quit]tutup[/] & "kutip"'
FORMULA = '=HYPERLINK("http://jahat.example","klik")'
TODAY = dt.date(2026, 5, 13)


@pytest.fixture
def world(
    seeded: Seeded,  # noqa: F811
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SkpWorld]:
    built = make_world(seeded, tmp_path, tmp_path_factory, "base")
    yield built
    built.services.close()


def documents(world: SkpWorld) -> DocumentService:
    return DocumentService(world.services.ctx)


def person_id(world: SkpWorld, key: str) -> int:
    with world.services.ctx.db.read() as session:
        found = session.scalar(
            select(Person.id).where(Person.sandbox_id == world.sandbox.id, Person.key == key)
        )
    assert found is not None, key
    return found


def seat_of(world: SkpWorld, key: str) -> Seat:
    """A colleague as the program plays them (a seat in the same sandbox)."""
    return Seat(SYSTEM, world.sandbox.id, person_id(world, key))


def send_entry(
    world: SkpWorld,
    kegiatan: str,
    *,
    start: str = "13:00",
    end: str = "14:00",
    satuan: str = "dokumen",
) -> DailyEntryView:
    """The learner writes and sends an entry for today (13 May 2026) through the services."""
    daily = DailyLogService(world.services.ctx)
    ra = world.rencana_aksi.for_month(world.seat, world.persona_id, 2026, 5).items[0].id
    form = DailyEntryInput(
        tanggal=TODAY,
        jam_mulai=dt.time.fromisoformat(start),
        jam_selesai=dt.time.fromisoformat(end),
        kegiatan=kegiatan,
        realisasi=3,
        satuan=satuan,
        bukti_dukung=LINK,
        rencana_aksi_id=ra,
    )
    draft = daily.save_draft(world.seat, None, form)
    return daily.submit(world.seat, draft.id)
