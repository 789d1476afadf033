"""RencanaAksiService: planned against an approved SKP, by its owner, explained when empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ekinerja_tutor.domain.errors import LockedError, PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import SkpStatus
from ekinerja_tutor.persistence.models import AuditEvent, DailyEntry
from ekinerja_tutor.services.actors import Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from tests.domain.msgcheck import assert_error, assert_msg
from tests.factories import TODAY
from tests.services.conftest import learner
from tests.services.test_skp import (
    NOT_OWNER,
    TEXTS,
    YEAR,
    World,
    after,
    before,
    build_world,
    stored_or_typed_error,
)


@pytest.fixture
def approved(ctx: ServiceContext) -> World:
    """Ani's SKP, approved by the simulated kasubag."""
    return build_world(ctx, SkpStatus.DISETUJUI)


def _explanation(service: RencanaAksiService, seat: Seat, person_id: int, month: int) -> str:
    view = service.for_month(seat, person_id, YEAR, month)
    assert view.items == ()
    assert view.explanation is not None
    assert_msg(view.explanation)
    return view.explanation.key


def test_empty_month_says_why(ctx: ServiceContext) -> None:
    w = build_world(ctx)
    ra = RencanaAksiService(ctx)
    ani, ani_id = learner(w.office), w.office.persons["ani"]
    assert _explanation(ra, ani, w.office.persons["kasubag"], 11) == "ra_svc.empty_month"
    assert _explanation(ra, w.seat("budi"), w.office.persons["budi"], 11) == "ra_svc.empty_no_skp"
    assert _explanation(ra, ani, ani_id, 11) == "ra_svc.empty_skp_not_approved"
    with pytest.raises(LockedError) as caught:
        ra.add(ani, w.rhk_id, YEAR, 11, "Menyusun draf laporan")
    assert_error(caught.value, "ra_svc.skp_not_approved")
    with pytest.raises(LockedError) as caught:
        ra.copy_from_previous_month(w.seat("budi"), YEAR, 11)
    assert_error(caught.value, "ra_svc.no_skp")
    w.service.submit_skp(ani, w.skp.id)
    assert _explanation(ra, ani, ani_id, 11) == "ra_svc.empty_skp_not_approved"
    w.service.approve_skp(w.seat("kasubag"), w.skp.id)
    assert _explanation(ra, ani, ani_id, 11) == "ra_svc.empty_month"
    empty = ra.for_month(ani, ani_id, YEAR, 11)
    assert empty.explanation is not None
    assert "Isi Rencana Aksi bulan ini dulu" in empty.explanation.render("id")
    assert "November 2026" in empty.explanation.render("id")


def test_add_update_remove_read_back_and_audit(ctx: ServiceContext, approved: World) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    ani = learner(w.office)
    first = ra.add(
        ani, w.rhk_id, YEAR, 11, "Mengumpulkan data", iki_id=w.iki_id, target=3, satuan="dokumen"
    )
    second = ra.add(ani, w.rhk_id, YEAR, 11, "Menyusun laporan")
    view = ra.for_month(ani, w.office.persons["ani"], YEAR, 11)
    assert view.explanation is None and view.skp_status is SkpStatus.DISETUJUI
    assert [(i.text, i.iki_text, i.target, i.satuan, i.rhk_text) for i in view.items] == [
        ("Mengumpulkan data", "Jumlah laporan 1", 3, "dokumen", "Tersusunnya laporan 1"),
        ("Menyusun laporan", None, None, None, "Tersusunnya laporan 1"),
    ]
    updated = ra.update(ani, second.id, "Menyusun laporan bulanan", target="2", satuan="laporan")
    assert (updated.text, updated.target, updated.satuan) == (
        "Menyusun laporan bulanan",
        2,
        "laporan",
    )
    ra.remove(ani, first.id)
    assert [i.id for i in ra.for_month(ani, w.office.persons["ani"], YEAR, 11).items] == [second.id]
    with ctx.db.read() as session:
        events = {
            e.action: e
            for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "rencana_aksi"))
        }
    assert events["rencana_aksi.add"].after is not None
    assert before(events["rencana_aksi.update"])["text"] == "Menyusun laporan"
    assert after(events["rencana_aksi.update"])["text"] == "Menyusun laporan bulanan"
    assert events["rencana_aksi.remove"].after is None
    assert before(events["rencana_aksi.remove"])["text"] == "Mengumpulkan data"


def test_refuses_what_does_not_fit(ctx: ServiceContext, approved: World) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    ani = learner(w.office)
    sup_iki = w.sup_skp.rhks[0].ikis[0].id
    cases: list[tuple[Callable[[], Any], str, str]] = [
        (
            lambda: ra.add(ani, w.rhk_id, YEAR, 11, "x", iki_id=sup_iki),
            "ra_svc.iki_not_of_rhk",
            "iki_id",
        ),
        (lambda: ra.add(ani, w.rhk_id, YEAR, 13, "x"), "ra_svc.month_invalid", "month"),
        (lambda: ra.add(ani, w.rhk_id, YEAR + 1, 1, "x"), "ra_svc.month_outside_skp", "month"),
        (
            lambda: ra.add(ani, w.rhk_id, YEAR, 11, "x", target=-1),
            "field.number_negative",
            "target",
        ),
        (lambda: ra.add(ani, w.rhk_id, YEAR, 11, ""), "field.required", "rencana_aksi_text"),
        (lambda: ra.add(ani, w.rhk_id, YEAR, 11, "x", satuan=""), "field.required", "satuan"),
        (
            lambda: ra.for_month(ani, w.office.persons["ani"], YEAR, 0),
            "ra_svc.month_invalid",
            "month",
        ),
    ]
    for call, key, field in cases:
        with pytest.raises(ValidationError) as caught:
            call()
        assert_error(caught.value, key, field)
    assert ra.for_month(ani, w.office.persons["ani"], YEAR, 11).items == ()


