"""The SKP (annual performance plan): status machine, cascading, and what a submittable SKP needs.

Status machine (GLOSSARY.md)::

    DRAFT ──ajukan──▶ DIAJUKAN ──setujui──▶ DISETUJUI
      ▲                  │
      └──perbaiki── DIKEMBALIKAN ◀──kembalikan (note required)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ekinerja_tutor.domain.errors import InvalidTransition, LockedError, ValidationError
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.statuses import Aspek, Perilaku, RhkJenis, RhkKlasifikasi, SkpStatus
from ekinerja_tutor.i18n import Msg

SKP_TRANSITIONS: frozenset[tuple[SkpStatus, SkpStatus]] = frozenset(
    {
        (SkpStatus.DRAFT, SkpStatus.DIAJUKAN),
        (SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI),
        (SkpStatus.DIAJUKAN, SkpStatus.DIKEMBALIKAN),
        (SkpStatus.DIKEMBALIKAN, SkpStatus.DRAFT),
    }
)

#: The three behaviour guides of each BerAKHLAK value, as catalog keys (SE MenPANRB 20/2021).
PERILAKU_GUIDES: dict[Perilaku, tuple[str, str, str]] = {
    perilaku: (
        f"skp.perilaku.{perilaku.value}.1",
        f"skp.perilaku.{perilaku.value}.2",
        f"skp.perilaku.{perilaku.value}.3",
    )
    for perilaku in Perilaku
}


def skp_status_label(status: SkpStatus) -> Msg:
    return Msg(f"skp.status.{status.value}")


def perilaku_label(perilaku: Perilaku) -> Msg:
    return Msg(f"skp.perilaku.{perilaku.value}")


def transition_skp(current: SkpStatus, target: SkpStatus, note: str | None = None) -> SkpStatus:
    """Move an SKP to ``target``; returning it to the employee needs a note.

    Raises:
        InvalidTransition: naming both statuses when the move is not allowed.
        ValidationError: on ``return_note`` when returning without a usable note.
    """
    if (current, target) not in SKP_TRANSITIONS:
        raise InvalidTransition(
            "skp.transition_invalid",
            from_status=skp_status_label(current),
            to_status=skp_status_label(target),
        )
    if target is SkpStatus.DIKEMBALIKAN:
        if note is None or note == "" or note.isspace():
            raise ValidationError("skp.return_note_required", field="return_note")
        validate_text("return_note", note)
    return target


def ensure_editable(status: SkpStatus) -> None:
    """Only a DRAFT SKP can be changed; otherwise say what to do to change it."""
    if status is SkpStatus.DRAFT:
        return
    key = {
        SkpStatus.DIAJUKAN: "skp.locked_submitted",
        SkpStatus.DISETUJUI: "skp.locked_approved",
        SkpStatus.DIKEMBALIKAN: "skp.locked_returned",
    }[status]
    raise LockedError(key)


def ensure_single_active(existing_statuses: Iterable[SkpStatus]) -> None:
    """One SKP per person per period: refuse a new one when any exists for that period."""
    existing = list(existing_statuses)
    if existing:
        raise ValidationError(
            "skp.already_exists", field="periode", status=skp_status_label(existing[0])
        )


# --- cascading: RHK Pimpinan yang Diintervensi ------------------------------------------------


def intervention_choices_reason(
    supervisor_skp_status: SkpStatus | None,
    supervisor_exists: bool,
    *,
    is_head_of_office: bool = False,
    supervisor_rhk_count: int | None = None,
) -> Msg | None:
    """Why the "RHK Pimpinan yang Diintervensi" picker is empty, or None when it has choices.

    Args:
        supervisor_skp_status: status of the direct supervisor's SKP for the same period, or
            None when the supervisor has none.
        supervisor_exists: whether the employee's profile names a direct supervisor.
        is_head_of_office: the head of the office cascades from the Perjanjian Kinerja instead.
        supervisor_rhk_count: RHKs in the supervisor's approved SKP, when known.
    """
    if is_head_of_office:
        return Msg("skp.intervention.head_uses_pk")
    if not supervisor_exists:
        return Msg("skp.intervention.no_supervisor")
    if supervisor_skp_status is None:
        return Msg("skp.intervention.supervisor_has_no_skp")
    if supervisor_skp_status is not SkpStatus.DISETUJUI:
        return Msg(
            "skp.intervention.supervisor_not_approved",
            {"status": skp_status_label(supervisor_skp_status)},
        )
    if supervisor_rhk_count == 0:
        return Msg("skp.intervention.supervisor_no_rhk")
    return None


def validate_intervention(
    *,
    target_skp_status: SkpStatus,
    target_owner_id: int,
    direct_supervisor_id: int | None,
) -> None:
    """Check the supervisor RHK an employee's RHK points to.

    Args:
        target_skp_status: status of the SKP that holds the chosen RHK.
        target_owner_id: person who owns that SKP.
        direct_supervisor_id: the employee's direct supervisor, from the profile.

    Raises:
        ValidationError: on ``rhk_intervensi`` when the RHK is not in the direct supervisor's
            approved SKP.
    """
    if direct_supervisor_id is None:
        raise ValidationError("skp.intervention.no_supervisor", field="rhk_intervensi")
    if target_owner_id != direct_supervisor_id:
        raise ValidationError("skp.intervention.not_direct_supervisor", field="rhk_intervensi")
    if target_skp_status is not SkpStatus.DISETUJUI:
        raise ValidationError(
            "skp.intervention.supervisor_not_approved",
            field="rhk_intervensi",
            status=skp_status_label(target_skp_status),
        )


# --- what a submittable SKP needs --------------------------------------------------------------


@dataclass(frozen=True)
class IkiDraft:
    """An indicator (IKI) of an RHK, as much as the submit rules need."""

    text: str
    aspek: Aspek = Aspek.KUANTITAS


@dataclass(frozen=True)
class RhkDraft:
    """An RHK, as much as the submit rules need.

    Attributes:
        from_perjanjian_kinerja: the RHK was taken from the unit's Perjanjian Kinerja.
    """

    text: str
    jenis: RhkJenis
    klasifikasi: RhkKlasifikasi = RhkKlasifikasi.INDIVIDU
    penugasan_dari: str = ""
    from_perjanjian_kinerja: bool = False
    indicators: tuple[IkiDraft, ...] = ()


@dataclass(frozen=True)
class SkpDraft:
    """A pure description of an SKP for :func:`check_submittable`.

    Attributes:
        is_unit_head: the owner heads a unit and has its Perjanjian Kinerja.
        perilaku: the BerAKHLAK rows present on the SKP.
    """

    status: SkpStatus
    is_unit_head: bool
    rhks: tuple[RhkDraft, ...]
    perilaku: frozenset[Perilaku]


def check_submittable(skp: SkpDraft) -> list[Msg]:
    """Every reason the SKP cannot be submitted yet, in screen order; empty when it can."""
    problems: list[Msg] = []
    if skp.status is not SkpStatus.DRAFT:
        problems.append(Msg("skp.submit.not_draft", {"status": skp_status_label(skp.status)}))
    if not any(rhk.jenis is RhkJenis.UTAMA for rhk in skp.rhks):
        problems.append(Msg("skp.submit.no_utama"))
    for number, rhk in enumerate(skp.rhks, start=1):
        problems.extend(_rhk_problems(number, rhk, is_unit_head=skp.is_unit_head))
    problems.extend(
        Msg("skp.submit.perilaku_missing", {"perilaku": perilaku_label(perilaku)})
        for perilaku in Perilaku
        if perilaku not in skp.perilaku
    )
    return problems


def ensure_submittable(skp: SkpDraft) -> None:
    """Raise the first problem of :func:`check_submittable` as a ValidationError."""
    problems = check_submittable(skp)
    if problems:
        first = problems[0]
        raise ValidationError(first.key, **first.params)


def rhk_problems(rhk: RhkDraft, *, is_unit_head: bool) -> list[Msg]:
    """Problems of one RHK on its own (number 1), for checking while the form is open."""
    return _rhk_problems(1, rhk, is_unit_head=is_unit_head)


def _rhk_problems(number: int, rhk: RhkDraft, *, is_unit_head: bool) -> list[Msg]:
    problems: list[Msg] = []
    if rhk.klasifikasi is RhkKlasifikasi.ORGANISASI:
        if not is_unit_head:
            problems.append(Msg("skp.submit.organisasi_not_head", {"number": number}))
        elif not rhk.from_perjanjian_kinerja:
            problems.append(Msg("skp.submit.organisasi_not_from_pk", {"number": number}))
    if rhk.jenis is RhkJenis.TAMBAHAN and (
        rhk.penugasan_dari == "" or rhk.penugasan_dari.isspace()
    ):
        problems.append(Msg("skp.submit.tambahan_without_penugasan", {"number": number}))
    if not rhk.indicators:
        problems.append(Msg("skp.submit.rhk_without_iki", {"number": number}))
    return problems
