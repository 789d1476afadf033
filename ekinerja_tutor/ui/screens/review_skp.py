"""Persetujuan SKP: the subordinates' submitted SKPs, read in full, approved with Ekspektasi
Khusus Pimpinan (one optional line per BerAKHLAK value) or returned with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.skp import skp_status_label
from ekinerja_tutor.domain.statuses import Perilaku, SkpStatus
from ekinerja_tutor.ui.screens.review_common import NoteChoice
from ekinerja_tutor.ui.screens.seat_pages import SeatDocumentScreen, SeatQueueScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS

if TYPE_CHECKING:
    from ekinerja_tutor.services.skp import SkpSummaryView, SkpView


class SkpApprovalScreen(SeatQueueScreen["SkpSummaryView"]):
    """The SKPs waiting for the seat's decision, oldest first; Enter reads one."""

    TITLE_KEY: ClassVar[str] = "review_ui.skpq_title"
    HELP_KEY: ClassVar[str] = "review_ui.skpq_help"
    PREFIX: ClassVar[str] = "skpq"

    def read_items(self) -> Callable[[], list[SkpSummaryView]]:
        return partial(self.skp.pending_skp_approvals, self.review_seat)

    def item_line(self, item: SkpSummaryView) -> str:
        sent = self.tr.msg(date_label(item.submitted_at.date())) if item.submitted_at else "-"
        return self.tr.t(
            "review_ui.skpq_line",
            name=item.owner_name,
            year=item.year,
            rhk=item.rhk_count,
            date=sent,
        )

    def opened(self, item_id: int) -> SkpReviewScreen:
        return SkpReviewScreen(self.workspace, item_id)


class SkpReviewScreen(SeatDocumentScreen["SkpView"]):
    """One submitted SKP: F8 approves (with Ekspektasi Khusus), K returns it with a note."""

    TITLE_KEY: ClassVar[str] = "review_ui.skpr_title"
    HELP_KEY: ClassVar[str] = "review_ui.skpr_help"
    PREFIX: ClassVar[str] = "skpr"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "approve", "review_ui.key_approve"),
        Binding("k", "return_skp", "review_ui.key_return"),
    ]

    def read_view(self) -> Callable[[], SkpView]:
        return partial(self.skp.get_skp, self.review_seat, self.item_id)

    def view_lines(self, view: SkpView) -> list[str]:
        tr = self.tr
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
        return lines

    def action_approve(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        if self.view is None or self.view.status is not SkpStatus.DIAJUKAN:
            self.say_key("review_ui.skp_not_waiting")
            return
        skp, seat, skp_id = self.skp, self.review_seat, self.item_id
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
        skp, seat, skp_id = self.skp, self.review_seat, self.item_id

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
