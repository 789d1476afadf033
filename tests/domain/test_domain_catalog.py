"""Every catalog key the domain code uses exists in both languages, and none is dead."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import fields as dataclass_fields
from pathlib import Path

from ekinerja_tutor.domain.calendar import month_label, weekday_label
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.evidence import evidence_check_label
from ekinerja_tutor.domain.fields import FIELD_RULES, TYPED_FIELDS, field_label
from ekinerja_tutor.domain.permissions import role_label
from ekinerja_tutor.domain.predikat import (
    PP46_BANDS,
    band_pp46_label,
    guidance_for,
    predikat_label,
    rating_label,
    unit_result_label,
)
from ekinerja_tutor.domain.recap import level_label, recap_status_label
from ekinerja_tutor.domain.rules import AllowanceFormula
from ekinerja_tutor.domain.skp import PERILAKU_GUIDES, perilaku_label, skp_status_label
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    EvidenceCheck,
    Perilaku,
    Predikat,
    Rating,
    RecapStatus,
    Role,
    SkpStatus,
    UnitResult,
    VerificationLevel,
)
from ekinerja_tutor.i18n import LANGUAGES, Msg, load_catalog, placeholders
from tests.domain.msgcheck import assert_msg

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "ekinerja_tutor" / "domain"
CATALOG_FILE = ROOT / "ekinerja_tutor" / "i18n" / "catalog" / "domain.toml"
MODULES = [
    "calendar", "rules", "fields", "evidence", "skp", "daily", "predikat", "recap",
    "reminders", "allowance", "permissions",
]  # fmt: skip
PREFIXES = (
    "calendar.", "rules.", "field.", "evidence.", "skp.", "daily.", "predikat.", "recap.",
    "reminders.", "allowance.", "permissions.",
)  # fmt: skip
KEY = re.compile(r"[a-z]+\.[A-Za-z0-9_.]+")


#: Names of settings ("allowance.base_amount"), not catalog keys; error messages quote them.
SETTING_NAMES = {f"allowance.{item.name}" for item in dataclass_fields(AllowanceFormula)}
SETTING_PREFIX = "allowance."


def _literals_and_prefixes() -> tuple[set[str], set[str]]:
    """String literals that look like catalog keys, and the constant heads of f-string keys."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    for name in MODULES:
        tree = ast.parse((DOMAIN / f"{name}.py").read_text(encoding="utf-8"))
        in_fstrings: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                in_fstrings.update(id(part) for part in node.values)
                head = node.values[0] if node.values else None
                if isinstance(head, ast.Constant) and str(head.value).startswith(PREFIXES):
                    prefixes.add(str(head.value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and id(node) not in in_fstrings
                and isinstance(node.value, str)
                and node.value.startswith(PREFIXES)
                and KEY.fullmatch(node.value)
            ):
                literals.add(node.value)
    return literals - SETTING_NAMES, prefixes - {SETTING_PREFIX}


def test_domain_catalog_file_is_complete() -> None:
    data = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    for key, texts in data.items():
        assert key.startswith(PREFIXES), key
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
        assert placeholders(texts["id"]) == placeholders(texts["en"]), key


def test_every_literal_key_in_the_code_exists() -> None:
    catalog = load_catalog()
    literals, prefixes = _literals_and_prefixes()
    assert len(literals) > 100
    missing = sorted(key for key in literals if key not in catalog)
    assert missing == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in catalog), prefix


def test_no_domain_key_is_dead() -> None:
    data = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    literals, prefixes = _literals_and_prefixes()
    dead = sorted(
        key for key in data if key not in literals and not key.startswith(tuple(prefixes))
    )
    assert dead == []


def test_every_generated_label_exists() -> None:
    labels: list[Msg] = []
    labels += [skp_status_label(s) for s in SkpStatus]
    labels += [daily_status_label(s) for s in DailyStatus]
    labels += [recap_status_label(s) for s in RecapStatus]
    labels += [level_label(level) for level in VerificationLevel]
    labels += [evidence_check_label(c) for c in EvidenceCheck]
    labels += [rating_label(r) for r in Rating]
    labels += [predikat_label(p) for p in Predikat]
    labels += [unit_result_label(u) for u in UnitResult]
    labels += [guidance_for(u).summary for u in UnitResult]
    labels += [perilaku_label(p) for p in Perilaku]
    labels += [Msg(key) for guides in PERILAKU_GUIDES.values() for key in guides]
    labels += [role_label(r) for r in Role]
    labels += [field_label(name) for name in [*FIELD_RULES, *TYPED_FIELDS]]
    labels += [band_pp46_label(band) for _, band in PP46_BANDS] + [band_pp46_label("BURUK")]
    labels += [month_label(2026, m) for m in range(1, 13)]
    labels += [weekday_label(d) for d in range(7)]
    for label in labels:
        assert_msg(label)
