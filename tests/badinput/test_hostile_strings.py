"""A table of hostile strings: each is refused with a clear message or stored and shown exactly
(read back through the services and on the weekly view, where it must stay literal text)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import TutorError, ValidationError
from tests.badinput.helpers import assert_clear
from tests.ui.workspace.conftest import MakeApp, WsWorld, open_week, rencana_aksi_ids

HOSTILE = {
    "markup": "Rapat [Bidang] [@click=app.quit]tutup[/] [b]tebal[/b] [link=https://x.id]x[/link]",
    "control": "Rapat\x00staf\x07\x1b[31mmerah\x1b[0m\x08",
    "rtl": "Rapat \u202eataR\u202c \u200f\u200e\u2066isolat\u2069",
    "far_too_long": "Rapat koordinasi " * 2000,
    "sql": "'; DROP TABLE daily_entry; -- \" OR 1=1 /*",
    "javascript_link": "javascript:alert(document.cookie)",
    "newlines": "baris satu\nbaris dua\r\nbaris tiga\u2028empat",
    "emoji_zwj": "Rapat 👩🏽‍💻 selesai ✅",
}
LINKS = {
    "javascript_link": "javascript:alert(1)",
    "data_link": "data:text/html,<script>alert(1)</script>",
    "markup_link": "https://drive.google.com/[@click=app.quit]x[/]",
    "far_too_long": "https://drive.google.com/" + "a" * 5000,
}


def _form(ws: WsWorld, kegiatan: str, bukti: str = "") -> DailyEntryInput:
    ra = rencana_aksi_ids(ws)
    return DailyEntryInput(
        tanggal=dt.date(2026, 5, 13),
        jam_mulai=dt.time(10, 0),
        jam_selesai=dt.time(11, 0),
        kegiatan=kegiatan,
        realisasi=1,
        satuan="dokumen",
        bukti_dukung=bukti,
        rencana_aksi_id=ra[0] if ra else None,
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_activity_text(ws: WsWorld, make_app: MakeApp, name: str) -> None:
    text = HOSTILE[name]
    try:
        view = ws.daily.save_draft(ws.persona_seat, None, _form(ws, text))
    except ValidationError as error:
        assert_clear(error)
        assert error.field == "kegiatan", error.field  # beside the field that caused it
        return
    assert ws.daily.get(ws.persona_seat, view.id).kegiatan == text  # stored exactly
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        week = await open_week(app, pilot, ws)
        table = week.query_one("#week-table", DataTable)
        shown = table.get_row(f"entry:{view.id}")[3]
        assert shown.plain.rstrip("…") and text.startswith(shown.plain.rstrip("…")[:20])
        assert app.is_running  # [@click=app.quit] did not quit


@pytest.mark.parametrize("name", sorted(LINKS))
def test_hostile_evidence_links(ws: WsWorld, name: str) -> None:
    link = LINKS[name]
    try:
        view = ws.daily.save_draft(ws.persona_seat, None, _form(ws, "Rapat staf", link))
    except TutorError as error:
        assert_clear(error)
        return
    stored = ws.daily.get(ws.persona_seat, view.id).bukti_dukung
    assert stored == link
    # stored as typed, but never sendable as evidence when it is not a web address
    if not link.startswith("https://"):
        with pytest.raises(TutorError) as caught:
            ws.daily.submit(ws.persona_seat, view.id)
        assert_clear(caught.value)
