"""Rencana Aksi: the month's planned actions per RHK, which daily entries must pick from.

A month with none says why in plain words (no SKP, SKP not approved, nothing planned yet) and
what to do; "Salin dari bulan lalu" copies last month's plan so nothing is typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.calendar import month_label
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.statuses import SkpStatus
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.i18n import TButton
from ekinerja_tutor.ui.widgets.skp_form import FORM_CSS, DraftForm, FormRow
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker, Pick

if TYPE_CHECKING:
    from ekinerja_tutor.services.rencana_aksi import (
        RencanaAksiMonthView,
        RencanaAksiService,
        RencanaAksiView,
    )
    from ekinerja_tutor.services.skp import RhkView, SkpView
    from ekinerja_tutor.ui.workspace import Workspace


@dataclass(frozen=True)
class MonthLoaded:
    month: RencanaAksiMonthView
    skp: SkpView | None


class RencanaAksiScreen(WorkspaceScreen[None]):
    """One month's Rencana Aksi of the persona, with a month switcher."""

    DEFAULT_CSS = """
    RencanaAksiScreen #ra-body { padding: 0 1; height: 1fr; }
    RencanaAksiScreen #ra-head { height: auto; text-style: bold; }
    RencanaAksiScreen #ra-explain { height: auto; }
    RencanaAksiScreen.-empty #ra-explain {
        border: heavy $border; padding: 0 1; text-style: bold;
    }
    RencanaAksiScreen #ra-items { height: 1fr; min-height: 4; border: round $border-blurred; }
    RencanaAksiScreen #ra-items:focus { border: heavy $border; }
    RencanaAksiScreen #ra-buttons { height: auto; }
    RencanaAksiScreen #ra-buttons Button { margin-right: 1; }
    RencanaAksiScreen.-locked #ra-buttons { display: none; }
    RencanaAksiScreen.-empty #ra-items { display: none; }
    """

    TITLE_KEY: ClassVar[str] = "ra_ui.title"
    HELP_KEY: ClassVar[str] = "ra_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_month", "ra_ui.key_previous", priority=True),
        Binding("pagedown", "next_month", "ra_ui.key_next", priority=True),
        Binding("f6", "add", "ra_ui.key_add"),
        Binding("f8", "copy", "ra_ui.key_copy"),
    ]

    def __init__(self, workspace: Workspace, month: int | None = None) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today
        self.year = today.year
        self.month = month or today.month
        self.loaded: MonthLoaded | None = None

    # -- layout and loading -------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="ra-body"):
            yield Static(Content(tr.t("ws.loading")), id="ra-head", markup=False)
            yield Static("", id="ra-explain", markup=False)
            yield OptionList(id="ra-items")
            with Horizontal(id="ra-buttons"):
                yield TButton(tr, "ra_ui.add", id="add", variant="primary")
                yield TButton(tr, "ra_ui.copy", id="copy")

    def on_mount(self) -> None:
        self.say_first("ra_ui.status_open")
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded is not None:
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self, then_say: str | None = None, **params: Any) -> None:
        seat = self.workspace.seat
        ra, skp = self.rencana_aksi, self.skp
        year, month = self.year, self.month

        def read() -> MonthLoaded:
            return MonthLoaded(
                ra.for_month(seat, seat.person_id, year, month),
                skp.skp_for(seat, seat.person_id, year),
            )

        def shown(loaded: MonthLoaded) -> None:
            self.show(loaded)
            if then_say:
                self.say_key(then_say, **params)

        self.run_service(read, tag="month", then=shown)

    @property
    def approved(self) -> bool:
        return self.loaded is not None and self.loaded.month.skp_status is SkpStatus.DISETUJUI

    def show(self, loaded: MonthLoaded) -> None:
        self.loaded = loaded
        self.set_class(not loaded.month.items, "-empty")
        self.set_class(not self.approved, "-locked")
        self.draw()
        self.refresh_bindings()
        if loaded.month.items:
            self.query_one("#ra-items", OptionList).focus()
        elif self.approved:
            self.query_one("#add", Button).focus()

    def draw(self) -> None:
        tr = self.tr
        loaded = self.loaded
        if loaded is None:
            return
        month = loaded.month
        self.query_one("#ra-head", Static).update(
            Content(
                tr.t(
                    "ra_ui.head",
                    month=tr.msg(month_label(month.year, month.month)),
                    count=len(month.items),
                )
            )
        )
        explain = tr.msg(month.explanation) if month.explanation else tr.t("ra_ui.intro")
        self.query_one("#ra-explain", Static).update(Content(explain))
        items = self.query_one("#ra-items", OptionList)
        keep = items.highlighted
        items.clear_options()
        numbers = self.rhk_numbers()
        for number, item in enumerate(month.items, start=1):
            items.add_option(
                Option(Content(self.item_text(number, item, numbers)), id=str(item.id))
            )
        if items.option_count:
            items.highlighted = min(keep or 0, items.option_count - 1)

    def rhk_numbers(self) -> dict[int, int]:
        skp = self.loaded.skp if self.loaded else None
        return {rhk.id: number for number, rhk in enumerate(skp.rhks, start=1)} if skp else {}

    def item_text(self, number: int, item: RencanaAksiView, numbers: dict[int, int]) -> str:
        tr = self.tr
        lines = [f"{number}. {item.text}"]
        lines.append(
            tr.t("ra_ui.item_rhk", number=numbers.get(item.rhk_id, "?"), text=item.rhk_text)
        )
        details = []
        if item.iki_text:
            details.append(tr.t("ra_ui.item_iki", text=item.iki_text))
        if item.target is not None:
            details.append(tr.t("ra_ui.item_target", target=item.target, satuan=item.satuan or ""))
        elif item.satuan:
            details.append(tr.t("ra_ui.item_satuan", satuan=item.satuan))
        details.append(tr.t("ra_ui.item_used", count=item.daily_entry_count))
        lines.append("   " + " · ".join(details))
        return "\n".join(lines)

    def workspace_language_changed(self) -> None:
        self.draw()

    # -- the month switcher -------------------------------------------------------------------

    def action_previous_month(self) -> None:
        self.switch_month(-1)

    def action_next_month(self) -> None:
        self.switch_month(1)

    def switch_month(self, step: int) -> None:
        month = self.month + step
        if not 1 <= month <= 12:
            self.say_key("ra_ui.year_edge", year=self.year)
            return
        self.month = month
        self.load("ra_ui.month_shown", month=month_label(self.year, month))

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "copy"):
            return True if self.approved else None
        return super().check_action(action, parameters)

    def say_why_locked(self) -> bool:
        """When the month cannot be planned, say why (the service's words); True if so."""
        if self.loaded is None:
            return True
        if self.approved:
            return False
        explanation = self.loaded.month.explanation
        if explanation is not None:
            self.say(self.tr.msg(explanation))
        return True

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        if self.say_why_locked():
            return
        self.open_form(None)

    def open_form(self, item: RencanaAksiView | None) -> None:
        assert self.loaded is not None and self.loaded.skp is not None
        form = RencanaAksiForm(
            self.workspace, self.rencana_aksi, self.loaded.skp, self.year, self.month, item
        )

        def saved(result: RencanaAksiView | None) -> None:
            self.query_one("#ra-items", OptionList).focus()
            if result is None:
                self.say_key("skp_ui.form_closed")
            else:
                self.load("ra_ui.saved", month=month_label(self.year, self.month))

        self.app.push_screen(form, saved)

    @on(OptionList.OptionSelected, "#ra-items")
    def open_item(self, event: OptionList.OptionSelected) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        if self.loaded is None or event.option.id is None or self.say_why_locked():
            return
        item = next(i for i in self.loaded.month.items if str(i.id) == event.option.id)
        tr = self.tr
        actions = [("edit", tr.t("ra_ui.menu_edit")), ("remove", tr.t("ra_ui.menu_remove"))]

        def chosen(action: str | None) -> None:
            if action == "edit":
                self.open_form(item)
            elif action == "remove":
                self.confirm_remove(item)

        self.app.push_screen(ActionMenu(tr.t("ra_ui.menu_title"), actions), chosen)

    def confirm_remove(self, item: RencanaAksiView) -> None:
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

        tr = self.tr
        question = tr.t("ra_ui.confirm_remove", text=item.text)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_service(
                    self.rencana_aksi.remove,
                    self.workspace.seat,
                    item.id,
                    tag="remove",
                    then=lambda _none: self.load("ra_ui.removed"),
                )

        self.app.push_screen(ConfirmScreen(question, tr.t("ra_ui.yes_remove")), answered)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        if self.say_why_locked():
            return
        before = len(self.loaded.month.items) if self.loaded else 0
        year, month = self.year, self.month

        def copied(view: RencanaAksiMonthView) -> None:
            previous = month_label(year, month - 1)
            count = len(view.items) - before
            self.load("ra_ui.copied" if count else "ra_ui.copied_none", count=count, month=previous)

        self.run_service(
            self.rencana_aksi.copy_from_previous_month,
            self.workspace.seat,
            year,
            month,
            tag="copy",
            then=copied,
        )


