"""The live board: trainees × the session's lessons, refreshed every few seconds while open.

Each cell is a symbol and words (``✓ selesai``, ``… langkah 2/4``, ``! macet 6 mnt di langkah
1``, ``? tiket #12``), so it reads the same without colour. Enter on a trainee opens the
actions (read-only sandbox, reset, clock, practice failures, certificate); a chart under the
table shows how many trainees finished each lesson.

A refresh redraws only what changed: the cells whose words changed are replaced in place, the
title, chart and detail lines are left alone when equal and lay the screen out again only when
their height changes. Rebuilding the whole table and every line each time laid the screen out
several times per refresh (``bench scale``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS
from ekinerja_tutor.ui.screens.trainer_base import TrainerScreen
from ekinerja_tutor.ui.text import clip
from ekinerja_tutor.ui.widgets.bar_chart import BarChart, BarRow
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed
from ekinerja_tutor.ui.widgets.steady import update_steady
from ekinerja_tutor.ui.widgets.text_table import TextTable

if TYPE_CHECKING:
    from ekinerja_tutor.services.training import BoardRow, BoardView

REFRESH_SECONDS = 5.0

Render = Callable[[str, str], tuple[str, bytes, str]]
"""(format, language) → (file name, bytes, MIME type); runs in the export window's thread."""


def push_document(
    screen: TrainerScreen[Any], title_key: str, label: str, formats: tuple[str, ...], render: Render
) -> None:
    """The shared export window (progress, save or browser download) for one document."""
    from ekinerja_tutor.services.documents.service import DocumentFile
    from ekinerja_tutor.ui.screens.document_export import DocumentExportScreen, ExportPlan

    def build(_view: Any, fmt: str, lang: str) -> DocumentFile:
        name, data, mime = render(fmt, lang)
        return DocumentFile(name, data, mime)

    scopes = (("doc", "trainer.ui.doc_scope", {"label": label}),)
    plan = ExportPlan(title_key, scopes, formats, lambda scope: scope, build)
    settings = screen.services.settings
    served = bool(getattr(settings, "served", False))
    screen.app.push_screen(DocumentExportScreen(plan, home=settings.home, served=served))


def open_results_export(screen: TrainerScreen[Any], session_id: int, name: str) -> None:
    training, principal = screen.training, screen.principal

    def render(fmt: str, lang: str) -> tuple[str, bytes, str]:
        stem = f"hasil-sesi-{session_id}"
        if fmt == "xlsx":
            data = training.export_xlsx(principal, session_id, lang)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return f"{stem}.xlsx", data, mime
        return (
            f"{stem}.csv",
            training.export_csv(principal, session_id, lang).encode("utf-8-sig"),
            "text/csv",
        )

    push_document(screen, "trainer.ui.results_title", name, ("xlsx", "csv"), render)


DETAIL_LINES = 3
"""The detail under the table: the trainee, then the lessons whose checks fail."""


