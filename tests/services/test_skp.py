"""SkpService: who may do what, the status cycle, cascading, stored text, audit, concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ekinerja_tutor.domain.errors import (
    Conflict,
    InvalidTransition,
    LockedError,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.statuses import (
    Aspek,
    LampiranKind,
    Pendekatan,
    Perilaku,
    RhkJenis,
    RhkKlasifikasi,
    SkpStatus,
)
from ekinerja_tutor.persistence.models import AuditEvent, Sandbox, Unit
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.skp import PerjanjianKinerjaItem, SkpService, SkpView
from tests.domain.msgcheck import assert_error
from tests.factories import TODAY, MiniOffice, build_mini_office
from tests.services.conftest import learner, simulated

YEAR = 2026

# --- building blocks (also used by test_rencana_aksi) --------------------------------------------


def fill_skp(
    service: SkpService, seat: Seat, *, intervened_rhk_id: int | None = None, rhks: int = 1
) -> SkpView:
    """Create the seat's SKP with ``rhks`` Utama RHKs, each with one indicator."""
    skp = service.create_skp(seat, YEAR, Pendekatan.KUANTITATIF)
    for number in range(1, rhks + 1):
        rhk = service.add_rhk(
            seat,
            skp.id,
            f"Tersusunnya laporan {number}",
            RhkJenis.UTAMA,
            RhkKlasifikasi.INDIVIDU,
            intervened_rhk_id=intervened_rhk_id,
        )
        service.add_iki(seat, rhk.id, f"Jumlah laporan {number}", Aspek.KUANTITAS, 12, "laporan")
    return service.get_skp(SYSTEM, skp.id)


def approved_skp(
    service: SkpService,
    office: MiniOffice,
    owner: str,
    *,
    intervened_rhk_id: int | None = None,
    rhks: int = 1,
) -> SkpView:
    """An SKP of ``owner`` submitted and approved by the simulated direct supervisor."""
    skp = fill_skp(
        service, simulated(office, owner), intervened_rhk_id=intervened_rhk_id, rhks=rhks
    )
    service.submit_skp(simulated(office, owner), skp.id)
    supervisor = {"ani": "kasubag", "budi": "kasubag", "kasubag": "sekretaris"}[owner]
    return service.approve_skp(simulated(office, supervisor), skp.id)


@dataclass
class World:
    """The mini office, a second learner's sandbox, kasubag's approved SKP and ani's SKP."""

    service: SkpService
    office: MiniOffice
    other: MiniOffice
    sup_skp: SkpView
    skp: SkpView

    @property
    def rhk_id(self) -> int:
        return self.skp.rhks[0].id

    @property
    def iki_id(self) -> int:
        return self.skp.rhks[0].ikis[0].id

    def seat(self, name: str) -> Seat:
        """``learner:X`` is the learner's account sitting as X; a bare name is simulated."""
        if name == "other_sandbox":  # another learner, in their own sandbox, on our ids
            return Seat(
                Principal(self.other.account_id, "eko"),
                self.other.sandbox_id,
                self.other.persons["ani"],
            )
        if name == "intruder":  # another learner claiming a seat in our sandbox
            return Seat(
                Principal(self.other.account_id, "eko"),
                self.office.sandbox_id,
                self.office.persons["ani"],
            )
        if name.startswith("learner:"):
            return learner(self.office, name.removeprefix("learner:"))
        return simulated(self.office, name)

    def view(self) -> SkpView:
        return self.service.get_skp(SYSTEM, self.skp.id)


def build_world(ctx: ServiceContext, state: SkpStatus = SkpStatus.DRAFT) -> World:
    with ctx.db.write() as session:
        office = build_mini_office(session)
        other = build_mini_office(session, username="eko")
    service = SkpService(ctx)
    sup_skp = approved_skp(service, office, "kasubag", rhks=2)
    skp = fill_skp(service, learner(office), intervened_rhk_id=sup_skp.rhks[0].id)
    if state is not SkpStatus.DRAFT:
        service.submit_skp(learner(office), skp.id)
    if state is SkpStatus.DIKEMBALIKAN:
        service.return_skp(simulated(office, "kasubag"), skp.id, "Tambahkan indikator kualitas.")
    if state is SkpStatus.DISETUJUI:
        service.approve_skp(simulated(office, "kasubag"), skp.id)
    return World(service, office, other, sup_skp, service.get_skp(SYSTEM, skp.id))


@pytest.fixture
def world(ctx: ServiceContext) -> World:
    return build_world(ctx)


# --- the permission matrix -----------------------------------------------------------------------

Op = Callable[[World, Seat], Any]

