"""Printing documents from the workspace: "Cetak Dokumen Evaluasi" and "Cetak rekap".

:class:`DocumentExportScreen` is a small window: the learner picks the period and the format,
presses "Buat dokumen", and watches three steps (read the data, build the file, save it) on a
progress bar with a status line in words. It ends with where the file went — the ``documents``
folder under the app's data home, with an offer to open it in the system's viewer — or, when
the app is served to browsers, with the file handed to the browser as a download
(``App.deliver_binary``), so nothing is left on the server. Any refusal (quarter not assessed,
no entries sent, another person's document) is shown in words with what to do; nothing breaks.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, RadioSet, Static

from ekinerja_tutor.domain.calendar import date_label, month_label
from ekinerja_tutor.domain.errors import StorageError, TutorError
from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.screens.dialogs import DIALOG_CSS
from ekinerja_tutor.ui.widgets.choices import Choice
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed, relabel

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.documents.service import DocumentFile, DocumentService
    from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
    from ekinerja_tutor.ui.screens.result import ResultScreen
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen

STEPS = 3
FORMAT_LABELS: dict[str, str] = {
    "pdf": "doc_ui.format.pdf",
    "html": "doc_ui.format.html",
    "csv": "doc_ui.format.csv",
    "xlsx": "doc_ui.format.xlsx",
}

Reader = Callable[[str], Any]
"""Reads the document's view for a scope id (runs in the worker thread)."""
Renderer = Callable[[Any, str, str], "DocumentFile"]
"""Renders the view as (format, language) (runs in the worker thread)."""


@dataclass(frozen=True)
class ExportPlan:
    """What one export window offers: its title, the periods, the formats and how to build."""

    title_key: str
    scopes: tuple[tuple[str, str, dict[str, Any]], ...]
    """(scope id, catalog key, its parameters), the first one chosen."""
    formats: tuple[str, ...]
    read: Reader
    render: Renderer


@dataclass
class ExportStep(Message):
    step: int
    key: str


@dataclass
class ExportBuilt(Message):
    file: DocumentFile | None
    error: TutorError | None


def documents_folder(home: Path) -> Path:
    """Where documents are saved when the app runs locally."""
    return home / "documents"


