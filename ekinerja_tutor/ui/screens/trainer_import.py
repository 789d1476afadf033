"""Import trainees from a CSV file: check it, see every row's problem, import all or nothing.

After an import the first-login slips (username and one-time password) are printed from here,
as PDF or HTML (saved in the documents folder, or downloaded when the app runs in a browser).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, ProgressBar, Static

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.ui.screens.trainer_base import TrainerScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel

if TYPE_CHECKING:
    from ekinerja_tutor.services.training import ImportResult, SessionView
    from ekinerja_tutor.services.training_import import ParsedFile, RowProblem


class TrainerImportScreen(TrainerScreen[None]):
    DEFAULT_CSS = """
    TrainerImportScreen #import-body { height: auto; padding: 0 1; }
    TrainerImportScreen #problems { height: 1fr; }
    TrainerImportScreen #problem-detail { height: auto; max-height: 4; padding: 0 1; }
    TrainerImportScreen #import-buttons { height: auto; padding: 0 1; }
    TrainerImportScreen #import-buttons Button { margin-right: 1; }
    TrainerImportScreen #import-progress { height: 1; padding: 0 1; }
    TrainerImportScreen #import-progress Bar { width: 1fr; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.import_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.import_help"

    def __init__(self, session: SessionView) -> None:
        super().__init__()
        self.session = session
        self.result: ImportResult | None = None
        self.busy = False

    def title_params(self) -> dict[str, object]:
        return {"name": self.session.name}

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="import-body"):
            yield Field(
                tr,
                "trainer.ui.field_file",
                Input(id="path"),
                id="field-path",
                hint_key="trainer.ui.field_file_hint",
                classes="trainer-field",
            )
        with Horizontal(id="import-buttons"):
            yield TButton(tr, "trainer.ui.check", id="check")
            yield TButton(tr, "trainer.ui.do_import", id="do-import", variant="primary")
            yield TButton(tr, "trainer.ui.print_slips", id="slips", disabled=True)
        yield ProgressBar(id="import-progress", show_eta=False)
        yield TLabel(tr, "trainer.ui.problems_none", id="problems-title")
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self._columns()
        self.query_one("#path", Input).focus()
        self.say_first("trainer.ui.import_status")

    def _columns(self) -> None:
        table = self.query_one("#problems", DataTable)
        table.clear(columns=True)
        for key in ("trainer.ui.col_line", "trainer.ui.col_column", "trainer.ui.col_problem"):
            table.add_column(Text(self.tr.t(key)))

    def _read(self) -> bytes | None:
        self.clear_errors()
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.show_error(ValidationError("trainer.ui.file_required", field="path"))
            return None
        path = Path(raw).expanduser()
        try:
            return path.read_bytes()
        except OSError as error:
            self.show_error(
                ValidationError(
                    "trainer.cli.file_unreadable",
                    field="path",
                    path=str(path),
                    detail=error.strerror or str(error),
                )
            )
            return None

    def _show_problems(
        self, problems: tuple[RowProblem, ...], notes: tuple[RowProblem, ...]
    ) -> None:
        table = self.query_one("#problems", DataTable)
        table.clear()
        self.shown_problems = (*problems, *notes)
        self.query_one("#problem-detail", Static).update("")
        for problem in (*problems, *notes):
            mark = "✗" if problem in problems else "ℹ"
            table.add_row(
                Text(f"{mark} {problem.line}"),
                Text(problem.column or "-"),
                Text(problem.message.render(self.tr.lang)),
            )
        title = self.query_one("#problems-title", TLabel)
        if problems:
            title.set_key(self.tr, "trainer.ui.problems_count", count=len(problems))
        elif notes:
            title.set_key(self.tr, "trainer.ui.notes_count", count=len(notes))
        else:
            title.set_key(self.tr, "trainer.ui.problems_none")

    @on(DataTable.RowHighlighted, "#problems")
    def _problem_detail(self, event: DataTable.RowHighlighted) -> None:
        """The whole message of the highlighted problem (the table cuts long ones)."""
        shown = getattr(self, "shown_problems", ())
        if 0 <= event.cursor_row < len(shown):
            problem = shown[event.cursor_row]
            line = self.tr.t(
                "trainer.import.line",
                line=problem.line,
                column=problem.column or "-",
                message=problem.message.render(self.tr.lang),
            )
            self.query_one("#problem-detail", Static).update(Text(line))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#check")
    def check_file(self) -> None:
        data = self._read()
        if data is None:
            return
        self.run_service(
            self.training.preview_csv, self.principal, data, tag="check", then=self.checked
        )

    def checked(self, parsed: ParsedFile) -> None:
        self._show_problems(parsed.problems, parsed.notes)
        if parsed.problems:
            self.say_key("trainer.ui.check_bad", count=len(parsed.problems))
        else:
            self.say_key("trainer.ui.check_ok", count=len(parsed.rows))
            self.query_one("#do-import", Button).focus()

    @on(Button.Pressed, "#do-import")
    def import_file(self) -> None:
        if self.busy:
            return
        data = self._read()
        if data is None:
            return
        self.busy = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.say_key("trainer.ui.importing")

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        self.run_service(
            self.training.import_csv,
            self.principal,
            self.session.id,
            data,
            progress=progress,
            tag="import",
            then=self.imported,
            failed=self.import_failed,
        )

    def import_failed(self, _error: Any) -> None:
        self.busy = False
        self.query_one("#import-progress", ProgressBar).display = False

    def imported(self, result: ImportResult) -> None:
        self.busy = False
        self._show_problems(result.problems, result.notes)
        if not result.ok:
            self.query_one("#import-progress", ProgressBar).display = False
            self.say_key("trainer.cli.import_failed", count=len(result.problems))
            return
        self.result = result
        delimiter = {"\t": "tab"}.get(result.delimiter, result.delimiter)
        self.say_key(
            "trainer.cli.import_ok",
            count=len(result.slips),
            encoding=result.encoding,
            delimiter=delimiter,
        )
        slips = self.query_one("#slips", Button)
        slips.disabled = False
        slips.focus()

    @on(Button.Pressed, "#slips")
    def print_slips(self) -> None:
        if self.result is None:
            return
        from ekinerja_tutor.ui.screens.trainer_board import push_document

        slips = self.result.slips

        def render(fmt: str, lang: str) -> tuple[str, bytes, str]:
            from ekinerja_tutor.services.training_results import slips_html, slips_pdf

            name = f"slip-sesi-{self.session.id}"
            if fmt == "pdf":
                return f"{name}.pdf", slips_pdf(slips, lang), "application/pdf"
            return f"{name}.html", slips_html(slips, lang).encode(), "text/html"

        push_document(self, "trainer.ui.slips_title", self.session.name, ("pdf", "html"), render)