NOT_OWNER = [
    "budi",
    "citra",
    "kasubag",
    "sekretaris",
    "learner:kasubag",
    "other_sandbox",
    "intruder",
]
_NOT_REVIEWER = [
    "ani",
    "learner:ani",
    "budi",
    "citra",
    "sekretaris",
    "kadis",
    "learner:kasubag",
    "other_sandbox",
    "intruder",
]


def _last_rhk(w: World) -> int:
    return w.view().rhks[-1].id


# name -> (operation on ani's SKP, seats that must be refused, a seat that may do it)
OPERATIONS: dict[str, tuple[Op, list[str], str]] = {
    "get_skp": (
        lambda w, s: w.service.get_skp(s, w.skp.id),
        ["budi", "citra", "kabid", "other_sandbox", "intruder"],
        "sekretaris",
    ),
    "skp_for": (
        lambda w, s: w.service.skp_for(s, w.office.persons["ani"], YEAR),
        ["budi", "citra", "dedi", "other_sandbox", "intruder"],
        "learner:kasubag",
    ),
    "intervention_choices": (
        lambda w, s: w.service.intervention_choices(s, w.skp.id),
        ["budi", "citra", "other_sandbox", "intruder"],
        "learner:ani",
    ),
    "add_rhk": (
        lambda w, s: w.service.add_rhk(
            s, w.skp.id, "RHK baru", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU
        ),
        NOT_OWNER,
        "learner:ani",
    ),
    "update_rhk": (
        lambda w, s: w.service.update_rhk(
            s, w.rhk_id, "RHK diubah", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU
        ),
        NOT_OWNER,
        "ani",
    ),
    "add_iki": (
        lambda w, s: w.service.add_iki(s, w.rhk_id, "IKI", Aspek.KUALITAS, 100, "persen"),
        NOT_OWNER,
        "learner:ani",
    ),
    "update_iki": (
        lambda w, s: w.service.update_iki(s, w.iki_id, "IKI", Aspek.WAKTU, 12, "bulan"),
        NOT_OWNER,
        "learner:ani",
    ),
    "set_lampiran": (
        lambda w, s: w.service.set_lampiran(s, w.skp.id, LampiranKind.KONSEKUENSI, "Sanksi"),
        NOT_OWNER,
        "learner:ani",
    ),
    "remove_iki": (lambda w, s: w.service.remove_iki(s, w.iki_id), NOT_OWNER, "learner:ani"),
    "remove_rhk": (
        lambda w, s: w.service.remove_rhk(s, _last_rhk(w)),
        NOT_OWNER,
        "learner:ani",
    ),
    "submit_skp": (lambda w, s: w.service.submit_skp(s, w.skp.id), NOT_OWNER, "learner:ani"),
    "set_perilaku_expectation": (
        lambda w, s: w.service.set_perilaku_expectation(s, w.skp.id, Perilaku.AKUNTABEL, "Tepat"),
        _NOT_REVIEWER,
        "kasubag",
    ),
    "return_skp": (
        lambda w, s: w.service.return_skp(s, w.skp.id, "Perbaiki target."),
        _NOT_REVIEWER,
        "kasubag",
    ),
    "approve_skp": (lambda w, s: w.service.approve_skp(s, w.skp.id), _NOT_REVIEWER, "kasubag"),
    "reopen_skp": (lambda w, s: w.service.reopen_skp(s, w.skp.id), NOT_OWNER, "learner:ani"),
}

# Ani's SKP walks its whole life once. At each stage every operation that fits the status is
# tried by every forbidden seat (refused, nothing changes), then the allowed calls run in order;
# the last allowed call of a stage moves the SKP on to the next stage.
_DRAFT_OPERATIONS = [
    "get_skp",
    "skp_for",
    "intervention_choices",
    "add_rhk",
    "update_rhk",
    "add_iki",
    "update_iki",
    "set_lampiran",
    "remove_iki",
    "remove_rhk",
    "submit_skp",
]
STAGES: list[tuple[SkpStatus, list[str], list[str]]] = [
    (SkpStatus.DRAFT, _DRAFT_OPERATIONS, _DRAFT_OPERATIONS),
    (
        SkpStatus.DIAJUKAN,
        ["set_perilaku_expectation", "return_skp", "approve_skp"],
        ["set_perilaku_expectation", "return_skp"],
    ),
    (SkpStatus.DIKEMBALIKAN, ["reopen_skp"], ["reopen_skp", "submit_skp"]),
    (SkpStatus.DIAJUKAN, ["approve_skp"], ["approve_skp"]),
]


