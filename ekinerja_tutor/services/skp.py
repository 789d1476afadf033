"""SKP use cases: Perjanjian Kinerja, drafting an SKP, cascading, submission and approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ekinerja_tutor.domain import skp as rules
from ekinerja_tutor.domain.errors import LockedError, NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.domain.fields import field_label, parse_whole_number, validate_text
from ekinerja_tutor.domain.permissions import ensure_reviewer
from ekinerja_tutor.domain.statuses import (
    Aspek,
    LampiranKind,
    Pendekatan,
    Perilaku,
    RhkJenis,
    RhkKlasifikasi,
    SkpStatus,
    UnitKind,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Iki,
    Lampiran,
    PerilakuExpectation,
    PerjanjianKinerja,
    Person,
    RencanaAksi,
    Rhk,
    Sandbox,
    Skp,
    Unit,
)
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service

_PK_KEY_LENGTH = 64
_MAX_CHAIN = 50  # supervisor chains are a handful of levels; this only guards a cycle


# --- inputs and views ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PerjanjianKinerjaItem:
    """One row to add to a unit's Perjanjian Kinerja; ``key`` is generated when empty."""

    sasaran: str
    indikator: str
    target: int | str
    satuan: str
    key: str = ""


@dataclass(frozen=True)
class PerjanjianKinerjaView:
    id: int
    unit_id: int
    year: int
    key: str
    sasaran: str
    indikator: str
    target: int
    satuan: str


@dataclass(frozen=True)
class IkiView:
    id: int
    rhk_id: int
    position: int
    text: str
    aspek: Aspek
    target: int
    satuan: str


@dataclass(frozen=True)
class RhkView:
    """An RHK with its indicators and the supervisor RHK it supports (if any)."""

    id: int
    skp_id: int
    position: int
    text: str
    jenis: RhkJenis
    klasifikasi: RhkKlasifikasi
    penugasan_dari: str | None
    intervened_rhk_id: int | None
    intervened_rhk_text: str | None
    intervened_owner_name: str | None
    pk_id: int | None
    ikis: tuple[IkiView, ...]


@dataclass(frozen=True)
class PerilakuView:
    """One BerAKHLAK row: its three guides (catalog messages) and the supervisor's expectation."""

    perilaku: Perilaku
    label: Msg
    guides: tuple[Msg, ...]
    ekspektasi_khusus: str


@dataclass(frozen=True)
class LampiranView:
    kind: LampiranKind
    text: str


@dataclass(frozen=True)
class SkpView:
    """A whole SKP as the screens show it.

    Attributes:
        submit_problems: every reason a DRAFT SKP cannot be submitted yet (empty when it can,
            or when it is not a draft).
    """

    id: int
    sandbox_id: int
    person_id: int
    owner_name: str
    owner_nip: str
    owner_jabatan: str
    supervisor_id: int | None
    year: int
    period_start: dt.date
    period_end: dt.date
    pendekatan: Pendekatan
    status: SkpStatus
    status_label: Msg
    return_note: str | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decided_by_name: str | None
    rhks: tuple[RhkView, ...]
    perilaku: tuple[PerilakuView, ...]
    lampiran: tuple[LampiranView, ...]
    submit_problems: tuple[Msg, ...]

    @property
    def editable(self) -> bool:
        return self.status is SkpStatus.DRAFT


@dataclass(frozen=True)
class SkpSummaryView:
    id: int
    person_id: int
    owner_name: str
    owner_jabatan: str
    year: int
    status: SkpStatus
    submitted_at: dt.datetime | None
    rhk_count: int


@dataclass(frozen=True)
class InterventionChoiceView:
    rhk_id: int
    text: str
    jenis: RhkJenis
    klasifikasi: RhkKlasifikasi


@dataclass(frozen=True)
class InterventionChoicesView:
    """The "RHK Pimpinan yang Diintervensi" picker: choices, or why there are none."""

    supervisor_id: int | None
    supervisor_name: str | None
    supervisor_skp_id: int | None
    choices: tuple[InterventionChoiceView, ...]
    reason: Msg | None


@dataclass(frozen=True)
class MatriksColumnView:
    """A direct subordinate; ``skp_status`` is None when they have no SKP for the year."""

    person_id: int
    name: str
    jabatan: str
    skp_status: SkpStatus | None


@dataclass(frozen=True)
class MatriksCellRhkView:
    rhk_id: int
    text: str


@dataclass(frozen=True)
class MatriksRowView:
    """A supervisor RHK; ``cells[i]`` holds the RHKs of ``columns[i]`` that intervene it."""

    rhk_id: int
    text: str
    cells: tuple[tuple[MatriksCellRhkView, ...], ...]


