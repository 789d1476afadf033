"""What a trainer does for one trainee (or, with no trainee, for the whole room).

One trainee: open the sandbox read-only, reset the sandbox or one lesson, move the sandbox
clock, switch practice failures, print a certificate. The room: the practice failures for
every trainee at once. Resets ask for confirmation first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Select, Static

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.ui.screens.trainer_base import TrainerScreen
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.services.training import BoardRow, BoardView


class TraineeActionsScreen(TrainerScreen[None]):
    DEFAULT_CSS = """
    TraineeActionsScreen #actions-body { padding: 0 1; }
    TraineeActionsScreen .action-row { height: auto; margin-bottom: 1; }
    TraineeActionsScreen .action-row Button { margin-right: 1; }
    TraineeActionsScreen Select { width: 50; }
    TraineeActionsScreen .section { text-style: bold underline; margin-top: 1; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.actions_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.actions_help"

    def __init__(self, board: BoardView, row: BoardRow | None) -> None:
        super().__init__()
        self.board = board
        self.row = row
        self.confirming: str | None = None

    def title_params(self) -> dict[str, object]:
        if self.row is None:
            return {"who": self.tr.t("trainer.ui.whole_room", name=self.board.session.name)}
        return {"who": f"{self.row.trainee.display_name} ({self.row.trainee.username})"}

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        failures = self.row.failures if self.row else None
        with FormScroll(id="actions-body"):
            if self.row is not None:
                yield TLabel(tr, "trainer.ui.section_sandbox", classes="section")
                with Horizontal(classes="action-row"):
                    yield TButton(tr, "trainer.ui.view_sandbox", id="view", variant="primary")
                    yield TButton(tr, "trainer.ui.reset_sandbox", id="reset")
                    yield TButton(tr, "trainer.ui.certificate", id="certificate")
                yield Select(
                    [(Content(title), lesson) for lesson, title in self.board.lesson_titles],
                    prompt=tr.t("trainer.ui.pick_lesson"),
                    id="lesson",
                )
                with Horizontal(classes="action-row"):
                    yield TButton(tr, "trainer.ui.reset_lesson", id="reset-lesson")
                yield TLabel(tr, "trainer.ui.section_clock", classes="section")
                with Horizontal(classes="action-row"):
                    yield TButton(tr, "trainer.ui.clock_next_day", id="clock-next_day")
                    yield TButton(tr, "trainer.ui.clock_month_end", id="clock-month_end")
                    yield TButton(tr, "trainer.ui.clock_quarter_end", id="clock-quarter_end")
            yield TLabel(tr, "trainer.ui.section_failures", classes="section")
            yield keyed(
                Tick(
                    tr.t("trainer.ui.fail_login"),
                    bool(failures and failures.login_failure),
                    id="fail-login",
                ),
                "trainer.ui.fail_login",
            )
            yield keyed(
                Tick(
                    tr.t("trainer.ui.fail_save"),
                    bool(failures and failures.save_error),
                    id="fail-save",
                ),
                "trainer.ui.fail_save",
            )
            yield Field(
                tr,
                "trainer.ui.fail_slow",
                Input(str(failures.slowness_ms if failures else 0), id="slow"),
                id="field-slowness_ms",
                hint_key="trainer.ui.fail_slow_hint",
                classes="trainer-field",
            )
            with Horizontal(classes="action-row"):
                yield TButton(tr, "trainer.ui.apply_failures", id="apply")
            yield Static("", id="confirm-text", markup=False)
            with Horizontal(classes="action-row", id="confirm-row"):
                yield TButton(tr, "trainer.ui.yes_reset", id="confirm-yes", variant="error")
                yield TButton(tr, "trainer.ui.cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-row").display = False
        self.say_first("trainer.ui.actions_status")
        self.query_one("#view" if self.row is not None else "#fail-login").focus()

    @property
    def username(self) -> str:
        assert self.row is not None
        return self.row.trainee.username

    def done(self, key: str, **params: Any) -> None:
        self.say_key(key, **params)

    # -- sandbox ------------------------------------------------------------------------------

    @on(Button.Pressed, "#view")
    def view_sandbox(self) -> None:
        self.run_service(
            self.training.sandbox_snapshot,
            self.principal,
            self.username,
            tag="view",
            then=self._show_sandbox,
        )

    def _show_sandbox(self, data: Any) -> None:
        self.app.push_screen(SandboxViewScreen(self.username, data))

    def _ask(self, what: str, key: str, **params: Any) -> None:
        self.confirming = what
        self.query_one("#confirm-text", Static).update(Content(self.tr.t(key, **params)))
        self.query_one("#confirm-row").display = True
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#reset")
    def ask_reset(self) -> None:
        self._ask("sandbox", "trainer.ui.confirm_reset", who=self.username)

    @on(Button.Pressed, "#reset-lesson")
    def ask_reset_lesson(self) -> None:
        lesson = self.query_one("#lesson", Select).value
        if not isinstance(lesson, str):
            self.say_key("trainer.ui.pick_lesson_first")
            self.query_one("#lesson", Select).focus()
            return
        self._ask(
            f"lesson:{lesson}", "trainer.ui.confirm_reset_lesson", who=self.username, lesson=lesson
        )

    @on(Button.Pressed, "#confirm-no")
    def cancel_confirm(self) -> None:
        self.confirming = None
        self.query_one("#confirm-row").display = False
        self.query_one("#confirm-text", Static).update("")
        self.say_key("trainer.ui.cancelled")

    @on(Button.Pressed, "#confirm-yes")
    def confirmed(self) -> None:
        what, self.confirming = self.confirming, None
        self.query_one("#confirm-row").display = False
        self.query_one("#confirm-text", Static).update("")
        self.say_key("trainer.ui.working")
        if what == "sandbox":
            self.run_service(
                self.training.reset_sandbox,
                self.principal,
                self.username,
                tag="reset",
                then=lambda _t: self.done("trainer.ui.reset_done", who=self.username),
            )
        elif what and what.startswith("lesson:"):
            lesson = what.split(":", 1)[1]
            self.run_service(
                self.training.reset_lesson,
                self.principal,
                self.username,
                lesson,
                tag="reset",
                then=lambda _t: self.done(
                    "trainer.ui.reset_lesson_done", who=self.username, lesson=lesson
                ),
            )

    @on(Button.Pressed, "#clock-next_day, #clock-month_end, #clock-quarter_end")
    def move_clock(self, event: Button.Pressed) -> None:
        move = (event.button.id or "").split("-", 1)[1]
        self.run_service(
            self.training.move_clock,
            self.principal,
            self.username,
            move=move,
            tag="clock",
            then=lambda today: self.done(
                "trainer.ui.clock_done", who=self.username, today=today.strftime("%d-%m-%Y %H:%M")
            ),
        )

    @on(Button.Pressed, "#certificate")
    def certificate(self) -> None:
        from ekinerja_tutor.ui.screens.trainer_board import push_document

        training, principal, session_id = self.training, self.principal, self.board.session.id
        username = self.username

        def render(fmt: str, lang: str) -> tuple[str, bytes, str]:
            from ekinerja_tutor.services.training_results import certificate_html, certificate_pdf

            cert = training.issue_certificate(principal, session_id, username, lang)
            if fmt == "pdf":
                return f"sertifikat-{cert.code}.pdf", certificate_pdf(cert, lang), "application/pdf"
            return (
                f"sertifikat-{cert.code}.html",
                certificate_html(cert, lang).encode(),
                "text/html",
            )

        push_document(self, "trainer.ui.certificate_title", username, ("pdf", "html"), render)

    # -- practice failures ---------------------------------------------------------------------

    @on(Input.Submitted, "#slow")
    @on(Button.Pressed, "#apply")
    def apply_failures(self) -> None:
        self.clear_errors()
        raw = self.query_one("#slow", Input).value.strip() or "0"
        if not raw.isdigit():
            self.show_error(
                ValidationError("trainer.failure.slowness_range", field="slowness_ms", limit=30000)
            )
            return
        switches: dict[str, Any] = {
            "login_failure": self.query_one("#fail-login", Checkbox).value,
            "save_error": self.query_one("#fail-save", Checkbox).value,
            "slowness_ms": int(raw),
        }
        if self.row is None:
            self.run_service(
                self.training.set_room_failures,
                self.principal,
                self.board.session.id,
                tag="failures",
                then=lambda n: self.done("trainer.cli.failures_set", count=n),
                **switches,
            )
        else:
            self.run_service(
                self.training.set_failures,
                self.principal,
                [self.username],
                tag="failures",
                then=lambda n: self.done("trainer.cli.failures_set", count=n),
                **switches,
            )


def sandbox_text(data: Any, indent: int = 0) -> list[str]:
    """The sandbox report (nested dicts and lists) as indented lines of plain text."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                lines.append(f"{pad}{key}:")
                lines.extend(sandbox_text(value, indent + 1))
            else:
                lines.append(f"{pad}{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict | list):
                lines.append(f"{pad}-")
                lines.extend(sandbox_text(item, indent + 1))
            else:
                lines.append(f"{pad}- {item}")
    else:
        lines.append(f"{pad}{data}")
    return lines


class SandboxViewScreen(TrainerScreen[None]):
    """A trainee's whole sandbox, read-only (nothing here can change it)."""

    DEFAULT_CSS = """
    SandboxViewScreen #sandbox-text { padding: 0 1; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.sandbox_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.sandbox_help"
    MAX_LINES: ClassVar[int] = 3000

    def __init__(self, username: str, data: dict[str, Any]) -> None:
        super().__init__()
        self.username = username
        self.data = data

    def title_params(self) -> dict[str, object]:
        return {"who": self.username}

    def compose_body(self) -> ComposeResult:
        lines = sandbox_text(self.data)
        if len(lines) > self.MAX_LINES:
            lines = [
                *lines[: self.MAX_LINES],
                self.tr.t("trainer.ui.more_lines", count=len(lines) - self.MAX_LINES),
            ]
        with FormScroll(id="sandbox-scroll"):
            yield Static(Content("\n".join(lines)), id="sandbox-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#sandbox-scroll").focus()
        self.say_first("trainer.ui.sandbox_status")
