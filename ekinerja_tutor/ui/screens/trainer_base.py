"""What every trainer screen shares: the training service, calls in a thread, errors in words.

Trainer screens work outside the practice workspace, so they subclass :class:`TutorScreen`
and bring their own :meth:`TrainerScreen.run_service`: the service runs in a thread worker,
its answer comes back as a message, and a :class:`TutorError` is written in the status line
and beside its field (``#field-<name>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.widget import Widget

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.ui.screens.base import TutorScreen

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.services.actors import Principal
    from ekinerja_tutor.services.training_results import TrainingResultsService
    from ekinerja_tutor.ui.app import TutorApp

ResultT = TypeVar("ResultT")


def training_service(app: TutorApp) -> TrainingResultsService:
    """One training service per app (kept in the context's extras)."""
    from ekinerja_tutor.services.training_results import TrainingResultsService

    services = app.services
    assert services is not None, "trainer screens open only after the services are ready"
    extras = services.ctx.extras
    key = "ui.service.training"
    if key not in extras:
        extras[key] = TrainingResultsService(services.ctx)
    found: TrainingResultsService = extras[key]
    return found


class TrainerScreen(TutorScreen[ResultT]):
    """Base of the trainer's screens."""

    TITLE_KEY: ClassVar[str] = "trainer.ui.title"
    HELP_KEY: ClassVar[str] = "trainer.ui.help"

    @property
    def services(self) -> Services:
        services = self.tutor.services
        assert services is not None
        return services

    @property
    def principal(self) -> Principal:
        session = self.tutor.session
        assert session is not None, "trainer screens need a signed-in account"
        return session.principal

    @property
    def training(self) -> TrainingResultsService:
        return training_service(self.tutor)

    def show_error(self, error: TutorError) -> None:
        """The error in the status line, and beside its field (``#field-<name>``) if shown."""
        self.say(error.render(self.tr.lang))
        self.tutor.note_error_shown(error.render(self.tr.lang))
        if error.field is None:
            return
        found = self.query(f"#field-{error.field}")
        if not found:
            return
        holder = found.first()
        show = getattr(holder, "show_error", None)
        if callable(show):
            show(error.render(self.tr.lang))
        target = getattr(holder, "input", None) or holder
        if isinstance(target, Widget) and target.focusable:
            target.focus()

    def clear_errors(self) -> None:
        for holder in self.query(".trainer-field"):
            clear = getattr(holder, "clear_error", None)
            if callable(clear):
                clear()
