"""The warning before an idle timeout: how long is left, and one key to carry on."""

from __future__ import annotations

import math
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel


class IdleWarningScreen(ModalScreen[bool]):
    """Dismissed with True by Enter (the focused "Lanjutkan" button) or Esc."""

    DEFAULT_CSS = """
    IdleWarningScreen { align: center middle; }
    IdleWarningScreen > #idle-box {
        width: 64; max-width: 100%; height: auto;
        border: heavy $warning; background: $surface; padding: 0 1;
    }
    IdleWarningScreen #idle-title { text-style: bold reverse; width: 1fr; padding: 0 1; }
    IdleWarningScreen #idle-text { margin: 1 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "extend", "home.extend")]

    def __init__(self, remaining: float) -> None:
        super().__init__()
        self._seconds = max(math.ceil(remaining), 0)

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(id="idle-box"):
            yield TLabel(tr, "home.idle_title", id="idle-title")
            yield TLabel(tr, "home.idle_warning", id="idle-text", params={"seconds": self._seconds})
            yield TButton(tr, "home.extend", id="extend", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#extend", Button).focus()

    def show_remaining(self, remaining: float) -> None:
        self._seconds = max(math.ceil(remaining), 0)
        tr = self.app.tr  # type: ignore[attr-defined]
        self.query_one("#idle-text", TLabel).set_key(tr, "home.idle_warning", seconds=self._seconds)

    @on(Button.Pressed, "#extend")
    def action_extend(self) -> None:
        self.dismiss(True)
