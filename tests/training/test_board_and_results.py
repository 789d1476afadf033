"""The live board from real progress, trainer actions, results, exports and certificates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from ekinerja_tutor.bootstrap import Services
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import StorageError, ValidationError
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.persistence.models import Account, Certificate, Sandbox
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.helpdesk import HelpdeskService
from ekinerja_tutor.services.lessons import LessonService
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.services.training import CellState
from ekinerja_tutor.services.training_results import (
    TrainingResultsService,
    Verdict,
    certificate_html,
    certificate_pdf,
    slips_html,
    slips_pdf,
)
from ekinerja_tutor.services.training_text import render_board
from tests.integration.conftest import CHEAP_HASHER
from tests.integration.test_sandboxes import dump
from tests.training.conftest import TRAINER, csv_bytes, nip

DAY = dt.date(2026, 11, 27)
LESSONS = ["minta_bantuan", "progres_harian"]


def _room(training: TrainingResultsService, n: int, first: int = 20) -> tuple[int, list[Principal]]:
    session = training.create_session(TRAINER, f"Kelas {first}", DAY, DAY, LESSONS)
    result = training.import_csv(
        TRAINER,
        session.id,
        csv_bytes([(f"Peserta {i:02d}", nip(first + i), "") for i in range(n)]),
    )
    assert result.ok
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    with training.db.read() as s:
        ids = [
            s.scalars(select(Account.id).where(Account.username == x.username)).one()
            for x in result.slips
        ]
    return session.id, [auth.principal_for(i) for i in ids]


def _seat(training: TrainingResultsService, who: Principal) -> Seat:
    with training.db.read() as s:
        sandbox = s.scalar(select(Sandbox).where(Sandbox.account_id == who.account_id))
        assert sandbox is not None and sandbox.persona_id is not None
        return Seat(who, sandbox.id, sandbox.persona_id)


def _form(training: TrainingResultsService, seat: Seat) -> DailyEntryInput:
    with training.db.read() as s:
        sandbox = s.get(Sandbox, seat.sandbox_id)
        assert sandbox is not None
        today = sandbox.today.date()
    plans = RencanaAksiService(training.ctx).for_month(
        seat, seat.person_id, today.year, today.month
    )
    return DailyEntryInput(
        tanggal=today,
        jam_mulai=dt.time(8, 0),
        jam_selesai=dt.time(9, 30),
        kegiatan="Menyusun daftar hadir rapat staf",
        realisasi=1,
        satuan="dokumen",
        bukti_dukung="",
        rencana_aksi_id=plans.items[0].id,
    )


def _finish_minta_bantuan(
    lessons: LessonService, helpdesk: HelpdeskService, who: Principal
) -> None:
    lessons.start(who, "minta_bantuan", "id")
    lessons.record_screen_visit(who, "help")
    assert lessons.periksa(who, "minta_bantuan").step_passed
    lessons.record_screen_visit(who, "ticket_new")
    assert lessons.periksa(who, "minta_bantuan").step_passed
    helpdesk.raise_ticket(who, "harian", "Bagaimana cara mengisi progres harian?")
    assert lessons.periksa(who, "minta_bantuan").step_passed


def test_board_shows_each_trainees_true_state(training: TrainingResultsService) -> None:
    session_id, (stuck, done, working, idle) = _room(training, 4)
    lessons = LessonService(training.ctx)
    helpdesk = HelpdeskService(training.ctx, lessons=lessons)
    # stuck: three failed checks on step 1 of minta_bantuan
    lessons.start(stuck, "minta_bantuan", "id")
    for _ in range(3):
        assert not lessons.periksa(stuck, "minta_bantuan").step_passed
    # done: every step of minta_bantuan passed (and the ticket raised on the way is open)
    _finish_minta_bantuan(lessons, helpdesk, done)
    # working: progres_harian step 1 passed, on step 2; one failed check there
    lessons.start(working, "progres_harian", "id")
    lessons.record_screen_visit(working, "daily_week")
    assert lessons.periksa(working, "progres_harian").step_passed
    assert not lessons.periksa(working, "progres_harian").step_passed

    board = training.board(TRAINER, session_id, "en")
    by_name = {row.trainee.username: row for row in board.rows}
    s = by_name[stuck.username].cells
    assert s[0].state is CellState.STUCK and s[0].step == 1 and s[0].failed_presses == 3
    assert s[0].failing and "help" in " ".join(s[0].failing).lower()
    assert s[1].state is CellState.NOT_STARTED
    d = by_name[done.username]
    assert d.cells[0].state is CellState.DONE and d.cells[0].ticket_id is not None
    assert len(d.open_tickets) == 1
    w = by_name[working.username].cells
    assert w[0].state is CellState.NOT_STARTED
    assert w[1].state is CellState.ON_STEP and (w[1].step, w[1].step_count) == (2, 4)
    assert [c.state for c in by_name[idle.username].cells] == [CellState.NOT_STARTED] * 2
    assert board.count(CellState.DONE) == 1 and board.count(CellState.STUCK) == 1
    text = render_board(board, Translator("en"))
    assert "✓ done ? ticket #" in text and "! stuck" in text and "… step 2/4" in text

    # results count only verified completion; a skip is not done
    lessons.start(idle, "minta_bantuan", "id")
    for _ in range(3):
        lessons.skip(idle, "minta_bantuan")
    assert training.board(TRAINER, session_id).rows[-1].cells[0].state in (
        CellState.INCOMPLETE,
        CellState.NOT_STARTED,
    )
    results = {t.username: t for t in training.results(TRAINER, session_id).trainees}
    assert results[done.username].done == 1 and results[idle.username].done == 0
    assert results[stuck.username].percent == 0 and results[done.username].percent == 50

    # the board follows a lesson reset
    training.reset_lesson(TRAINER, done.username, "minta_bantuan")
    cell = next(
        r for r in training.board(TRAINER, session_id).rows if r.trainee.username == done.username
    )
    assert cell.cells[0].state is CellState.NOT_STARTED


def test_practice_failures_fire_then_the_retry_works(training: TrainingResultsService) -> None:
    session_id, (one, other) = _room(training, 2, first=30)
    slips_password = "Latihan#2026x"
    with training.db.write() as s:
        hashed = CHEAP_HASHER.hash(slips_password)
        s.execute(update(Account).where(Account.id == one.account_id).values(password_hash=hashed))
    assert training.set_room_failures(TRAINER, session_id, save_error=True, slowness_ms=5) == 2
    training.set_failures(TRAINER, [one.username], login_failure=True)
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    with pytest.raises(StorageError) as failed:
        auth.login_password(one.username, slips_password)
    assert failed.value.key == "trainer.failure.login"
    assert auth.login_password(one.username, slips_password).username == one.username
    daily = DailyLogService(training.ctx)
    seat = _seat(training, other)
    form = _form(training, seat)
    with pytest.raises(StorageError) as server_error:
        daily.save_draft(seat, None, form)
    assert "500" in server_error.value.render("id")
    saved = daily.save_draft(seat, None, form)  # the retry works
    assert saved.kegiatan == form.kegiatan
    row = next(
        r for r in training.board(TRAINER, session_id).rows if r.trainee.username == other.username
    )
    assert (
        row.failures.save_error and row.failures.slowness_ms == 5 and not row.failures.login_failure
    )
    training.set_room_failures(TRAINER, session_id, save_error=False, slowness_ms=0)
    daily.save_draft(seat, saved.id, form)
    with pytest.raises(ValidationError):
        training.set_failures(TRAINER, [one.username], slowness_ms=-1)


def test_reset_and_clock_touch_one_trainee_only(any_training: TrainingResultsService) -> None:
    training = any_training
    first = 40 + (hash(training.db.display_url()) % 40)
    _session_id, (one, other) = _room(training, 2, first=first)
    daily = DailyLogService(training.ctx)
    one_seat, other_seat = _seat(training, one), _seat(training, other)
    daily.save_draft(one_seat, None, _form(training, one_seat))
    daily.save_draft(other_seat, None, _form(training, other_seat))
    services = Services(training.ctx, settings=None)  # type: ignore[arg-type]
    before = dump(services, other.username)
    today = training.move_clock(TRAINER, one.username, move="next_day")
    assert today.date() > DAY - dt.timedelta(days=400)
    training.reset_sandbox(TRAINER, one.username)
    assert dump(services, other.username) == before
    snapshot = training.sandbox_snapshot(TRAINER, other.username)
    assert "Menyusun daftar hadir rapat staf" in str(snapshot)
    assert "Menyusun daftar hadir rapat staf" not in str(
        training.sandbox_snapshot(TRAINER, one.username)
    )


def test_exports_and_certificates_read_back(
    training: TrainingResultsService, tmp_path: Path
) -> None:
    session = training.create_session(TRAINER, "Kelas Bantuan", DAY, DAY, ["minta_bantuan"])
    result = training.import_csv(
        TRAINER, session.id, csv_bytes([("Ani =Rahma", nip(90), ""), ("Bayu", nip(91), "")])
    )
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    with training.db.read() as s:
        ani_id = s.scalar(select(Account.id).where(Account.username == nip(90)))
    assert ani_id is not None
    ani = auth.principal_for(ani_id)
    lessons = LessonService(training.ctx)
    _finish_minta_bantuan(lessons, HelpdeskService(training.ctx, lessons=lessons), ani)

    rows = list(
        csv.reader(io.StringIO(training.export_csv(TRAINER, session.id, "en")), delimiter=";")
    )
    assert rows[0] == ["Name", "NIP", "Username", "minta_bantuan", "Completed", "Percent"]
    by_nip = {r[1]: r for r in rows[1:]}
    assert by_nip[nip(90)][3] == "2026-11-27" and by_nip[nip(90)][4:] == ["1/1", "100"]
    assert by_nip[nip(91)][3] == "" and by_nip[nip(91)][4:] == ["0/1", "0"]
    book = load_workbook(io.BytesIO(training.export_xlsx(TRAINER, session.id, "id")))
    sheet = book.worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:3] == ["Nama", "NIP", "Nama pengguna"]
    assert {v[1]: v[-1] for v in values[1:]} == {nip(90): 100, nip(91): 0}

    with pytest.raises(ValidationError):
        training.issue_certificate(TRAINER, session.id, nip(91))
    cert = training.issue_certificate(TRAINER, session.id, nip(90), "id")
    assert cert.facts["name"] == "Ani =Rahma" and cert.facts["completed_on"] == "2026-11-27"
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(certificate_pdf(cert))).pages)
    assert "Ani =Rahma" in pdf_text and cert.code in pdf_text
    assert cert.code in certificate_html(cert, "en")
    slips = result.slips
    slip_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(slips_pdf(slips))).pages)
    assert slips[0].password in slip_text and slips[1].username in slip_text
    assert slips[1].password in slips_html(slips, "en")

    ok = training.verify(cert.code)
    assert ok.verdict is Verdict.VALID and ok.facts is not None
    assert ok.facts["session"] == "Kelas Bantuan"
    assert training.verify(cert.code.lower().replace("-", " ")).verdict is Verdict.VALID
    last = cert.code[-1]
    forged = cert.code[:-1] + ("0" if last != "0" else "1")
    assert training.verify(forged).verdict is Verdict.TAMPERED
    assert training.verify("EKT-999999-AAAA-BBBB-CCCC").verdict is Verdict.UNKNOWN
    assert training.verify("bukan kode").verdict is Verdict.UNKNOWN
    with training.db.write() as s:  # someone edits the stored facts
        row = s.scalar(select(Certificate).where(Certificate.code == cert.code))
        assert row is not None
        row.facts = {**row.facts, "name": "Orang Lain"}
    assert training.verify(cert.code).verdict is Verdict.TAMPERED


def test_office_view_filters_by_bidang(training: TrainingResultsService) -> None:
    session = training.create_session(TRAINER, "Kelas Kantor", DAY, DAY, ["minta_bantuan"])
    training.import_csv(
        TRAINER, session.id, csv_bytes([("Kabid Uji", nip(95), "Kabid Rehabilitasi")])
    )
    auth = AuthService(training.ctx, hasher=CHEAP_HASHER)
    with training.db.read() as s:
        kabid_id = s.scalar(select(Account.id).where(Account.username == nip(95)))
    assert kabid_id is not None
    kabid = auth.principal_for(kabid_id)
    lessons = LessonService(training.ctx)
    _finish_minta_bantuan(lessons, HelpdeskService(training.ctx, lessons=lessons), kabid)
    view = training.office_view(TRAINER)
    column = [lid for lid, _ in view.lessons].index("minta_bantuan")
    row = next(r for r in view.rows if r.username == nip(95))
    assert row.bidang_code == "REHSOS" and row.completed[column] is not None
    only = training.office_view(TRAINER, bidang="REHSOS")
    assert {r.bidang_code for r in only.rows} == {"REHSOS"}
    assert any(code == "REHSOS" for code, _ in view.bidang)
