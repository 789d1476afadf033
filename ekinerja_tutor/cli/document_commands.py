"""``document evaluasi | recap``: print a learner's Dokumen Evaluasi or activity recap to a file.

Run by the operator (admin/trainer rights) for the learner named USER, in the sandbox as it is
now. The file goes to ``--out`` (a file, or a folder for the usual name) or else to the
``documents`` folder under the data home; the path is printed. Bad input ends as one translated
line on stderr and exit status 2, like every other command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Literal

from ekinerja_tutor.cli.common import CLI_OPERATOR, services_for
from ekinerja_tutor.domain.errors import NotFound, StorageError, ValidationError
from ekinerja_tutor.i18n import Translator

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    document = sub.add_parser("document", help="print a learner's evaluation document or recap")
    docs = document.add_subparsers(dest="document_command", required=True, metavar="DOCUMENT")

    evaluasi = docs.add_parser(
        "evaluasi", help="Dokumen Evaluasi Kinerja Pegawai for a quarter or the year"
    )
    evaluasi.add_argument("user")
    evaluasi.add_argument("--year", metavar="YYYY", help="default: the sandbox's year")
    period = evaluasi.add_mutually_exclusive_group(required=True)
    period.add_argument("--quarter", metavar="Q", help="1, 2, 3 or 4")
    period.add_argument("--annual", action="store_true", help="the year so far")
    evaluasi.add_argument("--format", default="pdf", metavar="pdf|html", dest="fmt")
    evaluasi.add_argument("--out", metavar="PATH", help="file or folder (default: data home)")
    evaluasi.set_defaults(handler=print_evaluasi)

    recap = docs.add_parser("recap", help="weekly or monthly recap of Progres Harian")
    recap.add_argument("user")
    which = recap.add_mutually_exclusive_group(required=True)
    which.add_argument("--week", metavar="YYYY-MM-DD", help="any day of the week")
    which.add_argument("--month", metavar="YYYY-MM")
    recap.add_argument("--format", default="pdf", metavar="pdf|html|csv|xlsx", dest="fmt")
    recap.add_argument("--out", metavar="PATH", help="file or folder (default: data home)")
    recap.set_defaults(handler=print_recap)


def _quarter(value: str) -> int:
    if value.strip() not in ("1", "2", "3", "4"):
        raise ValidationError("doc.cli_bad_quarter", value=value)
    return int(value)


def _year(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationError("doc.cli_bad_year", value=value)
    return int(text)


def _week(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValidationError("error.date_invalid", value=value) from error


def _month(value: str) -> dt.date:
    found = _MONTH.match(value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValidationError("doc.cli_bad_month", value=value)
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def _format(value: str, allowed: tuple[str, ...]) -> str:
    fmt = value.strip().lower()
    if fmt not in allowed:
        raise ValidationError("doc.bad_format", field="format", formats=", ".join(allowed))
    return fmt


def _target(out: str | None, home: Path, filename: str) -> Path:
    if out is None:
        return home / "documents" / filename
    path = Path(out).expanduser()
    if path.is_dir() or out.endswith(("/", "\\")):
        return path / filename
    return path


def _write(path: Path, data: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise StorageError(
            "doc.write_failed", path=str(path), detail=error.strerror or str(error)
        ) from error
    return path.resolve()


def print_evaluasi(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.documents.service import EVALUASI_FORMATS, DocumentService

    fmt = _format(args.fmt, EVALUASI_FORMATS)
    quarter = None if args.annual else _quarter(args.quarter)
    year = _year(args.year) if args.year is not None else None
    services = services_for(args)
    try:
        view = services.sandboxes.ensure_for_username(CLI_OPERATOR, args.user)
        if view.persona_id is None:
            raise NotFound("doc.cli_no_persona", username=args.user)
        document = DocumentService(services.ctx).evaluasi_file(
            CLI_OPERATOR,
            view.persona_id,
            year if year is not None else view.today.year,
            quarter,
            fmt,
            tr.lang,
        )
        path = _write(_target(args.out, services.settings.home, document.filename), document.data)
    finally:
        services.close()
    print(tr.t("doc.cli_saved", path=str(path)))
    return 0


def print_recap(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.documents.service import RECAP_FORMATS, DocumentService

    fmt = _format(args.fmt, RECAP_FORMATS)
    period: tuple[Literal["week", "month"], dt.date] = (
        ("week", _week(args.week)) if args.week else ("month", _month(args.month))
    )
    services = services_for(args)
    try:
        view = services.sandboxes.ensure_for_username(CLI_OPERATOR, args.user)
        if view.persona_id is None:
            raise NotFound("doc.cli_no_persona", username=args.user)
        document = DocumentService(services.ctx).recap_file(
            CLI_OPERATOR,
            view.persona_id,
            period,
            fmt,
            tr.lang,
        )
        path = _write(_target(args.out, services.settings.home, document.filename), document.data)
    finally:
        services.close()
    print(tr.t("doc.cli_saved", path=str(path)))
    return 0
