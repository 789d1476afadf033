"""``sandbox show | reset | clock``: one learner's practice office."""

from __future__ import annotations

import argparse
import datetime as dt

from ekinerja_tutor.cli.common import CLI_OPERATOR, print_json, services_for
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.i18n import Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sandbox = sub.add_parser("sandbox", help="a learner's practice sandbox")
    sb = sandbox.add_subparsers(dest="sandbox_command", required=True, metavar="ACTION")

    show = sb.add_parser("show", help="everything in USER's sandbox, with its audit trail")
    show.add_argument("user")
    show.add_argument("--json", action="store_true")
    show.add_argument(
        "--events",
        type=int,
        default=40,
        metavar="N",
        help="how many of the latest audit events to list (0: all)",
    )
    show.set_defaults(handler=show_sandbox)

    reset = sb.add_parser("reset", help="rebuild USER's sandbox (others are untouched)")
    reset.add_argument("user")
    reset.add_argument("--scenario", default=None, help="scenario name (default: base)")
    reset.set_defaults(handler=reset_sandbox)

    clock = sb.add_parser("clock", help="move USER's sandbox date forward")
    clock.add_argument("user")
    move = clock.add_mutually_exclusive_group(required=True)
    move.add_argument("--next-day", action="store_const", const="next_day", dest="move")
    move.add_argument("--month-end", action="store_const", const="month_end", dest="move")
    move.add_argument("--quarter-end", action="store_const", const="quarter_end", dest="move")
    move.add_argument("--date", metavar="YYYY-MM-DD", dest="date")
    clock.set_defaults(handler=move_clock)


def show_sandbox(args: argparse.Namespace, tr: Translator) -> int:
    services = services_for(args)
    try:
        from ekinerja_tutor.services.sandbox_report import SandboxReport

        services.sandboxes.ensure_for_username(CLI_OPERATOR, args.user)
        data = SandboxReport(services.ctx).show(CLI_OPERATOR, args.user)
    finally:
        services.close()
    if args.json:
        print_json(data)
    else:
        from ekinerja_tutor.cli.sandbox_text import render_sandbox

        print(render_sandbox(data, tr, events=args.events))
    return 0


def reset_sandbox(args: argparse.Namespace, tr: Translator) -> int:
    services = services_for(args)
    try:
        view = services.sandboxes.reset(CLI_OPERATOR, args.user, scenario=args.scenario)
    finally:
        services.close()
    print(tr.t("cli.sandbox_reset_done", username=args.user, scenario=view.scenario))
    return 0


def move_clock(args: argparse.Namespace, tr: Translator) -> int:
    target: dt.date | None = None
    if args.date:
        try:
            target = dt.date.fromisoformat(args.date)
        except ValueError as error:
            raise ValidationError("error.date_invalid", value=args.date) from error
    services = services_for(args)
    try:
        services.sandboxes.ensure_for_username(CLI_OPERATOR, args.user)
        view = services.sandboxes.move_clock(
            CLI_OPERATOR, args.user, move=args.move or "date", target=target
        )
    finally:
        services.close()
    print(tr.t("cli.clock_moved", username=args.user, today=view.today.strftime("%Y-%m-%d")))
    return 0