def save_document(folder: Path, file: DocumentFile) -> Path:
    """Write ``file`` into ``folder`` (created when missing); the absolute path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file.filename
        path.write_bytes(file.data)
    except OSError as error:
        raise StorageError(
            "doc.write_failed", path=str(folder / file.filename), detail=error.strerror or ""
        ) from error
    return path.resolve()


def open_in_viewer(path: Path) -> None:
    """Open ``path`` in the system's viewer (PDF reader, browser, spreadsheet).

    Raises:
        StorageError: no viewer could be started; the message names the file to open by hand.
    """
    try:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]
        else:
            command = "open" if sys.platform == "darwin" else "xdg-open"
            viewer = subprocess.Popen(
                [command, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            threading.Thread(target=viewer.wait, daemon=True).start()  # no zombie left behind
    except OSError as error:
        raise StorageError("doc_ui.no_viewer", path=str(path)) from error


class DocumentExportScreen(ModalScreen[Path | None]):
    """Choose period and format, build with visible progress, then save or deliver the file.

    Dismissed with the saved path (None when closed before saving, or after a browser download).
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="DocumentExportScreen")
        + """
    DocumentExportScreen .dialog-title { margin-bottom: 0; }
    DocumentExportScreen RadioSet { width: 1fr; height: auto; }
    DocumentExportScreen #doc-formats { layout: horizontal; }
    DocumentExportScreen #doc-formats RadioButton { width: auto; margin-right: 2; }
    DocumentExportScreen #doc-progress { margin-top: 1; height: 1; }
    DocumentExportScreen #doc-progress Bar { width: 1fr; }
    DocumentExportScreen #doc-status { height: auto; min-height: 1; }
    DocumentExportScreen .dialog-buttons { margin-top: 0; }
    DocumentExportScreen .-hidden { display: none; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
    ]

    def __init__(self, plan: ExportPlan, *, home: Path, served: bool) -> None:
        super().__init__()
        self.plan = plan
        self.home = home
        self.served = served
        self.saved: Path | None = None
        self.delivered: str | None = None
        self.building = False
        self.status_key: tuple[str, dict[str, Any]] = ("doc_ui.choose", {})

    @property
    def tr(self) -> Translator:
        return self.app.tr  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(classes="dialog-box"):
            yield TLabel(tr, self.plan.title_key, classes="dialog-title")
            yield TLabel(tr, "doc_ui.period")
            with RadioSet(id="doc-scopes"):
                for index, (scope, key, params) in enumerate(self.plan.scopes):
                    yield keyed(
                        Choice(Content(tr.t(key, **params)), value=index == 0, id=f"scope-{scope}"),
                        key,
                        **params,
                    )
            yield TLabel(tr, "doc_ui.format")
            with RadioSet(id="doc-formats"):
                for index, fmt in enumerate(self.plan.formats):
                    yield keyed(
                        Choice(
                            Content(tr.t(FORMAT_LABELS[fmt])), value=index == 0, id=f"fmt-{fmt}"
                        ),
                        FORMAT_LABELS[fmt],
                    )
            yield ProgressBar(total=STEPS, show_eta=False, show_percentage=False, id="doc-progress")
            yield Static("", id="doc-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield TButton(tr, "doc_ui.build", id="doc-build", variant="primary")
                yield TButton(tr, "doc_ui.open", id="doc-open", classes="-hidden")
                yield TButton(tr, "doc_ui.close", id="doc-close")

    def on_mount(self) -> None:
        self.query_one("#doc-progress", ProgressBar).display = False
        self.say("doc_ui.choose")
        self.query_one("#doc-build", Button).focus()

    # -- the status line ----------------------------------------------------------------------

    def say(self, key: str, **params: Any) -> None:
        self.status_key = (key, params)
        self.query_one("#doc-status", Static).update(Content(self.tr.t(key, **params)))

    @property
    def status_text(self) -> str:
        return str(self.query_one("#doc-status", Static).content)

    @on(LanguageChanged)
    def _relabel(self) -> None:
        """F2 (the app posts LanguageChanged to every screen of the stack, this one too)."""
        relabel(self, self.tr)
        key, params = self.status_key
        self.say(key, **params)

    # -- choices ------------------------------------------------------------------------------

    def chosen(self) -> tuple[str, str]:
        scopes = self.query_one("#doc-scopes", RadioSet)
        formats = self.query_one("#doc-formats", RadioSet)
        scope = self.plan.scopes[max(scopes.pressed_index, 0)][0]
        fmt = self.plan.formats[max(formats.pressed_index, 0)]
        return scope, fmt

    # -- building -----------------------------------------------------------------------------

    @on(Button.Pressed, "#doc-build")
    def build(self) -> None:
        if self.building:
            return
        self.building = True
        scope, fmt = self.chosen()
        bar = self.query_one("#doc-progress", ProgressBar)
        bar.display = True
        bar.update(total=STEPS, progress=0)
        self.query_one("#doc-build", Button).disabled = True
        self.query_one("#doc-open", Button).add_class("-hidden")
        self.say("doc_ui.step.read")
        self._build(scope, fmt, self.tr.lang)

    @work(thread=True, exclusive=True, group="document")
    def _build(self, scope: str, fmt: str, lang: str) -> None:
        try:
            view = self.plan.read(scope)
            self.post_message(ExportStep(1, f"doc_ui.step.render_{fmt}"))
            file = self.plan.render(view, fmt, lang)
            self.post_message(ExportStep(2, "doc_ui.step.save"))
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(ExportBuilt(None, as_tutor_error(error)))
        else:
            self.post_message(ExportBuilt(file, None))

    @on(ExportStep)
    def _step(self, event: ExportStep) -> None:
        self.query_one("#doc-progress", ProgressBar).update(progress=event.step)
        self.say(event.key)

    @on(ExportBuilt)
    def _built(self, event: ExportBuilt) -> None:
        self.building = False
        self.query_one("#doc-build", Button).disabled = False
        bar = self.query_one("#doc-progress", ProgressBar)
        if event.error is not None or event.file is None:
            bar.display = False
            error = event.error or as_tutor_error(RuntimeError("no file"))
            self.say("doc_ui.failed", message=error.message)
            return
        file = event.file
        try:
            if self.served:
                # In a browser the file becomes a download and save_directory is ignored; it
                # only matters when "served" is set but the app runs in a terminal (tests).
                self.delivered = self.app.deliver_binary(
                    io.BytesIO(file.data),
                    save_directory=documents_folder(self.home),
                    save_filename=file.filename,
                    mime_type=file.mime_type,
                )
                bar.update(progress=STEPS)
                self.say("doc_ui.delivered", name=file.filename)
                return
            self.saved = save_document(documents_folder(self.home), file)
        except TutorError as error:
            bar.display = False
            self.say("doc_ui.failed", message=error.message)
            return
        bar.update(progress=STEPS)
        self.say("doc_ui.saved", path=str(self.saved))
        open_button = self.query_one("#doc-open", Button)
        open_button.remove_class("-hidden")
        open_button.focus()

    # -- after ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#doc-open")
    def open_file(self) -> None:
        if self.saved is None:
            return
        try:
            open_in_viewer(self.saved)
        except TutorError as error:
            self.say("doc_ui.not_opened", message=error.message)
            return
        self.say("doc_ui.opened", path=str(self.saved))

    @on(Button.Pressed, "#doc-close")
    def action_close(self) -> None:
        if self.building:
            self.say("doc_ui.wait")
            return
        self.dismiss(self.saved)


# --- what the two screens open -----------------------------------------------------------------


def _documents(screen: WorkspaceScreen[Any]) -> DocumentService:
    from ekinerja_tutor.services.documents.service import DocumentService

    return screen.service("documents", DocumentService)


def _push(screen: WorkspaceScreen[Any], plan: ExportPlan) -> None:
    settings = screen.services.settings
    served = bool(getattr(settings, "served", False))

    def done(path: Path | None) -> None:
        if path is not None:
            screen.say_key("doc_ui.saved_status", path=str(path))

    screen.app.push_screen(DocumentExportScreen(plan, home=settings.home, served=served), done)


def open_evaluasi_export(screen: ResultScreen) -> None:
    """The result screen's "Cetak Dokumen Evaluasi": the quarter shown, or the year."""
    from ekinerja_tutor.services.documents.service import EVALUASI_FORMATS

    documents = _documents(screen)
    seat = screen.workspace.seat
    year, quarter = screen.year, screen.quarter
    scopes = (
        ("quarter", "doc_ui.scope_quarter", {"quarter": quarter, "year": year}),
        ("year", "doc_ui.scope_year", {"year": year}),
    )

    def read(scope: str) -> Any:
        return documents.evaluasi(
            seat, seat.person_id, year, quarter if scope == "quarter" else None
        )

    plan = ExportPlan(
        "doc_ui.evaluasi_title", scopes, EVALUASI_FORMATS, read, documents.render_evaluasi
    )
    _push(screen, plan)


def open_recap_export(screen: DailyWeekScreen) -> None:
    """The weekly view's "Cetak rekap": the week shown, or its month."""
    from ekinerja_tutor.services.documents.service import RECAP_FORMATS

    documents = _documents(screen)
    seat = screen.workspace.seat
    monday = screen.week_start
    month_day = monday + dt.timedelta(days=2)  # the month most of the working week is in
    scopes = (
        (
            "week",
            "doc_ui.scope_week",
            {"start": date_label(monday), "end": date_label(monday + dt.timedelta(days=6))},
        ),
        ("month", "doc_ui.scope_month", {"month": month_label(month_day.year, month_day.month)}),
    )

    def read(scope: str) -> Any:
        if scope == "week":
            return documents.activity_week(seat, seat.person_id, monday)
        return documents.activity_month(seat, seat.person_id, month_day.year, month_day.month)

    plan = ExportPlan("doc_ui.recap_title", scopes, RECAP_FORMATS, read, documents.render_recap)
    _push(screen, plan)


__all__: Sequence[str] = [
    "DocumentExportScreen",
    "ExportPlan",
    "documents_folder",
    "open_evaluasi_export",
    "open_in_viewer",
    "open_recap_export",
    "save_document",
]
