"""The persistent status line: what just happened stays visible until the next thing does."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.widgets.i18n import keyed
from ekinerja_tutor.ui.widgets.steady import keeps_height


class StatusLine(Static):
    """One or two lines above the key bar; text is always shown literally."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        color: $foreground;
        text-style: bold;
    }
    """

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(Content(text), markup=False, **kwargs)  # type: ignore[arg-type]
        self.text = text
        self.tr_key: str | None = None

    def say(self, text: str) -> None:
        """Show ``text`` as it is (it stays in this language on a language switch)."""
        self.tr_key = None
        self.text = text
        self.update(Content(text))

    def say_key(self, tr: Translator, key: str, **params: Any) -> None:
        """Show a catalog message; :func:`relabel` translates it again on a switch."""
        self.say(tr.t(key, **params))
        keyed(self, key, **params)

    def update(self, content: VisualType = "", *, layout: bool | None = None) -> None:
        """``layout`` None: lay the screen out again only when the new text takes another
        number of lines (a layout redraws the whole screen; most messages keep the height)."""
        self.text = str(content)
        if layout is None:
            layout = not (isinstance(content, Content) and keeps_height(self, content))
        super().update(content, layout=layout)
