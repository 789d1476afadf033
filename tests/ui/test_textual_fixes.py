"""The Textual cache work-arounds give the same results without keeping instances alive."""

from __future__ import annotations

import gc
import weakref

from rich.color import Color as RichColor
from rich.style import Style as RichStyle
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.filter import ANSIToTruecolor
from textual.style import Style

from ekinerja_tutor.ui import heap, textual_fixes
from ekinerja_tutor.ui.textual_fixes import _plain_truecolor_style


def test_styles_cache_is_not_pinned_and_colours_match() -> None:
    textual_fixes.apply()
    textual_fixes.apply()  # idempotent
    base, background = Color(10, 20, 30), Color(200, 100, 50, 0.5)
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(base, background)
    assert inner == Style(background=base + background)
    assert outer == Style(background=base)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def test_truecolor_filter_is_not_pinned_and_styles_match() -> None:
    from textual._ansi_theme import DEFAULT_TERMINAL_THEME

    textual_fixes.apply()
    assert _plain_truecolor_style is not None
    style = RichStyle(color="red", bgcolor="blue", dim=True)
    background = RichColor.from_rgb(0, 0, 0)
    fresh = ANSIToTruecolor(DEFAULT_TERMINAL_THEME)
    expected = _plain_truecolor_style(fresh, style, background)
    assert fresh.truecolor_style(style, background) == expected
    assert expected.color is not None and expected.color.triplet is not None
    gone = weakref.ref(fresh)
    del fresh
    gc.collect()
    assert gone() is None


def test_limiting_malloc_arenas_is_harmless_and_once() -> None:
    heap.limit_malloc_arenas()
    heap.limit_malloc_arenas()
    assert bytearray(1 << 20)  # the allocator still works


async def test_a_timer_behind_schedule_ticks_at_the_next_frame_boundary() -> None:
    """A screen's update timer: paused between repaints, resumed when something changes."""
    import asyncio
    import time

    from textual.app import App

    textual_fixes.apply()
    interval = 0.2
    ticks: list[float] = []

    async def ticks_reach(count: int) -> None:
        while len(ticks) < count:
            await asyncio.sleep(0.005)

    app: App[None] = App()
    async with app.run_test():

        def tick() -> None:
            ticks.append(time.monotonic())
            timer.pause()

        timer = app.set_interval(interval, tick, pause=True)
        timer.resume()
        started = time.monotonic()
        await ticks_reach(1)  # at 1 interval
        await asyncio.sleep(started + 3.5 * interval - time.monotonic())
        timer.resume()  # behind schedule: it ticks at once, at 3.5 intervals
        await ticks_reach(2)
        timer.resume()  # the next boundary is at 4 intervals (Textual's own skipped to 5)
        await ticks_reach(3)
    assert ticks[2] - ticks[1] < interval


async def test_closing_a_screen_does_not_lay_out_the_one_beneath_again() -> None:
    """It was laid out when shown (and when the terminal changed size while it was hidden)."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    textual_fixes.apply()
    layouts: list[str] = []

    class Counted(Screen[None]):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self) -> ComposeResult:
            yield Static(self.text)

        def _refresh_layout(self, *args: object, **kwargs: object) -> None:
            layouts.append(self.text)
            super()._refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

    class Two(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Counted("beneath"))

    app = Two()
    async with app.run_test(size=(80, 24)) as pilot:
        for resize in (False, True):
            await pilot.pause()
            app.push_screen(Counted("on top"))
            await pilot.pause()
            if resize:
                await pilot.resize_terminal(60, 20)
                await pilot.pause()
            layouts.clear()
            app.pop_screen()
            for _ in range(5):
                await pilot.pause()
            assert layouts == []  # Textual's own: ["beneath"]
            assert app.screen.size == ((60, 20) if resize else (80, 24))
            assert "beneath" in app.export_screenshot()


def test_full_collections_wait_for_a_pause() -> None:
    before = gc.get_threshold()
    try:
        heap.defer_full_collections.cache_clear()
        heap.defer_full_collections()
        assert gc.get_threshold()[2] == heap.FULL_COLLECTION_AFTER
        assert gc.get_threshold()[:2] == before[:2]
    finally:
        gc.set_threshold(*before)

    now = [100.0]
    collector = heap.PauseCollector(clock=lambda: now[0])
    assert not collector.tick()  # nothing typed yet: nothing to do

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    gc.disable()  # (no automatic collection may find it first)
    try:
        cycle = Cycle()
        gone = weakref.ref(cycle)
        del cycle  # garbage only a collection finds
        collector.input()
        now[0] += heap.PAUSE_SECONDS / 2
        assert not collector.tick()  # still typing
        now[0] += heap.PAUSE_SECONDS
        assert gone() is not None
        assert collector.tick()  # a pause: collected
        assert gone() is None
        assert not collector.tick()  # once per pause
    finally:
        gc.enable()