def test_permission_matrix(world: World) -> None:
    """Every operation refuses every forbidden seat with PermissionDenied and lets the right one in:
    another employee, a peer, the supervisor (for the owner's work), the supervisor's supervisor,
    the learner in the supervisor seat on their own persona's SKP, another learner's sandbox."""
    w = world
    tried: set[str] = set()
    for status, checked, allowed in STAGES:
        unchanged = w.view()
        assert unchanged.status is status
        for name in checked:
            op, forbidden, _allowed = OPERATIONS[name]
            for seat_name in forbidden:
                with pytest.raises(PermissionDenied) as caught:
                    op(w, w.seat(seat_name))
                assert_error(caught.value)
                assert w.view() == unchanged, f"{name} by {seat_name} changed the SKP"
            tried.add(name)
        for name in allowed:
            op, _forbidden, seat_name = OPERATIONS[name]
            op(w, w.seat(seat_name))
    assert tried == set(OPERATIONS)
    assert w.view().status is SkpStatus.DISETUJUI


def test_refusal_reasons_name_the_rule(world: World) -> None:
    w = world
    w.service.submit_skp(learner(w.office), w.skp.id)
    reasons = {}
    for seat_name in ("learner:kasubag", "ani", "sekretaris", "budi"):
        with pytest.raises(PermissionDenied) as caught:
            w.service.approve_skp(w.seat(seat_name), w.skp.id)
        reason = caught.value.params.get("reason")
        reasons[seat_name] = reason.key if reason is not None else caught.value.key
    assert reasons == {
        "learner:kasubag": "perm.persona_reviewed_by_simulation",
        "ani": "permissions.own_work",
        "sekretaris": "permissions.not_direct_supervisor",
        "budi": "permissions.not_direct_supervisor",
    }
    with pytest.raises(PermissionDenied) as caught:
        w.service.add_rhk(w.seat("kasubag"), w.skp.id, "x", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU)
    assert caught.value.params["reason"].key == "perm.not_owner"


def test_learner_in_supervisor_seat_reviews_other_staff(world: World) -> None:
    """The learner practises reviewing as kasubag on budi's SKP (not their own persona)."""
    w = world
    budi = fill_skp(w.service, w.seat("budi"), intervened_rhk_id=w.sup_skp.rhks[1].id)
    w.service.submit_skp(w.seat("budi"), budi.id)
    kasubag = learner(w.office, "kasubag")
    w.service.set_perilaku_expectation(kasubag, budi.id, Perilaku.LOYAL, "Menjaga rahasia")
    approved = w.service.approve_skp(kasubag, budi.id)
    assert approved.status is SkpStatus.DISETUJUI
    assert approved.decided_by_name == "Kasubag"


def test_create_skp_only_for_an_allowed_seat(world: World) -> None:
    w = world
    for seat_name in ("intruder", "learner:kadis"):
        with pytest.raises(PermissionDenied):
            w.service.create_skp(w.seat(seat_name), YEAR, Pendekatan.KUANTITATIF)
    created = w.service.create_skp(learner(w.office, "kasubag"), YEAR + 1, Pendekatan.KUALITATIF)
    assert created.owner_name == "Kasubag"


def test_perjanjian_kinerja_by_unit_head_or_system(world: World) -> None:
    w = world
    with w.service.db.read() as session:
        units = {
            u.code: u.id
            for u in session.scalars(select(Unit).where(Unit.sandbox_id == w.office.sandbox_id))
        }
    item = PerjanjianKinerjaItem("Meningkatnya layanan", "Indeks kepuasan", 80, "indeks")
    for seat_name, unit in (
        ("learner:ani", "umum"),
        ("learner:kasubag", "sekretariat"),
        ("other_sandbox", "umum"),
        ("intruder", "umum"),
    ):
        with pytest.raises(PermissionDenied):
            w.service.create_perjanjian_kinerja(w.seat(seat_name), units[unit], YEAR, [item])
    rows = w.service.create_perjanjian_kinerja(
        learner(w.office, "kasubag"), units["umum"], YEAR, [item]
    )
    rows = w.service.create_perjanjian_kinerja(
        Seat(SYSTEM, w.office.sandbox_id, w.office.persons["budi"]),
        units["umum"],
        YEAR,
        [PerjanjianKinerjaItem("Tertibnya arsip", "Arsip tertata", "100", "persen", key="pk-2")],
    )
    assert [(r.sasaran, r.target, r.key) for r in rows] == [
        ("Meningkatnya layanan", 80, f"umum-{YEAR}-1"),
        ("Tertibnya arsip", 100, "pk-2"),
    ]
    assert w.service.list_perjanjian_kinerja(w.seat("citra"), units["umum"], YEAR) == rows
    with pytest.raises(ValidationError) as caught:
        w.service.create_perjanjian_kinerja(
            w.seat("kasubag"),
            units["umum"],
            YEAR,
            [PerjanjianKinerjaItem("a", "b", 1, "c", key="pk-2")],
        )
    assert_error(caught.value, "skp_svc.pk_key_taken", "key")
    with pytest.raises(ValidationError) as caught:
        w.service.create_perjanjian_kinerja(w.seat("kasubag"), units["umum"], YEAR, [])
    assert_error(caught.value, "skp_svc.pk_empty")
    with pytest.raises(PermissionDenied):
        w.service.list_perjanjian_kinerja(w.seat("other_sandbox"), units["umum"], YEAR)


