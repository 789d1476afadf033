"""Opening the lesson player, the lesson list, and starting a lesson from any workspace screen.

Starting (or resetting) a lesson rebuilds the learner's sandbox from the lesson's scenario, so
the people in it are new rows: the workspace is read again and the learner lands on a fresh
dashboard, with the player shown (docked when wide, full screen when narrow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ekinerja_tutor.ui.widgets.lesson_state import WIDE, lesson_service, player_state

if TYPE_CHECKING:
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
    from ekinerja_tutor.ui.widgets.lesson_panel import LessonPanel
    from ekinerja_tutor.ui.workspace import Workspace


def sync_dock(screen: Screen[Any]) -> LessonPanel | None:
    """Show (mounting it on first use) or hide the docked player of a workspace screen."""
    from ekinerja_tutor.ui.widgets.lesson_panel import LessonPanel, dock_of

    dock = dock_of(screen)
    if dock is None:
        state = player_state(screen.app)
        if not (state.visible and screen.app.size.width >= WIDE):
            return None
        if not getattr(screen, "LESSON_DOCK", False):
            return None
        dock = LessonPanel(docked=True, id="lesson-dock")
        screen.mount(dock)  # shows itself once mounted
        return dock
    dock.sync()
    return dock


def toggle_player(screen: Screen[Any]) -> None:
    """F5. Wide: show the docked player and move into it; from inside it, close it.
    Narrow: open the player full screen (F5 or Esc there comes back)."""
    from ekinerja_tutor.ui.screens.lesson_player import LessonPlayerScreen
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
    from ekinerja_tutor.ui.widgets.lesson_panel import dock_of

    state = player_state(screen.app)
    if isinstance(screen, LessonPlayerScreen):
        state.visible = False
        screen.dismiss()
        return
    if not isinstance(screen, WorkspaceScreen):
        return
    dock = dock_of(screen)
    if screen.app.size.width < WIDE or not screen.LESSON_DOCK:
        state.visible = True
        screen.app.push_screen(LessonPlayerScreen(screen.workspace))
        return
    if dock is None or not state.visible or not dock.display:
        state.visible = True
        dock = sync_dock(screen)
        if dock is not None:
            screen.call_after_refresh(dock.focus_first)
    elif dock.has_focus_within:
        state.visible = False
        dock.sync()
        screen.focus_next()
    else:
        dock.focus_first()


def show_player(screen: Screen[Any]) -> None:
    """Make sure the player is on and in view (after starting or choosing a lesson)."""
    from ekinerja_tutor.ui.screens.lesson_player import LessonPlayerScreen
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
    from ekinerja_tutor.ui.widgets.lesson_panel import dock_of

    state = player_state(screen.app)
    state.visible = True
    if not isinstance(screen, WorkspaceScreen):
        return
    if screen.app.size.width >= WIDE and screen.LESSON_DOCK:
        dock = dock_of(screen)
        if dock is not None:
            dock.waiting_next = False
            dock.step_index = None
        dock = sync_dock(screen)
        if dock is not None:
            screen.call_after_refresh(dock.focus_first)
    else:
        screen.app.push_screen(LessonPlayerScreen(screen.workspace))


def open_lesson_list(screen: Screen[Any]) -> None:
    """The lesson list, on top of the workspace screen (from the full player: instead of it)."""
    from ekinerja_tutor.ui.screens.lesson_list import LessonListScreen
    from ekinerja_tutor.ui.screens.lesson_player import LessonPlayerScreen
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen

    if isinstance(screen, LessonPlayerScreen):
        screen.dismiss()
    if isinstance(screen, WorkspaceScreen):
        screen.app.push_screen(LessonListScreen(screen.workspace))


def open_lesson(screen: Screen[Any], lesson_id: str, title: str, *, running: bool) -> None:
    """Resume a running lesson in the player, or ask, then start it (the sandbox is reset)."""
    tr = screen.app.tr  # type: ignore[attr-defined]
    if running:
        state = player_state(screen.app)
        state.lesson_id = lesson_id
        show_player(screen)
        return
    confirm_and_start(
        screen,
        lesson_id,
        tr.t("lesson_ui.start_question", title=title),
        tr.t("lesson_ui.start_yes"),
        done_key="lesson_ui.started",
    )


def confirm_and_start(
    screen: Screen[Any], lesson_id: str, question: str, yes: str, *, done_key: str
) -> None:
    """Ask first; then start the lesson (sandbox reset) and land on a fresh dashboard."""
    from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

    def answered(ok: bool | None) -> None:
        if ok:
            start_lesson(screen, lesson_id, done_key=done_key)

    screen.app.push_screen(ConfirmScreen(question, yes), answered)


def start_lesson(screen: Screen[Any], lesson_id: str, *, done_key: str) -> None:
    app = screen.app
    session = getattr(app, "session", None)
    services = getattr(app, "services", None)
    service = lesson_service(app)
    if session is None or services is None or service is None:
        return
    principal = session.principal
    lang = app.tr.lang  # type: ignore[attr-defined]
    say = getattr(screen, "say_key", None)
    if callable(say):
        say("lesson_ui.starting")

    def run() -> None:
        from ekinerja_tutor.services.workspace_reads import WorkspaceReadService
        from ekinerja_tutor.ui.errors import as_tutor_error
        from ekinerja_tutor.ui.workspace import Workspace

        try:
            service.start(principal, lesson_id, lang)
            assert principal.account_id is not None
            view = services.sandboxes.ensure_for_account(principal, principal.account_id)
            supervisor = WorkspaceReadService(services.ctx).persona_supervisor(principal, view.id)
        except Exception as error:
            failed = as_tutor_error(error)
            app.call_from_thread(_start_failed, app, failed)
            return
        workspace = Workspace(principal, view, supervisor)
        app.call_from_thread(_landed, app, workspace, lesson_id, done_key)

    app.run_worker(run, thread=True, group="lesson-start", exit_on_error=False)


def _start_failed(app: Any, error: Any) -> None:
    show = getattr(app.screen, "show_error", None)
    if callable(show):
        show(error)


def _landed(app: Any, workspace: Workspace, lesson_id: str, done_key: str) -> None:
    """The sandbox was rebuilt: a fresh dashboard, the player on the lesson's first step."""
    from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

    state = player_state(app)
    state.lesson_id = lesson_id
    state.visible = True
    while len(app.screen_stack) > 1 and not isinstance(app.screen, DashboardScreen):
        app.pop_screen()
    dashboard: WorkspaceScreen[Any] = DashboardScreen(workspace)
    dashboard.initial_status = app.tr.t(done_key)
    if isinstance(app.screen, DashboardScreen):
        app.switch_screen(dashboard)
    else:
        app.push_screen(dashboard)
    if app.size.width < WIDE:
        from ekinerja_tutor.ui.screens.lesson_player import LessonPlayerScreen

        app.push_screen(LessonPlayerScreen(workspace))


__all__ = [
    "confirm_and_start",
    "open_lesson",
    "open_lesson_list",
    "show_player",
    "start_lesson",
    "sync_dock",
    "toggle_player",
]
