"""XLSX of the activity recap via openpyxl: a heading, the entries table, totals, signatures.

Dates are real dates and numbers real numbers (they sort and sum); typed text is always stored
as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.services.documents.layout import recap_columns, recap_layout, t
from ekinerja_tutor.services.documents.service import ActivityRecap

WIDTHS = (5, 12, 13, 8, 38, 50, 10, 12, 40, 14)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")


def _text(cell: Cell | MergedCell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # never a formula, even for "=..."


def recap_xlsx(recap: ActivityRecap, lang: str) -> bytes:
    layout = recap_layout(recap, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t(lang, "doc.sheet_name")
    columns = recap_columns(lang)
    row = 1
    for text, bold in ((layout.title, True), (layout.subtitle, False), (layout.org, False)):
        cell = sheet.cell(row=row, column=1)
        _text(cell, text)
        cell.font = Font(bold=bold, size=13 if bold else 11)
        row += 1
    row += 1
    for label, shown in layout.sections[0].rows:
        _text(sheet.cell(row=row, column=1), label)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        _text(sheet.cell(row=row, column=3), shown)
        row += 1
    for paragraph in layout.sections[0].paragraphs:
        _text(sheet.cell(row=row, column=1), paragraph)
        row += 1
    row += 1
    head_row = row
    for column, label in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=column)
        _text(cell, label)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row += 1
    for number, entry in enumerate(recap.entries, start=1):
        values: list[str | int | dt.date] = [
            number,
            entry.tanggal,
            f"{entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M}",
            entry.minutes,
            entry.rencana_aksi or "-",
            entry.kegiatan,
            entry.realisasi,
            entry.satuan,
            entry.bukti_dukung or "-",
            daily_status_label(entry.status).render(lang),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
            if column == 2:
                cell.number_format = "yyyy-mm-dd"
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        link = entry.bukti_dukung
        if link.startswith(("https://", "http://")):
            sheet.cell(row=row, column=9).hyperlink = link
        row += 1
    _text(sheet.cell(row=row, column=2), t(lang, "doc.total.row"))
    sheet.cell(row=row, column=2).font = Font(bold=True)
    sheet.cell(row=row, column=4).value = recap.total_minutes
    sheet.cell(row=row, column=4).font = Font(bold=True)
    row += 2
    for label, total in layout.totals:
        _text(sheet.cell(row=row, column=1), label)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        _text(sheet.cell(row=row, column=5), total)
        row += 1
    row += 1
    _text(sheet.cell(row=row, column=6), layout.place_date)
    row += 1
    left, right = layout.signatures
    for line_left, line_right in zip(left.caption, right.caption, strict=False):
        _text(sheet.cell(row=row, column=2), line_left)
        _text(sheet.cell(row=row, column=6), line_right)
        row += 1
    row += 3
    for block, column in ((left, 2), (right, 6)):
        _text(sheet.cell(row=row, column=column), block.name)
        sheet.cell(row=row, column=column).font = Font(bold=True, underline="single")
        _text(sheet.cell(row=row + 1, column=column), block.nip_line)
    row += 3
    _text(sheet.cell(row=row, column=1), layout.footer)
    sheet.cell(row=row, column=1).font = Font(italic=True, size=8)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{head_row + 1}"
    sheet.print_title_rows = f"{head_row}:{head_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    book.properties.title = f"{layout.title} — {recap.pegawai.name}"
    book.properties.creator = "ekinerja-tutor"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
