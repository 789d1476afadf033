"""Field work: a quick note taken on the spot, and activity templates per Bidang.

Both are tutor aids — the real e-Kinerja has neither — and the screen says so. A quick note
(a few words; the time and the place are taken now) is stored as a DRAFT entry with a reminder
until it is completed in the form. A template shows an entry exactly as it must be typed in the
real form, and can start a new entry in the form with those values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.form_fields import format_date_dmy
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.content.library import TemplateData
    from ekinerja_tutor.services.daily_logs import DailyEntryView
    from ekinerja_tutor.services.workspace_reads import FieldWorkView
    from ekinerja_tutor.ui.workspace import Workspace

WORKDAY_START = dt.time(8, 0)


@dataclass(frozen=True)
class TemplateChoice:
    template: TemplateData
    unit_name: str
    own: bool


@dataclass(frozen=True)
class FieldWorkLoaded:
    view: FieldWorkView
    choices: tuple[TemplateChoice, ...]


def template_values(
    template: TemplateData, view: FieldWorkView, place: tuple[str, str] | None
) -> dict[str, str]:
    """The form's fields filled from ``template`` for the sandbox's today (a NEW entry)."""
    from ekinerja_tutor.content.plan import fill_pattern, pattern_values

    kecamatan, desa = place or ("", "")
    start = dt.datetime.combine(view.today, WORKDAY_START)
    end = start + dt.timedelta(minutes=template.durasi_menit)
    ra_id = view.rencana_aksi_by_theme.get(template.theme)
    return {
        "rencana_aksi_id": str(ra_id) if ra_id is not None else "",
        "tanggal": format_date_dmy(view.today),
        "jam_mulai": f"{start:%H:%M}",
        "jam_selesai": f"{end:%H:%M}",
        "kegiatan": fill_pattern(
            template.kegiatan, pattern_values(view.today, kecamatan=kecamatan, desa=desa)
        ),
        "realisasi": str(template.realisasi[0]),
        "satuan": template.satuan,
        "bukti_dukung": "",
    }


class FieldWorkScreen(WorkspaceScreen[None]):
    """Kerja lapangan: "Catat sekarang" for the field, and templates to learn from."""

    DEFAULT_CSS = """
    FieldWorkScreen #fw-body { padding: 0 1; }
    FieldWorkScreen #fw-aid { border: heavy $warning; padding: 0 1; height: auto; }
    FieldWorkScreen .fw-heading { text-style: bold underline; margin-top: 1; }
    FieldWorkScreen #fw-templates { height: auto; max-height: 8; }
    FieldWorkScreen #fw-preview { height: auto; border: round $border; padding: 0 1; }
    FieldWorkScreen #fw-use { margin-top: 1; }
    """

    TITLE_KEY: ClassVar[str] = "field_ui.title"
    HELP_KEY: ClassVar[str] = "field_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = WORKSPACE_BINDINGS

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.loaded: FieldWorkLoaded | None = None

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with FormScroll(id="fw-body"):
            yield TLabel(tr, "field_ui.aid", id="fw-aid")
            yield TLabel(tr, "field_ui.quick_title", classes="fw-heading")
            yield TLabel(tr, "field_ui.quick_intro")
            yield Field(
                tr,
                "field_ui.words",
                Input(id="f-kegiatan"),
                hint_key="field_ui.words_hint",
                id="field-kegiatan",
            )
            yield Field(
                tr,
                "field_ui.place",
                Input(id="f-place"),
                hint_key="field_ui.place_hint",
                id="field-place",
            )
            yield TButton(tr, "field_ui.quick_save", id="fw-quick", variant="primary")
            yield TLabel(tr, "field_ui.templates_title", classes="fw-heading")
            yield Static(Content(tr.t("ws.loading")), id="fw-templates-note", markup=False)
            yield OptionList(id="fw-templates")
            yield Static("", id="fw-preview", markup=False)
            yield TButton(tr, "field_ui.use_template", id="fw-use")

    def on_mount(self) -> None:
        self.query_one("#f-kegiatan", Input).focus()
        self.say_first("field_ui.status")
        self.load()

    def load(self) -> None:
        reads = self.reads
        seat = self.workspace.seat
        root = self.services.ctx.content_root

        def read() -> FieldWorkLoaded:
            from ekinerja_tutor.content.library import load_templates
            from ekinerja_tutor.content.office import load_office

            view = reads.field_work(seat)
            office = load_office(root)
            choices = [
                TemplateChoice(t, office.unit(t.unit).name, t.unit in view.unit_codes)
                for t in load_templates(root)
            ]
            choices.sort(key=lambda c: (not c.own, c.unit_name))
            return FieldWorkLoaded(view, tuple(choices))

        self.run_service(read, tag="field-work", then=self.show)

    def sandbox_changed(self) -> None:
        self.load()

    def show(self, loaded: FieldWorkLoaded) -> None:
        self.loaded = loaded
        tr = self.tr
        own = any(choice.own for choice in loaded.choices)
        self.query_one("#fw-templates-note", Static).update(
            Content(tr.t("field_ui.templates_own" if own else "field_ui.templates_other"))
        )
        menu = self.query_one("#fw-templates", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options(
            [
                Option(
                    Content(f"{choice.unit_name} · {choice.template.title(tr.lang)}"),
                    id=choice.template.key,
                )
                for choice in loaded.choices
            ]
        )
        if loaded.choices:
            menu.highlighted = highlighted if highlighted is not None else 0
        self._preview()

    def workspace_language_changed(self) -> None:
        if self.loaded is not None:
            self.show(self.loaded)

    # -- templates ----------------------------------------------------------------------------

    def chosen(self) -> TemplateChoice | None:
        if self.loaded is None:
            return None
        menu = self.query_one("#fw-templates", OptionList)
        if menu.highlighted is None or not 0 <= menu.highlighted < len(self.loaded.choices):
            return None
        return self.loaded.choices[menu.highlighted]

    def chosen_values(self) -> dict[str, str] | None:
        choice = self.chosen()
        if choice is None or self.loaded is None:
            return None
        places = self.loaded.view.places
        return template_values(choice.template, self.loaded.view, places[0] if places else None)

    @on(OptionList.OptionHighlighted, "#fw-templates")
    def _preview(self) -> None:
        tr = self.tr
        preview = self.query_one("#fw-preview", Static)
        choice = self.chosen()
        values = self.chosen_values()
        if choice is None or values is None:
            preview.update("")
            return
        ra = tr.t("field_ui.ra_found") if values["rencana_aksi_id"] else tr.t("field_ui.ra_missing")
        lines = [
            tr.t("field_ui.preview_title"),
            f"{tr.t('field.label.rencana_aksi_id')}: {ra}",
            f"{tr.t('field.label.tanggal')}: {values['tanggal']}",
            f"{tr.t('field.label.jam_mulai')}: {values['jam_mulai']}",
            f"{tr.t('field.label.jam_selesai')}: {values['jam_selesai']}",
            f"{tr.t('field.label.kegiatan')}: {values['kegiatan']}",
            f"{tr.t('field.label.realisasi')}: {values['realisasi']}",
            f"{tr.t('field.label.satuan')}: {values['satuan']}",
            f"{tr.t('field.label.bukti_dukung')}: "
            + tr.t("field_ui.bukti_contains", what=choice.template.bukti(tr.lang)),
        ]
        preview.update(Content("\n".join(lines)))

    @property
    def preview_text(self) -> str:
        return str(self.query_one("#fw-preview", Static).content)

    @on(OptionList.OptionSelected, "#fw-templates")
    @on(Button.Pressed, "#fw-use")
    def use_template(self) -> None:
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen
        from ekinerja_tutor.ui.screens.daily_form import draft_form_id

        values = self.chosen_values()
        if values is None:
            return
        form_id = draft_form_id(self.workspace.sandbox.id, None)
        if self.drafts.load(self.draft_account, form_id):
            self.app.push_screen(
                ConfirmScreen(
                    self.tr.t("field_ui.replace_draft"), self.tr.t("field_ui.replace_draft_yes")
                ),
                callback=lambda ok: self._open_form(values) if ok else None,
            )
        else:
            self._open_form(values)

    def _open_form(self, values: dict[str, str]) -> None:
        from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen

        self.app.push_screen(DailyFormScreen(self.workspace, prefill=values))

    # -- the quick note -----------------------------------------------------------------------

    @on(Input.Submitted, "#f-kegiatan")
    def _to_place(self) -> None:
        self.query_one("#f-place", Input).focus()

    @on(Input.Submitted, "#f-place")
    @on(Button.Pressed, "#fw-quick")
    def save_quick_note(self) -> None:
        for field in self.query(Field):
            self.clear_field_error(field)
        words = self.query_one("#f-kegiatan", Input).value
        place = self.query_one("#f-place", Input).value
        self.query_one("#fw-quick", Button).disabled = True
        self.run_service(
            self.daily_logs.quick_field_entry,
            self.workspace.seat,
            words,
            place or None,
            tag="quick",
            then=self._quick_saved,
            failed=lambda _error: self._quick_done(),
        )

    def _quick_done(self) -> None:
        self.query_one("#fw-quick", Button).disabled = False

    def _quick_saved(self, view: DailyEntryView) -> None:
        self._quick_done()
        self.query_one("#f-kegiatan", Input).value = ""
        self.query_one("#f-place", Input).value = ""
        text = self.tr.t(
            "field_ui.quick_saved", kegiatan=view.kegiatan, time=f"{view.jam_mulai:%H:%M}"
        )
        self.say(text)
        self.app.notify(text, markup=False)
