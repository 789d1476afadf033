"""TextTable draws one-line text cells itself: exactly as DataTable draws them."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import Button, DataTable

from ekinerja_tutor.ui.widgets.text_table import TextTable, _plain_line

CELLS: list[Any] = [
    Text("Rapat koordinasi PKH"),
    Text("x" * 60),  # far wider than its column: cut
    Text("x" * 60, overflow="ellipsis"),
    Text("x" * 60, overflow="crop"),
    Text("x" * 60, overflow="ignore"),  # left to DataTable
    Text("陈美丽" * 12),  # cut, maybe through a double-width character
    Text("陈美丽" * 12, overflow="ellipsis"),
    Text("陈美丽 Ω 👩‍💻 wide"),  # double-width characters
    Text(""),
    Text("DISETUJUI", style="bold green"),
    Text.assemble(("⚑ ", "yellow"), ("lapangan", "italic")),
    Text("[@click=app.quit]klik[/]"),  # markup is text here
    Text("\u202eRTL\u202c mark"),
    Text("dua\nbaris"),  # two lines: left to DataTable
    Text("kiri", justify="left", style="reverse"),  # the fill takes the style too
    Text("kanan", justify="right"),  # right-aligned: left to DataTable
]


def test_the_one_line_cells_are_drawn_directly() -> None:
    drawn_directly = [True] * 4 + [False] + [True] * 8 + [False, True, False]
    assert [_plain_line(cell) for cell in CELLS] == drawn_directly


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="plain", cursor_type="row", zebra_stripes=True)
        yield TextTable(id="fast", cursor_type="row", zebra_stripes=True)
        yield Button("elsewhere", id="other")


def cells(lines: list[list[Segment]]) -> list[tuple[str, Any]]:
    """Each screen cell's character and style (segment boundaries do not matter)."""
    return [(char, segment.style) for line in lines for segment in line for char in segment.text]


@pytest.mark.parametrize("width", [1, 4, 12, 31])
async def test_every_cell_is_drawn_as_datatable_draws_it(width: int) -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        tables = [app.query_one("#plain", DataTable), app.query_one("#fast", TextTable)]
        for table in tables:
            table.add_column("A", width=width)
            table.add_column("B", width=width)
            for n, cell in enumerate(CELLS):
                table.add_row(cell, Text(str(n)))
            table.move_cursor(row=2)
        drawn = []
        for table in tables:  # each drawn while it has the focus
            table.focus()
            await pilot.pause()
            base = table.rich_style
            drawn.append(
                {
                    (row, column, cursor): cells(
                        table._render_cell(row, column, base, width + 2, cursor=cursor)
                    )
                    for row in range(len(CELLS))
                    for column in range(2)
                    for cursor in (False, True)
                }
            )
        plain, fast = drawn
        for key, want in plain.items():
            assert fast[key] == want, key


@pytest.mark.parametrize(
    ("cursor_type", "zebra", "fixed_rows", "label"),
    [
        ("row", True, 0, False),
        ("row", False, 0, False),
        ("cell", True, 0, False),
        ("column", False, 0, False),
        ("none", True, 0, False),
        ("row", True, 2, False),  # fixed rows: left to DataTable
        ("row", True, 0, True),  # a labelled row: left to DataTable
    ],
)
async def test_the_table_on_screen_is_the_same(
    cursor_type: str, zebra: bool, fixed_rows: int, label: bool
) -> None:
    """Every line, as the cursor moves, with and without the focus and a hovered row."""
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        tables = [app.query_one("#plain", DataTable), app.query_one("#fast", TextTable)]
        for table in tables:
            table.styles.height = 13
            table.cursor_type = cursor_type  # type: ignore[assignment]
            table.zebra_stripes = zebra
            table.fixed_rows = fixed_rows
            table.add_column("Kegiatan", width=18)
            table.add_column("Status", width=9)
            for n, cell in enumerate(CELLS):
                table.add_row(cell, Text(f"{n}"), label=Text("L") if label and n == 3 else None)
        for cursor, focused, hover in [
            ((0, 0), True, None),
            ((2, 1), True, None),
            ((4, 0), False, None),
            ((5, 1), True, (1, 1)),
        ]:
            screens = []
            for table in tables:
                table.move_cursor(row=cursor[0], column=cursor[1])
                if hover is not None:
                    table._show_hover_cursor = True
                    table.hover_coordinate = Coordinate(*hover)
                (table if focused else app.query_one("#other", Button)).focus()
                await pilot.pause()
                lines = table.render_lines(Region(0, 0, table.size.width, 13))
                screens.append([cells([list(line)]) for line in lines])
            plain, fast = screens
            assert fast == plain, (cursor, focused, hover)


async def test_columns_are_as_wide_as_datatable_makes_them() -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        tables = [app.query_one("#plain", DataTable), app.query_one("#fast", TextTable)]
        for table in tables:
            table.add_column("A")  # sized by its cells
            table.add_column("Nomor")
            for n, cell in enumerate(CELLS):
                table.add_row(cell, Text(str(n * 1000)))
        await pilot.pause()
        plain, fast = tables
        assert [c.content_width for c in fast.ordered_columns] == [
            c.content_width for c in plain.ordered_columns
        ]
        assert fast.virtual_size == plain.virtual_size
        assert [r.height for r in fast.rows.values()] == [r.height for r in plain.rows.values()]
