"""A regency-size office for ``bench scale``: thousands of employees, a year of daily entries.

The practice office is built the normal way (seeding, then darto's sandbox cloned from its
template), then grown inside that sandbox with SQLAlchemy Core bulk inserts: units of 25
people (a head and 24 staff), each person with one Progres Harian per working day of the
past year (≈ 215 per person, so 8,000 employees ≈ 1.7 million rows). The file is cached by
its parameters and reused until the generator's version changes.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck, JenisJabatan, UnitKind
from ekinerja_tutor.persistence.models import Account, DailyEntry, Person, Sandbox, Unit
from ekinerja_tutor.services.actors import SYSTEM
from ekinerja_tutor.settings import Settings

GENERATOR_VERSION = 1
PERSONA = "darto"
UNIT_SIZE = 25
DAYS_BACK = 365
CHUNK = 20_000
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@dataclass(frozen=True)
class Office:
    """A generated office on disk and who is who in it."""

    path: Path
    employees: int
    daily_rows: int
    account_id: int
    sandbox_id: int
    persona_id: int
    build_seconds: float

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


def cache_dir(home: Path | None = None) -> Path:
    base = home or Settings.resolve().home
    folder = base / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def office(employees: int, *, home: Path | None = None, rebuild: bool = False) -> Office:
    """The cached office for ``employees`` people, built when missing (or asked to)."""
    folder = cache_dir(home)
    stem = f"office-{employees}-v{GENERATOR_VERSION}"
    path, meta = folder / f"{stem}.db", folder / f"{stem}.json"
    if not rebuild and path.exists() and meta.exists():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return Office(path=path, **data)
    for leftover in folder.glob(f"{stem}.db*"):
        leftover.unlink()
    meta.unlink(missing_ok=True)
    built = _build(path, employees)
    fields = {k: v for k, v in built.__dict__.items() if k != "path"}
    meta.write_text(json.dumps(fields), encoding="utf-8")
    return built


def open_office(path: Path, home: Path) -> Services:
    settings = Settings(home=home, db_url=f"sqlite:///{path}", embedded=True)
    services = open_services(settings, upgrade=True)
    services.ctx.extras["password_hasher"] = CHEAP_HASHER
    return services


def _build(path: Path, employees: int) -> Office:
    started = time.perf_counter()
    services = open_office(path, path.parent)
    try:
        services.seeding.rebuild()
        with services.ctx.db.read() as session:
            account_id = session.scalar(select(Account.id).where(Account.persona_key == PERSONA))
        assert account_id is not None, "the practice accounts have no darto"
        view = services.sandboxes.ensure_for_account(SYSTEM, account_id)
        assert view.persona_id is not None
        rows = _grow(services, view.id, employees)
        with services.ctx.db.engine.execution_options(write=True).begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        services.close()
    return Office(
        path=path,
        employees=employees,
        daily_rows=rows,
        account_id=account_id,
        sandbox_id=view.id,
        persona_id=view.persona_id,
        build_seconds=round(time.perf_counter() - started, 1),
    )


def _grow(services: Services, sandbox_id: int, employees: int) -> int:
    """Add units, people and a year of entries until the sandbox has ``employees`` people."""
    ctx = services.ctx
    engine = ctx.db.engine.execution_options(write=True)
    with ctx.db.read() as session:
        sandbox = session.get(Sandbox, sandbox_id)
        assert sandbox is not None
        today = sandbox.today.date()
        have = session.scalar(select(func.count()).where(Person.sandbox_id == sandbox_id)) or 0
        persona = session.get(Person, sandbox.persona_id)
        assert persona is not None
        top = persona
        while top.supervisor_id is not None:
            boss = session.get(Person, top.supervisor_id)
            if boss is None or boss.simulated_external:
                break
            top = boss
        parent_unit = top.unit_id
    extra = max(0, employees - have)
    days = [
        d
        for d in (today - dt.timedelta(days=n) for n in range(DAYS_BACK, 0, -1))
        if ctx.calendar.is_working_day(d)
    ]
    units_needed = (extra + UNIT_SIZE - 1) // UNIT_SIZE
    with engine.begin() as conn:
        unit_ids: list[int] = []
        for u in range(units_needed):
            result = conn.execute(
                insert(Unit).values(
                    sandbox_id=sandbox_id,
                    code=f"BENCH-{u:04d}",
                    name=f"Seksi Uji Beban {u + 1}",
                    kind=UnitKind.SEKSI,
                    parent_id=parent_unit,
                    simulated_external=False,
                )
            )
            unit_ids.append(int(result.inserted_primary_key[0]))  # type: ignore[index]
        people: list[tuple[int, int | None]] = []  # (person id, supervisor id)
        made = 0
        for u, unit_id in enumerate(unit_ids):
            head_id: int | None = None
            for k in range(min(UNIT_SIZE, extra - made)):
                number = made + 1
                result = conn.execute(
                    insert(Person).values(
                        sandbox_id=sandbox_id,
                        key=f"bench-{number}",
                        nip=f"{199001012015011000 + number}"[:18],
                        name=f"Pegawai Uji {number}",
                        jabatan="Kepala Seksi Uji" if k == 0 else "Pengadministrasi Umum",
                        jenis_jabatan=JenisJabatan.STRUKTURAL if k == 0 else JenisJabatan.PELAKSANA,
                        status_kepegawaian="PNS",
                        golongan="III/a",
                        unit_id=unit_id,
                        supervisor_id=top.id if k == 0 else head_id,
                        is_unit_head=k == 0,
                        field_worker=False,
                        simulated_external=False,
                    )
                )
                pid = int(result.inserted_primary_key[0])  # type: ignore[index]
                if k == 0:
                    head_id = pid
                people.append((pid, head_id if k else top.id))
                made += 1
            del u
        rows = 0
        batch: list[dict[str, object]] = []
        recent = today - dt.timedelta(days=7)
        for pid, reviewer in people:
            for d in days:
                done = d < recent
                at = dt.datetime.combine(d, dt.time(15, 30))
                batch.append(
                    {
                        "sandbox_id": sandbox_id,
                        "person_id": pid,
                        "rencana_aksi_id": None,
                        "tanggal": d,
                        "jam_mulai": dt.time(8, 0),
                        "jam_selesai": dt.time(9, 30),
                        "kegiatan": f"Mengarsipkan surat dinas tanggal {d:%d-%m-%Y}",
                        "realisasi": 1 + d.day % 5,
                        "satuan": "surat",
                        "bukti_dukung": "",
                        "status": DailyStatus.DISETUJUI if done else DailyStatus.DIKIRIM,
                        "evidence_check": EvidenceCheck.BELUM_DIVERIFIKASI,
                        "quick_field_draft": False,
                        "created_at": at,
                        "submitted_at": at,
                        "on_time": True,
                        "reviewed_at": at + dt.timedelta(days=1) if done else None,
                        "reviewed_by_id": reviewer if done else None,
                        "version": 1,
                    }
                )
                if len(batch) >= CHUNK:
                    conn.execute(insert(DailyEntry), batch)
                    rows += len(batch)
                    batch = []
        if batch:
            conn.execute(insert(DailyEntry), batch)
            rows += len(batch)
    return rows
