"""Scenarios: the closed op vocabulary, overlay chains and the pure resolution helpers."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja_tutor.content.office import load_office
from ekinerja_tutor.content.scenarios import (
    OPS,
    load_scenarios,
    parse_selector,
    resolve_day,
    resolve_month,
    resolve_quarter,
    resolve_unit,
    scenario_chain,
    scenario_steps,
)
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck, Role, VerificationLevel

REQUIRED = {
    "base",
    "supervisor_skp_pending",
    "no_rencana_aksi",
    "entry_returned",
    "quarter_verified",
    "skp_draft",
    "new_employee",
}


def test_the_named_scenarios_are_shipped() -> None:
    scenarios = load_scenarios()
    assert set(scenarios) >= REQUIRED
    for scenario in scenarios.values():
        assert scenario.title("id") and scenario.title("en")
        assert scenario.description("id") != scenario.description("en")
        assert all(step.op in OPS for step in scenario.steps)


def test_overlays_resolve_on_the_base() -> None:
    assert [s.name for s in scenario_chain("entry_returned")] == ["base", "entry_returned"]
    assert [s.name for s in scenario_chain("base")] == ["base"]
    steps = scenario_steps("entry_returned")
    assert steps[0].op == "set_clock" and steps[-1].op == "return_entry"
    assert steps[-1].args["note_key"] == "daily.link_private"


def test_unknown_scenario_lists_the_choices() -> None:
    with pytest.raises(ConfigError) as caught:
        scenario_chain("tidak_ada")
    assert caught.value.key == "error.unknown_scenario"
    assert caught.value.params["name"] == "tidak_ada"
    assert "entry_returned" in caught.value.params["choices"]


def test_defaults_are_filled_in() -> None:
    steps = scenario_steps("base")
    sent = [s for s in steps if s.op == "generate_entries"][-1]
    assert sent.args["status"] is DailyStatus.DIKIRIM
    assert sent.args["evidence"] is EvidenceCheck.BELUM_DIVERIFIKASI
    verify = next(s for s in steps if s.op == "verify_recap")
    assert verify.args["levels"] == tuple(VerificationLevel)
    clock = steps[0]
    assert clock.args["date"] == date(2026, 5, 13) and clock.args["time"] == "07:30"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_step_selects_people_for_every_learner_persona(name: str) -> None:
    office = load_office()
    personas = [a.persona for a in office.accounts if a.has_role(Role.LEARNER)]
    for persona in personas:
        for step in scenario_steps(name):
            if "who" in step.args:
                selected = step.people(office, persona)
                assert all(office.person(key).is_asn for key in selected)
            if "unit" in step.args:
                assert office.is_unit(resolve_unit(step.args["unit"], office, persona))


def test_supervisor_pending_holds_back_the_whole_team() -> None:
    office = load_office()
    steps = scenario_steps("supervisor_skp_pending")
    approve = next(s for s in steps if s.op == "skp_status" and s.args["status"] == "DISETUJUI")
    approved = set(approve.people(office, "ani"))
    assert "kasi_pfm" not in approved and "ani" not in approved and "eko" not in approved
    assert "kabid_dayasos" in approved and "agus" in approved


def test_selectors() -> None:
    office = load_office()
    assert parse_selector("persona.supervisor.below").resolve(office, "ani") == ("ani", "eko")
    assert parse_selector("persona.peers").resolve(office, "ani") == ("eko",)
    assert parse_selector("sekda.supervisor.supervisor").resolve(office, None) == ()
    above = parse_selector("persona.above").resolve(office, "ani")
    assert above == ("kasi_pfm", "kabid_dayasos", "kadis", "sekda", "bupati")
    for bad in ("all.below", "persona.boss", "persona.below.supervisor", "Persona"):
        with pytest.raises(ValueError):
            parse_selector(bad)


def test_resolving_specs_against_the_sandbox_clock() -> None:
    today = date(2026, 5, 13)
    assert resolve_day("previous_month_end", today) == date(2026, 4, 30)
    assert resolve_day("previous_quarter_start", today) == date(2026, 1, 1)
    assert resolve_day("previous_quarter_end", today) == date(2026, 3, 31)
    assert resolve_day("after_last_entry", today, last_entry=date(2026, 5, 12)) == today
    assert resolve_day("after_last_entry", today) == date(2026, 1, 1)
    assert resolve_month("previous", date(2027, 1, 7)) == (2026, 12)
    assert resolve_quarter("previous", date(2027, 1, 7)) == (2026, 4)
    assert resolve_quarter(2, today) == (2026, 2)
