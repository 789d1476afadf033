"""Confirming a destructive action in specific words, with "Batal" focused."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel


class ConfirmScreen(ModalScreen[bool]):
    """Asks "Atur ulang perangkat Sudarto?"-style questions; Esc or Batal answers no.

    Args:
        question: the full question, already translated, naming the person and the effect.
        confirm_label: the confirming button's text, already translated ("Ya, atur ulang").
    """

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm-box {
        width: 70; max-width: 100%; height: auto;
        border: heavy $error; background: $surface; padding: 0 1;
    }
    ConfirmScreen #confirm-title { text-style: bold reverse; width: 1fr; padding: 0 1; }
    ConfirmScreen #confirm-question { margin: 1 0; }
    ConfirmScreen #confirm-buttons { height: auto; }
    ConfirmScreen Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(self, question: str, confirm_label: str) -> None:
        super().__init__()
        self._question = question
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(id="confirm-box"):
            yield TLabel(tr, "admin_ui.confirm_title", id="confirm-title")
            yield Static(Content(self._question), id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield TButton(tr, "admin_ui.cancel", id="cancel")
                yield Button(Content(self._confirm_label), id="confirm", variant="error")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.dismiss(True)
