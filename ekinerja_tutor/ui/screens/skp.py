"""SKP: the persona's annual plan for the sandbox year — read it, build it, submit it, fix it.

One list holds the whole SKP in reading order (each RHK with its IKI, then the seven BerAKHLAK
values, then the lampiran); Enter on a line opens what can be done with it. Only a DRAFT can
change (the service decides; the screen only greys out what would be refused and says why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.errors import LockedError
from ekinerja_tutor.domain.skp import ensure_editable
from ekinerja_tutor.domain.statuses import Pendekatan, SkpStatus
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.skp_form import FormRow
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker, Pick

if TYPE_CHECKING:
    from ekinerja_tutor.services.skp import IkiView, InterventionChoicesView, RhkView, SkpView
    from ekinerja_tutor.ui.workspace import Workspace

STATE_CLASSES: dict[SkpStatus | None, str] = {
    None: "-none",
    SkpStatus.DRAFT: "-draft",
    SkpStatus.DIAJUKAN: "-submitted",
    SkpStatus.DISETUJUI: "-approved",
    SkpStatus.DIKEMBALIKAN: "-returned",
}

STATUS_MARKS: dict[SkpStatus, str] = {
    SkpStatus.DRAFT: "✎",
    SkpStatus.DIAJUKAN: "…",
    SkpStatus.DISETUJUI: "✓",
    SkpStatus.DIKEMBALIKAN: "✗",
}


class SkpScreen(WorkspaceScreen[None]):
    """The persona's SKP of the sandbox year."""

    DEFAULT_CSS = """
    SkpScreen #skp-body { padding: 0 1; height: 1fr; }
    SkpScreen #skp-summary { height: auto; }
    SkpScreen #skp-note {
        height: auto; max-height: 6; border: heavy $error; padding: 0 1; text-style: bold;
        display: none;
    }
    SkpScreen.-has-note #skp-note { display: block; }
    SkpScreen #skp-create { height: auto; display: none; }
    SkpScreen.-none #skp-create { display: block; }
    SkpScreen #skp-items { height: 1fr; min-height: 5; border: round $border-blurred; }
    SkpScreen #skp-items:focus { border: heavy $border; }
    SkpScreen.-none #skp-items { display: none; }
    SkpScreen #skp-buttons { height: auto; }
    SkpScreen #skp-buttons Button { margin-right: 1; }
    SkpScreen #add-rhk, SkpScreen #submit, SkpScreen #reopen { display: none; }
    SkpScreen.-draft #add-rhk, SkpScreen.-draft #submit { display: block; }
    SkpScreen.-returned #reopen { display: block; }
    """

    TITLE_KEY: ClassVar[str] = "skp_ui.title"
    HELP_KEY: ClassVar[str] = "skp_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f6", "add_rhk", "skp_ui.key_add"),
        Binding("f8", "submit", "skp_ui.key_submit"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.year = workspace.sandbox.today.year
        self.view: SkpView | None = None
        self.loaded = False
        self.answers = 0
        """Counts requests for the SKP; an answer older than the newest is dropped."""

    def title_params(self) -> dict[str, object]:
        return {"year": self.year}

    # -- layout -------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="skp-body"):
            yield Static(Content(tr.t("ws.loading")), id="skp-summary", markup=False)
            yield Static("", id="skp-note", markup=False)
            with Vertical(id="skp-create"):
                yield TLabel(tr, "skp_ui.none_intro", params={"year": self.year}, id="skp-none")
                yield FormRow(
                    tr,
                    "skp_ui.pendekatan",
                    ChoicePicker(
                        [Pick(p.value, key=f"skp_ui.pendekatan.{p.value}") for p in Pendekatan],
                        Pendekatan.KUANTITATIF.value,
                        id="pendekatan",
                    ),
                    hint_key="skp_ui.pendekatan_hint",
                    id="row-pendekatan",
                )
                yield TButton(tr, "skp_ui.create", id="create", variant="primary")
            yield OptionList(id="skp-items")
            with Horizontal(id="skp-buttons"):
                yield TButton(tr, "skp_ui.add_rhk", id="add-rhk", variant="primary")
                yield TButton(tr, "skp_ui.submit", id="submit")
                yield TButton(tr, "skp_ui.reopen", id="reopen", variant="primary")

    def on_mount(self) -> None:
        self.add_class("-loading")
        self.say_first("skp_ui.status_open")
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    def sandbox_changed(self) -> None:
        self.year = self.workspace.sandbox.today.year
        self.query_one("#screen-title", TLabel).set_key(self.tr, self.TITLE_KEY, year=self.year)
        self.query_one("#skp-none", TLabel).set_key(self.tr, "skp_ui.none_intro", year=self.year)
        self.load()

    # -- loading and drawing ------------------------------------------------------------------

    def load(self, then_say: str | None = None, **params: Any) -> None:
        seat = self.workspace.seat
        skp, year = self.skp, self.year

        self.answers += 1
        asked = self.answers

        def shown(view: SkpView | None) -> None:
            if asked != self.answers:
                return  # a newer request (a reload, or a submit's answer) has come since
            self.show(view)
            if then_say:
                self.say_key(then_say, **params)

        self.run_service(skp.skp_for, seat, seat.person_id, year, tag="skp", then=shown)

    def show(self, view: SkpView | None) -> None:
        first = not self.loaded
        self.view = view
        self.loaded = True
        for name in (*STATE_CLASSES.values(), "-loading", "-has-note"):
            self.remove_class(name)
        self.add_class(STATE_CLASSES[view.status if view else None])
        if view is not None and view.return_note:
            self.add_class("-has-note")
        self.draw()
        self.refresh_bindings()
        if first:
            if view is None:
                self.query_one("#pendekatan", ChoicePicker).focus()
            else:
                self.query_one("#skp-items", OptionList).focus()

    def show_and_say(self, view: SkpView | None, key: str) -> None:
        """An action's own answer is the newest state: reloads still in flight are dropped."""
        self.answers += 1
        self.show(view)
        self.say_key(key)

    def draw(self) -> None:
        tr = self.tr
        view = self.view
        summary = self.query_one("#skp-summary", Static)
        if view is None:
            summary.update(Content(tr.t("skp_ui.summary_none", year=self.year)))
            return
        summary.update(Content(self.summary_text(view)))
        if view.return_note:
            key = (
                "skp_ui.note_returned"
                if view.status is SkpStatus.DIKEMBALIKAN
                else ("skp_ui.note_previous")
            )
            who = view.decided_by_name or tr.t("skp_ui.supervisor")
            text = tr.t(key, name=who, note=view.return_note)
            self.query_one("#skp-note", Static).update(Content(text))
        items = self.query_one("#skp-items", OptionList)
        keep = items.highlighted_option.id if items.highlighted_option is not None else None
        items.clear_options()
        items.add_options(self.options(view))
        if keep is not None:
            self.highlight(keep)
        elif items.option_count:
            items.highlighted = 0

    def summary_text(self, view: SkpView) -> str:
        tr = self.tr
        lines = [
            tr.t(
                "skp_ui.summary",
                year=view.year,
                status=tr.msg(view.status_label),
                mark=STATUS_MARKS[view.status],
                pendekatan=tr.t(f"skp_ui.pendekatan.{view.pendekatan.value}"),
            )
        ]
        who = view.decided_by_name or tr.t("skp_ui.supervisor")
        submitted = view.submitted_at.date() if view.submitted_at else None
        decided = view.decided_at.date() if view.decided_at else None
        lines.append(
            tr.t(
                f"skp_ui.state.{view.status.value}",
                name=who,
                submitted=tr.msg(date_label(submitted)) if submitted else "-",
                decided=tr.msg(date_label(decided)) if decided else "-",
            )
        )
        lines.append(tr.t("skp_ui.terms"))
        return "\n".join(lines)

    def options(self, view: SkpView) -> list[Option | None]:
        tr = self.tr
        draft = view.editable
        options: list[Option | None] = []
        for number, rhk in enumerate(view.rhks, start=1):
            if number > 1:
                options.append(None)
            options.append(Option(Content(self.rhk_text(number, rhk)), id=f"rhk:{rhk.id}"))
            for sub, iki in enumerate(rhk.ikis, start=1):
                options.append(Option(Content(self.iki_text(number, sub, iki)), id=f"iki:{iki.id}"))
            if draft:
                options.append(
                    Option(
                        Content(tr.t("skp_ui.option_add_iki", number=number)),
                        id=f"add-iki:{rhk.id}",
                    )
                )
        if not view.rhks:
            options.append(Option(Content(tr.t("skp_ui.no_rhk")), id="no-rhk", disabled=not draft))
        if draft:
            options.append(Option(Content(tr.t("skp_ui.option_add_rhk")), id="add-rhk"))
        options.append(None)
        for perilaku in view.perilaku:
            special = perilaku.ekspektasi_khusus
            lines = [tr.t("skp_ui.perilaku_line", name=tr.msg(perilaku.label))]
            lines.append(
                tr.t("skp_ui.ekspektasi", text=special)
                if special
                else tr.t("skp_ui.ekspektasi_none")
            )
            options.append(
                Option(Content("\n".join(lines)), id=f"perilaku:{perilaku.perilaku.value}")
            )
        options.append(None)
        for lampiran in view.lampiran:
            label = tr.t(f"skp_ui.lampiran.{lampiran.kind.value}")
            text = lampiran.text or tr.t("skp_ui.lampiran_empty")
            options.append(
                Option(
                    Content(tr.t("skp_ui.lampiran_line", name=label) + "\n" + text),
                    id=f"lampiran:{lampiran.kind.value}",
                )
            )
        return options

    def rhk_text(self, number: int, rhk: RhkView) -> str:
        tr = self.tr
        lines = [
            tr.t(
                "skp_ui.rhk_line",
                number=number,
                jenis=tr.t(f"skp_ui.jenis.{rhk.jenis.value}"),
                klasifikasi=tr.t(f"skp_ui.klasifikasi.{rhk.klasifikasi.value}"),
            ),
            rhk.text,
        ]
        if rhk.penugasan_dari:
            lines.append(tr.t("skp_ui.rhk_penugasan", name=rhk.penugasan_dari))
        if rhk.intervened_rhk_text is not None:
            lines.append(
                tr.t(
                    "skp_ui.rhk_intervensi",
                    owner=rhk.intervened_owner_name or "-",
                    text=rhk.intervened_rhk_text,
                )
            )
        else:
            lines.append(tr.t("skp_ui.rhk_no_intervensi"))
        return "\n".join(lines)

    def iki_text(self, number: int, sub: int, iki: IkiView) -> str:
        tr = self.tr
        return tr.t(
            "skp_ui.iki_line",
            number=f"{number}.{sub}",
            aspek=tr.t(f"skp_ui.aspek.{iki.aspek.value}"),
            text=iki.text,
            target=iki.target,
            satuan=iki.satuan,
        )

    def highlight(self, option_id: str) -> None:
        items = self.query_one("#skp-items", OptionList)
        try:
            items.highlighted = items.get_option_index(option_id)
        except Exception:  # the item was removed: keep the nearest line
            if items.option_count:
                items.highlighted = min(items.highlighted or 0, items.option_count - 1)

    def workspace_language_changed(self) -> None:
        self.query_one("#pendekatan", ChoicePicker).redraw()
        if self.loaded:
            self.draw()

    # -- what the highlighted line offers -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_rhk", "submit"):
            return True if self.view is not None and self.view.editable else None
        return super().check_action(action, parameters)

    def rhk_by_id(self, rhk_id: int) -> tuple[int, RhkView] | None:
        assert self.view is not None
        for number, rhk in enumerate(self.view.rhks, start=1):
            if rhk.id == rhk_id:
                return number, rhk
        return None

    def iki_by_id(self, iki_id: int) -> tuple[RhkView, IkiView] | None:
        assert self.view is not None
        for rhk in self.view.rhks:
            for iki in rhk.ikis:
                if iki.id == iki_id:
                    return rhk, iki
        return None

    def say_locked(self) -> bool:
        """When the SKP cannot change now, say why (the rule's own words); True if locked."""
        assert self.view is not None
        try:
            ensure_editable(self.view.status)
        except LockedError as error:
            self.say(error.render(self.tr.lang))
            return True
        return False

    @on(OptionList.OptionSelected, "#skp-items")
    def open_line(self, event: OptionList.OptionSelected) -> None:
        if self.view is None or event.option.id is None:
            return
        kind, _, ref = event.option.id.partition(":")
        if kind == "perilaku":
            from ekinerja_tutor.ui.screens.skp_forms import PerilakuScreen

            found = next(p for p in self.view.perilaku if p.perilaku.value == ref)
            self.app.push_screen(PerilakuScreen(found))
            return
        if self.say_locked():
            return
        if kind in ("add-rhk", "no-rhk"):
            self.action_add_rhk()
        elif kind == "add-iki":
            self.open_iki_form(int(ref), None)
        elif kind == "rhk":
            self.rhk_menu(int(ref))
        elif kind == "iki":
            self.iki_menu(int(ref))
        elif kind == "lampiran":
            self.open_lampiran_form(ref)

    def rhk_menu(self, rhk_id: int) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        found = self.rhk_by_id(rhk_id)
        if found is None:
            return
        number, rhk = found
        tr = self.tr
        actions = [
            ("edit", tr.t("skp_ui.menu_edit_rhk", number=number)),
            ("add_iki", tr.t("skp_ui.menu_add_iki", number=number)),
            ("remove", tr.t("skp_ui.menu_remove_rhk", number=number)),
        ]

        def chosen(action: str | None) -> None:
            if action == "edit":
                self.open_rhk_form(rhk)
            elif action == "add_iki":
                self.open_iki_form(rhk.id, None)
            elif action == "remove":
                self.confirm_remove_rhk(number, rhk)

        menu = ActionMenu(tr.t("skp_ui.menu_rhk_title", number=number), actions)
        self.app.push_screen(menu, chosen)

    def iki_menu(self, iki_id: int) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        found = self.iki_by_id(iki_id)
        if found is None:
            return
        rhk, iki = found
        tr = self.tr
        actions = [
            ("edit", tr.t("skp_ui.menu_edit_iki")),
            ("remove", tr.t("skp_ui.menu_remove_iki")),
        ]

        def chosen(action: str | None) -> None:
            if action == "edit":
                self.open_iki_form(rhk.id, iki)
            elif action == "remove":
                self.confirm_remove_iki(iki)

        self.app.push_screen(ActionMenu(tr.t("skp_ui.menu_iki_title"), actions), chosen)

    # -- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def create_skp(self) -> None:
        value = self.query_one("#pendekatan", ChoicePicker).value
        self.run_service(
            self.skp.create_skp,
            self.workspace.seat,
            self.year,
            Pendekatan(value),
            tag="create",
            then=self.created,
        )

    def created(self, view: SkpView) -> None:
        self.loaded = False  # focus the new SKP's list
        self.show(view)
        self.say_key("skp_ui.created", year=view.year)

    @on(Button.Pressed, "#add-rhk")
    def action_add_rhk(self) -> None:
        if self.view is None or self.say_locked():
            return
        self.open_rhk_form(None)

    def open_rhk_form(self, rhk: RhkView | None) -> None:
        assert self.view is not None
        skp = self.view

        def open_form(choices: InterventionChoicesView) -> None:
            from ekinerja_tutor.ui.screens.skp_forms import RhkForm

            number = len(skp.rhks) + 1
            if rhk is not None:
                found = self.rhk_by_id(rhk.id)
                number = found[0] if found else rhk.position
            form = RhkForm(self.workspace, self.skp, skp, rhk, choices, number=number)
            self.app.push_screen(form, self.rhk_saved)

        self.run_service(
            self.skp.intervention_choices,
            self.workspace.seat,
            skp.id,
            tag="choices",
            then=open_form,
        )

    def rhk_saved(self, rhk: RhkView | None) -> None:
        if rhk is None:
            self.say_key("skp_ui.form_closed")
            return
        self.query_one("#skp-items", OptionList).focus()
        self.load_and_highlight(f"rhk:{rhk.id}", "skp_ui.rhk_saved")

    def open_iki_form(self, rhk_id: int, iki: IkiView | None) -> None:
        from ekinerja_tutor.ui.screens.skp_forms import IkiForm

        found = self.rhk_by_id(rhk_id)
        if found is None:
            return
        number, rhk = found

        def saved(result: IkiView | None) -> None:
            if result is None:
                self.say_key("skp_ui.form_closed")
                return
            self.query_one("#skp-items", OptionList).focus()
            self.load_and_highlight(f"iki:{result.id}", "skp_ui.iki_saved", number=number)

        self.app.push_screen(IkiForm(self.workspace, self.skp, rhk, iki, number=number), saved)

    def open_lampiran_form(self, kind: str) -> None:
        from ekinerja_tutor.ui.screens.skp_forms import LampiranForm

        assert self.view is not None
        lampiran = next(item for item in self.view.lampiran if item.kind.value == kind)

        def saved(result: object) -> None:
            if result is None:
                self.say_key("skp_ui.form_closed")
                return
            self.load_and_highlight(f"lampiran:{kind}", "skp_ui.lampiran_saved")

        self.app.push_screen(LampiranForm(self.workspace, self.skp, self.view, lampiran), saved)

    def load_and_highlight(self, option_id: str, say: str, **params: Any) -> None:
        seat = self.workspace.seat
        self.answers += 1
        asked = self.answers

        def shown(view: SkpView | None) -> None:
            if asked != self.answers:
                return  # a newer answer is already on screen or on its way
            self.show(view)
            self.highlight(option_id)
            self.say_key(say, **params)

        self.run_service(self.skp.skp_for, seat, seat.person_id, self.year, tag="skp", then=shown)

    def confirm_remove_rhk(self, number: int, rhk: RhkView) -> None:
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

        tr = self.tr
        question = tr.t(
            "skp_ui.confirm_remove_rhk", number=number, text=rhk.text, count=len(rhk.ikis)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_service(
                    self.skp.remove_rhk,
                    self.workspace.seat,
                    rhk.id,
                    tag="remove",
                    then=lambda _none: self.load("skp_ui.rhk_removed", number=number),
                )

        label = tr.t("skp_ui.yes_remove_rhk", number=number)
        self.app.push_screen(ConfirmScreen(question, label), answered)

    def confirm_remove_iki(self, iki: IkiView) -> None:
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

        tr = self.tr
        question = tr.t("skp_ui.confirm_remove_iki", text=iki.text)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_service(
                    self.skp.remove_iki,
                    self.workspace.seat,
                    iki.id,
                    tag="remove",
                    then=lambda _none: self.load("skp_ui.iki_removed"),
                )

        self.app.push_screen(ConfirmScreen(question, tr.t("skp_ui.yes_remove_iki")), answered)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        from ekinerja_tutor.ui.screens.skp_forms import ReviewScreen

        if self.view is None or self.say_locked():
            return
        view = self.view
        tr = self.tr
        problems = [tr.msg(problem) for problem in view.submit_problems]
        iki_count = sum(len(rhk.ikis) for rhk in view.rhks)
        lines = [
            tr.t("skp_ui.review_summary", year=view.year, rhk=len(view.rhks), iki=iki_count),
            tr.t("skp_ui.review_after"),
        ]
        title = tr.t("skp_ui.review_title", year=view.year)
        review = ReviewScreen(title, lines, problems, "skp_ui.review_send")
        self.app.push_screen(review, self.reviewed)

    def reviewed(self, answer: str | None) -> None:
        if self.view is None or answer is None:
            return
        if answer.startswith("goto:"):
            problem = self.view.submit_problems[int(answer.removeprefix("goto:"))]
            number = problem.params.get("number")
            items = self.query_one("#skp-items", OptionList)
            items.focus()
            if isinstance(number, int) and 0 < number <= len(self.view.rhks):
                self.highlight(f"rhk:{self.view.rhks[number - 1].id}")
            elif self.view.editable:
                self.highlight("add-rhk")
            self.say(self.tr.msg(problem))
            return
        self.run_service(
            self.skp.submit_skp,
            self.workspace.seat,
            self.view.id,
            tag="submit",
            then=lambda view: self.show_and_say(view, "skp_ui.submitted"),
        )

    @on(Button.Pressed, "#reopen")
    def reopen(self) -> None:
        if self.view is None:
            return
        self.run_service(
            self.skp.reopen_skp,
            self.workspace.seat,
            self.view.id,
            tag="reopen",
            then=lambda view: self.show_and_say(view, "skp_ui.reopened"),
        )
