"""Realisasi: what each indicator (IKI) achieved in a quarter, with its Sumber Data.

The number starts as the sum of the quarter's approved daily entries (the screen says so);
the learner may change it and must name the source, until the quarter is assessed or locked —
then the screen says which of the two and what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.clock import quarter_of
from ekinerja_tutor.domain.fields import parse_whole_number
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.skp_form import FORM_CSS, DraftForm, FormRow

if TYPE_CHECKING:
    from ekinerja_tutor.services.results import RealisasiRowView, RealisasiView, ResultsService
    from ekinerja_tutor.ui.workspace import Workspace


class RealisasiScreen(WorkspaceScreen[None]):
    """Every IKI of the persona's SKP for one quarter of the sandbox year."""

    DEFAULT_CSS = """
    RealisasiScreen #real-body { padding: 0 1; height: 1fr; }
    RealisasiScreen #real-head { height: auto; text-style: bold; }
    RealisasiScreen #real-explain { height: auto; }
    RealisasiScreen.-locked #real-explain {
        border: heavy $border; padding: 0 1; text-style: bold;
    }
    RealisasiScreen #real-items { height: 1fr; min-height: 4; border: round $border-blurred; }
    RealisasiScreen #real-items:focus { border: heavy $border; }
    """

    TITLE_KEY: ClassVar[str] = "real_ui.title"
    HELP_KEY: ClassVar[str] = "real_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_quarter", "real_ui.key_previous", priority=True),
        Binding("pagedown", "next_quarter", "real_ui.key_next", priority=True),
    ]

    def __init__(self, workspace: Workspace, quarter: int | None = None) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today.date()
        self.year = today.year
        self.quarter = quarter or quarter_of(today)
        self.view: RealisasiView | None = None

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="real-body"):
            yield Static(Content(tr.t("ws.loading")), id="real-head", markup=False)
            yield Static("", id="real-explain", markup=False)
            yield OptionList(id="real-items")

    def on_mount(self) -> None:
        self.say_first("real_ui.status_open")
        self.query_one("#real-items", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self, then_say: str | None = None, **params: Any) -> None:
        seat = self.workspace.seat

        def shown(view: RealisasiView) -> None:
            self.show(view)
            if then_say:
                self.say_key(then_say, **params)

        self.run_service(
            self.results.realisasi_for,
            seat,
            seat.person_id,
            self.year,
            self.quarter,
            tag="realisasi",
            then=shown,
        )

    def show(self, view: RealisasiView) -> None:
        self.view = view
        self.set_class(view.locked, "-locked")
        self.draw()

    def draw(self) -> None:
        tr = self.tr
        view = self.view
        if view is None:
            return
        self.query_one("#real-head", Static).update(
            Content(
                tr.t(
                    "real_ui.head",
                    quarter=view.quarter,
                    year=view.year,
                    months=tr.t(f"real_ui.months.{view.quarter}"),
                )
            )
        )
        if view.locked and view.lock_reason is not None:
            explain = "✗ " + tr.msg(view.lock_reason)
        elif view.skp_id is None:
            explain = tr.t("real_ui.no_skp", year=view.year)
        else:
            explain = tr.t("real_ui.intro")
        self.query_one("#real-explain", Static).update(Content(explain))
        items = self.query_one("#real-items", OptionList)
        keep = items.highlighted
        items.clear_options()
        for number, row in enumerate(view.rows, start=1):
            items.add_option(Option(Content(self.row_text(number, row)), id=str(row.iki_id)))
        if items.option_count:
            items.highlighted = min(keep or 0, items.option_count - 1)

    def row_text(self, number: int, row: RealisasiRowView) -> str:
        tr = self.tr
        lines = [
            tr.t(
                "real_ui.row_iki",
                number=number,
                aspek=tr.t(f"skp_ui.aspek.{row.aspek.value}"),
                text=row.iki_text,
            ),
            tr.t("real_ui.row_target", target=row.target, satuan=row.satuan),
        ]
        if row.saved_value is None:
            lines.append(
                tr.t(
                    "real_ui.row_prefilled",
                    value=row.prefilled,
                    satuan=row.satuan,
                    count=row.approved_entries,
                )
            )
        else:
            lines.append(
                tr.t(
                    "real_ui.row_saved",
                    value=row.saved_value,
                    satuan=row.satuan,
                    prefilled=row.prefilled,
                    count=row.approved_entries,
                )
            )
        source = row.sumber_data or tr.t("real_ui.no_source")
        lines.append(tr.t("real_ui.row_source", text=source))
        return "\n".join(lines)

    def workspace_language_changed(self) -> None:
        self.draw()

    # -- switching quarters and editing -------------------------------------------------------

    def action_previous_quarter(self) -> None:
        self.switch_quarter(-1)

    def action_next_quarter(self) -> None:
        self.switch_quarter(1)

    def switch_quarter(self, step: int) -> None:
        quarter = self.quarter + step
        if not 1 <= quarter <= 4:
            self.say_key("real_ui.year_edge", year=self.year)
            return
        self.quarter = quarter
        self.load("real_ui.quarter_shown", quarter=quarter, year=self.year)

    @on(OptionList.OptionSelected, "#real-items")
    def open_row(self, event: OptionList.OptionSelected) -> None:
        view = self.view
        if view is None or event.option.id is None:
            return
        if view.locked and view.lock_reason is not None:
            self.say(self.tr.msg(view.lock_reason))
            return
        row = next(r for r in view.rows if str(r.iki_id) == event.option.id)
        form = RealisasiForm(self.workspace, self.results, view, row)

        def saved(result: RealisasiRowView | None) -> None:
            self.query_one("#real-items", OptionList).focus()
            if result is None:
                self.say_key("skp_ui.form_closed")
            else:
                self.load("real_ui.saved", value=result.saved_value, satuan=result.satuan)

        self.app.push_screen(form, saved)