def test_removing_a_rencana_aksi_that_daily_entries_use_is_refused(
    ctx: ServiceContext, approved: World
) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    ani = learner(w.office)
    item = ra.add(ani, w.rhk_id, YEAR, 11, "Menginput data")
    with ctx.db.write() as session:
        session.add(
            DailyEntry(
                sandbox_id=w.office.sandbox_id,
                person_id=w.office.persons["ani"],
                rencana_aksi_id=item.id,
                tanggal=TODAY.date(),
                jam_mulai=dt.time(8),
                jam_selesai=dt.time(10),
                kegiatan="Menginput data penerima bantuan",
                realisasi=20,
                satuan="data",
                created_at=TODAY,
            )
        )
    assert ra.for_month(ani, w.office.persons["ani"], YEAR, 11).items[0].daily_entry_count == 1
    with pytest.raises(LockedError) as caught:
        ra.remove(ani, item.id)
    assert_error(caught.value, "ra_svc.in_use")
    assert caught.value.params["count"] == 1
    assert ra.update(ani, item.id, "Menginput data bansos").text == "Menginput data bansos"


def test_copy_from_previous_month(ctx: ServiceContext, approved: World) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    ani, ani_id = learner(w.office), w.office.persons["ani"]
    ra.add(ani, w.rhk_id, YEAR, 10, "Rapat koordinasi", iki_id=w.iki_id, target=1, satuan="kali")
    ra.add(ani, w.rhk_id, YEAR, 10, "Menyusun laporan")
    ra.add(ani, w.rhk_id, YEAR, 11, "Menyusun laporan")  # already planned for November
    copied = ra.copy_from_previous_month(ani, YEAR, 11)
    assert [(i.text, i.target, i.satuan, i.month) for i in copied.items] == [
        ("Menyusun laporan", None, None, 11),
        ("Rapat koordinasi", 1, "kali", 11),
    ]
    assert ra.copy_from_previous_month(ani, YEAR, 11) == copied  # nothing is copied twice
    assert len(ra.for_month(ani, ani_id, YEAR, 10).items) == 2
    with pytest.raises(ValidationError) as caught:
        ra.copy_from_previous_month(ani, YEAR, 1)
    assert_error(caught.value, "ra_svc.copy_january", "month")
    with pytest.raises(ValidationError) as caught:
        ra.copy_from_previous_month(ani, YEAR, 3)
    assert_error(caught.value, "ra_svc.copy_nothing", "month")
    with ctx.db.read() as session:
        copies = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "rencana_aksi.copy")
        ).all()
    assert [after(e)["month"] for e in copies] == [11]


def test_permission_matrix(ctx: ServiceContext, approved: World) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    ani_id = w.office.persons["ani"]
    october = ra.add(learner(w.office), w.rhk_id, YEAR, 10, "Rapat koordinasi")
    operations: dict[str, tuple[Callable[[Seat], Any], list[str], str]] = {
        "for_month": (
            lambda s: ra.for_month(s, ani_id, YEAR, 10),
            ["budi", "citra", "kabid", "other_sandbox", "intruder"],
            "learner:kasubag",
        ),
        "add": (lambda s: ra.add(s, w.rhk_id, YEAR, 10, "Menyusun laporan"), NOT_OWNER, "ani"),
        "update": (lambda s: ra.update(s, october.id, "Rapat evaluasi"), NOT_OWNER, "learner:ani"),
        "copy_from_previous_month": (
            lambda s: ra.copy_from_previous_month(s, YEAR, 11),
            ["intruder", "learner:kadis"],
            "learner:ani",
        ),
        "remove": (lambda s: ra.remove(s, october.id), NOT_OWNER, "learner:ani"),
    }

    def both_months() -> tuple[object, ...]:
        return tuple(ra.for_month(w.seat("ani"), ani_id, YEAR, month) for month in (10, 11))

    for name, (op, forbidden, allowed) in operations.items():
        unchanged = both_months()
        for seat_name in forbidden:
            with pytest.raises(PermissionDenied) as caught:
                op(w.seat(seat_name))
            assert_error(caught.value)
            assert both_months() == unchanged, f"{name} by {seat_name} changed the Rencana Aksi"
        op(w.seat(allowed))
    # Copying into one's own month never touches someone else's: budi has no approved SKP.
    with pytest.raises(LockedError):
        ra.copy_from_previous_month(w.seat("budi"), YEAR, 11)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=TEXTS,
    satuan=st.one_of(st.none(), TEXTS),
    target=st.one_of(st.none(), st.integers(-5, 2_000_000), st.text(max_size=8)),
)
def test_rencana_aksi_text_is_stored_exactly(
    ctx: ServiceContext, approved: World, text: str, satuan: str | None, target: Any
) -> None:
    w = approved
    ra = RencanaAksiService(ctx)
    added = stored_or_typed_error(
        lambda: ra.add(learner(w.office), w.rhk_id, YEAR, 11, text, target=target, satuan=satuan)
    )
    if added is not None:
        items = ra.for_month(learner(w.office), w.office.persons["ani"], YEAR, 11).items
        stored = next(i for i in items if i.id == added.id)
        assert (stored.text, stored.satuan, stored.target) == (text, satuan, added.target)
        ra.remove(learner(w.office), added.id)
