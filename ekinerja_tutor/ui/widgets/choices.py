"""Check boxes and radio buttons whose state reads without colour: ``[X]``/``[ ]``, ``(•)``/``( )``.

Textual draws both states with the same glyph and tells them apart by colour only, which
``NO_COLOR=1`` (and many older eyes) cannot see (ACCESSIBILITY.md item 9).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class Tick(Checkbox):
    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        return Content.assemble("[", ("X" if self.value else " ", "bold"), "]")


class Choice(RadioButton):
    BUTTON_LEFT = "("
    BUTTON_RIGHT = ")"

    @property
    def _button(self) -> Content:
        return Content.assemble("(", ("•" if self.value else " ", "bold"), ")")
