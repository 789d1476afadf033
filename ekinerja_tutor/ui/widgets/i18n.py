"""Widgets that know their catalog key, so switching the language relabels a screen in place.

A screen never recomposes to change language (that would lose what was typed); instead every
translatable widget carries its key and :func:`relabel` rewrites the text of each one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, Static

from ekinerja_tutor.i18n import Translator

WidgetT = TypeVar("WidgetT", bound=Widget)


def keyed(widget: WidgetT, key: str, **params: Any) -> WidgetT:
    """Remember ``key`` (and its parameters) on ``widget`` for :func:`relabel`."""
    widget.tr_key = key  # type: ignore[attr-defined]
    widget.tr_params = params  # type: ignore[attr-defined]
    return widget


def relabel(root: DOMNode, tr: Translator) -> None:
    """Rewrite the text of every keyed widget under ``root`` in ``tr``'s language."""
    for widget in root.query("*"):
        key = getattr(widget, "tr_key", None)
        if key is None:
            continue
        text = tr.t(key, **getattr(widget, "tr_params", {}))
        if isinstance(widget, Input):
            widget.placeholder = text
        elif isinstance(widget, Button | Checkbox | RadioButton):
            widget.label = Content(text)
        elif isinstance(widget, Static):
            widget.update(Content(text))


class TLabel(Label):
    """A label from the catalog, shown literally (never parsed as markup)."""

    def __init__(self, tr: Translator, key: str, /, **kwargs: Any) -> None:
        params = kwargs.pop("params", {})
        super().__init__(Content(tr.t(key, **params)), markup=False, **kwargs)
        keyed(self, key, **params)

    def set_key(self, tr: Translator, key: str, **params: Any) -> None:
        """Show another catalog message (kept across language switches)."""
        keyed(self, key, **params)
        self.update(Content(tr.t(key, **params)))


class TButton(Button):
    """A button labelled from the catalog; the label is never parsed as markup."""

    def __init__(self, tr: Translator, key: str, /, **kwargs: Any) -> None:
        super().__init__(Content(tr.t(key)), **kwargs)
        keyed(self, key)
