"""A learner's sandbox, read-only, opened by a mentor from a ticket.

Read through ``HelpdeskService.learner_sandbox`` (staff only, audited), which reuses the
``sandbox show`` report of :mod:`ekinerja_tutor.services.sandbox_report`. Nothing here can
change the sandbox: it is a text page the mentor scrolls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.ui.screens.helpdesk_base import HelpdeskScreen

RECENT = 12


def _day(value: Any) -> str:
    """``2026-05-13T07:30:00`` → ``13-05-2026 07:30`` (as the rest of the app writes dates)."""
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return str(value or "-")


def sandbox_lines(tr: Any, data: dict[str, Any]) -> list[str]:
    """The report as short lines: persona, SKP, this month's work, the last audit events."""
    box = data.get("sandbox") or {}
    persona = box.get("persona") or {}
    lines = [
        tr.t("hd.sb.who", username=box.get("username") or "-", today=_day(box.get("today"))),
        tr.t(
            "hd.sb.persona",
            name=persona.get("name") or "-",
            jabatan=persona.get("jabatan") or "-",
            unit=persona.get("unit") or "-",
        ),
        "",
        tr.t("hd.sb.skp_title"),
    ]
    for skp in data.get("skp") or []:
        lines.append(
            f"  • {skp.get('year', '-')}: {skp.get('status', '-')} "
            f"({len(skp.get('rhk') or skp.get('rhks') or [])} RHK)"
        )
    lines.append(tr.t("hd.sb.ra", count=len(data.get("rencana_aksi") or [])))
    entries = data.get("daily_entries") or []
    lines.append("")
    lines.append(tr.t("hd.sb.entries_title", count=len(entries)))
    for e in entries[-RECENT:]:
        lines.append(
            f"  {e.get('tanggal')} {str(e.get('jam_mulai') or '')[:5]}-"
            f"{str(e.get('jam_selesai') or '')[:5]}  {e.get('status')}  "
            f"{str(e.get('kegiatan') or '')[:34]}"
        )
        if e.get("revision_note"):
            lines.append(f"      ↳ {e['revision_note']}")
    audit = data.get("audit") or []
    lines.append("")
    lines.append(tr.t("hd.sb.audit_title"))
    for ev in audit[-RECENT:]:
        lines.append(
            f"  {str(ev.get('sandbox_time') or ev.get('at') or '')[:16]}  "
            f"{ev.get('actor')}  {ev.get('action')}  {ev.get('entity')}#{ev.get('entity_id')}"
        )
    return lines


class TicketSandboxScreen(HelpdeskScreen[None]):
    """Lihat sandbox peserta (hanya baca)."""

    DEFAULT_CSS = """
    TicketSandboxScreen #sb-body { height: 1fr; padding: 0 1; border: round $border; }
    TicketSandboxScreen #sb-body:focus { border: heavy $accent; }
    """

    TITLE_KEY: ClassVar[str] = "hd.sb.title"
    HELP_KEY: ClassVar[str] = "hd.sb.help"

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.data: dict[str, Any] | None = None

    def title_params(self) -> dict[str, object]:
        return {"id": self.ticket_id}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="sb-body"):
            yield Static(Content(self.tr.t("hd.loading")), id="sb-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#sb-body").border_title = self.tr.t("hd.sb.read_only")
        self.query_one("#sb-body").focus()
        self.say_key("hd.sb.status")
        self.run_service(
            self.helpdesk.learner_sandbox,
            self.principal,
            self.ticket_id,
            tag="sandbox",
            then=self.show,
        )

    def show(self, data: dict[str, Any]) -> None:
        self.data = data
        self.query_one("#sb-text", Static).update(Content("\n".join(sandbox_lines(self.tr, data))))

    def language_changed(self) -> None:
        self.query_one("#sb-body").border_title = self.tr.t("hd.sb.read_only")
        if self.data is not None:
            self.show(self.data)
