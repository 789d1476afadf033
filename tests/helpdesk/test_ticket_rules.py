"""The ticket status table by actor kind, and the SLA clocks on working hours."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from ekinerja_tutor.domain.tickets import (
    OPEN_STATUSES,
    REOPEN_WINDOW,
    SLA_TARGETS,
    TRANSITIONS,
    ActorKind,
    Priority,
    SlaEvent,
    SlaState,
    TicketStatus,
    on_time_until,
    sla_elapsed_minutes,
    sla_state,
    transition_ticket,
)
from ekinerja_tutor.i18n import load_catalog

S = TicketStatus
A = ActorKind
NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
RECENT = NOW - dt.timedelta(days=1)
OLD = NOW - REOPEN_WINDOW - dt.timedelta(minutes=1)

EXPECTED = {
    (S.BARU, S.DIBUKA): {A.MENTOR},
    (S.BARU, S.DITUTUP): {A.MENTOR, A.TRAINER},
    (S.DIBUKA, S.MENUNGGU_PESERTA): {A.MENTOR},
    (S.MENUNGGU_PESERTA, S.DIBUKA): {A.LEARNER},
    (S.DIBUKA, S.SELESAI): {A.MENTOR},
    (S.SELESAI, S.DIBUKA): {A.LEARNER},
    (S.SELESAI, S.DITUTUP): {A.LEARNER, A.SYSTEM},
    (S.DIBUKA, S.MENUNGGU_PIHAK_LAIN): {A.MENTOR},
    (S.MENUNGGU_PIHAK_LAIN, S.DIBUKA): {A.MENTOR},
    (S.BARU, S.DIGABUNG): {A.MENTOR},
    (S.DIBUKA, S.DIGABUNG): {A.MENTOR},
    (S.MENUNGGU_PESERTA, S.DIGABUNG): {A.MENTOR},
    (S.MENUNGGU_PIHAK_LAIN, S.DIGABUNG): {A.MENTOR},
}


def _move(current: S, target: S, actor: A) -> S:
    resolved = RECENT
    if (current, target, actor) == (S.SELESAI, S.DITUTUP, A.SYSTEM):
        resolved = OLD
    return transition_ticket(current, target, actor, reason="spam", now=NOW, resolved_at=resolved)


def test_table_is_exactly_the_issue() -> None:
    assert {k: set(v) for k, v in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(
    ("current", "target", "actor"),
    [(c, t, a) for (c, t), actors in EXPECTED.items() for a in sorted(actors)],
)
def test_allowed_moves(current: S, target: S, actor: A) -> None:
    assert _move(current, target, actor) is target


@pytest.mark.parametrize(
    ("current", "target", "actor"),
    [(c, t, a) for (c, t), actors in EXPECTED.items() for a in A if a not in actors],
)
def test_moves_refused_to_other_roles(current: S, target: S, actor: A) -> None:
    with pytest.raises(PermissionDenied) as err:
        _move(current, target, actor)
    assert err.value.params["reason"].key == "ticket.perm.transition"


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c, t in itertools.product(S, S) if (c, t) not in EXPECTED],
)
def test_moves_not_in_the_table(current: S, target: S) -> None:
    for actor in A:
        with pytest.raises(InvalidTransition) as err:
            _move(current, target, actor)
        assert err.value.key == "ticket.invalid_transition"


def test_closing_a_new_ticket_needs_a_reason() -> None:
    for reason in (None, "", "   "):
        with pytest.raises(ValidationError) as err:
            transition_ticket(S.BARU, S.DITUTUP, A.TRAINER, reason=reason, now=NOW)
        assert err.value.key == "ticket.reason_required"


def test_seven_day_window_after_selesai() -> None:
    with pytest.raises(InvalidTransition) as err:
        transition_ticket(S.SELESAI, S.DIBUKA, A.LEARNER, now=NOW, resolved_at=OLD)
    assert err.value.key == "ticket.reopen_window_over"
    with pytest.raises(InvalidTransition) as err:
        transition_ticket(S.SELESAI, S.DITUTUP, A.SYSTEM, now=NOW, resolved_at=RECENT)
    assert err.value.key == "ticket.autoclose_too_early"
    # the learner may confirm at any time
    assert transition_ticket(S.SELESAI, S.DITUTUP, A.LEARNER, now=NOW, resolved_at=OLD)
    with pytest.raises(InvalidTransition):
        transition_ticket(S.SELESAI, S.DIBUKA, A.LEARNER, now=NOW, resolved_at=None)


def test_every_status_category_priority_has_both_languages() -> None:
    from ekinerja_tutor.domain.tickets import Category

    catalog = load_catalog()
    for enum, prefix in ((S, "status"), (Category, "category"), (Priority, "priority")):
        for member in enum:
            assert f"ticket.{prefix}.{member.value}" in catalog


# -- SLA ---------------------------------------------------------------------------------------

# Mon 30 Nov – Fri 4 Dec 2026; Thursday 3 Dec is a holiday in this calendar.
CAL = WorkCalendar(holidays={dt.date(2026, 12, 3): "Libur"})


def w(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 30) + dt.timedelta(days=day, hours=hour, minutes=minute)


def test_clock_counts_only_working_hours_and_skips_holidays() -> None:
    events = [SlaEvent(w(0, 15), S.BARU)]
    assert sla_elapsed_minutes(events, CAL, w(0, 15, 30)) == 30
    assert sla_elapsed_minutes(events, CAL, w(0, 20)) == 60  # after 16:00 nothing counts
    assert sla_elapsed_minutes(events, CAL, w(1, 9)) == 120  # Tue 09:00
    # Wed 15:00 → Fri 09:00 across the Thursday holiday: 60 + 60
    events = [SlaEvent(w(2, 15), S.BARU)]
    assert sla_elapsed_minutes(events, CAL, w(4, 9)) == 120
    # over a weekend: Fri 15:00 → Mon 09:00
    events = [SlaEvent(w(4, 15), S.BARU)]
    assert sla_elapsed_minutes(events, CAL, w(7, 9)) == 120


def test_clock_pauses_while_waiting_and_stops_when_resolved() -> None:
    events = [
        SlaEvent(w(0, 8), S.BARU),
        SlaEvent(w(0, 9), S.DIBUKA),
        SlaEvent(w(0, 10), S.MENUNGGU_PESERTA),  # paused 10:00 → Tue 10:00
        SlaEvent(w(1, 10), S.DIBUKA),
        SlaEvent(w(1, 11), S.MENUNGGU_PIHAK_LAIN),  # paused 11:00 → 14:00
        SlaEvent(w(1, 14), S.DIBUKA),
        SlaEvent(w(1, 15), S.SELESAI),
    ]
    # Mon 08–10 (120) + Tue 10–11 (60) + Tue 14–15 (60); nothing after selesai
    assert sla_elapsed_minutes(events, CAL, w(4, 12)) == 240
    # read mid-pause: only the running parts so far
    assert sla_elapsed_minutes(events, CAL, w(0, 15)) == 120
    # a reopened ticket runs again
    reopened = [*events, SlaEvent(w(2, 8), S.DIBUKA)]
    assert sla_elapsed_minutes(reopened, CAL, w(2, 9)) == 300


def test_sla_state_against_priority_targets() -> None:
    events = [SlaEvent(w(0, 8), S.BARU)]
    urgent = SLA_TARGETS[Priority.MENDESAK]
    state = sla_state(
        events,
        CAL,
        w(0, 8, urgent.first_response_minutes),
        priority=Priority.MENDESAK,
        first_response_at=None,
    )
    assert not state.overdue
    state = sla_state(
        events,
        CAL,
        w(0, 8, urgent.first_response_minutes + 1),
        priority=Priority.MENDESAK,
        first_response_at=None,
    )
    assert state.first_response_overdue and state.overdue
    answered = sla_state(
        events, CAL, w(0, 12), priority=Priority.MENDESAK, first_response_at=w(0, 8, 10)
    )
    assert answered.first_response_minutes == 10
    assert not answered.first_response_overdue and not answered.resolution_overdue
    late = sla_state(
        events, CAL, w(0, 12, 1), priority=Priority.MENDESAK, first_response_at=w(0, 8, 10)
    )
    assert late.resolution_overdue


def test_open_statuses() -> None:
    assert S.SELESAI not in OPEN_STATUSES and S.BARU in OPEN_STATUSES


@settings(max_examples=300, deadline=None)
@given(
    created=st.datetimes(min_value=dt.datetime(2026, 11, 2), max_value=dt.datetime(2026, 11, 27)),
    steps=st.lists(
        st.tuples(st.integers(min_value=1, max_value=3000), st.sampled_from(list(S))),
        max_size=5,
    ),
    looked=st.integers(min_value=0, max_value=6000),
    later=st.integers(min_value=0, max_value=6000),
    answered_after=st.none() | st.integers(min_value=0, max_value=600),
    priority=st.sampled_from(list(Priority)),
)
def test_a_ticket_on_time_stays_on_time_until_the_moment_given(
    created: dt.datetime,
    steps: list[tuple[int, TicketStatus]],
    looked: int,
    later: int,
    answered_after: int | None,
    priority: Priority,
) -> None:
    events = [SlaEvent(created, S.BARU)]
    for minutes, status in steps:
        events.append(SlaEvent(events[-1].at + dt.timedelta(minutes=minutes), status))
    now = created + dt.timedelta(minutes=looked)
    answered = None if answered_after is None else created + dt.timedelta(minutes=answered_after)
    if answered is not None and answered > now:
        answered = None
    state = sla_state(events, CAL, now, priority=priority, first_response_at=answered)
    until = on_time_until(state, CAL, now, priority=priority)
    if until is None:
        return
    assert not state.overdue
    moment = min(now + dt.timedelta(minutes=later), until)
    assert not sla_state(events, CAL, moment, priority=priority, first_response_at=answered).overdue
    assert not sla_state(events, CAL, until, priority=priority, first_response_at=answered).overdue


def test_a_clock_at_its_target_stays_on_time_only_while_the_office_is_closed() -> None:
    """Eight office hours are the whole first-response target of a low-priority ticket."""

    def state(created: dt.datetime, at: dt.datetime) -> SlaState:
        events = [SlaEvent(created, S.BARU)]
        return sla_state(events, CAL, at, priority=Priority.RENDAH, first_response_at=None)

    friday, saturday = w(-3, 8), w(-2, 10)
    assert state(friday, saturday).first_response_minutes == 480
    assert not state(friday, saturday).overdue
    until = on_time_until(state(friday, saturday), CAL, saturday, priority=Priority.RENDAH)
    assert until == w(0, 8)  # Monday morning
    assert not state(friday, w(0, 8)).overdue and state(friday, w(0, 8, 1)).overdue
    tuesday = w(1, 9)  # opened Monday 09:00: at the target in office hours, late any moment
    assert state(w(0, 9), tuesday).first_response_minutes == 480
    assert on_time_until(state(w(0, 9), tuesday), CAL, tuesday, priority=Priority.RENDAH) is None
