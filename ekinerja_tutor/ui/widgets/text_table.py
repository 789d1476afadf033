"""A DataTable whose one-line text cells are drawn straight into segments.

``DataTable`` draws every cell through Rich's layout engine (``Styled(Padding(cell))`` and
``Console.render_lines``): about 0.2 ms a cell, so a table of 15 visible rows × 5 columns costs
15 ms each time its rows are replaced, the largest part of a week or page change in
``bench scale``. A one-line ``Text`` cell needs none of that: cut to the column, padded, and
styled as DataTable styles it. Everything else (headers, row labels, taller rows, other
renderables) still goes through DataTable. ``tests/ui/test_text_table.py`` compares both ways
cell by cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import Column, RowKey

if TYPE_CHECKING:
    from textual.widgets._data_table import CellCacheKey

SegmentLines = list[list[Segment]]


class TextTable(DataTable[Text]):
    """A ``DataTable`` drawing its one-line ``Text`` cells without Rich's layout engine.

    It also keeps two things DataTable works out again for every line it draws: the columns
    in order, and the style of a row (which walks the widget's ancestors for its colours).
    A row of such cells (no row labels, no fixed rows or columns) is drawn in one go: the
    cursor's styles once per row, no cache entry per cell, no header style per line.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._columns_key: tuple[int, int, int] | None = None
        self._columns_in_order: list[Column] = []
        self._row_styles: dict[tuple[str, object], Style] = {}
        super().__init__(*args, **kwargs)

    @property
    def ordered_columns(self) -> list[Column]:
        # Every change to the columns counts an update or replaces the locations.
        key = (self._update_count, len(self.columns), id(self._column_locations))
        if key != self._columns_key:
            self._columns_in_order = DataTable.ordered_columns.fget(self)  # type: ignore[attr-defined]
            self._columns_key = key
        return self._columns_in_order

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index == -1:
            kind = "header"
        elif row_index < self.fixed_rows:
            kind = "fixed"
        elif self.zebra_stripes:
            kind = "odd" if row_index % 2 else "even"
        else:
            return base_style
        key = (kind, self._pseudo_class_state)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def notify_style_update(self) -> None:
        self._row_styles.clear()
        super().notify_style_update()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Column widths from new rows: a one-line text is as wide as its ``cell_len``.

        (DataTable asks Rich to measure every cell, about 40 µs each, when rows are added.)
        """
        rest: list[RowKey] = []
        columns = self.ordered_columns
        for row_key in new_rows:
            index = self._row_locations.get(row_key)
            row = self.rows.get(row_key)
            if index is None or row is None:
                continue
            if row.label is not None or row.auto_height:
                # (its renderables are read by DataTable once it knows labels exist)
                rest.append(row_key)
                continue
            cells = self._get_row_renderables(index).cells
            if not all(map(_plain_line, cells)):
                rest.append(row_key)
                continue
            for column, cell in zip(columns, cells, strict=False):
                column.content_width = max(column.content_width, cast(Text, cell).cell_len)
        super()._update_dimensions(rest)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        row = self.rows.get(row_key)
        row_index = self._row_locations.get(row_key)
        if (
            row is None
            or row_index is None
            or row.height != 1
            or line_no
            or row_index < self.fixed_rows
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        show_cursor = self.show_cursor
        show_hover = self._show_hover_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cells = self._get_row_renderables(row_index).cells
        if not all(map(_plain_line, cells)):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        texts = cast("list[Text]", cells)  # every one passed _plain_line
        row_style = self._get_row_style(row_index, base_style)
        highlight = self._should_highlight
        state = self._cursor_state()
        scrollable: SegmentLines = []
        widths = 0
        for column_index, column in enumerate(self.ordered_columns):
            location = Coordinate(row_index, column_index)
            width = column.get_render_width(self)
            widths += width
            scrollable.append(
                self._plain_cell(
                    texts[column_index] if column_index < len(texts) else _EMPTY,
                    location,
                    row_style,
                    width,
                    cursor=highlight(cursor_location, location, cursor_type),
                    hover=highlight(hover_location, location, cursor_type),
                    fixed=False,
                    state=state,
                )
            )
        # The rest of the line, styled as DataTable styles it
        remaining = max(0, self.size.width - widths - self._row_label_column_width)
        if cursor_type == "row":
            hovered = highlight(hover_location, Coordinate(row_index, 0), cursor_type)
            extend, _ = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hovered,
                row_index == cursor_location.row,
                show_cursor,
                show_hover,
                False,
                False,
            )
            extend = row_style + extend
        elif row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(
                self.background_colors[1], factor=0.25
            )
            extend = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            extend = Style.from_color(row_style.color, row_style.bgcolor)
        extend += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * remaining, extend)])
        pair: tuple[SegmentLines, SegmentLines] = ([], scrollable)
        self._row_render_cache[cache_key] = pair
        return pair

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        column_key = self._column_locations.get_key(column_index)
        # (row_key is set: its row exists; column_key too: DataTable draws existing columns)
        cache_key = cast(
            "CellCacheKey",
            (
                row_key,
                column_key,
                base_style,
                cursor,
                hover,
                self._show_hover_cursor,
                self._update_count,
                self._pseudo_class_state,
            ),
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cells = self._get_row_renderables(row_index).cells
        cell = cells[column_index] if column_index < len(cells) else _EMPTY
        if not _plain_line(cell):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        line = self._plain_cell(
            cell,
            Coordinate(row_index, column_index),
            base_style,
            width,
            cursor=cursor,
            hover=hover,
            fixed=row_index < self.fixed_rows or column_index < self.fixed_columns,
            state=self._cursor_state(),
        )
        lines = [line]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _cursor_state(self) -> tuple[bool, bool, bool, bool]:
        """What styles a cell besides its place: the cursor shown, the hover cursor shown,
        and whether CSS or the cell decides the cursor's foreground and background."""
        return (
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )

    def _plain_cell(
        self,
        cell: Text,
        location: Coordinate,
        base_style: Style,
        width: int,
        *,
        cursor: bool,
        hover: bool,
        fixed: bool,
        state: tuple[bool, bool, bool, bool],
    ) -> list[Segment]:
        """One plain cell as DataTable styles it: ``base_style``, the cell's place (for clicks)
        and the cursor's component style under its text, the cursor's colours over it."""
        component, post = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, *state
        )
        pre = (
            base_style
            + Style.from_meta({"row": location.row, "column": location.column})
            + component
        )
        return _cell_line(self.app.console, cell, width, self.cell_padding, pre, post)


