"""Recovery codes for staff, shown once right after they activate an authenticator.

Trainers, mentors and admins run the training room; if their phone is lost they must still get
in. The codes are a tutor convenience, not part of e-Kinerja, and the screen says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel


class RecoveryCodesScreen(ModalScreen[None]):
    """Makes ten single-use codes in a worker (argon2, ~1 s) and shows them once."""

    DEFAULT_CSS = """
    RecoveryCodesScreen { align: center middle; }
    RecoveryCodesScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $primary; padding: 0 1;
        background: $surface;
    }
    RecoveryCodesScreen #codes { margin: 1 0; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "key.back")]

    def __init__(self, tr: Translator, account_id: int) -> None:
        super().__init__()
        self.tr = tr
        self.account_id = account_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield TLabel(self.tr, "recovery.title", id="recovery-title")
            yield TLabel(self.tr, "recovery.not_ekinerja")
            yield Static(self.tr.t("recovery.making"), id="codes", markup=False)
            yield TLabel(self.tr, "recovery.keep")
            yield TButton(self.tr, "recovery.done", id="done", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.make_codes()

    @work(thread=True, exclusive=True)
    def make_codes(self) -> None:
        from ekinerja_tutor.domain.errors import TutorError

        auth = self.app.auth  # type: ignore[attr-defined]
        try:
            codes = auth.generate_recovery_codes(self.account_id)
        except TutorError as error:
            self.app.call_from_thread(self.show_text, error.render(self.tr.lang))
            return
        lines = "\n".join(f"{n:>2}. {code}" for n, code in enumerate(codes, start=1))
        self.app.call_from_thread(self.show_text, lines)

    def show_text(self, text: str) -> None:
        self.query_one("#codes", Static).update(text)
        done = self.query_one("#done", Button)
        done.disabled = False
        done.focus()

    @on(Button.Pressed, "#done")
    def action_close(self) -> None:
        if not self.query_one("#done", Button).disabled:
            self.dismiss(None)
