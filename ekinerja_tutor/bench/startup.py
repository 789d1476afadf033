"""``bench startup``: a new process to the login screen ready for input, against a minimal app.

Both programs are started the same way (``python -m …`` in a fresh process on an 80×24
pseudo-terminal, ``.pyc`` files compiled beforehand) and report readiness the same way (the
ready marker in ``ui/ready_marker.py``). Runs are interleaved so drift on a shared machine hits
both equally; the medians and their ratio are reported.
"""

from __future__ import annotations

import compileall
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import ekinerja_tutor
from ekinerja_tutor.bench.report import Report, Target, median, percentile

RATIO_TARGET = 1.5
TIMEOUT_S = 120.0


def compile_sources() -> None:
    """Write ``.pyc`` files for our package (site-packages are compiled by pip)."""
    compileall.compile_dir(Path(ekinerja_tutor.__file__).parent, quiet=1, workers=1)


def _env(home: Path, ready_file: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "EKINERJA_TUTOR_HOME": str(home),
            "EKINERJA_TUTOR_READY_FILE": str(ready_file),
            "TERM": "xterm-256color",
            "COLUMNS": "80",
            "LINES": "24",
        }
    )
    env.pop("EKINERJA_TUTOR_DB", None)
    env.pop("TEXTUAL", None)
    return env


def launch(argv: list[str], home: Path) -> dict[str, float | str | None]:
    """Run ``argv`` on a pseudo-terminal; seconds from spawn to ready (and to services)."""
    with tempfile.TemporaryDirectory(prefix="ekt-ready-") as tmp:
        ready_file = Path(tmp) / "ready.json"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

        def drain() -> None:
            while True:
                try:
                    if not os.read(master, 65536):
                        return
                except OSError:
                    return

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        start = time.time()
        proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=_env(home, ready_file),
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        try:
            proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        finally:
            os.close(master)
        reader.join(timeout=2)
        if not ready_file.exists():
            raise RuntimeError(f"{' '.join(argv)} never reported ready (exit {proc.returncode})")
        record = json.loads(ready_file.read_text(encoding="utf-8"))
    services = record.get("services")
    return {
        "ready": record["ready"] - start,
        "cpu": record.get("cpu"),
        "services": services - start if services else None,
        "screen": record.get("screen"),
    }


TUTOR = [sys.executable, "-m", "ekinerja_tutor"]
MINIMAL = [sys.executable, "-m", "ekinerja_tutor.bench.minimal"]


def run(repetitions: int = 7, home: Path | None = None) -> Report:
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="ekt-bench-home-") as tmp:
        home = home or Path(tmp)
        # Warm-up, not counted: the first tutor start creates and seeds the practice database,
        # and both warm the OS file cache.
        launch(TUTOR, home)
        launch(MINIMAL, home)
        tutor: list[float] = []
        services: list[float] = []
        minimal: list[float] = []
        tutor_cpu: list[float] = []
        minimal_cpu: list[float] = []
        screen = ""
        for _ in range(repetitions):
            got = launch(TUTOR, home)
            tutor.append(float(got["ready"] or 0))
            tutor_cpu.append(float(got["cpu"] or 0))
            if got["services"] is not None:
                services.append(float(got["services"]))
            screen = str(got["screen"])
            other = launch(MINIMAL, home)
            minimal.append(float(other["ready"] or 0))
            minimal_cpu.append(float(other["cpu"] or 0))
    ratio = median(tutor) / median(minimal) if median(minimal) else float("inf")
    ms = 1000.0
    cpu_ratio = median(tutor_cpu) / median(minimal_cpu) if median(minimal_cpu) else 0.0
    rows = [
        [
            "minimal Textual app",
            len(minimal),
            median(minimal) * ms,
            percentile(minimal, 95) * ms,
            median(minimal_cpu) * ms,
        ],
        [
            f"ekinerja-tutor ({screen})",
            len(tutor),
            median(tutor) * ms,
            percentile(tutor, 95) * ms,
            median(tutor_cpu) * ms,
        ],
        [
            "  …and database open",
            len(services),
            median(services) * ms,
            percentile(services, 95) * ms,
            "",
        ],
    ]
    return Report(
        bench="startup",
        columns=["program", "runs", "median ms", "p95 ms", "CPU ms to ready"],
        rows=rows,
        targets=[Target("start-up ratio (tutor / minimal, medians)", ratio, RATIO_TARGET)],
        notes=[
            "new process on an 80×24 pseudo-terminal, .pyc compiled, runs interleaved",
            "ready = our first screen mounted, focused and painted (ui/ready_marker.py)",
            f"CPU ratio (load-independent, main process to ready): {cpu_ratio:.2f}",
        ],
        data={
            "tutor_s": tutor,
            "services_s": services,
            "minimal_s": minimal,
            "ratio": ratio,
            "tutor_cpu_s": tutor_cpu,
            "minimal_cpu_s": minimal_cpu,
            "cpu_ratio": cpu_ratio,
        },
    )
