"""``bench scale``: key-to-refresh time on every main screen at 300 and at N employees.

The app runs headless (Pilot) on a generated office (``office_gen``). It signs in once per
account the probes of ``screens.PROBES`` need (the learner darto, the mentor, the trainer);
each probe is opened from that account's landing screen and its keys are pressed ``rounds``
times. A minimal Textual app's figure (a key moving the highlight of a 50-line list) is
measured beside it.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from ekinerja_tutor.bench import office_gen, screens
from ekinerja_tutor.bench.report import Report, Target, percentile

P95_TARGET_MS = 50.0
GROWTH_TARGET = 2.0
BASELINE_EMPLOYEES = 300


Samples = dict[str, tuple[list[float], list[float]]]
"""Per screen: wall-clock seconds and CPU seconds of each timed key."""


async def _measure_tutor(
    office: office_gen.Office, rounds: int, probes: list[screens.ScreenProbe] | None = None
) -> Samples:
    from ekinerja_tutor.ui.app import TutorApp

    with tempfile.TemporaryDirectory(prefix="ekt-scale-") as home:
        services = office_gen.open_office(office.path, Path(home))
        app = TutorApp(services=services)
        found: Samples = {}
        async with app.run_test(size=(80, 24)) as pilot:
            await screens.settled(app, pilot)
            for account, group in screens.by_account(probes):
                landing = await screens.sign_in_as(app, pilot, account)
                for probe in group:
                    await probe.open(app, pilot)
                    samples: list[float] = []
                    cpu: list[float] = []
                    for n in range(rounds + 2):  # two warm-up rounds
                        for key in probe.keys:
                            await screens.press(app, pilot, *screens.dashboard_before(probe))
                            took = await screens.press_timed(app, pilot, key)
                            if n >= 2:
                                samples.append(took)
                                cpu.append(screens.CPU_TIMES[-1])
                    found[probe.name] = (samples, cpu)
                    await screens.press(app, pilot, *probe.close)
                    if probe.finish is not None:
                        await probe.finish(app, pilot)
                    await screens.back_to(app, pilot, landing)
        return found


async def _measure_minimal(rounds: int) -> tuple[list[float], list[float]]:
    from ekinerja_tutor.bench.minimal import MinimalApp

    app = MinimalApp()
    samples: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await screens.settled(app, pilot)
        app.query_one("#rows").focus()
        for n in range(rounds + 2):
            for key in ("down", "up"):
                took = await screens.press_timed(app, pilot, key)
                if n >= 2:
                    samples.append(took)
                    cpu.append(screens.CPU_TIMES[-1])
    return samples, cpu


def run(employees: int, *, rounds: int = 30, home: Path | None = None) -> Report:
    small = office_gen.office(BASELINE_EMPLOYEES, home=home)
    large = office_gen.office(employees, home=home) if employees != BASELINE_EMPLOYEES else small
    minimal = asyncio.run(_measure_minimal(rounds))
    at_small = asyncio.run(_measure_tutor(small, rounds))
    at_large = asyncio.run(_measure_tutor(large, rounds)) if large is not small else at_small
    ms = 1000.0
    rows: list[list[Any]] = [
        [
            "minimal app (list ↓/↑)",
            len(minimal[0]),
            percentile(minimal[0], 50) * ms,
            percentile(minimal[0], 95) * ms,
            "",
            "",
            "",
            percentile(minimal[1], 95) * ms,
        ],
    ]
    targets: list[Target] = []
    skipped = [p.name for p in screens.PROBES if not p.available]
    for name, (big, big_cpu) in at_large.items():
        base = at_small.get(name, ([], []))[0]
        p95_small = percentile(base, 95) * ms
        p95_big = percentile(big, 95) * ms
        growth = p95_big / p95_small if p95_small else float("inf")
        rows.append(
            [
                name,
                len(big),
                percentile(base, 50) * ms,
                p95_small,
                percentile(big, 50) * ms,
                p95_big,
                round(growth, 2),
                percentile(big_cpu, 95) * ms,
            ]
        )
        targets.append(Target(f"{name}: p95 at {employees}", p95_big, P95_TARGET_MS, " ms"))
        targets.append(
            Target(f"{name}: growth {BASELINE_EMPLOYEES}→{employees}", growth, GROWTH_TARGET, "×")
        )
    notes = [
        f"office of {small.employees} people / {small.daily_rows} daily entries, and "
        f"{large.employees} / {large.daily_rows} (built in {large.build_seconds} s, cached)",
        f"help desk and training room at {large.employees}: {large.tickets} tickets, "
        f"{large.trainees} trainees in {large.training_sessions} sessions "
        f"(at {small.employees}: {small.tickets}, {small.trainees}, {small.training_sessions})",
        "time = key event posted → app idle, every worker done, next frame drawn (headless)",
    ]
    if skipped:
        notes.append("screens not built yet, skipped: " + ", ".join(skipped))
    return Report(
        bench="scale",
        columns=[
            "screen",
            "samples",
            f"p50 ms @{BASELINE_EMPLOYEES}",
            f"p95 ms @{BASELINE_EMPLOYEES}",
            f"p50 ms @{employees}",
            f"p95 ms @{employees}",
            "growth p95",
            f"CPU p95 ms @{employees}",
        ],
        rows=rows,
        targets=targets,
        notes=notes,
        data={
            "minimal_s": minimal,
            "baseline_s": at_small,
            "large_s": at_large,
            "employees": employees,
            "daily_rows": large.daily_rows,
        },
    )
