"""A row-cursor table that leaves paging and selection keys to its screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from ekinerja_tutor.ui.widgets.text_table import TextTable


class RowTable(TextTable, inherit_bindings=False):
    """Only Enter, ↑/↓ and Home/End: PgUp/PgDn turn the screen's pages (or weeks) and Space
    selects, so DataTable's own bindings for them must not take those keys first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]
