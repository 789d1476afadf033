"""Form pieces beyond :class:`~ekinerja_tutor.ui.widgets.field.Field`: a picker field with its
explanation, and the date format the Progres Harian form accepts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Select, Static

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.fields import field_label
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.widgets.i18n import TLabel

_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_dmy(field: str, text: str) -> dt.date:
    """A date typed as "13-05-2026", "13/5/2026", "13.05.2026" or "2026-05-13".

    Raises:
        ValidationError: on ``field``, saying which format to use, with an example.
    """
    cleaned = text.strip()
    label = field_label(field)
    if not cleaned:
        raise ValidationError("daily_ui.date_required", field=field, label=label)
    match = _DMY.fullmatch(cleaned)
    parts: tuple[int, int, int] | None = None
    if match is not None:
        parts = (int(match.group(3)), int(match.group(2)), int(match.group(1)))
    else:
        match = _YMD.fullmatch(cleaned)
        if match is not None:
            parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if parts is None:
        raise ValidationError("daily_ui.date_format", field=field, label=label, value=cleaned)
    try:
        return dt.date(*parts)
    except ValueError:
        raise ValidationError(
            "daily_ui.date_invalid", field=field, label=label, value=cleaned
        ) from None


def format_date_dmy(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


class FormSelect(Select[int]):
    """A picker inside a form: once something is chosen, Enter moves on to the next field,
    like every other field of the form. Down, Up and Space open the list again; with
    nothing chosen yet, Enter opens it too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter_key", show=False),
    ]

    def action_enter_key(self) -> None:
        if self.is_blank():
            self.action_show_overlay()
        else:
            self.screen.focus_next()


class SelectField(Vertical):
    """Label, a picker, an example line, an explanation when the picker is empty, and an error.

    The same look and API as :class:`Field` (``show_error``, ``clear_error``, ``input``), so
    screens treat every field alike. Option labels are user text: shown literally.
    """

    DEFAULT_CSS = """
    SelectField { height: auto; margin: 0 0 1 0; }
    SelectField > .field--label { text-style: bold; }
    SelectField:focus-within > .field--label { text-style: bold reverse; }
    SelectField > .field--hint { color: $text-muted; }
    SelectField > .field--explain { text-style: italic; display: none; }
    SelectField.-empty > .field--explain { display: block; }
    SelectField > .field--error { text-style: bold; color: $text-error; display: none; }
    SelectField.-invalid > .field--error { display: block; }
    SelectField > Select { width: 1fr; max-width: 76; }
    """

    def __init__(
        self,
        tr: Translator,
        label_key: str,
        *,
        prompt_key: str,
        hint_key: str | None = None,
        select_id: str,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._tr = tr
        self._label_key = label_key
        self._hint_key = hint_key
        self.input: Select[int] = FormSelect(
            [], prompt=tr.t(prompt_key), allow_blank=True, id=select_id
        )

    def compose(self) -> ComposeResult:
        yield TLabel(self._tr, self._label_key, classes="field--label")
        yield self.input
        if self._hint_key:
            yield TLabel(self._tr, self._hint_key, classes="field--hint")
        yield Static("", markup=False, classes="field--explain")
        yield Static("", markup=False, classes="field--error")

    def set_choices(self, choices: Sequence[tuple[str, int]], value: int | None) -> None:
        """Replace the options (labels shown literally) and select ``value`` when offered."""
        self.input.set_options([(Text(label), key) for label, key in choices])
        if value is not None and any(key == value for _label, key in choices):
            self.input.value = value

    def explain(self, text: str) -> None:
        """Say why the picker is empty (or nothing, to hide the line)."""
        self.query_one(".field--explain", Static).update(Content(text))
        self.set_class(bool(text), "-empty")

    @property
    def value(self) -> int | None:
        value = self.input.value
        return value if isinstance(value, int) else None

    @property
    def error_text(self) -> str:
        return str(self.query_one(".field--error", Static).content)

    @property
    def explanation_text(self) -> str:
        return str(self.query_one(".field--explain", Static).content)

    def show_error(self, text: str) -> None:
        self.query_one(".field--error", Static).update(Content(f"✗ {text}"))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".field--error", Static).update("")
        self.remove_class("-invalid")
