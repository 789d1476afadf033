"""Layout containers for forms."""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormScroll(VerticalScroll, can_focus=False):
    """Scrolls to whichever field has focus, but is never a Tab stop of its own.

    A focusable scroll container is an invisible stop between fields: Tab seems to do
    nothing, which confuses exactly the users this program is for.
    """
