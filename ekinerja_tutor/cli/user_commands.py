"""``user add|list|passwd|reset-device|roles|unlock`` and ``authenticator USER``.

Whoever runs these on the server acts as the Admin Instansi (the database's owner); every
change is audited as ``cli``. ``authenticator`` is the practice phone for a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from ekinerja_tutor.cli.common import CLI_OPERATOR, print_json, services_for
from ekinerja_tutor.i18n import Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="practice accounts (the Admin Instansi's work)")
    us = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    add = us.add_parser("add", help="create an account; prints its one-time password")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--roles", default="learner", help="comma list: learner,trainer,mentor,admin")
    add.add_argument("--nip", default=None)
    add.add_argument("--persona", default=None, help="office person key the learner plays")
    add.set_defaults(handler=add_user)

    listing = us.add_parser("list", help="every account")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_users)

    for name, handler, text in (
        ("passwd", reset_password, "reset the password; prints a one-time password"),
        ("reset-device", reset_device, "forget the authenticator device (lost phone)"),
        ("unlock", unlock, "lift a lockout after wrong codes or passwords"),
    ):
        action = us.add_parser(name, help=text)
        action.add_argument("username")
        action.set_defaults(handler=handler)

    codes = us.add_parser("recovery-codes", help="new single-use recovery codes (staff only)")
    codes.add_argument("username")
    codes.set_defaults(handler=recovery_codes)

    roles = us.add_parser("roles", help="set an account's roles")
    roles.add_argument("username")
    roles.add_argument("roles", help="comma list: learner,trainer,mentor,admin")
    roles.set_defaults(handler=set_roles)

    phone = sub.add_parser("authenticator", help="the practice phone: shows USER's current code")
    phone.add_argument("user")
    phone.add_argument("--once", action="store_true", help="print the code once and stop")
    phone.set_defaults(handler=authenticator)


def _roles(text: str) -> list[str]:
    return [r.strip() for r in text.split(",") if r.strip()]


def _admin(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from ekinerja_tutor.services.admin import AdminService

    services = services_for(args)
    return services, AdminService(services.ctx)


def add_user(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        view, password = admin.add_user(
            CLI_OPERATOR,
            args.username,
            args.name,
            _roles(args.roles),
            nip=args.nip,
            persona_key=args.persona,
        )
    finally:
        services.close()
    print(tr.t("cli.user_added", username=view.username))
    print(tr.t("cli.one_time_password", password=password))
    return 0


def list_users(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        views = admin.list_users(CLI_OPERATOR)
    finally:
        services.close()
    if args.json:
        print_json(
            [
                {
                    "username": v.username,
                    "alias": v.alias,
                    "name": v.display_name,
                    "nip": v.nip,
                    "roles": sorted(r.value for r in v.roles),
                    "locked": v.locked,
                    "device_enrolled": v.device_enrolled,
                    "practice_phone": v.practice_phone,
                    "must_change_password": v.must_change_password,
                    "persona": v.persona_key,
                }
                for v in views
            ]
        )
        return 0
    for v in views:
        flags = [tr.t("cli.flag_locked")] if v.locked else []
        if v.device_enrolled:
            flags.append(v.device_name or "-")
        roles = ",".join(sorted(r.value for r in v.roles))
        print(f"{v.username:<22} {roles:<26} {v.display_name:<34} {' '.join(flags)}")
    return 0


def reset_password(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        password = admin.reset_password(CLI_OPERATOR, args.username)
    finally:
        services.close()
    print(tr.t("cli.one_time_password", password=password))
    return 0


def reset_device(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        admin.reset_device(CLI_OPERATOR, args.username)
    finally:
        services.close()
    print(tr.t("cli.device_reset", username=args.username))
    return 0


def unlock(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        admin.unlock_account(CLI_OPERATOR, args.username)
    finally:
        services.close()
    print(tr.t("cli.unlocked", username=args.username))
    return 0


def set_roles(args: argparse.Namespace, tr: Translator) -> int:
    services, admin = _admin(args)
    try:
        view = admin.set_roles(CLI_OPERATOR, args.username, _roles(args.roles))
    finally:
        services.close()
    print(
        tr.t(
            "cli.roles_set",
            username=view.username,
            roles=", ".join(sorted(r.value for r in view.roles)),
        )
    )
    return 0


def _read_password(tr: Translator) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(tr.t("cli.password_prompt"))
    return sys.stdin.readline().rstrip("\n")


def authenticator(args: argparse.Namespace, tr: Translator) -> int:
    """Show the current code and the seconds left, like a phone app, until Ctrl+C."""
    from ekinerja_tutor.services.auth import AuthService

    password = _read_password(tr)
    services = services_for(args)
    auth = AuthService(services.ctx)
    try:
        while True:
            view = auth.practice_phone_code(args.user, password)
            code = f"{view.code[:3]} {view.code[3:]}"
            if args.once:
                print(
                    tr.t(
                        "cli.phone_code",
                        code=code,
                        seconds=view.seconds_left,
                        device=view.device_name,
                    )
                )
                return 0
            for left in range(view.seconds_left, 0, -1):
                line = tr.t("cli.phone_code", code=code, seconds=left, device=view.device_name)
                print(f"\r{line}   ", end="", flush=True)
                time.sleep(1)
    except KeyboardInterrupt:
        print()
        return 0
    finally:
        services.close()


def recovery_codes(args: argparse.Namespace, tr: Translator) -> int:
    """New recovery codes for a staff account (old ones stop working); printed once."""
    from ekinerja_tutor.services.auth import AuthService, find_account

    services = services_for(args)
    try:
        with services.ctx.db.read() as session:
            account = find_account(session, args.username)
            account_id = account.id if account is not None else None
        if account_id is None:
            from ekinerja_tutor.domain.errors import NotFound

            raise NotFound("error.unknown_user", username=args.username)
        codes = AuthService(services.ctx).generate_recovery_codes(account_id)
    finally:
        services.close()
    print(tr.t("recovery.not_ekinerja"))
    for number, code in enumerate(codes, start=1):
        print(f"{number:>2}. {code}")
    print(tr.t("recovery.keep"))
    return 0
