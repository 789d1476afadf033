"""Pilot flows of the SKP screen: build and submit an SKP, the empty intervention picker, a
returned SKP, autosaved forms, and user text shown literally (asserted on service state)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widgets import Button, Input, OptionList, Static, TextArea

from ekinerja_tutor.domain.statuses import Aspek, RhkJenis, RhkKlasifikasi, SkpStatus
from ekinerja_tutor.persistence.models import Skp
from ekinerja_tutor.services.drafts import DraftStore
from ekinerja_tutor.ui.screens.skp import SkpScreen
from ekinerja_tutor.ui.screens.skp_forms import IkiForm, LampiranForm, ReviewScreen, RhkForm
from ekinerja_tutor.ui.widgets.skp_form import FormRow
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker
from tests.ui.workspace.conftest import TRICKY, Seeded, settle
from tests.ui.workspace.skp_support import (
    SkpWorld,
    fill,
    make_world,
    open_screen,
    status_text,
    texts,
)


@pytest.fixture
def draft_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "skp_draft")
    yield world
    world.services.close()


@pytest.fixture
def pending_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "supervisor_skp_pending")
    yield world
    world.services.close()


def _drop_own_skp(world: SkpWorld) -> None:
    """The learner has no SKP for the year yet (as a newly joined employee)."""
    with world.services.ctx.db.write() as session:
        for skp in session.scalars(select(Skp).where(Skp.person_id == world.persona_id)):
            session.delete(skp)


async def test_create_build_and_submit_an_skp(draft_world: SkpWorld) -> None:
    world = draft_world
    _drop_own_skp(world)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, SkpScreen(world.workspace))
        assert screen.has_class("-none")
        await pilot.click("#create")
        await settle(app, pilot)
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None and skp.status is SkpStatus.DRAFT

        # Add an RHK that supports the supervisor's second RHK; the text is hostile markup.
        await pilot.press("f6")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RhkForm)
        await fill(pilot, form.query_one("#rhk-text", Input), TRICKY)
        picker = form.query_one("#intervensi", ChoicePicker)
        target = form.choices.choices[1]
        picker.focus()
        await pilot.press("down", "down", "enter")
        assert picker.value == target.rhk_id
        form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        assert app.screen is screen
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None
        [rhk] = skp.rhks
        assert rhk.text == TRICKY
        assert rhk.intervened_rhk_id == target.rhk_id

        # The list shows the text literally (markup neither applied nor run).
        items = screen.query_one("#skp-items", OptionList)
        assert any(TRICKY in line for line in texts(items))
        assert app.is_running

        # Add its indicator from the "+ Tambah indikator" line; a wrong target is refused
        # beside its field, focused, and nothing typed is lost.
        items.focus()
        items.highlighted = items.get_option_index(f"add-iki:{rhk.id}")
        await pilot.press("enter")
        await settle(app, pilot)
        iki_form = app.screen
        assert isinstance(iki_form, IkiForm)
        await fill(pilot, iki_form.query_one("#iki-text", Input), "Jumlah surat diagendakan")
        await fill(pilot, iki_form.query_one("#target", Input), "1.800")
        await fill(pilot, iki_form.query_one("#satuan", Input), "surat")
        iki_form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        row = iki_form.query_one("#row-target", FormRow)
        assert row.has_class("-invalid") and "1.000" in row.error_text
        assert app.focused is iki_form.query_one("#target", Input)
        assert iki_form.query_one("#iki-text", Input).value == "Jumlah surat diagendakan"
        await fill(pilot, iki_form.query_one("#target", Input), "1800")
        iki_form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None
        assert [(i.text, i.target, i.satuan) for i in skp.rhks[0].ikis] == [
            ("Jumlah surat diagendakan", 1800, "surat")
        ]

        # A lampiran of several lines, typed into its own small form.
        items.focus()
        items.highlighted = items.get_option_index("lampiran:DUKUNGAN_SUMBER_DAYA")
        await pilot.press("enter")
        await settle(app, pilot)
        lampiran_form = app.screen
        assert isinstance(lampiran_form, LampiranForm)
        lampiran_form.query_one(TextArea).load_text(f"- Komputer\n- {TRICKY}")
        await pilot.pause()
        lampiran_form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None and skp.lampiran[0].text == f"- Komputer\n- {TRICKY}"

        # Submit: a review first, then DIAJUKAN.
        await pilot.press("f8")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert app.focused is not None and app.focused.id == "send"
        await pilot.press("enter")
        await settle(app, pilot)
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None and skp.status is SkpStatus.DIAJUKAN
        for _ in range(20):  # the screen reloads in a second worker after the send
            if screen.has_class("-submitted"):
                break
            await settle(app, pilot, 1)
        assert screen.has_class("-submitted")
        assert "Diajukan" in status_text(screen)


async def test_submit_review_lists_what_is_missing(draft_world: SkpWorld) -> None:
    world = draft_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, SkpScreen(world.workspace))
        await pilot.press("f8")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        problems = review.query_one("#problems", OptionList)
        assert app.focused is problems and problems.highlighted == 0
        assert not review.query("#send")
        assert "RHK Utama" in texts(problems)[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        items = screen.query_one("#skp-items", OptionList)
        assert items.highlighted_option is not None
        assert items.highlighted_option.id == "add-rhk"
        assert "RHK Utama" in status_text(screen)
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None and skp.status is SkpStatus.DRAFT


async def test_empty_intervention_picker_says_why(pending_world: SkpWorld) -> None:
    world = pending_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, SkpScreen(world.workspace))
        await pilot.press("f6")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RhkForm)
        why = str(form.query_one("#why-no-choice", Static).content)
        assert "SKP atasan Anda masih berstatus Diajukan" in why
        assert "disetujui" in why
        picker = form.query_one("#intervensi", ChoicePicker)
        assert [pick.value for pick in picker.choices] == [None]


async def test_returned_skp_shows_the_note_and_reopens(draft_world: SkpWorld) -> None:
    world = draft_world
    skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
    assert skp is not None
    choices = world.skp.intervention_choices(world.seat, skp.id)
    rhk = world.skp.add_rhk(
        world.seat,
        skp.id,
        "Tertibnya arsip",
        RhkJenis.UTAMA,
        RhkKlasifikasi.INDIVIDU,
        intervened_rhk_id=choices.choices[0].rhk_id,
    )
    world.skp.add_iki(world.seat, rhk.id, "Jumlah arsip", Aspek.KUANTITAS, 10, "berkas")
    world.skp.submit_skp(world.seat, skp.id)
    world.skp.return_skp(world.supervisor_seat, skp.id, TRICKY)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, SkpScreen(world.workspace))
        assert screen.has_class("-returned") and screen.has_class("-has-note")
        note = str(screen.query_one("#skp-note", Static).content)
        assert TRICKY in note and note.startswith("✗")
        await pilot.press("f6")  # disabled: nothing can change until it is reopened
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.click("#reopen")
        await settle(app, pilot)
        view = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert view is not None and view.status is SkpStatus.DRAFT
        assert screen.has_class("-draft") and screen.has_class("-has-note")
        assert app.is_running


async def test_rhk_form_autosaves_and_restores(draft_world: SkpWorld) -> None:
    world = draft_world
    store = DraftStore(world.services.settings.drafts_dir)
    account = str(world.principal.account_id)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, SkpScreen(world.workspace))
        await pilot.press("f6")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RhkForm)
        await fill(pilot, form.query_one("#rhk-text", Input), "Setengah diketik")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert store.load(account, form.form_id) is not None

        await pilot.press("f6")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, RhkForm) and again.restored
        assert again.query_one("#rhk-text", Input).value == "Setengah diketik"
        await pilot.press("f2")  # the form relabels in place, nothing typed is lost
        await settle(app, pilot)
        assert "Add RHK 1" in str(again.query_one(".dialog-title", Static).content)
        assert again.query_one("#rhk-text", Input).value == "Setengah diketik"
        again.query_one("#form-save", Button).press()
        await settle(app, pilot)
        assert store.load(account, again.form_id) is None
        skp = world.skp.skp_for(world.seat, world.persona_id, world.year)
        assert skp is not None and [r.text for r in skp.rhks] == ["Setengah diketik"]


async def test_language_switch_relabels_the_skp(draft_world: SkpWorld) -> None:
    world = draft_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, SkpScreen(world.workspace))
        assert "Status: Draf" in str(screen.query_one("#skp-summary", Static).content)
        await pilot.press("f2")
        await settle(app, pilot)
        assert "Status: Draft" in str(screen.query_one("#skp-summary", Static).content)
        assert "annual performance plan" in str(screen.query_one("#screen-title").content)
        items = screen.query_one("#skp-items", OptionList)
        assert any("Work behaviour" in line for line in texts(items))
