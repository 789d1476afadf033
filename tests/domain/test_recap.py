"""The quarterly recap climbing the verification chain, at every level."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ekinerja_tutor.domain.errors import (
    ConfigError,
    InvalidTransition,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.recap import (
    RecapChain,
    RecapState,
    level_label,
    recap_status_label,
)
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import RecapStatus, VerificationLevel
from tests.domain.msgcheck import assert_error, assert_msg

L = VerificationLevel
S = RecapStatus
CHAIN = RecapChain.from_rules(RegionalRules())
LEVELS = CHAIN.levels


def test_default_chain() -> None:
    assert LEVELS == (L.KASUBAG_KABID, L.SEKRETARIS, L.KEPALA_DINAS)


@pytest.mark.parametrize("status", [S.DRAFT, S.DIKEMBALIKAN])
def test_submit_starts_at_the_lowest_level(status: RecapStatus) -> None:
    state = CHAIN.submit(status)
    assert state == RecapState(S.DIVERIFIKASI, 0)
    assert CHAIN.waiting_level(state) is L.KASUBAG_KABID


@pytest.mark.parametrize("status", [S.DIVERIFIKASI, S.VALID])
def test_submit_refused_while_verifying_or_valid(status: RecapStatus) -> None:
    with pytest.raises(InvalidTransition) as raised:
        CHAIN.submit(status)
    assert_error(raised.value, "recap.submit_invalid")


def test_passing_every_level_makes_it_valid() -> None:
    state = CHAIN.submit(S.DRAFT)
    for index, level in enumerate(LEVELS):
        assert state == RecapState(S.DIVERIFIKASI, index)
        state = CHAIN.pass_level(state.status, state.level_index, level)
    assert state == RecapState(S.VALID, 2)
    assert CHAIN.waiting_level(state) is None


@pytest.mark.parametrize("index", range(3))
def test_every_level_can_return_with_a_note(index: int) -> None:
    state = CHAIN.return_level(S.DIVERIFIKASI, index, LEVELS[index], "Daftar hadir belum ada.")
    assert state == RecapState(S.DIKEMBALIKAN, index)
    assert CHAIN.waiting_level(state) is None
    assert CHAIN.submit(state.status) == RecapState(S.DIVERIFIKASI, 0)


@pytest.mark.parametrize("note", [None, "", "  ", "\n"])
def test_returning_needs_a_note(note: str | None) -> None:
    with pytest.raises(ValidationError) as raised:
        CHAIN.return_level(S.DIVERIFIKASI, 1, L.SEKRETARIS, note)
    assert_error(raised.value, "recap.return_note_required", "return_note")


def test_return_note_follows_field_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        CHAIN.return_level(S.DIVERIFIKASI, 1, L.SEKRETARIS, "x" * 1001)
    assert_error(raised.value, "field.too_long", "return_note")


@pytest.mark.parametrize("index", range(3))
@pytest.mark.parametrize("acting", list(L))
def test_only_the_waiting_level_may_act(index: int, acting: VerificationLevel) -> None:
    if acting is LEVELS[index]:
        CHAIN.pass_level(S.DIVERIFIKASI, index, acting)
        return
    actions: list[Callable[[], RecapState]] = [
        lambda: CHAIN.pass_level(S.DIVERIFIKASI, index, acting),
        lambda: CHAIN.return_level(S.DIVERIFIKASI, index, acting, "catatan"),
    ]
    for act in actions:
        with pytest.raises(PermissionDenied) as raised:
            act()
        error = assert_error(raised.value, "recap.wrong_level")
        assert error.params["waiting_level"] == level_label(LEVELS[index])
        assert error.params["acting_level"] == level_label(acting)


def test_wrong_level_message_names_where_it_waits() -> None:
    with pytest.raises(PermissionDenied) as raised:
        CHAIN.pass_level(S.DIVERIFIKASI, 0, L.KEPALA_DINAS)
    assert "Kasubag/Kabid" in raised.value.render("id")


@pytest.mark.parametrize(
    ("status", "key"),
    [(S.DRAFT, "recap.not_in_verification"), (S.DIKEMBALIKAN, "recap.not_in_verification"),
     (S.VALID, "recap.already_valid")],
)  # fmt: skip
def test_acting_outside_verification_is_refused(status: RecapStatus, key: str) -> None:
    for level_index, level in enumerate(LEVELS):
        with pytest.raises(InvalidTransition) as passed:
            CHAIN.pass_level(status, level_index, level)
        assert_error(passed.value, key)
        with pytest.raises(InvalidTransition) as returned:
            CHAIN.return_level(status, level_index, level, "catatan")
        assert_error(returned.value, key)


@pytest.mark.parametrize("index", [-1, 3])
def test_a_level_index_outside_the_chain_is_refused(index: int) -> None:
    with pytest.raises(InvalidTransition) as raised:
        CHAIN.pass_level(S.DIVERIFIKASI, index, L.KASUBAG_KABID)
    assert_error(raised.value, "recap.bad_level_index")


def test_the_chain_is_configuration() -> None:
    short = RecapChain((L.KASUBAG_KABID, L.KEPALA_DINAS))
    state = short.pass_level(S.DIVERIFIKASI, 0, L.KASUBAG_KABID)
    assert short.waiting_level(state) is L.KEPALA_DINAS
    assert short.pass_level(state.status, state.level_index, L.KEPALA_DINAS).status is S.VALID
    swapped = RecapChain((L.KASUBAG_KABID, L.KEPALA_DINAS, L.SEKRETARIS))
    assert swapped.pass_level(S.DIVERIFIKASI, 2, L.SEKRETARIS) == RecapState(S.VALID, 2)
    single = RecapChain((L.KEPALA_DINAS,))
    assert single.pass_level(S.DIVERIFIKASI, 0, L.KEPALA_DINAS).status is S.VALID


@pytest.mark.parametrize(
    ("levels", "key"),
    [((), "rules.no_levels"), ((L.SEKRETARIS, L.SEKRETARIS), "rules.duplicate_level")],
)
def test_nonsense_chains_are_refused(levels: tuple[VerificationLevel, ...], key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        RecapChain(levels)
    assert_error(raised.value, key, "verification_levels")


def test_labels() -> None:
    for status in S:
        assert_msg(recap_status_label(status))
    for level in L:
        assert_msg(level_label(level))


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("index", range(3))
@pytest.mark.parametrize("acting", list(L))
def test_full_product_of_status_level_and_actor(
    status: RecapStatus, index: int, acting: VerificationLevel
) -> None:
    """Every (status, waiting level, acting level) for both actions, against a plain model."""
    if status is S.VALID:
        expected_error: tuple[type[Exception], str] | None = (
            InvalidTransition,
            "recap.already_valid",
        )
    elif status is not S.DIVERIFIKASI:
        expected_error = (InvalidTransition, "recap.not_in_verification")
    elif acting is not LEVELS[index]:
        expected_error = (PermissionDenied, "recap.wrong_level")
    else:
        expected_error = None
    outcomes: dict[str, Callable[[], RecapState]] = {
        "pass": lambda: CHAIN.pass_level(status, index, acting),
        "return": lambda: CHAIN.return_level(status, index, acting, "Perbaiki folder bukti."),
    }
    for action, act in outcomes.items():
        if expected_error is not None:
            with pytest.raises(expected_error[0]) as raised:
                act()
            assert isinstance(raised.value, TutorError)
            assert_error(raised.value, expected_error[1])
            continue
        state = act()
        if action == "return":
            assert state == RecapState(S.DIKEMBALIKAN, index)
        elif index == len(LEVELS) - 1:
            assert state == RecapState(S.VALID, index)
        else:
            assert state == RecapState(S.DIVERIFIKASI, index + 1)