class TrainerBoardScreen(TrainerScreen[None]):
    DEFAULT_CSS = """
    TrainerBoardScreen #board { height: 1fr; min-height: 6; }
    TrainerBoardScreen #board-summary { height: auto; padding: 0 1; text-style: bold; }
    /* a fixed height: moving the cursor repaints the detail without laying the screen out */
    TrainerBoardScreen #board-detail { height: 3; padding: 0 1; }
    TrainerBoardScreen #board-chart-box { height: 7; }
    TrainerBoardScreen #board-buttons { height: auto; }
    TrainerBoardScreen #board-buttons Button { margin-right: 1; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.board_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.board_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("r", "refresh_board", "trainer.key.refresh"),
        Binding("x", "export_results", "trainer.key.export"),
        Binding("g", "room_failures", "trainer.key.room"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.board: BoardView | None = None
        self.reading = False
        """A board read is under way (the timer skips its turn). Not ``loading``: that is
        Textual's reactive that covers the whole screen with a loading indicator."""
        self.shown: dict[str, tuple[str, ...]] = {}
        """The words in each row of the table (by trainee username), as drawn."""
        self.shown_columns: tuple[str, ...] = ()

    def title_params(self) -> dict[str, object]:
        return {"name": self.board.session.name if self.board else "…"}

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield Static("", id="board-summary", markup=False)
        yield TextTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="board-detail", markup=False)
        with VerticalScroll(id="board-chart-box"):
            yield BarChart(id="board-chart")
        with Horizontal(id="board-buttons"):
            yield TButton(tr, "trainer.ui.trainee_actions", id="actions", variant="primary")
            yield TButton(tr, "trainer.ui.room_failures", id="room")
            yield TButton(tr, "trainer.ui.export", id="export")

    def on_mount(self) -> None:
        self.say_first("trainer.ui.loading")
        self.refresh_board()
        self.set_interval(REFRESH_SECONDS, self._tick)

    def _tick(self) -> None:
        if self.is_current and not self.reading:
            self.refresh_board()

    def action_refresh_board(self) -> None:
        self.refresh_board()

    def refresh_board(self) -> None:
        self.reading = True
        self.run_service(
            self.training.board,
            self.principal,
            self.session_id,
            self.tr.lang,
            tag="board",
            then=self.show,
            failed=lambda _e: setattr(self, "reading", False),
        )

    def show(self, board: BoardView) -> None:
        from ekinerja_tutor.services.training import CellState
        from ekinerja_tutor.services.training_text import cell_text, failure_text

        self.reading = False
        first = self.board is None
        self.board = board
        tr = self.tr
        title = self.query_one("#screen-title", TLabel)
        params = self.title_params()
        keyed(title, self.TITLE_KEY, **params)  # F2 translates it with the session's name
        update_steady(title, Content(tr.t(self.TITLE_KEY, **params)))
        columns = (
            tr.t("trainer.col.trainee"),
            *(f"L{index}" for index, _ in enumerate(board.lesson_titles, start=1)),
            tr.t("trainer.ui.col_more"),
        )
        rows: dict[str, tuple[str, ...]] = {}
        for row in board.rows:
            extra = []
            if row.open_tickets:
                extra.append(tr.t("trainer.ui.tickets", count=len(row.open_tickets)))
            if row.failures.any:
                extra.append(failure_text(row.failures, tr))
            rows[row.trainee.username] = (
                row.trainee.display_name,
                *(cell_text(c, tr) for c in row.cells),
                "; ".join(extra) or "-",
            )
        self._table(columns, rows)
        total = len(board.rows)
        update_steady(
            self.query_one("#board-summary", Static),
            Content(
                tr.t(
                    "trainer.board.summary",
                    done=board.count(CellState.DONE),
                    step=board.count(CellState.ON_STEP),
                    stuck=board.count(CellState.STUCK),
                    tickets=sum(len(r.open_tickets) for r in board.rows),
                )
                + "  ·  "
                + tr.t(
                    "trainer.ui.refreshed",
                    time=board.generated_at.astimezone(WIB).strftime("%H:%M:%S"),
                    code=board.session.join_code,
                )
            ),
        )
        chart = self.query_one("#board-chart", BarChart)
        bars = tuple(
            [
                BarRow(
                    f"L{i} {title}",
                    sum(1 for r in board.rows if r.cells[i - 1].state is CellState.DONE),
                    total,
                    tr.t(
                        "trainer.ui.chart_numbers",
                        done=sum(1 for r in board.rows if r.cells[i - 1].state is CellState.DONE),
                        total=total,
                    ),
                )
                for i, (_lesson, title) in enumerate(board.lesson_titles, start=1)
            ]
        )
        if first or bars != chart.rows:
            chart.set_rows(bars, tr.t("trainer.ui.no_trainees"))
        self._detail()
        if first:
            self.say_key("trainer.ui.board_status", count=total)
            self.query_one("#board", DataTable).focus()

    def _table(self, columns: tuple[str, ...], rows: dict[str, tuple[str, ...]]) -> None:
        """Show ``rows`` (words per trainee): changed cells in place when the rows and columns
        are the same as drawn, else the table anew (keeping the cursor's row)."""
        table = self.query_one("#board", DataTable)
        if columns == self.shown_columns and list(rows) == list(self.shown):
            for key, words in rows.items():
                for index, (old, new) in enumerate(zip(self.shown[key], words, strict=True)):
                    if old != new:
                        table.update_cell(key, f"c{index}", Text(new), update_width=True)
            self.shown = rows
            return
        row_before = table.cursor_row
        table.clear(columns=True)
        for index, label in enumerate(columns):
            table.add_column(Text(label), key=f"c{index}")
        for key, words in rows.items():
            table.add_row(*(Text(w) for w in words), key=key)
        if rows:
            table.move_cursor(row=max(0, min(row_before, len(rows) - 1)))
        self.shown_columns, self.shown = columns, rows

    @on(DataTable.RowHighlighted, "#board")
    def _detail(self) -> None:
        row = self.current_row()
        detail = self.query_one("#board-detail", Static)
        if row is None or self.board is None:
            update_steady(detail, Content(""))
            return
        tr = self.tr
        who = f"{row.trainee.display_name} ({row.trainee.username})"
        if row.sandbox_today is not None:
            today = row.sandbox_today.strftime("%d-%m-%Y %H:%M")
            who += " · " + tr.t("trainer.ui.sandbox_today", today=today)
        failing = [
            f"L{index} {title}: "
            + tr.t("trainer.board.failing", conditions="; ".join(cell.failing))
            for index, (cell, (_lesson, title)) in enumerate(
                zip(row.cells, self.board.lesson_titles, strict=True), start=1
            )
            if cell.failing
        ]
        if len(failing) > DETAIL_LINES - 1:  # the rest on the trainee's page (Enter)
            more = len(failing) - (DETAIL_LINES - 2)
            failing[DETAIL_LINES - 2 :] = [tr.t("trainer.ui.more_failing", count=more)]
        width = detail.content_size.width or max(20, self.app.size.width - 2)
        lines = [clip(line, width) for line in (who, *failing)]
        update_steady(detail, Content("\n".join(lines)))

    def current_row(self) -> BoardRow | None:
        if self.board is None or not self.board.rows:
            return None
        table = self.query_one("#board", DataTable)
        return self.board.rows[max(0, min(table.cursor_row, len(self.board.rows) - 1))]

    @on(DataTable.RowSelected, "#board")
    @on(Button.Pressed, "#actions")
    def open_actions(self) -> None:
        row = self.current_row()
        if row is None or self.board is None:
            self.say_key("trainer.ui.no_trainees")
            return
        from ekinerja_tutor.ui.screens.trainer_trainee import TraineeActionsScreen

        self.app.push_screen(TraineeActionsScreen(self.board, row), lambda _r: self.refresh_board())

    @on(Button.Pressed, "#room")
    def action_room_failures(self) -> None:
        if self.board is None:
            return
        from ekinerja_tutor.ui.screens.trainer_trainee import TraineeActionsScreen

        self.app.push_screen(
            TraineeActionsScreen(self.board, None), lambda _r: self.refresh_board()
        )

    @on(Button.Pressed, "#export")
    def action_export_results(self) -> None:
        if self.board is not None:
            open_results_export(self, self.session_id, self.board.session.name)

    def language_changed(self) -> None:
        if self.board is not None:
            self.shown_columns = ()  # the column titles are words too: draw the table anew
            self.show(self.board)
