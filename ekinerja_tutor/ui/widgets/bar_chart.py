"""A text bar chart: each bar is drawn with characters AND labelled with its numbers.

``[██████░░░░░░░░░░░░░░]  412 / 1800 surat (23%)`` reads the same in colour, with
``NO_COLOR=1`` and on a braille display: the filled part is a different character, not only a
different colour (ACCESSIBILITY.md item 9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

FULL = "█"
EMPTY = "░"
DEFAULT_WIDTH = 20


@dataclass(frozen=True)
class BarRow:
    """One bar: a title (user text, shown literally) and the line of numbers under it.

    Attributes:
        title: e.g. an RHK's text.
        value: what was achieved so far.
        target: what is planned (0: no target, the bar stays empty).
        numbers: the translated numbers line, e.g. "412 dari 1800 surat (23%)".
    """

    title: str
    value: int
    target: int
    numbers: str


def percent(value: int, target: int) -> int:
    """Whole percent of ``target`` reached (0 without a target), rounded down."""
    if target <= 0:
        return 0
    return value * 100 // target


def bar(value: int, target: int, width: int = DEFAULT_WIDTH) -> str:
    """``[████░░░░]``: filled in proportion, capped at full; one cell shows any progress."""
    filled = 0 if target <= 0 or value <= 0 else min(width, max(1, value * width // target))
    return "[" + FULL * filled + EMPTY * (width - filled) + "]"


class BarChart(Static):
    """Two lines per row: the numbered title, then the bar and its numbers."""

    DEFAULT_CSS = """
    BarChart { height: auto; padding: 0 1; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.rows: tuple[BarRow, ...] = ()

    def set_rows(self, rows: Sequence[BarRow], empty_text: str = "") -> None:
        self.rows = tuple(rows)
        if not self.rows:
            self.update(Content(empty_text))
            return
        parts: list[Content] = []
        for index, row in enumerate(self.rows, start=1):
            parts.append(Content(f"{index}. {row.title}"))
            parts.append(
                Content.assemble((f"   {bar(row.value, row.target)}", "bold"), f"  {row.numbers}")
            )
        self.update(Content("\n").join(parts))

    @property
    def text(self) -> str:
        """Everything shown, as plain text (for tests and screen-reader-like checks)."""
        lines = []
        for index, row in enumerate(self.rows, start=1):
            lines.append(f"{index}. {row.title}")
            lines.append(f"   {bar(row.value, row.target)}  {row.numbers}")
        return "\n".join(lines)
