"""The frame of every screen of the employee's practice workspace.

A :class:`WorkspaceScreen` is a :class:`TutorScreen` that knows the learner's
:class:`~ekinerja_tutor.ui.workspace.Workspace`: it shows the persona line under the sandbox
marker, offers the workspace menu (F4) on every screen, the sandbox clock (F9, only when the
trainer made it visible), and :meth:`WorkspaceScreen.run_service`, which calls a service in a
thread worker and shows a :class:`TutorError` in the status line and beside its field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS, ServiceDone, TutorScreen
from ekinerja_tutor.ui.widgets.i18n import keyed
from ekinerja_tutor.ui.widgets.lesson_state import LessonWorldChanged
from ekinerja_tutor.ui.widgets.persona_bar import PersonaBar

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.services.daily_logs import DailyLogService
    from ekinerja_tutor.services.drafts import DraftStore
    from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
    from ekinerja_tutor.services.results import ResultsService
    from ekinerja_tutor.services.sandboxes import SandboxView
    from ekinerja_tutor.services.skp import SkpService
    from ekinerja_tutor.services.workspace_reads import WorkspaceReadService
    from ekinerja_tutor.ui.workspace import Workspace

ResultT = TypeVar("ResultT")
ServiceT = TypeVar("ServiceT")

WORKSPACE_BINDINGS: list[BindingType] = [
    *STANDARD_BINDINGS,
    # priority: F4 (and F9) stay right after the standard keys even when a focused table
    # brings keys of its own, and no widget can swallow them.
    Binding("f4", "workspace_menu", "ws.menu_key", priority=True),
    Binding("f5", "lesson_player", "lesson_ui.key", priority=True),
    Binding("f9", "sandbox_clock", "ws.clock_key", priority=True),
    # F6 switches seat; a screen that binds F6 itself keeps its own F6 (see check_action).
    Binding("f6", "switch_seat", "review_ui.key_seat"),
]
"""F1 Bantuan, Esc Kembali, F2 English, F3 Tampilan, F4 Menu — then F9 Jam sandbox when shown.
Subclasses append their own keys after these: ``[*WORKSPACE_BINDINGS, Binding(...)]``."""

AREAS: tuple[str, ...] = (
    "daily",
    "skp",
    "rencana_aksi",
    "results",
    "realisasi",
    "field_work",
    "drive",
    "review",
    "assessment",
    "recap_chain",
    "record_meaning",
)
"""What the F4 menu opens, in its order (the dashboard shows the first four and Bantuan)."""

AREA_LABELS: dict[str, str] = {
    "dashboard": "ws.area.dashboard",
    "daily": "ws.area.daily",
    "skp": "ws.area.skp",
    "rencana_aksi": "ws.area.rencana_aksi",
    "results": "ws.area.results",
    "realisasi": "ws.area.realisasi",
    "field_work": "ws.area.field_work",
    "drive": "drive_ui.area",
    "review": "review_ui.area.review",
    "assessment": "review_ui.area.assessment",
    "recap_chain": "review_ui.area.recap_chain",
    "record_meaning": "review_ui.area.record_meaning",
    "help": "ws.area.help",
    "sign_out": "ws.area.sign_out",
}

CLOCK_MOVES: tuple[str, ...] = ("next_day", "month_end", "quarter_end")

REVIEW_AREAS: frozenset[str] = frozenset({"review", "assessment", "recap_chain", "record_meaning"})
"""Areas that act from the active seat (F6); every other area is the persona's own work."""


@dataclass
class SeatChanged(Message):
    """The learner switched seat (F6); every workspace screen hears it."""

    in_supervisor_seat: bool
    seat_name: str


@dataclass
class SandboxMoved(Message):
    """The sandbox's clock moved (or the sandbox view changed); every workspace screen hears it."""

    sandbox: SandboxView


