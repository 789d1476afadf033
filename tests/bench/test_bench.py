"""The bench's own parts: figures, targets, the ready marker, and a small room for real."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ekinerja_tutor.bench import startup
from ekinerja_tutor.bench.report import Report, Target, percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([3.0], 95) == 3.0
    assert percentile([], 95) == 0.0


def test_targets_say_met_or_not(tmp_path: Path) -> None:
    ok = Target("errors", 0, 0)
    slow = Target("login p95", 2.0, 1.5, " s")
    assert ok.met and not slow.met
    assert "target met" in ok.line() and "NOT met" in slow.line()
    report = Report("x", ["a", "b"], [["row", 1.5]], targets=[ok, slow])
    assert not report.all_met
    assert "login p95" in report.table()
    report.write_json(tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["all_met"] is False and data["targets"][1]["met"] is False
    assert data["machine"]["cores"]


def test_ready_marker_times_a_new_process(tmp_path: Path) -> None:
    got = startup.launch(startup.MINIMAL, tmp_path)
    assert 0 < float(got["ready"] or 0) < 60
    assert got["services"] is None  # the minimal app has no database


@pytest.mark.slow
def test_tutor_reaches_the_login_screen(tmp_path: Path) -> None:
    got = startup.launch(startup.TUTOR, tmp_path)
    assert got["screen"] == "LoginScreen"
    assert got["services"] is not None and float(got["services"]) >= float(got["ready"] or 0)


@pytest.mark.slow
def test_a_small_room_loses_nothing(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On each engine (the 200-client PostgreSQL room once failed at the start, unnoticed)."""
    from ekinerja_tutor.bench import room

    monkeypatch.setenv("EKINERJA_TUTOR_HOME", str(tmp_path))
    report = room.run(db_url, 3, entries=2, think=0.05)
    by_name = {t.name: t for t in report.targets}
    assert by_name["errors"].value == 0, report.notes
    assert by_name["lost updates"].value == 0, report.notes
    counts = {row[0]: row[1] for row in report.rows}
    assert counts["login"] == 3 and counts["submit"] == 6


def test_cached_catalog_equals_the_parsed_files() -> None:
    """The start-up cache of the message catalog never differs from the TOML files."""
    from importlib import resources

    from ekinerja_tutor.i18n import _parse_catalog, load_catalog

    folder = resources.files("ekinerja_tutor.i18n") / "catalog"
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
    )
    fresh = _parse_catalog(entries)
    assert load_catalog.__wrapped__() == fresh  # written or read from the cache
    assert load_catalog.__wrapped__() == fresh  # read from the cache


def test_login_screen_is_reached_without_sqlalchemy() -> None:
    """What the app imports before its first frame: no database library (start-up time)."""
    import subprocess
    import sys

    code = (
        "import sys, ekinerja_tutor.cli as c; c.build_parser()\n"
        "from ekinerja_tutor.bootstrap import run_app\n"
        "from ekinerja_tutor.ui.app import TutorApp\n"
        "from ekinerja_tutor.ui.screens.login import LoginScreen\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy'))[:3])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_client_failing_before_the_start_ends_the_room_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One client that cannot get ready must not leave the others (and the room) waiting for
    the start signal until the timeout; the report counts it and shows why."""
    from ekinerja_tutor.bench import room
    from ekinerja_tutor.services.auth import AuthService

    monkeypatch.setenv("EKINERJA_TUTOR_HOME", str(tmp_path))

    def broken_warm_up(self: AuthService) -> None:
        raise ConnectionError("database unreachable (injected)")

    monkeypatch.setattr(AuthService, "warm_up", broken_warm_up)  # the clients are forked
    started = time.perf_counter()
    report = room.run(f"sqlite:///{tmp_path}/room.db", 3, entries=1, think=0)
    assert time.perf_counter() - started < room.START_TIMEOUT_S / 2
    by_name = {t.name: t for t in report.targets}
    assert by_name["errors"].value == 3
    assert any("no common start" in note for note in report.notes)
    assert any("database unreachable (injected)" in note for note in report.notes), report.notes
