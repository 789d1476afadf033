"""The Progres Harian entry form: the real fields in the real order, autosaved as you type.

Rencana Aksi, Tanggal Kegiatan, Jam Mulai, Jam Selesai, Kegiatan Harian, Realisasi, Satuan,
Bukti Dukung — each with an example under it and its problem beside it. Every change is written
to the local draft store within :data:`AUTOSAVE_DELAY` seconds (and when the screen closes), so
a crash, a validation error or a session timeout never loses what was typed. "Kirim ke atasan"
saves the entry, shows every remaining problem beside its field, and otherwise shows a review
before sending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Select, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import (
    FORM_FIELDS,
    DailyEntryInput,
    context_free_problems,
    entry_minutes,
)
from ekinerja_tutor.domain.errors import TutorError, ValidationError
from ekinerja_tutor.domain.evidence import DEFAULT_DRIVE_HOST
from ekinerja_tutor.domain.fields import parse_time_hhmm, parse_whole_number
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.form_fields import SelectField, format_date_dmy, parse_date_dmy
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import DailyEntryView
    from ekinerja_tutor.services.rencana_aksi import RencanaAksiMonthView
    from ekinerja_tutor.ui.workspace import Workspace

AUTOSAVE_DELAY = 0.3
"""Seconds from the first unsaved change to the draft on disk (a throttle, not a debounce:
steady typing still reaches the disk every 0.3 s)."""

TEXT_FIELDS: tuple[str, ...] = FORM_FIELDS[1:]
"""The typed fields (everything after the Rencana Aksi picker), in the real form's order."""
RA_FIELD = FORM_FIELDS[0]
TITLE_WIDTH = 50


def draft_form_id(sandbox_id: int, entry_id: int | None) -> str:
    """The draft store's form id: one draft per new form and per existing entry, per sandbox."""
    return f"daily-entry:{sandbox_id}:{entry_id if entry_id is not None else 'new'}"


def entry_values(entry: DailyEntryView | DailyEntryInput) -> dict[str, str]:
    """The form's text for an entry (what the inputs show)."""
    return {
        RA_FIELD: str(entry.rencana_aksi_id) if entry.rencana_aksi_id is not None else "",
        "tanggal": format_date_dmy(entry.tanggal),
        "jam_mulai": f"{entry.jam_mulai:%H:%M}",
        "jam_selesai": f"{entry.jam_selesai:%H:%M}",
        "kegiatan": entry.kegiatan,
        "realisasi": str(entry.realisasi),
        "satuan": entry.satuan,
        "bukti_dukung": entry.bukti_dukung,
    }


def blank_values(day: dt.date) -> dict[str, str]:
    return dict.fromkeys(FORM_FIELDS, "") | {"tanggal": format_date_dmy(day)}


def parse_form(
    values: Mapping[str, str], drive_host: str = DEFAULT_DRIVE_HOST
) -> tuple[DailyEntryInput | None, list[ValidationError]]:
    """The typed text as a :class:`DailyEntryInput`; else every typing problem, with the
    problems of the other fields that need no office data (form order, one per field)."""
    errors: list[ValidationError] = []
    parsed: dict[str, Any] = {}
    parsers: dict[str, Callable[[str], object]] = {
        "tanggal": lambda text: parse_date_dmy("tanggal", text),
        "jam_mulai": lambda text: parse_time_hhmm("jam_mulai", text),
        "jam_selesai": lambda text: parse_time_hhmm("jam_selesai", text),
        "realisasi": lambda text: parse_whole_number("realisasi", text),
    }
    for name, parse in parsers.items():
        try:
            parsed[name] = parse(values.get(name, ""))
        except ValidationError as error:
            errors.append(error)
    ra = values.get(RA_FIELD, "")
    ra_id = int(ra) if ra.isdigit() else None
    if errors:
        typed = {error.field for error in errors}
        others = context_free_problems(
            rencana_aksi_id=ra_id,
            jam_mulai=parsed.get("jam_mulai"),
            jam_selesai=parsed.get("jam_selesai"),
            kegiatan=values.get("kegiatan", ""),
            satuan=values.get("satuan", ""),
            bukti_dukung=values.get("bukti_dukung", ""),
            drive_host=drive_host,
        )
        errors += [problem for problem in others if problem.field not in typed]
        return None, sorted(errors, key=lambda error: FORM_FIELDS.index(str(error.field)))
    form = DailyEntryInput(
        tanggal=parsed["tanggal"],
        jam_mulai=parsed["jam_mulai"],
        jam_selesai=parsed["jam_selesai"],
        kegiatan=values.get("kegiatan", ""),
        realisasi=parsed["realisasi"],
        satuan=values.get("satuan", ""),
        bukti_dukung=values.get("bukti_dukung", ""),
        rencana_aksi_id=ra_id,
    )
    return form, []