def test_head_rhk_from_perjanjian_kinerja(world: World) -> None:
    w = world
    with w.service.db.read() as session:
        umum = session.scalars(
            select(Unit.id).where(Unit.sandbox_id == w.office.sandbox_id, Unit.code == "umum")
        ).one()
        sekretariat = session.scalars(
            select(Unit.id).where(
                Unit.sandbox_id == w.office.sandbox_id, Unit.code == "sekretariat"
            )
        ).one()
    item = PerjanjianKinerjaItem("Sasaran", "Indikator", 1, "dokumen")
    other_unit = w.service.create_perjanjian_kinerja(
        w.seat("sekretaris"), sekretariat, YEAR, [item]
    )
    own = w.service.create_perjanjian_kinerja(w.seat("kasubag"), umum, YEAR, [item])
    head = w.seat("kasubag")
    skp = w.service.create_skp(head, YEAR + 1, Pendekatan.KUANTITATIF)
    with pytest.raises(ValidationError) as caught:
        w.service.add_rhk(
            head, skp.id, "RHK", RhkJenis.UTAMA, RhkKlasifikasi.ORGANISASI, pk_id=own[0].id
        )  # the PK is of another year
    assert_error(caught.value, "skp_svc.pk_not_of_unit", "pk_id")
    head_skp = w.service.create_skp(w.seat("sekretaris"), YEAR, Pendekatan.KUANTITATIF)
    with pytest.raises(ValidationError):
        w.service.add_rhk(
            w.seat("sekretaris"),
            head_skp.id,
            "RHK",
            RhkJenis.UTAMA,
            RhkKlasifikasi.ORGANISASI,
            pk_id=own[0].id,
        )
    rhk = w.service.add_rhk(
        w.seat("sekretaris"),
        head_skp.id,
        "RHK",
        RhkJenis.UTAMA,
        RhkKlasifikasi.ORGANISASI,
        pk_id=other_unit[0].id,
    )
    assert rhk.pk_id == other_unit[0].id


# --- the status cycle ----------------------------------------------------------------------------


def test_every_transition_through_the_service(world: World) -> None:
    w = world
    owner, sup = learner(w.office), w.seat("kasubag")
    with pytest.raises(ValidationError) as caught:
        w.service.create_skp(owner, YEAR, Pendekatan.KUALITATIF)
    assert_error(caught.value, "skp.already_exists", "periode")
    with pytest.raises(InvalidTransition):
        w.service.approve_skp(sup, w.skp.id)
    with pytest.raises(InvalidTransition):
        w.service.reopen_skp(owner, w.skp.id)
    with pytest.raises(LockedError):  # ekspektasi khusus is written while reviewing
        w.service.set_perilaku_expectation(sup, w.skp.id, Perilaku.ADAPTIF, "Cepat belajar")

    submitted = w.service.submit_skp(owner, w.skp.id)
    assert submitted.status is SkpStatus.DIAJUKAN
    assert submitted.submitted_at is not None
    assert submitted.submitted_at == TODAY
    with pytest.raises(LockedError) as locked:
        w.service.add_iki(owner, w.rhk_id, "IKI", Aspek.KUALITAS, 1, "dokumen")
    assert_error(locked.value, "skp.locked_submitted")
    with pytest.raises(InvalidTransition):
        w.service.submit_skp(owner, w.skp.id)
    with pytest.raises(ValidationError) as caught:
        w.service.return_skp(sup, w.skp.id, "   ")
    assert_error(caught.value, "skp.return_note_required", "return_note")

    returned = w.service.return_skp(sup, w.skp.id, "Tambahkan indikator kualitas.\nTerima kasih")
    assert returned.status is SkpStatus.DIKEMBALIKAN
    assert returned.return_note == "Tambahkan indikator kualitas.\nTerima kasih"
    with pytest.raises(LockedError):
        w.service.set_lampiran(owner, w.skp.id, LampiranKind.KONSEKUENSI, "x")
    with pytest.raises(InvalidTransition):
        w.service.submit_skp(owner, w.skp.id)

    reopened = w.service.reopen_skp(owner, w.skp.id)
    assert reopened.status is SkpStatus.DRAFT
    assert reopened.return_note == "Tambahkan indikator kualitas.\nTerima kasih"
    w.service.add_iki(owner, w.rhk_id, "Kualitas laporan", Aspek.KUALITAS, 90, "persen")
    w.service.submit_skp(owner, w.skp.id)

    expectations = {Perilaku.KOLABORATIF: "Aktif membantu rekan", Perilaku.LOYAL: ""}
    approved = w.service.approve_skp(sup, w.skp.id, expectations)
    assert approved.status is SkpStatus.DISETUJUI
    assert approved.decided_by_name == "Kasubag"
    written = {p.perilaku: p.ekspektasi_khusus for p in approved.perilaku}
    assert written[Perilaku.KOLABORATIF] == "Aktif membantu rekan"
    assert written[Perilaku.AKUNTABEL] == ""
    attempts: list[Callable[[], Any]] = [
        lambda: w.service.approve_skp(sup, w.skp.id),
        lambda: w.service.return_skp(sup, w.skp.id, "Lagi"),
        lambda: w.service.submit_skp(owner, w.skp.id),
        lambda: w.service.reopen_skp(owner, w.skp.id),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidTransition):
            attempt()
    with pytest.raises(LockedError) as locked:
        w.service.update_rhk(owner, w.rhk_id, "x", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU)
    assert_error(locked.value, "skp.locked_approved")


