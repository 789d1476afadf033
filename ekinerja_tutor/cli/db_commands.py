"""``db upgrade``, ``reset`` and ``accounts``."""

from __future__ import annotations

import argparse
import sys

from ekinerja_tutor.cli.common import print_json, services_for
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_sub.add_parser("upgrade", help="apply migrations (Alembic)")
    upgrade.set_defaults(handler=db_upgrade)

    reset = sub.add_parser("reset", help="rebuild the database from sandbox_data/")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.add_argument(
        "--force", action="store_true", help="also allow resetting a shared server database"
    )
    reset.set_defaults(handler=reset_all)

    accounts = sub.add_parser("accounts", help="list practice accounts")
    accounts.add_argument("--json", action="store_true", help="machine-readable output")
    accounts.set_defaults(handler=list_accounts)


def db_upgrade(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bootstrap import open_database
    from ekinerja_tutor.persistence import migrate

    db = open_database(Settings.resolve(args.db), upgrade=False)
    try:
        revision = migrate.upgrade(db)
    finally:
        db.dispose()
    print(tr.t("cli.upgrade_done", revision=revision))
    return 0


def reset_all(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.persistence import migrate  # here: SQLAlchemy slows the app's start

    settings = Settings.resolve(args.db)
    if not settings.embedded and not args.force:
        print(f"ekinerja-tutor: {tr.t('cli.reset_refused_server')}", file=sys.stderr)
        return 2
    services = services_for(args, seed=False)
    try:
        if not settings.embedded:
            migrate.upgrade(services.ctx.db)
        if not args.yes:
            answer = input(tr.t("cli.reset_confirm", url=services.ctx.db.display_url()))
            if answer.strip().lower() not in ("y", "ya", "yes"):
                print(tr.t("cli.reset_cancelled"))
                return 1
        summary = services.seeding.rebuild()
    finally:
        services.close()
    print(tr.t("cli.reset_done", accounts=summary.accounts, sandboxes=summary.sandboxes))
    return 0


def list_accounts(args: argparse.Namespace, tr: Translator) -> int:
    services = services_for(args)
    try:
        rows = services.seeding.account_directory()
    finally:
        services.close()
    if args.json:
        print_json([row.as_dict() for row in rows])
        return 0
    for row in rows:
        roles = ",".join(row.roles)
        persona = f"{row.persona_name} — {row.jabatan}" if row.persona_name else "-"
        print(f"{row.username:<22} {roles:<26} {row.name:<34} {persona}")
    return 0
