"""Pieces the supervisor's screens share: the note picker (standard feedback library plus free
text), small labels, and a base class for screens that act from the active seat (F6).

A note starts from a standard sentence, as on the real e-Kinerja, and the supervisor may edit
it or add to it; the chosen sentence's key goes to the service (it is audited). Everything a
supervisor or a colleague wrote is user text and drawn literally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
from ekinerja_tutor.ui.text import clip

if TYPE_CHECKING:
    from ekinerja_tutor.content.library import FeedbackGroup, FeedbackSentence
    from ekinerja_tutor.services.actors import Seat
    from ekinerja_tutor.services.review_desk import ReviewDeskService

FREE_TEXT = "__free__"


@dataclass(frozen=True)
class NoteChoice:
    """What the supervisor wrote: the note and the library sentence it started from."""

    note: str
    sentence_key: str | None


class SeatScreen(WorkspaceScreen[None]):
    """A review screen: acts from ``workspace.active_seat`` and reloads when the seat changes."""

    ACTS_FROM_SEAT: ClassVar[bool] = True

    @property
    def review_seat(self) -> Seat:
        return self.workspace.active_seat

    @property
    def desk(self) -> ReviewDeskService:
        from ekinerja_tutor.services.review_desk import ReviewDeskService

        return self.service("review_desk", ReviewDeskService)

    def seat_changed(self) -> None:
        self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self) -> None:
        """Read what the screen shows (subclasses)."""

    # -- notes from the feedback library -------------------------------------------------------

    def sentences(self, group: FeedbackGroup) -> tuple[FeedbackSentence, ...]:
        from ekinerja_tutor.content.library import load_feedback

        return load_feedback(self.services.ctx.content_root).group(group)

    def ask_note(
        self,
        title: str,
        sentences: tuple[FeedbackSentence, ...],
        submit: Callable[[NoteChoice], Any],
        done: Callable[[Any], None],
        *,
        submit_key: str = "review_ui.note_submit",
        required: bool = True,
        field: str = "note",
    ) -> None:
        """Pick a standard sentence (or free text), edit the note, then ``submit`` it in a
        thread; an error stays beside the note field and nothing typed is lost."""
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        lang = self.tr.lang
        choices = [(s.key, clip(s.text(lang), 62)) for s in sentences]
        choices.append((FREE_TEXT, self.tr.t("review_ui.note_free")))
        texts = {s.key: s.text(lang) for s in sentences}

        def chosen(key: str | None) -> None:
            if key is None:
                return
            sentence_key = None if key == FREE_TEXT else key
            self._note_form(
                title, texts.get(key, ""), sentence_key, submit, done, submit_key, required, field
            )

        self.app.push_screen(ActionMenu(title, choices), chosen)

    def _note_form(
        self,
        title: str,
        start: str,
        sentence_key: str | None,
        submit: Callable[[NoteChoice], Any],
        done: Callable[[Any], None],
        submit_key: str,
        required: bool,
        field: str,
    ) -> None:
        from ekinerja_tutor.domain.errors import ValidationError
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        def run(values: dict[str, Any]) -> Any:
            note = str(values[field]).strip()
            if required and not note:
                raise ValidationError("review_ui.note_required", field=field)
            return submit(NoteChoice(note, sentence_key))

        fields = [FormField(field, "review_ui.note_label", "review_ui.note_hint", value=start)]
        self.app.push_screen(
            FormDialog(title, fields, run, submit_key),
            lambda result: done(result) if result is not None else None,
        )
