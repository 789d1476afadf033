"""After signing in: who you are, the persona you play in your sandbox, its today, logout.

For a learner this screen only prepares the sandbox (the first time takes a while) and then
gives way to the practice workspace's dashboard. Staff (admin, trainer, mentor) stay here: it
is their account page, with the admin screen and, when their account plays a persona, a button
to the practice workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button

from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS, TutorScreen
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.sandboxes import SandboxView
    from ekinerja_tutor.ui.workspace import Workspace


@dataclass
class SandboxShown(Message):
    view: SandboxView | None
    error: TutorError | None
    supervisor_id: int | None = None


class HomeScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    HomeScreen #home-body { padding: 0 1; }
    HomeScreen #home-who { margin: 1 0; text-style: bold; }
    HomeScreen #home-sandbox { height: auto; border: round $border; padding: 0 1; }
    HomeScreen #home-buttons {
        layout: grid; grid-size: 3; grid-gutter: 0 2; grid-rows: 3; height: auto;
    }
    HomeScreen #home-buttons Button { width: 100%; }
    """

    TITLE_KEY: ClassVar[str] = "home.title"
    HELP_KEY: ClassVar[str] = "home.help"
    CAN_GO_BACK: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("f8", "sign_out", "home.logout_key"),
    ]

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self.initial_status = notice
        self.workspace: Workspace | None = None

    def compose_body(self) -> ComposeResult:
        from ekinerja_tutor.domain.statuses import Role

        tr = self.tr
        session = self.tutor.session
        assert session is not None
        with FormScroll(id="home-body"):
            yield TLabel(
                tr,
                "home.signed_in_as",
                id="home-who",
                params={"name": session.display_name, "username": session.principal.username},
            )
            with Vertical(id="home-sandbox"):
                yield TLabel(tr, "home.loading", id="home-persona")
                yield TLabel(tr, "home.empty", id="home-jabatan")
                yield TLabel(tr, "home.empty", id="home-unit")
                yield TLabel(tr, "home.empty", id="home-today")
            with Horizontal(id="home-buttons"):
                yield TButton(tr, "ws.open_workspace", id="workspace")
                if session.principal.has(Role.ADMIN, Role.TRAINER):
                    yield TButton(tr, "home.admin", id="admin")
                if session.principal.has(Role.MENTOR, Role.TRAINER, Role.ADMIN):
                    yield TButton(tr, "hd.home.helpdesk", id="helpdesk")
                if session.principal.has(Role.TRAINER):
                    yield TButton(tr, "trainer.home.console", id="trainer-console")
                yield TButton(tr, "home.logout", id="logout", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#workspace", Button).display = False
        self.query_one("#home-sandbox").border_title = self.tr.t("home.sandbox_title")
        self.show_sandbox()
        # Enter right after signing in opens the account's main tool; it never signs out.
        for tool in ("#trainer-console", "#helpdesk", "#admin", "#logout"):
            found = self.query(tool)
            if found:
                found.first(Button).focus()
                break
        self.say_first("home.status")

    def language_changed(self) -> None:
        self.query_one("#home-sandbox").border_title = self.tr.t("home.sandbox_title")

    @work(thread=True, exclusive=True, group="home-sandbox")
    def show_sandbox(self) -> None:
        """The learner's sandbox, built on first use (that can take a while: in a thread)."""
        from ekinerja_tutor.domain.errors import NotFound
        from ekinerja_tutor.ui.errors import as_tutor_error

        session = self.tutor.session
        services = self.tutor.services
        if session is None or services is None or session.principal.account_id is None:
            return
        try:
            view = services.sandboxes.ensure_for_account(
                session.principal, session.principal.account_id
            )
            # Simulated colleagues act on the next read after their time has come.
            from ekinerja_tutor.services.simulation import SimulationService

            SimulationService(services.ctx).catch_up(view.id)
        except NotFound as missing:
            from ekinerja_tutor.domain.statuses import Role

            learner = session.principal.has(Role.LEARNER)
            self.post_message(SandboxShown(None, missing if learner else None))
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(SandboxShown(None, as_tutor_error(error)))
        else:
            supervisor = None
            if view.persona_id is not None:
                from ekinerja_tutor.services.workspace_reads import WorkspaceReadService

                try:
                    reads = WorkspaceReadService(services.ctx)
                    supervisor = reads.persona_supervisor(session.principal, view.id)
                except Exception:  # the workspace still opens; only the second seat is missing
                    supervisor = None
            self.post_message(SandboxShown(view, None, supervisor))

    @on(SandboxShown)
    def fill_sandbox(self, event: SandboxShown) -> None:
        tr = self.tr
        persona = self.query_one("#home-persona", TLabel)
        if event.error is not None:
            persona.update(event.error.render(tr.lang))
            return
        view = event.view
        if view is None:
            persona.set_key(tr, "home.no_sandbox")
            for name in ("jabatan", "unit", "today"):
                self.query_one(f"#home-{name}", TLabel).display = False
            return
        persona.set_key(tr, "home.persona", name=view.persona_name or "-")
        self.query_one("#home-jabatan", TLabel).set_key(
            tr, "home.jabatan", jabatan=view.jabatan or "-"
        )
        self.query_one("#home-unit", TLabel).set_key(tr, "home.unit", unit=view.unit_name or "-")
        self.query_one("#home-today", TLabel).set_key(
            tr, "home.today", today=view.today.strftime("%d-%m-%Y %H:%M")
        )
        if view.persona_id is None:
            return
        from ekinerja_tutor.ui.workspace import Workspace

        session = self.tutor.session
        assert session is not None
        self.workspace = Workspace(session.principal, view, event.supervisor_id)
        self.query_one("#workspace", Button).display = True
        if not session.principal.is_staff and self.is_current:
            self.open_workspace(replace=True)

    def open_workspace(self, *, replace: bool = False) -> None:
        """The learner's landing screen; it replaces this one for a learner (nothing to go
        back to), and opens on top of it for staff (Esc comes back here)."""
        from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

        if self.workspace is None:
            return
        dashboard = DashboardScreen(self.workspace)
        dashboard.initial_status = self.initial_status
        if replace:
            self.app.switch_screen(dashboard)
        else:
            self.app.push_screen(dashboard)

    @on(Button.Pressed, "#workspace")
    def open_workspace_for_staff(self) -> None:
        self.open_workspace()

    @on(Button.Pressed, "#admin")
    def open_admin(self) -> None:
        from ekinerja_tutor.ui.screens.admin import AdminScreen

        self.app.push_screen(AdminScreen())

    @on(Button.Pressed, "#helpdesk")
    def open_helpdesk(self) -> None:
        from ekinerja_tutor.ui.screens.helpdesk_nav import open_staff_helpdesk

        open_staff_helpdesk(self.tutor)

    @on(Button.Pressed, "#trainer-console")
    def open_trainer_console(self) -> None:
        from ekinerja_tutor.ui.screens.trainer_sessions import TrainerSessionsScreen

        self.app.push_screen(TrainerSessionsScreen())

    @on(Button.Pressed, "#logout")
    def action_sign_out(self) -> None:
        self.tutor.sign_out()
