"""What every help-desk screen shares: the service, calls in a thread, and the ticket pieces.

Help-desk screens work outside the practice workspace (a mentor has no sandbox to be in), so
they subclass :class:`TutorScreen` and bring their own :meth:`HelpdeskScreen.run_service`,
shaped like the workspace one: the service runs in a thread worker, its answer comes back as a
message, a :class:`TutorError` is written in the status line and beside its field.

The thread pieces (:class:`MessageCard`) make a public reply and an internal note look
unmistakably different: another border (round / heavy), another background, *and* a text label
on the card ("CATATAN INTERNAL — tidak terlihat peserta"), so it reads the same in the
high-contrast themes and with ``NO_COLOR=1``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, Static

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.widgets.i18n import keyed

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.services.actors import Principal
    from ekinerja_tutor.services.helpdesk import HelpdeskService, MessageView, TicketSummary
    from ekinerja_tutor.ui.app import TutorApp

ResultT = TypeVar("ResultT")

STATUS_MARKS: dict[str, str] = {
    "baru": "●",
    "dibuka": "◐",
    "menunggu_peserta": "…",
    "menunggu_pihak_lain": "…",
    "selesai": "✓",
    "ditutup": "■",
    "digabung": "⇢",
}
"""A shape beside each status word (never colour alone)."""


def helpdesk_service(app: TutorApp) -> HelpdeskService:
    """One :class:`HelpdeskService` per app (kept in the context's extras, like the workspace's)."""
    from ekinerja_tutor.services.helpdesk import HelpdeskService

    services = app.services
    assert services is not None, "help-desk screens open only after the services are ready"
    key = "ui.service.helpdesk"
    extras = services.ctx.extras
    if key not in extras:
        extras[key] = HelpdeskService(services.ctx)
    found: HelpdeskService = extras[key]
    return found


def when(moment: dt.datetime) -> str:
    """A real instant as office time, ``13-05-2026 09:12``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H:%M")


def status_text(tr: Translator, status: str) -> str:
    return f"{STATUS_MARKS.get(status, '•')} {tr.t(f'ticket.status.{status}')}"


def summary_line(tr: Translator, item: TicketSummary) -> str:
    """``#12 · ● Baru · Kegiatan harian · Normal`` (the ticket's head line)."""
    return tr.t(
        "hd.summary_line",
        id=item.id,
        status=status_text(tr, item.status.value),
        category=tr.t(f"ticket.category.{item.category.value}"),
        priority=tr.t(f"ticket.priority.{item.priority.value}"),
    )


def learner_label(item: TicketSummary) -> str:
    """``Sudarto, S.Sos. (197205142008011009)``: the name, and the NIP / username."""
    if item.learner_name and item.learner_name != item.learner:
        return f"{item.learner_name} ({item.learner})"
    return item.learner


def context_lines(tr: Translator, context: Mapping[str, Any], *, staff: bool) -> list[str]:
    """The context attached to a ticket, as the learner is shown it before sending and as the
    mentor reads it: screen, lesson step, failed conditions, hints seen, last error, sandbox."""
    lines = [tr.t("hd.ctx.screen", screen=context.get("screen") or "-")]
    lesson = context.get("lesson") or {}
    if lesson.get("lesson_id"):
        lines.append(
            tr.t(
                "hd.ctx.lesson",
                title=lesson.get("lesson_title") or lesson.get("lesson_id"),
                step=lesson.get("step") or "-",
                count=lesson.get("step_count") or "-",
                step_title=lesson.get("step_title") or "",
            )
        )
        failed = [*lesson.get("failed_conditions", [])]
        failed += [f for f in lesson.get("failed_now", []) if f not in failed]
        if failed:
            lines.append(tr.t("hd.ctx.failed"))
            lines.extend(f"  ✗ {item}" for item in failed)
        hints = lesson.get("hints_seen") or []
        lines.append(tr.t("hd.ctx.hints", count=len(hints)))
        lines.extend(f"  ? {hint}" for hint in hints)
        if staff:
            lines.append(
                tr.t(
                    "hd.ctx.effort",
                    minutes=int(lesson.get("time_on_step_seconds") or 0) // 60,
                    presses=lesson.get("periksa_presses") or 0,
                    failed=lesson.get("failed_presses") or 0,
                )
            )
    else:
        lines.append(tr.t("hd.ctx.no_lesson"))
    lines.append(tr.t("hd.ctx.last_error", error=context.get("last_error") or "-"))
    if context.get("sandbox_id"):
        today = str(context.get("sandbox_today") or "-")
        with contextlib.suppress(ValueError):
            today = dt.datetime.fromisoformat(today).strftime("%d-%m-%Y %H:%M")
        lines.append(tr.t("hd.ctx.sandbox", id=context.get("sandbox_id"), today=today))
    if context.get("recorded_by"):
        lines.append(tr.t("hd.ctx.recorded_by", mentor=context["recorded_by"]))
    return lines


def relabel_select(select: Select[Any], options: list[tuple[Content, Any]]) -> None:
    """New option labels (another language) keeping the chosen value, without a Changed.

    ``Select.set_options`` resets the choice, and setting the same value again does not
    redraw the shown label, so the label of the current choice is written here.
    """
    from textual.widgets._select import SelectCurrent

    value = select.value
    with select.prevent(Select.Changed):
        select.set_options(options)
        select.value = value
    for prompt, option_value in options:
        if option_value == value:
            select.query_one(SelectCurrent).update(prompt)


