"""``serve``: the app in browsers with textual-serve (one app process per browser tab).

Each tab runs ``python -m ekinerja_tutor`` with ``EKINERJA_TUTOR_SERVED=1`` (so the app knows
it is served: no local files, documents go to the browser) and the same ``--db``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.settings import ENV_DB, ENV_SERVED


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the app to browsers (textual-serve)",
        description=(
            "Serve the app at http://HOST:PORT/. Each browser tab gets its own app process. "
            "The default host 127.0.0.1 reaches only this computer; binding to another "
            "interface exposes the app, unencrypted, to the network."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help="database URL for every tab"
    )
    serve.add_argument("--public-url", default=None, help="address browsers use (behind a proxy)")
    serve.set_defaults(handler=serve_app)


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(db: str | None, lang: str | None) -> str:
    """The shell command textual-serve runs for each tab."""
    parts = [sys.executable, "-m", "ekinerja_tutor"]
    if db:
        parts += ["--db", db]
    if lang:
        parts += ["--lang", lang]
    return f"{ENV_SERVED}=1 " + " ".join(shlex.quote(p) for p in parts)


def serve_app(args: argparse.Namespace, tr: Translator) -> int:
    from textual_serve.server import Server

    from ekinerja_tutor.bootstrap import open_services
    from ekinerja_tutor.settings import Settings

    if not 1 <= args.port <= 65535:
        raise ValidationError("trainer.cli.serve_port", port=args.port, detail="1..65535")
    try:
        with socket.create_server((args.host, args.port)):
            pass
    except OSError as error:
        raise ValidationError(
            "trainer.cli.serve_port", port=args.port, detail=error.strerror or str(error)
        ) from None
    db = getattr(args, "db", None) or os.environ.get(ENV_DB)
    settings = Settings.resolve(db)
    services = open_services(settings)  # fail now, in the shell, if the database is unreachable
    try:
        if settings.embedded and not services.seeding.is_seeded():
            services.seeding.rebuild()
    finally:
        services.close()
    host_for_url = f"[{args.host}]" if ":" in args.host else args.host
    url = args.public_url or f"http://{host_for_url}:{args.port}"
    if is_loopback(args.host):
        print(tr.t("trainer.cli.serve_loopback", url=url), file=sys.stderr)
    else:
        warning = tr.t("trainer.cli.serve_public", host=args.host, url=url)
        bar = "!" * 78
        print(f"{bar}\n{warning}\n{bar}", file=sys.stderr)
    server = Server(
        app_command(settings.db_url, args.lang),
        host=args.host,
        port=args.port,
        title="e-Kinerja Tutor",
        public_url=args.public_url,
    )
    server.serve()
    return 0
