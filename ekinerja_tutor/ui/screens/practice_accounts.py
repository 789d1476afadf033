"""The practice accounts, to pick one for the login form (so nothing is typed twice)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.widgets.i18n import TLabel


class PracticeAccountsScreen(TutorScreen[str | None]):
    """Enter on a row returns its username to the login screen; Esc returns nothing."""

    DEFAULT_CSS = """
    PracticeAccountsScreen #accounts-intro { padding: 0 1; margin: 1 0; }
    PracticeAccountsScreen DataTable { height: 1fr; margin: 0 1; }
    """

    TITLE_KEY: ClassVar[str] = "login.accounts_title"
    HELP_KEY: ClassVar[str] = "login.accounts_help"

    def compose_body(self) -> ComposeResult:
        yield TLabel(self.tr, "login.accounts_intro", id="accounts-intro")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.fill_table()
        self.query_one(DataTable).focus()
        self.say_key("login.accounts_status")

    def language_changed(self) -> None:
        self.fill_table()

    def fill_table(self) -> None:
        services = self.tutor.services
        table = self.query_one(DataTable)
        table.clear(columns=True)
        tr = self.tr
        table.add_columns(
            *(Text(tr.t(f"login.col_{name}")) for name in ("username", "alias", "name", "roles"))
        )
        if services is None:
            return
        for row in services.seeding.account_directory():
            table.add_row(
                Text(row.username),
                Text(row.alias or "-"),
                Text(row.name),
                Text(", ".join(row.roles)),
                key=row.username,
            )

    @on(DataTable.RowSelected)
    def choose_account(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_back(self) -> None:
        self.dismiss(None)
