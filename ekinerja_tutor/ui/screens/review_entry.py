"""Periksa kegiatan: one subordinate's sent entry, as the supervisor decides on it.

Everything the employee wrote is shown literally (kegiatan, the evidence link). The supervisor
approves (F8), returns it with a note from the standard library plus free text (K), marks the
evidence SESUAI / KURANG / TIDAK_SESUAI (B), or opens the evidence link as the supervisor (T).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.ui.screens.review_common import NoteChoice, SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS
from ekinerja_tutor.ui.widgets.i18n import TButton

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import DailyEntryView, InboxItem
    from ekinerja_tutor.ui.workspace import Workspace


class ReviewEntryScreen(SeatScreen):
    """One entry under review; Esc goes back to the inbox."""

    DEFAULT_CSS = """
    ReviewEntryScreen #entry-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    ReviewEntryScreen #entry-body:focus { border: heavy $border; }
    ReviewEntryScreen #entry-buttons { height: auto; padding: 0 1; }
    ReviewEntryScreen #entry-buttons Button { margin-right: 1; min-width: 10; }
    """

    TITLE_KEY: ClassVar[str] = "review_ui.entry_title"
    HELP_KEY: ClassVar[str] = "review_ui.entry_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "approve", "review_ui.key_approve"),
        Binding("k", "return_entry", "review_ui.key_return"),
        Binding("b", "evidence", "review_ui.key_evidence"),
        Binding("t", "open_link", "review_ui.key_open_link"),
    ]

    def __init__(self, workspace: Workspace, item: InboxItem) -> None:
        super().__init__(workspace)
        self.person = item.person
        self.entry: DailyEntryView = item.entry

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with VerticalScroll(id="entry-body"):
            yield Static("", id="entry-text", markup=False)
        with Horizontal(id="entry-buttons"):
            yield TButton(tr, "review_ui.btn_approve", id="btn-approve", variant="primary")
            yield TButton(tr, "review_ui.btn_return", id="btn-return")
            yield TButton(tr, "review_ui.btn_evidence", id="btn-evidence")
            yield TButton(tr, "review_ui.btn_open_link", id="btn-open")

    def on_mount(self) -> None:
        self.draw()
        self.query_one("#btn-approve", Button).focus()
        self.say_first("review_ui.entry_status")

    def seat_changed(self) -> None:
        self.dismiss()  # another seat reviews other people: back to the inbox

    def load(self) -> None:
        self.run_service(
            self.daily_logs.get, self.review_seat, self.entry.id, tag="entry", then=self.show
        )

    def show(self, entry: DailyEntryView) -> None:
        self.entry = entry
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one("#entry-text", Static).content)

    def draw(self) -> None:
        tr = self.tr
        entry = self.entry
        lines = [
            tr.t("review_ui.entry_person", name=self.person.name, jabatan=self.person.jabatan),
            tr.t(
                "review_ui.entry_when",
                date=tr.msg(date_label(entry.tanggal)),
                start=f"{entry.jam_mulai:%H:%M}",
                end=f"{entry.jam_selesai:%H:%M}",
                minutes=entry.minutes,
            ),
            tr.t("review_ui.entry_status_line", status=tr.msg(daily_status_label(entry.status))),
            tr.t("review_ui.entry_ra", text=entry.rencana_aksi_text or "-"),
            tr.t("review_ui.entry_kegiatan"),
            "  " + entry.kegiatan,
            tr.t("review_ui.entry_realisasi", value=entry.realisasi, satuan=entry.satuan),
            tr.t("review_ui.entry_link", link=entry.bukti_dukung or "-"),
            tr.t(
                "review_ui.entry_check",
                check=tr.t(f"review_ui.ev.{entry.evidence_check.value}"),
                note=f"— {entry.evidence_note}" if entry.evidence_note else "",
            ),
        ]
        if entry.submitted_at is not None:
            on_time = tr.t("review_ui.on_time" if entry.on_time else "review_ui.late")
            lines.append(
                tr.t(
                    "review_ui.entry_sent",
                    date=tr.msg(date_label(entry.submitted_at.date())),
                    on_time=on_time,
                )
            )
        if entry.revision_note:
            lines.append(tr.t("review_ui.entry_note", note=entry.revision_note))
        self.query_one("#entry-text", Static).update(Content("\n".join(lines)))
        sent = entry.status is DailyStatus.DIKIRIM
        self.query_one("#btn-approve", Button).disabled = not sent
        self.query_one("#btn-return", Button).disabled = not sent
        checkable = entry.status in (DailyStatus.DIKIRIM, DailyStatus.DISETUJUI)
        self.query_one("#btn-evidence", Button).disabled = not checkable

    def workspace_language_changed(self) -> None:
        self.draw()

    # -- decisions ----------------------------------------------------------------------------

    @on(Button.Pressed, "#btn-approve")
    def action_approve(self) -> None:
        self.run_service(
            self.daily_logs.approve,
            self.review_seat,
            self.entry.id,
            tag="approve",
            then=lambda entry: self._decided(entry, "review_ui.approved"),
        )

    def _decided(self, entry: DailyEntryView, key: str) -> None:
        self.show(entry)
        self.say_key(key, name=self.person.name)

    @on(Button.Pressed, "#btn-return")
    def action_return_entry(self) -> None:
        from ekinerja_tutor.content.library import FeedbackGroup

        daily, seat, entry_id = self.daily_logs, self.review_seat, self.entry.id

        def submit(choice: NoteChoice) -> Any:
            return daily.return_for_revision(seat, entry_id, choice.note, choice.sentence_key)

        self.ask_note(
            self.tr.t("review_ui.return_title", name=self.person.name),
            self.sentences(FeedbackGroup.DAILY_RETURN),
            submit,
            lambda entry: self._decided(entry, "review_ui.returned"),
            submit_key="review_ui.return_submit",
            field="revision_note",
        )

    @on(Button.Pressed, "#btn-evidence")
    def action_evidence(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        tr = self.tr
        choices = [
            (check.value, tr.t(f"review_ui.ev_choice.{check.value}"))
            for check in (EvidenceCheck.SESUAI, EvidenceCheck.KURANG, EvidenceCheck.TIDAK_SESUAI)
        ]
        self.app.push_screen(ActionMenu(tr.t("review_ui.evidence_title"), choices), self._check)

    def _check(self, value: str | None) -> None:
        if value is None:
            return
        check = EvidenceCheck(value)
        daily, seat, entry_id = self.daily_logs, self.review_seat, self.entry.id

        def done(entry: DailyEntryView) -> None:
            self._decided(entry, "review_ui.evidence_marked")

        if check is EvidenceCheck.SESUAI:
            self.run_service(daily.check_evidence, seat, entry_id, check, tag="ev", then=done)
            return
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        def run(values: dict[str, Any]) -> Any:
            note = str(values["evidence_note"]).strip()
            return daily.check_evidence(seat, entry_id, check, note)

        fields = [
            FormField("evidence_note", "review_ui.evidence_note_label", "review_ui.evidence_hint")
        ]
        self.app.push_screen(
            FormDialog(self.tr.t(f"review_ui.ev_choice.{value}"), fields, run, "review_ui.save"),
            lambda entry: done(entry) if entry is not None else None,
        )

    @on(Button.Pressed, "#btn-open")
    def action_open_link(self) -> None:
        from ekinerja_tutor.ui.screens.review_views import open_evidence_link

        open_evidence_link(self, self.entry.bukti_dukung)
