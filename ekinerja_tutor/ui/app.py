"""The Textual application: one login, four workspaces, always marked as a sandbox."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ekinerja_tutor.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from ekinerja_tutor.ui.heap import (
    PAUSE_SECONDS,
    PauseCollector,
    defer_full_collections,
    limit_malloc_arenas,
)
from ekinerja_tutor.ui.idle import IdleWatch
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.textual_fixes import apply as apply_textual_fixes

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.domain.clock import Clock
    from ekinerja_tutor.services.actors import Principal
    from ekinerja_tutor.services.admin import AdminService
    from ekinerja_tutor.services.auth import AuthService

DEFAULT_IDLE_TIMEOUT = 15 * 60.0
DEFAULT_IDLE_WARNING = 60.0


@dataclass(frozen=True)
class UserSession:
    """Who is signed in (kept in memory only; a timeout or logout forgets it)."""

    principal: Principal
    display_name: str


class TutorApp(App[int]):
    """The e-Kinerja Tutor app.

    Services are either handed in (tests, the bench) or opened in a thread worker after the
    first frame, so the login screen paints before SQLAlchemy and the content are imported.

    Args:
        idle_timeout: seconds without a key or click before a signed-in session ends.
        idle_warning: seconds before the end at which a warning offers one key to go on.
    """

    TITLE = "e-Kinerja Tutor"
    CSS_PATH = "app.tcss"
    # Ctrl+P opens our own translated commands. In a browser (textual-serve) Ctrl+P prints
    # the page; there the F4 menu offers the same choices.
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "key.quit", priority=True),
    ]

    def __init__(
        self,
        *,
        lang: str | None = None,
        services: Services | None = None,
        services_factory: Callable[[], Services] | None = None,
        clock: Clock | None = None,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        idle_warning: float = DEFAULT_IDLE_WARNING,
    ) -> None:
        super().__init__()
        limit_malloc_arenas()
        defer_full_collections()
        self.collector = PauseCollector()
        apply_textual_fixes()
        self.tr = Translator(lang or DEFAULT_LANGUAGE)
        # No animation the user did not ask for (ACCESSIBILITY 18): scrolling a field into
        # view jumps instead of sliding, which also keeps screenshots the same on every run.
        self.animation_level = "none"
        self._services_factory = services_factory
        self._clock = clock
        self.services: Services | None = services
        self.session: UserSession | None = None
        self.idle = IdleWatch(timeout=idle_timeout, warning=idle_warning)
        self.last_error_shown: str | None = None
        """The last error a screen showed this session (attached to a help-desk ticket)."""

    # -- wiring

    @property
    def clock(self) -> Clock:
        if self._clock is not None:
            return self._clock
        if self.services is not None:
            return self.services.ctx.clock
        from ekinerja_tutor.domain.clock import SystemClock

        return SystemClock()

    @cached_property
    def auth(self) -> AuthService:
        """One AuthService for the whole app: it remembers who passed the password step."""
        from ekinerja_tutor.services.auth import AuthService

        assert self.services is not None
        return AuthService(self.services.ctx)

    @cached_property
    def admin(self) -> AdminService:
        from ekinerja_tutor.services.admin import AdminService

        assert self.services is not None
        return AdminService(self.services.ctx, hasher=self.auth.hasher)

    def on_mount(self) -> None:
        from ekinerja_tutor.ui.screens.login import LoginScreen
        from ekinerja_tutor.ui.themes import OUR_THEMES

        for theme in OUR_THEMES:
            self.register_theme(theme)
        self.push_screen(LoginScreen())
        self.set_interval(1.0, self.check_session_idle)
        self.set_interval(PAUSE_SECONDS, self.collector.tick)
        if self.services is None:
            # after the first frame: the import of SQLAlchemy would hold the GIL while the
            # login screen paints (measured by `ekinerja-tutor bench startup`)
            self.call_after_refresh(self.open_services)
        else:
            self.call_later(self._services_ready)

    @work(thread=True, exclusive=True, group="open-services")
    def open_services(self) -> None:
        """Open (and on first run seed) the database with the factory the launcher gave us."""
        from ekinerja_tutor.domain.errors import TutorError

        if self._services_factory is None:
            return
        try:
            services = self._services_factory()
        except TutorError as error:
            self.call_from_thread(self._services_failed, error.render(self.tr.lang))
            return
        except Exception as error:  # shown on the screen: the login must never crash
            detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            self.call_from_thread(
                self._services_failed, self.tr.t("error.unexpected", detail=detail)
            )
            return
        self.services = services
        self.call_from_thread(self._services_ready)
        # while the user types: the first sign-in is quicker. Only a head start; the sign-in
        # itself reports real problems.
        with contextlib.suppress(Exception):
            self.auth.warm_up()

    def _services_ready(self) -> None:
        from ekinerja_tutor.ui.messages import ServicesReady

        for screen in self.screen_stack:
            screen.post_message(ServicesReady())

    def _services_failed(self, message: str) -> None:
        from ekinerja_tutor.ui.messages import ServicesFailed

        for screen in self.screen_stack:
            screen.post_message(ServicesFailed(message))

    # -- the command palette (Ctrl+P) -------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Our commands only, in the user's language (Textual's own are English)."""
        from ekinerja_tutor.ui.screens.workspace_base import (
            AREA_LABELS,
            AREAS,
            WorkspaceScreen,
        )

        tr = self.tr
        if isinstance(screen, WorkspaceScreen):
            for area in ("dashboard", *AREAS):
                yield SystemCommand(
                    tr.t(AREA_LABELS[area]),
                    tr.t("palette.open_area"),
                    lambda area=area: screen.open_area(area),
                )
            from ekinerja_tutor.ui.screens.lesson_actions import open_lesson_list, toggle_player

            yield SystemCommand(
                tr.t("lesson_ui.key") + " (F5)",
                tr.t("lesson_ui.palette_player"),
                lambda: toggle_player(screen),
            )
            yield SystemCommand(
                tr.t("lesson_ui.area"),
                tr.t("lesson_ui.palette_list"),
                lambda: open_lesson_list(screen),
            )
        yield SystemCommand(
            tr.t("key.language"), tr.t("palette.language"), self.action_toggle_language
        )
        yield SystemCommand(tr.t("theme.key"), tr.t("palette.theme"), self.action_cycle_theme)
        if isinstance(screen, TutorScreen):
            yield SystemCommand(tr.t("key.help"), tr.t("palette.help"), screen.action_help)
        if self.session is not None:
            from ekinerja_tutor.ui.screens.helpdesk_nav import helpdesk_commands

            for title, helptext, callback in helpdesk_commands(self):
                yield SystemCommand(title, helptext, callback)
            yield SystemCommand(
                tr.t("palette.sign_out"), tr.t("palette.sign_out_help"), self.sign_out
            )
        yield SystemCommand(tr.t("key.quit"), tr.t("palette.quit"), self.exit)

    # -- language and theme

    def action_toggle_language(self) -> None:
        from ekinerja_tutor.ui.messages import LanguageChanged

        self.tr = Translator("en" if self.tr.lang == "id" else "id")
        for screen in self.screen_stack:
            screen.post_message(LanguageChanged(self.tr.lang))
        self.refresh_bindings()
        self.save_preferences(language=self.tr.lang)

    def action_cycle_theme(self) -> None:
        """F3: the next theme, kept on the account for the next sign-in."""
        from ekinerja_tutor.ui.screens.base import TutorScreen
        from ekinerja_tutor.ui.themes import THEME_LABELS, next_theme

        self.theme = next_theme(self.theme)
        self.save_preferences(theme=self.theme)
        if isinstance(self.screen, TutorScreen):
            name = self.tr.t(THEME_LABELS.get(self.theme, "theme.default"))
            self.screen.say_key("theme.changed", name=name)

    # -- the help desk ----------------------------------------------------------------------

    def action_raise_ticket(self) -> None:
        """F7 "Minta bantuan" on every signed-in screen (and the lesson player's stuck offer):
        the ticket form, with the context of the screen it was called from."""
        from ekinerja_tutor.ui.screens.helpdesk_nav import open_raise_ticket

        open_raise_ticket(self)

    def note_error_shown(self, text: str) -> None:
        """A screen showed an error: remember it for a ticket (and for the lesson in progress)."""
        from ekinerja_tutor.ui.screens.helpdesk_nav import remember_error

        remember_error(self, text)

    def save_preferences(self, **choices: str) -> None:
        """Keep the signed-in account's language/theme (a thread worker; never disturbs)."""
        session, services = self.session, self.services
        if session is None or services is None or session.principal.account_id is None:
            return
        principal = session.principal

        def save() -> None:
            from contextlib import suppress

            from ekinerja_tutor.services.account_preferences import AccountPreferenceService

            with suppress(Exception):  # a preference must never break the screen
                AccountPreferenceService(services.ctx).save(principal, **choices)

        self.run_worker(save, thread=True, group="account-preferences", exit_on_error=False)

    # -- the signed-in session ----------------------------------------------------------------

    def sign_in(self, principal: Principal, display_name: str, notice: str = "") -> None:
        """The second factor passed: leave the sign-in steps and show the home screen."""
        from ekinerja_tutor.ui.screens.home import HomeScreen

        self.session = UserSession(principal, display_name)
        self.last_error_shown = None
        self.idle.touch(self.clock.now())
        self.return_to_login()
        self.push_screen(HomeScreen(notice))
        # once the sign-in screens are gone (frozen, their cycles would never be collected)
        self.call_after_refresh(self._freeze_heap_once)
        self.restore_preferences(principal)

    _heap_frozen: ClassVar[bool] = False

    def _freeze_heap_once(self) -> None:
        """Hide what exists at the first sign-in from the garbage collector, once per process.

        Modules, mappers, compiled SQL, styles and the catalog live as long as the app, yet a
        full collection scans them all: 150–200 ms on this machine, landing on whatever key
        happened to be pressed (``bench scale``). Frozen, a full collection scans only what
        was made since (15–75 ms). Done as the home screen appears after the sign-in, when
        the user expects a pause.
        """
        if TutorApp._heap_frozen:
            return
        TutorApp._heap_frozen = True
        gc.collect()
        gc.freeze()

    @work(thread=True, exclusive=True, group="account-preferences-read", exit_on_error=False)
    def restore_preferences(self, principal: Principal) -> None:
        """The language and theme this account chose last time (F2/F3), once signed in."""
        from ekinerja_tutor.services.account_preferences import AccountPreferenceService

        if self.services is None or principal.account_id is None:
            return
        prefs = AccountPreferenceService(self.services.ctx).get(principal)
        self.call_from_thread(self._apply_preferences, prefs.language, prefs.theme)

    def _apply_preferences(self, language: str, theme: str) -> None:
        from ekinerja_tutor.ui.themes import THEME_LABELS

        if self.session is None:
            return
        # "id" is also the column's default: only a choice of English is applied over --lang
        if language in LANGUAGES and language not in (DEFAULT_LANGUAGE, self.tr.lang):
            self.tr = Translator(language)
            from ekinerja_tutor.ui.messages import LanguageChanged

            for screen in self.screen_stack:
                screen.post_message(LanguageChanged(self.tr.lang))
            self.refresh_bindings()
        if theme and theme in THEME_LABELS and theme != self.theme:
            self.theme = theme

    def sign_out(self, reason_key: str = "home.signed_out") -> None:
        """Forget the session and go back to the login screen (autosaved drafts stay)."""
        from ekinerja_tutor.ui.screens.login import LoginScreen

        self.session = None
        self.idle.last = None
        login = self.return_to_login()
        if login is not None:
            login.after_sign_out(self.tr.t(reason_key))
        else:
            self.push_screen(LoginScreen())

    def return_to_login(self) -> LoginScreen | None:
        """Close every screen above the login screen; return it."""
        from ekinerja_tutor.ui.screens.login import LoginScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LoginScreen):
            self.pop_screen()
        return self.screen if isinstance(self.screen, LoginScreen) else None

    # -- idle timeout

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.collector.input()
            if self.session is not None:
                self.idle.touch(self.clock.now())
        await super().on_event(event)

    def check_session_idle(self) -> None:
        """Warn before the idle timeout, and sign out when it passes (called every second)."""
        from ekinerja_tutor.ui.screens.idle_warning import IdleWarningScreen

        if self.session is None:
            return
        remaining = self.idle.remaining(self.clock.now())
        if remaining <= 0:
            self.sign_out("home.session_timed_out")
            return
        shown = next((s for s in self.screen_stack if isinstance(s, IdleWarningScreen)), None)
        if remaining <= self.idle.warning:
            if shown is None:
                self.push_screen(IdleWarningScreen(remaining), callback=self._idle_answered)
            else:
                shown.show_remaining(remaining)
        elif shown is not None and shown is self.screen:
            shown.dismiss(True)

    def _idle_answered(self, extend: bool | None) -> None:
        if extend and self.session is not None:
            self.idle.touch(self.clock.now())

    def on_unmount(self) -> None:
        if self.services is not None:
            self.services.close()


if TYPE_CHECKING:
    from ekinerja_tutor.ui.screens.login import LoginScreen
