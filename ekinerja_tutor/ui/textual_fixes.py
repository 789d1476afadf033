"""Work-arounds for Textual memory leaks and redraw delays, applied once when the app is created.

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

**A frame too many.** A screen repaints on its update timer (60 a second), which is paused
when nothing needs painting. After a tick behind its schedule (every first tick after a
pause), ``Timer._run`` skips to the *second* frame boundary ahead instead of the next one, so
a screen asked to repaint again within a key (the rows that a service call brought, after
the key's own repaint) waited 17-33 ms instead of 0-17 ms; ``bench scale`` saw this on every
screen that reads data. The replacement :func:`_run` is Textual's loop with that count
corrected.

**A closed screen's second layout.** Closing a screen removes it from the app, and once it is
gone Textual lays out the app's current screen again (``App._prune``'s ``parent.refresh(
layout=True)``). That screen was just laid out and painted when it was shown again; the second
layout and full repaint were about 15 ms of each Esc back to the dashboard. :func:`_prune`
leaves the parent out when only screens are removed from the app.

**A focus move repaints the whole screen.** ``Screen.focused`` is a reactive that repaints
the screen when it changes, so every Tab composited and sent all of the screen's widgets
again (15-25 ms on the ticket queue). The widgets that look different (the one focused, the
one left, their ``:focus-within`` containers) already refresh themselves when Textual updates
their styles, and the footer follows the focus through its own signal. :func:`apply` turns
that repaint off; a test replays what reaches the terminal and compares it with a full
repaint.

**Cleared caches left to the garbage collector.** ``LRUCache`` keeps its entries in a ring of
linked lists, and ``clear()`` dropped the ring as it was: a reference cycle, so every entry
(rendered lines, segments, row renderables) waited for a collection instead of going at
once. A DataTable clears four of them each time its rows change; the ticket queue left
≈700 such objects per key, and the collections that found them took 3-8 ms of a key.
:func:`_lru_clear` unlinks the entries first.

**Restyling a widget on its way out.** Closing a screen blurs its focused widget after the
screen has left the stack, and the blur restyled the widget (for a DataTable, a virtual node
and a style pass for each of its ten component classes) just before it was removed: 5-6 ms
of each Esc from the weekly view. :func:`_watch_has_focus` skips that restyle when the
widget's screen is in no screen stack and not installed (so it can never be shown again).
"""

from __future__ import annotations

from functools import lru_cache

import textual
from rich.color import Color as RichColor
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from textual import _time
from textual._context import NoActiveAppError
from textual._styles_cache import StylesCache
from textual.app import App
from textual.await_remove import AwaitRemove
from textual.cache import LRUCache
from textual.color import Color
from textual.dom import DOMNode, NoScreen
from textual.filter import ANSIToTruecolor
from textual.reactive import Reactive
from textual.screen import Screen
from textual.style import Style
from textual.timer import EventTargetGone, Timer
from textual.widget import Widget


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


async def _run(self: Timer) -> None:
    """``Timer._run`` of Textual 8.2, ticking at the next frame boundary after a late tick.

    (Textual 8 only: ``apply`` leaves other versions' timers alone.)"""
    count = 0
    repeat = self._repeat
    interval = self._interval
    self._active  # noqa: B018 (Textual's: create the event in this thread)
    await self._active.wait()
    start = _time.get_time()
    while repeat is None or count <= repeat:
        next_timer = start + ((count + 1) * interval)
        now = _time.get_time()
        if self._skip and next_timer < now:
            count = int((now - start) / interval)  # Textual's has "+ 1": one frame more
            continue
        await _time.sleep(max(0.0, next_timer - _time.get_time()))
        count += 1
        await self._active.wait()
        if self._reset:
            start = _time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except EventTargetGone:
            break


_TEXTUAL_RUN = Timer._run
_TEXTUAL_PRUNE = App._prune


_TEXTUAL_LRU_CLEAR = LRUCache.clear


def _lru_clear(self: LRUCache[object, object]) -> None:
    """``LRUCache.clear``, unlinking the ring first so reference counting frees the entries."""
    for link in self._cache.values():
        link.clear()
    _TEXTUAL_LRU_CLEAR(self)


_TEXTUAL_WATCH_HAS_FOCUS = Widget.watch_has_focus


def _watch_has_focus(self: Widget, has_focus: bool) -> None:
    """``Widget.watch_has_focus``, without restyling a blurred widget of a closed screen."""
    if not has_focus and _closed_screen(self):
        return
    _TEXTUAL_WATCH_HAS_FOCUS(self, has_focus)


def _closed_screen(widget: Widget) -> bool:
    """Whether ``widget`` is on a screen that left the app for good (or on none)."""
    try:
        screen = widget.screen
        app = widget.app
    except (NoScreen, NoActiveAppError):  # detached already
        return True
    stacks = getattr(app, "_screen_stacks", None)
    installed = getattr(app, "_installed_screens", None)
    if stacks is None or installed is None:  # another Textual: restyle as it does
        return False
    return not any(screen in stack for stack in stacks.values()) and not any(
        screen is kept for kept in installed.values()
    )


def _prune(self: App[object], *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
    """``App._prune``, without laying out again the screen shown after a screen is closed."""
    if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
        parent = None  # the screen now shown was laid out when it was shown
    return _TEXTUAL_PRUNE(self, *nodes, parent=parent)


def apply() -> None:
    """Install the fixes where Textual still needs them (idempotent)."""
    # Patching Textual's methods on purpose: mypy rejects assigning to a method
    # ("method-assign") and the replacements' signatures are not Textual's generic ones
    # ("assignment").
    if hasattr(StylesCache.get_inner_outer, "cache_info"):
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
    if hasattr(ANSIToTruecolor.truecolor_style, "cache_info") and _plain_truecolor_style:
        ANSIToTruecolor.truecolor_style = _truecolor_style  # type: ignore[method-assign,assignment]
    if Timer._run is _TEXTUAL_RUN and textual.__version__.startswith("8."):
        Timer._run = _run  # type: ignore[method-assign]
    if App._prune is _TEXTUAL_PRUNE:
        App._prune = _prune  # type: ignore[method-assign,assignment]
    if LRUCache.clear is _TEXTUAL_LRU_CLEAR:
        LRUCache.clear = _lru_clear  # type: ignore[method-assign,assignment]
    if Widget.watch_has_focus is _TEXTUAL_WATCH_HAS_FOCUS:
        Widget.watch_has_focus = _watch_has_focus  # type: ignore[method-assign,assignment]
    focused = Screen.__dict__.get("focused")
    if isinstance(focused, Reactive):
        focused._repaint = False
