"""Persetujuan SKP: the subordinates' submitted SKPs, read in full, approved with Ekspektasi
Khusus Pimpinan (one optional line per BerAKHLAK value) or returned with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.skp import skp_status_label
from ekinerja_tutor.domain.statuses import Perilaku, SkpStatus
from ekinerja_tutor.ui.screens.review_common import NoteChoice, SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS

if TYPE_CHECKING:
    from ekinerja_tutor.services.skp import SkpSummaryView, SkpView
    from ekinerja_tutor.ui.workspace import Workspace


class SkpApprovalScreen(SeatScreen):
    """The SKPs waiting for the seat's decision, oldest first; Enter reads one."""

    DEFAULT_CSS = """
    SkpApprovalScreen #skpq-head { padding: 0 1; text-style: bold; height: auto; }
    SkpApprovalScreen #skpq-list { height: 1fr; margin: 0 1; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.skpq_title"
    HELP_KEY: ClassVar[str] = "review_ui.skpq_help"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.items: list[SkpSummaryView] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="skpq-head", markup=False)
        yield OptionList(id="skpq-list")

    def on_mount(self) -> None:
        self.query_one("#skpq-list").focus()
        self.say_first("review_ui.skpq_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.items is not None:
            self.load()

    def load(self) -> None:
        self.run_service(
            self.skp.pending_skp_approvals, self.review_seat, tag="skpq", then=self.show
        )

    def show(self, items: list[SkpSummaryView]) -> None:
        self.items = items
        self.draw()

    def draw(self) -> None:
        tr = self.tr
        items = self.items or []
        self.query_one("#skpq-head", Static).update(
            Content(tr.t("review_ui.skpq_head", count=len(items)))
        )
        options = self.query_one("#skpq-list", OptionList)
        options.clear_options()
        for item in items:
            sent = tr.msg(date_label(item.submitted_at.date())) if item.submitted_at else "-"
            label = tr.t(
                "review_ui.skpq_line",
                name=item.owner_name,
                year=item.year,
                rhk=item.rhk_count,
                date=sent,
            )
            options.add_option(Option(Content(label), id=str(item.id)))
        if items:
            options.highlighted = 0  # Enter opens the first one straight away

    def workspace_language_changed(self) -> None:
        self.draw()

    @on(OptionList.OptionSelected, "#skpq-list")
    def open_skp(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.push_screen(SkpReviewScreen(self.workspace, int(event.option.id)))


class SkpReviewScreen(SeatScreen):
    """One submitted SKP: F8 approves (with Ekspektasi Khusus), K returns it with a note."""

    DEFAULT_CSS = """
    SkpReviewScreen #skpr-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    SkpReviewScreen #skpr-body:focus { border: heavy $border; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.skpr_title"
    HELP_KEY: ClassVar[str] = "review_ui.skpr_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "approve", "review_ui.key_approve"),
        Binding("k", "return_skp", "review_ui.key_return"),
    ]

    def __init__(self, workspace: Workspace, skp_id: int) -> None:
        super().__init__(workspace)
        self.skp_id = skp_id
        self.view: SkpView | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="skpr-body"):
            yield Static(Content(self.tr.t("ws.loading")), id="skpr-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#skpr-body").focus()
        self.say_first("review_ui.skpr_status")
        self.load()

    def seat_changed(self) -> None:
        self.dismiss()

    def load(self) -> None:
        self.run_service(
            self.skp.get_skp, self.review_seat, self.skp_id, tag="skpr", then=self.show
        )

    def show(self, view: SkpView) -> None:
        self.view = view
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one("#skpr-text", Static).content)

    def draw(self) -> None:
        tr = self.tr
        view = self.view
        if view is None:
            return
        lines = [
            tr.t(
                "review_ui.skpr_head",
                name=view.owner_name,
                jabatan=view.owner_jabatan,
                year=view.year,
                status=tr.msg(skp_status_label(view.status)),
            ),
            "",
        ]
        for number, rhk in enumerate(view.rhks, start=1):
            lines.append(f"{number}. {rhk.text}")
            if rhk.intervened_rhk_text:
                lines.append("   " + tr.t("review_ui.skpr_supports", text=rhk.intervened_rhk_text))
            for iki in rhk.ikis:
                lines.append(f"   – {iki.text} ({iki.target} {iki.satuan})")
        lines.append("")
        lines.append(tr.t("review_ui.skpr_perilaku"))
        for row in view.perilaku:
            wish = row.ekspektasi_khusus or tr.t("review_ui.skpr_no_wish")
            lines.append(f" • {tr.msg(row.label)}: {wish}")
        if view.return_note:
            lines.append(tr.t("review_ui.entry_note", note=view.return_note))
        self.query_one("#skpr-text", Static).update(Content("\n".join(lines)))

    def workspace_language_changed(self) -> None:
        self.draw()

    def action_approve(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        if self.view is None or self.view.status is not SkpStatus.DIAJUKAN:
            self.say_key("review_ui.skp_not_waiting")
            return
        skp, seat, skp_id = self.skp, self.review_seat, self.skp_id
        current = {row.perilaku: row.ekspektasi_khusus for row in self.view.perilaku}
        fields = [
            FormField(
                f"ek_{p.value.lower()}",
                f"review_ui.ek.{p.value}",
                "review_ui.ek_hint",
                value=current.get(p, ""),
            )
            for p in Perilaku
        ]

        def run(values: dict[str, Any]) -> Any:
            wishes = {
                p: str(values[f"ek_{p.value.lower()}"]).strip()
                for p in Perilaku
                if str(values[f"ek_{p.value.lower()}"]).strip()
            }
            return skp.approve_skp(seat, skp_id, wishes or None)

        title = self.tr.t("review_ui.approve_skp_title", name=self.view.owner_name)
        self.app.push_screen(
            FormDialog(title, fields, run, "review_ui.approve_skp_submit"), self._decided
        )

    def _decided(self, view: SkpView | None) -> None:
        if view is None:
            return
        self.show(view)
        self.say_key(
            "review_ui.skp_decided",
            name=view.owner_name,
            status=self.tr.msg(skp_status_label(view.status)),
        )

    def action_return_skp(self) -> None:
        from ekinerja_tutor.content.library import FeedbackGroup

        if self.view is None or self.view.status is not SkpStatus.DIAJUKAN:
            self.say_key("review_ui.skp_not_waiting")
            return
        skp, seat, skp_id = self.skp, self.review_seat, self.skp_id

        def submit(choice: NoteChoice) -> Any:
            return skp.return_skp(seat, skp_id, choice.note)

        self.ask_note(
            self.tr.t("review_ui.return_skp_title", name=self.view.owner_name),
            self.sentences(FeedbackGroup.SKP_RETURN),
            submit,
            self._decided,
            submit_key="review_ui.return_submit",
            field="return_note",
        )
