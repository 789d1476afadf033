"""What every trainer screen shares: the training service, calls in a thread, errors in words.

Trainer screens work outside the practice workspace, so they subclass :class:`TutorScreen`
and bring their own :meth:`TrainerScreen.run_service`: the service runs in a thread worker,
its answer comes back as a message, and a :class:`TutorError` is written in the status line
and beside its field (``#field-<name>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.message import Message
from textual.widget import Widget

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.ui.errors import as_tutor_error
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


@dataclass
class TrainerDone(Message):
    tag: str
    result: Any
    error: TutorError | None
    then: Callable[[Any], None] | None
    failed: Callable[[TutorError], None] | None


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

    def run_service(
        self,
        fn: Callable[..., Any],
        *args: Any,
        tag: str = "",
        then: Callable[[Any], None] | None = None,
        failed: Callable[[TutorError], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """``fn(*args, **kwargs)`` in a thread; ``then(result)`` back on the UI thread."""

        def call() -> None:
            try:
                result = fn(*args, **kwargs)
            except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
                self.post_message(TrainerDone(tag, None, as_tutor_error(error), then, failed))
            else:
                self.post_message(TrainerDone(tag, result, None, then, failed))

        self.run_worker(call, thread=True, group=f"trainer-{tag or 'call'}", exit_on_error=False)

    @on(TrainerDone)
    def _trainer_done(self, event: TrainerDone) -> None:
        if event.error is not None:
            self.show_error(event.error)
            if event.failed is not None:
                event.failed(event.error)
        elif event.then is not None:
            event.then(event.result)

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
