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


def test_the_catalog_cache_follows_the_files_and_keeps_one_file(tmp_path: Path) -> None:
    """The merged catalog is cached beside the files; an edit makes a new cache file and
    removes the old one (they piled up, one per edit), and a damaged one is read again."""
    import os
    import shutil

    from ekinerja_tutor.i18n import load_catalog_folder

    folder = tmp_path / "catalog"
    shutil.copytree(
        Path(__file__).parents[2] / "ekinerja_tutor" / "i18n" / "catalog",
        folder,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    first = load_catalog_folder(folder)
    (cache,) = (folder / "__pycache__").glob("catalog-*.marshal")
    assert load_catalog_folder(folder) == first
    extra = folder / "zz_extra.toml"
    extra.write_text('["test.extra"]\nid = "Tambahan"\nen = "Extra"\n', encoding="utf-8")
    second = load_catalog_folder(folder)
    assert second["test.extra"] == {"id": "Tambahan", "en": "Extra"}
    (newer,) = (folder / "__pycache__").glob("catalog-*.marshal")
    assert newer != cache
    newer.write_bytes(b"not marshal")
    os.utime(newer)
    assert load_catalog_folder(folder) == second
