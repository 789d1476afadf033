"""A list to pick one item from, the chosen one marked ``(•)`` in text (never by colour alone).

Radio buttons cut long labels to one line; the choices here are often whole sentences (a
supervisor's RHK), so each choice wraps over as many lines as it needs. Arrows move, Enter picks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

CHOSEN = "(•) "
NOT_CHOSEN = "( ) "


@dataclass(frozen=True)
class Pick:
    """One choice: its value, and either user text (shown literally) or a catalog key."""

    value: Any
    text: str = ""
    key: str = ""


class ChoicePicker(OptionList):
    """Pick one of a few choices; :attr:`value` is the chosen one's value."""

    DEFAULT_CSS = """
    ChoicePicker {
        height: auto;
        max-height: 9;
        border: round $border-blurred;
        padding: 0;
    }
    ChoicePicker:focus { border: heavy $border; }
    """

    @dataclass
    class Changed(Message):
        picker: ChoicePicker
        value: Any

        @property
        def control(self) -> ChoicePicker:
            return self.picker

    def __init__(self, choices: Sequence[Pick], value: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._choices = list(choices)
        self._value = value

    def on_mount(self) -> None:
        self.redraw()

    @property
    def choices(self) -> list[Pick]:
        return list(self._choices)

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        self._value = value
        self.redraw(highlight_value=True)

    def set_choices(self, choices: Sequence[Pick], value: Any = None) -> None:
        self._choices = list(choices)
        self._value = value
        self.redraw(highlight_value=True)

    def label(self, pick: Pick) -> str:
        if pick.key:
            return str(self.app.tr.t(pick.key))  # type: ignore[attr-defined]
        return pick.text

    def redraw(self, *, highlight_value: bool = False) -> None:
        """Draw the choices again (after a pick, new choices or a language switch)."""
        if not self.is_mounted:
            return
        keep = self.highlighted
        self.clear_options()
        self.add_options(
            [
                Option(
                    Content.assemble(
                        (CHOSEN if pick.value == self._value else NOT_CHOSEN, "bold"),
                        self.label(pick),
                    ),
                    id=str(index),
                )
                for index, pick in enumerate(self._choices)
            ]
        )
        if not self._choices:
            return
        values = [pick.value for pick in self._choices]
        if (highlight_value or keep is None) and self._value in values:
            self.highlighted = values.index(self._value)
        else:
            self.highlighted = min(keep or 0, len(self._choices) - 1)

    @on(OptionList.OptionSelected)
    def _pick(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        assert event.option.id is not None
        self._value = self._choices[int(event.option.id)].value
        self.redraw()
        self.post_message(self.Changed(self, self._value))
