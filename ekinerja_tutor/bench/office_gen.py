"""A regency-size office for ``bench scale``: thousands of employees, a year of daily entries.

The practice office is built the normal way (seeding, then darto's sandbox cloned from its
template), then grown inside that sandbox with SQLAlchemy Core bulk inserts: units of 25
people (a head and 24 staff), each person with one Progres Harian per working day of the
past year (≈ 215 per person, so 8,000 employees ≈ 1.7 million rows). The file is cached by
its parameters and reused until the generator's version changes.

A second, cheaper step (:func:`top_up`, versioned on its own as :data:`TOPUP_VERSION` in the
office's ``.json``) gives the office the help desk's and the training room's load: every grown
employee gets a learner account, sits in a training session of 30 (run by the trainer
``dimas``) with lesson progress, and one employee in ten has raised a help-desk ticket. It runs
once per cached file and version (and as part of a fresh build), so the expensive office is
never rebuilt for it; a new version replaces the rows of the one before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Connection, delete, func, insert, select, update

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    EvidenceCheck,
    JenisJabatan,
    Role,
    UnitKind,
)
from ekinerja_tutor.domain.tickets import OPEN_STATUSES, Category, Priority, TicketStatus
from ekinerja_tutor.persistence.models import (
    Account,
    AccountRole,
    DailyEntry,
    LessonProgress,
    LessonStatus,
    LessonStepRecord,
    Person,
    Sandbox,
    Ticket,
    TicketEvent,
    TicketMessage,
    TrainingEnrolment,
    TrainingSession,
    Unit,
)
from ekinerja_tutor.services.actors import SYSTEM
from ekinerja_tutor.settings import Settings

GENERATOR_VERSION = 1
TOPUP_VERSION = 2
"""Version of :func:`top_up` (help desk and training room), recorded in the office's .json; a
file with an older one is topped up again (2: ticket statuses in exact proportions)."""
PERSONA = "darto"
LEARNER = "darto"
"""The learner the bench signs in as (alias); plays PERSONA in the grown sandbox."""
MENTOR = "lestari"
"""The mentor the bench signs in as (alias of ``mentor.lestari``); owns part of the queue."""
TRAINER = "dimas"
"""The trainer the bench signs in as (alias); runs every generated training session."""
UNIT_SIZE = 25
DAYS_BACK = 365
CHUNK = 20_000
EMPLOYEES_PER_TICKET = 10
SESSION_SIZE = 30
SESSION_LESSONS = 4
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
    topup: int = 0
    """The :data:`TOPUP_VERSION` the file has had (0: none yet)."""
    trainees: int = 0
    training_sessions: int = 0
    tickets: int = 0
    topup_seconds: float = 0.0

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
        found = Office(path=path, **data)
    else:
        for leftover in folder.glob(f"{stem}.db*"):
            leftover.unlink()
        meta.unlink(missing_ok=True)
        found = _build(path, employees)
        _write_meta(meta, found)
    if found.topup != TOPUP_VERSION:
        found = top_up(found)
        _write_meta(meta, found)
    return found


def _write_meta(meta: Path, built: Office) -> None:
    fields = {k: v for k, v in built.__dict__.items() if k != "path"}
    meta.write_text(json.dumps(fields), encoding="utf-8")


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


# -- the help desk's and the training room's load (top-up) -----------------------------------

TRAINEE_PASSWORD = "Latihan#2026t"
"""One practice password for every generated trainee (hashed once, cheaply)."""

QUESTIONS: dict[Category, tuple[str, ...]] = {
    Category.LOGIN_OTP: (
        "Kode OTP dari aplikasi authenticator selalu ditolak, padahal jam HP sudah benar.",
        "Akun saya terkunci setelah salah kata sandi, bagaimana membukanya?",
    ),
    Category.SKP: (
        "Rencana hasil kerja SKP saya belum bisa diajukan ke atasan, tombolnya abu-abu.",
        "Indikator kinerja individu tidak muncul di SKP setelah disimpan.",
    ),
    Category.RENCANA_AKSI: (
        "Rencana aksi bulan ini tidak bisa ditambah, muncul pesan periode sudah ditutup.",
        "Target rencana aksi triwulan berbeda dengan yang di SKP.",
    ),
    Category.HARIAN: (
        "Progres harian kemarin lupa saya kirim, apakah masih bisa diisi hari ini?",
        "Kegiatan harian yang sudah dikirim ingin saya ubah jamnya.",
    ),
    Category.BUKTI: (
        "Bukti dukung foto kegiatan gagal diunggah, ukurannya 3 MB.",
        "Tautan bukti dukung dari drive kantor dinyatakan tidak valid.",
    ),
    Category.PENILAIAN: (
        "Atasan belum menilai progres harian saya sejak minggu lalu.",
        "Nilai perilaku kerja saya kosong di rekap bulanan.",
    ),
    Category.REKAP: (
        "Rekap bulanan menunjukkan realisasi nol padahal semua harian disetujui.",
        "Cetak rekap kinerja tidak memuat tanda tangan atasan.",
    ),
    Category.LAMBAT_ERROR: (
        "Halaman progres harian lambat sekali setiap pukul 15.00.",
        "Muncul pesan galat saat menyimpan, lalu data saya hilang.",
    ),
    Category.SARAN: (
        "Usul: tombol salin kegiatan kemarin supaya tidak mengetik ulang.",
        "Usul: pengingat jika progres harian belum dikirim sebelum pukul 16.00.",
    ),
    Category.LAINNYA: (
        "Nama jabatan saya di profil masih jabatan lama.",
        "Bagaimana cara mengganti atasan langsung di aplikasi?",
    ),
}

REPLIES = (
    "Silakan coba keluar lalu masuk lagi, kemudian ulangi langkahnya.",
    "Sudah kami cek: datanya tersimpan, hanya tampilannya yang belum diperbarui.",
    "Mohon kirim tangkapan layar pesan galatnya agar bisa kami teruskan.",
    "Langkahnya ada di pelajaran; buka F5 lalu pilih langkah yang sama.",
)

STATUS_WEIGHTS: tuple[tuple[TicketStatus, int], ...] = (
    (TicketStatus.DITUTUP, 58),
    (TicketStatus.SELESAI, 8),
    (TicketStatus.DIGABUNG, 2),
    (TicketStatus.DIBUKA, 14),
    (TicketStatus.BARU, 8),
    (TicketStatus.MENUNGGU_PESERTA, 6),
    (TicketStatus.MENUNGGU_PIHAK_LAIN, 4),
)
"""A help desk that keeps up: most tickets closed, about a third of them still open."""

PRIORITY_WEIGHTS: tuple[tuple[Priority, int], ...] = (
    (Priority.RENDAH, 15),
    (Priority.NORMAL, 65),
    (Priority.TINGGI, 15),
    (Priority.MENDESAK, 5),
)


def top_up(found: Office) -> Office:
    """Give ``found`` the help desk's and the training room's rows of :data:`TOPUP_VERSION`.

    Replaces what an earlier top-up made (tickets, sessions, lesson progress of the generated
    trainees; their accounts are kept, so nothing else pointing at them is touched), all in
    one write transaction: an interrupted run leaves the file as it was, and two processes
    topping up one file in turn leave one set of rows.
    """
    started = time.perf_counter()
    services = open_office(found.path, found.path.parent)
    try:
        counts = _add_desk_and_room(services, found)
        # The staff the bench signs in as get their sandboxes now, so signing in only reads.
        with services.ctx.db.read() as session:
            staff = session.scalars(
                select(Account.id).where(Account.alias.in_((MENTOR, TRAINER)))
            ).all()
        for account_id in staff:
            services.sandboxes.ensure_for_account(SYSTEM, account_id)
        with services.ctx.db.engine.execution_options(write=True).begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        services.close()
    return dataclasses.replace(
        found,
        topup=TOPUP_VERSION,
        trainees=counts["trainees"],
        training_sessions=counts["training_sessions"],
        tickets=counts["tickets"],
        topup_seconds=round(time.perf_counter() - started, 1),
    )


def _add_desk_and_room(services: Services, found: Office) -> dict[str, int]:
    ctx = services.ctx
    now = ctx.now()
    rng = random.Random(found.employees)
    with ctx.db.read() as session:
        people = session.execute(
            select(Person.nip, Person.name, Person.jabatan)
            .where(Person.sandbox_id == found.sandbox_id, Person.key.like("bench-%"))
            .order_by(Person.id)
        ).all()
        staff = dict(
            session.execute(
                select(Account.alias, Account.id).where(Account.alias.in_((MENTOR, TRAINER)))
            ).all()
        )
        mentors = list(
            session.scalars(
                select(Account.id)
                .join(AccountRole, AccountRole.account_id == Account.id)
                .where(AccountRole.role == Role.MENTOR)
                .order_by(Account.id)
            )
        )
    from ekinerja_tutor.content.office import load_office
    from ekinerja_tutor.services.lessons import LessonService
    from ekinerja_tutor.services.training_import import persona_for

    persona_key, _ = persona_for(load_office(ctx.content_root), None)
    library = LessonService(ctx).library
    lessons = [library.get(i, "id") for i in library.ordered_ids()[:SESSION_LESSONS]]
    with ctx.db.write() as session:
        conn = session.connection()
        trainee_ids = _trainee_accounts(conn, people, persona_key, now)
        _clear_desk_and_room(conn, trainee_ids)
        labels: dict[int, str] = dict(conn.execute(select(Account.id, Account.username)).all())
        sessions = _add_sessions(
            conn, rng, now, staff[TRAINER], trainee_ids, [p.jabatan for p in people], lessons
        )
        live = trainee_ids[:SESSION_SIZE]
        tickets = _add_tickets(
            conn,
            rng,
            services,
            now,
            found.employees,
            trainee_ids,
            live,
            staff[MENTOR],
            mentors,
            labels,
            lessons,
        )
    return {"trainees": len(trainee_ids), "training_sessions": sessions, "tickets": tickets}


def _trainee_accounts(
    conn: Connection, people: Sequence[Any], persona_key: str, now: dt.datetime
) -> list[int]:
    """A learner account for every grown employee (username = NIP, as on the real system),
    made where missing; their ids in the order of ``people``."""
    nips = [p.nip for p in people]
    have: dict[str, int] = {}
    for first in range(0, len(nips), 5000):
        chunk = nips[first : first + 5000]
        found = conn.execute(
            select(Account.username, Account.id).where(Account.username.in_(chunk))
        )
        have.update(dict(found.all()))
    missing = [p for p in people if p.nip not in have]
    if missing:
        secret = CHEAP_HASHER.hash(TRAINEE_PASSWORD)
        made = _insert_returning(
            conn,
            Account,
            [
                {
                    "username": p.nip,
                    "nip": p.nip,
                    "display_name": p.name,
                    "persona_key": persona_key,
                    "password_hash": secret,
                    "must_change_password": True,
                    "created_at": now - dt.timedelta(days=DAYS_BACK),
                }
                for p in missing
            ],
        )
        conn.execute(insert(AccountRole), [{"account_id": a, "role": Role.LEARNER} for a in made])
        have.update(zip((p.nip for p in missing), made, strict=True))
    return [have[nip] for nip in nips]


def _clear_desk_and_room(conn: Connection, trainees: list[int]) -> None:
    """Remove the tickets, training sessions and lesson progress an earlier top-up made."""
    for first in range(0, len(trainees), 5000):
        chunk = trainees[first : first + 5000]
        tickets = select(Ticket.id).where(Ticket.account_id.in_(chunk))
        conn.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(tickets)))
        conn.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(tickets)))
        conn.execute(
            update(Ticket).where(Ticket.merged_into_id.in_(tickets)).values(merged_into_id=None)
        )
        conn.execute(delete(Ticket).where(Ticket.account_id.in_(chunk)))
        progress = select(LessonProgress.id).where(LessonProgress.account_id.in_(chunk))
        conn.execute(delete(LessonStepRecord).where(LessonStepRecord.progress_id.in_(progress)))
        conn.execute(delete(LessonProgress).where(LessonProgress.account_id.in_(chunk)))
        rooms = list(
            conn.scalars(
                select(TrainingEnrolment.session_id)
                .where(TrainingEnrolment.account_id.in_(chunk))
                .distinct()
            )
        )
        conn.execute(delete(TrainingEnrolment).where(TrainingEnrolment.session_id.in_(rooms)))
        conn.execute(delete(TrainingSession).where(TrainingSession.id.in_(rooms)))


def _insert_returning(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert; the new ids in the order of ``rows``."""
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = conn.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            rows[start : start + CHUNK],
        )
        ids.extend(int(row[0]) for row in result)
    return ids