def _plain_line(cell: object) -> TypeGuard[Text]:
    """A ``Text`` of one line, left-aligned, without tabs, cut when too long (not
    ``overflow="ignore"``): what :func:`_cell_line` draws."""
    return (
        isinstance(cell, Text)
        and cell.justify in (None, "default", "left")
        and cell.overflow != "ignore"
        and "\n" not in cell.plain
        and "\t" not in cell.plain
    )


def _cell_line(
    console: Console, cell: Text, width: int, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """One table cell: ``padding`` spaces, the text cut to fit, spaces to ``width``.

    As ``Styled(Padding(cell, (0, padding)), pre, post)`` renders it: the text's own style
    covers its characters (and the fill only when it is justified "left"), ``pre`` is under
    every segment and ``post`` over it.
    """
    inner = max(0, width - 2 * padding)
    if not cell.spans and not cell.style and inner:  # the usual cell: one style throughout
        plain = cell.plain
        used = cell_len(plain)
        if used > inner:  # cut as Text.truncate cuts, to exactly the inner width
            if cell.overflow == "ellipsis":
                plain = set_cell_size(plain, inner - 1) + "…"
            else:
                plain = set_cell_size(plain, inner)
            used = inner
        line = " " * padding + plain + " " * (width - padding - used)
        return [Segment(line, pre + post)]
    text = cell.copy()
    text.truncate(inner, overflow=cell.overflow or "fold", pad=cell.justify == "left")
    joined = _JOIN.join([text])  # as Rich does: the text's own style becomes a span
    segments = [Segment(" " * padding), *joined.render(console)]
    segments = Segment.adjust_line_length(segments, width)
    return list(Segment.apply_style(segments, pre, post))


_JOIN = Text("")
_EMPTY = Text()
