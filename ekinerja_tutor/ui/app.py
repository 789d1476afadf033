"""The Textual application: one login, four workspaces, always marked as a sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from ekinerja_tutor.i18n import DEFAULT_LANGUAGE, Translator

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.domain.clock import Clock


class TutorApp(App[int]):
    """The e-Kinerja Tutor app.

    Services are either handed in (tests, the bench) or opened in a thread worker after the
    first frame, so the first screen paints before SQLAlchemy and the content are imported.
    """

    TITLE = "e-Kinerja Tutor"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Bantuan", priority=True),
        Binding("f2", "toggle_language", "English", priority=True),
        Binding("ctrl+q", "quit", "Keluar", priority=True),
    ]

    def __init__(
        self,
        *,
        db: str | None = None,
        lang: str | None = None,
        services: Services | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.tr = Translator(lang or DEFAULT_LANGUAGE)
        self._db_arg = db
        self._clock = clock
        self.services: Services | None = services

    def on_mount(self) -> None:
        from ekinerja_tutor.ui.screens.start import StartScreen

        self.push_screen(StartScreen())
        if self.services is None:
            self.open_services()
        else:
            self.call_later(self._services_ready)

    @work(thread=True, exclusive=True, group="open-services")
    def open_services(self) -> None:
        from ekinerja_tutor.bootstrap import open_services
        from ekinerja_tutor.domain.errors import TutorError
        from ekinerja_tutor.settings import Settings

        try:
            services = open_services(Settings.resolve(self._db_arg), clock=self._clock)
            if services.settings.embedded and not services.seeding.is_seeded():
                services.seeding.rebuild()
        except TutorError as error:
            self.call_from_thread(self._services_failed, error.render(self.tr.lang))
            return
        self.services = services
        self.call_from_thread(self._services_ready)

    def _services_ready(self) -> None:
        from ekinerja_tutor.ui.messages import ServicesReady

        self.screen.post_message(ServicesReady())

    def _services_failed(self, message: str) -> None:
        from ekinerja_tutor.ui.messages import ServicesFailed

        self.screen.post_message(ServicesFailed(message))

    def action_toggle_language(self) -> None:
        self.tr = Translator("en" if self.tr.lang == "id" else "id")
        from ekinerja_tutor.ui.messages import LanguageChanged

        self.screen.post_message(LanguageChanged(self.tr.lang))
        self.refresh_bindings()

    def action_help(self) -> None:
        self.notify(self.tr.t("start.body"), markup=False)

    def on_unmount(self) -> None:
        if self.services is not None:
            self.services.close()
