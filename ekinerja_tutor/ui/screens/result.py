"""The quarter's result: the recap's climb up the verification chain, the ratings, the predikat
explained with its matrix, the supervisor's feedback — and sending the recap when it is due.

Every state is written in words with a ✓/✗ mark, never by colour alone; names, notes, links and
feedback are user text and are drawn literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.clock import quarter_of
from ekinerja_tutor.domain.predikat import predikat_label, rating_label, unit_result_label
from ekinerja_tutor.domain.recap import level_label, recap_status_label
from ekinerja_tutor.domain.skp import perilaku_label
from ekinerja_tutor.domain.statuses import Perilaku, RecapStatus
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, keyed
from ekinerja_tutor.ui.widgets.result_matrix import PredikatMatrix

if TYPE_CHECKING:
    import datetime as dt

    from ekinerja_tutor.services.results import AssessmentView, FeedbackView, RecapView
    from ekinerja_tutor.ui.workspace import Workspace

SENDABLE = (RecapStatus.DRAFT, RecapStatus.DIKEMBALIKAN)

RECAP_MARKS: dict[RecapStatus, str] = {
    RecapStatus.DRAFT: "✎",
    RecapStatus.DIVERIFIKASI: "…",
    RecapStatus.DIKEMBALIKAN: "✗",
    RecapStatus.VALID: "✓",
}

LEVEL_MARKS: dict[str, str] = {"passed": "✓", "waiting": "…", "returned": "✗", "pending": "·"}


@dataclass(frozen=True)
class ResultLoaded:
    """Everything the screen shows for one quarter, read in one worker call."""

    recap: RecapView
    assessment: AssessmentView | None
    feedback: tuple[FeedbackView, ...]
    iki_texts: dict[int, str]
    sentences: dict[str, tuple[str, str]]
    """Feedback sentence key → (Indonesian, English) text from the standard library."""


class ResultScreen(WorkspaceScreen[None]):
    """One quarter's recap, ratings, predikat and feedback."""

    DEFAULT_CSS = """
    ResultScreen #result-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    ResultScreen #result-body:focus { border: heavy $border; }
    ResultScreen .result-part { height: auto; margin-bottom: 1; }
    ResultScreen #result-head { text-style: bold; }
    ResultScreen #result-send { height: auto; border: heavy $border; padding: 0 1; }
    ResultScreen #result-send.-hidden { display: none; }
    """

    TITLE_KEY: ClassVar[str] = "result_ui.title"
    HELP_KEY: ClassVar[str] = "result_ui.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_quarter", "real_ui.key_previous", priority=True),
        Binding("pagedown", "next_quarter", "real_ui.key_next", priority=True),
        Binding("f8", "send", "result_ui.key_send"),
        Binding("f10", "print_document", "doc_ui.key_print"),
    ]

    def __init__(self, workspace: Workspace, quarter: int | None = None) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today.date()
        self.year = today.year
        self.quarter = quarter or max(1, quarter_of(today) - 1)
        self.loaded: ResultLoaded | None = None

    # -- layout and loading -------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with VerticalScroll(id="result-body"):
            yield Static(
                Content(tr.t("ws.loading")), id="result-head", markup=False, classes="result-part"
            )
            with Vertical(id="result-send", classes="result-part -hidden"):
                yield Field(
                    tr,
                    "result_ui.folder",
                    keyed(Input(id="evidence"), "result_ui.folder_placeholder"),
                    hint_key="result_ui.folder_hint",
                    id="field-evidence_folder",
                )
                yield TButton(tr, "result_ui.send", id="send", variant="primary")
            yield TButton(tr, "doc_ui.print_evaluasi", id="print-document", classes="result-part")
            yield Static("", id="result-recap", markup=False, classes="result-part")
            yield Static("", id="result-rating", markup=False, classes="result-part")
            yield PredikatMatrix(id="result-matrix", classes="result-part")
            yield Static("", id="result-feedback", markup=False, classes="result-part")

    def on_mount(self) -> None:
        self.say_first("result_ui.status_open")
        self.query_one("#result-body", VerticalScroll).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded is not None:
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self, then_say: str | None = None, **params: Any) -> None:
        seat = self.workspace.seat
        results, skp = self.results, self.skp
        year, quarter = self.year, self.quarter
        content_root = self.services.ctx.content_root

        def read() -> ResultLoaded:
            from ekinerja_tutor.content.library import load_feedback

            person = seat.person_id
            feedback = results.feedback_for(seat, person, year, quarter)
            view = skp.skp_for(seat, person, year)
            iki_texts = {
                iki.id: iki.text for rhk in (view.rhks if view else ()) for iki in rhk.ikis
            }
            library = load_feedback(content_root)
            sentences = {}
            for item in feedback:
                found = library.sentences.get(item.sentence_key or "")
                if found is not None:
                    sentences[found.key] = (found.id, found.en)
            return ResultLoaded(
                recap=results.recap_view(seat, person_id=person, year=year, quarter=quarter),
                assessment=results.assessment_for(seat, person, year, quarter),
                feedback=feedback,
                iki_texts=iki_texts,
                sentences=sentences,
            )

        def shown(loaded: ResultLoaded) -> None:
            self.show(loaded)
            if then_say:
                self.say_key(then_say, **params)

        self.run_service(read, tag="result", then=shown)

    def show(self, loaded: ResultLoaded) -> None:
        first = self.loaded is None or (
            (self.loaded.recap.year, self.loaded.recap.quarter)
            != (loaded.recap.year, loaded.recap.quarter)
        )
        self.loaded = loaded
        sendable = loaded.recap.status in SENDABLE
        self.query_one("#result-send").set_class(not sendable, "-hidden")
        if sendable and first:
            evidence = self.query_one("#evidence", Input)
            draft = self.drafts.load(self.draft_account, self.form_id)
            evidence.value = (
                str(draft.get("evidence_folder", "")) if draft else (loaded.recap.evidence_folder)
            )
        self.draw()
        self.refresh_bindings()

    @property
    def form_id(self) -> str:
        return f"recap:{self.workspace.sandbox.id}:{self.year}-q{self.quarter}"

    # -- drawing ------------------------------------------------------------------------------

    def draw(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        tr = self.tr
        head = tr.t(
            "result_ui.head",
            quarter=self.quarter,
            year=self.year,
            months=tr.t(f"real_ui.months.{self.quarter}"),
        )
        self.query_one("#result-head", Static).update(Content(head))
        self.query_one("#result-recap", Static).update(Content("\n".join(self.recap_lines())))
        self.query_one("#result-rating", Static).update(Content("\n".join(self.rating_lines())))
        assessment = loaded.assessment
        self.query_one("#result-matrix", PredikatMatrix).show(
            tr,
            assessment.rating_hasil if assessment else None,
            assessment.rating_perilaku if assessment else None,
        )
        feedback = self.query_one("#result-feedback", Static)
        feedback.update(Content("\n".join(self.feedback_lines())))

    def when(self, moment: dt.datetime | None) -> str:
        return self.tr.msg(date_label(moment.date())) if moment is not None else "-"

    def recap_lines(self) -> list[str]:
        assert self.loaded is not None
        tr = self.tr
        recap = self.loaded.recap
        lines = [
            tr.t(
                "result_ui.recap_status",
                status=tr.msg(recap_status_label(recap.status)),
                mark=RECAP_MARKS[recap.status],
            ),
            tr.t(
                f"result_ui.recap_state.{recap.status.value}",
                holder=recap.waiting_holder.name if recap.waiting_holder else "-",
            ),
        ]
        if recap.evidence_folder:
            lines.append(tr.t("result_ui.recap_folder", link=recap.evidence_folder))
        if recap.submitted_at is not None:
            lines.append(tr.t("result_ui.recap_sent", date=self.when(recap.submitted_at)))
        if not recap.levels:
            lines.append(tr.t("result_ui.no_levels"))
            return lines
        lines.append(tr.t("result_ui.chain_title"))
        for number, level in enumerate(recap.levels, start=1):
            steps = [s for s in recap.steps if s.level is level.level]
            last = steps[-1] if steps else None
            holder = level.holder.name if level.holder else tr.t("result_ui.nobody")
            state = tr.t(
                f"result_ui.level_state.{level.state}",
                date=self.when(last.at if last else None),
            )
            lines.append(
                tr.t(
                    "result_ui.level_line",
                    mark=LEVEL_MARKS[level.state],
                    number=number,
                    level=tr.msg(level_label(level.level)),
                    holder=holder,
                    state=state,
                )
            )
            if level.state == "returned" and last is not None and last.note:
                lines.append(tr.t("result_ui.level_note", note=last.note))
        if recap.steps:  # every step with its actor, oldest first (issue #7)
            from ekinerja_tutor.ui.screens.recap_chain import step_lines

            lines.append(tr.t("review_ui.step_history"))
            lines.extend(step_lines(tr, recap, simulated=self.workspace.seat.person_id))
        return lines

    def rating_lines(self) -> list[str]:
        assert self.loaded is not None
        tr = self.tr
        assessment = self.loaded.assessment
        if assessment is None:
            return [tr.t("result_ui.rating_title"), tr.t("result_ui.not_rated")]
        lines = [
            tr.t("result_ui.rating_title"),
            tr.t("result_ui.rating_hasil", rating=tr.msg(rating_label(assessment.rating_hasil))),
            tr.t(
                "result_ui.rating_perilaku", rating=tr.msg(rating_label(assessment.rating_perilaku))
            ),
            tr.t("result_ui.predikat", predikat=tr.msg(predikat_label(assessment.predikat))),
            tr.t("result_ui.predikat_why", why=tr.msg(assessment.explanation)),
            tr.t(f"result_ui.predikat_meaning.{assessment.predikat.value}"),
        ]
        if assessment.unit_result is not None:
            unit = tr.msg(unit_result_label(assessment.unit_result))
            lines.append(tr.t("result_ui.unit_result", result=unit))
        if assessment.note:
            lines.append(tr.t("result_ui.assessment_note", note=assessment.note))
        return lines

    def feedback_lines(self) -> list[str]:
        assert self.loaded is not None
        tr = self.tr
        loaded = self.loaded
        if not loaded.feedback:
            return [tr.t("result_ui.feedback_title"), tr.t("result_ui.no_feedback")]
        lines = [tr.t("result_ui.feedback_title")]
        for item in loaded.feedback:
            target = self.feedback_target(item)
            parts = []
            texts = loaded.sentences.get(item.sentence_key or "")
            if texts is not None:
                parts.append(texts[1] if tr.lang == "en" else texts[0])
            if item.free_text:
                parts.append(tr.t("result_ui.feedback_free", text=item.free_text))
            lines.append(tr.t("result_ui.feedback_line", target=target, text=" ".join(parts)))
        return lines

    def feedback_target(self, item: FeedbackView) -> str:
        assert self.loaded is not None
        tr = self.tr
        if item.target_kind == "perilaku" and item.target_ref in {p.value for p in Perilaku}:
            return tr.t(
                "result_ui.feedback_perilaku",
                name=tr.msg(perilaku_label(Perilaku(item.target_ref))),
            )
        ref = item.target_ref
        text = self.loaded.iki_texts.get(int(ref)) if ref.isascii() and ref.isdigit() else None
        if text is None:
            return tr.t("result_ui.feedback_iki_unknown")
        return tr.t("result_ui.feedback_iki", text=text)

    def workspace_language_changed(self) -> None:
        self.draw()

    @property
    def text(self) -> str:
        """Everything the screen says about the quarter, as plain text (for tests and help)."""
        parts = [
            str(self.query_one(f"#{name}", Static).content)
            for name in ("result-head", "result-recap", "result-rating", "result-feedback")
        ]
        parts.insert(3, "\n".join(self.query_one(PredikatMatrix).lines))
        return "\n".join(parts)

    # -- printing (the window lives in document_export.py) --------------------------------------

    @on(Button.Pressed, "#print-document")
    def action_print_document(self) -> None:
        from ekinerja_tutor.ui.screens.document_export import open_evaluasi_export

        open_evaluasi_export(self)

    # -- quarters and sending -----------------------------------------------------------------

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            sendable = self.loaded is not None and self.loaded.recap.status in SENDABLE
            return True if sendable else None
        return super().check_action(action, parameters)

    @on(Input.Changed, "#evidence")
    def autosave(self, event: Input.Changed) -> None:
        if self.loaded is not None and self.loaded.recap.status in SENDABLE:
            self.query_one("#field-evidence_folder", Field).clear_error()
            self.drafts.save(self.draft_account, self.form_id, {"evidence_folder": event.value})

    @on(Input.Submitted, "#evidence")
    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        from ekinerja_tutor.ui.screens.skp_forms import ReviewScreen

        loaded = self.loaded
        if loaded is None or loaded.recap.status not in SENDABLE:
            return
        tr = self.tr
        link = self.query_one("#evidence", Input).value
        first = loaded.recap.levels[0] if loaded.recap.levels else None
        lines = [
            tr.t("result_ui.review_what", quarter=self.quarter, year=self.year),
            tr.t("result_ui.recap_folder", link=link or "-"),
        ]
        if first is not None:
            lines.append(
                tr.t(
                    "result_ui.review_first",
                    level=tr.msg(level_label(first.level)),
                    holder=first.holder.name if first.holder else tr.t("result_ui.nobody"),
                )
            )
        lines.append(tr.t("result_ui.review_after"))
        title = tr.t("result_ui.review_title", quarter=self.quarter, year=self.year)
        self.app.push_screen(
            ReviewScreen(title, lines, [], "result_ui.review_send"),
            lambda answer: self.send(link) if answer == "send" else None,
        )

    def send(self, link: str) -> None:
        year, quarter = self.year, self.quarter

        def sent(_view: RecapView) -> None:
            self.drafts.discard(
                self.draft_account, f"recap:{self.workspace.sandbox.id}:{year}-q{quarter}"
            )
            self.load("result_ui.sent", quarter=quarter, year=year)

        self.run_service(
            self.results.submit_recap,
            self.workspace.seat,
            year,
            quarter,
            link,
            tag="send",
            then=sent,
        )
