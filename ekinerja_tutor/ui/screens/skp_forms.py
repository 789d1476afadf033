"""The SKP's small windows: the RHK, IKI and lampiran forms, the submit review, a behaviour guide.

Forms autosave (see :mod:`ekinerja_tutor.ui.widgets.skp_form`); the review before "Ajukan ke
atasan" lists what still blocks the submission, each a line the learner can jump to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.statuses import Aspek, LampiranKind, RhkJenis, RhkKlasifikasi
from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, relabel
from ekinerja_tutor.ui.widgets.skp_form import FORM_CSS, DraftForm, FormRow
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker, Pick

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Msg, Translator
    from ekinerja_tutor.services.skp import (
        IkiView,
        InterventionChoicesView,
        LampiranView,
        PerilakuView,
        RhkView,
        SkpService,
        SkpView,
    )
    from ekinerja_tutor.ui.workspace import Workspace


def _optional(text: str) -> str | None:
    return None if text == "" else text


class RhkForm(DraftForm["RhkView | None"]):
    """Add or change one RHK, with the supervisor RHK it supports (or why none can be chosen)."""

    DEFAULT_CSS = (
        FORM_CSS.format(cls="RhkForm")
        + """
    RhkForm #why-no-choice { text-style: bold; border: round $border; padding: 0 1; }
    """
    )
    TITLE_KEY: ClassVar[str] = "skp_ui.rhk_form_add"
    ERROR_FIELDS: ClassVar[dict[str, str]] = {"rhk_intervensi": "intervened_rhk_id"}

    def __init__(
        self,
        workspace: Workspace,
        service: SkpService,
        skp: SkpView,
        rhk: RhkView | None,
        choices: InterventionChoicesView,
        *,
        number: int,
    ) -> None:
        form_id = f"skp-rhk:{workspace.sandbox.id}:" + (
            str(rhk.id) if rhk is not None else f"new-{skp.id}"
        )
        initial: dict[str, Any] = {
            "rhk_text": rhk.text if rhk else "",
            "jenis": (rhk.jenis if rhk else RhkJenis.UTAMA).value,
            "klasifikasi": (rhk.klasifikasi if rhk else RhkKlasifikasi.INDIVIDU).value,
            "penugasan_dari": (rhk.penugasan_dari or "") if rhk else "",
            "intervened_rhk_id": rhk.intervened_rhk_id if rhk else None,
        }
        key = "skp_ui.rhk_form_edit" if rhk is not None else "skp_ui.rhk_form_add"
        super().__init__(
            workspace, form_id, initial, title_params={"number": number}, title_key=key
        )
        self.service = service
        self.skp = skp
        self.rhk = rhk
        self.choices = choices

    def compose_fields(self) -> ComposeResult:
        tr = self.tr
        yield FormRow(
            tr,
            "skp_ui.rhk_text",
            Input(id="rhk-text"),
            hint_key="skp_ui.rhk_text_hint",
            id="row-rhk_text",
        )
        yield FormRow(
            tr,
            "skp_ui.jenis",
            ChoicePicker([Pick(j.value, key=f"skp_ui.jenis.{j.value}") for j in RhkJenis]),
            hint_key="skp_ui.jenis_hint",
            id="row-jenis",
        )
        yield FormRow(
            tr,
            "skp_ui.penugasan_dari",
            Input(id="penugasan"),
            hint_key="skp_ui.penugasan_hint",
            id="row-penugasan_dari",
        )
        yield FormRow(
            tr,
            "skp_ui.klasifikasi",
            ChoicePicker(
                [Pick(k.value, key=f"skp_ui.klasifikasi.{k.value}") for k in RhkKlasifikasi]
            ),
            hint_key="skp_ui.klasifikasi_hint",
            id="row-klasifikasi",
        )
        picks = [Pick(None, key="skp_ui.intervensi_none")] + [
            Pick(choice.rhk_id, text=choice.text) for choice in self.choices.choices
        ]
        if (
            self.rhk is not None
            and self.rhk.intervened_rhk_id is not None
            and not any(p.value == self.rhk.intervened_rhk_id for p in picks)
        ):
            picks.append(Pick(self.rhk.intervened_rhk_id, text=self.rhk.intervened_rhk_text or ""))
        yield FormRow(
            tr,
            "skp_ui.intervensi",
            ChoicePicker(picks, id="intervensi"),
            hint_key="skp_ui.intervensi_hint",
            label_params={"supervisor": self.choices.supervisor_name or "-"},
            id="row-intervened_rhk_id",
        )
        if self.choices.reason is not None:
            yield Static(
                Content(self.tr.t("skp_ui.intervensi_empty", reason=tr.msg(self.choices.reason))),
                id="why-no-choice",
                markup=False,
            )

    def language_changed(self) -> None:
        if self.choices.reason is not None:
            text = self.tr.t("skp_ui.intervensi_empty", reason=self.tr.msg(self.choices.reason))
            self.query_one("#why-no-choice", Static).update(Content(text))

    def submit(self, values: dict[str, Any]) -> RhkView:
        seat = self.workspace.seat
        args = (
            values["rhk_text"],
            RhkJenis(values["jenis"]),
            RhkKlasifikasi(values["klasifikasi"]),
        )
        kwargs = {
            "penugasan_dari": _optional(values["penugasan_dari"]),
            "intervened_rhk_id": values["intervened_rhk_id"],
            "pk_id": self.rhk.pk_id if self.rhk is not None else None,
        }
        if self.rhk is None:
            return self.service.add_rhk(seat, self.skp.id, *args, **kwargs)
        return self.service.update_rhk(seat, self.rhk.id, *args, **kwargs)


class IkiForm(DraftForm["IkiView | None"]):
    """Add or change one indicator (IKI) of an RHK: text, aspek, target and satuan."""

    DEFAULT_CSS = FORM_CSS.format(cls="IkiForm")
    TITLE_KEY: ClassVar[str] = "skp_ui.iki_form_add"

    def __init__(
        self,
        workspace: Workspace,
        service: SkpService,
        rhk: RhkView,
        iki: IkiView | None,
        *,
        number: int,
    ) -> None:
        form_id = f"skp-iki:{workspace.sandbox.id}:" + (
            str(iki.id) if iki is not None else f"new-{rhk.id}"
        )
        initial: dict[str, Any] = {
            "iki_text": iki.text if iki else "",
            "aspek": (iki.aspek if iki else Aspek.KUANTITAS).value,
            "target": str(iki.target) if iki else "",
            "satuan": iki.satuan if iki else "",
        }
        key = "skp_ui.iki_form_edit" if iki is not None else "skp_ui.iki_form_add"
        super().__init__(
            workspace, form_id, initial, title_params={"number": number}, title_key=key
        )
        self.service = service
        self.rhk = rhk
        self.iki = iki

    def compose_fields(self) -> ComposeResult:
        tr = self.tr
        yield Static(
            Content(tr.t("skp_ui.iki_for_rhk", text=self.rhk.text)), markup=False, id="iki-rhk"
        )
        yield FormRow(
            tr,
            "skp_ui.iki_text",
            Input(id="iki-text"),
            hint_key="skp_ui.iki_text_hint",
            id="row-iki_text",
        )
        yield FormRow(
            tr,
            "skp_ui.aspek",
            ChoicePicker([Pick(a.value, key=f"skp_ui.aspek.{a.value}") for a in Aspek]),
            hint_key="skp_ui.aspek_hint",
            id="row-aspek",
        )
        yield FormRow(
            tr,
            "skp_ui.target",
            Input(id="target"),
            hint_key="skp_ui.target_hint",
            id="row-target",
        )
        yield FormRow(
            tr,
            "skp_ui.satuan",
            Input(id="satuan"),
            hint_key="skp_ui.satuan_hint",
            id="row-satuan",
        )

    def language_changed(self) -> None:
        text = self.tr.t("skp_ui.iki_for_rhk", text=self.rhk.text)
        self.query_one("#iki-rhk", Static).update(Content(text))

    def submit(self, values: dict[str, Any]) -> IkiView:
        seat = self.workspace.seat
        args = (values["iki_text"], Aspek(values["aspek"]), values["target"], values["satuan"])
        if self.iki is None:
            return self.service.add_iki(seat, self.rhk.id, *args)
        return self.service.update_iki(seat, self.iki.id, *args)


class LampiranForm(DraftForm["LampiranView | None"]):
    """One of the three lampiran texts (several lines allowed)."""

    DEFAULT_CSS = FORM_CSS.format(cls="LampiranForm")
    TITLE_KEY: ClassVar[str] = "skp_ui.lampiran_form_title"

    def __init__(
        self, workspace: Workspace, service: SkpService, skp: SkpView, lampiran: LampiranView
    ) -> None:
        form_id = f"skp-lampiran:{workspace.sandbox.id}:{skp.id}:{lampiran.kind.value}"
        super().__init__(workspace, form_id, {"lampiran_text": lampiran.text})
        self.service = service
        self.skp = skp
        self.lampiran = lampiran

    def compose_fields(self) -> ComposeResult:
        yield FormRow(
            self.tr,
            f"skp_ui.lampiran.{self.lampiran.kind.value}",
            TextArea(id="lampiran-text", soft_wrap=True, tab_behavior="focus"),
            hint_key=f"skp_ui.lampiran_hint.{self.lampiran.kind.value}",
            id="row-lampiran_text",
        )

    def submit(self, values: dict[str, Any]) -> LampiranView:
        return self.service.set_lampiran(
            self.workspace.seat,
            self.skp.id,
            LampiranKind(self.lampiran.kind),
            values["lampiran_text"],
        )


REVIEW_CSS = (
    FORM_CSS
    + """
{cls} .review-scroll {{ height: auto; max-height: 12; }}
{cls} OptionList {{ height: auto; max-height: 10; border: round $border-blurred; }}
{cls} OptionList:focus {{ border: heavy $border; }}
"""
)


class ReviewScreen(ModalScreen[str | None]):
    """A last look before sending something to the supervisor.

    With ``problems``, it lists them (focus on the first; Enter on one returns ``"goto:<n>"``,
    its index) and offers no send button. Without, it shows ``lines`` and "Ya, kirim", which
    returns ``"send"``. Esc or Batal returns None.
    """

    DEFAULT_CSS = REVIEW_CSS.format(cls="ReviewScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
    ]

    def __init__(
        self,
        title: str,
        lines: Sequence[str],
        problems: Sequence[str],
        send_label_key: str,
    ) -> None:
        super().__init__()
        self._title = title
        self._lines = list(lines)
        self._problems = list(problems)
        self._send_key = send_label_key

    @property
    def tr(self) -> Translator:
        return self.app.tr  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._title), classes="dialog-title", markup=False)
            if self._problems:
                yield TLabel(tr, "skp_ui.review_problems", params={"count": len(self._problems)})
                yield OptionList(
                    *(
                        Option(Content(f"✗ {text}"), id=str(index))
                        for index, text in enumerate(self._problems)
                    ),
                    id="problems",
                )
            else:
                with VerticalScroll(classes="review-scroll", can_focus=False):
                    yield Static(Content("\n".join(self._lines)), markup=False, id="review")
            with Horizontal(classes="dialog-buttons"):
                if not self._problems:
                    yield TButton(tr, self._send_key, id="send", variant="primary")
                yield TButton(tr, "skp_ui.review_back", id="back")

    def on_mount(self) -> None:
        if self._problems:
            problems = self.query_one("#problems", OptionList)
            problems.highlighted = 0
            problems.focus()
        else:
            self.query_one("#send", Button).focus()

    @on(OptionList.OptionSelected, "#problems")
    def go_to_problem(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(f"goto:{event.option.id}")

    @on(Button.Pressed, "#send")
    def send(self) -> None:
        self.dismiss("send")

    @on(Button.Pressed, "#back")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(LanguageChanged)
    def relabel_review(self) -> None:
        relabel(self, self.tr)


class PerilakuScreen(ModalScreen[None]):
    """One BerAKHLAK value: its three behaviour guides and the supervisor's special expectation."""

    DEFAULT_CSS = REVIEW_CSS.format(cls="PerilakuScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
    ]

    def __init__(self, perilaku: PerilakuView) -> None:
        super().__init__()
        self.perilaku = perilaku

    def text(self) -> str:
        tr: Translator = self.app.tr  # type: ignore[attr-defined]
        lines = [tr.t("skp_ui.perilaku_guides")]
        lines += [
            f"  {number}. {tr.msg(guide)}"
            for number, guide in enumerate(self.perilaku.guides, start=1)
        ]
        lines.append("")
        special = self.perilaku.ekspektasi_khusus
        lines.append(
            tr.t("skp_ui.ekspektasi", text=special) if special else tr.t("skp_ui.ekspektasi_none")
        )
        return "\n".join(lines)

    def title_text(self) -> str:
        tr: Translator = self.app.tr  # type: ignore[attr-defined]
        return tr.t("skp_ui.perilaku_title", name=tr.msg(self.perilaku.label))

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(classes="dialog-box"):
            yield Static(
                Content(self.title_text()), classes="dialog-title", id="p-title", markup=False
            )
            with VerticalScroll(classes="review-scroll", can_focus=False):
                yield Static(Content(self.text()), markup=False, id="p-text")
            with Horizontal(classes="dialog-buttons"):
                yield TButton(tr, "skp_ui.close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(LanguageChanged)
    def relabel_perilaku(self) -> None:
        relabel(self, self.app.tr)  # type: ignore[attr-defined]
        self.query_one("#p-title", Static).update(Content(self.title_text()))
        self.query_one("#p-text", Static).update(Content(self.text()))


def problem_texts(tr: Translator, problems: Sequence[Msg]) -> list[str]:
    return [tr.msg(problem) for problem in problems]
