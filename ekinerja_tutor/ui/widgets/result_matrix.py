"""The 3×3 predikat matrix as text, the learner's cell marked »like this« and named in words.

Rows are rating hasil kerja, columns rating perilaku kerja (GLOSSARY.md); the cells come from
the domain's matrix, so the picture can never disagree with the rule.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.predikat import PREDIKAT_MATRIX, rating_label
from ekinerja_tutor.domain.statuses import Rating
from ekinerja_tutor.i18n import Translator

HASIL_ROWS: tuple[Rating, ...] = (Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH)
PERILAKU_COLUMNS: tuple[Rating, ...] = (Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS)
HEAD_WIDTH = 20
CELL_WIDTH = 18
MARK_LEFT = "»"
MARK_RIGHT = "«"


def matrix_lines(tr: Translator, hasil: Rating | None, perilaku: Rating | None) -> list[str]:
    """The matrix as lines of text; the (hasil, perilaku) cell is marked when both are given."""
    lines = [tr.t("result_ui.matrix_title")]
    head = tr.t("result_ui.matrix_corner").ljust(HEAD_WIDTH)
    head += "".join(
        (" " + tr.t(f"result_ui.short.{column.value}")).ljust(CELL_WIDTH)
        for column in PERILAKU_COLUMNS
    )
    lines.append(head.rstrip())
    for row in HASIL_ROWS:
        line = tr.t(f"result_ui.short.{row.value}").ljust(HEAD_WIDTH)
        for column in PERILAKU_COLUMNS:
            label = tr.t(f"result_ui.cell.{PREDIKAT_MATRIX[(row, column)].value}")
            mine = row is hasil and column is perilaku
            cell = f"{MARK_LEFT}{label}{MARK_RIGHT}" if mine else f" {label} "
            line += cell.ljust(CELL_WIDTH)
        lines.append(line.rstrip())
    if hasil is not None and perilaku is not None:
        lines.append(
            tr.t(
                "result_ui.matrix_yours",
                left=MARK_LEFT,
                right=MARK_RIGHT,
                hasil=tr.msg(rating_label(hasil)),
                perilaku=tr.msg(rating_label(perilaku)),
            )
        )
    return lines


class PredikatMatrix(Static):
    """Shows :func:`matrix_lines` (catalog text only, still drawn literally)."""

    DEFAULT_CSS = """
    PredikatMatrix { height: auto; border: round $border-blurred; padding: 0 1; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.lines: list[str] = []

    def show(self, tr: Translator, hasil: Rating | None, perilaku: Rating | None) -> None:
        self.lines = matrix_lines(tr, hasil, perilaku)
        self.update(Content("\n".join(self.lines)))
