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


def test_a_cleared_cache_frees_its_entries_at_once_and_still_works() -> None:
    from textual.cache import LRUCache

    textual_fixes.apply()

    class Rendered:
        pass

    cache: LRUCache[int, Rendered] = LRUCache(3)
    values = [Rendered() for _ in range(5)]
    gone = [weakref.ref(value) for value in values]
    gc.disable()  # only reference counting may free them
    try:
        for key, value in enumerate(values):
            cache[key] = value
        assert list(cache.keys()) == [2, 3, 4]  # the oldest two were pushed out
        del values, value
        assert [ref() is None for ref in gone] == [True, True, False, False, False]
        cache.clear()
        assert [ref() is None for ref in gone] == [True] * 5  # Textual's own: only at a collection
    finally:
        gc.enable()
    cache[7] = Rendered()
    cache[8] = seen = Rendered()
    assert cache.get(8) is seen and cache.get(7) is not None and len(cache) == 2


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


class _Terminal:
    """The cells a terminal shows after the app's updates (what ``App._display`` sends)."""

    def __init__(self, width: int, height: int) -> None:
        self.cells: list[list[tuple[str, object]]] = [[(" ", None)] * width for _ in range(height)]

    def apply(self, update: object) -> None:
        from rich.console import Console
        from rich.segment import ControlType

        console = Console(width=len(self.cells[0]), height=len(self.cells))
        x = y = 0
        for segment in console.render(update):  # type: ignore[arg-type]
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        assert len(code) == 3  # a move carries the column and the row
                        _, x, y = code
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            for char in segment.text:
                self.cells[y][x] = (char, segment.style)
                x += 1


async def test_a_focus_move_repaints_what_changed_and_the_screen_shows_the_same() -> None:
    """Textual's own repaints the whole screen on every focus move."""
    from textual._compositor import Compositor, LayoutUpdate
    from textual.app import App, ComposeResult
    from textual.containers import Vertical
    from textual.widgets import Button, Checkbox, Input, Static

    textual_fixes.apply()

    class Form(App[None]):
        CSS = """
        Button:focus { text-style: reverse; }
        #box:focus-within { border: heavy red; }
        """

        def compose(self) -> ComposeResult:
            yield Static("Judul " * 30)
            with Vertical(id="box"):
                yield Input(value="ketik di sini", id="first")
                yield Checkbox("Hanya yang terlambat")
            yield Button("Simpan")
            yield Static("Catatan " * 30)

    app = Form()
    full_updates: list[object] = []
    screen_updates: list[object] = []
    async with app.run_test(size=(60, 16)) as pilot:
        full_render = Compositor.render_full_update

        def counted_full(self: Compositor, simplify: bool = False) -> LayoutUpdate:
            full_updates.append(self)
            return full_render(self, simplify)

        app._display = lambda screen, renderable: screen_updates.append(renderable)  # type: ignore[method-assign]
        terminal = _Terminal(60, 16)
        app.screen.refresh()  # first, one whole picture
        await pilot.pause()
        try:
            Compositor.render_full_update = counted_full  # type: ignore[method-assign]
            for key in ("tab", "tab", "tab", "shift+tab", "shift+tab"):
                full_updates.clear()
                await pilot.press(key)
                await pilot.pause()
                assert full_updates == [], key
        finally:
            Compositor.render_full_update = full_render  # type: ignore[method-assign]
        for update in screen_updates:
            terminal.apply(update)
        whole = _Terminal(60, 16)
        whole.apply(app.screen._compositor.render_update(full=True))
        assert app.focused is not None and app.focused.id == "first"
        assert terminal.cells == whole.cells
        assert any(char == "┏" for row in whole.cells for char, _ in row)  # focus-within


async def test_a_closed_screen_is_not_restyled_but_a_kept_one_is() -> None:
    """Closing a screen blurs its focused widget; restyling it then is work thrown away."""
    from textual.app import App, ComposeResult
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.widgets import Button

    textual_fixes.apply()

    class Form(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Button("Simpan", id="save")
            yield Button("Batal", id="cancel")

    class Two(App[None]):
        CSS = "Button:focus { text-style: reverse; } Button { text-style: none; }"

    app = Two()
    restyled: list[object] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: DOMNode, **kwargs: object) -> None:
        restyled.append(node)
        apply(self, node, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=(60, 10)) as pilot:
        closed = Form()
        await app.push_screen(closed)
        await pilot.pause()
        save = closed.query_one("#save", Button)
        assert save.has_focus and save.styles.text_style.reverse
        Stylesheet.apply = counted  # type: ignore[method-assign]
        try:
            app.pop_screen()
            for _ in range(5):
                await pilot.pause()
        finally:
            Stylesheet.apply = apply  # type: ignore[method-assign]
        assert not save.has_focus
        assert save not in restyled  # Textual's own restyled it just before removing it

        kept = Form()
        app.install_screen(kept, "form")
        for focus in ("#save", "#cancel"):
            await app.push_screen("form")
            await pilot.pause()
            kept.query_one(focus, Button).focus()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            for button in kept.query(Button):  # it may be shown again: styles follow focus
                assert bool(button.styles.text_style.reverse) == button.has_focus, focus
