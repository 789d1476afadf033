"""The message catalog: both languages everywhere, placeholders that match."""

import re
from pathlib import Path

from ekinerja_tutor.i18n import LANGUAGES, Msg, Translator, load_catalog, placeholders

PACKAGE = Path(__file__).resolve().parents[2] / "ekinerja_tutor"


def test_every_key_has_both_languages_and_same_placeholders() -> None:
    catalog = load_catalog()
    assert catalog
    for key, texts in catalog.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        assert placeholders(texts["id"]) == placeholders(texts["en"]), key


def test_keys_used_in_code_exist() -> None:
    """Every literal catalog key in the code (``t("x.y")``, ``Msg("x.y")``, error keys)."""
    catalog = load_catalog()
    pattern = re.compile(
        r"""(?:\bt|Msg|Error|Denied|Transition|NotFound|Conflict|Invalid|msg)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
    )
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in catalog:
                missing.append(f"{path.relative_to(PACKAGE)}: {key}")
    assert missing == []


def test_translation_switches_language_and_fills_params() -> None:
    tr = Translator("en")
    assert tr.t("error.unknown_user", username="budi") == "Unknown user: budi"
    assert Translator("id").t("error.unknown_user", username="budi").startswith("Pengguna")
    assert Msg("error.not_found", {"what": Msg("noun.person")}).render("en").startswith("Employee")


def test_unknown_key_shows_itself() -> None:
    assert Translator("id").t("no.such.key") == "no.such.key"


def test_a_name_ending_in_a_degree_is_not_followed_by_a_second_period() -> None:
    tr = Translator("id")
    assert tr.t("otp.signed_in", name="Dimas Aditya Pratama, S.E.") == (
        "Selamat datang, Dimas Aditya Pratama, S.E. Anda sudah masuk."
    )
    assert tr.t("otp.signed_in", name="Dimas") == "Selamat datang, Dimas. Anda sudah masuk."
