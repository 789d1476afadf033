"""Update a ``Static`` only when its text changes; lay the screen out only if its height does.

``Static.update`` asks for a layout every time, and a layout reflows and redraws the whole
screen: on a table screen that was most of what a key cost (``bench scale``). A widget whose
height is set by the layout (``height: 3``, ``1fr``) or whose new text wraps to the lines it
has now cannot move anything else, so it only needs repainting.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


def keeps_height(widget: Widget, content: Content) -> bool:
    """Whether showing ``content`` leaves ``widget`` exactly as tall as it is now."""
    if not widget.is_mounted or widget.content_size.width <= 0:
        return False  # not laid out yet: nothing to compare with
    width = widget.styles.width  # (None: as wide as the container)
    if width is not None and width.is_auto:
        return False  # as wide as its text (a Label): the width may change too
    height = widget.styles.height
    if height is not None and not height.is_auto:
        return True  # the layout sizes it, not its text
    styles = widget.styles
    size = widget.content_size
    # (the styles are the rules map Textual itself hands to get_height)
    lines: int = content.get_height(styles, size.width)  # type: ignore[arg-type]
    gutter = styles.gutter.height  # padding and border, above and below
    outer = lines + gutter
    for limit, clamp in ((styles.min_height, max), (styles.max_height, min)):
        if limit is None:
            continue
        if not limit.is_cells or styles.box_sizing != "border-box":
            return False  # a height limit in other units: let the layout work it out
        outer = clamp(outer, int(limit.value))
    return outer - gutter == size.height


def update_steady(widget: Static, content: Content) -> bool:
    """Show ``content`` unless it is already shown; lay out only if the height changes.

    Returns whether the widget was updated.
    """
    old = widget.content
    if isinstance(old, str):
        if not content.spans and old == content.plain:
            return False
    elif isinstance(old, Content) and (old.plain, old.spans) == (content.plain, content.spans):
        return False
    widget.update(content, layout=not keeps_height(widget, content))
    return True
