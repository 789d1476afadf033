"""Hypothesis over the inputs of the services a learner types into, the lesson parser and the
trainee CSV importer: no input ever ends in anything but a stored value or a clear refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.services.drafts import DraftStore
from tests.badinput.helpers import RUNS, assert_clear
from tests.ui.workspace.conftest import WsWorld, rencana_aksi_ids

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=600)
TIMES = st.times()
DATES = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


def _run(examples: int, test):  # type: ignore[no-untyped-def]
    settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )(test)()


@pytest.mark.parametrize("examples", RUNS)
def test_daily_entry_form_stores_exactly_or_refuses(ws: WsWorld, examples: int) -> None:
    ra = rencana_aksi_ids(ws)

    @given(
        tanggal=DATES,
        mulai=TIMES,
        selesai=TIMES,
        kegiatan=TEXT,
        realisasi=st.integers(min_value=-(2**63), max_value=2**63 - 1),
        satuan=TEXT,
        bukti=TEXT,
        rencana=st.sampled_from([None, -1, 0, 10**9, *ra[:2]]),
    )
    def check(tanggal, mulai, selesai, kegiatan, realisasi, satuan, bukti, rencana):  # type: ignore[no-untyped-def]
        form = DailyEntryInput(tanggal, mulai, selesai, kegiatan, realisasi, satuan, bukti, rencana)
        try:
            view = ws.daily.save_draft(ws.persona_seat, None, form)
        except TutorError as error:
            assert_clear(error)
            return
        back = ws.daily.get(ws.persona_seat, view.id)
        assert (back.kegiatan, back.satuan, back.bukti_dukung, back.realisasi) == (
            kegiatan,
            satuan,
            bukti,
            realisasi,
        )
        assert (back.tanggal, back.jam_mulai, back.jam_selesai) == (tanggal, mulai, selesai)

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_quick_field_entry_stores_exactly_or_refuses(ws: WsWorld, examples: int) -> None:
    @given(words=TEXT, place=st.none() | TEXT)
    def check(words, place):  # type: ignore[no-untyped-def]
        try:
            view = ws.daily.quick_field_entry(ws.persona_seat, words, place)
        except TutorError as error:
            assert_clear(error)
            return
        back = ws.daily.get(ws.persona_seat, view.id)
        assert back.kegiatan.strip() == words.strip() or words.strip() in back.kegiatan

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_sign_in_fields_refuse_clearly(ws: WsWorld, examples: int) -> None:
    auth = AuthService(ws.services.ctx)

    @given(login=TEXT, password=TEXT)
    def check(login, password):  # type: ignore[no-untyped-def]
        try:
            auth.login_password(login, password)
        except TutorError as error:
            assert_clear(error)
        else:  # pragma: no cover - a random login never matches a real password
            raise AssertionError("a random password was accepted")

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_otp_field_refuses_clearly(ws: WsWorld, examples: int) -> None:
    auth = AuthService(ws.services.ctx)
    step = auth.login_password("197205142008011009", "Latihan#2026a")

    @given(code=TEXT)
    def check(code):  # type: ignore[no-untyped-def]
        try:
            auth.verify_otp(step.account_id, code)
        except TutorError as error:
            assert_clear(error)

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_autosaved_drafts_read_back_exactly(ws: WsWorld, examples: int) -> None:
    store = DraftStore(ws.home / "drafts")

    @given(account=TEXT, form=TEXT, fields=st.dictionaries(TEXT, TEXT | st.integers(), max_size=8))
    def check(account, form, fields):  # type: ignore[no-untyped-def]
        store.save(account, form, fields)
        assert store.load(account, form) == fields

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_lesson_parser_reports_problems_never_crashes(examples: int) -> None:
    from ekinerja_tutor.content.lessons.parser import read_lesson

    lesson_like = st.lists(
        st.sampled_from(
            [
                "---",
                "id: x",
                "title: [a",
                "level: 9",
                "## Langkah",
                "check: daily.sent",
                "```",
                "> [@click=app.quit]x[/]",
                "steps:",
                "  - ",
                ":",
                "\t",
                "\ufeff",
                "\r",
            ]
        )
        | TEXT,
        max_size=30,
    ).map("\n".join)

    @given(text=lesson_like | TEXT)
    def check(text):  # type: ignore[no-untyped-def]
        lesson, problems = read_lesson(text, "id/fuzz.md")
        for problem in problems:
            assert str(problem).startswith("id/fuzz.md:")
        assert lesson is not None or problems

    _run(examples, check)


@pytest.mark.parametrize("examples", RUNS)
def test_trainee_csv_reports_problems_never_crashes(examples: int) -> None:
    from ekinerja_tutor.content.office import load_office
    from ekinerja_tutor.services.training_import import parse_trainees

    office = load_office(None)
    csv_like = st.lists(
        st.lists(
            TEXT | st.sampled_from(["nama", "nip", "jabatan", "197205142008011009"]), max_size=5
        ).map(";".join),
        max_size=12,
    ).map(lambda lines: "\n".join(lines).encode("utf-8"))

    @given(data=csv_like | st.binary(max_size=2000))
    def check(data):  # type: ignore[no-untyped-def]
        parsed = parse_trainees(data, office)
        for problem in parsed.problems:
            assert problem.line >= 0

    _run(examples, check)
