"""What every screen shares: the sandbox marker, a title, the status line and the key bar.

Each screen composes only its body (:meth:`TutorScreen.compose_body`); the frame around it,
the standard keys (F1 Bantuan, Esc Kembali, F2 English, F3 Tampilan — always first, always in
that order), the help text and the relabelling on a language switch live here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.widgets.i18n import TLabel, keyed, relabel
from ekinerja_tutor.ui.widgets.keybar import KeyBar
from ekinerja_tutor.ui.widgets.marker import SandboxMarker
from ekinerja_tutor.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from ekinerja_tutor.ui.app import TutorApp

STANDARD_BINDINGS: list[BindingType] = [
    Binding("f1", "help", "key.help"),
    Binding("escape", "back", "key.back"),
    Binding("f2", "app.toggle_language", "key.language"),
    Binding("f3", "app.cycle_theme", "theme.key"),
    # F7 "Minta bantuan": a help-desk ticket from any signed-in screen (hidden before sign-in).
    Binding("f7", "raise_ticket", "hd.raise_key", priority=True),
]


ResultT = TypeVar("ResultT")


@dataclass
class ServiceDone(Message):
    """A service called by :meth:`TutorScreen.run_service` finished (posted to the screen).

    Attributes:
        tag: what the caller named the call (for handlers that listen to several).
        result: what the service returned (None when it failed).
        error: the failure, already a :class:`TutorError`.
    """

    tag: str
    result: Any
    error: TutorError | None
    then: Callable[[Any], None] | None = field(default=None, repr=False)
    failed: Callable[[TutorError], None] | None = field(default=None, repr=False)


class TutorScreen(Screen[ResultT]):
    """Base of every full screen (modals use :class:`ModalScreen` directly)."""

    DEFAULT_CSS = """
    TutorScreen > #screen-title {
        text-style: bold;
        padding: 0 1;
        width: 1fr;
        background: $boost;
    }
    TutorScreen > #frame-bottom { dock: bottom; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = STANDARD_BINDINGS

    TITLE_KEY: ClassVar[str] = "app.title"
    """Catalog key of the title line (with its "Langkah 1 dari 3" progress when it has one)."""
    HELP_KEY: ClassVar[str] = "login.help"
    """Catalog key of the F1 help text."""
    CAN_GO_BACK: ClassVar[bool] = True

    initial_status: str = ""
    """Shown in the status line when the screen opens instead of its usual first line."""

    @property
    def tutor(self) -> TutorApp:
        from ekinerja_tutor.ui.app import TutorApp

        return cast(TutorApp, self.app)

    @property
    def tr(self) -> Translator:
        return self.tutor.tr

    def compose(self) -> ComposeResult:
        yield keyed(
            SandboxMarker(self.tr.t("app.sandbox_marker"), id="marker"), "app.sandbox_marker"
        )
        yield TLabel(self.tr, self.TITLE_KEY, id="screen-title", params=self.title_params())
        yield from self.compose_body()
        with Vertical(id="frame-bottom"):
            yield StatusLine(id="status")
            yield KeyBar(id="keys")

    def compose_body(self) -> ComposeResult:
        yield from ()

    def title_params(self) -> dict[str, object]:
        return {}

    # -- status -------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Write ``text`` (already translated) in the persistent status line."""
        self.query_one("#status", StatusLine).say(text)

    def say_key(self, key: str, **params: object) -> None:
        """Write a catalog message in the status line (translated again on F2)."""
        self.query_one("#status", StatusLine).say_key(self.tr, key, **params)

    def say_first(self, key: str, **params: object) -> None:
        """The opening status line: the notice handed over by the previous step, if any."""
        if self.initial_status:
            self.say(self.initial_status)
        else:
            self.say_key(key, **params)

    # -- standard actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and not self.can_go_back():
            return None  # shown, but disabled: the same key in the same place on every screen
        if action == "raise_ticket":
            return self.tutor.session is not None and self.tutor.services is not None
        return True

    def can_go_back(self) -> bool:
        return self.CAN_GO_BACK and len(self.app.screen_stack) > 2

    def action_back(self) -> None:
        if self.can_go_back():
            self.dismiss()

    # -- calling services -----------------------------------------------------------------------

    def run_service(
        self,
        fn: Callable[..., Any],
        *args: Any,
        tag: str = "",
        then: Callable[[Any], None] | None = None,
        failed: Callable[[TutorError], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Call ``fn(*args, **kwargs)`` in a thread worker; the answer comes back as
        :class:`ServiceDone` on this screen.

        On success ``then(result)`` runs on the UI thread. On failure :meth:`show_error` shows
        the error, then ``failed(error)`` runs. Nothing typed is touched either way.
        """

        def call() -> None:
            try:
                result = fn(*args, **kwargs)
            except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
                self.post_message(ServiceDone(tag, None, as_tutor_error(error), then, failed))
            else:
                self.post_message(ServiceDone(tag, result, None, then, failed))

        self.run_worker(call, thread=True, group=f"service-{tag or 'call'}", exit_on_error=False)

    @on(ServiceDone)
    def _service_done(self, event: ServiceDone) -> None:
        self.service_answered(event)
        if event.error is not None:
            self.show_error(event.error)
            if event.failed is not None:
                event.failed(event.error)
        elif event.then is not None:
            event.then(event.result)

    def service_answered(self, event: ServiceDone) -> None:
        """Hook: a service call of this screen came back (before its ``then``/``failed``)."""

    def show_error(self, error: TutorError) -> None:
        """The error in the status line (screens with fields also mark the field)."""
        self.say(error.render(self.tr.lang))
        self.tutor.note_error_shown(error.render(self.tr.lang))

    def action_raise_ticket(self) -> None:
        self.tutor.action_raise_ticket()

    def action_help(self) -> None:
        from ekinerja_tutor.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.TITLE_KEY, self.HELP_KEY, self.title_params()))

    @on(events.ScreenResume)
    def _report_lesson_screen(self) -> None:
        """Every screen a signed-in learner opens is recorded (for the lessons' checks)."""
        from ekinerja_tutor.ui.widgets.lesson_state import report_screen

        report_screen(self)

    _relabel_pending = False

    @on(LanguageChanged)
    def relabel_screen(self) -> None:
        """Relabel now if the screen can be seen, else when it is shown again.

        F2 reaches every screen of the stack; relabelling the hidden ones at once made the key
        cost three layouts of the visible one (``bench scale``).
        """
        if not self._visible():
            self._relabel_pending = True
            return
        self._relabel_pending = False
        relabel(self, self.tr)
        self.query_one("#keys", KeyBar).refresh_keys()
        self.language_changed()

    @on(events.ScreenResume)
    def _relabel_if_pending(self) -> None:
        if self._relabel_pending:
            self.relabel_screen()

    def _visible(self) -> bool:
        """On top, or under dialogs only (a modal dialog shows the screen beneath it)."""
        stack = self.app.screen_stack
        if self not in stack:
            return True
        return all(isinstance(screen, ModalScreen) for screen in stack[stack.index(self) + 1 :])

    def language_changed(self) -> None:
        """Hook for text that is not a plain catalog label (counts, composed lines)."""
