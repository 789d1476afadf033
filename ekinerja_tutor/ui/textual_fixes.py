"""Work-arounds for Textual memory leaks, applied once when the app is created.

Textual 8.2 wraps two *instance* methods in ``functools.lru_cache(1024)``, so every cache key
holds its instance alive until 1024 newer keys push it out (Textualize/textual#6665):

* ``StylesCache.get_inner_outer``: every widget owns a ``StylesCache``, so the cache pinned
  the ``StylesCache`` of up to 1024 widgets long gone, each with all of its rendered lines
  (``Strip`` objects and their own caches). ``bench memory`` kept growing this way: 89.8 MiB
  after 5 rounds through the main screens, 97.5 after 20, still rising; with the fix it moved
  less than 1 MiB from round 25 to round 100.
* ``ANSIToTruecolor.truecolor_style``: Textual makes a new filter for every tinted or faded
  render, and each one stayed pinned (≈6 filters a round in ``bench memory``).

Neither method needs its instance beyond the terminal theme, so the replacements cache on
the arguments alone (and the theme): the same results, nothing pinned.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.filter import ANSIToTruecolor
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """Inner and outer background styles, as ``StylesCache.get_inner_outer`` makes them."""
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(
    self: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


_plain_truecolor_style = getattr(ANSIToTruecolor.truecolor_style, "__wrapped__", None)


@lru_cache(1024)
def _truecolor(theme: TerminalTheme, style: RichStyle, background: RichColor) -> RichStyle:
    assert _plain_truecolor_style is not None
    return _plain_truecolor_style(ANSIToTruecolor(theme), style, background)  # type: ignore[no-any-return]


def _truecolor_style(self: ANSIToTruecolor, style: RichStyle, background: RichColor) -> RichStyle:
    return _truecolor(self._terminal_theme, style, background)


def apply() -> None:
    """Install the fixes where Textual still has the leaking caches (idempotent)."""
    if hasattr(StylesCache.get_inner_outer, "cache_info"):
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
    if hasattr(ANSIToTruecolor.truecolor_style, "cache_info") and _plain_truecolor_style:
        ANSIToTruecolor.truecolor_style = _truecolor_style  # type: ignore[method-assign,assignment]
