"""The Practice Drive through its service: sharing rules, links, files from disk, audit, clone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.drive import (
    MAX_FILE_BYTES,
    DriveAccessDenied,
    GeneralAccess,
    Reason,
    ShareLevel,
)
from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.persistence.models import AuditEvent, DriveContent, DriveItem, Sandbox
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.drive import SERVED_EXTRA, DriveService
from ekinerja_tutor.services.sandbox_clone import clone_rows
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import Work

TRICKY = "Rapat [Bidang] [@click=app.quit]tutup[/]"


def photo(ctx: ServiceContext, work: Work, access: GeneralAccess = GeneralAccess.RESTRICTED) -> str:
    """Ani puts a photo in her drive (private unless told); its link."""
    view = DriveService(ctx).add_file(
        learner(work.office),
        None,
        "foto rapat.jpg",
        b"\xff\xd8jpeg",
        caption="Rapat",
        access=access,
    )
    return view.link


def opens(ctx: ServiceContext, work: Work, person: str, link: str) -> Reason | None:
    try:
        return DriveService(ctx).open_link(simulated(work.office, person), link).reason
    except DriveAccessDenied:
        return None


def test_sharing_rules_owner_link_named_and_everyone_else(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    link = photo(rctx, work)
    item = drive.own_item_by_link(learner(work.office), link)
    assert item is not None and item.level is ShareLevel.RESTRICTED

    # private ("Dibatasi"): the owner only
    assert opens(rctx, work, "ani", link) is Reason.OWNER
    assert opens(rctx, work, "kasubag", link) is None
    assert opens(rctx, work, "budi", link) is None

    # the supervisor named ("Orang tertentu"): the supervisor, nobody else
    named = drive.set_sharing(
        learner(work.office), item.id, GeneralAccess.RESTRICTED, [work.office.persons["kasubag"]]
    )
    assert named.level is ShareLevel.SPECIFIC_PEOPLE
    assert [p.key for p in named.people] == ["kasubag"]
    assert opens(rctx, work, "kasubag", link) is Reason.NAMED
    assert opens(rctx, work, "budi", link) is None

    # "Siapa saja yang memiliki link": everyone
    shared = drive.set_sharing(learner(work.office), item.id, GeneralAccess.ANYONE_WITH_LINK)
    assert shared.level is ShareLevel.ANYONE_WITH_LINK
    assert opens(rctx, work, "budi", link) is Reason.LINK
    assert drive.opens_for_anyone(work.office.sandbox_id, link)

    # back to private: closed again
    drive.set_sharing(learner(work.office), item.id, GeneralAccess.RESTRICTED, [])
    assert opens(rctx, work, "kasubag", link) is None
    assert not drive.opens_for_anyone(work.office.sandbox_id, link)


def test_the_denied_message_is_the_real_one(rctx: ServiceContext, work: Work) -> None:
    link = photo(rctx, work)
    with pytest.raises(DriveAccessDenied) as caught:
        DriveService(rctx).open_link(simulated(work.office, "kasubag"), link)
    assert caught.value.message.render("id").startswith("Anda memerlukan akses")
    assert caught.value.message.render("en").startswith("You need access")
    assert isinstance(caught.value, PermissionDenied)


def test_a_folder_shares_its_files(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    seat = learner(work.office)
    folder = drive.create_folder(seat, None, "Data dukung TW IV 2026")
    inside = drive.add_file(seat, folder.id, "daftar hadir.csv", b"No,Nama\n1,Ani\n")
    assert opens(rctx, work, "kasubag", inside.link) is None
    drive.set_sharing(seat, folder.id, GeneralAccess.ANYONE_WITH_LINK)
    assert opens(rctx, work, "kasubag", inside.link) is Reason.INHERITED_LINK
    assert drive.item(seat, inside.id).effective is ShareLevel.ANYONE_WITH_LINK
    opened = drive.open_link(simulated(work.office, "budi"), folder.link)
    assert opened.data is None and [c.name for c in opened.children] == ["daftar hadir.csv"]
    page = drive.list_folder(simulated(work.office, "kasubag"), folder.id)
    assert page.total == 1 and page.path[-1].name == "Data dukung TW IV 2026"


def test_the_file_view_has_bytes_mime_date_and_caption(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    view = drive.add_file(
        learner(work.office),
        None,
        "Notulen.txt",
        b"Notulen rapat\n",
        caption=TRICKY,
        item_date=dt.date(2026, 11, 20),
        access=GeneralAccess.ANYONE_WITH_LINK,
    )
    opened = drive.open_link(simulated(work.office, "kasubag"), view.link)
    assert opened.data == b"Notulen rapat\n"
    assert opened.item.mime == "text/plain"
    assert opened.item.item_date == dt.date(2026, 11, 20)
    assert opened.item.caption == TRICKY
    assert opened.viewer.key == "kasubag"


def test_only_the_owner_changes_an_item(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    link = photo(rctx, work, access=GeneralAccess.ANYONE_WITH_LINK)
    item = drive.own_item_by_link(learner(work.office), link)
    assert item is not None
    boss = simulated(work.office, "kasubag")
    with pytest.raises(DriveAccessDenied) as caught:
        drive.set_sharing(boss, item.id, GeneralAccess.RESTRICTED)
    assert caught.value.key == "drive.owner_only"
    with pytest.raises(DriveAccessDenied):
        drive.update_item(boss, item.id, name="x.jpg")
    renamed = drive.update_item(learner(work.office), item.id, name="rapat 26 Nov.jpg")
    assert renamed.name == "rapat 26 Nov.jpg" and renamed.link == link


def test_a_learner_sits_only_in_their_own_seats(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    link = photo(rctx, work)
    with pytest.raises(PermissionDenied):
        drive.open_link(learner(work.office, "budi"), link)
    # ... but may preview what a colleague would see
    with pytest.raises(DriveAccessDenied):
        drive.open_link(learner(work.office), link, as_person_id=work.office.persons["budi"])
    # the supervisor's seat is the learner's too
    with pytest.raises(DriveAccessDenied):
        drive.open_link(learner(work.office, "kasubag"), link)


def test_unknown_and_foreign_links(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    with pytest.raises(NotFound) as missing:
        drive.open_link(learner(work.office), "https://drive.latihan.local/d/nothing-here")
    assert missing.value.key == "drive.link_not_found"
    with pytest.raises(ValidationError) as foreign:
        drive.open_link(learner(work.office), "https://drive.google.com/file/d/x/view")
    assert foreign.value.key == "drive.not_drive_link"
    with pytest.raises(ValidationError) as local:
        drive.open_link(learner(work.office), "C:\\Users\\ani\\foto.jpg")
    assert local.value.key == "evidence.link_local_path"


def test_a_file_from_the_learners_own_disk(
    rctx: ServiceContext, work: Work, tmp_path: Path
) -> None:
    drive = DriveService(rctx)
    seat = learner(work.office)
    file = tmp_path / "laporan kegiatan.md"
    file.write_text("# Laporan\n", encoding="utf-8")
    view = drive.add_file_from_disk(seat, None, f'"{file}"', caption="Laporan")
    assert (view.name, view.mime, view.size) == ("laporan kegiatan.md", "text/markdown", 10)
    assert view.item_date == dt.date(2026, 11, 27)  # the sandbox's today

    with pytest.raises(ValidationError) as missing:
        drive.add_file_from_disk(seat, None, str(tmp_path / "tidak-ada.jpg"))
    assert (missing.value.key, missing.value.field) == ("drive.path_not_file", "drive_path")

    big = tmp_path / "besar.jpg"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ValidationError) as too_big:
        drive.add_file_from_disk(seat, None, str(big))
    assert too_big.value.key == "drive.file_too_big"

    rctx.extras[SERVED_EXTRA] = True
    with pytest.raises(ValidationError) as served:
        drive.add_file_from_disk(seat, None, str(file))
    assert served.value.key == "drive.disk_served"
    assert "peramban" in served.value.render("id")


def test_every_change_and_every_opening_is_audited(rctx: ServiceContext, work: Work) -> None:
    link = photo(rctx, work)
    drive = DriveService(rctx)
    item = drive.own_item_by_link(learner(work.office), link)
    assert item is not None
    assert opens(rctx, work, "kasubag", link) is None  # the refusal is kept too
    drive.set_sharing(learner(work.office), item.id, GeneralAccess.ANYONE_WITH_LINK)
    opens(rctx, work, "kasubag", link)
    with rctx.db.read() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "drive_item", AuditEvent.entity_id == item.id)
            .order_by(AuditEvent.id)
        ).all()
    actions = [e.action for e in events]
    assert actions == ["drive.add_file", "drive.open", "drive.share", "drive.open"]
    assert events[1].after is not None and events[1].after["outcome"] == "denied"
    assert events[2].after is not None and events[2].after["access"] == "ANYONE_WITH_LINK"
    assert events[3].after is not None and events[3].after["outcome"] == "LINK"


def test_cloning_a_sandbox_keeps_links_and_remaps_items(rctx: ServiceContext, work: Work) -> None:
    drive = DriveService(rctx)
    seat = learner(work.office)
    folder = drive.create_folder(seat, None, "Bukti")
    inside = drive.add_file(seat, folder.id, "foto.png", b"\x89PNG", caption="Foto")
    drive.set_sharing(seat, inside.id, GeneralAccess.RESTRICTED, [work.office.persons["kasubag"]])
    with rctx.db.write() as session:
        source = session.get(Sandbox, work.office.sandbox_id)
        assert source is not None
        copy = Sandbox(
            label="clone-drive",
            scenario=source.scenario,
            persona_key=source.persona_key,
            today=source.today,
            created_at=source.created_at,
        )
        session.add(copy)
        session.flush()
        maps = clone_rows(session, source.id, copy.id)
        new_id = copy.id
    with rctx.db.read() as session:
        items = {
            i.name: i
            for i in session.scalars(select(DriveItem).where(DriveItem.sandbox_id == new_id))
        }
        assert items["foto.png"].parent_id == items["Bukti"].id != folder.id
        assert items["foto.png"].owner_id == maps["person"][work.office.persons["ani"]]
        assert items["foto.png"].token == inside.token
        content = session.scalars(
            select(DriveContent).where(DriveContent.item_id == items["foto.png"].id)
        ).one()
        assert content.sandbox_id == new_id and content.data == b"\x89PNG"
    # the same link in the copy: the copy's supervisor (named) opens it, the copy's own rows
    from ekinerja_tutor.services.actors import SYSTEM, Seat

    boss = Seat(SYSTEM, new_id, maps["person"][work.office.persons["kasubag"]])
    assert drive.open_link(boss, inside.link).item.id == items["foto.png"].id
    budi = Seat(SYSTEM, new_id, maps["person"][work.office.persons["budi"]])
    with pytest.raises(DriveAccessDenied):
        drive.open_link(budi, inside.link)
