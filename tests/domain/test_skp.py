"""The SKP status machine, cascading rules, submit rules and the BerAKHLAK guides."""

from __future__ import annotations

import itertools

import pytest

from ekinerja_tutor.domain.errors import InvalidTransition, LockedError, ValidationError
from ekinerja_tutor.domain.skp import (
    PERILAKU_GUIDES,
    SKP_TRANSITIONS,
    IkiDraft,
    RhkDraft,
    SkpDraft,
    check_submittable,
    ensure_editable,
    ensure_single_active,
    ensure_submittable,
    intervention_choices_reason,
    perilaku_label,
    rhk_problems,
    skp_status_label,
    transition_skp,
    validate_intervention,
)
from ekinerja_tutor.domain.statuses import Perilaku, RhkJenis, RhkKlasifikasi, SkpStatus
from ekinerja_tutor.i18n import load_catalog
from tests.domain.msgcheck import assert_error, assert_msg

S = SkpStatus
ALLOWED = {
    (S.DRAFT, S.DIAJUKAN),
    (S.DIAJUKAN, S.DISETUJUI),
    (S.DIAJUKAN, S.DIKEMBALIKAN),
    (S.DIKEMBALIKAN, S.DRAFT),
}


def test_the_allowed_transitions_are_the_glossary_ones() -> None:
    assert SKP_TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_skp_transition(current: SkpStatus, target: SkpStatus) -> None:
    if (current, target) in ALLOWED:
        assert transition_skp(current, target, note="Tambahkan IKI kualitas.") is target
        return
    with pytest.raises(InvalidTransition) as raised:
        transition_skp(current, target, note="catatan")
    error = assert_error(raised.value, "skp.transition_invalid")
    assert error.params["from_status"] == skp_status_label(current)
    assert error.params["to_status"] == skp_status_label(target)


@pytest.mark.parametrize("note", [None, "", "   ", "\n\t"])
def test_returning_needs_a_note(note: str | None) -> None:
    with pytest.raises(ValidationError) as raised:
        transition_skp(S.DIAJUKAN, S.DIKEMBALIKAN, note)
    assert_error(raised.value, "skp.return_note_required", "return_note")


def test_return_note_follows_the_field_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        transition_skp(S.DIAJUKAN, S.DIKEMBALIKAN, "x" * 1001)
    assert_error(raised.value, "field.too_long", "return_note")


def test_other_transitions_do_not_need_a_note() -> None:
    assert transition_skp(S.DRAFT, S.DIAJUKAN) is S.DIAJUKAN
    assert transition_skp(S.DIAJUKAN, S.DISETUJUI) is S.DISETUJUI
    assert transition_skp(S.DIKEMBALIKAN, S.DRAFT) is S.DRAFT


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (S.DIAJUKAN, "skp.locked_submitted"),
        (S.DISETUJUI, "skp.locked_approved"),
        (S.DIKEMBALIKAN, "skp.locked_returned"),
    ],
)
def test_only_a_draft_is_editable(status: SkpStatus, key: str) -> None:
    ensure_editable(S.DRAFT)
    with pytest.raises(LockedError) as raised:
        ensure_editable(status)
    error = assert_error(raised.value, key)
    if status in (S.DIAJUKAN, S.DISETUJUI):
        assert "mengembalikan" in error.render("id")
        assert "return it" in error.render("en")


def test_one_skp_per_period() -> None:
    ensure_single_active([])
    ensure_single_active(iter(()))
    for status in S:
        with pytest.raises(ValidationError) as raised:
            ensure_single_active([status])
        assert_error(raised.value, "skp.already_exists", "periode")


