"""Pilot flows: "Cetak Dokumen Evaluasi" on the result screen and "Cetak rekap" on the weekly
view build the file with visible progress, save it under the data home (or hand it to the
browser when served) and say where it went."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook
from pypdf import PdfReader
from textual.content import Content
from textual.widgets import ProgressBar, RadioButton

from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.screens.document_export import DocumentExportScreen
from ekinerja_tutor.ui.screens.result import ResultScreen
from tests.documents.conftest import HOSTILE, send_entry
from tests.ui.workspace.conftest import settle
from tests.ui.workspace.skp_support import SkpWorld, open_screen, status_text

NIP = "197205142008011009"


async def build(app: TutorApp, pilot, dialog: DocumentExportScreen) -> None:  # type: ignore[no-untyped-def]
    dialog.query_one("#doc-build").focus()
    await pilot.pause()
    await pilot.press("enter")
    for _ in range(10):
        await settle(app, pilot)
        if not dialog.building:
            break


async def test_print_the_evaluasi_from_the_result_screen(world: SkpWorld) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, ResultScreen(world.workspace))
        assert screen.quarter == 1
        keys = app.screen.query_one("#keys").render()
        assert isinstance(keys, Content)  # the key bar draws Content
        assert "Cetak" in keys.plain
        await pilot.press("f10")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        labels = [str(b.label) for b in dialog.query(RadioButton)]
        assert "Triwulan 1 tahun 2026" in labels and "PDF" in labels
        await build(app, pilot, dialog)
        bar = dialog.query_one("#doc-progress", ProgressBar)
        assert bar.display and bar.progress == bar.total == 3
        folder = world.home / "documents"
        path = folder / f"dokumen-evaluasi_{NIP}_2026-T1.pdf"
        assert path.is_file() and dialog.saved == path.resolve()
        assert str(path.resolve()) in dialog.status_text and "Selesai" in dialog.status_text
        assert not dialog.query_one("#doc-open").has_class("-hidden")
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
        assert "Sudarto" in text and "Hendra Gunawan, S.Sos., M.AP." in text
        assert "Predikat Kinerja Pegawai : Baik" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Dokumen disimpan" in status_text(screen)


async def test_a_quarter_not_assessed_is_explained_in_the_window(world: SkpWorld) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, ResultScreen(world.workspace))
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert screen.quarter == 2
        screen.query_one("#print-document").press()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        await build(app, pilot, dialog)
        assert "belum dinilai" in dialog.status_text and "✗" in dialog.status_text
        assert not (world.home / "documents").exists()
        assert not dialog.query_one("#doc-progress", ProgressBar).display


async def test_print_the_month_recap_as_xlsx_from_the_weekly_view(world: SkpWorld) -> None:
    send_entry(world, HOSTILE)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, DailyWeekScreen(world.workspace))
        await pilot.press("f10")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        await pilot.press("f2")  # every label follows the language, the periods too
        await settle(app, pilot)
        assert str(dialog.query_one("#scope-week", RadioButton).label).startswith(
            "This week: Monday"
        )
        await pilot.press("f2")
        await settle(app, pilot)
        assert str(dialog.query_one("#scope-month", RadioButton).label) == "Satu bulan: Mei 2026"
        # The learner picks "Satu bulan" and "Excel" (arrows and Space/Enter in the sets).
        dialog.query_one("#scope-month", RadioButton).value = True
        dialog.query_one("#fmt-xlsx", RadioButton).value = True
        await pilot.pause()
        assert dialog.chosen() == ("month", "xlsx")
        await build(app, pilot, dialog)
        path = world.home / "documents" / f"rekap-harian_{NIP}_2026-05.xlsx"
        assert path.is_file(), dialog.status_text
        sheet = load_workbook(path).active
        assert sheet is not None
        flat = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
        assert HOSTILE in flat and "Sudarto" in flat


async def test_served_to_a_browser_the_file_is_delivered_not_kept(world: SkpWorld) -> None:
    world.services.settings = dataclasses.replace(world.services.settings, served=True)
    app = world.app()
    delivered: list[tuple[bytes, str | None]] = []
    async with app.run_test(size=(80, 24)) as pilot:

        def deliver(  # the browser's side
            path_or_file: str | Path | BinaryIO,
            *,
            save_filename: str | None = None,
            **options: object,
        ) -> str:
            assert isinstance(path_or_file, io.BytesIO)  # the file in memory, never a path
            delivered.append((path_or_file.read(), save_filename))
            return "key-1"

        app.deliver_binary = deliver  # type: ignore[method-assign]
        await open_screen(app, pilot, DailyWeekScreen(world.workspace))
        await pilot.press("f10")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        dialog.query_one("#fmt-csv", RadioButton).value = True
        await pilot.pause()
        await build(app, pilot, dialog)
        assert [name for _, name in delivered] == [f"rekap-harian_{NIP}_2026-W20.csv"]
        assert delivered[0][0].startswith(b"\xef\xbb\xbf")
        assert "unduhan" in dialog.status_text
        assert dialog.saved is None and dialog.query_one("#doc-open").has_class("-hidden")
        assert not (world.home / "documents").exists()


def test_documents_folder_is_under_the_data_home(world: SkpWorld) -> None:
    from ekinerja_tutor.ui.screens.document_export import documents_folder

    assert documents_folder(world.services.settings.home) == Path(world.home) / "documents"
