"""What a person sees after opening a Practice Drive link: the file, or "Anda memerlukan akses".

A text file is shown in the app; an image as a colour preview (half blocks) with a button
to open it in the system's viewer (locally) or to send it to the browser (when served). The
file's date, caption and owner are always shown, and why this person may open it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.drive import is_image, is_text
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.i18n import TButton

if TYPE_CHECKING:
    from ekinerja_tutor.ui.screens.drive import Opened
    from ekinerja_tutor.ui.workspace import Workspace

MAX_TEXT_CHARS = 20_000


def open_in_system_viewer(path: Path) -> None:
    """Hand a file to the operating system's viewer (xdg-open / open / startfile)."""
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(
        [opener, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class DriveFileScreen(WorkspaceScreen[None]):
    """One opened link, as the person who opened it sees it."""

    DEFAULT_CSS = """
    DriveFileScreen #file-head { padding: 0 1; height: auto; }
    DriveFileScreen #file-denied {
        padding: 1 2; height: auto; text-style: bold; border: heavy $error;
    }
    DriveFileScreen #file-body { height: 1fr; padding: 0 1; }
    DriveFileScreen #file-buttons { height: auto; padding: 0 1; }
    DriveFileScreen #file-buttons Button { margin-right: 1; }
    """

    TITLE_KEY: ClassVar[str] = "drive_ui.view_title"
    HELP_KEY: ClassVar[str] = "drive_ui.view_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("v", "system_viewer", "drive_ui.key_viewer"),
    ]

    def __init__(self, workspace: Workspace, opened: Opened) -> None:
        super().__init__(workspace)
        self.opened = opened

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "system_viewer":
            opened = self.opened.item
            return opened is not None and opened.data is not None
        return super().check_action(action, parameters)

    @property
    def served(self) -> bool:
        return bool(self.services.settings.served)

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        opened = self.opened
        yield Static("", id="file-head", markup=False)
        if opened.item is None:
            yield Static("", id="file-denied", markup=False)
            return
        with VerticalScroll(id="file-body"):
            yield Static("", id="file-content", markup=False)
        if opened.item.data is not None:
            with Horizontal(id="file-buttons"):
                key = "drive_ui.send_browser" if self.served else "drive_ui.system_viewer"
                yield TButton(tr, key, id="viewer")

    def on_mount(self) -> None:
        self._draw()
        if self.opened.item is None:
            self.say_key("drive_ui.denied_status")
        else:
            self.say_key("drive_ui.opened_status", name=self.opened.item.item.name)
            for body in self.query("#file-body"):
                body.focus()

    def workspace_language_changed(self) -> None:
        self._draw()

    def _draw(self) -> None:
        tr = self.tr
        opened = self.opened
        head = self.query_one("#file-head", Static)
        if opened.item is None:
            head.update(Content(tr.t("drive_ui.opened_as", name=opened.viewer, link=opened.link)))
            error = opened.error
            text = tr.msg(error.message) if error is not None else ""
            self.query_one("#file-denied", Static).update(Content(text))
            return
        item = opened.item.item
        lines = [
            tr.t("drive_ui.opened_as", name=opened.item.viewer.name, link=opened.link),
            tr.t(
                "drive_ui.file_head",
                name=item.name,
                date=tr.msg(date_label(item.item_date)),
                owner=item.owner.name,
                reason=tr.msg(Msg(f"drive.reason.{opened.item.reason.value}")),
            ),
            tr.t("drive_ui.caption_line", caption=item.caption or tr.t("drive_ui.no_caption")),
        ]
        head.update(Content("\n".join(lines)))
        content = self.query_one("#file-content", Static)
        data = opened.item.data
        if data is None:
            names = [("▸ " if c.is_folder else "  ") + c.name for c in opened.item.children]
            content.update(Content("\n".join(names) or tr.t("drive_ui.nothing_here")))
        elif is_text(item.mime):
            text = data.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]
            content.update(Content(text))
        elif is_image(item.mime):
            from ekinerja_tutor.ui.widgets.image_preview import half_block_preview

            width = max(20, min(76, self.app.size.width - 4))
            preview = half_block_preview(data, width=width, max_rows=12)
            content.update(preview if preview is not None else Content(tr.t("drive_ui.no_preview")))
        else:
            content.update(Content(tr.t("drive_ui.no_preview")))

    @on(Button.Pressed, "#viewer")
    def action_system_viewer(self) -> None:
        opened = self.opened.item
        if opened is None or opened.data is None:
            return
        item = opened.item
        if self.served:
            import io

            self.app.deliver_binary(
                io.BytesIO(opened.data), save_filename=item.name, mime_type=item.mime or None
            )
            self.say_key("drive_ui.sent_browser", name=item.name)
            return
        data = opened.data

        def write_and_open() -> Path:
            folder = Path(tempfile.mkdtemp(prefix="ekinerja-drive-"))
            path = folder / Path(item.name).name
            path.write_bytes(data)
            try:
                open_in_system_viewer(path)
            except OSError as error:
                raise ValidationError(
                    "drive_ui.no_viewer", path=str(path), detail=error.strerror or ""
                ) from error
            return path

        self.run_service(write_and_open, tag="viewer", then=self._viewer_opened)

    def _viewer_opened(self, path: Path) -> None:
        self.say_key("drive_ui.viewer_opened", path=str(path))


__all__ = ["DriveFileScreen", "open_in_system_viewer"]