class DailyFormScreen(WorkspaceScreen["DailyEntryView | None"]):
    """One Progres Harian entry: new, a draft, or a returned (REVISI) one to fix and resend.

    Args:
        entry: the entry to open (read-only once sent or approved).
        day: the date of a new entry (the sandbox's today by default).
        prefill: field texts to start a NEW entry from (a field template); saved as the draft.
    """

    DEFAULT_CSS = """
    DailyFormScreen #form-body { padding: 0 1; }
    DailyFormScreen #form-summary { height: 1fr; padding: 0 1; border: round $border-blurred; }
    DailyFormScreen #form-summary:focus { border: heavy $border; }
    DailyFormScreen #form-note {
        height: auto; border: heavy $border; padding: 0 1; margin-bottom: 1; display: none;
    }
    DailyFormScreen #form-note.-shown { display: block; }
    DailyFormScreen #copy-previous { margin-bottom: 1; }
    DailyFormScreen #form-buttons { height: auto; margin-bottom: 1; }
    DailyFormScreen #form-buttons Button { margin-right: 2; }
    """

    TITLE_KEY: ClassVar[str] = "daily_ui.form_title"
    HELP_KEY: ClassVar[str] = "daily_ui.form_help"
    BINDINGS: ClassVar[list[BindingType]] = WORKSPACE_BINDINGS

    def __init__(
        self,
        workspace: Workspace,
        *,
        entry: DailyEntryView | None = None,
        day: dt.date | None = None,
        prefill: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(workspace)
        self.entry = entry
        self.entry_id: int | None = entry.id if entry is not None else None
        self.read_only = entry is not None and not entry.editable
        today = workspace.sandbox.today.date()
        self._baseline = entry_values(entry) if entry else blank_values(day or today)
        self._prefill = dict(prefill or {})
        self._ra_value = ""
        self._ra_month: tuple[int, int] | None = None
        self._ra_loaded = False
        self._live: dict[str, str] = dict(self._baseline)
        self._timer: Timer | None = None
        self._busy = False
        self._finished = False
        self._wiped = False
        """The practice "server error" cleared the form; the draft keeps what was typed."""
        self.restored = False
        """True when the form opened with an autosaved draft."""

    # -- layout -------------------------------------------------------------------------------

    def title_params(self) -> dict[str, object]:
        if self.entry is None:
            return {"mode": Msg("daily_ui.mode_new")}
        kegiatan = " ".join(self.entry.kegiatan.split())
        if len(kegiatan) > TITLE_WIDTH:
            kegiatan = kegiatan[: TITLE_WIDTH - 1] + "…"
        key = "daily_ui.mode_view" if self.read_only else "daily_ui.mode_edit"
        return {"mode": Msg(key, {"kegiatan": kegiatan})}

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        if self.read_only:
            # A sent or approved entry: one scrollable summary, the only Tab stop (no fields
            # to fill, and a form of disabled fields could not be scrolled by keyboard).
            yield Static("", id="form-note", markup=False)
            with VerticalScroll(id="form-summary"):
                yield Static("", id="form-summary-text", markup=False)
            return
        with FormScroll(id="form-body"):
            yield Static("", id="form-note", markup=False)
            fresh = self.entry is None or self.entry.status is DailyStatus.DRAFT
            if not self.read_only and fresh:
                yield TButton(tr, "daily_ui.copy_previous", id="copy-previous")
            yield SelectField(
                tr,
                f"field.label.{RA_FIELD}",
                prompt_key="daily_ui.ra_prompt",
                hint_key="daily_ui.hint.rencana_aksi_id",
                select_id=f"f-{RA_FIELD}",
                id=f"field-{RA_FIELD}",
            )
            for name in TEXT_FIELDS:
                yield Field(
                    tr,
                    f"field.label.{name}",
                    Input(id=f"f-{name}"),
                    hint_key=f"daily_ui.hint.{name}",
                    id=f"field-{name}",
                )
            with Horizontal(id="form-buttons"):
                yield TButton(tr, "daily_ui.save_draft", id="save-draft")
                yield TButton(tr, "daily_ui.submit", id="submit", variant="primary")

    def on_mount(self) -> None:
        self._show_note()
        if self.read_only:
            assert self.entry is not None
            self._show_summary()
            self.say_key("daily_ui.read_only", status=self.entry.status.value)
            self.query_one("#form-summary").focus()
            return
        values = dict(self._baseline)
        if self._prefill:
            values.update(self._prefill)
        draft = None if self.read_only else self.drafts.load(self.draft_account, self.form_id)
        if draft and not self._prefill:
            values.update({k: str(v) for k, v in draft.items() if k in FORM_FIELDS})
            self.restored = values != self._baseline
        self._fill(values)
        if self.restored:
            self.say_key("daily_ui.draft_restored")
        elif self._prefill:
            self.say_key("daily_ui.prefilled")
            self._schedule_save()
        else:
            self.say_first("daily_ui.form_status")
        self.load_rencana_aksi()
        self.query_one(f"#f-{RA_FIELD}", Select).focus()

    def _show_summary(self) -> None:
        entry = self.entry
        assert entry is not None
        tr = self.tr
        lines = [(tr.t("daily_ui.col_status"), entry.status.value), *self.review_lines(entry)]
        lines.append((tr.t("daily_ui.evidence_check"), entry.evidence_check.value))
        if entry.evidence_note:
            lines.append((tr.t("daily_ui.evidence_note"), entry.evidence_note))
        text = "\n".join(f"{label}: {value}" for label, value in lines)
        self.query_one("#form-summary-text", Static).update(Content(text))

    @property
    def summary_text(self) -> str:
        return str(self.query_one("#form-summary-text", Static).content)

    def _fill(self, values: Mapping[str, str]) -> None:
        for name in TEXT_FIELDS:
            self.query_one(f"#f-{name}", Input).value = values.get(name, "")
        self._ra_value = values.get(RA_FIELD, "")
        self._live = {name: values.get(name, "") for name in FORM_FIELDS}

    def _show_note(self) -> None:
        note = self.query_one("#form-note", Static)
        entry = self.entry
        tr = self.tr
        lines: list[str] = []
        if entry is not None and entry.status is DailyStatus.REVISI:
            lines.append(tr.t("daily_ui.note_revisi", note=entry.revision_note or "-"))
        if entry is not None and entry.quick_field_draft:
            lines.append(tr.t("daily_ui.note_quick", place=entry.place or "-"))
        if entry is not None and self.read_only:
            lines.append(tr.t("daily_ui.note_read_only", status=entry.status.value))
        note.update(Content("\n".join(lines)))
        note.set_class(bool(lines), "-shown")

    def workspace_language_changed(self) -> None:
        self._show_note()
        if self.read_only:
            self._show_summary()
            return
        self.query_one(f"#f-{RA_FIELD}", Select).prompt = self.tr.t("daily_ui.ra_prompt")
        if self._ra_month is not None:
            self.load_rencana_aksi(force=True)

    @property
    def note_text(self) -> str:
        return str(self.query_one("#form-note", Static).content)

    # -- the Rencana Aksi picker --------------------------------------------------------------

    def _form_month(self) -> tuple[int, int]:
        try:
            day = parse_date_dmy("tanggal", self.query_one("#f-tanggal", Input).value)
        except ValidationError:
            day = self.workspace.sandbox.today.date()
        return day.year, day.month

    def load_rencana_aksi(self, *, force: bool = False) -> None:
        """(Re)load the picker for the month of the typed date (only when the month changed)."""
        month = self._form_month()
        if month == self._ra_month and not force:
            return
        self._ra_month = month
        self.run_service(
            self.rencana_aksi.for_month,
            self.workspace.seat,
            self.workspace.seat.person_id,
            *month,
            tag="rencana-aksi",
            then=self._show_rencana_aksi,
        )

    def _show_rencana_aksi(self, view: RencanaAksiMonthView) -> None:
        if (view.year, view.month) != self._ra_month:
            return  # the date changed again meanwhile
        picker = self.query_one(f"#field-{RA_FIELD}", SelectField)
        wanted = int(self._ra_value) if self._ra_value.isdigit() else None
        choices = [(item.text, item.id) for item in view.items]
        offered = {item.id for item in view.items}
        self._ra_value = str(wanted) if wanted in offered else ""
        self._live[RA_FIELD] = self._ra_value
        picker.set_choices(choices, wanted if wanted in offered else None)
        picker.explain(self.tr.msg(view.explanation) if view.explanation else "")
        self._ra_loaded = True

    @on(Select.Changed, f"#f-{RA_FIELD}")
    def _ra_changed(self, event: Select.Changed) -> None:
        if not self._ra_loaded:
            return
        value = event.value
        new = str(value) if isinstance(value, int) else ""
        if new != self._ra_value:
            self._ra_value = new
            self._live[RA_FIELD] = new
            self._changed()

    # -- autosave -----------------------------------------------------------------------------

    @property
    def form_id(self) -> str:
        return draft_form_id(self.workspace.sandbox.id, self.entry_id)

    def values(self) -> dict[str, str]:
        """What the form holds now, as typed."""
        found = {name: self.query_one(f"#f-{name}", Input).value for name in TEXT_FIELDS}
        return {RA_FIELD: self._ra_value, **found}

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if name in TEXT_FIELDS:
            self._live[name] = event.value
        if name == "tanggal":
            self.load_rencana_aksi()
        if name == "bukti_dukung":
            self._check_evidence_link(event.value)
        self._changed()

    def _check_evidence_link(self, value: str) -> None:
        """Bukti Dukung: the link check's message beside the field as soon as a link is pasted
        or typed (a link still being typed, "https:/", and an empty field are left alone)."""
        from ekinerja_tutor.domain.drive import check_evidence_link

        found = self.query("#field-bukti_dukung")
        if not found:
            return
        holder = found.first()
        text = value.strip().lower()
        if not text or any(scheme.startswith(text) for scheme in ("https://", "http://")):
            self.clear_field_error(holder)
            return
        try:
            check_evidence_link(value, drive_host=self.evidence_drive_host)
        except ValidationError as error:
            self.show_field_error(holder, error.message)
            holder.scroll_visible(animate=False)  # the message sits under the field's hint
        else:
            self.clear_field_error(holder)

    @property
    def evidence_drive_host(self) -> str:
        return DEFAULT_DRIVE_HOST

    def _changed(self) -> None:
        if self.read_only or self._finished:
            return
        if self._wiped:
            if not any(self.values().get(name) for name in TEXT_FIELDS):
                return
            self._wiped = False  # typing again: autosave follows the new text
        self._schedule_save()

    def _schedule_save(self) -> None:
        if self._timer is None:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush_draft)

    def flush_draft(self) -> bool:
        """Write the draft now (or drop it when the form equals what is saved). True if written."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.read_only or self._finished or not self.is_mounted or self._wiped:
            return False
        values = self.values()
        if values == self._baseline:
            self.drafts.discard(self.draft_account, self.form_id)
            return False
        self.drafts.save(self.draft_account, self.form_id, values)
        return True

    def on_unmount(self) -> None:
        """Closed by Esc, the menu, a sign-out or a session timeout: keep what was typed.

        The inputs may already be gone here, so the copy kept on every change is written.
        """
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.read_only or self._finished or self._wiped:
            return
        values = {**self._live, RA_FIELD: self._ra_value}
        for name in TEXT_FIELDS:  # newer than the copy when a change is still in flight
            found = self.query(f"#f-{name}")
            if found:
                values[name] = found.first(Input).value
        if values != self._baseline:
            self.drafts.save(self.draft_account, self.form_id, values)

    def action_back(self) -> None:
        if self.can_go_back():
            kept = self.flush_draft()
            self._finished = True
            below = self.app.screen_stack[-2]
            if kept and isinstance(below, TutorScreen):
                below.say_key("daily_ui.left_with_draft")
            self.dismiss(None)

    # -- moving through the form --------------------------------------------------------------

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves to the next field (it never sends: sending has its own button)."""
        if event.input.id == "f-bukti_dukung":
            self.query_one("#submit", Button).focus()
        else:
            self.focus_next()

    def clear_errors(self) -> None:
        for name in FORM_FIELDS:
            self.clear_field_error(self.query_one(f"#field-{name}"))

    def show_problems(self, problems: list[tuple[str | None, Msg]]) -> None:
        """Each problem beside its field, the first one focused, a count in the status line."""
        first: str | None = None
        loose: list[Msg] = []
        for name, message in problems:
            if name in FORM_FIELDS:
                self.show_field_error(self.query_one(f"#field-{name}"), message)
                if first is None or FORM_FIELDS.index(name) < FORM_FIELDS.index(first):
                    first = name
            else:
                loose.append(message)
        if first is not None:
            holder = self.query_one(f"#field-{first}")
            holder.input.focus()  # type: ignore[attr-defined]
            self.call_after_refresh(holder.scroll_visible)  # the message under it too
        first_msg = loose[0] if loose else next(msg for name, msg in problems if name == first)
        self.say_key("daily_ui.problems", count=len(problems), first=first_msg)

    def error_of(self, name: str) -> str:
        return str(self.query_one(f"#field-{name}").error_text)  # type: ignore[attr-defined]

    # -- saving and sending -------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self.query("#form-buttons Button, #copy-previous"):
            button.disabled = busy

    @on(Button.Pressed, "#save-draft")
    def save_draft(self) -> None:
        self._save(review=False)

    @on(Button.Pressed, "#submit")
    def submit_entry(self) -> None:
        self._save(review=True)

    def _save(self, *, review: bool) -> None:
        if self._busy or self.read_only:
            return
        self.clear_errors()
        form, errors = parse_form(self.values(), self.evidence_drive_host)
        if form is None:
            self.show_problems([(error.field, error.message) for error in errors])
            return
        self._set_busy(True)
        self.run_service(
            self.daily_logs.save_draft,
            self.workspace.seat,
            self.entry_id,
            form,
            tag="save",
            then=lambda view: self._saved(view, review=review),
            failed=self._save_failed,
        )

    def _save_failed(self, error: TutorError) -> None:
        """A trainer's practice "server error" clears the form, as the real system does; the
        autosaved draft keeps what was typed, so reopening the form brings it back."""
        from ekinerja_tutor.services.training_failures import SAVE_FAILURE_KEY

        self._set_busy(False)
        if error.key != SAVE_FAILURE_KEY:
            return
        self.flush_draft()
        self._wiped = True
        for name in TEXT_FIELDS:
            self.query_one(f"#f-{name}", Input).value = ""

    def _saved(self, view: DailyEntryView, *, review: bool) -> None:
        self._set_busy(False)
        old_id = self.form_id
        self.entry_id = view.id
        self.entry = view
        self._baseline = entry_values(view)
        if old_id != self.form_id:
            self.drafts.discard(self.draft_account, old_id)
        self.flush_draft()  # equal to the saved entry now: drops the local draft
        if view.problems:
            self.show_problems([(p.field, p.message) for p in view.problems])
            return
        if not review:
            self.say_key("daily_ui.saved_draft")
            return
        self.app.push_screen(
            DailyReviewScreen(self.review_lines(view)), callback=self._review_answered
        )

    def review_lines(self, view: DailyEntryView) -> list[tuple[str, str]]:
        tr = self.tr
        minutes = entry_minutes(view.jam_mulai, view.jam_selesai)
        return [
            (tr.t(f"field.label.{RA_FIELD}"), view.rencana_aksi_text or "-"),
            (tr.t("field.label.tanggal"), tr.msg(date_label(view.tanggal))),
            (
                tr.t("daily_ui.review_time"),
                tr.t(
                    "daily_ui.review_time_value",
                    start=f"{view.jam_mulai:%H:%M}",
                    end=f"{view.jam_selesai:%H:%M}",
                    minutes=minutes,
                ),
            ),
            (tr.t("field.label.kegiatan"), view.kegiatan),
            (tr.t("field.label.realisasi"), f"{view.realisasi} {view.satuan}"),
            (tr.t("field.label.bukti_dukung"), view.bukti_dukung or "-"),
        ]

    def _review_answered(self, send: bool | None) -> None:
        if not send or self.entry_id is None:
            self.say_key("daily_ui.review_cancelled")
            return
        self._set_busy(True)
        self.run_service(
            self.daily_logs.submit,
            self.workspace.seat,
            self.entry_id,
            tag="submit",
            then=self._submitted,
            failed=self._submit_failed,
        )

    def _submit_failed(self, _error: TutorError) -> None:
        self._set_busy(False)

    def _submitted(self, view: DailyEntryView) -> None:
        self._finished = True
        for entry_id in (None, view.id):
            self.drafts.discard(self.draft_account, draft_form_id(view.sandbox_id, entry_id))
        text = self.tr.t("daily_ui.sent", kegiatan=view.kegiatan, status=view.status.value)
        self.app.notify(text, markup=False)
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if isinstance(below, TutorScreen):
            below.say(text)
        self.dismiss(view)

    # -- start from yesterday's entry ---------------------------------------------------------

    @on(Button.Pressed, "#copy-previous")
    def copy_previous(self) -> None:
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

        values = self.values()
        typed = any(values[name] for name in ("jam_mulai", "jam_selesai", "kegiatan", "satuan"))
        if typed:
            self.app.push_screen(
                ConfirmScreen(
                    self.tr.t("daily_ui.copy_confirm"), self.tr.t("daily_ui.copy_confirm_yes")
                ),
                callback=lambda ok: self._copy() if ok else None,
            )
        else:
            self._copy()

    def _copy(self) -> None:
        self.clear_errors()
        try:
            day = parse_date_dmy("tanggal", self.query_one("#f-tanggal", Input).value)
        except ValidationError as error:
            self.show_error(error)
            return
        self.run_service(
            self.daily_logs.copy_from_previous,
            self.workspace.seat,
            day,
            tag="copy",
            then=self._copied,
        )

    def _copied(self, form: DailyEntryInput) -> None:
        values = entry_values(form)
        self._fill(values)
        self._ra_month = None
        self.load_rencana_aksi()
        self._changed()
        self.say_key("daily_ui.copied")
        self.query_one("#f-jam_mulai", Input).focus()