@dataclass(frozen=True)
class MatriksView:
    """Matriks Peran Hasil: own RHKs × direct subordinates; ``reason`` explains an empty one."""

    person_id: int
    year: int
    skp_id: int | None
    columns: tuple[MatriksColumnView, ...]
    rows: tuple[MatriksRowView, ...]
    reason: Msg | None


# --- helpers shared with the Rencana Aksi service ------------------------------------------------


def fit_text(field: str, value: str, column: InstrumentedAttribute[Any]) -> str:
    """Validate ``value`` by the field rule, then check it also fits the storage column.

    Where a field rule allows more characters than the column holds, the column wins, with the
    same "too long" message, so PostgreSQL never refuses a text the form accepted.
    """
    validate_text(field, value)
    limit = getattr(column.property.columns[0].type, "length", None)
    if limit is not None and len(value) > limit:
        raise ValidationError(
            "field.too_long",
            field=field,
            label=field_label(field),
            length=len(value),
            limit=limit,
            excess=len(value) - limit,
        )
    return value


def whole_number(field: str, value: int | str) -> int:
    """A target typed as text or given as a number, checked by the domain's number rule."""
    return parse_whole_number(field, str(value))


def load_in_sandbox(
    session: Session, model: type[Any], row_id: int, sandbox: Sandbox, noun: str
) -> Any:
    """A row of ``model`` that must belong to ``sandbox`` (another sandbox's row is refused)."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(what=Msg(noun))
    if row.sandbox_id != sandbox.id:
        raise PermissionDenied(reason=Msg("perm.other_sandbox"))
    return row


def ensure_owner(seat: Seat, owner_id: int) -> None:
    if seat.person_id != owner_id:
        raise PermissionDenied(reason=Msg("perm.not_owner"))


def supervisors_above(session: Session, person: Person) -> list[int]:
    """The ids of the person's supervisor, their supervisor, and so on up the chain."""
    chain: list[int] = []
    current = person.supervisor_id
    while current is not None and current not in chain and len(chain) < _MAX_CHAIN:
        chain.append(current)
        above = session.get(Person, current)
        current = above.supervisor_id if above is not None else None
    return chain


def ensure_can_read(session: Session, reader: Person, owner: Person) -> None:
    """The owner, anyone up the owner's supervisor chain, and the owner's direct subordinates
    (who cascade from it) may read an SKP; peers and other staff may not."""
    if owner.id in (reader.id, reader.supervisor_id):
        return
    if reader.id in supervisors_above(session, owner):
        return
    raise PermissionDenied(reason=Msg("skp_svc.perm_read"))


def skp_of(session: Session, person_id: int, year: int) -> Skp | None:
    """The person's SKP for the year (one per period; the newest if data ever holds more)."""
    return session.scalars(
        select(Skp)
        .where(Skp.person_id == person_id, Skp.year == year)
        .order_by(Skp.id.desc())
        .limit(1)
    ).first()


# --- the service ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Acting:
    """A checked seat inside one transaction: the seat, its sandbox and its person."""

    seat: Seat
    sandbox: Sandbox
    person: Person


AUDIT_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Skp: ("status", "return_note", "submitted_at", "decided_at", "decided_by_id"),
    Rhk: (
        "skp_id",
        "position",
        "text",
        "jenis",
        "klasifikasi",
        "penugasan_dari",
        "intervened_rhk_id",
        "pk_id",
    ),
    Iki: ("rhk_id", "position", "text", "aspek", "target", "satuan"),
    Lampiran: ("skp_id", "kind", "text"),
    PerilakuExpectation: ("skp_id", "perilaku", "ekspektasi_khusus"),
    PerjanjianKinerja: ("unit_id", "year", "key", "sasaran", "indikator", "target", "satuan"),
    RencanaAksi: ("rhk_id", "iki_id", "year", "month", "text", "target", "satuan"),
}
"""What an audit event records of each row of the SKP area."""


def audit_snapshot(row: Any) -> dict[str, Any]:
    return snapshot(row, *AUDIT_FIELDS[type(row)])


class SkpAreaService(Service):
    """Base of the SKP and Rencana Aksi services: the checked seat and the audit record."""

    def _acting(self, session: Session, seat: Seat) -> Acting:
        sandbox, person = self._seat(session, seat)
        return Acting(seat, sandbox, person)

    def _log(
        self,
        session: Session,
        acting: Acting,
        action: str,
        row: Any,
        before: dict[str, Any] | None = None,
        *,
        removed: bool = False,
    ) -> None:
        """Record one change of ``row`` (flushed, so it has its id) with before/after."""
        self._audit(
            session,
            acting.seat,
            sandbox=acting.sandbox,
            person=acting.person,
            action=action,
            entity=row.__tablename__,
            entity_id=row.id,
            before=before,
            after=None if removed else audit_snapshot(row),
        )