def test_submit_refuses_an_incomplete_skp(world: World) -> None:
    w = world
    budi = w.seat("budi")
    skp = w.service.create_skp(budi, YEAR, Pendekatan.KUANTITATIF)
    assert [m.key for m in skp.submit_problems] == ["skp.submit.no_utama"]
    with pytest.raises(ValidationError) as caught:
        w.service.submit_skp(budi, skp.id)
    assert_error(caught.value, "skp.submit.no_utama")
    rhk = w.service.add_rhk(
        budi, skp.id, "Tugas tambahan", RhkJenis.TAMBAHAN, RhkKlasifikasi.ORGANISASI
    )
    view = w.service.get_skp(budi, skp.id)
    assert [m.key for m in view.submit_problems] == [
        "skp.submit.no_utama",
        "skp.submit.organisasi_not_head",
        "skp.submit.tambahan_without_penugasan",
        "skp.submit.rhk_without_iki",
    ]
    w.service.update_rhk(budi, rhk.id, "Tugas utama", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU)
    w.service.add_iki(budi, rhk.id, "Jumlah", Aspek.KUANTITAS, "3", "kegiatan")
    assert w.service.get_skp(budi, skp.id).submit_problems == ()
    assert w.service.submit_skp(budi, skp.id).status is SkpStatus.DIAJUKAN


def test_new_skp_has_period_perilaku_and_lampiran(world: World) -> None:
    skp = world.service.create_skp(world.seat("citra"), YEAR, Pendekatan.KUALITATIF)
    assert (skp.period_start.isoformat(), skp.period_end.isoformat()) == (
        f"{YEAR}-01-01",
        f"{YEAR}-12-31",
    )
    assert [p.perilaku for p in skp.perilaku] == list(Perilaku)
    assert all(len(p.guides) == 3 and p.ekspektasi_khusus == "" for p in skp.perilaku)
    assert [(lamp.kind, lamp.text) for lamp in skp.lampiran] == [(k, "") for k in LampiranKind]
    assert skp.status is SkpStatus.DRAFT and skp.rhks == ()
    assert skp.owner_name == "Citra"


def test_edits_and_positions(world: World) -> None:
    w = world
    owner = learner(w.office)
    second = w.service.add_rhk(
        owner,
        w.skp.id,
        "Kedua",
        RhkJenis.TAMBAHAN,
        RhkKlasifikasi.INDIVIDU,
        penugasan_dari="Kepala Dinas",
    )
    iki = w.service.add_iki(owner, second.id, "Waktu", Aspek.WAKTU, 6, "bulan")
    w.service.update_iki(owner, iki.id, "Ketepatan waktu", Aspek.WAKTU, 5, "bulan")
    w.service.set_lampiran(owner, w.skp.id, LampiranKind.DUKUNGAN_SUMBER_DAYA, "Laptop\n\tprinter")
    view = w.view()
    assert [(r.text, r.position) for r in view.rhks] == [
        ("Tersusunnya laporan 1", 1),
        ("Kedua", 2),
    ]
    assert view.rhks[1].penugasan_dari == "Kepala Dinas"
    assert [(i.text, i.target) for i in view.rhks[1].ikis] == [("Ketepatan waktu", 5)]
    assert view.lampiran[0].text == "Laptop\n\tprinter"
    w.service.remove_iki(owner, iki.id)
    w.service.remove_rhk(owner, w.rhk_id)
    assert [(r.text, r.ikis) for r in w.view().rhks] == [("Kedua", ())]
    with pytest.raises(ValidationError) as caught:
        w.service.add_iki(owner, second.id, "x", Aspek.KUANTITAS, -1, "x")
    assert_error(caught.value, "field.number_negative", "target")
    with pytest.raises(ValidationError) as caught:
        w.service.add_iki(owner, second.id, "x", Aspek.KUANTITAS, "1.000", "x")
    assert_error(caught.value, "field.number_separator", "target")


