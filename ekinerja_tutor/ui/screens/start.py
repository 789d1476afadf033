"""The first screen: what this program is, the database in use, the practice accounts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from ekinerja_tutor.ui.messages import LanguageChanged, ServicesFailed, ServicesReady
from ekinerja_tutor.ui.widgets.marker import SandboxMarker


class StartScreen(Screen[None]):
    DEFAULT_CSS = """
    StartScreen #welcome { text-style: bold; padding: 1 1 0 1; }
    StartScreen #body { padding: 0 1 1 1; }
    StartScreen #status { dock: bottom; height: 1; padding: 0 1; background: $panel; }
    StartScreen DataTable { height: auto; max-height: 16; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        yield SandboxMarker(tr.t("app.sandbox_marker"), id="marker")
        with VerticalScroll():
            yield Label(tr.t("start.welcome"), id="welcome", markup=False)
            yield Label(tr.t("start.body"), id="body", markup=False)
            yield Label(tr.t("ui.start.accounts_title"), id="accounts-title", markup=False)
            yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        yield Static(tr.t("ui.loading"), id="status", markup=False)
        yield Footer()

    @on(ServicesReady)
    def show_accounts(self) -> None:
        from rich.text import Text

        services = self.app.services  # type: ignore[attr-defined]
        tr = self.app.tr  # type: ignore[attr-defined]
        rows = services.seeding.account_directory()
        table = self.query_one("#accounts", DataTable)
        table.clear(columns=True)
        table.add_columns("Username", "Roles", "Nama / Name", "Jabatan")
        for row in rows:
            table.add_row(
                Text(row.username), Text(", ".join(row.roles)), Text(row.name),
                Text(row.jabatan or "-"),
            )
        status = self.query_one("#status", Static)
        status.update(tr.t("ui.status.database", url=services.ctx.db.display_url()))

    @on(ServicesFailed)
    def show_failure(self, event: ServicesFailed) -> None:
        tr = self.app.tr  # type: ignore[attr-defined]
        self.query_one("#status", Static).update(f"{tr.t('ui.error_title')}: {event.reason}")

    @on(LanguageChanged)
    def relabel(self) -> None:
        tr = self.app.tr  # type: ignore[attr-defined]
        self.query_one("#welcome", Label).update(tr.t("start.welcome"))
        self.query_one("#body", Label).update(tr.t("start.body"))
        self.query_one("#accounts-title", Label).update(tr.t("ui.start.accounts_title"))
        self.query_one("#marker", SandboxMarker).update(tr.t("app.sandbox_marker"))