class SkpService(SkpAreaService):
    """Perjanjian Kinerja, the SKP form, cascading, and the submit/approve/return cycle."""

    # -- Perjanjian Kinerja -----------------------------------------------------------------------

    def create_perjanjian_kinerja(
        self, seat: Seat, unit_id: int, year: int, items: Sequence[PerjanjianKinerjaItem]
    ) -> tuple[PerjanjianKinerjaView, ...]:
        """Add rows to a unit's Perjanjian Kinerja (the unit head, or the program seeding)."""
        with self.db.write() as session:
            acting = self._acting(session, seat)
            unit: Unit = load_in_sandbox(
                session, Unit, unit_id, acting.sandbox, "skp_svc.noun_unit"
            )
            is_head = acting.person.is_unit_head and acting.person.unit_id == unit.id
            if seat.principal != SYSTEM and not is_head:
                raise PermissionDenied(reason=Msg("skp_svc.perm_pk_head_only"))
            if not items:
                raise ValidationError("skp_svc.pk_empty", field="items")
            existing = list(_pk_rows(session, unit.id, year))
            keys = {row.key for row in existing}
            for number, item in enumerate(items, start=len(existing) + 1):
                key = item.key or f"{unit.code}-{year}-{number}"
                if key in keys or len(key) > _PK_KEY_LENGTH:
                    raise ValidationError("skp_svc.pk_key_taken", field="key", key=key)
                keys.add(key)
                row = PerjanjianKinerja(
                    sandbox_id=acting.sandbox.id,
                    unit_id=unit.id,
                    year=year,
                    key=key,
                    sasaran=fit_text("rhk_text", item.sasaran, PerjanjianKinerja.sasaran),
                    indikator=fit_text("iki_text", item.indikator, PerjanjianKinerja.indikator),
                    target=whole_number("target", item.target),
                    satuan=fit_text("satuan", item.satuan, PerjanjianKinerja.satuan),
                )
                session.add(row)
                session.flush()
                self._log(session, acting, "perjanjian_kinerja.create", row)
            return tuple(_pk_view(row) for row in _pk_rows(session, unit.id, year))

    def list_perjanjian_kinerja(
        self, seat: Seat, unit_id: int, year: int
    ) -> tuple[PerjanjianKinerjaView, ...]:
        """The unit's Perjanjian Kinerja for the year; anyone in the office may read it."""
        with self.db.read() as session:
            sandbox, _person = self._seat(session, seat)
            unit: Unit = load_in_sandbox(session, Unit, unit_id, sandbox, "skp_svc.noun_unit")
            return tuple(_pk_view(row) for row in _pk_rows(session, unit.id, year))

    # -- creating and drafting an SKP -------------------------------------------------------------

    def create_skp(self, seat: Seat, year: int, pendekatan: Pendekatan) -> SkpView:
        """Start the seat's own SKP for the year, with its perilaku rows and empty lampiran."""
        with self.db.write() as session:
            acting = self._acting(session, seat)
            sandbox, person = acting.sandbox, acting.person
            # Serialise SKP creation per person on PostgreSQL (SQLite writes one at a time).
            session.execute(select(Person.id).where(Person.id == person.id).with_for_update())
            rules.ensure_single_active(
                session.scalars(
                    select(Skp.status).where(Skp.person_id == person.id, Skp.year == year)
                )
            )
            skp = Skp(
                sandbox_id=sandbox.id,
                person_id=person.id,
                year=year,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                pendekatan=Pendekatan(pendekatan),
                status=SkpStatus.DRAFT,
            )
            skp.perilaku = [
                PerilakuExpectation(sandbox_id=sandbox.id, perilaku=p) for p in Perilaku
            ]
            skp.lampiran = [Lampiran(sandbox_id=sandbox.id, kind=k, text="") for k in LampiranKind]
            session.add(skp)
            session.flush()
            self._log(session, acting, "skp.create", skp)
            return self._view(session, skp)

    def add_rhk(
        self,
        seat: Seat,
        skp_id: int,
        text: str,
        jenis: RhkJenis,
        klasifikasi: RhkKlasifikasi,
        *,
        penugasan_dari: str | None = None,
        intervened_rhk_id: int | None = None,
        pk_id: int | None = None,
    ) -> RhkView:
        with self.db.write() as session:
            acting, skp = self._editable_skp(session, seat, skp_id)
            rhk = Rhk(sandbox_id=acting.sandbox.id, position=_next_position(skp.rhks))
            self._fill_rhk(
                session,
                acting,
                skp,
                rhk,
                RhkInput(text, jenis, klasifikasi, penugasan_dari, intervened_rhk_id, pk_id),
            )
            skp.rhks.append(rhk)
            _touch(skp)
            session.flush()
            self._log(session, acting, "rhk.add", rhk)
            return self._rhk_views(session, [rhk])[0]

    def update_rhk(
        self,
        seat: Seat,
        rhk_id: int,
        text: str,
        jenis: RhkJenis,
        klasifikasi: RhkKlasifikasi,
        *,
        penugasan_dari: str | None = None,
        intervened_rhk_id: int | None = None,
        pk_id: int | None = None,
    ) -> RhkView:
        """Replace every field of an RHK (the form sends them all)."""
        with self.db.write() as session:
            acting, skp, rhk = self._editable_rhk(session, seat, rhk_id)
            before = audit_snapshot(rhk)
            self._fill_rhk(
                session,
                acting,
                skp,
                rhk,
                RhkInput(text, jenis, klasifikasi, penugasan_dari, intervened_rhk_id, pk_id),
            )
            _touch(skp)
            session.flush()
            self._log(session, acting, "rhk.update", rhk, before)
            return self._rhk_views(session, [rhk])[0]

    def remove_rhk(self, seat: Seat, rhk_id: int) -> None:
        """Remove an RHK and its indicators from a DRAFT SKP."""
        with self.db.write() as session:
            acting, skp, rhk = self._editable_rhk(session, seat, rhk_id)
            before = audit_snapshot(rhk)
            skp.rhks.remove(rhk)
            _touch(skp)
            session.flush()
            self._log(session, acting, "rhk.remove", rhk, before, removed=True)

    def add_iki(
        self, seat: Seat, rhk_id: int, text: str, aspek: Aspek, target: int | str, satuan: str
    ) -> IkiView:
        """Add an indicator; ``target`` may be the typed text ("12") or a number."""
        with self.db.write() as session:
            acting, skp, rhk = self._editable_rhk(session, seat, rhk_id)
            iki = Iki(sandbox_id=acting.sandbox.id, position=_next_position(rhk.ikis))
            _fill_iki(iki, text, aspek, target, satuan)
            rhk.ikis.append(iki)
            _touch(skp)
            session.flush()
            self._log(session, acting, "iki.add", iki)
            return _iki_view(iki)

    def update_iki(
        self, seat: Seat, iki_id: int, text: str, aspek: Aspek, target: int | str, satuan: str
    ) -> IkiView:
        with self.db.write() as session:
            acting, skp, _rhk, iki = self._editable_iki(session, seat, iki_id)
            before = audit_snapshot(iki)
            _fill_iki(iki, text, aspek, target, satuan)
            _touch(skp)
            session.flush()
            self._log(session, acting, "iki.update", iki, before)
            return _iki_view(iki)

    def remove_iki(self, seat: Seat, iki_id: int) -> None:
        with self.db.write() as session:
            acting, skp, rhk, iki = self._editable_iki(session, seat, iki_id)
            before = audit_snapshot(iki)
            rhk.ikis.remove(iki)
            _touch(skp)
            session.flush()
            self._log(session, acting, "iki.remove", iki, before, removed=True)

    def set_lampiran(self, seat: Seat, skp_id: int, kind: LampiranKind, text: str) -> LampiranView:
        with self.db.write() as session:
            acting, skp = self._editable_skp(session, seat, skp_id)
            row = next(item for item in skp.lampiran if item.kind is LampiranKind(kind))
            before = audit_snapshot(row)
            row.text = fit_text("lampiran_text", text, Lampiran.text)
            _touch(skp)
            session.flush()
            self._log(session, acting, "lampiran.set", row, before)
            return LampiranView(kind=row.kind, text=row.text)

    def set_perilaku_expectation(
        self, seat: Seat, skp_id: int, perilaku: Perilaku, text: str
    ) -> PerilakuView:
        """Write one Ekspektasi Khusus Pimpinan: the direct supervisor, while reviewing."""
        with self.db.write() as session:
            acting, skp = self._reviewed_skp(session, seat, skp_id)
            _ensure_under_review(skp.status)
            _touch(skp)
            rows = self._write_expectations(session, acting, skp, {perilaku: text})
            return _perilaku_view(rows[0])

    # -- cascading --------------------------------------------------------------------------------

    def intervention_choices(self, seat: Seat, skp_id: int) -> InterventionChoicesView:
        """The supervisor RHKs this SKP's RHKs may support, or why there are none yet."""
        with self.db.read() as session:
            sandbox, reader = self._seat(session, seat)
            skp: Skp = load_in_sandbox(session, Skp, skp_id, sandbox, "noun.skp")
            owner = _person(session, skp.person_id)
            ensure_can_read(session, reader, owner)
            supervisor = session.get(Person, owner.supervisor_id) if owner.supervisor_id else None
            sup_skp = skp_of(session, supervisor.id, skp.year) if supervisor else None
            unit = session.get(Unit, owner.unit_id)
            reason = rules.intervention_choices_reason(
                sup_skp.status if sup_skp else None,
                supervisor is not None,
                is_head_of_office=(
                    owner.is_unit_head and unit is not None and unit.kind is UnitKind.DINAS
                ),
                supervisor_rhk_count=len(sup_skp.rhks) if sup_skp else None,
            )
            choices: tuple[InterventionChoiceView, ...] = ()
            if reason is None and sup_skp is not None:
                choices = tuple(
                    InterventionChoiceView(r.id, r.text, r.jenis, r.klasifikasi)
                    for r in sup_skp.rhks
                )
            return InterventionChoicesView(
                supervisor_id=supervisor.id if supervisor else None,
                supervisor_name=supervisor.name if supervisor else None,
                supervisor_skp_id=sup_skp.id if sup_skp else None,
                choices=choices,
                reason=reason,
            )

    # -- the status cycle -------------------------------------------------------------------------

    def submit_skp(self, seat: Seat, skp_id: int) -> SkpView:
        """DRAFT → DIAJUKAN by the owner, once nothing is missing."""
        with self.db.write() as session:
            acting = self._acting(session, seat)
            skp: Skp = load_in_sandbox(session, Skp, skp_id, acting.sandbox, "noun.skp")
            ensure_owner(seat, skp.person_id)
            before = audit_snapshot(skp)
            target = rules.transition_skp(skp.status, SkpStatus.DIAJUKAN)
            rules.ensure_submittable(_draft(skp, acting.person))
            skp.status = target
            skp.submitted_at = acting.sandbox.today
            session.flush()
            self._log(session, acting, "skp.submit", skp, before)
            return self._view(session, skp)

    def approve_skp(
        self,
        seat: Seat,
        skp_id: int,
        ekspektasi_khusus: Mapping[Perilaku, str] | None = None,
    ) -> SkpView:
        """DIAJUKAN → DISETUJUI by the direct supervisor, with optional Ekspektasi Khusus."""
        with self.db.write() as session:
            acting, skp = self._reviewed_skp(session, seat, skp_id)
            before = audit_snapshot(skp)
            skp.status = rules.transition_skp(skp.status, SkpStatus.DISETUJUI)
            skp.decided_at = acting.sandbox.today
            skp.decided_by_id = acting.person.id
            session.flush()
            self._log(session, acting, "skp.approve", skp, before)
            if ekspektasi_khusus:
                self._write_expectations(session, acting, skp, ekspektasi_khusus)
            return self._view(session, skp)

    def return_skp(self, seat: Seat, skp_id: int, note: str) -> SkpView:
        """DIAJUKAN → DIKEMBALIKAN by the direct supervisor, with a note saying what to fix."""
        with self.db.write() as session:
            acting, skp = self._reviewed_skp(session, seat, skp_id)
            before = audit_snapshot(skp)
            skp.status = rules.transition_skp(skp.status, SkpStatus.DIKEMBALIKAN, note)
            skp.return_note = fit_text("return_note", note, Skp.return_note)
            skp.decided_at = acting.sandbox.today
            skp.decided_by_id = acting.person.id
            session.flush()
            self._log(session, acting, "skp.return", skp, before)
            return self._view(session, skp)

    def reopen_skp(self, seat: Seat, skp_id: int) -> SkpView:
        """DIKEMBALIKAN → DRAFT by the owner, to fix what the note asks (the note stays)."""
        with self.db.write() as session:
            acting = self._acting(session, seat)
            skp: Skp = load_in_sandbox(session, Skp, skp_id, acting.sandbox, "noun.skp")
            ensure_owner(seat, skp.person_id)
            before = audit_snapshot(skp)
            skp.status = rules.transition_skp(skp.status, SkpStatus.DRAFT)
            session.flush()
            self._log(session, acting, "skp.reopen", skp, before)
            return self._view(session, skp)

    # -- reading ----------------------------------------------------------------------------------

    def get_skp(self, seat_or_viewer: Seat | Principal, skp_id: int) -> SkpView:
        """An SKP for a seat that may read it, or for a viewer of the sandbox (read-only)."""
        with self.db.read() as session:
            if isinstance(seat_or_viewer, Seat):
                sandbox, reader = self._seat(session, seat_or_viewer)
                skp: Skp = load_in_sandbox(session, Skp, skp_id, sandbox, "noun.skp")
                ensure_can_read(session, reader, _person(session, skp.person_id))
            else:
                found = session.get(Skp, skp_id)
                if found is None:
                    raise NotFound(what=Msg("noun.skp"))
                skp = found
                sandbox = self._sandbox(session, skp.sandbox_id)
                self._ensure_viewer(session, seat_or_viewer, sandbox)
            return self._view(session, skp)

    def skp_for(self, seat: Seat, person_id: int, year: int) -> SkpView | None:
        """The person's SKP for the year, or None when they have not started one."""
        with self.db.read() as session:
            sandbox, reader = self._seat(session, seat)
            owner: Person = load_in_sandbox(session, Person, person_id, sandbox, "noun.person")
            ensure_can_read(session, reader, owner)
            skp = skp_of(session, owner.id, year)
            return self._view(session, skp) if skp is not None else None

    def pending_skp_approvals(self, seat: Seat) -> list[SkpSummaryView]:
        """Direct subordinates' submitted SKPs, oldest first.

        A learner's own persona is left out: the simulated supervisor reviews its SKP.
        """
        with self.db.read() as session:
            sandbox, person = self._seat(session, seat)
            query = (
                select(Skp, Person, func.count(Rhk.id))
                .join(Person, Skp.person_id == Person.id)
                .outerjoin(Rhk, Rhk.skp_id == Skp.id)
                .where(
                    Skp.sandbox_id == sandbox.id,
                    Person.supervisor_id == person.id,
                    Skp.status == SkpStatus.DIAJUKAN,
                )
                .group_by(Skp.id, Person.id)
                .order_by(Skp.submitted_at, Skp.id)
            )
            if not seat.simulated and sandbox.persona_id is not None:
                query = query.where(Skp.person_id != sandbox.persona_id)
            return [
                SkpSummaryView(
                    id=skp.id,
                    person_id=owner.id,
                    owner_name=owner.name,
                    owner_jabatan=owner.jabatan,
                    year=skp.year,
                    status=skp.status,
                    submitted_at=skp.submitted_at,
                    rhk_count=count,
                )
                for skp, owner, count in session.execute(query).all()
            ]

    def matriks_peran_hasil(self, seat: Seat, year: int) -> MatriksView:
        """The seat's own RHKs as rows, direct subordinates as columns, cascading RHKs in cells."""
        with self.db.read() as session:
            sandbox, person = self._seat(session, seat)
            own = skp_of(session, person.id, year)
            subordinates = list(
                session.scalars(
                    select(Person)
                    .where(Person.sandbox_id == sandbox.id, Person.supervisor_id == person.id)
                    .order_by(Person.id)
                )
            )
            sub_skps = [skp_of(session, p.id, year) for p in subordinates]
            sub_rhks = [s.rhks if s is not None else [] for s in sub_skps]
            reason: Msg | None = None
            if own is None:
                reason = Msg("skp_svc.matriks_no_skp", {"year": year})
            elif not subordinates:
                reason = Msg("skp_svc.matriks_no_subordinates")
            rows = tuple(
                MatriksRowView(
                    own_rhk.id,
                    own_rhk.text,
                    tuple(
                        tuple(
                            MatriksCellRhkView(r.id, r.text)
                            for r in rhks
                            if r.intervened_rhk_id == own_rhk.id
                        )
                        for rhks in sub_rhks
                    ),
                )
                for own_rhk in (own.rhks if own is not None else [])
            )
            return MatriksView(
                person_id=person.id,
                year=year,
                skp_id=own.id if own else None,
                columns=tuple(
                    MatriksColumnView(p.id, p.name, p.jabatan, s.status if s else None)
                    for p, s in zip(subordinates, sub_skps, strict=True)
                ),
                rows=rows,
                reason=reason,
            )

    # -- internals --------------------------------------------------------------------------------

    def _editable_skp(self, session: Session, seat: Seat, skp_id: int) -> tuple[Acting, Skp]:
        """The seat's own SKP, still a DRAFT."""
        acting = self._acting(session, seat)
        skp: Skp = load_in_sandbox(session, Skp, skp_id, acting.sandbox, "noun.skp")
        _ensure_owner_may_edit(seat, skp)
        return acting, skp

    def _editable_rhk(self, session: Session, seat: Seat, rhk_id: int) -> tuple[Acting, Skp, Rhk]:
        acting = self._acting(session, seat)
        rhk: Rhk = load_in_sandbox(session, Rhk, rhk_id, acting.sandbox, "noun.rhk")
        _ensure_owner_may_edit(seat, rhk.skp)
        return acting, rhk.skp, rhk

    def _editable_iki(
        self, session: Session, seat: Seat, iki_id: int
    ) -> tuple[Acting, Skp, Rhk, Iki]:
        acting = self._acting(session, seat)
        iki: Iki = load_in_sandbox(session, Iki, iki_id, acting.sandbox, "noun.iki")
        rhk = session.get_one(Rhk, iki.rhk_id)
        _ensure_owner_may_edit(seat, rhk.skp)
        return acting, rhk.skp, rhk, iki

    def _reviewed_skp(self, session: Session, seat: Seat, skp_id: int) -> tuple[Acting, Skp]:
        """An SKP the seat reviews: only its owner's direct supervisor, never the owner, and
        never a learner on their own persona (the simulated supervisor reviews that one)."""
        acting = self._acting(session, seat)
        skp: Skp = load_in_sandbox(session, Skp, skp_id, acting.sandbox, "noun.skp")
        owner = _person(session, skp.person_id)
        ensure_reviewer(acting.person.id, owner.id, owner.supervisor_id)
        if not seat.simulated and owner.id == acting.sandbox.persona_id:
            raise PermissionDenied(reason=Msg("perm.persona_reviewed_by_simulation"))
        return acting, skp

    def _write_expectations(
        self, session: Session, acting: Acting, skp: Skp, texts: Mapping[Perilaku, str]
    ) -> list[PerilakuExpectation]:
        by_perilaku = {row.perilaku: row for row in skp.perilaku}
        changed: list[PerilakuExpectation] = []
        for perilaku, text in texts.items():
            row = by_perilaku[Perilaku(perilaku)]
            before = audit_snapshot(row)
            row.ekspektasi_khusus = fit_text(
                "ekspektasi_khusus", text, PerilakuExpectation.ekspektasi_khusus
            )
            session.flush()
            self._log(session, acting, "skp.ekspektasi_khusus", row, before)
            changed.append(row)
        return changed

    def _fill_rhk(
        self, session: Session, acting: Acting, skp: Skp, rhk: Rhk, form: RhkInput
    ) -> None:
        rhk.text = fit_text("rhk_text", form.text, Rhk.text)
        rhk.jenis = RhkJenis(form.jenis)
        rhk.klasifikasi = RhkKlasifikasi(form.klasifikasi)
        rhk.penugasan_dari = (
            None
            if form.penugasan_dari is None
            else fit_text("penugasan_dari", form.penugasan_dari, Rhk.penugasan_dari)
        )
        if form.intervened_rhk_id is not None:
            _check_intervention(session, acting, skp, form.intervened_rhk_id)
        rhk.intervened_rhk_id = form.intervened_rhk_id
        if form.pk_id is not None:
            pk = session.get(PerjanjianKinerja, form.pk_id)
            if (
                pk is None
                or pk.sandbox_id != acting.sandbox.id
                or pk.unit_id != acting.person.unit_id
                or pk.year != skp.year
            ):
                raise ValidationError("skp_svc.pk_not_of_unit", field="pk_id", year=skp.year)
        rhk.pk_id = form.pk_id

    def _rhk_views(self, session: Session, rhks: Sequence[Rhk]) -> list[RhkView]:
        targets = {r.intervened_rhk_id for r in rhks if r.intervened_rhk_id is not None}
        intervened: dict[int, tuple[str, str]] = {}
        if targets:
            query = (
                select(Rhk.id, Rhk.text, Person.name)
                .join(Skp, Rhk.skp_id == Skp.id)
                .join(Person, Skp.person_id == Person.id)
                .where(Rhk.id.in_(targets))
            )
            intervened = {rid: (text, name) for rid, text, name in session.execute(query)}
        views = []
        for rhk in rhks:
            target = intervened.get(rhk.intervened_rhk_id) if rhk.intervened_rhk_id else None
            views.append(
                RhkView(
                    id=rhk.id,
                    skp_id=rhk.skp_id,
                    position=rhk.position,
                    text=rhk.text,
                    jenis=rhk.jenis,
                    klasifikasi=rhk.klasifikasi,
                    penugasan_dari=rhk.penugasan_dari,
                    intervened_rhk_id=rhk.intervened_rhk_id,
                    intervened_rhk_text=target[0] if target else None,
                    intervened_owner_name=target[1] if target else None,
                    pk_id=rhk.pk_id,
                    ikis=tuple(_iki_view(iki) for iki in rhk.ikis),
                )
            )
        return views

    def _view(self, session: Session, skp: Skp) -> SkpView:
        skp = session.scalars(
            select(Skp)
            .where(Skp.id == skp.id)
            .options(
                selectinload(Skp.rhks).selectinload(Rhk.ikis),
                selectinload(Skp.perilaku),
                selectinload(Skp.lampiran),
            )
        ).one()
        owner = _person(session, skp.person_id)
        decider = session.get(Person, skp.decided_by_id) if skp.decided_by_id else None
        perilaku_order = list(Perilaku)
        lampiran_order = list(LampiranKind)
        problems = (
            tuple(rules.check_submittable(_draft(skp, owner)))
            if skp.status is SkpStatus.DRAFT
            else ()
        )
        return SkpView(
            id=skp.id,
            sandbox_id=skp.sandbox_id,
            person_id=owner.id,
            owner_name=owner.name,
            owner_nip=owner.nip,
            owner_jabatan=owner.jabatan,
            supervisor_id=owner.supervisor_id,
            year=skp.year,
            period_start=skp.period_start,
            period_end=skp.period_end,
            pendekatan=skp.pendekatan,
            status=skp.status,
            status_label=rules.skp_status_label(skp.status),
            return_note=skp.return_note,
            submitted_at=skp.submitted_at,
            decided_at=skp.decided_at,
            decided_by_name=decider.name if decider else None,
            rhks=tuple(self._rhk_views(session, skp.rhks)),
            perilaku=tuple(
                _perilaku_view(row)
                for row in sorted(skp.perilaku, key=lambda r: perilaku_order.index(r.perilaku))
            ),
            lampiran=tuple(
                LampiranView(row.kind, row.text)
                for row in sorted(skp.lampiran, key=lambda r: lampiran_order.index(r.kind))
            ),
            submit_problems=problems,
        )


