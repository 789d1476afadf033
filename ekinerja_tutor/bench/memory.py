"""``bench memory``: one app process driven through every main screen many times; RSS over time.

The app runs in a child process (so the bench's own memory does not count), headless, on the
300-employee office. Each cycle signs in as each probe's account in turn (the learner, the
mentor, the trainer), opens that account's probe screens, presses their keys and goes back.
RSS is sampled after every cycle. Targets: the peak stays ≤ 80 MiB and the second half is
flat (the last sample at most 2 MiB above the one at the half-way point).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ekinerja_tutor.bench import office_gen, screens
from ekinerja_tutor.bench.report import Report, Target, rss_mib

PEAK_TARGET_MIB = 80.0
FLAT_TARGET_MIB = 2.0


async def _drive(db: Path, cycles: int) -> list[tuple[float, float]]:
    import gc

    from ekinerja_tutor.ui.app import TutorApp

    samples: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="ekt-mem-") as home:
        services = office_gen.open_office(db, Path(home))
        app = TutorApp(services=services)
        started = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            await screens.settled(app, pilot)
            groups = screens.by_account()
            await screens.sign_in_as(app, pilot, groups[0][0])
            samples.append((0.0, rss_mib()))
            for _cycle in range(cycles):
                for account, probes in groups:
                    landing = await screens.sign_in_as(app, pilot, account)
                    for probe in probes:
                        await probe.open(app, pilot)
                        for key in probe.keys:
                            await screens.press(app, pilot, *screens.dashboard_before(probe), key)
                        await screens.press(app, pilot, *probe.close)
                        if probe.finish is not None:
                            await probe.finish(app, pilot)
                        await screens.back_to(app, pilot, landing)
                gc.collect()
                samples.append((time.perf_counter() - started, rss_mib()))
    return samples


def child_main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    samples = asyncio.run(_drive(args.db, args.cycles))
    args.out.write_text(json.dumps(samples), encoding="utf-8")


def run(cycles: int = 500, home: Path | None = None) -> Report:
    office = office_gen.office(300, home=home)
    with tempfile.TemporaryDirectory(prefix="ekt-mem-run-") as tmp:
        copy = Path(tmp) / "office.db"
        copy.write_bytes(office.path.read_bytes())
        out = Path(tmp) / "rss.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ekinerja_tutor.bench.memory",
                "--db",
                str(copy),
                "--cycles",
                str(cycles),
                "--out",
                str(out),
            ],
            check=True,
        )
        samples = [tuple(x) for x in json.loads(out.read_text(encoding="utf-8"))]
    rss = [s[1] for s in samples]
    half = len(rss) // 2
    peak = max(rss)
    drift = rss[-1] - rss[half]
    marks = sorted({0, len(rss) // 4, half, 3 * len(rss) // 4, len(rss) - 1})
    rows = [[f"after cycle {m}", round(samples[m][0], 1), rss[m]] for m in marks]
    used = [p.name for p in screens.PROBES if p.available]
    return Report(
        bench="memory",
        columns=["moment", "seconds", "RSS MiB"],
        rows=rows,
        targets=[
            Target("peak RSS", peak, PEAK_TARGET_MIB, " MiB"),
            Target("RSS growth over the second half", drift, FLAT_TARGET_MIB, " MiB"),
        ],
        notes=[f"{cycles} cycles through: {', '.join(used)} (headless, 80×24)"],
        data={"samples": samples},
    )


if __name__ == "__main__":
    child_main()
