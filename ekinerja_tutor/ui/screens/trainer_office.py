"""The office view: every employee × lesson with the date last completed, by Bidang.

For refresher rounds: who has never done a lesson, and who did it long ago.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Select, Static

from ekinerja_tutor.ui.screens.trainer_base import TrainerScreen

if TYPE_CHECKING:
    from ekinerja_tutor.services.training import OfficeView


class TrainerOfficeScreen(TrainerScreen[None]):
    DEFAULT_CSS = """
    TrainerOfficeScreen #bidang { width: 60; margin: 0 1; }
    TrainerOfficeScreen #office { height: 1fr; }
    TrainerOfficeScreen #office-legend { height: auto; max-height: 6; padding: 0 1; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.office_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.office_help"

    def __init__(self) -> None:
        super().__init__()
        self.view: OfficeView | None = None

    def compose_body(self) -> ComposeResult:
        yield Select[str]([], prompt=self.tr.t("trainer.ui.all_bidang"), id="bidang")
        yield DataTable(id="office", cursor_type="row", zebra_stripes=True)
        yield Static("", id="office-legend", markup=False)

    def on_mount(self) -> None:
        self.say_first("trainer.ui.loading")
        self.load(None, first=True)

    def load(self, bidang: str | None, *, first: bool = False) -> None:
        self.run_service(
            self.training.office_view,
            self.principal,
            bidang=bidang,
            lang=self.tr.lang,
            tag="office",
            then=lambda view: self.show(view, first=first),
        )

    @on(Select.Changed, "#bidang")
    def _filter(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        self.load(value)

    def show(self, view: OfficeView, *, first: bool = False) -> None:
        self.view = view
        tr = self.tr
        if first:
            self.query_one("#bidang", Select).set_options(
                [(Text(name), code) for code, name in view.bidang]
            )
        table = self.query_one("#office", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr.t("trainer.col.name")))
        table.add_column(Text(tr.t("trainer.col.bidang")))
        for index, _ in enumerate(view.lessons, start=1):
            table.add_column(Text(f"L{index}"))
        never = tr.t("trainer.ui.never")
        for row in view.rows:
            table.add_row(
                Text(row.display_name),
                Text(row.bidang or "-"),
                *(Text(f"✓ {d.date():%d-%m-%Y}" if d else f"· {never}") for d in row.completed),
            )
        legend = "  ".join(f"L{i} {title}" for i, (_lid, title) in enumerate(view.lessons, start=1))
        self.query_one("#office-legend", Static).update(Text(legend))
        self.say_key("trainer.ui.office_status", count=len(view.rows))
        if first:
            table.focus()

    def language_changed(self) -> None:
        if self.view is not None:
            self.show(self.view)