class DailyReviewScreen(ModalScreen[bool]):
    """ "Periksa sebelum mengirim": every field as it will be sent; "Periksa lagi" is focused."""

    DEFAULT_CSS = """
    DailyReviewScreen { align: center middle; }
    DailyReviewScreen > #review-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $border; background: $surface; padding: 0 1;
    }
    DailyReviewScreen #review-title { text-style: bold reverse; width: 1fr; padding: 0 1; }
    DailyReviewScreen #review-lines { height: auto; max-height: 14; margin: 1 0; }
    DailyReviewScreen .review-line { height: auto; }
    DailyReviewScreen #review-buttons { height: auto; }
    DailyReviewScreen Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "key.back")]

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(id="review-box"):
            yield TLabel(tr, "daily_ui.review_title", id="review-title")
            yield TLabel(tr, "daily_ui.review_intro")
            with FormScroll(id="review-lines"):
                for label, value in self.lines:
                    yield Static(Content(f"{label}: {value}"), classes="review-line", markup=False)
            with Horizontal(id="review-buttons"):
                yield TButton(tr, "daily_ui.review_back", id="review-back")
                yield TButton(tr, "daily_ui.review_send", id="review-send", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#review-back", Button).focus()

    @property
    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.lines)

    @on(Button.Pressed, "#review-back")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#review-send")
    def send(self) -> None:
        self.dismiss(True)
