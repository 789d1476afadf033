"""A copy of sandbox_data with one defect is refused with a message naming the file."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ekinerja_tutor.content.library import check_content
from ekinerja_tutor.content.scenarios import scenario_chain
from ekinerja_tutor.domain.errors import ConfigError

SHIPPED = Path(__file__).resolve().parents[2] / "sandbox_data"

DARTO_COPY = """
[[people]]
key = "darto_kembar"
name = "Sudarto Kembar"
nip = "197205142008011009"
jabatan = "Pengadministrasi Perkantoran"
jenis_jabatan = "PELAKSANA"
status = "PNS"
golongan = "II/d"
unit = "UMPEG"
supervisor = "kasubag_umpeg"
gender = "L"
birth_year = 1972
"""


NEW_STAFF = """
[[people]]
key = "rudi"
name = "Rudi Hartono, S.Sos."
nip = "199806112025031007"
jabatan = "Penyuluh Sosial Ahli Pertama"
jenis_jabatan = "FUNGSIONAL"
status = "PNS"
golongan = "III/a"
unit = "DAYASOS"
supervisor = "kabid_dayasos"
field_worker = true
gender = "L"
birth_year = 1998
"""


@dataclass(frozen=True)
class Defect:
    """One edit to one file; ``says`` must appear in the message, which names ``names``."""

    file: str
    edit: Callable[[str], str]
    says: str
    names: str | None = None


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def in_block(key: str, old: str, new: str) -> Callable[[str], str]:
    """Replace ``old`` inside the ``[[…]]`` block whose ``key``/``username`` is ``key``."""

    def edit(text: str) -> str:
        marker = re.search(rf'^(key|username) = "{re.escape(key)}"$', text, re.MULTILINE)
        assert marker, key
        end = text.find("\n[[", marker.end())
        end = len(text) if end == -1 else end
        block = text[marker.start() : end]
        assert old in block, (key, old)
        return text[: marker.start()] + block.replace(old, new, 1) + text[end:]

    return edit


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


DEFECTS = {
    "duplicate_nip": Defect(
        "office.toml",
        lambda text: text.replace("# Wilayah / places", DARTO_COPY + "\n# Wilayah / places"),
        "197205142008011009 is also used by 'darto'",
    ),
    "bad_nip_date": Defect(
        "office.toml",
        in_block("darto", '"197205142008011009"', '"197213142008011009"'),
        "person 'darto'.nip",
    ),
    "bad_nip_length": Defect(
        "office.toml", in_block("ani", '"199210152021012006"', '"19921015202101200"'), "18"
    ),
    "dangling_supervisor": Defect(
        "office.toml",
        in_block("ani", 'supervisor = "kasi_pfm"', 'supervisor = "budi"'),
        "person 'ani': supervisor 'budi' does not exist",
    ),
    "supervisor_cycle": Defect(
        "office.toml",
        in_block("kadis", 'supervisor = "sekda"', 'supervisor = "kabid_linjamsos"'),
        "loops",
    ),
    "two_heads": Defect(
        "office.toml",
        in_block(
            "darto",
            'supervisor = "kasubag_umpeg"',
            'supervisor = "kasubag_umpeg"\nis_unit_head = true',
        ),
        "unit 'UMPEG'",
    ),
    "typo_key": Defect(
        "office.toml", in_block("eko", "supervisor =", "supervisr ="), "unknown key 'supervisr'"
    ),
    "office_syntax": Defect(
        "office.toml", replace_once('name = "Sudarto"', 'name = "Sudarto'), "line"
    ),
    "learner_without_persona": Defect(
        "accounts.toml", in_block("199210152021012006", 'persona = "ani"', ""), "persona"
    ),
    "unknown_role": Defect(
        "accounts.toml", in_block("admin.bkpsdm", '["admin"]', '["superuser"]'), "superuser"
    ),
    "weak_password": Defect(
        "accounts.toml",
        in_block("mentor.bkpsdm", '"Latihan#2026g"', '"latihan2026"'),
        "initial_password",
    ),
    "plan_syntax": Defect(
        "plan.toml",
        replace_once('pendekatan = "KUANTITATIF"', "pendekatan = KUANTITATIF"),
        "line",
    ),
    "broken_cascade": Defect(
        "plan.toml",
        in_block("ani.1", 'intervenes = "kasi_pfm.2"', 'intervenes = "kasi_bencana.1"'),
        "rhk 'ani.1': intervenes 'kasi_bencana.1' is not an RHK of supervisor 'kasi_pfm'",
    ),
    "missing_skp": Defect(
        "office.toml",
        lambda text: text.replace("# Wilayah / places", NEW_STAFF + "\n# Wilayah / places"),
        "no [skp.rudi] for person 'rudi'",
        names="plan.toml",
    ),
    "unknown_plan_key": Defect(
        "plan.toml",
        replace_once("[skp.maya]", "[skp_lama.maya]"),
        "unknown key 'skp_lama'",
    ),
    "iki_target_zero": Defect(
        "plan.toml", in_block("eko.2", "target = 240", "target = 0"), "outside"
    ),
    "bad_aspek": Defect(
        "plan.toml", in_block("ani.2", 'aspek = "WAKTU"', 'aspek = "BIAYA"'), "BIAYA"
    ),
    "unknown_op": Defect(
        "scenarios/entry_returned.toml",
        replace_once('op = "return_entry"', 'op = "return_entri"'),
        "unknown op 'return_entri'",
    ),
    "unknown_argument": Defect(
        "scenarios/entry_returned.toml",
        replace_once('which = "latest_sent"', 'which = "latest_sent"\ncolour = "red"'),
        "unknown key 'colour'",
    ),
    "unknown_note_key": Defect(
        "scenarios/entry_returned.toml",
        replace_once('"daily.link_private"', '"daily.tidak_ada"'),
        "daily.tidak_ada",
    ),
    "unknown_person_in_selector": Defect(
        "scenarios/quarter_verified.toml",
        replace_once('who = "agus"', 'who = "budi"'),
        "person 'budi' does not exist",
    ),
    "unknown_base": Defect(
        "scenarios/entry_returned.toml",
        replace_once('base = "base"', 'base = "dasar"'),
        "base scenario 'dasar' does not exist",
    ),
    "scenario_syntax": Defect(
        "scenarios/new_employee.toml",
        replace_once("joined = 2026-05-04", "joined = 2026-05-"),
        "line",
    ),
    "holiday_twice": Defect(
        "holidays.toml",
        append(
            '\n[[holidays]]\ndate = 2026-08-17\nname = "Hari Kemerdekaan"\n'
            'kind = "LIBUR_NASIONAL"\n'
        ),
        "listed twice",
    ),
    "rules_out_of_range": Defect(
        "rules.toml",
        replace_once("daily_minute_cap = 450", "daily_minute_cap = 0"),
        "daily_minute_cap",
    ),
    "feedback_missing_level": Defect(
        "feedback.toml",
        replace_once(
            'key = "pl.loyal.bawah"\nperilaku = "LOYAL"',
            'key = "pl.loyal.bawah"\nperilaku = "ADAPTIF"',
        ),
        "LOYAL",
    ),
    "template_theme": Defect(
        "templates.toml", replace_once('theme = "musdes"', 'theme = "rapat"'), "theme 'rapat'"
    ),
}


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[[Defect], Path]:
    def make(defect: Defect) -> Path:
        root = tmp_path / "sandbox_data"
        shutil.copytree(SHIPPED, root)
        path = root / defect.file
        path.write_text(defect.edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        return root

    return make


def test_the_unbroken_copy_loads(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "sandbox_data")
    check_content(tmp_path / "sandbox_data")


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_a_defect_is_refused_naming_the_file(
    name: str, broken_copy: Callable[[Defect], Path]
) -> None:
    defect = DEFECTS[name]
    root = broken_copy(defect)
    with pytest.raises(ConfigError) as caught:
        check_content(root)
    message = caught.value.render("en")
    assert caught.value.key == "error.seed_data", message
    named = defect.names or defect.file
    assert message.startswith(f"A sandbox data file is broken: {named}: "), message
    assert defect.says in message, message


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    root = tmp_path / "sandbox_data"
    shutil.copytree(SHIPPED, root)
    (root / "feedback.toml").unlink()
    with pytest.raises(ConfigError, match=r"feedback\.toml"):
        check_content(root)


def test_an_unknown_scenario_in_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "sandbox_data"
    shutil.copytree(SHIPPED, root)
    (root / "scenarios" / "skp_draft.toml").unlink()
    with pytest.raises(ConfigError) as caught:
        scenario_chain("skp_draft", root)
    assert caught.value.key == "error.unknown_scenario"
    assert "skp_draft" not in caught.value.params["choices"]
