"""Matriks Peran Hasil: the seat's own RHKs against its direct subordinates.

A grid of RHKs × people does not fit 80 columns with readable text, so each own RHK is a block
listing, per subordinate, the RHKs that support it (and saying plainly when none does yet).
PgUp/PgDn change the year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.skp import skp_status_label
from ekinerja_tutor.ui.screens.review_common import SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS

if TYPE_CHECKING:
    from ekinerja_tutor.services.skp import MatriksView
    from ekinerja_tutor.ui.workspace import Workspace


class MatriksScreen(SeatScreen):
    DEFAULT_CSS = """
    MatriksScreen #mx-head { padding: 0 1; text-style: bold; height: auto; }
    MatriksScreen #mx-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    MatriksScreen #mx-body:focus { border: heavy $border; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.matriks_title"
    HELP_KEY: ClassVar[str] = "review_ui.matriks_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_year", "review_ui.key_prev_year"),
        Binding("pagedown", "next_year", "review_ui.key_next_year"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.year = workspace.sandbox.today.year
        self.view: MatriksView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="mx-head", markup=False)
        with VerticalScroll(id="mx-body"):
            yield Static("", id="mx-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#mx-body").focus()
        self.say_first("review_ui.matriks_status")
        self.load()

    def load(self) -> None:
        self.run_service(
            self.skp.matriks_peran_hasil, self.review_seat, self.year, tag="mx", then=self.show
        )

    def show(self, view: MatriksView) -> None:
        self.view = view
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one("#mx-text", Static).content)

    def draw(self) -> None:
        tr = self.tr
        view = self.view
        if view is None:
            return
        self.query_one("#mx-head", Static).update(
            Content(
                tr.t(
                    "review_ui.matriks_head",
                    year=view.year,
                    rows=len(view.rows),
                    people=len(view.columns),
                )
            )
        )
        lines: list[str] = []
        if view.reason is not None:
            lines.append(tr.msg(view.reason))
        if view.columns:
            lines.append(tr.t("review_ui.matriks_people"))
            for column in view.columns:
                status = (
                    tr.msg(skp_status_label(column.skp_status))
                    if column.skp_status is not None
                    else tr.t("review_ui.matriks_no_skp")
                )
                lines.append(f" • {column.name} — {column.jabatan} ({status})")
            lines.append("")
        for number, row in enumerate(view.rows, start=1):
            lines.append(tr.t("review_ui.matriks_rhk", number=number, text=row.text))
            for column, cell in zip(view.columns, row.cells, strict=True):
                if cell:
                    for rhk in cell:
                        lines.append(f"   ✓ {column.name}: {rhk.text}")
                else:
                    lines.append("   · " + tr.t("review_ui.matriks_empty", name=column.name))
            lines.append("")
        self.query_one("#mx-text", Static).update(Content("\n".join(lines)))

    def workspace_language_changed(self) -> None:
        self.draw()

    def action_previous_year(self) -> None:
        self.year -= 1
        self.load()

    def action_next_year(self) -> None:
        self.year += 1
        self.load()
