"""Help-desk reports for trainers (and mentors): backlog, response and resolution times, the
lesson steps that produce the most tickets, the suggestions for the real e-Kinerja; CSV files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from ekinerja_tutor.ui.screens.helpdesk_base import HelpdeskScreen, status_text, when
from ekinerja_tutor.ui.widgets.i18n import TButton

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.helpdesk import HelpdeskReport, MedianRow


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    hours, minutes = divmod(round(value), 60)
    return f"{hours}j {minutes:02d}m" if hours else f"{minutes}m"


def report_lines(tr: Translator, report: HelpdeskReport) -> list[str]:
    lines = [tr.t("hd.rep.backlog_title", overdue=report.overdue)]
    if report.backlog:
        lines += [f"  {status_text(tr, s.value):<26} {n:>4}" for s, n in report.backlog]
        lines += [
            f"  {tr.t(f'ticket.category.{c.value}'):<26} {n:>4}"
            for c, n in report.backlog_by_category
        ]
    else:
        lines.append("  " + tr.t("hd.rep.none"))

    def medians(title: str, rows: tuple[MedianRow, ...], label: bool) -> None:
        lines.append("")
        lines.append(tr.t(title))
        lines.append("  " + tr.t("hd.rep.median_head"))
        if not rows:
            lines.append("  " + tr.t("hd.rep.none"))
        for row in rows:
            group = tr.t(f"ticket.category.{row.group}") if label else row.group
            lines.append(
                f"  {group[:24]:<24} {row.tickets:>5}  {_minutes(row.first_response_median):>9}"
                f"  {_minutes(row.resolution_median):>9}"
            )

    medians("hd.rep.by_mentor", report.by_mentor, False)
    medians("hd.rep.by_category", report.by_category, True)
    lines.append("")
    lines.append(tr.t("hd.rep.steps_title"))
    if not report.lesson_steps:
        lines.append("  " + tr.t("hd.rep.none"))
    for s in report.lesson_steps:
        lines.append(
            "  " + tr.t("hd.rep.step_line", lesson=s.lesson_id, step=s.step or "-", count=s.tickets)
        )
    lines.append("")
    lines.append(tr.t("hd.rep.suggestions_title", count=len(report.suggestions)))
    if not report.suggestions:
        lines.append("  " + tr.t("hd.rep.none"))
    for g in report.suggestions:
        lines.append(f"  #{g.ticket_id} {when(g.created_at)[:10]}  {g.description[:60]}")
    return lines


class HelpdeskReportScreen(HelpdeskScreen[None]):
    """Laporan meja bantuan."""

    DEFAULT_CSS = """
    HelpdeskReportScreen #rep-body { height: 1fr; padding: 0 1; }
    HelpdeskReportScreen #rep-body:focus { border-left: thick $accent; }
    HelpdeskReportScreen #rep-buttons { height: auto; padding: 0 1; }
    HelpdeskReportScreen #rep-buttons Button { margin-right: 2; }
    """

    TITLE_KEY: ClassVar[str] = "hd.rep.title"
    HELP_KEY: ClassVar[str] = "hd.rep.help"

    def __init__(self) -> None:
        super().__init__()
        self.report: HelpdeskReport | None = None
        self.saved: tuple[Path, ...] = ()

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="rep-body"):
            yield Static(Content(self.tr.t("hd.loading")), id="rep-text", markup=False)
        with Horizontal(id="rep-buttons"):
            yield TButton(self.tr, "hd.rep.save", id="rep-save", variant="primary")

    def on_mount(self) -> None:
        self.say_key("hd.rep.status")
        self.query_one("#rep-body").focus()
        self.run_service(self.helpdesk.report, self.principal, tag="report", then=self.show)

    def show(self, report: HelpdeskReport) -> None:
        self.report = report
        self.query_one("#rep-text", Static).update(
            Content("\n".join(report_lines(self.tr, report)))
        )

    def language_changed(self) -> None:
        if self.report is not None:
            self.show(self.report)

    @property
    def export_folder(self) -> Path:
        return self.services.settings.home / "exports"

    @on(Button.Pressed, "#rep-save")
    def save(self) -> None:
        self.run_service(
            self.helpdesk.save_exports,
            self.principal,
            self.export_folder,
            tag="export",
            then=self._saved,
        )

    def _saved(self, paths: tuple[Path, ...]) -> None:
        self.saved = paths
        bkpsdm = next((p for p in paths if "bkpsdm" in p.name), None)
        self.say_key(
            "hd.rep.saved",
            count=len(paths),
            folder=str(self.export_folder),
            bkpsdm=bkpsdm.name if bkpsdm else "-",
        )
