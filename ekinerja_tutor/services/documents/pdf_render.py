"""PDF: the Dokumen Evaluasi (A4 portrait) and the activity recap (A4 landscape), via fpdf2.

Drawn from :mod:`~ekinerja_tutor.services.documents.layout` with the shared :func:`new_pdf`
set-up (DejaVu Sans embedded, so any character a user typed prints). Text is never parsed as
markup (fpdf2's ``markdown`` stays off).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import TableCellFillMode

from ekinerja_tutor.services.documents.layout import (
    Layout,
    Section,
    evaluasi_layout,
    recap_layout,
)
from ekinerja_tutor.services.documents.pdf import FONT_FAMILY, new_pdf
from ekinerja_tutor.services.documents.service import ActivityRecap, EvaluasiDocument

LINE = 5.0
SIGN_SPACE = 20.0
#: Recap column widths in mm (landscape A4 minus margins: 277 mm).
RECAP_WIDTHS = (8, 30, 22, 13, 42, 62, 17, 18, 42, 23)


def evaluasi_pdf(doc: EvaluasiDocument, lang: str) -> bytes:
    layout = evaluasi_layout(doc, lang)
    pdf = new_pdf(f"{layout.title} — {doc.pegawai.name}")
    pdf.set_subject(layout.subtitle)
    pdf.add_page()
    _heading(pdf, layout)
    for section in layout.sections:
        _section(pdf, section, label_width=58)
    _signatures(pdf, layout)
    _footer(pdf, layout)
    return bytes(pdf.output())


def recap_pdf(recap: ActivityRecap, lang: str) -> bytes:
    layout = recap_layout(recap, lang)
    pdf = new_pdf(f"{layout.title} — {recap.pegawai.name}", landscape=True)
    pdf.set_subject(layout.subtitle)
    pdf.add_page()
    _heading(pdf, layout)
    for section in layout.sections:
        _section(pdf, section, label_width=58, width=160)
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, size=8)
    with pdf.table(
        col_widths=RECAP_WIDTHS,
        text_align="LEFT",
        line_height=4.2,
        cell_fill_color=(235, 235, 235),
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        head = table.row()
        pdf.set_font(FONT_FAMILY, "B", 8)
        for label in layout.table_head:
            head.cell(label)
        pdf.set_font(FONT_FAMILY, size=8)
        for index, values in enumerate(layout.table_rows):
            row = table.row()
            if index in layout.day_rows:
                row.cell(values[0])
                row.cell(values[1])
                row.cell(values[2], colspan=len(layout.table_head) - 2)
            else:
                for value in values:
                    row.cell(value)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=9)
    _rows(pdf, layout.totals, label_width=58, width=200)
    _signatures(pdf, layout)
    _footer(pdf, layout)
    return bytes(pdf.output())


# --- pieces ------------------------------------------------------------------------------------


def _heading(pdf: FPDF, layout: Layout) -> None:
    pdf.set_font(FONT_FAMILY, "B", 13)
    pdf.multi_cell(0, 7, layout.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.multi_cell(0, LINE + 0.5, layout.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    if layout.org:
        pdf.multi_cell(0, LINE + 0.5, layout.org, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _section(pdf: FPDF, section: Section, *, label_width: float, width: float = 0) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.multi_cell(0, 6.5, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=9.5)
    _rows(pdf, section.rows, label_width=label_width, width=width)
    if section.table_head:
        pdf.ln(1)
        with pdf.table(text_align="LEFT", line_height=LINE, width=width or None) as table:
            head = table.row()
            for label in section.table_head:
                head.cell(label)
            for values in section.table_rows:
                row = table.row()
                for value in values:
                    row.cell(value)
    for paragraph in section.paragraphs:
        pdf.ln(1)
        pdf.multi_cell(0, LINE, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)


def _rows(
    pdf: FPDF, rows: tuple[tuple[str, str], ...], *, label_width: float, width: float = 0
) -> None:
    if not rows:
        return
    full = width or (pdf.w - pdf.l_margin - pdf.r_margin)
    with pdf.table(
        col_widths=(label_width, full - label_width),
        width=full,
        align="LEFT",
        first_row_as_headings=False,
        text_align="LEFT",
        line_height=LINE,
        borders_layout="NONE",
        padding=(0.6, 1),
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(f": {value}")


def _signatures(pdf: FPDF, layout: Layout) -> None:
    """Two blocks side by side: the left one, and the right one under the place-and-date line."""
    needed = 8 + LINE * 3 + SIGN_SPACE + LINE * 2
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    half = usable / 2
    right_x = pdf.l_margin + half
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_x(right_x)
    pdf.multi_cell(half, LINE, layout.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    bottoms = []
    for block, x in zip(layout.signatures, (pdf.l_margin, right_x), strict=True):
        pdf.set_xy(x, top)
        for line in block.caption:
            pdf.set_x(x)
            pdf.multi_cell(half, LINE, line or " ", align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_y(pdf.get_y() + SIGN_SPACE)
        pdf.set_x(x)
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.multi_cell(half, LINE, block.name, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, size=10)
        pdf.set_x(x)
        pdf.multi_cell(half, LINE, block.nip_line, align="C", new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms))


def _footer(pdf: FPDF, layout: Layout) -> None:
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, size=7.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4, layout.footer, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