# --- cascading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "key"),
    [
        ((S.DISETUJUI, True), {}, None),
        ((S.DISETUJUI, True), {"supervisor_rhk_count": 3}, None),
        ((S.DISETUJUI, True), {"supervisor_rhk_count": 0}, "skp.intervention.supervisor_no_rhk"),
        ((None, False), {}, "skp.intervention.no_supervisor"),
        ((S.DISETUJUI, False), {}, "skp.intervention.no_supervisor"),
        ((None, True), {}, "skp.intervention.supervisor_has_no_skp"),
        ((S.DRAFT, True), {}, "skp.intervention.supervisor_not_approved"),
        ((S.DIAJUKAN, True), {}, "skp.intervention.supervisor_not_approved"),
        ((S.DIKEMBALIKAN, True), {}, "skp.intervention.supervisor_not_approved"),
        ((None, False), {"is_head_of_office": True}, "skp.intervention.head_uses_pk"),
        ((S.DISETUJUI, True), {"is_head_of_office": True}, "skp.intervention.head_uses_pk"),
    ],
)
def test_why_the_intervention_picker_is_empty(
    args: tuple[SkpStatus | None, bool], kwargs: dict[str, object], key: str | None
) -> None:
    reason = intervention_choices_reason(*args, **kwargs)  # type: ignore[arg-type]
    if key is None:
        assert reason is None
        return
    assert reason is not None
    assert reason.key == key
    assert_msg(reason)


def test_not_approved_reason_names_the_status() -> None:
    reason = intervention_choices_reason(S.DIAJUKAN, True)
    assert reason is not None
    assert "Diajukan" in reason.render("id")


def test_valid_intervention() -> None:
    validate_intervention(target_skp_status=S.DISETUJUI, target_owner_id=7, direct_supervisor_id=7)


