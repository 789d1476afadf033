"""``ekinerja-tutor serve`` for real: a browser-style websocket client gets the login screen."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.conftest import Built
from tests.training.ws_client import first_screen

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not start listening")


def test_serve_on_loopback_sends_the_login_screen(built_sqlite: Built, tmp_path: Path) -> None:
    db_file = tmp_path / "tutor.db"
    shutil.copy(built_sqlite.home / "tutor.db", db_file)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EKINERJA_TUTOR_HOME": str(tmp_path / "home")}
    env.pop("EKINERJA_TUTOR_SERVED", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ekinerja_tutor",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            f"sqlite:///{db_file}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # its own process group: Ctrl+C for the server must never reach the test runner
        start_new_session=True,
    )
    try:
        _wait_listening(port, process)
        status, text = asyncio.run(first_screen(f"http://127.0.0.1:{port}", "Masuk ke e-Kinerja"))
        assert status == 200
        assert "Masuk ke e-Kinerja (latihan)" in text
        assert "NIP atau nama pengguna" in text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("serve did not stop on Ctrl+C")
    stderr = process.stderr.read().decode()  # type: ignore[union-attr]
    assert code == 0, stderr
    assert "127.0.0.1" in stderr and "Traceback" not in stderr


def test_serve_warns_loudly_off_loopback_and_refuses_a_busy_port(tmp_path: Path) -> None:
    from ekinerja_tutor.cli.serve_command import app_command, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    command = app_command("postgresql://u@h/db", "en")
    assert command.startswith("EKINERJA_TUTOR_SERVED=1 ") and "--db postgresql://u@h/db" in command
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-m", "ekinerja_tutor", "--lang", "en", "serve", "--port", str(port)],
            env=env,
            capture_output=True,
            check=False,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and f"Port {port} cannot be used" in done.stderr


def test_settings_know_they_are_served(monkeypatch: pytest.MonkeyPatch) -> None:
    from ekinerja_tutor.settings import Settings

    monkeypatch.delenv("EKINERJA_TUTOR_SERVED", raising=False)
    assert not Settings.resolve().served
    monkeypatch.setenv("EKINERJA_TUTOR_SERVED", "1")
    assert Settings.resolve().served
