"""Results of a training session: completion from verified checks, exports, certificates.

A lesson counts as completed only when every step passed its checks (``LessonStatus.DONE``);
opening, reading or skipping a step never does. A certificate carries a verification code:
its serial plus an HMAC over the certificate's facts with a secret made once per
installation and kept in the database, so ``ekinerja-tutor verify CODE`` can tell a valid
certificate from a tampered or unknown one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.errors import Conflict, NotFound, ValidationError
from ekinerja_tutor.domain.permissions import ensure_role
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.i18n import translate
from ekinerja_tutor.persistence.models import (
    Account,
    Certificate,
    InstallationSecret,
    LessonProgress,
    LessonStatus,
)
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.training import SessionView, SlipView, TrainingService

SECRET_NAME = "certificate_hmac"
CODE_PREFIX = "EKT"
_CODE = re.compile(r"^EKT-?(\d{1,9})-?([0-9A-F]{4})-?([0-9A-F]{4})-?([0-9A-F]{4})$")


@dataclass(frozen=True)
class LessonResult:
    lesson_id: str
    title: str
    completed_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class TraineeResult:
    username: str
    display_name: str
    nip: str | None
    lessons: tuple[LessonResult, ...]

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.lessons)) if self.lessons else 0

    @property
    def complete(self) -> bool:
        return bool(self.lessons) and self.done == len(self.lessons)


@dataclass(frozen=True)
class SessionResults:
    session: SessionView
    trainees: tuple[TraineeResult, ...]


@dataclass(frozen=True)
class CertificateView:
    code: str
    facts: dict[str, Any]
    issued_at: dt.datetime


class Verdict(StrEnum):
    VALID = "valid"
    TAMPERED = "tampered"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class VerifyResult:
    verdict: Verdict
    facts: dict[str, Any] | None = None


class TrainingResultsService(TrainingService):
    """Completion, exports and certificates (trainer only, except :meth:`verify`)."""

    def results(
        self, principal: Principal, session_ref: int | str, lang: str = "id"
    ) -> SessionResults:
        ensure_role(principal.roles, Role.TRAINER)
        with self.db.read() as session:
            target = self._find_session(session, session_ref)
            view = self._session_view(session, target)
            trainees = self._trainees(session, target.id)
            done = {
                (p.account_id, p.lesson_id): p.completed_at
                for p in session.scalars(
                    select(LessonProgress).where(
                        LessonProgress.account_id.in_([t.account_id for t in trainees]),
                        LessonProgress.status == LessonStatus.DONE,
                    )
                )
            }
        titles = {lid: self._lesson_title(lid, lang) for lid in view.lessons}
        return SessionResults(
            view,
            tuple(
                TraineeResult(
                    t.username,
                    t.display_name,
                    t.nip,
                    tuple(
                        LessonResult(lid, titles[lid], done.get((t.account_id, lid)))
                        for lid in view.lessons
                    ),
                )
                for t in trainees
            ),
        )

    # -- exports ---------------------------------------------------------------------------------

    def _table(self, results: SessionResults, lang: str) -> list[list[Any]]:
        header = [
            translate("trainer.col.name", lang),
            translate("trainer.col.nip", lang),
            translate("trainer.col.username", lang),
        ]
        for lesson_id in results.session.lessons:
            header.append(lesson_id)
        header += [translate("trainer.col.done", lang), translate("trainer.col.percent", lang)]
        rows: list[list[Any]] = [header]
        for trainee in results.trainees:
            row: list[Any] = [trainee.display_name, trainee.nip or "", trainee.username]
            for lesson in trainee.lessons:
                row.append(_wib_date(lesson.completed_at) if lesson.completed_at else "")
            row += [f"{trainee.done}/{len(trainee.lessons)}", trainee.percent]
            rows.append(row)
        return rows

    def export_csv(self, principal: Principal, session_ref: int | str, lang: str = "id") -> str:
        """The results as CSV (``;``-separated, as spreadsheets in Indonesian locale read it).

        Each lesson column holds the date it was completed (empty: not completed).
        """
        results = self.results(principal, session_ref, lang)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for row in self._table(results, lang):
            writer.writerow([_safe_cell(v) for v in row])
        return out.getvalue()

    def export_xlsx(self, principal: Principal, session_ref: int | str, lang: str = "id") -> bytes:
        """The results as an Excel workbook (one sheet; lesson titles in a second sheet)."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        results = self.results(principal, session_ref, lang)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = translate("trainer.xlsx.results", lang)[:31]
        for row in self._table(results, lang):
            sheet.append([_safe_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "D2"
        lessons = book.create_sheet(translate("trainer.xlsx.lessons", lang)[:31])
        lessons.append(
            [translate("trainer.col.lesson_id", lang), translate("trainer.col.lesson", lang)]
        )
        for lesson_id in results.session.lessons:
            lessons.append([lesson_id, _safe_cell(self._lesson_title(lesson_id, lang))])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    # -- certificates ----------------------------------------------------------------------------

    def issue_certificate(
        self, principal: Principal, session_ref: int | str, username: str, lang: str = "id"
    ) -> CertificateView:
        """A certificate for a trainee who completed every lesson of the session."""
        ensure_role(principal.roles, Role.TRAINER)
        results = self.results(principal, session_ref, lang)
        trainee = next(
            (t for t in results.trainees if username.strip().lower() in (t.username, t.nip)),
            None,
        )
        if trainee is None:
            raise NotFound("trainer.cert.not_enrolled", username=username.strip())
        if not trainee.complete:
            missing = ", ".join(lesson.title for lesson in trainee.lessons if not lesson.done)
            raise ValidationError("trainer.cert.not_complete", field="username", missing=missing)
        last = max(lesson.completed_at for lesson in trainee.lessons if lesson.completed_at)
        facts = {
            "name": trainee.display_name,
            "nip": trainee.nip or "",
            "username": trainee.username,
            "session": results.session.name,
            "session_id": results.session.id,
            "lessons": [lesson.lesson_id for lesson in trainee.lessons],
            "completed_on": _wib_date(last),
        }
        now = self.ctx.now()
        key = self._secret()
        with self.db.write() as session:
            row = Certificate(
                code=f"pending-{secrets.token_hex(8)}",
                account_id=session.scalar(
                    select(Account.id).where(Account.username == trainee.username)
                ),
                session_id=results.session.id,
                facts=facts,
                issued_at=now,
            )
            session.add(row)
            session.flush()
            row.code = _code(row.id, _mac(key, row.id, facts))
            self._audit(
                session,
                None,
                principal=principal,
                action="training.certificate",
                entity="training_certificate",
                entity_id=row.id,
                after={"code": row.code, **facts},
            )
            return CertificateView(row.code, dict(facts), now)

    def verify(self, code: str) -> VerifyResult:
        """Check a certificate code (anyone may): valid, tampered or unknown."""
        match = _CODE.match("".join(code.upper().split()))
        if match is None:
            return VerifyResult(Verdict.UNKNOWN)
        serial = int(match.group(1))
        given = "".join(match.group(i) for i in (2, 3, 4))
        with self.db.read() as session:
            row = session.get(Certificate, serial)
            if row is None:
                return VerifyResult(Verdict.UNKNOWN)
            facts = dict(row.facts or {})
            stored = row.code
        key = self._secret()
        expected = _mac(key, serial, facts)
        if hmac.compare_digest(expected, given) and stored == _code(serial, expected):
            return VerifyResult(Verdict.VALID, facts)
        return VerifyResult(Verdict.TAMPERED, facts)

    def _secret(self) -> bytes:
        with self.db.read() as session:
            value = session.scalar(
                select(InstallationSecret.value).where(InstallationSecret.name == SECRET_NAME)
            )
        if value is None:
            try:
                with self.db.write() as session:
                    value = secrets.token_hex(32)
                    session.add(
                        InstallationSecret(name=SECRET_NAME, value=value, created_at=self.ctx.now())
                    )
            except Conflict:  # made by another process a moment ago
                with self.db.read() as session:
                    value = session.scalar(
                        select(InstallationSecret.value).where(
                            InstallationSecret.name == SECRET_NAME
                        )
                    )
        assert value is not None
        return bytes.fromhex(value)


# --- printed documents -------------------------------------------------------------------------


def _esc(text: Any) -> str:
    import html

    return html.escape(str(text), quote=True)


_PAGE_CSS = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#000;background:#fff;margin:2em}"
    ".slip{border:2px dashed #000;padding:1em;margin:0 0 1.5em 0;page-break-inside:avoid}"
    ".mono{font-family:'DejaVu Sans Mono',monospace;font-size:1.3em;letter-spacing:.05em}"
    "h1{font-size:1.4em}.cert{border:6px double #000;padding:3em;text-align:center}"
    "@media print{.slip{margin:0 0 1em 0}}"
)


def slips_html(slips: tuple[SlipView, ...] | list[SlipView], lang: str = "id") -> str:
    """One printable page of first-login slips, cut along the dashed lines."""

    def t(key: str, **p: Any) -> str:
        return _esc(translate(key, lang, **p))

    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{t('trainer.slip.title')}</title><style>{_PAGE_CSS}</style></head><body>",
    ]
    for slip in slips:
        parts.append(
            "<div class='slip'>"
            f"<h1>{t('trainer.slip.heading')}</h1>"
            f"<p>{t('trainer.slip.for', name=slip.display_name)}</p>"
            f"<p>{t('trainer.slip.session', session=slip.session_name)}</p>"
            f"<p>{t('trainer.slip.username')}: <span class='mono'>{_esc(slip.username)}</span></p>"
            f"<p>{t('trainer.slip.password')}: <span class='mono'>{_esc(slip.password)}</span></p>"
            "<p>"
            + t("trainer.slip.persona", name=slip.persona_name, jabatan=slip.persona_jabatan)
            + "</p>"
            f"<p>{t('trainer.slip.change')}</p>"
            "</div>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def slips_pdf(slips: tuple[SlipView, ...] | list[SlipView], lang: str = "id") -> bytes:
    from ekinerja_tutor.services.documents.pdf import FONT_FAMILY, MONO_FAMILY, new_pdf

    pdf = new_pdf(translate("trainer.slip.title", lang))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for slip in slips:
        if pdf.get_y() > pdf.h - 80:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT_FAMILY, "B", 13)
        pdf.multi_cell(
            width, 7, translate("trainer.slip.heading", lang), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font(FONT_FAMILY, "", 10)
        for line in (
            translate("trainer.slip.for", lang, name=slip.display_name),
            translate("trainer.slip.session", lang, session=slip.session_name),
        ):
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
        for key, value in (
            ("trainer.slip.username", slip.username),
            ("trainer.slip.password", slip.password),
        ):
            pdf.set_font(FONT_FAMILY, "", 10)
            pdf.cell(40, 8, translate(key, lang) + ":")
            pdf.set_font(MONO_FAMILY, "", 14)
            pdf.cell(width - 40, 8, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 10)
        for line in (
            translate(
                "trainer.slip.persona", lang, name=slip.persona_name, jabatan=slip.persona_jabatan
            ),
            translate("trainer.slip.change", lang),
        ):
            pdf.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y() + 2
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.rect(pdf.l_margin - 2, top - 2, width + 4, bottom - top + 2)
        pdf.set_dash_pattern()
        pdf.set_y(bottom + 6)
    return bytes(pdf.output())


def certificate_html(cert: CertificateView, lang: str = "id") -> str:
    f = cert.facts

    def t(key: str, **p: Any) -> str:
        return _esc(translate(key, lang, **p))

    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{t('trainer.cert.title')}</title><style>{_PAGE_CSS}</style></head><body>"
        "<div class='cert'>"
        f"<h1>{t('trainer.cert.heading')}</h1>"
        f"<p>{t('trainer.cert.given_to')}</p>"
        f"<h1>{_esc(f.get('name', ''))}</h1>"
        f"<p>NIP {_esc(f.get('nip', ''))}</p>"
        "<p>"
        + t("trainer.cert.completed", session=f.get("session", ""), date=f.get("completed_on", ""))
        + "</p>"
        f"<p>{t('trainer.cert.lessons', count=len(f.get('lessons', [])))}</p>"
        f"<p>{t('trainer.cert.code')}: <span class='mono'>{_esc(cert.code)}</span></p>"
        f"<p>{t('trainer.cert.check', command='ekinerja-tutor verify ' + cert.code)}</p>"
        "</div></body></html>"
    )


