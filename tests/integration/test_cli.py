"""The command line: the documented commands, and bad input as one clear line, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ekinerja_tutor.cli import main
from tests.integration.conftest import Built


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(built_sqlite: Built, tmp_path: Path) -> str:
    shutil.copy(built_sqlite.home / "tutor.db", tmp_path / "tutor.db")
    return f"sqlite:///{tmp_path}/tutor.db"


def test_accounts_json_lists_every_role(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "--db", db, "accounts", "--json")
    assert code == 0
    rows = json.loads(out)
    roles = {role for row in rows for role in row["roles"]}
    assert roles == {"learner", "trainer", "mentor", "admin"}
    darto = next(r for r in rows if r["alias"] == "darto")
    assert darto["persona"] == "darto" and darto["jabatan"]


def test_sandbox_show_json_has_the_year_and_its_audit(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(capsys, "--db", db, "sandbox", "show", "darto", "--json")
    assert code == 0
    data = json.loads(out)
    skp = data["skp"][0]
    assert skp["status"] == "DISETUJUI"
    assert skp["rhk"] and all(
        r["intervenes"] and r["intervenes"]["skp_status"] == "DISETUJUI" for r in skp["rhk"]
    )
    assert any(e["revision_note"] for e in data["daily_entries"])
    recap = next(r for r in data["recaps"] if r["status"] == "VALID")
    assert [s["level"] for s in recap["steps"]] == ["KASUBAG_KABID", "SEKRETARIS", "KEPALA_DINAS"]
    assert data["assessments"][0]["predikat"] in {"BAIK", "SANGAT_BAIK", "BUTUH_PERBAIKAN"}
    actions = {e["action"] for e in data["audit"]}
    assert {"skp.approve", "daily.return", "recap.pass", "assessment.create"} <= actions
    assert all(e["simulated"] for e in data["audit"] if e["action"] == "recap.pass")


def test_sandbox_show_text_lists_as_many_audit_events_as_asked(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    show = ("--db", db, "--lang", "en", "sandbox", "show", "darto", "--events")
    _, out, _ = run(capsys, *show, "5")
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Audit trail: the latest 5"))
    assert len([line for line in lines[head + 1 :] if line.startswith("  ")]) == 5
    _, every, _ = run(capsys, *show, "0")
    total = int(every.split("Audit trail: the latest ")[1].split(" of ")[1].split(" ")[0])
    assert f"the latest {total} of {total}" in every
    assert "recap.pass" in every and "[simulasi]" in every


def test_clock_moves_one_learner_only(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(
        capsys, "--db", db, "--lang", "en", "sandbox", "clock", "darto", "--quarter-end"
    )
    assert code == 0 and "2026-06-30" in out
    _, other, _ = run(capsys, "--db", db, "sandbox", "show", "darto2", "--json")
    assert json.loads(other)["sandbox"]["today"] == "2026-05-13T07:30:00"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["sandbox", "show", "nobody"], "Unknown user: nobody"),
        (["sandbox", "reset", "darto", "--scenario", "nope"], "Unknown scenario: nope"),
        (["sandbox", "clock", "darto", "--date", "2026-13-40"], "Invalid date: 2026-13-40"),
        (["sandbox", "clock", "darto", "--date", "2026-01-02"], "can only move forward"),
    ],
)
def test_bad_input_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: str, argv: list[str], needle: str
) -> None:
    code, _, err = run(capsys, "--db", db, "--lang", "en", *argv)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("mysql://x@y/z", "Invalid database address"),
        ("not a url at all", "Invalid database address"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot be reached"),
    ],
)
def test_bad_database_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], url: str, needle: str
) -> None:
    code, _, err = run(capsys, "--db", url, "--lang", "en", "accounts")
    assert code == 2 and needle in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_reset_refuses_a_server_database_without_force(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "--db", "postgresql://u@127.0.0.1:1/x", "--lang", "en", "reset", "--yes"
    )
    assert code == 2 and "--force" in err


def test_a_broken_seed_file_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ekinerja_tutor.content.library import clear_content_caches
    from ekinerja_tutor.content.paths import content_root

    shutil.copytree(content_root(), tmp_path / "sandbox_data")
    office = tmp_path / "sandbox_data" / "office.toml"
    office.write_text(office.read_text() + "\n[[people]\nkey = broken\n")
    monkeypatch.setenv("EKINERJA_TUTOR_CONTENT", str(tmp_path))
    clear_content_caches()
    try:
        code, _, err = run(
            capsys, "--db", f"sqlite:///{tmp_path}/t.db", "--lang", "en", "reset", "--yes"
        )
    finally:
        clear_content_caches()
    assert code == 2
    assert "office.toml" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
