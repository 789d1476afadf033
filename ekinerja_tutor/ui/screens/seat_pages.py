"""The two page shapes the seat's decision screens share: a queue of what waits for the seat
(a heading and a list; Enter opens one) and one document read in full before deciding.

A subclass names its ``PREFIX``: the widget ids (``<prefix>-head``, ``<prefix>-list``,
``<prefix>-body``, ``<prefix>-text``) and the catalog keys ``review_ui.<prefix>_status`` (the
first status line) and ``review_ui.<prefix>_head`` (the queue's heading, given ``count``) come
from it. Everything drawn is user text (names, RHK, notes) and goes in as ``Content``, literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.ui.screens.review_common import SeatScreen

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

    from ekinerja_tutor.ui.workspace import Workspace

ItemT = TypeVar("ItemT")
ViewT = TypeVar("ViewT")


class SeatQueueScreen(SeatScreen, Generic[ItemT]):
    """What waits for the seat's decision; re-read when the screen comes back."""

    DEFAULT_CSS = """
    SeatQueueScreen .seat-queue-head { padding: 0 1; text-style: bold; height: auto; }
    SeatQueueScreen .seat-queue-list { height: 1fr; margin: 0 1; }
    """
    PREFIX: ClassVar[str]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.items: Sequence[ItemT] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content(self.tr.t("ws.loading")),
            id=f"{self.PREFIX}-head",
            classes="seat-queue-head",
            markup=False,
        )
        yield OptionList(id=f"{self.PREFIX}-list", classes="seat-queue-list")

    def on_mount(self) -> None:
        self.query_one(f"#{self.PREFIX}-list").focus()
        self.say_first(f"review_ui.{self.PREFIX}_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.items is not None:
            self.load()

    def read_items(self) -> Callable[[], Sequence[ItemT]]:
        """The service call that reads the queue for the active seat (subclasses)."""
        raise NotImplementedError

    def item_line(self, item: ItemT) -> str:
        """One item's line in the list (subclasses)."""
        raise NotImplementedError

    def item_key(self, item: ItemT) -> int:
        return int(item.id)  # type: ignore[attr-defined]

    def opened(self, item_id: int) -> Screen[Any]:
        """The screen that reads one item (subclasses)."""
        raise NotImplementedError

    def load(self) -> None:
        self.run_service(self.read_items(), tag=self.PREFIX, then=self.show)

    def show(self, items: Sequence[ItemT]) -> None:
        self.items = items
        self.draw()

    def draw(self) -> None:
        items = self.items or []
        self.query_one(f"#{self.PREFIX}-head", Static).update(
            Content(self.tr.t(f"review_ui.{self.PREFIX}_head", count=len(items)))
        )
        options = self.query_one(f"#{self.PREFIX}-list", OptionList)
        options.clear_options()
        for item in items:
            options.add_option(Option(Content(self.item_line(item)), id=str(self.item_key(item))))
        if items:
            options.highlighted = 0  # Enter opens the first one straight away

    def workspace_language_changed(self) -> None:
        self.draw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == f"{self.PREFIX}-list" and event.option.id is not None:
            event.stop()
            self.app.push_screen(self.opened(int(event.option.id)))


class SeatDocumentScreen(SeatScreen, Generic[ViewT]):
    """One item read in full; a change of seat closes it (the item belongs to the old seat)."""

    DEFAULT_CSS = """
    SeatDocumentScreen .seat-document { height: 1fr; padding: 0 1; border: round $border-blurred; }
    SeatDocumentScreen .seat-document:focus { border: heavy $border; }
    """
    PREFIX: ClassVar[str]

    def __init__(self, workspace: Workspace, item_id: int) -> None:
        super().__init__(workspace)
        self.item_id = item_id
        self.view: ViewT | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id=f"{self.PREFIX}-body", classes="seat-document"):
            yield Static(Content(self.tr.t("ws.loading")), id=f"{self.PREFIX}-text", markup=False)

    def on_mount(self) -> None:
        self.query_one(f"#{self.PREFIX}-body").focus()
        self.say_first(f"review_ui.{self.PREFIX}_status")
        self.load()

    def seat_changed(self) -> None:
        self.dismiss()

    def read_view(self) -> Callable[[], ViewT]:
        """The service call that reads the item from the active seat (subclasses)."""
        raise NotImplementedError

    def view_lines(self, view: ViewT) -> list[str]:
        """The document's lines (subclasses)."""
        raise NotImplementedError

    def load(self) -> None:
        self.run_service(self.read_view(), tag=self.PREFIX, then=self.show)

    def show(self, view: ViewT) -> None:
        self.view = view
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one(f"#{self.PREFIX}-text", Static).content)

    def draw(self) -> None:
        if self.view is not None:
            text = "\n".join(self.view_lines(self.view))
            self.query_one(f"#{self.PREFIX}-text", Static).update(Content(text))

    def workspace_language_changed(self) -> None:
        self.draw()
