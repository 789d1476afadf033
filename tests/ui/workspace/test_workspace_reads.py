"""WorkspaceReadService without the UI: what the dashboard is told, and who may ask."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.reminders import ReminderKind
from ekinerja_tutor.domain.statuses import DailyStatus, Role, SkpStatus
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.workspace_reads import WorkspaceReadService
from tests.ui.workspace.conftest import WsWorld


def reads(ws: WsWorld) -> WorkspaceReadService:
    return WorkspaceReadService(ws.services.ctx)


def test_the_dashboard_gathers_reminders_next_step_and_progress(ws: WsWorld) -> None:
    view = reads(ws).dashboard(ws.persona_seat)
    assert view.skp_status is SkpStatus.DISETUJUI
    kinds = [reminder.kind for reminder in view.reminders]
    assert ReminderKind.MISSING_ENTRIES in kinds
    assert ReminderKind.LOCK_DEADLINE in kinds
    assert view.next_step.key == "reminders.next.today_entry"
    assert [row.target for row in view.progress] == [1800, 24]
    assert all(row.realisasi >= 0 and row.waiting >= 0 for row in view.progress)
    assert not view.today_has_entry


def test_a_returned_entry_becomes_the_next_step(ws: WsWorld) -> None:
    sent = ws.daily.list_entries(
        ws.persona_seat, ws.seeded.persona_id, status=DailyStatus.DIKIRIM, page_size=1
    ).items[0]
    ws.daily.return_for_revision(ws.supervisor_seat, sent.id, "Tautan tidak bisa dibuka.")
    view = reads(ws).dashboard(ws.persona_seat)
    assert view.returned_entries == 1
    assert view.next_step.key == "reminders.next.fix_returned"
    assert ReminderKind.RETURNED_ENTRIES in [reminder.kind for reminder in view.reminders]


def test_another_account_may_not_read_this_sandbox(ws: WsWorld) -> None:
    stranger = Principal(ws.seeded.account_id + 999, "orang.lain", frozenset({Role.LEARNER}))
    seat = Seat(stranger, ws.seeded.sandbox_id, ws.seeded.persona_id)
    with pytest.raises(PermissionDenied):
        reads(ws).dashboard(seat)
    with pytest.raises(PermissionDenied):
        reads(ws).field_work(seat)
    with pytest.raises(PermissionDenied):
        reads(ws).persona_supervisor(stranger, ws.seeded.sandbox_id)


def test_field_work_knows_the_persona_units_and_example_places(ws: WsWorld) -> None:
    view = reads(ws).field_work(ws.persona_seat)
    assert view.unit_codes[0] == "UMPEG"  # the persona's own unit first, then upwards
    assert view.places and all(kecamatan and desa for kecamatan, desa in view.places)
    assert reads(ws).persona_supervisor(ws.persona_seat.principal, ws.seeded.sandbox_id) == (
        ws.seeded.supervisor_id
    )