class RencanaAksiForm(DraftForm["RencanaAksiView | None"]):
    """Add a Rencana Aksi to the month, or change one (its RHK stays)."""

    DEFAULT_CSS = FORM_CSS.format(cls="RencanaAksiForm")
    TITLE_KEY: ClassVar[str] = "ra_ui.form_add"
    ERROR_FIELDS: ClassVar[dict[str, str]] = {"month": "rencana_aksi_text"}

    def __init__(
        self,
        workspace: Workspace,
        service: RencanaAksiService,
        skp: SkpView,
        year: int,
        month: int,
        item: RencanaAksiView | None,
    ) -> None:
        form_id = f"rencana-aksi:{workspace.sandbox.id}:" + (
            str(item.id) if item is not None else f"new-{year}-{month}"
        )
        first = skp.rhks[0].id if skp.rhks else None
        initial: dict[str, Any] = {
            "rhk_id": item.rhk_id if item else first,
            "iki_id": item.iki_id if item else None,
            "rencana_aksi_text": item.text if item else "",
            "target": "" if item is None or item.target is None else str(item.target),
            "satuan": (item.satuan or "") if item else "",
        }
        key = "ra_ui.form_edit" if item is not None else "ra_ui.form_add"
        super().__init__(
            workspace,
            form_id,
            initial,
            title_params={"month": month_label(year, month)},
            title_key=key,
        )
        self.service = service
        self.skp = skp
        self.year = year
        self.month = month
        self.item = item

    def compose_fields(self) -> ComposeResult:
        tr = self.tr
        rhk_picks = [
            Pick(rhk.id, text=tr.t("ra_ui.rhk_choice", number=number, text=rhk.text))
            for number, rhk in enumerate(self.skp.rhks, start=1)
        ]
        picker = ChoicePicker(rhk_picks, id="rhk")
        picker.disabled = self.item is not None  # the month's RHK stays when changing
        yield FormRow(tr, "ra_ui.rhk", picker, hint_key="ra_ui.rhk_hint", id="row-rhk_id")
        yield FormRow(
            tr,
            "ra_ui.iki",
            ChoicePicker([], id="iki"),
            hint_key="ra_ui.iki_hint",
            id="row-iki_id",
        )
        yield FormRow(
            tr,
            "ra_ui.text",
            Input(id="ra-text"),
            hint_key="ra_ui.text_hint",
            id="row-rencana_aksi_text",
        )
        yield FormRow(
            tr,
            "ra_ui.target",
            Input(id="ra-target"),
            hint_key="ra_ui.target_hint",
            id="row-target",
        )
        yield FormRow(
            tr,
            "ra_ui.satuan",
            Input(id="ra-satuan"),
            hint_key="ra_ui.satuan_hint",
            id="row-satuan",
        )

    def rhk(self, rhk_id: Any) -> RhkView | None:
        return next((rhk for rhk in self.skp.rhks if rhk.id == rhk_id), None)

    def iki_picks(self, rhk_id: Any) -> list[Pick]:
        rhk = self.rhk(rhk_id)
        picks = [Pick(None, key="ra_ui.iki_none")]
        if rhk is not None:
            picks += [Pick(iki.id, text=iki.text) for iki in rhk.ikis]
        return picks

    def after_values_applied(self, values: dict[str, Any]) -> None:
        iki = self.row("iki_id").control
        assert isinstance(iki, ChoicePicker)
        chosen = values["iki_id"]
        picks = self.iki_picks(values["rhk_id"])
        iki.set_choices(picks, chosen if any(p.value == chosen for p in picks) else None)

    @on(ChoicePicker.Changed, "#rhk")
    def rhk_changed(self, event: ChoicePicker.Changed) -> None:
        iki = self.query_one("#iki", ChoicePicker)
        iki.set_choices(self.iki_picks(event.value), None)

    @on(ChoicePicker.Changed, "#iki")
    def iki_changed(self, event: ChoicePicker.Changed) -> None:
        """Nothing typed twice: an empty satuan takes the indicator's."""
        satuan = self.query_one("#ra-satuan", Input)
        rhk = self.rhk(self.values()["rhk_id"])
        found = next((i for i in rhk.ikis if i.id == event.value), None) if rhk else None
        if found is not None and not satuan.value:
            satuan.value = found.satuan

    def submit(self, values: dict[str, Any]) -> RencanaAksiView:
        seat = self.workspace.seat
        target = values["target"].strip() or None
        satuan = values["satuan"] or None
        if self.item is not None:
            return self.service.update(
                seat,
                self.item.id,
                values["rencana_aksi_text"],
                iki_id=values["iki_id"],
                target=target,
                satuan=satuan,
            )
        if values["rhk_id"] is None:
            raise ValidationError("ra_ui.rhk_required", field="rhk_id")
        return self.service.add(
            seat,
            values["rhk_id"],
            self.year,
            self.month,
            values["rencana_aksi_text"],
            iki_id=values["iki_id"],
            target=target,
            satuan=satuan,
        )
