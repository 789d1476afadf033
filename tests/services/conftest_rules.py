"""Fixtures for the daily-log, review, results and recap tests: explicit rules and a year of work.

The service context normally loads the office's regional rules and holidays from content;
these tests pin them instead (``RegionalRules()`` defaults and a small holiday list), so a change
in the shipped content cannot change what they check. Import the fixtures by name.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import (
    Aspek,
    Pendekatan,
    RhkJenis,
    RhkKlasifikasi,
    SkpStatus,
)
from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import (
    AuditEvent,
    Iki,
    PeriodUnlock,
    RencanaAksi,
    Rhk,
    Sandbox,
    Skp,
)
from ekinerja_tutor.services.context import ServiceContext
from tests.conftest import FIXED_NOW
from tests.factories import MiniOffice, build_mini_office
from tests.once import once_per_process

YEAR = 2026
HOLIDAYS: dict[dt.date, str] = {
    dt.date(2026, 11, 25): "Libur daerah (contoh)",
    dt.date(2026, 12, 25): "Hari Raya Natal",
}
STAFF = ("kadis", "sekretaris", "kasubag", "ani", "budi", "kabid", "citra", "dedi")
LINK = "https://drive.latihan.local/d/abc123"


def pin_rules(ctx: ServiceContext, rules: RegionalRules | None = None) -> ServiceContext:
    """Give ``ctx`` explicit rules and calendar (overriding the cached content loaders)."""
    rules = rules or RegionalRules()
    ctx.__dict__["rules"] = rules
    ctx.__dict__["calendar"] = WorkCalendar(
        holidays=HOLIDAYS, working_weekdays=rules.working_weekdays
    )
    return ctx


@dataclass
class Work:
    """The mini office plus, for every person, an approved SKP with two IKIs and a Rencana
    Aksi per month (on the first IKI) and one extra for November on the second IKI."""

    office: MiniOffice
    iki: dict[str, list[int]] = field(default_factory=dict)
    ra: dict[tuple[str, int], int] = field(default_factory=dict)  # (person, month) -> id
    ra_second: dict[str, int] = field(default_factory=dict)  # November, second IKI

    def pid(self, key: str) -> int:
        return self.office.persons[key]


def build_work(ctx: ServiceContext, **office_args: Any) -> Work:
    with ctx.db.write() as session:
        office = build_mini_office(session, **office_args)
        work = Work(office)
        for key in STAFF:
            skp = Skp(
                sandbox_id=office.sandbox_id,
                person_id=office.persons[key],
                year=YEAR,
                period_start=dt.date(YEAR, 1, 1),
                period_end=dt.date(YEAR, 12, 31),
                pendekatan=Pendekatan.KUANTITATIF,
                status=SkpStatus.DISETUJUI,
            )
            session.add(skp)
            session.flush()
            rhk = Rhk(
                sandbox_id=office.sandbox_id,
                skp_id=skp.id,
                text=f"RHK {key}",
                jenis=RhkJenis.UTAMA,
                klasifikasi=RhkKlasifikasi.INDIVIDU,
            )
            session.add(rhk)
            session.flush()
            ikis = [
                Iki(
                    sandbox_id=office.sandbox_id,
                    rhk_id=rhk.id,
                    position=i,
                    text=f"Jumlah dokumen {key} {i}",
                    aspek=Aspek.KUANTITAS,
                    target=12,
                    satuan="Dokumen",
                )
                for i in range(2)
            ]
            session.add_all(ikis)
            session.flush()
            work.iki[key] = [i.id for i in ikis]
            for month in range(1, 13):
                ra = RencanaAksi(
                    sandbox_id=office.sandbox_id,
                    rhk_id=rhk.id,
                    iki_id=ikis[0].id,
                    year=YEAR,
                    month=month,
                    text=f"Rencana aksi {key} {month}",
                )
                session.add(ra)
                session.flush()
                work.ra[(key, month)] = ra.id
            extra = RencanaAksi(
                sandbox_id=office.sandbox_id,
                rhk_id=rhk.id,
                iki_id=ikis[1].id,
                year=YEAR,
                month=11,
                text=f"Rencana aksi kedua {key}",
            )
            session.add(extra)
            session.flush()
            work.ra_second[key] = extra.id
        return work


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Work]:
    """A migrated SQLite file holding the office and its work, built once per test session."""
    return _template(tmp_path_factory)


@once_per_process
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Work]:
    """Once per test process: each test module binds ``sqlite_template`` under its own name,
    and pytest keeps a session fixture per binding."""
    path = tmp_path_factory.mktemp("template") / "tutor.db"
    db = Database(make_engine(f"sqlite:///{path}"))
    migrate.upgrade(db)
    work = build_work(pin_rules(ServiceContext(db=db, clock=FixedClock(FIXED_NOW))))
    db.dispose()
    return path, work


@pytest.fixture
def rctx(sqlite_template: tuple[Path, Work], tmp_path: Path) -> Iterator[ServiceContext]:
    """SQLite context with pinned rules, on a fresh copy of the template database."""
    target = tmp_path / "tutor.db"
    shutil.copyfile(sqlite_template[0], target)
    db = Database(make_engine(f"sqlite:///{target}"))
    yield pin_rules(ServiceContext(db=db, clock=FixedClock(FIXED_NOW)))
    db.dispose()


@pytest.fixture
def any_rctx(any_ctx: ServiceContext) -> ServiceContext:
    """SQLite and PostgreSQL contexts with pinned rules."""
    return pin_rules(any_ctx)


@pytest.fixture
def work(rctx: ServiceContext, sqlite_template: tuple[Path, Work]) -> Work:
    """The template's office and work (the copy has the same ids)."""
    return copy.deepcopy(sqlite_template[1])


@pytest.fixture
def any_work(any_rctx: ServiceContext) -> Work:
    return build_work(any_rctx)


def form(
    ra_id: int | None,
    day: dt.date = dt.date(2026, 11, 26),
    start: dt.time = dt.time(8, 0),
    end: dt.time = dt.time(10, 0),
    *,
    kegiatan: str = "Menyusun laporan bulanan",
    realisasi: int = 1,
    satuan: str = "Dokumen",
    bukti: str = LINK,
) -> DailyEntryInput:
    return DailyEntryInput(
        tanggal=day,
        jam_mulai=start,
        jam_selesai=end,
        kegiatan=kegiatan,
        realisasi=realisasi,
        satuan=satuan,
        bukti_dukung=bukti,
        rencana_aksi_id=ra_id,
    )


def set_today(ctx: ServiceContext, office: MiniOffice, when: dt.datetime) -> None:
    """Move the sandbox clock (as the learner or trainer would)."""
    with ctx.db.write() as session:
        sandbox = session.get(Sandbox, office.sandbox_id)
        assert sandbox is not None
        sandbox.today = when


def unlock_month(
    ctx: ServiceContext,
    office: MiniOffice,
    year: int,
    month: int,
    *,
    until: dt.datetime,
    person_id: int | None = None,
) -> None:
    with ctx.db.write() as session:
        session.add(
            PeriodUnlock(
                sandbox_id=office.sandbox_id,
                person_id=person_id,
                year=year,
                month=month,
                until=until,
            )
        )


def audit_events(ctx: ServiceContext, entity: str, entity_id: int | None = None) -> list[Any]:
    with ctx.db.read() as session:
        query = select(AuditEvent).where(AuditEvent.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEvent.entity_id == entity_id)
        return list(session.scalars(query.order_by(AuditEvent.id)))
