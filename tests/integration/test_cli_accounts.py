"""Account administration and the practice phone from the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from ekinerja_tutor.cli import main
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.totp import verify_code
from ekinerja_tutor.services.auth import AuthService
from tests.integration.conftest import CHEAP_HASHER, Built, open_built

DARTO_PASSWORD = "Latihan#2026a"  # sandbox_data/accounts.toml
NEW_PASSWORD = "Sawah#Hijau2026"


@pytest.fixture
def db(built_sqlite: Built, tmp_path: Path) -> str:
    shutil.copy(built_sqlite.home / "tutor.db", tmp_path / "tutor.db")
    return f"sqlite:///{tmp_path}/tutor.db"


def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def enrol(db: str, tmp_path: Path, *, practice_phone: bool) -> str:
    """Sign in as darto, change the first password, start a device; returns the key."""
    services = open_built(db, tmp_path)
    try:
        auth = AuthService(services.ctx, hasher=CHEAP_HASHER)
        step = auth.login_password("darto", DARTO_PASSWORD)
        auth.change_password(step.account_id, DARTO_PASSWORD, NEW_PASSWORD)
        step = auth.login_password("darto", NEW_PASSWORD)
        view = auth.start_enrolment(step.account_id, "HP Sudarto", practice_phone)
        return view.secret.replace(" ", "")
    finally:
        services.close()


def test_authenticator_shows_the_code_the_app_accepts(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    tmp_path: Path,
) -> None:
    secret = enrol(db, tmp_path, practice_phone=True)
    code, out, _ = cli(
        capsys,
        monkeypatch,
        "--db",
        db,
        "authenticator",
        "darto",
        "--once",
        stdin=NEW_PASSWORD + "\n",
    )
    assert code == 0 and "changes in" in out
    shown = out.split("code: ")[1][:7].replace(" ", "")
    match = verify_code(secret, shown, dt.datetime.now(dt.UTC), None)
    assert match.step > 0


def test_authenticator_refuses_a_wrong_password(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    tmp_path: Path,
) -> None:
    enrol(db, tmp_path, practice_phone=True)
    code, out, err = cli(
        capsys,
        monkeypatch,
        "--db",
        db,
        "authenticator",
        "darto",
        "--once",
        stdin="not-the-password\n",
    )
    assert code == 2 and out == "" and "Wrong password" in err


def test_authenticator_refuses_an_account_with_a_real_phone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    tmp_path: Path,
) -> None:
    enrol(db, tmp_path, practice_phone=False)
    code, out, err = cli(
        capsys,
        monkeypatch,
        "--db",
        db,
        "authenticator",
        "darto",
        "--once",
        stdin=NEW_PASSWORD + "\n",
    )
    assert code == 2 and out == "" and "HP Sudarto" in err


def test_user_commands_administer_accounts(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    tmp_path: Path,
) -> None:
    code, out, _ = cli(
        capsys,
        monkeypatch,
        "--db",
        db,
        "user",
        "add",
        "budi.mentor",
        "--name",
        "Budi [b]Mentor[/b]",
        "--roles",
        "mentor,learner",
    )
    assert code == 0 and "One-time password" in out
    first = out.rsplit(": ", 1)[1].strip()
    code, out, _ = cli(capsys, monkeypatch, "--db", db, "user", "list", "--json")
    budi = next(u for u in json.loads(out) if u["username"] == "budi.mentor")
    assert budi["name"] == "Budi [b]Mentor[/b]" and budi["roles"] == ["learner", "mentor"]
    assert budi["must_change_password"] is True
    code, out, _ = cli(capsys, monkeypatch, "--db", db, "user", "roles", "budi.mentor", "mentor")
    assert code == 0 and "mentor" in out
    code, out, _ = cli(capsys, monkeypatch, "--db", db, "user", "passwd", "budi.mentor")
    second = out.rsplit(": ", 1)[1].strip()
    assert code == 0 and second != first
    services = open_built(db, tmp_path)
    try:
        auth = AuthService(services.ctx, hasher=CHEAP_HASHER)
        with pytest.raises(Exception, match="password"):
            auth.login_password("budi.mentor", first)
        assert auth.login_password("budi.mentor", second).next.name == "CHANGE_PASSWORD"
    finally:
        services.close()
    code, out, err = cli(capsys, monkeypatch, "--db", db, "user", "unlock", "nobody")
    assert code == 2 and "nobody" in err


def test_reset_device_makes_the_learner_enrol_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    tmp_path: Path,
) -> None:
    services = open_built(db, tmp_path)
    services.ctx.clock = FixedClock(dt.datetime.now(dt.UTC))
    try:
        auth = AuthService(services.ctx, hasher=CHEAP_HASHER)
        step = auth.login_password("darto", DARTO_PASSWORD)
        auth.change_password(step.account_id, DARTO_PASSWORD, NEW_PASSWORD)
        step = auth.login_password("darto", NEW_PASSWORD)
        view = auth.start_enrolment(step.account_id, "Ponsel latihan", True)
        from ekinerja_tutor.domain.totp import current_code

        secret = view.secret.replace(" ", "")
        auth.confirm_enrolment(step.account_id, current_code(secret, services.ctx.now()).code)
        assert auth.login_password("darto", NEW_PASSWORD).next.name == "OTP"
    finally:
        services.close()
    code, out, _ = cli(capsys, monkeypatch, "--db", db, "user", "reset-device", "darto")
    assert code == 0 and "enrol a device again" in out
    services = open_built(db, tmp_path)
    try:
        auth = AuthService(services.ctx, hasher=CHEAP_HASHER)
        assert auth.login_password("darto", NEW_PASSWORD).next.name == "ENROL"
    finally:
        services.close()
