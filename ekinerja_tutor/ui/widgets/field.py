"""A form field as older users need it: label, input, an example, and the error beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.widgets.i18n import TLabel


class Field(Vertical):
    """Label above the input, a hint with an example below it, and room for one error.

    The label turns bold and reversed while the input has focus (visible without colour), and
    an error is written in words with a ✗, so it never depends on red alone.
    """

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 1 0; }
    Field > .field--label { text-style: bold; }
    Field:focus-within > .field--label { text-style: bold reverse; }
    Field > .field--hint { color: $text-muted; }
    Field > .field--error { text-style: bold; color: $text-error; display: none; }
    Field.-invalid > .field--error { display: block; }
    Field > Input { width: 1fr; max-width: 60; }
    """

    def __init__(
        self,
        tr: Translator,
        label_key: str,
        field_input: Input,
        *,
        hint_key: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._tr = tr
        self._label_key = label_key
        self._hint_key = hint_key
        self.input = field_input
        self.input.cursor_blink = False

    def compose(self) -> ComposeResult:
        yield TLabel(self._tr, self._label_key, classes="field--label")
        yield self.input
        if self._hint_key:
            yield TLabel(self._tr, self._hint_key, classes="field--hint")
        yield Static("", markup=False, classes="field--error")

    @property
    def error_text(self) -> str:
        return str(self.query_one(".field--error", Static).content)

    def show_error(self, text: str) -> None:
        """Show ``text`` under the field (with a ✗ so it reads without colour)."""
        self.query_one(".field--error", Static).update(Content(f"✗ {text}"))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".field--error", Static).update("")
        self.remove_class("-invalid")