def certificate_pdf(cert: CertificateView, lang: str = "id") -> bytes:
    from ekinerja_tutor.services.documents.pdf import FONT_FAMILY, MONO_FAMILY, new_pdf

    f = cert.facts
    pdf = new_pdf(translate("trainer.cert.title", lang), landscape=True)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_y(30)
    pdf.set_font(FONT_FAMILY, "B", 24)
    pdf.multi_cell(
        width, 12, translate("trainer.cert.heading", lang), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, "", 13)
    pdf.multi_cell(
        width, 8, translate("trainer.cert.given_to", lang), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT_FAMILY, "B", 22)
    pdf.multi_cell(width, 12, str(f.get("name", "")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 12)
    pdf.multi_cell(width, 7, f"NIP {f.get('nip', '')}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in (
        translate(
            "trainer.cert.completed",
            lang,
            session=f.get("session", ""),
            date=f.get("completed_on", ""),
        ),
        translate("trainer.cert.lessons", lang, count=len(f.get("lessons", []))),
    ):
        pdf.multi_cell(width, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(MONO_FAMILY, "", 14)
    pdf.multi_cell(
        width,
        8,
        f"{translate('trainer.cert.code', lang)}: {cert.code}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FONT_FAMILY, "", 10)
    pdf.multi_cell(
        width,
        6,
        translate("trainer.cert.check", lang, command=f"ekinerja-tutor verify {cert.code}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


# --- helpers -----------------------------------------------------------------------------------


def _canonical(serial: int, facts: dict[str, Any]) -> bytes:
    return json.dumps({"serial": serial, **facts}, sort_keys=True, ensure_ascii=False).encode()


def _mac(key: bytes, serial: int, facts: dict[str, Any]) -> str:
    return hmac.new(key, _canonical(serial, facts), hashlib.sha256).hexdigest()[:12].upper()


def _code(serial: int, mac: str) -> str:
    return f"{CODE_PREFIX}-{serial:06d}-{mac[0:4]}-{mac[4:8]}-{mac[8:12]}"


def _wib_date(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(WIB).date().isoformat()


def _safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
