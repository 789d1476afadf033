"""Pilot flows of the quarter's result (recap chain, ratings, predikat, feedback, sending the
recap) and of Realisasi (prefilled, saved, locked) — asserted on service state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Static

from ekinerja_tutor.domain.statuses import RecapStatus
from ekinerja_tutor.ui.screens.realisasi import RealisasiForm, RealisasiScreen
from ekinerja_tutor.ui.screens.result import ResultScreen
from ekinerja_tutor.ui.screens.skp_forms import ReviewScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.result_matrix import PredikatMatrix
from tests.ui.workspace.conftest import LINK, TRICKY, Seeded, settle
from tests.ui.workspace.skp_support import (
    SkpWorld,
    fill,
    make_world,
    open_screen,
    status_text,
    texts,
)


@pytest.fixture
def base_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "base")
    yield world
    world.services.close()


async def test_previous_quarter_reads_valid_with_predikat_in_words(base_world: SkpWorld) -> None:
    world = base_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, ResultScreen(world.workspace))
        assert screen.quarter == 1  # today is in May: the quarter just finished
        text = screen.text
        assert "Rekap triwulan: Valid ✓" in text
        levels = [line for line in text.splitlines() if line.startswith(" ✓ ")]
        assert len(levels) == 3
        assert any("Kasubag/Kabid" in line and "lolos" in line for line in levels)
        assert any("Kepala Dinas" in line for line in levels)
        assert "Predikat: Baik" in text
        assert "Hasil kerja Sesuai Ekspektasi dan perilaku Sesuai Ekspektasi → Baik" in text
        # The learner's cell is marked by a symbol and named in words.
        matrix = screen.query_one(PredikatMatrix).lines
        sesuai_row = next(line for line in matrix if line.startswith("Sesuai"))
        assert "»Baik«" in sesuai_row
        assert sum(line.count("»") for line in matrix[:-1]) == 1
        assert "posisi Anda" in matrix[-1]
        # Feedback: the library's sentence text, not its key.
        feedback = str(screen.query_one("#result-feedback", Static).content)
        assert "Perilaku Berorientasi Pelayanan" in feedback
        assert "pl.pelayanan" not in feedback
        assert screen.query_one("#result-send").has_class("-hidden")

        await pilot.press("f2")
        await settle(app, pilot)
        assert "Predikat: Good (Baik)" in screen.text


async def test_send_the_quarter_recap_after_a_review(base_world: SkpWorld) -> None:
    world = base_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, ResultScreen(world.workspace))
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert screen.quarter == 2
        assert not screen.query_one("#result-send").has_class("-hidden")
        evidence = screen.query_one("#evidence", Input)

        # A link nobody can open is refused beside the field, focused, text kept.
        await fill(pilot, evidence, "folder saya di laptop")
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        field = screen.query_one("#field-evidence_folder", Field)
        assert field.has_class("-invalid")
        assert app.focused is not None and app.focused.id == "evidence"
        assert evidence.value == "folder saya di laptop"
        recap = world.results.recap_view(
            world.seat, person_id=world.persona_id, year=world.year, quarter=2
        )
        assert recap.status is RecapStatus.DRAFT

        await fill(pilot, evidence, LINK)
        screen.query_one("#send", Button).press()
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert LINK in str(review.query_one("#review", Static).content)
        await pilot.press("enter")
        await settle(app, pilot)
        recap = world.results.recap_view(
            world.seat, person_id=world.persona_id, year=world.year, quarter=2
        )
        assert recap.status is RecapStatus.DIVERIFIKASI and recap.evidence_folder == LINK
        assert "Sedang diverifikasi …" in screen.text
        assert " … 1. Kasubag/Kabid" in screen.text
        assert screen.query_one("#result-send").has_class("-hidden")


async def test_realisasi_prefilled_saved_and_locked(base_world: SkpWorld) -> None:
    world = base_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, RealisasiScreen(world.workspace))
        assert screen.quarter == 2
        items = screen.query_one("#real-items", OptionList)
        view = world.results.realisasi_for(world.seat, world.persona_id, world.year, 2)
        first = view.rows[0]
        assert f"Realisasi: {first.prefilled} {first.satuan}" in texts(items)[0]
        assert "disetujui" in texts(items)[0]

        items.focus()
        items.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RealisasiForm)
        assert form.query_one("#real-value", Input).value == str(first.prefilled)
        await fill(pilot, form.query_one("#real-value", Input), "150")
        await fill(pilot, form.query_one("#real-source", Input), TRICKY)
        form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        view = world.results.realisasi_for(world.seat, world.persona_id, world.year, 2)
        assert (view.rows[0].saved_value, view.rows[0].sumber_data) == (150, TRICKY)
        assert any(TRICKY in line for line in texts(items))
        assert app.is_running

        # The first quarter has been assessed: the screen says so and offers no form.
        await pilot.press("pageup")
        await settle(app, pilot)
        assert screen.quarter == 1 and screen.has_class("-locked")
        assert "sudah dinilai" in str(screen.query_one("#real-explain", Static).content)
        items.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert "sudah dinilai" in status_text(screen)
