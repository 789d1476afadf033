"""Small supervisor views: who has not filled which working days, a text page (for the
failures of a bulk approval), and opening an evidence link as the supervisor.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.ui.screens.review_common import SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.daily_logs import PersonRef
    from ekinerja_tutor.services.drive import OpenedItem
    from ekinerja_tutor.ui.workspace import Workspace

TEXT_CSS = """
{cls} #text-body {{ height: 1fr; padding: 0 1; border: round $border-blurred; }}
{cls} #text-body:focus {{ border: heavy $border; }}
{cls} #text-head {{ padding: 0 1; text-style: bold; height: auto; }}
"""


class MessageScreen(WorkspaceScreen[None]):
    """A page of text (user text drawn literally); Esc goes back."""

    DEFAULT_CSS = TEXT_CSS.format(cls="MessageScreen")
    TITLE_KEY: ClassVar[str] = "review_ui.message_title"
    HELP_KEY: ClassVar[str] = "review_ui.message_help"

    def __init__(self, workspace: Workspace, head: str, text: str) -> None:
        super().__init__(workspace)
        self._head = head
        self._text = text

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self._head), id="text-head", markup=False)
        with VerticalScroll(id="text-body"):
            yield Static(Content(self._text), id="text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#text-body").focus()


def open_evidence_link(screen: WorkspaceScreen[Any], url: str) -> None:
    """Open ``url`` as the seat's person: a Practice Drive link through the drive (so a private
    file stays closed to the supervisor, as on the real Drive); any other link is shown
    literally, to be opened in a browser."""
    from ekinerja_tutor.domain.drive import parse_drive_link
    from ekinerja_tutor.services.drive import DriveService

    tr = screen.tr
    if not url:
        screen.say_key("review_ui.no_link")
        return
    drive = screen.service("drive", DriveService)
    if parse_drive_link(url, drive.drive_host) is None:
        head = tr.t("review_ui.link_title")
        screen.app.push_screen(
            MessageScreen(screen.workspace, head, tr.t("review_ui.link_outside", link=url))
        )
        return
    seat = screen.workspace.active_seat

    def shown(opened: OpenedItem) -> None:
        screen.app.push_screen(
            MessageScreen(screen.workspace, tr.t("review_ui.link_opened"), opened_text(tr, opened))
        )

    def refused(error: TutorError) -> None:
        text = tr.t("review_ui.link_refused", reason=tr.msg(error.message), link=url)
        screen.app.push_screen(MessageScreen(screen.workspace, tr.t("review_ui.link_title"), text))

    screen.run_service(drive.open_link, seat, url, tag="link", then=shown, failed=refused)


def opened_text(tr: Translator, opened: OpenedItem) -> str:
    """What the supervisor sees of an opened drive item (names and captions are user text)."""
    item = opened.item
    lines = [
        tr.t("review_ui.drive_item", name=item.name, owner=item.owner.name),
        tr.t("review_ui.drive_date", date=tr.msg(date_label(item.item_date))),
        tr.t("review_ui.drive_viewer", name=opened.viewer.name),
    ]
    if item.caption:
        lines.append(tr.t("review_ui.drive_caption", caption=item.caption))
    elif not item.is_folder:
        lines.append(tr.t("review_ui.drive_no_caption"))
    if opened.data is not None and item.mime.startswith("text/"):
        lines.append("")
        lines.append(opened.data[:2000].decode("utf-8", errors="replace"))
    if item.is_folder:
        lines.append(tr.t("review_ui.drive_children", count=len(opened.children)))
        for child in opened.children:
            lines.append(f" • {child.item_date:%d/%m/%Y} {child.name}")
    return "\n".join(lines)


class MissingDaysScreen(SeatScreen):
    """Hari belum diisi: each direct subordinate's working days without a sent entry."""

    DEFAULT_CSS = TEXT_CSS.format(cls="MissingDaysScreen")
    TITLE_KEY: ClassVar[str] = "review_ui.missing_title"
    HELP_KEY: ClassVar[str] = "review_ui.missing_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_month", "review_ui.key_prev_month"),
        Binding("pagedown", "next_month", "review_ui.key_next_month"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today.date()
        self.month = today.replace(day=1)
        self.found: dict[PersonRef, list[dt.date]] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="text-head", markup=False)
        with VerticalScroll(id="text-body"):
            yield Static("", id="text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#text-body").focus()
        self.say_first("review_ui.missing_status")
        self.load()

    def _range(self) -> tuple[dt.date, dt.date]:
        nxt = (self.month + dt.timedelta(days=32)).replace(day=1)
        return self.month, nxt - dt.timedelta(days=1)

    def load(self) -> None:
        start, end = self._range()
        self.run_service(
            self.daily_logs.missing_days,
            self.review_seat,
            start,
            end,
            tag="missing",
            then=self.show,
        )

    def show(self, found: dict[PersonRef, list[dt.date]]) -> None:
        self.found = found
        self.draw()

    def draw(self) -> None:
        tr = self.tr
        start, end = self._range()
        end = min(end, self.workspace.sandbox.today.date())  # the service stops at today too
        self.query_one("#text-head", Static).update(
            Content(
                tr.t(
                    "review_ui.missing_head",
                    start=tr.msg(date_label(start)),
                    end=tr.msg(date_label(end)),
                )
            )
        )
        if self.found is None:
            return
        persona = self.workspace.seat.person_id
        lines: list[str] = []
        for person, days in self.found.items():
            own = tr.t("review_ui.missing_own") if person.id == persona else ""
            if not days:
                lines.append(tr.t("review_ui.missing_none", name=person.name) + own)
                continue
            lines.append(tr.t("review_ui.missing_person", name=person.name, count=len(days)) + own)
            for day in days:
                lines.append("   • " + tr.msg(date_label(day)))
        if not lines:
            lines.append(tr.t("review_ui.no_staff_short"))
        self.query_one("#text", Static).update(Content("\n".join(lines)))

    @property
    def body_text(self) -> str:
        return str(self.query_one("#text", Static).content)

    def workspace_language_changed(self) -> None:
        self.draw()

    def action_previous_month(self) -> None:
        self.month = (self.month - dt.timedelta(days=1)).replace(day=1)
        self.load()

    def action_next_month(self) -> None:
        if self.month < self.workspace.sandbox.today.date().replace(day=1):
            self.month = (self.month + dt.timedelta(days=32)).replace(day=1)
            self.load()