@pytest.mark.parametrize(
    ("status", "owner", "supervisor", "key"),
    [
        (S.DRAFT, 7, 7, "skp.intervention.supervisor_not_approved"),
        (S.DIAJUKAN, 7, 7, "skp.intervention.supervisor_not_approved"),
        (S.DIKEMBALIKAN, 7, 7, "skp.intervention.supervisor_not_approved"),
        (S.DISETUJUI, 8, 7, "skp.intervention.not_direct_supervisor"),
        (S.DISETUJUI, 7, None, "skp.intervention.no_supervisor"),
    ],
)
def test_invalid_intervention(
    status: SkpStatus, owner: int, supervisor: int | None, key: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_intervention(
            target_skp_status=status, target_owner_id=owner, direct_supervisor_id=supervisor
        )
    assert_error(raised.value, key, "rhk_intervensi")


# --- submit rules ------------------------------------------------------------------------------

IKI = IkiDraft("Jumlah laporan yang disusun")
UTAMA = RhkDraft("Tersusunnya laporan bulanan", RhkJenis.UTAMA, indicators=(IKI,))
ALL_PERILAKU = frozenset(Perilaku)


def draft(*rhks: RhkDraft, head: bool = False, **kwargs: object) -> SkpDraft:
    values: dict[str, object] = {
        "status": S.DRAFT,
        "is_unit_head": head,
        "rhks": rhks,
        "perilaku": ALL_PERILAKU,
    }
    values.update(kwargs)
    return SkpDraft(**values)  # type: ignore[arg-type]


def keys(skp: SkpDraft) -> list[str]:
    problems = check_submittable(skp)
    for problem in problems:
        assert_msg(problem)
    return [problem.key for problem in problems]


def test_a_complete_skp_is_submittable() -> None:
    skp = draft(UTAMA)
    assert check_submittable(skp) == []
    ensure_submittable(skp)


def test_a_tambahan_rhk_with_penugasan_is_fine() -> None:
    tambahan = RhkDraft(
        "Panitia HUT RI", RhkJenis.TAMBAHAN, penugasan_dari="Sekda", indicators=(IKI,)
    )
    assert keys(draft(UTAMA, tambahan)) == []


def test_needs_an_utama_rhk() -> None:
    tambahan = RhkDraft("Panitia", RhkJenis.TAMBAHAN, penugasan_dari="Kadis", indicators=(IKI,))
    assert keys(draft(tambahan)) == ["skp.submit.no_utama"]
    assert keys(draft()) == ["skp.submit.no_utama"]


def test_every_rhk_needs_an_indicator() -> None:
    bare = RhkDraft("Tanpa indikator", RhkJenis.UTAMA)
    problems = check_submittable(draft(UTAMA, bare))
    assert [(p.key, p.params) for p in problems] == [("skp.submit.rhk_without_iki", {"number": 2})]


@pytest.mark.parametrize("penugasan", ["", "   "])
def test_tambahan_needs_penugasan_dari(penugasan: str) -> None:
    tambahan = RhkDraft("Panitia", RhkJenis.TAMBAHAN, penugasan_dari=penugasan, indicators=(IKI,))
    assert keys(draft(UTAMA, tambahan)) == ["skp.submit.tambahan_without_penugasan"]


def test_organisasi_only_for_unit_heads_from_pk() -> None:
    organisasi = RhkDraft(
        "Meningkatnya layanan sosial",
        RhkJenis.UTAMA,
        RhkKlasifikasi.ORGANISASI,
        from_perjanjian_kinerja=True,
        indicators=(IKI,),
    )
    assert keys(draft(organisasi, head=True)) == []
    assert keys(draft(organisasi, head=False)) == ["skp.submit.organisasi_not_head"]
    not_from_pk = RhkDraft("x", RhkJenis.UTAMA, RhkKlasifikasi.ORGANISASI, indicators=(IKI,))
    assert keys(draft(not_from_pk, head=True)) == ["skp.submit.organisasi_not_from_pk"]
    assert rhk_problems(not_from_pk, is_unit_head=False)[0].key == "skp.submit.organisasi_not_head"


def test_all_seven_perilaku_are_needed() -> None:
    missing = ALL_PERILAKU - {Perilaku.LOYAL, Perilaku.ADAPTIF}
    problems = check_submittable(draft(UTAMA, perilaku=missing))
    assert [p.params["perilaku"] for p in problems] == [
        perilaku_label(Perilaku.LOYAL),
        perilaku_label(Perilaku.ADAPTIF),
    ]


def test_only_a_draft_can_be_submitted() -> None:
    assert keys(draft(UTAMA, status=S.DIAJUKAN)) == ["skp.submit.not_draft"]


def test_problems_come_in_screen_order_and_the_first_is_raised() -> None:
    bare_tambahan = RhkDraft("x", RhkJenis.TAMBAHAN, RhkKlasifikasi.ORGANISASI)
    skp = draft(bare_tambahan, perilaku=frozenset({Perilaku.AKUNTABEL}))
    assert keys(skp) == [
        "skp.submit.no_utama",
        "skp.submit.organisasi_not_head",
        "skp.submit.tambahan_without_penugasan",
        "skp.submit.rhk_without_iki",
        *["skp.submit.perilaku_missing"] * 6,
    ]
    with pytest.raises(ValidationError) as raised:
        ensure_submittable(skp)
    assert_error(raised.value, "skp.submit.no_utama")


# --- BerAKHLAK ---------------------------------------------------------------------------------


def test_every_perilaku_has_three_guides_in_both_languages() -> None:
    catalog = load_catalog()
    assert set(PERILAKU_GUIDES) == set(Perilaku)
    texts = set()
    for perilaku, guides in PERILAKU_GUIDES.items():
        assert len(guides) == 3
        assert_msg(perilaku_label(perilaku))
        for key in guides:
            assert catalog[key]["id"] and catalog[key]["en"]
            texts.add(catalog[key]["id"])
    assert len(texts) == 21
    pelayanan = [catalog[key]["id"] for key in PERILAKU_GUIDES[Perilaku.BERORIENTASI_PELAYANAN]]
    assert pelayanan == [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]


def test_status_labels() -> None:
    for status in S:
        assert_msg(skp_status_label(status))
