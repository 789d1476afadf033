"""``ekinerja-tutor bench …``: measure start-up, scale, a training room and memory.

Each sub-command prints a table with every target said as met or not met, writes the same
figures as JSON with ``--json PATH``, and exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ekinerja_tutor.i18n import Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = sub.add_parser("bench", help="measure speed and memory (see README: Measured speed)")
    actions = bench.add_subparsers(dest="bench_command", required=True, metavar="BENCH")

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", type=Path, metavar="PATH", help="also write JSON here")

    startup = actions.add_parser("startup", help="new process to login screen vs minimal app")
    startup.add_argument("--runs", type=int, default=9, help="repetitions of each (default 9)")
    common(startup)
    startup.set_defaults(handler=_startup)

    scale = actions.add_parser("scale", help="key-to-refresh on each main screen at 300 and N")
    scale.add_argument("--employees", type=int, default=8000, metavar="N")
    scale.add_argument("--rounds", type=int, default=30, help="timed rounds per key")
    scale.add_argument("--rebuild", action="store_true", help="regenerate the cached offices")
    common(scale)
    scale.set_defaults(handler=_scale)

    room = actions.add_parser("room", help="N concurrent clients doing the full daily flow")
    room.add_argument("--clients", type=int, default=30, metavar="N")
    room.add_argument("--entries", type=int, default=3, help="entries per client (default 3)")
    room.add_argument(
        "--think",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="average pause between a person's actions (default 2; 0 = back to back)",
    )
    common(room)
    room.set_defaults(handler=_room)

    memory = actions.add_parser("memory", help="RSS of one app driven through every screen")
    memory.add_argument("--cycles", type=int, default=500)
    common(memory)
    memory.set_defaults(handler=_memory)


def _finish(report: Any, args: argparse.Namespace, tr: Translator) -> int:
    print(report.table())
    if args.json is not None:
        report.write_json(args.json)
        print(tr.t("bench.json_written", path=str(args.json)))
    print(tr.t("bench.all_met") if report.all_met else tr.t("bench.some_not_met"))
    return 0 if report.all_met else 1


def _startup(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bench import startup

    return _finish(startup.run(args.runs), args, tr)


def _scale(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bench import office_gen, scale

    if args.rebuild:
        office_gen.office(scale.BASELINE_EMPLOYEES, rebuild=True)
        office_gen.office(args.employees, rebuild=True)
    print(tr.t("bench.scale_preparing", employees=args.employees))
    return _finish(scale.run(args.employees, rounds=args.rounds), args, tr)


def _room(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bench import room
    from ekinerja_tutor.settings import Settings

    url = Settings.resolve(args.db).db_url
    os.environ.setdefault("EKINERJA_TUTOR_HOME", str(Settings.resolve(args.db).home))
    print(tr.t("bench.room_preparing", clients=args.clients))
    return _finish(room.run(url, args.clients, entries=args.entries, think=args.think), args, tr)


def _memory(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bench import memory

    return _finish(memory.run(args.cycles), args, tr)