class MessageCard(Static):
    """One message of a ticket's thread; internal notes look unmistakably different."""

    DEFAULT_CSS = """
    MessageCard {
        height: auto; padding: 0 1; margin: 0 0 1 0;
        border: round $primary; border-title-style: bold;
    }
    MessageCard.-learner { border: round $secondary; }
    MessageCard.-internal {
        border: heavy $warning; background: $warning 15%;
        border-title-style: bold reverse;
    }
    MessageCard:focus { border: double $accent; }
    """

    def __init__(self, tr: Translator, message: MessageView, **kwargs: Any) -> None:
        self.message = message
        super().__init__(Content(self.body_text(tr)), markup=False, **kwargs)
        kind = "-internal" if message.internal else "-learner" if message.from_learner else ""
        if kind:
            self.add_class(kind)
        self.border_title = self.title_text(tr)

    def title_text(self, tr: Translator) -> str:
        m = self.message
        key = (
            "hd.msg.internal_title"
            if m.internal
            else "hd.msg.learner_title"
            if m.from_learner
            else "hd.msg.public_title"
        )
        return tr.t(key, author=m.author, at=when(m.at))

    def body_text(self, tr: Translator) -> str:
        m = self.message
        parts = []
        if m.internal:
            parts.append(tr.t("hd.msg.internal_label"))
        parts.append(m.text)
        if m.asks_learner:
            parts.append(tr.t("hd.msg.asks_learner"))
        if m.lesson_id:
            parts.append(tr.t("hd.msg.lesson_link", lesson=m.lesson_id, step=m.lesson_step or "-"))
        if m.mentions:
            parts.append(tr.t("hd.msg.mentions", names=", ".join(f"@{n}" for n in m.mentions)))
        return "\n".join(parts)

    def relabel(self, tr: Translator) -> None:
        self.update(Content(self.body_text(tr)))
        self.border_title = self.title_text(tr)


def event_line(tr: Translator, event: Any) -> str:
    """One line of the ticket's history."""
    detail = dict(event.detail or {})
    if event.to_status is not None and event.from_status is not None:
        what = tr.t(
            "hd.ev.status",
            source=tr.t(f"ticket.status.{event.from_status.value}"),
            target=tr.t(f"ticket.status.{event.to_status.value}"),
        )
        if detail.get("reason"):
            what += " — " + str(detail["reason"])
    elif event.kind == "created":
        what = tr.t("hd.ev.created")
    elif event.kind == "assigned":
        what = tr.t("hd.ev.assigned", who=detail.get("assignee") or tr.t("hd.shared_queue"))
    elif event.kind == "priority":
        what = tr.t("hd.ev.priority", priority=tr.t(f"ticket.priority.{detail.get('priority')}"))
    elif event.kind == "rated":
        what = tr.t("hd.ev.rated", stars=detail.get("stars"))
    elif event.kind == "mention":
        what = tr.t("hd.ev.mention", names=", ".join(detail.get("mentions") or ()))
    elif event.kind == "merged_in":
        what = tr.t("hd.ev.merged_in", source=detail.get("source"))
    elif event.kind == "step_note":
        what = tr.t(f"hd.ev.step_note_{detail.get('note_kind', 'hint')}")
    elif event.kind in ("reply", "note"):
        what = tr.t(f"hd.ev.{event.kind}")
    else:
        what = event.kind
    return f"{when(event.at)}  {event.actor}: {what}"


# -- calling services --------------------------------------------------------------------------


class HelpdeskScreen(TutorScreen[ResultT]):
    """Base of the help-desk screens (learner and mentor side alike)."""

    TITLE_KEY: ClassVar[str] = "hd.title"
    HELP_KEY: ClassVar[str] = "hd.help"

    @property
    def services(self) -> Services:
        services = self.tutor.services
        assert services is not None
        return services

    @property
    def principal(self) -> Principal:
        session = self.tutor.session
        assert session is not None, "help-desk screens need a signed-in account"
        return session.principal

    @property
    def helpdesk(self) -> HelpdeskService:
        return helpdesk_service(self.tutor)

    def show_error(self, error: TutorError) -> None:
        """The error in the status line, and beside its field (``#field-<name>``) if shown."""
        self.say_key("hd.error", message=error.message)
        self.tutor.note_error_shown(error.render(self.tr.lang))
        if error.field is None:
            return
        found = self.query(f"#field-{error.field}")
        if not found:
            return
        holder = found.first()
        show = getattr(holder, "show_error", None)
        if callable(show):
            show(self.tr.msg(error.message))
            for line in holder.query(".field--error"):
                keyed(line, "hd.field_error", message=error.message)
        target = getattr(holder, "input", None) or holder
        if isinstance(target, Widget) and target.focusable:
            target.focus()

    @staticmethod
    def clear_field_error(holder: Widget) -> None:
        clear = getattr(holder, "clear_error", None)
        if callable(clear):
            clear()
        for line in holder.query(".field--error"):
            line.tr_key = None  # type: ignore[attr-defined]
