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
    """

    def __init__(self, tr: Translator, sandbox: SandboxView, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.sandbox = sandbox
        self.show(tr)

    def lines(self, tr: Translator) -> tuple[str, str]:
        view = self.sandbox
        parts = (view.persona_name, view.jabatan, view.unit_name)
        who = SEPARATOR.join(part for part in parts if part)
        today = tr.msg(date_label(view.today.date()))
        when = tr.t("ws.today", today=today) + SEPARATOR + tr.t("ws.help_hint")
        return who or tr.t("ws.no_persona"), when

    @property
    def text(self) -> str:
        return "\n".join(self.lines(self.app.tr))  # type: ignore[attr-defined]

    def show(self, tr: Translator, sandbox: SandboxView | None = None) -> None:
        """Redraw (after a language switch, or with a new sandbox view after the clock moved)."""
        if sandbox is not None:
            self.sandbox = sandbox
        self.update(Content("\n".join(self.lines(tr))))