def _add_sessions(
    conn: Connection,
    rng: random.Random,
    now: dt.datetime,
    trainer_id: int,
    trainees: list[int],
    jabatan: list[str],
    lessons: list[Any],
) -> int:
    """Sessions of 30 over the past year, the newest one running today; with progress rows.

    Rooms of past sessions mostly finished their lessons; today's room is part-way: the first
    lesson mostly done, the second on a step (some stuck), the rest hardly started.
    """
    from ekinerja_tutor.services.training import JOIN_ALPHABET, JOIN_LENGTH

    groups = [trainees[i : i + SESSION_SIZE] for i in range(0, len(trainees), SESSION_SIZE)]
    if not groups:
        return 0
    taken = set(conn.scalars(select(TrainingSession.join_code)))
    today = now.astimezone(WIB).date()
    spacing = max(1, DAYS_BACK // len(groups))
    session_rows = []
    days: list[dt.date] = []
    for number, _group in enumerate(groups):
        code = ""
        while not code or code in taken:
            code = "".join(rng.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        taken.add(code)
        starts = today - dt.timedelta(days=number * spacing)
        days.append(starts)
        session_rows.append(
            {
                "name": f"Pelatihan e-Kinerja Angkatan {len(groups) - number}",
                "starts_on": starts,
                "ends_on": starts + dt.timedelta(days=1),
                "lessons": [lesson.id for lesson in lessons],
                "join_code": code,
                "trainer_account_id": trainer_id,
                "created_at": _at(starts - dt.timedelta(days=7), 9),
            }
        )
    session_ids = _insert_returning(conn, TrainingSession, session_rows)
    position = {account: n for n, account in enumerate(trainees)}
    enrolments = []
    progress_rows: list[dict[str, Any]] = []
    progress_plan: list[tuple[int, int, dt.datetime, bool]] = []  # steps done, count, start, stuck
    for number, (session_id, group) in enumerate(zip(session_ids, groups, strict=True)):
        live = number == 0
        start = now - dt.timedelta(hours=2) if live else _at(days[number], 8)
        for account in group:
            enrolments.append(
                {
                    "session_id": session_id,
                    "account_id": account,
                    "via": "csv",
                    "jabatan": jabatan[position[account]],
                    "enrolled_at": start - dt.timedelta(days=3),
                }
            )
            for index, lesson in enumerate(lessons):
                count = len(lesson.steps)
                state = _lesson_state(rng, live, index)
                if state is None:
                    continue
                at = start + dt.timedelta(minutes=25 * index + rng.randrange(10))
                stuck = state == "stuck"
                done = count if state in ("done", "incomplete") else rng.randrange(count)
                status = {
                    "done": LessonStatus.DONE,
                    "incomplete": LessonStatus.INCOMPLETE,
                }.get(state, LessonStatus.IN_PROGRESS)
                finished = at + dt.timedelta(minutes=3 * count) if done == count else None
                progress_rows.append(
                    {
                        "account_id": account,
                        "lesson_id": lesson.id,
                        "lang": lesson.lang,
                        "scenario": lesson.scenario,
                        "current_step": min(done, count - 1),
                        "status": status,
                        "started_at": at,
                        "updated_at": finished or at + dt.timedelta(minutes=3 * done + 1),
                        "completed_at": finished,
                        "audit_floor": 0,
                        "visit_floor": 0,
                    }
                )
                progress_plan.append((done, count, at, stuck))
    conn.execute(insert(TrainingEnrolment), enrolments)
    progress_ids = _insert_returning(conn, LessonProgress, progress_rows)
    records = []
    for progress_id, row, (done, count, at, stuck) in zip(
        progress_ids, progress_rows, progress_plan, strict=True
    ):
        lesson = next(x for x in lessons if x.id == row["lesson_id"])
        skipped_step = rng.randrange(count) if row["status"] is LessonStatus.INCOMPLETE else -1
        for step in range(min(done + 1, count)):
            began = at + dt.timedelta(minutes=3 * step)
            passed = step < done
            failed = rng.randrange(3, 7) if stuck and not passed else rng.choice((0, 0, 1))
            spec = lesson.steps[step].checks[0] if lesson.steps[step].checks else None
            failing = (
                [
                    {
                        "check": spec.name,
                        "line": spec.line,
                        "id": spec.hint or lesson.steps[step].title,
                        "en": spec.hint or lesson.steps[step].title,
                    }
                ]
                if spec is not None and failed and not passed
                else []
            )
            records.append(
                {
                    "progress_id": progress_id,
                    "step_index": step,
                    "started_at": began,
                    "ended_at": began + dt.timedelta(minutes=3) if passed else None,
                    "passed": passed and step != skipped_step,
                    "skipped": step == skipped_step,
                    "shown": False,
                    "hints_seen": min(failed, len(lesson.steps[step].hints)),
                    "presses": failed + (1 if passed else 0),
                    "failed_presses": failed,
                    "offers": 0,
                    "last_offer_failed": 0,
                    "checks_passed": [],
                    "failed_conditions": failing,
                }
            )
    for first in range(0, len(records), CHUNK):
        conn.execute(insert(LessonStepRecord), records[first : first + CHUNK])
    return len(session_ids)


LIVE_ROOM: tuple[tuple[tuple[float, str | None], ...], ...] = (
    ((0.8, "done"), (0.9, "stuck"), (1.0, "step")),
    ((0.3, "done"), (0.45, "stuck"), (0.8, "step"), (1.0, None)),
    ((0.1, "step"), (1.0, None)),
)
"""Today's room, per lesson: (cumulative share, state); later lessons as the last one."""
PAST_ROOM: tuple[tuple[float, str | None], ...] = (
    (0.85, "done"),
    (0.9, "incomplete"),
    (0.97, "step"),
    (1.0, None),
)


def _lesson_state(rng: random.Random, live: bool, index: int) -> str | None:
    """One trainee's state in the ``index``-th lesson of a session (None: not started)."""
    roll = rng.random()
    shares = LIVE_ROOM[min(index, len(LIVE_ROOM) - 1)] if live else PAST_ROOM
    return next(state for share, state in shares if roll < share)


def _add_tickets(
    conn: Connection,
    rng: random.Random,
    services: Services,
    now: dt.datetime,
    employees: int,
    trainees: list[int],
    live: list[int],
    mentor_id: int,
    mentors: list[int],
    labels: dict[int, str],
    lessons: list[Any],
) -> int:
    """One ticket per ten employees, with its thread and history, as the service leaves them.

    Open tickets are recent (up to a week; some past their SLA), closed ones go back three
    months. At least half of the answered ones are the bench mentor's; every fifth learner of
    today's training room has an open ticket on the lesson they are in.
    """
    if not trainees:
        return 0
    count = max(1, employees // EMPLOYEES_PER_TICKET)
    priorities, priority_weights = zip(*PRIORITY_WEIGHTS, strict=True)
    live_askers = live[::5]
    plans: list[tuple[dt.datetime, TicketStatus, int]] = []
    for status in _shares(rng, STATUS_WEIGHTS, count):
        is_open = status in OPEN_STATUSES
        learner = live_askers.pop() if is_open and live_askers else rng.choice(trainees)
        minutes = {
            TicketStatus.BARU: (10, 60 * 30),
            TicketStatus.SELESAI: (60 * 24, 60 * 24 * 6),
        }.get(status, (60, 60 * 24 * 7) if is_open else (60 * 24 * 8, 60 * 24 * 90))
        plans.append((now - dt.timedelta(minutes=rng.randrange(*minutes)), status, learner))
    plans.sort(key=lambda plan: plan[0])  # ids follow creation time, as on a real desk
    threads = []
    for created, status, learner in plans:
        lesson = lessons[1] if learner in live and len(lessons) > 1 else None
        mentor = mentor_id if rng.random() < 0.5 else rng.choice(mentors)
        thread = _Thread(labels, created, learner, mentor)
        thread.play(rng, status, now, lesson, services.ctx.calendar)
        thread.row["priority"] = rng.choices(priorities, priority_weights)[0]
        threads.append(thread)
    columns = {key for t in threads for key in t.row}  # one executemany needs every key
    ticket_ids = _insert_returning(
        conn, Ticket, [{key: t.row.get(key) for key in columns} for t in threads]
    )
    messages = [
        {**m, "ticket_id": ticket_id}
        for ticket_id, t in zip(ticket_ids, threads, strict=True)
        for m in t.messages
    ]
    events = [
        {**e, "ticket_id": ticket_id}
        for ticket_id, t in zip(ticket_ids, threads, strict=True)
        for e in t.events
    ]
    if messages:
        conn.execute(insert(TicketMessage), messages)
    conn.execute(insert(TicketEvent), events)
    for n, t in enumerate(threads):
        if t.row["status"] is TicketStatus.DIGABUNG and n:  # merged into an older ticket
            conn.execute(
                update(Ticket)
                .where(Ticket.id == ticket_ids[n])
                .values(merged_into_id=ticket_ids[rng.randrange(n)])
            )
    return len(ticket_ids)


def _shares(
    rng: random.Random, weights: tuple[tuple[TicketStatus, int], ...], count: int
) -> list[TicketStatus]:
    """``count`` statuses in the proportions of ``weights`` (largest remainder), shuffled:
    a small office gets its share of open tickets too, not whatever a dice roll gives."""
    total = sum(w for _, w in weights)
    exact = [(status, count * w / total) for status, w in weights]
    taken = {status: int(share) for status, share in exact}
    left = count - sum(taken.values())
    for status, _share in sorted(exact, key=lambda x: x[1] - int(x[1]), reverse=True)[:left]:
        taken[status] += 1
    chosen = [status for status, n in taken.items() for _ in range(n)]
    rng.shuffle(chosen)
    return chosen


@dataclass
class _Thread:
    """One ticket's row, messages and history, as the help-desk service would have left them."""

    labels: dict[int, str]
    created: dt.datetime
    learner: int
    mentor: int
    row: dict[str, Any] = dataclasses.field(default_factory=dict)
    messages: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def play(
        self,
        rng: random.Random,
        status: TicketStatus,
        now: dt.datetime,
        lesson: Any,
        calendar: Any,
    ) -> None:
        """Raise the ticket, then walk it to ``status`` the way learner and mentor would."""
        created, learner, mentor = self.created, self.learner, self.mentor
        category = Category.HARIAN if lesson is not None else rng.choice(list(Category))
        step = rng.randrange(len(lesson.steps)) + 1 if lesson is not None else None
        context: dict[str, Any] = {
            "screen": "Progres harian (DailyWeekScreen)",
            "last_error": None,
            "sandbox_id": None,
            "sandbox_today": None,
            "lesson": {}
            if lesson is None
            else {
                "lesson_id": lesson.id,
                "lesson_title": lesson.title,
                "lang": lesson.lang,
                "step": step,
                "step_count": len(lesson.steps),
                "step_title": lesson.steps[(step or 1) - 1].title,
                "failed_conditions": [],
                "hints_seen": [],
            },
        }
        row = self.row
        row.update(
            account_id=learner,
            raised_by_account_id=learner,
            category=category,
            status=status,
            description=rng.choice(QUESTIONS[category]),
            context=context,
            screen=context["screen"],
            lesson_id=lesson.id if lesson is not None else None,
            lesson_step=step,
            created_at=created,
            updated_at=created,
            learner_seen_message_id=0,
            version=1,
        )
        self.event(created, learner, "created", None, TicketStatus.BARU)
        if status is TicketStatus.BARU:
            return
        first = created + (now - created) * rng.uniform(0.05, 0.3)
        self.event(first, mentor, "status", TicketStatus.BARU, TicketStatus.DIBUKA)
        self.event(first, mentor, "assigned", detail={"assignee": self.labels[mentor]})
        self.say(first, mentor, rng.choice(REPLIES))
        row.update(
            assignee_account_id=mentor,
            first_response_at=first,
            first_responder_account_id=mentor,
            first_response_minutes=calendar.working_minutes_between(_wib(created), _wib(first)),
            updated_at=first,
        )
        if status in (TicketStatus.MENUNGGU_PESERTA, TicketStatus.MENUNGGU_PIHAK_LAIN):
            later = first + (now - first) * rng.uniform(0.1, 0.9)
            if status is TicketStatus.MENUNGGU_PESERTA:
                self.say(later, mentor, "Apakah pesan galatnya masih muncul?", asks_learner=True)
            else:
                self.say(later, mentor, "Diteruskan ke Admin Instansi BKPSDM.", internal=True)
            self.event(later, mentor, "status", TicketStatus.DIBUKA, status)
            row["updated_at"] = later
        if status not in (TicketStatus.SELESAI, TicketStatus.DITUTUP, TicketStatus.DIGABUNG):
            return
        answer = first + (now - first) * rng.uniform(0.05, 0.2)
        self.say(answer, learner, "Sudah saya coba, sekarang berhasil. Terima kasih.", True)
        end = answer + dt.timedelta(minutes=rng.randrange(5, 120))
        row["updated_at"] = end
        if status is TicketStatus.DIGABUNG:
            self.event(end, mentor, "status", TicketStatus.DIBUKA, status)
            row["closed_at"] = end
            return
        self.event(end, mentor, "status", TicketStatus.DIBUKA, TicketStatus.SELESAI)
        row.update(
            resolved_at=end,
            resolver_account_id=mentor,
            resolution_minutes=calendar.working_minutes_between(_wib(created), _wib(end)),
        )
        if status is TicketStatus.DITUTUP:  # the learner confirmed (and often rated)
            closed = min(now, end + dt.timedelta(days=rng.uniform(0.1, 7)))
            self.event(closed, learner, "status", TicketStatus.SELESAI, status)
            if rng.random() < 0.6:
                row["rating"] = rng.choice((3, 4, 4, 5, 5))
                self.event(closed, learner, "rated", detail={"stars": row["rating"]})
            row.update(closed_at=closed, updated_at=closed)

    def event(
        self,
        at: dt.datetime,
        actor: int,
        kind: str,
        source: TicketStatus | None = None,
        target: TicketStatus | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            {
                "at": at,
                "actor_account_id": actor,
                "actor_label": self.labels[actor],
                "kind": kind,
                "from_status": source,
                "to_status": target,
                "detail": detail or {},
            }
        )

    def say(
        self,
        at: dt.datetime,
        author: int,
        text: str,
        from_learner: bool = False,
        *,
        internal: bool = False,
        asks_learner: bool = False,
    ) -> None:
        self.messages.append(
            {
                "author_account_id": author,
                "author_label": self.labels[author],
                "from_learner": from_learner,
                "internal": internal,
                "asks_learner": asks_learner,
                "text": text,
                "mentions": [],
                "canned_key": None,
                "at": at,
            }
        )
        self.event(at, author, "note" if internal else "reply")


def _at(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock office time on ``day``, as a real (UTC) instant."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WIB).astimezone(dt.UTC)


def _wib(moment: dt.datetime) -> dt.datetime:
    """A real instant as the naive WIB time the office calendar counts in."""
    return moment.astimezone(WIB).replace(tzinfo=None)
