"""The persona line under the sandbox marker: who the learner plays, where, and which day it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.i18n import Translator

if TYPE_CHECKING:
    from ekinerja_tutor.services.sandboxes import SandboxView

SEPARATOR = " · "


class PersonaBar(Static):
    """Two short lines: "Sudarto · Pengadministrasi Umum · Subbagian …" and the sandbox's today.

    Names come from the sandbox (editable data), so they are shown literally, never as markup.
    """

    DEFAULT_CSS = """
    PersonaBar {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
        color: $foreground;
    }
    PersonaBar.-supervisor-seat { text-style: bold reverse; }
    """

    def __init__(self, tr: Translator, sandbox: SandboxView, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.sandbox = sandbox
        self.seat_name = ""  # the supervisor seat's name while the learner sits there (F6)
        self.show(tr)

    def lines(self, tr: Translator) -> tuple[str, str]:
        view = self.sandbox
        parts = (view.persona_name, view.jabatan, view.unit_name)
        who = SEPARATOR.join(part for part in parts if part)
        if self.seat_name:  # the supervisor's seat: said in words, not by colour alone
            who = tr.t("review_ui.bar_supervisor_seat", name=self.seat_name)
        today = tr.msg(date_label(view.today.date()))
        when = tr.t("ws.today", today=today) + SEPARATOR + tr.t("ws.help_hint")
        return who or tr.t("ws.no_persona"), when

    @property
    def text(self) -> str:
        return "\n".join(self.lines(self.app.tr))  # type: ignore[attr-defined]

    def show(
        self, tr: Translator, sandbox: SandboxView | None = None, seat_name: str | None = None
    ) -> None:
        """Redraw (after a language switch, or with a new sandbox view after the clock moved,
        or with the seat's name after F6; ``""`` is the learner's own seat)."""
        if sandbox is not None:
            self.sandbox = sandbox
        if seat_name is not None:
            self.seat_name = seat_name
            self.set_class(bool(seat_name), "-supervisor-seat")
        self.update(Content("\n".join(self.lines(tr))))