def area_screen(area: str, workspace: Workspace) -> TutorScreen[Any]:
    """The screen for one of :data:`AREAS` (imported when first opened)."""
    if area == "dashboard":
        from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

        return DashboardScreen(workspace)
    if area == "daily":
        from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen

        return DailyWeekScreen(workspace)
    if area == "field_work":
        from ekinerja_tutor.ui.screens.field_work import FieldWorkScreen

        return FieldWorkScreen(workspace)
    if area == "drive":
        from ekinerja_tutor.ui.screens.drive import DriveScreen

        return DriveScreen(workspace)
    if area == "skp":
        from ekinerja_tutor.ui.screens.skp import SkpScreen

        return SkpScreen(workspace)
    if area == "rencana_aksi":
        from ekinerja_tutor.ui.screens.rencana_aksi import RencanaAksiScreen

        return RencanaAksiScreen(workspace)
    if area == "results":
        from ekinerja_tutor.ui.screens.result import ResultScreen

        return ResultScreen(workspace)
    if area == "realisasi":
        from ekinerja_tutor.ui.screens.realisasi import RealisasiScreen

        return RealisasiScreen(workspace)
    if area == "review":
        from ekinerja_tutor.ui.screens.review_inbox import ReviewInboxScreen

        return ReviewInboxScreen(workspace)
    if area == "assessment":
        from ekinerja_tutor.ui.screens.assessment import AssessmentScreen

        return AssessmentScreen(workspace)
    if area == "recap_chain":
        from ekinerja_tutor.ui.screens.recap_chain import RecapChainScreen

        return RecapChainScreen(workspace)
    if area == "record_meaning":
        from ekinerja_tutor.ui.screens.record_meaning import RecordMeaningScreen

        return RecordMeaningScreen(workspace)
    raise ValueError(f"unknown workspace area {area!r}")