# --- module helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RhkInput:
    """The RHK form's fields, passed whole from add/update to the shared checks."""

    text: str
    jenis: RhkJenis
    klasifikasi: RhkKlasifikasi
    penugasan_dari: str | None
    intervened_rhk_id: int | None
    pk_id: int | None


def _check_intervention(session: Session, acting: Acting, skp: Skp, intervened_rhk_id: int) -> None:
    """The chosen RHK must be in the owner's direct supervisor's approved SKP of the year."""
    target = session.get(Rhk, intervened_rhk_id)
    if target is None or target.sandbox_id != acting.sandbox.id:
        raise ValidationError("skp_svc.intervened_rhk_unknown", field="intervened_rhk_id")
    try:
        rules.validate_intervention(
            target_skp_status=target.skp.status,
            target_owner_id=target.skp.person_id,
            direct_supervisor_id=acting.person.supervisor_id,
        )
    except ValidationError as error:
        # Same message, shown beside this service's parameter rather than the domain's name.
        raise ValidationError(error.key, field="intervened_rhk_id", **error.params) from error
    if target.skp.year != skp.year:
        raise ValidationError(
            "skp_svc.intervened_rhk_other_year", field="intervened_rhk_id", year=skp.year
        )


def _pk_rows(session: Session, unit_id: int, year: int) -> Iterable[PerjanjianKinerja]:
    return session.scalars(
        select(PerjanjianKinerja)
        .where(PerjanjianKinerja.unit_id == unit_id, PerjanjianKinerja.year == year)
        .order_by(PerjanjianKinerja.id)
    )


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(what=Msg("noun.person"))
    return person