# --- cascading -----------------------------------------------------------------------------------


def test_intervention_choices_and_their_reasons(ctx: ServiceContext) -> None:
    with ctx.db.write() as session:
        office = build_mini_office(session)
    service = SkpService(ctx)
    ani, kasubag = learner(office), simulated(office, "kasubag")
    skp = service.create_skp(ani, YEAR, Pendekatan.KUANTITATIF)

    def reason() -> str | None:
        view = service.intervention_choices(ani, skp.id)
        assert (view.choices == ()) == (view.reason is not None)
        return view.reason.key if view.reason else None

    assert reason() == "skp.intervention.supervisor_has_no_skp"
    sup = service.create_skp(kasubag, YEAR, Pendekatan.KUANTITATIF)
    assert reason() == "skp.intervention.supervisor_not_approved"
    sup_rhk = service.add_rhk(
        kasubag, sup.id, "RHK atasan", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU
    )
    service.add_iki(kasubag, sup_rhk.id, "IKI", Aspek.KUANTITAS, 1, "dokumen")
    with pytest.raises(ValidationError) as caught:
        service.add_rhk(
            ani,
            skp.id,
            "RHK",
            RhkJenis.UTAMA,
            RhkKlasifikasi.INDIVIDU,
            intervened_rhk_id=sup_rhk.id,
        )
    assert_error(caught.value, "skp.intervention.supervisor_not_approved", "intervened_rhk_id")
    service.submit_skp(kasubag, sup.id)
    assert reason() == "skp.intervention.supervisor_not_approved"
    service.approve_skp(simulated(office, "sekretaris"), sup.id)
    view = service.intervention_choices(ani, skp.id)
    assert view.reason is None
    assert [(c.rhk_id, c.text) for c in view.choices] == [(sup_rhk.id, "RHK atasan")]
    assert view.supervisor_name == "Kasubag"

    rhk = service.add_rhk(
        ani, skp.id, "RHK", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU, intervened_rhk_id=sup_rhk.id
    )
    assert (rhk.intervened_rhk_text, rhk.intervened_owner_name) == ("RHK atasan", "Kasubag")

    kadis_skp = service.create_skp(simulated(office, "kadis"), YEAR, Pendekatan.KUANTITATIF)
    head = service.intervention_choices(simulated(office, "kadis"), kadis_skp.id)
    assert head.reason is not None and head.reason.key == "skp.intervention.head_uses_pk"


def test_intervention_must_point_into_the_direct_supervisors_approved_skp(world: World) -> None:
    w = world
    owner = learner(w.office)
    sekretaris_skp = approved_skp_of_sekretaris(w)
    cases = {
        sekretaris_skp.rhks[0].id: "skp.intervention.not_direct_supervisor",
        w.rhk_id: "skp.intervention.not_direct_supervisor",  # ani's own RHK
        10**9: "skp_svc.intervened_rhk_unknown",
    }
    for target, key in cases.items():
        with pytest.raises(ValidationError) as caught:
            w.service.add_rhk(
                owner,
                w.skp.id,
                "RHK",
                RhkJenis.UTAMA,
                RhkKlasifikasi.INDIVIDU,
                intervened_rhk_id=target,
            )
        assert_error(caught.value, key, "intervened_rhk_id")
        with pytest.raises(ValidationError):
            w.service.update_rhk(
                owner,
                w.rhk_id,
                "RHK",
                RhkJenis.UTAMA,
                RhkKlasifikasi.INDIVIDU,
                intervened_rhk_id=target,
            )
    moved = w.service.update_rhk(
        owner,
        w.rhk_id,
        "RHK",
        RhkJenis.UTAMA,
        RhkKlasifikasi.INDIVIDU,
        intervened_rhk_id=w.sup_skp.rhks[1].id,
    )
    assert moved.intervened_rhk_id == w.sup_skp.rhks[1].id


def approved_skp_of_sekretaris(w: World) -> SkpView:
    sek = w.seat("sekretaris")
    skp = fill_skp(w.service, sek)
    w.service.submit_skp(sek, skp.id)
    return w.service.approve_skp(w.seat("kadis"), skp.id)


