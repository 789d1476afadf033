"""Snapshots at 80×24 of the mentors' queue and of a ticket with an internal note.

Refresh with ``pytest tests/ui/helpdesk/test_snapshots.py --snapshot-update`` after an
intended change, and look at the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from ekinerja_tutor.ui.screens.helpdesk_nav import open_queue
from ekinerja_tutor.ui.screens.ticket_view import MentorTicketScreen
from tests.ui.helpdesk.conftest import HOSTILE, as_staff, helpdesk, principal
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle

SIZE = (80, 24)
Snap = Callable[..., bool]


def seed_tickets(ws: WsWorld) -> int:
    """Three tickets: darto's (answered with an internal note), one old enough to be late,
    and one a mentor recorded at the desk. Returns darto's ticket id."""
    hd = helpdesk(ws)
    darto = principal(ws, "darto")
    lestari = principal(ws, "mentor.lestari")
    late = hd.raise_ticket(darto, "login_otp", "Kode OTP selalu ditolak", screen="Masuk")
    ws.clock.advance(hours=30)
    ticket = hd.raise_ticket(
        darto,
        "harian",
        HOSTILE,
        screen="Progres Harian (DailyFormScreen)",
        last_error="✗ Jam selesai harus sesudah jam mulai.",
    )
    hd.record_for_colleague(lestari, "Bu Sri, Subbag Umum", "Lupa cara unggah bukti", "asli")
    hd.reply(
        lestari,
        ticket.id,
        "Peserta ini sudah dua kali keliru di jam. @mentor.bkpsdm",
        internal=True,
    )
    hd.reply(lestari, ticket.id, "Isi jam selesai sesudah jam mulai, contoh 08:00 lalu 09:30.")
    assert late.id != ticket.id
    return ticket.id


async def steady(pilot: Pilot[Any]) -> None:
    await settle(pilot.app, pilot)  # type: ignore[arg-type]
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    # A DataTable sizes its columns to the rows when it is next idle, after the rows arrive
    # from the worker: let it, or the snapshot may catch the columns at their headers' width.
    for _ in range(3):
        await pilot.pause()
        await settle(pilot.app, pilot, 1)  # type: ignore[arg-type]


def test_queue(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """Antrean meja bantuan for mentor.lestari: filters (open status, all categories, all
    mentors, search), "Hanya yang terlambat" and "Rekam untuk rekan"; three rows, the OTP
    ticket first marked LEWAT (SLA overdue), darto's Kegiatan harian ticket (Dibuka, lestari),
    Bu Sri's recorded ticket tagged asli. Footer: F1 Esc F2 F3 F4 Menu F7 Minta bantuan."""
    seed_tickets(ws)
    lestari = principal(ws, "mentor.lestari")

    async def before(pilot: Pilot[Any]) -> None:
        await as_staff(pilot.app, pilot, lestari, "Lestari")  # type: ignore[arg-type]
        open_queue(pilot.app)  # type: ignore[arg-type]
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_ticket_with_internal_note(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """Tiket #2 (mentor) scrolled to the thread: the hostile description shown literally, the
    context block (screen Progres Harian, no lesson, the last error), then the internal note
    in a heavy frame titled "CATATAN INTERNAL" with the 🔒 label line, and the public reply
    in a round frame titled "Balasan mentor". Reply line, Catatan internal / Tanya peserta
    ticks, "Balasan siap pakai"; F4 Tindakan in the footer."""
    ticket_id = seed_tickets(ws)
    lestari = principal(ws, "mentor.lestari")

    async def before(pilot: Pilot[Any]) -> None:
        await as_staff(pilot.app, pilot, lestari, "Lestari")  # type: ignore[arg-type]
        pilot.app.push_screen(MentorTicketScreen(ticket_id))
        await steady(pilot)
        body = pilot.app.screen.query_one("#ticket-body")
        body.scroll_to_widget(pilot.app.screen.query_one("#ticket-thread"), animate=False, top=True)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)
