"""The generated files read back: PDF text (pypdf), HTML (parsed), CSV (csv, ";"), XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.services.results import ResultsService
from tests.documents.conftest import FORMULA, HOSTILE, TODAY, documents, send_entry
from tests.ui.workspace.skp_support import SkpWorld

NIP = "197205142008011009"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


class Page(HTMLParser):
    """Collects the visible text and every tag name of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def parse(html: bytes) -> Page:
    page = Page()
    page.feed(html.decode("utf-8"))
    return page


def test_evaluasi_pdf_has_the_learner_the_supervisor_and_the_predikat(world: SkpWorld) -> None:
    """Must show: the closed quarter's Dokumen Evaluasi as a PDF with names and predikat."""
    file = documents(world).evaluasi_file(world.seat, world.persona_id, 2026, 1, "pdf", "id")
    assert file.data.startswith(b"%PDF") and file.mime_type == "application/pdf"
    assert file.filename == f"dokumen-evaluasi_{NIP}_2026-T1.pdf"
    text = squash(pdf_text(file.data))
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text
    assert "Sudarto" in text and NIP in text
    assert "Hendra Gunawan, S.Sos., M.AP." in text  # the Pejabat Penilai
    assert "Atasan Pejabat Penilai Kinerja" in text and "Sekretaris" in text
    assert "Predikat Kinerja Pegawai : Baik" in text
    assert "Capaian Kinerja Organisasi" in text
    assert "Catatan dan Rekomendasi" in text and "Perilaku Berorientasi Pelayanan" in text
    assert "Sukamaju," in text and "Pejabat Penilai Kinerja," in text
    english = squash(
        pdf_text(
            documents(world).evaluasi_file(world.seat, world.persona_id, 2026, 1, "pdf", "en").data
        )
    )
    assert "EMPLOYEE PERFORMANCE EVALUATION DOCUMENT" in english and "Good" in english


def test_evaluasi_html_escapes_user_text(world: SkpWorld) -> None:
    results = ResultsService(world.services.ctx)
    results.give_feedback(
        world.supervisor_seat, world.persona_id, 2026, 1, "perilaku", "AKUNTABEL", None, HOSTILE
    )
    file = documents(world).evaluasi_file(world.seat, world.persona_id, 2026, 1, "html", "id")
    raw = file.data.decode("utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    page = parse(file.data)
    assert "script" not in page.tags
    text = "".join(page.text)
    assert HOSTILE in text  # shown exactly as typed, literally
    assert "Sudarto" in text and "Hendra Gunawan, S.Sos., M.AP." in text and "Baik" in text
    assert file.filename.endswith("_2026-T1.html")
    annual = documents(world).evaluasi_file(world.seat, world.persona_id, 2026, None, "html", "en")
    annual_text = "".join(parse(annual.data).text)
    assert "Quarter I" in annual_text and "Not assessed yet: Quarter II, III, IV" in annual_text
    with pytest.raises(ValidationError):
        documents(world).evaluasi_file(world.seat, world.persona_id, 2026, 1, "xlsx", "id")


def test_recap_pdf_and_html_show_the_entries(world: SkpWorld) -> None:
    send_entry(world, HOSTILE)
    service = documents(world)
    pdf = service.recap_file(world.seat, world.persona_id, ("week", TODAY), "pdf", "id")
    assert pdf.filename == f"rekap-harian_{NIP}_2026-W20.pdf"
    text = squash(pdf_text(pdf.data))
    assert "REKAP PROGRES HARIAN" in text and "Sudarto" in text and NIP in text
    assert "Menggandakan dokumen untuk rapat dinas" in text  # a seeded entry of the week
    assert "Mengetahui," in text and "Hendra Gunawan, S.Sos., M.AP." in text
    assert "alert(1)" in text
    html = service.recap_file(world.seat, world.persona_id, ("week", TODAY), "html", "id")
    raw = html.data.decode("utf-8")
    assert "<script>" not in raw and "[@click=app.quit]" in raw
    page = parse(html.data)
    assert "script" not in page.tags
    assert HOSTILE in "".join(page.text)
    assert "Mengetahui," in "".join(page.text)


def test_recap_csv_opens_with_semicolons_and_a_bom(world: SkpWorld) -> None:
    send_entry(world, HOSTILE)
    send_entry(world, FORMULA, start="14:00", end="14:30")
    file = documents(world).recap_file(world.seat, world.persona_id, ("week", TODAY), "csv", "id")
    assert file.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(file.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["No", "Tanggal", "Jam", "Menit", "Rencana Aksi", "Kegiatan Harian"]
    body = rows[1:-1]
    kegiatan = [row[5] for row in body]
    assert HOSTILE in kegiatan  # the commas, quotes and semicolon-free text survive
    assert "'" + FORMULA in kegiatan  # never a formula in a spreadsheet
    assert "Menggandakan dokumen untuk rapat dinas" in kegiatan
    assert all(row[1].startswith("2026-05-1") for row in body)
    assert rows[-1][1] == "Jumlah" and int(rows[-1][3]) == sum(int(row[3]) for row in body)


def test_recap_xlsx_has_real_dates_numbers_and_text(world: SkpWorld) -> None:
    send_entry(world, FORMULA)
    file = documents(world).recap_file(
        world.seat, world.persona_id, ("month", TODAY.replace(day=1)), "xlsx", "en"
    )
    assert file.filename == f"rekap-harian_{NIP}_2026-05.xlsx"
    sheet = load_workbook(io.BytesIO(file.data)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "DAILY PROGRESS RECAP (KINERJA HARIAN)" in flat
    assert "Sudarto" in flat and NIP in flat
    head = next(i for i, row in enumerate(values) if row[0] == "No")
    entries = []
    for row in values[head + 1 :]:
        if not isinstance(row[0], int):
            break
        entries.append(row)
    assert entries and all(isinstance(row[1], dt.date) and row[1].month == 5 for row in entries)
    assert all(isinstance(row[3], int) and isinstance(row[6], int) for row in entries)
    formula_rows = [i for i, row in enumerate(values) if row[5] == FORMULA]
    assert formula_rows  # stored as text, not evaluated
    cell = sheet.cell(row=formula_rows[0] + 1, column=6)
    assert cell.data_type == "s"
    assert sheet.cell(row=head + 2, column=9).hyperlink is not None
    assert "Acknowledged by," in flat
