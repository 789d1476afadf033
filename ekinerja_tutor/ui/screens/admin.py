"""The Admin Instansi's screen: accounts, password and device resets, profile and period fixes.

Every permission is the service's (an admin does everything; a trainer may reset devices and
switch the practice phone's failures). Destructive actions are confirmed in specific words
with "Batal" focused. User text (names) is always shown literally.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import Button, DataTable, Input

from ekinerja_tutor.domain.errors import PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.screens.confirm import ConfirmScreen
from ekinerja_tutor.ui.screens.dialogs import (
    ActionMenu,
    FormDialog,
    FormField,
    OneTimePasswordScreen,
)
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed

if TYPE_CHECKING:
    from ekinerja_tutor.services.actors import Principal
    from ekinerja_tutor.services.admin import AccountView

ACTIONS = ("reset_password", "reset_device", "unlock", "phone_failure", "persona", "period")
TRAINER_ACTIONS = ("reset_device", "phone_failure")


def _int(values: dict[str, Any], name: str) -> int:
    try:
        return int(str(values[name]).strip())
    except ValueError:
        raise ValidationError("admin_ui.number_invalid", field=name, value=values[name]) from None


class AdminScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    AdminScreen #admin-body { padding: 0 1; height: 1fr; }
    AdminScreen #admin-intro { margin-bottom: 1; }
    AdminScreen DataTable { height: 1fr; }
    AdminScreen #admin-buttons { height: auto; margin-top: 1; }
    AdminScreen #admin-buttons Button { margin-right: 2; }
    AdminScreen #lookup-field { display: none; }
    AdminScreen.-no-list #lookup-field { display: block; }
    AdminScreen.-no-list DataTable { display: none; }
    """

    TITLE_KEY: ClassVar[str] = "admin_ui.title"
    HELP_KEY: ClassVar[str] = "admin_ui.help"

    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[str, AccountView] = {}

    @property
    def principal(self) -> Principal:
        session = self.tutor.session
        assert session is not None
        return session.principal

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="admin-body"):
            yield TLabel(tr, "admin_ui.intro", id="admin-intro")
            yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
            yield Field(
                tr,
                "admin_ui.lookup_label",
                keyed(Input(id="lookup"), "admin_ui.lookup_placeholder"),
                hint_key="admin_ui.lookup_hint",
                id="lookup-field",
            )
            with Horizontal(id="admin-buttons"):
                yield TButton(tr, "admin_ui.actions", id="actions", variant="primary")
                if self.principal.has(Role.ADMIN):
                    yield TButton(tr, "admin_ui.add_user", id="add-user")

    def on_mount(self) -> None:
        self.load_accounts()
        self.say_key("admin_ui.status")

    def language_changed(self) -> None:
        self.load_accounts()

    # -- the list -----------------------------------------------------------------------------

    def load_accounts(self) -> None:
        table = self.query_one(DataTable)
        tr = self.tr
        try:
            views = self.tutor.admin.list_users(self.principal)
        except PermissionDenied:
            self.add_class("-no-list")
            self.query_one("#lookup", Input).focus()
            return
        keep = table.cursor_row
        table.clear(columns=True)
        for name in ("username", "name", "state", "roles"):
            table.add_column(Text(tr.t(f"admin_ui.col_{name}")))
        self.accounts = {view.username: view for view in views}
        for view in views:
            table.add_row(
                Text(view.username),
                Text(view.display_name),
                Text(self.describe(view)),
                Text(", ".join(sorted(r.value for r in view.roles))),
                key=view.username,
            )
        if views:
            table.move_cursor(row=min(keep, len(views) - 1))
        table.focus()

    def describe(self, view: AccountView) -> str:
        tr = self.tr
        parts = []
        if view.locked:
            parts.append(tr.t("admin_ui.state_locked"))
        if view.must_change_password:
            parts.append(tr.t("admin_ui.state_must_change"))
        if view.device_enrolled:
            parts.append(tr.t("admin_ui.state_device", device=view.device_name or "-"))
        elif view.enrolment_pending:
            parts.append(tr.t("admin_ui.state_pending"))
        else:
            parts.append(tr.t("admin_ui.state_no_device"))
        if view.phone_lost:
            parts.append(tr.t("admin_ui.state_phone_lost"))
        if view.phone_clock_offset_s:
            parts.append(tr.t("admin_ui.state_clock", minutes=view.phone_clock_offset_s / 60))
        return ", ".join(parts)

    def selected(self) -> tuple[str, str] | None:
        """(username, display name) of the chosen account, or None with a message."""
        if self.has_class("-no-list"):
            typed = self.query_one("#lookup", Input).value.strip()
            if not typed:
                field = self.query_one("#lookup-field", Field)
                field.show_error(self.tr.t("admin_ui.lookup_required"))
                field.input.focus()
                return None
            return typed, typed
        table = self.query_one(DataTable)
        if not self.accounts or table.cursor_row < 0:
            self.say_key("admin_ui.none_selected")
            return None
        username = str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        view = self.accounts[username]
        return view.username, view.display_name

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    @on(Input.Submitted, "#lookup")
    @on(Button.Pressed, "#actions")
    def open_actions(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        username, name = chosen
        allowed = ACTIONS if self.principal.has(Role.ADMIN) else TRAINER_ACTIONS
        menu = ActionMenu(
            self.tr.t("admin_ui.menu_title", name=name, username=username),
            [(a, self.tr.t(f"admin_ui.action_{a}")) for a in allowed],
        )

        def run(action: str | None) -> None:
            if action is not None:
                self.run_action_for(action, username, name)

        self.app.push_screen(menu, callback=run)

    def run_action_for(self, action: str, username: str, name: str) -> None:
        tr = self.tr
        if action == "reset_password":
            self.confirm(
                tr.t("admin_ui.confirm_reset_password", name=name, username=username),
                tr.t("admin_ui.yes_reset_password"),
                lambda: self.reset_password(username, name),
            )
        elif action == "reset_device":
            device = self.accounts[username].device_name if username in self.accounts else None
            self.confirm(
                tr.t(
                    "admin_ui.confirm_reset_device",
                    name=name,
                    username=username,
                    device=device or "-",
                ),
                tr.t("admin_ui.yes_reset_device"),
                lambda: self.call_service(
                    "admin_ui.done_reset_device", name, self.tutor.admin.reset_device, username
                ),
            )
        elif action == "unlock":
            self.call_service(
                "admin_ui.done_unlock", name, self.tutor.admin.unlock_account, username
            )
        elif action == "phone_failure":
            self.open_phone_failure(username, name)
        elif action == "persona":
            self.open_persona(username, name)
        elif action == "period":
            self.open_period(username, name)

    def confirm(self, question: str, yes: str, then: Any) -> None:
        def answered(ok: bool | None) -> None:
            if ok:
                then()
            else:
                self.say_key("admin_ui.cancelled")

        self.app.push_screen(ConfirmScreen(question, yes), callback=answered)

    def call_service(self, done_key: str, name: str, method: Any, *args: Any) -> None:
        try:
            method(self.principal, *args)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.say(as_tutor_error(error).render(self.tr.lang))
            return
        self.say_key(done_key, name=name)
        self.load_accounts()

    def after_form(self, done_key: str, name: str) -> Any:
        def done(result: Any) -> None:
            if result is None:
                self.say_key("admin_ui.cancelled")
                return
            self.say_key(done_key, name=name)
            self.load_accounts()

        return done

    @work(thread=True, exclusive=True, group="admin-password")
    def reset_password(self, username: str, name: str) -> None:
        """argon2 hashes the new one-time password (~0.1 s): done off the UI thread."""
        try:
            password = self.tutor.admin.reset_password(self.principal, username)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.app.call_from_thread(self.say, as_tutor_error(error).render(self.tr.lang))
            return
        self.app.call_from_thread(self.show_new_password, name, password)

    def show_new_password(self, name: str, password: str) -> None:
        self.say_key("admin_ui.done_reset_password", name=name)
        self.load_accounts()
        self.app.push_screen(OneTimePasswordScreen(name, password))

    def open_phone_failure(self, username: str, name: str) -> None:
        view = self.accounts.get(username)
        minutes = view.phone_clock_offset_s / 60 if view else 0

        def submit(values: dict[str, Any]) -> AccountView:
            offset = _int(values, "clock_offset_minutes")
            return self.tutor.admin.set_phone_failure(
                self.principal, username, clock_offset_minutes=offset, lost=values["lost"]
            )

        fields = [
            FormField(
                "clock_offset_minutes",
                "admin_ui.clock_label",
                "admin_ui.clock_hint",
                value=f"{minutes:g}",
            ),
            FormField(
                "lost", "admin_ui.lost_label", check=True, value=bool(view and view.phone_lost)
            ),
        ]
        title = self.tr.t("admin_ui.action_phone_failure") + f" — {name}"
        self.app.push_screen(
            FormDialog(title, fields, submit, "admin_ui.save"),
            callback=self.after_form("admin_ui.done_phone_failure", name),
        )

    def open_persona(self, username: str, name: str) -> None:
        def submit(values: dict[str, Any]) -> Any:
            return self.tutor.admin.correct_persona(
                self.principal,
                username,
                supervisor_key=values["supervisor_key"].strip() or None,
                unit_code=values["unit_code"].strip() or None,
            )

        fields = [
            FormField("supervisor_key", "admin_ui.supervisor_label", "admin_ui.supervisor_hint"),
            FormField("unit_code", "admin_ui.unit_label", "admin_ui.unit_hint"),
        ]
        title = self.tr.t("admin_ui.action_persona") + f" — {name}"
        self.app.push_screen(
            FormDialog(title, fields, submit, "admin_ui.save"),
            callback=self.after_form("admin_ui.done_persona", name),
        )

    def open_period(self, username: str, name: str) -> None:
        def submit(values: dict[str, Any]) -> Any:
            year, month = _int(values, "year"), _int(values, "month")
            try:
                until = dt.datetime.strptime(values["until"].strip(), "%Y-%m-%d").replace(
                    hour=23, minute=59
                )
            except ValueError:
                raise ValidationError(
                    "error.date_invalid", field="until", value=values["until"]
                ) from None
            return self.tutor.admin.unlock_period(self.principal, username, year, month, until)

        fields = [
            FormField("year", "admin_ui.year_label", "admin_ui.year_hint"),
            FormField("month", "admin_ui.month_label", "admin_ui.month_hint"),
            FormField("until", "admin_ui.until_label", "admin_ui.until_hint"),
        ]
        title = self.tr.t("admin_ui.action_period") + f" — {name}"
        self.app.push_screen(
            FormDialog(title, fields, submit, "admin_ui.save"),
            callback=self.after_form("admin_ui.done_period", name),
        )

    @on(Button.Pressed, "#add-user")
    def open_add_user(self) -> None:
        def submit(values: dict[str, Any]) -> tuple[AccountView, str]:
            roles = [role for role in Role if values[f"role_{role.value}"]]
            return self.tutor.admin.add_user(
                self.principal,
                values["username"],
                values["display_name"],
                roles,
                nip=values["nip"] or None,
                persona_key=values["persona_key"].strip() or None,
            )

        fields = [
            FormField("username", "admin_ui.username_label", "admin_ui.username_hint"),
            FormField("display_name", "admin_ui.display_name_label", "admin_ui.display_name_hint"),
            FormField("nip", "admin_ui.nip_label", "admin_ui.nip_hint"),
            *(
                FormField(
                    f"role_{role.value}",
                    f"admin_ui.role_{role.value}",
                    check=True,
                    value=role is Role.LEARNER,
                )
                for role in Role
            ),
            FormField("persona_key", "admin_ui.persona_label", "admin_ui.persona_hint"),
        ]

        def added(result: tuple[AccountView, str] | None) -> None:
            if result is None:
                self.say_key("admin_ui.cancelled")
                return
            view, password = result
            self.say_key("admin_ui.done_add_user", name=view.display_name)
            self.load_accounts()
            self.app.push_screen(OneTimePasswordScreen(view.display_name, password))

        self.app.push_screen(
            FormDialog(self.tr.t("admin_ui.add_user"), fields, submit, "admin_ui.add_submit"),
            callback=added,
        )