def test_matriks_peran_hasil(world: World) -> None:
    w = world
    budi = fill_skp(w.service, w.seat("budi"), intervened_rhk_id=w.sup_skp.rhks[1].id)
    matriks = w.service.matriks_peran_hasil(learner(w.office, "kasubag"), YEAR)
    assert matriks.reason is None
    assert [(c.name, c.skp_status) for c in matriks.columns] == [
        ("Ani", SkpStatus.DRAFT),
        ("Budi", SkpStatus.DRAFT),
    ]
    cells = [[[cell.text for cell in column] for column in row.cells] for row in matriks.rows]
    assert cells == [[["Tersusunnya laporan 1"], []], [[], ["Tersusunnya laporan 1"]]]
    assert matriks.rows[1].cells[1][0].rhk_id == budi.rhks[0].id
    empty = w.service.matriks_peran_hasil(w.seat("kabid"), YEAR)
    assert empty.reason is not None and empty.reason.key == "skp_svc.matriks_no_skp"
    assert [c.name for c in empty.columns] == ["Citra", "Dedi"]
    staff = w.service.matriks_peran_hasil(learner(w.office), YEAR)
    assert staff.reason is not None and staff.reason.key == "skp_svc.matriks_no_subordinates"


def test_pending_approvals_oldest_first(world: World) -> None:
    w = world
    budi = fill_skp(w.service, w.seat("budi"))
    w.service.submit_skp(w.seat("budi"), budi.id)
    with w.service.db.write() as session:
        session.get_one(Sandbox, w.office.sandbox_id).today = TODAY.replace(day=28)
    w.service.submit_skp(learner(w.office), w.skp.id)
    simulated_view = w.service.pending_skp_approvals(w.seat("kasubag"))
    assert [(p.owner_name, p.rhk_count) for p in simulated_view] == [("Budi", 1), ("Ani", 1)]
    # The learner sitting as kasubag does not see their own persona's SKP: it is not theirs to do.
    assert [
        p.owner_name for p in w.service.pending_skp_approvals(learner(w.office, "kasubag"))
    ] == ["Budi"]
    assert w.service.pending_skp_approvals(w.seat("sekretaris")) == []


def test_skp_for_and_viewers(world: World) -> None:
    w = world
    assert w.service.skp_for(learner(w.office), w.office.persons["ani"], YEAR) == w.view()
    assert w.service.skp_for(learner(w.office), w.office.persons["ani"], YEAR + 1) is None
    # A direct subordinate reads the supervisor's SKP (to cascade from it).
    assert w.service.get_skp(learner(w.office), w.sup_skp.id).owner_name == "Kasubag"
    assert w.service.get_skp(Principal(w.office.account_id, "ani"), w.skp.id) == w.view()
    with pytest.raises(PermissionDenied):
        w.service.get_skp(Principal(w.other.account_id, "eko"), w.skp.id)


# --- stored text ---------------------------------------------------------------------------------

_ODD_CHARS = st.sampled_from(
    ["\n", "\r", "\t", "\x00", "\x7f", "\x85", "\u202e", "\u2066", "\u2028", "\ud800", " ", "é"]
)
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.text(st.one_of(st.characters(exclude_categories=()), _ODD_CHARS), max_size=12),
    st.builds(lambda n, c: c * n, st.integers(490, 1010), st.sampled_from("aé😀")),
)


def stored_or_typed_error(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except TutorError as error:
        assert_error(error)
        return None


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, penugasan=st.one_of(st.none(), TEXTS))
def test_rhk_text_is_stored_exactly(world: World, text: str, penugasan: str | None) -> None:
    w = world
    rhk = stored_or_typed_error(
        lambda: w.service.add_rhk(
            learner(w.office),
            w.skp.id,
            text,
            RhkJenis.TAMBAHAN,
            RhkKlasifikasi.INDIVIDU,
            penugasan_dari=penugasan,
        )
    )
    if rhk is not None:
        stored = next(r for r in w.view().rhks if r.id == rhk.id)
        assert (stored.text, stored.penugasan_dari) == (text, penugasan)
        w.service.remove_rhk(learner(w.office), rhk.id)  # keeps the SKP, and each read, small


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, satuan=TEXTS, target=st.one_of(st.integers(-5, 2_000_000), st.text(max_size=8)))
def test_iki_text_is_stored_exactly(world: World, text: str, satuan: str, target: Any) -> None:
    w = world
    iki = stored_or_typed_error(
        lambda: w.service.add_iki(learner(w.office), w.rhk_id, text, Aspek.KUALITAS, target, satuan)
    )
    if iki is not None:
        stored = next(i for i in w.view().rhks[0].ikis if i.id == iki.id)
        assert (stored.text, stored.satuan, stored.target) == (text, satuan, iki.target)
        w.service.remove_iki(learner(w.office), iki.id)


def test_text_longer_than_the_column_is_refused_on_both_engines(any_ctx: ServiceContext) -> None:
    """rhk_text allows 1,000 characters but rhk.text holds 500: the column limit wins, cleanly."""
    w = build_world(any_ctx)
    owner = learner(w.office)
    fits = "é" * 500
    rhk = w.service.add_rhk(owner, w.skp.id, fits, RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU)
    assert w.view().rhks[-1].text == fits == rhk.text
    with pytest.raises(ValidationError) as caught:
        w.service.add_rhk(owner, w.skp.id, fits + "x", RhkJenis.UTAMA, RhkKlasifikasi.INDIVIDU)
    assert_error(caught.value, "field.too_long", "rhk_text")


