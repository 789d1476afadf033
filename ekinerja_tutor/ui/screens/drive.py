"""Drive Latihan: the persona's folders and files, sharing, "Salin tautan" and "Buka sebagai".

A page of a folder is a table (folders first, then files by date). Enter opens a folder, or a
file as the persona. ``s`` opens the share dialog with the labels a real shared drive uses,
``c`` copies the item's link to the clipboard (the learner pastes it into Bukti Dukung with
Ctrl+V), ``a`` adds a file from the learner's own disk (not when served to browsers), ``r``
renames or changes a caption, ``o`` opens a link as another person (e.g. the supervisor) to
see what they would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from ekinerja_tutor.domain.drive import GeneralAccess, ShareLevel, share_level_label
from ekinerja_tutor.ui.screens.dialogs import ActionMenu, FormDialog, FormField
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.text import clip
from ekinerja_tutor.ui.widgets.i18n import TButton
from ekinerja_tutor.ui.widgets.row_table import RowTable

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import PersonRef
    from ekinerja_tutor.services.drive import DriveItemView, DriveService, FolderView, OpenedItem
    from ekinerja_tutor.ui.workspace import Workspace

PAGE_SIZE = 50
NAME_WIDTH = 34
FOLDER_MARK = "▸ "


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{(size + 1023) // 1024} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Opened:
    """What "open" gave: the item, or the access-denied error for ``viewer``."""

    link: str
    viewer: str
    item: OpenedItem | None
    error: Any = None


class DriveScreen(WorkspaceScreen[None]):
    """Drive Latihan of the persona: one page of one folder."""

    DEFAULT_CSS = """
    DriveScreen #drive-head { padding: 0 1; text-style: bold; height: auto; }
    DriveScreen #drive-table { height: 1fr; min-height: 5; }
    DriveScreen #drive-detail {
        height: auto; max-height: 4; padding: 0 1; border-top: solid $border-blurred;
    }
    DriveScreen #drive-buttons { height: auto; padding: 0 1; }
    DriveScreen #drive-buttons Button { margin-right: 1; min-width: 8; }
    """

    TITLE_KEY: ClassVar[str] = "drive_ui.title"
    HELP_KEY: ClassVar[str] = "drive_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("c", "copy_link", "drive_ui.key_copy"),
        Binding("s", "share", "drive_ui.key_share"),
        Binding("a", "add_file", "drive_ui.key_add"),
        Binding("o", "open_as", "drive_ui.key_open_as"),
        Binding("r", "rename", "drive_ui.key_rename"),
        Binding("backspace", "up_folder", "drive_ui.key_up"),
        Binding("pageup", "previous_page", "drive_ui.key_previous", show=False),
        Binding("pagedown", "next_page", "drive_ui.key_next", show=False),
    ]

    def __init__(self, workspace: Workspace, folder_id: int | None = None) -> None:
        super().__init__(workspace)
        self.folder_id = folder_id
        self.page = 0
        self.view: FolderView | None = None
        self._rows: dict[str, DriveItemView] = {}
        self._people: list[PersonRef] = []

    @property
    def drive(self) -> DriveService:
        from ekinerja_tutor.services.drive import DriveService

        return self.service("drive", DriveService)

    @property
    def served(self) -> bool:
        return bool(self.services.settings.served)

    # -- composing and loading ----------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield Static(Content(tr.t("ws.loading")), id="drive-head", markup=False)
        yield RowTable(id="drive-table", cursor_type="row")
        yield Static("", id="drive-detail", markup=False)
        with Horizontal(id="drive-buttons"):
            yield TButton(tr, "drive_ui.copy_link", id="copy-link", variant="primary")
            yield TButton(tr, "drive_ui.share", id="share")
            yield TButton(tr, "drive_ui.add_file", id="add-file")
            yield TButton(tr, "drive_ui.open_as", id="open-as")
            yield TButton(tr, "drive_ui.key_rename", id="rename")

    def on_mount(self) -> None:
        self._columns()
        self.query_one("#drive-table", DataTable).focus()
        if self.served:
            button = self.query_one("#add-file", Button)
            button.disabled = True
            button.tooltip = self.tr.t("drive.disk_served")
        self.say_first("drive_ui.status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self) -> None:
        seat = self.workspace.seat
        drive = self.drive
        folder, page = self.folder_id, self.page

        def read() -> tuple[FolderView, list[PersonRef]]:
            return drive.list_folder(seat, folder, page=page, page_size=PAGE_SIZE), drive.people(
                seat
            )

        self.run_service(read, tag="drive", then=self.show)

    def show(self, loaded: tuple[FolderView, list[PersonRef]]) -> None:
        self.view, self._people = loaded
        self._draw()

    def _columns(self) -> None:
        tr = self.tr
        table = self.query_one("#drive-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr.t("drive_ui.col_name")), key="name", width=NAME_WIDTH)
        table.add_column(Text(tr.t("drive_ui.col_date")), key="date", width=10)
        table.add_column(Text(tr.t("drive_ui.col_sharing")), key="sharing", width=16)
        table.add_column(Text(tr.t("drive_ui.col_size")), key="size", width=7)

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        tr = self.tr
        table = self.query_one("#drive-table", DataTable)
        previous = table.cursor_row
        table.clear()
        self._rows = {}
        for item in view.items:
            key = f"item:{item.id}"
            self._rows[key] = item
            name = (FOLDER_MARK if item.is_folder else "") + item.name
            table.add_row(
                Text(clip(name, NAME_WIDTH)),
                Text(f"{item.item_date:%d/%m/%Y}"),
                Text(clip(tr.msg(share_level_label(item.effective)), 16)),
                Text("" if item.is_folder else size_text(item.size)),
                key=key,
            )
        if table.row_count:
            table.move_cursor(row=min(max(previous, 0), table.row_count - 1))
        self.query_one("#drive-head", Static).update(Content(self.head_text()))
        self._show_detail()

    def head_text(self) -> str:
        tr = self.tr
        view = self.view
        if view is None:
            return tr.t("ws.loading")
        path = " › ".join([tr.t("drive_ui.my_drive"), *(p.name for p in view.path)])
        pages = max(1, (view.total + view.page_size - 1) // view.page_size)
        if not view.items:
            return tr.t("drive_ui.head_empty", path=path)
        return tr.t(
            "drive_ui.head",
            path=path,
            count=view.total,
            page=view.page + 1,
            pages=pages,
        )

    def workspace_language_changed(self) -> None:
        self._columns()
        self._draw()

    # -- the highlighted item -------------------------------------------------------------------

    def highlighted(self) -> DriveItemView | None:
        table = self.query_one("#drive-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @on(DataTable.RowHighlighted, "#drive-table")
    def _show_detail(self) -> None:
        tr = self.tr
        item = self.highlighted()
        detail = self.query_one("#drive-detail", Static)
        if item is None:
            detail.update(Content(tr.t("drive_ui.nothing_here")))
            return
        sharing = tr.msg(share_level_label(item.level))
        if item.people:
            sharing += ": " + ", ".join(p.name for p in item.people)
        if item.effective is not item.level:
            sharing += " " + tr.t(
                "drive_ui.inherited", level=tr.msg(share_level_label(item.effective))
            )
        lines = [
            tr.t("drive_ui.detail_sharing", sharing=sharing, owner=item.owner.name),
            clip(item.caption, 76) if item.caption else tr.t("drive_ui.no_caption"),
            item.link,
        ]
        detail.update(Content("\n".join(lines)))

    @on(DataTable.RowSelected, "#drive-table")
    def _open_row(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if item.is_folder:
            self.folder_id = item.id
            self.page = 0
            self.load()
            return
        self.open_link(item.link, None)

    # -- actions --------------------------------------------------------------------------------

    @on(Button.Pressed, "#copy-link")
    def action_copy_link(self) -> None:
        item = self.highlighted()
        if item is None:
            self.say_key("drive_ui.choose_first")
            return
        self.app.copy_to_clipboard(item.link)
        key = (
            "drive_ui.copied_private"
            if item.effective is ShareLevel.RESTRICTED
            else "drive_ui.copied"
        )
        self.say_key(key, link=item.link, level=share_level_label(item.effective))

    def action_up_folder(self) -> None:
        view = self.view
        if view is None or view.folder is None:
            return
        self.folder_id = view.folder.parent_id
        self.page = 0
        self.load()

    def action_previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.load()

    def action_next_page(self) -> None:
        view = self.view
        if view is not None and (self.page + 1) * view.page_size < view.total:
            self.page += 1
            self.load()

    # sharing

    @on(Button.Pressed, "#share")
    def action_share(self) -> None:
        item = self.highlighted()
        if item is None:
            self.say_key("drive_ui.choose_first")
            return
        if item.owner.id != self.workspace.seat.person_id:
            self.say_key("drive_ui.not_owner", owner=item.owner.name)
            return
        tr = self.tr
        mark = {True: "● ", False: "○ "}
        restricted = item.access is GeneralAccess.RESTRICTED
        choices = [
            (
                "RESTRICTED",
                mark[restricted]
                + tr.t("drive.level.RESTRICTED")
                + " — "
                + tr.t("drive.level_help.RESTRICTED"),
            ),
            (
                "ANYONE_WITH_LINK",
                mark[not restricted]
                + tr.t("drive.level.ANYONE_WITH_LINK")
                + " — "
                + tr.t("drive.level_help.ANYONE_WITH_LINK"),
            ),
            ("people", tr.t("drive_ui.share_people", count=len(item.people))),
        ]
        title = tr.t("drive_ui.share_title", name=item.name)
        self.app.push_screen(
            ActionMenu(title, choices), lambda choice: self._share_chosen(item, choice)
        )

    def _share_chosen(self, item: DriveItemView, choice: str | None) -> None:
        if choice is None:
            return
        if choice == "people":
            self._choose_people(item)
            return
        access = GeneralAccess(choice)
        self.run_service(
            self.drive.set_sharing,
            self.workspace.seat,
            item.id,
            access,
            tag="share",
            then=self._shared,
        )

    def _choose_people(self, item: DriveItemView) -> None:
        tr = self.tr
        named = {p.id for p in item.people}
        supervisor = self.workspace.supervisor_seat
        boss_id = supervisor.person_id if supervisor is not None else None
        people = sorted(self._people, key=lambda p: (p.id != boss_id, p.name))
        choices = []
        for person in people[:40]:
            mark = "☑ " if person.id in named else "☐ "
            role = tr.t("drive_ui.your_supervisor") if person.id == boss_id else person.jabatan
            choices.append((str(person.id), f"{mark}{person.name} — {role}"))
        self.app.push_screen(
            ActionMenu(tr.t("drive_ui.people_title", name=item.name), choices),
            lambda choice: self._person_toggled(item, choice),
        )

    def _person_toggled(self, item: DriveItemView, choice: str | None) -> None:
        if choice is None:
            return
        person_id = int(choice)
        named = [p.id for p in item.people]
        people = [p for p in named if p != person_id] if person_id in named else [*named, person_id]
        self.run_service(
            self.drive.set_sharing,
            self.workspace.seat,
            item.id,
            item.access,
            people,
            tag="share",
            then=self._shared,
        )

    def _shared(self, item: DriveItemView) -> None:
        names = ", ".join(p.name for p in item.people)
        self.say_key(
            "drive_ui.shared",
            name=item.name,
            level=share_level_label(item.level),
            people=names or "-",
        )
        self.load()

    # adding and renaming

    @on(Button.Pressed, "#add-file")
    def action_add_file(self) -> None:
        if self.served:
            self.say_key("drive.disk_served")
            return
        view = self.view
        folder = view.folder if view is not None else None
        if folder is not None and folder.owner.id != self.workspace.seat.person_id:
            self.say_key("drive_ui.not_owner", owner=folder.owner.name)
            return
        drive, seat = self.drive, self.workspace.seat
        folder_id = folder.id if folder is not None else None

        def submit(values: dict[str, Any]) -> DriveItemView:
            return drive.add_file_from_disk(
                seat, folder_id, values["drive_path"], caption=values["drive_caption"]
            )

        fields = [
            FormField("drive_path", "drive_ui.field_path", "drive_ui.hint_path"),
            FormField("drive_caption", "drive_ui.field_caption", "drive_ui.hint_caption"),
        ]
        self.app.push_screen(
            FormDialog(self.tr.t("drive_ui.add_title"), fields, submit, "drive_ui.add_submit"),
            self._added,
        )

    def _added(self, item: DriveItemView | None) -> None:
        if item is None:
            return
        self.say_key("drive_ui.added", name=item.name)
        self.load()

    @on(Button.Pressed, "#rename")
    def action_rename(self) -> None:
        item = self.highlighted()
        if item is None:
            self.say_key("drive_ui.choose_first")
            return
        if item.owner.id != self.workspace.seat.person_id:
            self.say_key("drive_ui.not_owner", owner=item.owner.name)
            return
        drive, seat = self.drive, self.workspace.seat

        def submit(values: dict[str, Any]) -> DriveItemView:
            return drive.update_item(
                seat, item.id, name=values["drive_name"], caption=values["drive_caption"]
            )

        fields = [
            FormField("drive_name", "drive_ui.field_name", value=item.name),
            FormField("drive_caption", "drive_ui.field_caption", value=item.caption),
        ]
        self.app.push_screen(
            FormDialog(self.tr.t("drive_ui.rename_title"), fields, submit, "drive_ui.save"),
            self._renamed,
        )

    def _renamed(self, item: DriveItemView | None) -> None:
        if item is not None:
            self.say_key("drive_ui.saved", name=item.name)
            self.load()

    # opening as someone

    @on(Button.Pressed, "#open-as")
    def action_open_as(self) -> None:
        tr = self.tr
        workspace = self.workspace
        me = workspace.seat.person_id
        supervisor = workspace.supervisor_seat
        choices = [(str(me), tr.t("drive_ui.as_me"))]
        if supervisor is not None:
            boss = next((p for p in self._people if p.id == supervisor.person_id), None)
            label = boss.name if boss is not None else ""
            choices.append((str(supervisor.person_id), tr.t("drive_ui.as_supervisor", name=label)))
        for person in self._people[:30]:
            if supervisor is None or person.id != supervisor.person_id:
                choices.append((str(person.id), f"{person.name} — {person.jabatan}"))
        self.app.push_screen(ActionMenu(tr.t("drive_ui.as_title"), choices), self._as_chosen)

    def _as_chosen(self, choice: str | None) -> None:
        if choice is None:
            return
        person_id = int(choice)
        item = self.highlighted()
        fields = [
            FormField(
                "drive_link",
                "drive_ui.field_link",
                "drive_ui.hint_link",
                value=item.link if item else "",
            )
        ]
        self.app.push_screen(
            FormDialog(
                self.tr.t("drive_ui.link_title"),
                fields,
                lambda values: values["drive_link"],
                "drive_ui.open",
            ),
            lambda link: self.open_link(link, person_id) if link else None,
        )

    def open_link(self, link: str, as_person_id: int | None) -> None:
        """Open ``link`` as ``as_person_id`` (None: the persona) and show what they see."""
        from ekinerja_tutor.domain.drive import DriveAccessDenied

        drive, seat = self.drive, self.workspace.seat
        names = {p.id: p.name for p in self._people}

        def call() -> Opened:
            viewer = names.get(as_person_id or -1, "")
            try:
                opened = drive.open_link(seat, link, as_person_id=as_person_id)
            except DriveAccessDenied as error:
                return Opened(link, viewer, None, error)
            return Opened(link, opened.viewer.name, opened, None)

        self.run_service(call, tag="open", then=self._opened)

    def _opened(self, opened: Opened) -> None:
        from ekinerja_tutor.ui.screens.drive_view import DriveFileScreen

        self.app.push_screen(DriveFileScreen(self.workspace, opened))


__all__ = ["DriveScreen", "Opened"]