class WorkspaceScreen(TutorScreen[ResultT]):
    """Base of the learner's workspace screens; subclasses compose only their body.

    Args:
        workspace: the signed-in learner in their sandbox (kept current when the clock moves).
    """

    BINDINGS: ClassVar[list[BindingType]] = WORKSPACE_BINDINGS
    ACTS_FROM_SEAT: ClassVar[bool] = False
    """True for the review screens, which act from ``workspace.active_seat`` (F6)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    # -- the frame ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, Widget) and widget.id == "marker":
                bar = PersonaBar(self.tr, self.workspace.sandbox, id="persona")
                if self.workspace.in_supervisor_seat:
                    bar.show(self.tr, seat_name=self.workspace.seat_name)
                yield bar

    def language_changed(self) -> None:
        self.query_one("#persona", PersonaBar).show(self.tr)
        for dock in self.query("#lesson-dock"):
            dock.language_changed()  # type: ignore[attr-defined]
        self.workspace_language_changed()

    def workspace_language_changed(self) -> None:
        """Hook for text that is not a plain catalog label (counts, composed lines, tables)."""

    # -- services -----------------------------------------------------------------------------

    @property
    def services(self) -> Services:
        services = self.tutor.services
        assert services is not None, "workspace screens open only after the services are ready"
        return services

    def service(self, name: str, factory: Callable[[Any], ServiceT]) -> ServiceT:
        """One instance per app of a service class (the composition root's, when it has one)."""
        found = getattr(self.services, name, None)
        if found is not None:
            return cast(ServiceT, found)
        extras = self.services.ctx.extras
        key = f"ui.service.{name}"
        if key not in extras:
            extras[key] = factory(self.services.ctx)
        return cast(ServiceT, extras[key])

    @property
    def daily_logs(self) -> DailyLogService:
        from ekinerja_tutor.services.daily_logs import DailyLogService

        return self.service("daily_logs", DailyLogService)

    @property
    def rencana_aksi(self) -> RencanaAksiService:
        from ekinerja_tutor.services.rencana_aksi import RencanaAksiService

        return self.service("rencana_aksi", RencanaAksiService)

    @property
    def skp(self) -> SkpService:
        from ekinerja_tutor.services.skp import SkpService

        return self.service("skp", SkpService)

    @property
    def results(self) -> ResultsService:
        from ekinerja_tutor.services.results import ResultsService

        return self.service("results", ResultsService)

    @property
    def reads(self) -> WorkspaceReadService:
        from ekinerja_tutor.services.workspace_reads import WorkspaceReadService

        return self.service("workspace_reads", WorkspaceReadService)

    @property
    def drafts(self) -> DraftStore:
        """The autosave folder of this installation (local files, outside the database)."""
        from ekinerja_tutor.services.drafts import DraftStore

        return DraftStore(self.services.settings.drafts_dir)

    @property
    def draft_account(self) -> str:
        """Whose drafts: the signed-in account (drafts outlive sessions and timeouts)."""
        principal = self.workspace.principal
        return str(principal.account_id) if principal.account_id is not None else principal.username

    # -- the lesson player (F5) -----------------------------------------------------------------

    LESSON_DOCK: ClassVar[bool] = True
    """The lesson player may dock beside this screen (wide terminals)."""

    def action_lesson_player(self) -> None:
        from ekinerja_tutor.ui.screens.lesson_actions import toggle_player

        toggle_player(self)

    @on(events.ScreenResume)
    def _lesson_dock_resume(self) -> None:
        from ekinerja_tutor.ui.screens.lesson_actions import sync_dock

        sync_dock(self)

    @on(LessonWorldChanged)
    def _lesson_world_changed(self) -> None:
        for dock in self.query("#lesson-dock"):
            dock.poke()  # type: ignore[attr-defined]

    def service_answered(self, event: ServiceDone) -> None:
        self.post_message(LessonWorldChanged())  # the lesson's checks may see the change

    def show_error(self, error: TutorError, *, focus: bool = True) -> None:
        """The error in words in the status line, and beside its field when the screen has one.

        A field is found by the id ``field-<name>`` (a :class:`~ekinerja_tutor.ui.widgets.field.
        Field` or anything with ``show_error``); its input gets the focus.
        """
        self.say_key("ws.error", message=error.message)  # translated again on F2
        self.tutor.note_error_shown(error.render(self.tr.lang))  # for a help-desk ticket
        if error.field is None:
            return
        found = self.query(f"#field-{error.field}")
        if not found:
            return
        holder = found.first()
        self.show_field_error(holder, error.message)
        if focus:
            target = getattr(holder, "input", None) or holder
            if isinstance(target, Widget) and target.focusable:
                target.focus()
            else:
                holder.focus()

    def show_field_error(self, holder: Widget, message: Msg) -> None:
        """``message`` under a field (one with ``show_error``), kept translatable for F2."""
        show = getattr(holder, "show_error", None)
        if not callable(show):
            return
        show(self.tr.msg(message))
        self.tutor.note_error_shown(self.tr.msg(message))  # for a help-desk ticket
        for line in holder.query(".field--error"):
            keyed(line, "ws.field_error", message=message)

    @staticmethod
    def clear_field_error(holder: Widget) -> None:
        clear = getattr(holder, "clear_error", None)
        if callable(clear):
            clear()
        for line in holder.query(".field--error"):
            line.tr_key = None  # type: ignore[attr-defined]  # nothing to translate any more

    # -- the menu and the sandbox clock -------------------------------------------------------

    def action_workspace_menu(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = [("dashboard", self.tr.t(AREA_LABELS["dashboard"]))]
        choices += [(area, self.tr.t(AREA_LABELS[area])) for area in AREAS]
        if self.workspace.supervisor_seat is not None:
            seat_key = (
                "review_ui.menu_own_seat"
                if self.workspace.in_supervisor_seat
                else "review_ui.menu_supervisor_seat"
            )
            choices.append(("switch_seat", self.tr.t(seat_key)))
        choices.append(("lessons", self.tr.t("lesson_ui.area")))
        choices.append(("help", self.tr.t(AREA_LABELS["help"])))
        choices.append(("raise_ticket", self.tr.t("hd.menu.raise")))
        choices.append(("my_tickets", self.tr.t("hd.menu.mine")))
        choices.append(("join_session", self.tr.t("trainer.join_ui.menu")))
        # F2/F3 again here: a browser may keep those keys for itself (textual-serve)
        choices.append(("language", self.tr.t("palette.language")))
        choices.append(("theme", self.tr.t("palette.theme")))
        choices.append(("sign_out", self.tr.t(AREA_LABELS["sign_out"])))
        self.app.push_screen(ActionMenu(self.tr.t("ws.menu_title"), choices), self._menu_chosen)

    def _menu_chosen(self, choice: str | None) -> None:
        if choice is None:
            return
        if choice == "help":
            self.action_help()
        elif choice == "lessons":
            from ekinerja_tutor.ui.screens.lesson_actions import open_lesson_list

            open_lesson_list(self)
        elif choice == "raise_ticket":
            self.tutor.action_raise_ticket()
        elif choice == "my_tickets":
            from ekinerja_tutor.ui.screens.helpdesk_nav import open_my_tickets

            open_my_tickets(self.tutor)
        elif choice == "join_session":
            self.join_training_session()
        elif choice == "language":
            self.tutor.action_toggle_language()
        elif choice == "theme":
            self.tutor.action_cycle_theme()
        elif choice == "sign_out":
            self.tutor.sign_out()
        elif choice == "switch_seat":
            self.switch_seat()
        else:
            self.open_area(choice)

    def join_training_session(self) -> None:
        """The trainer's join code enrols this account in a training session."""
        from ekinerja_tutor.services.training import TrainingService
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        services = self.tutor.services
        if services is None:
            return
        principal = self.workspace.principal

        def submit(values: dict[str, Any]) -> str:
            view = TrainingService(services.ctx).join(principal, str(values["code"]))
            return view.name

        def joined(name: str | None) -> None:
            if name is not None:
                self.say_key("trainer.join_ui.done", name=name)

        fields = [FormField("code", "trainer.join_ui.code", "trainer.join_ui.code_hint")]
        dialog = FormDialog(
            self.tr.t("trainer.join_ui.title"), fields, submit, "trainer.join_ui.submit"
        )
        self.app.push_screen(dialog, joined)

    def open_area(self, area: str) -> None:
        """Open an area on top of the dashboard (the screens between are closed, drafts saved).

        Keeping the stack at "dashboard + one area" keeps Esc predictable and memory flat.
        """
        from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

        if area not in REVIEW_AREAS and area != "dashboard" and self.workspace.in_supervisor_seat:
            self.change_seat(False, "")  # own work is the persona's: say so in the bar too
        stack = self.app.screen_stack
        if not any(isinstance(screen, DashboardScreen) for screen in stack):
            self.app.push_screen(area_screen(area, self.workspace))
            return
        while not isinstance(self.app.screen, DashboardScreen):
            self.app.pop_screen()
        if area != "dashboard":
            self.app.push_screen(area_screen(area, self.workspace))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_seat":
            return self._seat_key_free() and self.workspace.supervisor_seat is not None
        if action == "sandbox_clock":
            return self.workspace.sandbox.clock_keys_visible  # hidden unless the trainer allows
        return super().check_action(action, parameters)

    # -- the seat (F6) --------------------------------------------------------------------------

    def _seat_key_free(self) -> bool:
        """F6 is the seat switch unless this screen binds F6 to something of its own."""
        return all(b.action == "switch_seat" for b in self._bindings.key_to_bindings.get("f6", []))

    def action_switch_seat(self) -> None:
        from textual.actions import SkipAction

        if not self._seat_key_free() or self.workspace.supervisor_seat is None:
            raise SkipAction()  # the screen's own F6 runs instead
        self.switch_seat()

    def switch_seat(self) -> None:
        """Own seat ⇄ the persona's supervisor's seat; the review screens follow the seat."""
        workspace = self.workspace
        target = workspace.supervisor_seat
        if target is None:
            return
        if workspace.in_supervisor_seat:
            self.change_seat(False, "")
            self.say_key("review_ui.seat_own_now")
            return
        from ekinerja_tutor.services.review_desk import ReviewDeskService

        desk = self.service("review_desk", ReviewDeskService)
        self.run_service(desk.seat_summary, target, tag="seat", then=self._seat_found)

    def _seat_found(self, summary: Any) -> None:
        self.change_seat(True, summary.name)  # the name only: the bar keeps to one line
        self.say_key("review_ui.seat_supervisor_now", name=f"{summary.name}, {summary.jabatan}")
        if not self.ACTS_FROM_SEAT:
            self.open_area("review")

    def change_seat(self, in_supervisor_seat: bool, seat_name: str) -> None:
        """Tell every workspace screen (this one at once) which seat the learner sits in."""
        self.workspace = self.workspace.with_seat(in_supervisor_seat, seat_name)
        self.query_one("#persona", PersonaBar).show(self.tr, seat_name=self.workspace.seat_name)
        for screen in self.app.screen_stack:
            if isinstance(screen, WorkspaceScreen) and screen is not self:
                screen.post_message(SeatChanged(in_supervisor_seat, seat_name))
        self.refresh_bindings()
        self.seat_changed()

    @on(SeatChanged)
    def _seat_changed(self, event: SeatChanged) -> None:
        self.workspace = self.workspace.with_seat(event.in_supervisor_seat, event.seat_name)
        self.query_one("#persona", PersonaBar).show(self.tr, seat_name=self.workspace.seat_name)
        self.refresh_bindings()
        self.seat_changed()

    def seat_changed(self) -> None:
        """Hook: the learner switched seat; review screens reload from the new seat."""

    def action_sandbox_clock(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        if not self.workspace.sandbox.clock_keys_visible:
            return
        choices = [(move, self.tr.t(f"ws.clock.{move}")) for move in CLOCK_MOVES]
        self.app.push_screen(ActionMenu(self.tr.t("ws.clock_title"), choices), self._move_clock)

    def _move_clock(self, move: str | None) -> None:
        if move is None:
            return
        sandboxes = self.services.sandboxes
        self.run_service(
            sandboxes.move_own_clock,
            self.workspace.principal,
            self.workspace.sandbox.id,
            move=move,
            tag="clock",
            then=self._clock_moved,
        )

    def _clock_moved(self, view: SandboxView) -> None:
        from ekinerja_tutor.domain.calendar import date_label

        for screen in self.app.screen_stack:
            if isinstance(screen, WorkspaceScreen):
                screen.post_message(SandboxMoved(view))
        self.say_key("ws.clock_moved", today=date_label(view.today.date()))

    @on(SandboxMoved)
    def _sandbox_moved(self, event: SandboxMoved) -> None:
        self.workspace = self.workspace.with_sandbox(event.sandbox)
        self.query_one("#persona", PersonaBar).show(self.tr, event.sandbox)
        self.refresh_bindings()
        self.sandbox_changed()

    def sandbox_changed(self) -> None:
        """Hook: the sandbox's today moved; reload what depends on it."""

    def refresh_workspace(self) -> None:
        """Read the sandbox again (e.g. after the trainer changed it) and tell every screen."""
        self.run_service(
            self.services.sandboxes.get,
            self.workspace.principal,
            self.workspace.sandbox.id,
            tag="sandbox",
            then=self._clock_moved_quietly,
        )

    def _clock_moved_quietly(self, view: SandboxView) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, WorkspaceScreen):
                screen.post_message(SandboxMoved(view))


__all__ = [
    "AREAS",
    "AREA_LABELS",
    "WORKSPACE_BINDINGS",
    "SandboxMoved",
    "SeatChanged",
    "ServiceDone",
    "WorkspaceScreen",
    "area_screen",
]