# --- audit ---------------------------------------------------------------------------------------


def before(event: AuditEvent) -> dict[str, Any]:
    assert event.before is not None, event.action
    return event.before


def after(event: AuditEvent) -> dict[str, Any]:
    assert event.after is not None, event.action
    return event.after


def _events(ctx: ServiceContext, action: str) -> list[AuditEvent]:
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def test_audit_events_have_before_and_after(ctx: ServiceContext, world: World) -> None:
    w = world
    owner, sup = learner(w.office), w.seat("kasubag")
    w.service.update_rhk(
        owner,
        w.rhk_id,
        "Diubah",
        RhkJenis.UTAMA,
        RhkKlasifikasi.INDIVIDU,
        intervened_rhk_id=w.sup_skp.rhks[0].id,
    )
    w.service.submit_skp(owner, w.skp.id)
    w.service.approve_skp(sup, w.skp.id, {Perilaku.ADAPTIF: "Cepat belajar"})

    (update,) = _events(ctx, "rhk.update")
    assert (before(update)["text"], after(update)["text"]) == ("Tersusunnya laporan 1", "Diubah")
    assert update.entity == "rhk" and update.entity_id == w.rhk_id
    assert update.actor_person_id == w.office.persons["ani"] and not update.simulated
    submit = [e for e in _events(ctx, "skp.submit") if e.entity_id == w.skp.id]
    assert [(before(e)["status"], after(e)["status"]) for e in submit] == [("DRAFT", "DIAJUKAN")]
    approve = [e for e in _events(ctx, "skp.approve") if e.entity_id == w.skp.id]
    assert [(before(e)["status"], after(e)["status"]) for e in approve] == [
        ("DIAJUKAN", "DISETUJUI")
    ]
    assert approve[0].simulated and approve[0].actor_person_id == w.office.persons["kasubag"]
    assert approve[0].sandbox_time is not None
    (expectation,) = _events(ctx, "skp.ekspektasi_khusus")
    assert before(expectation)["ekspektasi_khusus"] is None
    assert expectation.after == {
        "skp_id": w.skp.id,
        "perilaku": "ADAPTIF",
        "ekspektasi_khusus": "Cepat belajar",
    }
    created = [e for e in _events(ctx, "skp.create") if e.entity_id == w.skp.id]
    assert created[0].before is None and after(created[0])["status"] == "DRAFT"


def test_audit_on_removal(ctx: ServiceContext, world: World) -> None:
    w = world
    w.service.remove_iki(learner(w.office), w.iki_id)
    w.service.remove_rhk(learner(w.office), w.rhk_id)
    (iki,) = _events(ctx, "iki.remove")
    (rhk,) = _events(ctx, "rhk.remove")
    assert (iki.entity_id, iki.after, before(iki)["text"]) == (w.iki_id, None, "Jumlah laporan 1")
    assert (rhk.entity_id, rhk.after) == (w.rhk_id, None)


# --- concurrency ---------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["approve", "return"])
def test_concurrent_decisions_have_one_winner(any_ctx: ServiceContext, second: str) -> None:
    """The learner (as kasubag) and the simulated kasubag decide budi's SKP at the same time."""
    with any_ctx.db.write() as session:
        office = build_mini_office(session)
    service = SkpService(any_ctx)
    sup = approved_skp(service, office, "kasubag")
    budi = fill_skp(service, simulated(office, "budi"), intervened_rhk_id=sup.rhks[0].id)
    service.submit_skp(simulated(office, "budi"), budi.id)
    pending = service.pending_skp_approvals(learner(office, "kasubag"))
    assert [(p.id, p.rhk_count) for p in pending] == [(budi.id, 1)]
    actions: list[Callable[[], Any]] = [
        lambda: service.approve_skp(learner(office, "kasubag"), budi.id),
        (lambda: service.approve_skp(simulated(office, "kasubag"), budi.id))
        if second == "approve"
        else (lambda: service.return_skp(simulated(office, "kasubag"), budi.id, "Perbaiki")),
    ]
    barrier = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = actions[index]()
        except (Conflict, InvalidTransition) as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [o for o in outcomes if isinstance(o, SkpView)]
    losers = [o for o in outcomes if isinstance(o, Conflict | InvalidTransition)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    final = service.get_skp(SYSTEM, budi.id)
    assert final.status is winners[0].status
    decisions = [
        e
        for e in _events(any_ctx, "skp.approve") + _events(any_ctx, "skp.return")
        if e.entity_id == budi.id
    ]
    assert len(decisions) == 1
