"""SIGKILL at random moments of submit and autosave: nothing committed is lost, nothing is
left half-written (SQLite integrity check, every draft readable)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.workspace.conftest import WsWorld, rencana_aksi_ids

ROOT = Path(__file__).resolve().parents[2]


def _kill_after(args: list[str], delay: float) -> list[str]:
    """Run the worker, SIGKILL it ``delay`` seconds after its first line; its output lines."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.worker", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if not first:
        raise AssertionError(f"worker died before working: {proc.stderr.read()}")  # type: ignore[union-attr]
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    rest, _err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return [
        first.strip(),
        *[line for line in rest.splitlines() if line.endswith(tuple("0123456789"))],
    ]


def _check_database(db: Path, lines: list[str]) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT id, status, bukti_dukung, kegiatan, submitted_at FROM daily_entry"
            )
        }
    finally:
        conn.close()
    sent = 0
    for line in lines:
        word, entry_id, n = line.split()[:3]
        if word not in ("saved", "evidence", "sent"):
            continue
        row = rows.get(int(entry_id))
        assert row is not None, f"committed entry {entry_id} lost ({line})"
        status, bukti, kegiatan, submitted_at = row
        assert kegiatan == f"Kegiatan uji gangguan nomor {n}"
        if word in ("evidence", "sent"):
            assert bukti.endswith(f"fault-{n}/view"), line
        if word == "sent":
            sent += 1
            assert status == "DIKIRIM" and submitted_at is not None, line
    # nothing half-written: a sent entry always has its time, a draft never has one
    for status, _bukti, _kegiatan, submitted_at in rows.values():
        assert (status == "DRAFT") == (submitted_at is None) or status == "REVISI"
    return len(lines), sent


def _kill_rounds(ws: WsWorld, tmp_path: Path, rounds: int) -> int:
    ws.services.close()  # the worker is the only writer, as a killed app would be
    db = ws.home / "t.db"
    ra = rencana_aksi_ids(ws)
    sent_total = 0
    rng = random.Random(11)
    for _ in range(rounds):
        lines = _kill_after(
            [
                str(db),
                str(tmp_path),
                str(ws.seeded.sandbox_id),
                str(ws.seeded.persona_id),
                "submit",
                str(ra[0]) if ra else "-",
            ],
            rng.uniform(0.05, 0.8),
        )
        sent_total += _check_database(db, lines)[1]
    return sent_total


def _autosave_rounds(tmp_path: Path, ws: WsWorld, rounds: int) -> None:
    from ekinerja_tutor.services.drafts import DraftStore

    rng = random.Random(7)
    store = DraftStore(tmp_path / "drafts")
    for _ in range(rounds):
        lines = _kill_after(
            [
                str(ws.home / "t.db"),
                str(tmp_path),
                str(ws.seeded.sandbox_id),
                str(ws.seeded.persona_id),
                "autosave",
                "-",
            ],
            rng.uniform(0.01, 0.3),
        )
        last = int(lines[-1].split()[1])
        draft = store.load("7", "daily-entry:new")
        assert draft is not None, "the autosaved draft is gone"
        assert draft["n"] >= last  # the last reported save (or a later one) is there
        for path in (tmp_path / "drafts").rglob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))  # every draft file is whole


def test_sigkill_during_submit_loses_nothing_committed(ws: WsWorld, tmp_path: Path) -> None:
    _kill_rounds(ws, tmp_path, rounds=3)


def test_sigkill_during_autosave_keeps_a_whole_draft(ws: WsWorld, tmp_path: Path) -> None:
    _autosave_rounds(tmp_path, ws, rounds=3)


@pytest.mark.slow
def test_sigkill_many_times(ws: WsWorld, tmp_path: Path) -> None:
    assert _kill_rounds(ws, tmp_path, rounds=25) > 0  # some kills landed after a send
    _autosave_rounds(tmp_path, ws, rounds=25)