def _ensure_owner_may_edit(seat: Seat, skp: Skp) -> None:
    ensure_owner(seat, skp.person_id)
    rules.ensure_editable(skp.status)


def _touch(skp: Skp) -> None:
    """Bump the SKP's version when its parts change, so a concurrent status change conflicts."""
    flag_modified(skp, "status")


def _next_position(rows: Sequence[Rhk] | Sequence[Iki]) -> int:
    return max((row.position for row in rows), default=0) + 1


def _ensure_under_review(status: SkpStatus) -> None:
    """Ekspektasi Khusus Pimpinan is written while the supervisor reviews a submitted SKP."""
    if status is not SkpStatus.DIAJUKAN:
        raise LockedError(
            "skp_svc.expectation_not_under_review", status=rules.skp_status_label(status)
        )


def _fill_iki(iki: Iki, text: str, aspek: Aspek, target: int | str, satuan: str) -> None:
    iki.text = fit_text("iki_text", text, Iki.text)
    iki.aspek = Aspek(aspek)
    iki.target = whole_number("target", target)
    iki.satuan = fit_text("satuan", satuan, Iki.satuan)


def _draft(skp: Skp, owner: Person) -> rules.SkpDraft:
    return rules.SkpDraft(
        status=skp.status,
        is_unit_head=owner.is_unit_head,
        rhks=tuple(
            rules.RhkDraft(
                text=rhk.text,
                jenis=rhk.jenis,
                klasifikasi=rhk.klasifikasi,
                penugasan_dari=rhk.penugasan_dari or "",
                from_perjanjian_kinerja=rhk.pk_id is not None,
                indicators=tuple(rules.IkiDraft(iki.text, iki.aspek) for iki in rhk.ikis),
            )
            for rhk in skp.rhks
        ),
        perilaku=frozenset(row.perilaku for row in skp.perilaku),
    )


def _pk_view(row: PerjanjianKinerja) -> PerjanjianKinerjaView:
    return PerjanjianKinerjaView(
        row.id, row.unit_id, row.year, row.key, row.sasaran, row.indikator, row.target, row.satuan
    )


def _iki_view(iki: Iki) -> IkiView:
    return IkiView(iki.id, iki.rhk_id, iki.position, iki.text, iki.aspek, iki.target, iki.satuan)


def _perilaku_view(row: PerilakuExpectation) -> PerilakuView:
    return PerilakuView(
        perilaku=row.perilaku,
        label=rules.perilaku_label(row.perilaku),
        guides=tuple(Msg(key) for key in rules.PERILAKU_GUIDES[row.perilaku]),
        ekspektasi_khusus=row.ekspektasi_khusus or "",
    )
