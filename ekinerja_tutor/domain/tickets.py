"""Help-desk tickets: statuses, who may move them, and SLA clocks on working hours.

Pure rules; the help-desk service applies them. SLA arithmetic works on naive WIB datetimes
(the office's :class:`~ekinerja_tutor.domain.calendar.WorkCalendar`); the service converts the
real clock (aware UTC) before calling.

Transitions (actor kinds in brackets)::

    baru                → dibuka               [mentor: takes it, or first reply]
    baru                → ditutup              [mentor, trainer: spam / not a problem; reason]
    dibuka              → menunggu_peserta     [mentor: a reply that asks the learner]
    menunggu_peserta    → dibuka               [learner replies]
    dibuka              → selesai              [mentor]
    selesai             → dibuka               [learner replies within 7 days]
    selesai             → ditutup              [learner confirms or rates; system after 7 days]
    dibuka              → menunggu_pihak_lain  [mentor: needs BKPSDM / Admin Instansi]
    menunggu_pihak_lain → dibuka               [mentor]
    any open status     → digabung             [mentor: merged into another ticket]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from ekinerja_tutor.i18n import Msg

REOPEN_WINDOW = dt.timedelta(days=7)
"""A resolved ticket may be reopened by the learner, and is closed automatically, after this."""


class TicketStatus(StrEnum):
    BARU = "baru"
    DIBUKA = "dibuka"
    MENUNGGU_PESERTA = "menunggu_peserta"
    MENUNGGU_PIHAK_LAIN = "menunggu_pihak_lain"
    SELESAI = "selesai"
    DITUTUP = "ditutup"
    DIGABUNG = "digabung"


OPEN_STATUSES = frozenset(
    {
        TicketStatus.BARU,
        TicketStatus.DIBUKA,
        TicketStatus.MENUNGGU_PESERTA,
        TicketStatus.MENUNGGU_PIHAK_LAIN,
    }
)
"""Statuses of a ticket someone still has to act on (the backlog; mergeable)."""

PAUSED_STATUSES = frozenset({TicketStatus.MENUNGGU_PESERTA, TicketStatus.MENUNGGU_PIHAK_LAIN})
"""The resolution clock stops while waiting on the learner or another party."""

RUNNING_STATUSES = frozenset({TicketStatus.BARU, TicketStatus.DIBUKA})


class Category(StrEnum):
    LOGIN_OTP = "login_otp"
    SKP = "skp"
    RENCANA_AKSI = "rencana_aksi"
    HARIAN = "harian"
    BUKTI = "bukti"
    PENILAIAN = "penilaian"
    REKAP = "rekap"
    LAMBAT_ERROR = "lambat_error"
    SARAN = "saran"
    """A suggestion for the real e-Kinerja (collected in the reports)."""
    LAINNYA = "lainnya"


class Priority(StrEnum):
    RENDAH = "rendah"
    NORMAL = "normal"
    TINGGI = "tinggi"
    MENDESAK = "mendesak"


class ActorKind(StrEnum):
    """Who moves a ticket, relative to it (the service decides which one a principal is)."""

    LEARNER = "learner"
    """The learner who raised the ticket."""
    MENTOR = "mentor"
    TRAINER = "trainer"
    SYSTEM = "system"
    """The program (automatic closing)."""


_L, _M, _T, _S = ActorKind.LEARNER, ActorKind.MENTOR, ActorKind.TRAINER, ActorKind.SYSTEM
_B, _D = TicketStatus.BARU, TicketStatus.DIBUKA
_MP, _MPL = TicketStatus.MENUNGGU_PESERTA, TicketStatus.MENUNGGU_PIHAK_LAIN
_SEL, _TUT, _GAB = TicketStatus.SELESAI, TicketStatus.DITUTUP, TicketStatus.DIGABUNG

TRANSITIONS: Mapping[tuple[TicketStatus, TicketStatus], frozenset[ActorKind]] = MappingProxyType(
    {
        (_B, _D): frozenset({_M}),
        (_B, _TUT): frozenset({_M, _T}),
        (_D, _MP): frozenset({_M}),
        (_MP, _D): frozenset({_L}),
        (_D, _SEL): frozenset({_M}),
        (_SEL, _D): frozenset({_L}),
        (_SEL, _TUT): frozenset({_L, _S}),
        (_D, _MPL): frozenset({_M}),
        (_MPL, _D): frozenset({_M}),
        **{(s, _GAB): frozenset({_M}) for s in OPEN_STATUSES},
    }
)
"""(from, to) → the actor kinds allowed to make that move."""


def transition_ticket(
    current: TicketStatus,
    target: TicketStatus,
    actor_kind: ActorKind,
    *,
    reason: str | None = None,
    now: dt.datetime,
    resolved_at: dt.datetime | None = None,
) -> TicketStatus:
    """Check one status change and return ``target``.

    ``now`` and ``resolved_at`` are real instants (aware UTC); they decide the 7-day window
    after ``selesai``.

    Raises:
        InvalidTransition: the table has no such move, or the 7-day window says no.
        PermissionDenied: the move exists but not for this actor kind.
        ValidationError: closing a new ticket without a reason.
    """
    allowed = TRANSITIONS.get((current, target))
    if allowed is None:
        raise InvalidTransition(
            "ticket.invalid_transition",
            current=Msg(f"ticket.status.{current.value}"),
            target=Msg(f"ticket.status.{target.value}"),
        )
    if actor_kind not in allowed:
        raise PermissionDenied(
            reason=Msg(
                "ticket.perm.transition",
                {
                    "current": Msg(f"ticket.status.{current.value}"),
                    "target": Msg(f"ticket.status.{target.value}"),
                },
            )
        )
    if (current, target) == (_B, _TUT) and not (reason and reason.strip()):
        raise ValidationError("ticket.reason_required", field="reason")
    if current is _SEL:
        if resolved_at is None:
            raise InvalidTransition("ticket.not_resolved")
        window_over = now >= resolved_at + REOPEN_WINDOW
        if target is _D and window_over:
            raise InvalidTransition("ticket.reopen_window_over")
        if target is _TUT and actor_kind is _S and not window_over:
            raise InvalidTransition("ticket.autoclose_too_early")
    return target


# -- SLA ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaTarget:
    """Working minutes allowed for the first response and for the resolution."""

    first_response_minutes: int
    resolution_minutes: int


SLA_TARGETS: Mapping[Priority, SlaTarget] = MappingProxyType(
    {
        Priority.MENDESAK: SlaTarget(30, 240),
        Priority.TINGGI: SlaTarget(60, 480),
        Priority.NORMAL: SlaTarget(240, 1440),
        Priority.RENDAH: SlaTarget(480, 2400),
    }
)
"""Targets per priority (an office day is 8 working hours = 480 minutes)."""


@dataclass(frozen=True)
class SlaEvent:
    """The ticket entered ``status`` at ``at`` (naive WIB)."""

    at: dt.datetime
    status: TicketStatus


def sla_elapsed_minutes(
    events: Sequence[SlaEvent], calendar: WorkCalendar, now: dt.datetime
) -> int:
    """Working minutes the resolution clock has run, up to ``now`` (naive WIB).

    The clock runs while the ticket is ``baru`` or ``dibuka``, pauses while it waits on the
    learner or another party, and stops for good at ``selesai``/``ditutup``/``digabung`` (a
    reopened ticket runs again). ``events`` are status entries in time order, the first being
    the creation.
    """
    total = 0
    ordered = sorted(events, key=lambda e: e.at)
    for i, event in enumerate(ordered):
        if event.status not in RUNNING_STATUSES:
            continue
        end = ordered[i + 1].at if i + 1 < len(ordered) else now
        end = min(end, now)
        if end > event.at:
            total += calendar.working_minutes_between(event.at, end)
    return total


@dataclass(frozen=True)
class SlaState:
    """Where a ticket stands against its targets (working minutes)."""

    first_response_minutes: int
    """Until the first response, or until now if there is none yet."""
    resolution_minutes: int
    first_response_overdue: bool
    resolution_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.first_response_overdue or self.resolution_overdue


def sla_state(
    events: Sequence[SlaEvent],
    calendar: WorkCalendar,
    now: dt.datetime,
    *,
    priority: Priority,
    first_response_at: dt.datetime | None,
    targets: Mapping[Priority, SlaTarget] = SLA_TARGETS,
) -> SlaState:
    """Both SLA clocks of one ticket at ``now`` (all naive WIB)."""
    target = targets[priority]
    created = min(e.at for e in events)
    first = calendar.working_minutes_between(created, first_response_at or now)
    resolution = sla_elapsed_minutes(events, calendar, now)
    return SlaState(
        first_response_minutes=first,
        resolution_minutes=resolution,
        first_response_overdue=first > target.first_response_minutes,
        resolution_overdue=resolution > target.resolution_minutes,
    )


def on_time_until(
    state: SlaState,
    calendar: WorkCalendar,
    now: dt.datetime,
    *,
    priority: Priority,
    targets: Mapping[Priority, SlaTarget] = SLA_TARGETS,
) -> dt.datetime | None:
    """The last moment a ticket on time at ``now`` is surely still on time if nothing happens
    to it (``None`` if it is late, or about to be).

    Neither clock runs faster than working time, so the smaller margin to a target is a lower
    bound on the working time left; a minute is kept in hand for the seconds the clocks round
    away. A clock standing at its target to the minute (the margin is 0) can go over with the
    next working second, so it is on time only until working time resumes: through a night
    or a weekend, not at all in office hours.
    """
    target = targets[priority]
    margin = min(
        target.first_response_minutes - state.first_response_minutes,
        target.resolution_minutes - state.resolution_minutes,
    )
    if state.overdue or margin < 0:
        return None
    if margin == 0:
        resumes = calendar.add_working_minutes(now, 0)
        return resumes if resumes > now else None
    return calendar.add_working_minutes(now, margin - 1)
