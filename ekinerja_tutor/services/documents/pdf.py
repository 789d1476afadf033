"""The PDF page set-up every printed document shares (fpdf2 with a bundled Unicode font).

fpdf2's built-in fonts are Latin-1 only; names and notes typed by users may hold any
character, so every document embeds DejaVu Sans (shipped in ``ekinerja_tutor/assets/fonts``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fpdf import FPDF

FONT_FAMILY = "DejaVu"
MONO_FAMILY = "DejaVuMono"


def font_dir() -> Path:
    return Path(str(files("ekinerja_tutor") / "assets" / "fonts"))


def new_pdf(title: str, *, landscape: bool = False) -> FPDF:
    """An A4 document with the Unicode fonts registered and ``title`` in its metadata."""
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    fonts = font_dir()
    pdf.add_font(FONT_FAMILY, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font(MONO_FAMILY, "", str(fonts / "DejaVuSansMono.ttf"))
    pdf.set_title(title)
    pdf.set_creator("ekinerja-tutor")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_font(FONT_FAMILY, size=10)
    return pdf