class RealisasiForm(DraftForm["RealisasiRowView | None"]):
    """The realisasi of one IKI for one quarter, and where the number comes from."""

    DEFAULT_CSS = (
        FORM_CSS.format(cls="RealisasiForm")
        + """
    RealisasiForm #real-about { height: auto; margin-bottom: 1; }
    """
    )
    TITLE_KEY: ClassVar[str] = "real_ui.form_title"

    def __init__(
        self,
        workspace: Workspace,
        service: ResultsService,
        view: RealisasiView,
        row: RealisasiRowView,
    ) -> None:
        form_id = f"realisasi:{workspace.sandbox.id}:{row.iki_id}:{view.year}-q{view.quarter}"
        initial = {"realisasi": str(row.value), "sumber_data": row.sumber_data}
        super().__init__(
            workspace,
            form_id,
            initial,
            title_params={"quarter": view.quarter, "year": view.year},
        )
        self.service = service
        self.view = view
        self.item_row = row

    def about(self) -> str:
        row = self.item_row
        return "\n".join(
            (
                self.tr.t("real_ui.form_iki", text=row.iki_text),
                self.tr.t(
                    "real_ui.form_prefilled",
                    value=row.prefilled,
                    satuan=row.satuan,
                    count=row.approved_entries,
                    target=row.target,
                ),
            )
        )

    def compose_fields(self) -> ComposeResult:
        tr = self.tr
        yield Static(Content(self.about()), markup=False, id="real-about")
        yield FormRow(
            tr,
            "real_ui.value",
            Input(id="real-value"),
            hint_key="real_ui.value_hint",
            label_params={"satuan": self.item_row.satuan},
            id="row-realisasi",
        )
        yield FormRow(
            tr,
            "real_ui.source",
            Input(id="real-source"),
            hint_key="real_ui.source_hint",
            id="row-sumber_data",
        )

    def language_changed(self) -> None:
        self.query_one("#real-about", Static).update(Content(self.about()))

    def submit(self, values: dict[str, Any]) -> RealisasiRowView:
        value = parse_whole_number("realisasi", values["realisasi"])
        return self.service.save_realisasi(
            self.workspace.seat,
            self.item_row.iki_id,
            self.view.year,
            self.view.quarter,
            value,
            values["sumber_data"],
        )
