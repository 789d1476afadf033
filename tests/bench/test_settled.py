"""``screens.press_timed`` stops the clock only when everything a key caused is on screen."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from ekinerja_tutor.bench import screens

READ_SECONDS = 0.05


class Chained(App[None]):
    """A key starts a thread worker; its answer starts another; the second answer is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [("x", "read", "read")]
    shown_at = 0.0
    painted_at = 0.0

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        self.painted_at = time.perf_counter()  # a frame went to the (headless) terminal
        super()._display(screen, renderable)

    def show(self, text: str) -> None:
        self.query_one("#out", Static).update(text)
        self.shown_at = time.perf_counter()

    def compose(self) -> ComposeResult:
        yield Static("before", id="out")

    def action_read(self) -> None:
        self.first()

    @work(thread=True)
    def first(self) -> None:
        time.sleep(READ_SECONDS)
        self.call_from_thread(self.second)

    @work(thread=True)
    def second(self) -> None:
        time.sleep(READ_SECONDS)
        self.call_from_thread(self.show, "after")


async def test_the_clock_stops_after_the_last_answer_is_painted() -> None:
    app = Chained()
    async with app.run_test() as pilot:
        await screens.settled(app, pilot)
        took = await screens.press_timed(app, pilot, "x")
        out = app.query_one("#out", Static)
        assert str(out.content) == "after"
        assert took >= 2 * READ_SECONDS
        assert app.painted_at > app.shown_at  # and a frame was sent after it


async def test_an_idle_app_settles_at_once() -> None:
    app = Chained()
    async with app.run_test() as pilot:
        await screens.settled(app, pilot)
        started = time.perf_counter()
        await screens.settled(app, pilot)
        assert time.perf_counter() - started < 0.5
