"""Update a ``Static`` only when what it shows changes.

``Static.update`` re-lays-out the whole screen every time, equal content or not. The weekly
view set its detail line twice per page (once while drawing, once on the table's highlight
message), so every PgDn laid out and drew the screen twice (``bench scale``).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def _same(old: object, new: Content | str) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return old == new
    if isinstance(old, Content) and isinstance(new, Content):
        return old.plain == new.plain and old.spans == new.spans
    return False


def update_static(widget: Static, content: Content | str) -> bool:
    """Show ``content`` in ``widget`` unless it already does; whether it was updated."""
    if _same(widget.content, content):
        return False
    widget.update(content)
    return True
