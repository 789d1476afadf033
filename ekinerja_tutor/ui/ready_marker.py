"""Say when the first screen is ready for input (used by ``ekinerja-tutor bench startup``).

With ``EKINERJA_TUTOR_READY_FILE`` set, the app runs an auto-pilot that waits until a screen
of ours holds the keyboard focus and has been painted, writes the wall-clock time
(and, for the tutor, when the database was open) as JSON to that file, and quits. The bench
starts the tutor and a minimal Textual app the same way, so both are timed identically.
Unset (the normal case) nothing changes.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Coroutine
from typing import Any

ENV_READY_FILE = "EKINERJA_TUTOR_READY_FILE"
SERVICES_TIMEOUT_S = 60.0


def ready_autopilot(
    path: str | None = None,
) -> Callable[[Any], Coroutine[Any, Any, None]] | None:
    """The auto-pilot for ``App.run(auto_pilot=...)``, or None when no file is asked for."""
    target = path or os.environ.get(ENV_READY_FILE)
    if not target:
        return None

    async def mark(pilot: Any) -> None:
        app = pilot.app
        # Not pilot.pause(): it waits for the whole process to go idle, background threads
        # (the database opening) included; a user can type before those finish.
        while True:
            screen = app.screen
            if type(screen).__name__ != "_DefaultScreen" and app.focused is not None:
                break
            await asyncio.sleep(0.002)
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)
        await painted.wait()
        ready = time.time()
        cpu = time.process_time()  # CPU seconds of this process so far (all threads)
        services_at: float | None = None
        if hasattr(app, "services"):
            deadline = time.monotonic() + SERVICES_TIMEOUT_S
            while app.services is None and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            services_at = time.time() if app.services is not None else None
        record = {
            "ready": ready,
            "cpu": cpu,
            "services": services_at,
            "screen": type(app.screen).__name__,
        }
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        app.exit()

    return mark
