"""The database goes away or fills up in the middle of an action: a clear translated message,
nothing half-written, and the next try works."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from ekinerja_tutor.bootstrap import open_services
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import StorageError
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.settings import Settings
from tests.conftest import FIXED_NOW
from tests.pg_server import PostgresServer
from tests.ui.conftest import CHEAP_HASHER, add_account
from tests.ui.workspace.conftest import WsWorld

OLD = "Latihan#2026a"
NEW = "Sawah#Hijau2026x"


def _messages(error: StorageError) -> tuple[str, str]:
    return error.render("id"), error.render("en")


@pytest.mark.postgres
def test_connection_dropped_mid_action_says_so_and_keeps_the_old_state(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    from ekinerja_tutor.domain.clock import FixedClock

    services = open_services(
        Settings(home=tmp_path, db_url=pg_url, embedded=False),
        clock=FixedClock(FIXED_NOW),
        upgrade=True,
    )
    admin = create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    try:
        account_id = add_account(
            services, "sri", OLD, display_name="Sri", must_change_password=True
        )
        auth = AuthService(services.ctx, hasher=CHEAP_HASHER)
        auth.login_password("sri", OLD)
        engine = services.ctx.db.engine
        dropped: list[int] = []

        def drop(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
            if statement.lstrip().upper().startswith("UPDATE ACCOUNT") and not dropped:
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                dropped.append(pid)

        event.listen(engine, "before_cursor_execute", drop)
        with pytest.raises(StorageError) as caught:
            auth.change_password(account_id, OLD, NEW)
        event.remove(engine, "before_cursor_execute", drop)
        assert dropped, "the fault was never injected"
        assert caught.value.key == "error.database_disconnected"
        in_id, in_en = _messages(caught.value)
        assert "terputus" in in_id and "draf" in in_id
        assert "connection" in in_en and "draft" in in_en
        assert "Traceback" not in in_en and "psycopg" not in in_en
        # nothing was half-done: the old password still works, and trying again succeeds
        auth.login_password("sri", OLD)
        auth.change_password(account_id, OLD, NEW)
        auth.login_password("sri", NEW)
    finally:
        admin.dispose()
        services.close()


def _entry(n: int) -> DailyEntryInput:
    start = 6 * 60 + n * 5
    return DailyEntryInput(
        tanggal=dt.date(2026, 5, 13),
        jam_mulai=dt.time(start // 60, start % 60),
        jam_selesai=dt.time((start + 5) // 60, (start + 5) % 60),
        kegiatan=f"Entri penuh {n} " + "isi panjang " * 38,
        realisasi=1,
        satuan="dokumen",
        bukti_dukung="https://drive.google.com/file/d/" + "d" * 900,
        rencana_aksi_id=None,
    )


def test_full_disk_gives_a_clear_message_and_no_corruption(ws: WsWorld) -> None:
    db = ws.services.ctx.db
    engine = db.engine
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    assert pages is not None
    limit = int(pages) + 8

    def cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    engine.dispose()
    event.listen(engine, "connect", cap)
    saved: list[int] = []
    with pytest.raises(StorageError) as caught:
        for n in range(500):
            saved.append(ws.daily.save_draft(ws.persona_seat, None, _entry(n)).id)
    assert saved, "the disk was full before the first entry"
    assert caught.value.key == "error.database_full"
    in_id, in_en = _messages(caught.value)
    assert "penuh" in in_id.lower() and "full" in in_en.lower()
    assert Translator("en").t("error.database_full") == in_en
    event.remove(engine, "connect", cap)
    engine.dispose()
    path = ws.home / "t.db"
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = [
            r[0]
            for r in raw.execute("SELECT id FROM daily_entry WHERE kegiatan LIKE 'Entri penuh %'")
        ]
    finally:
        raw.close()
    assert sorted(kept) == sorted(saved)  # every saved one is there, the refused one is not
    for entry_id in saved:
        assert ws.daily.get(ws.persona_seat, entry_id).kegiatan.startswith("Entri penuh")
    # space again: the same action now works
    assert ws.daily.save_draft(ws.persona_seat, None, _entry(len(saved))).id
