"""F1: the help text of the screen underneath, in a window that Esc or Enter closes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, relabel


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-box {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: heavy $border; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold reverse; width: 1fr; padding: 0 1; }
    HelpScreen #help-scroll { height: auto; max-height: 16; }
    HelpScreen #help-close { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
    ]

    def __init__(self, title_key: str, help_key: str, title_params: dict[str, object]) -> None:
        super().__init__()
        self._title_key = title_key
        self._help_key = help_key
        self._title_params = title_params

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(id="help-box"):
            yield TLabel(tr, self._title_key, id="help-title", params=self._title_params)
            with VerticalScroll(id="help-scroll"):
                yield TLabel(tr, self._help_key, id="help-text")
                yield TLabel(tr, "login.help_keys", id="help-keys")
            yield TButton(tr, "login.help_close", id="help-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#help-close", Button).focus()

    @on(Button.Pressed, "#help-close")
    def action_close(self) -> None:
        self.dismiss()

    @on(LanguageChanged)
    def relabel_help(self) -> None:
        relabel(self, self.app.tr)  # type: ignore[attr-defined]
