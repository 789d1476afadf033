"""The core stays headless: importing it never loads Textual or Rich (runtime check)."""

import subprocess
import sys

CORE = [
    "ekinerja_tutor.domain.statuses",
    "ekinerja_tutor.domain.errors",
    "ekinerja_tutor.persistence.models",
    "ekinerja_tutor.persistence.database",
    "ekinerja_tutor.services.sandboxes",
    "ekinerja_tutor.bootstrap",
]


def test_core_imports_no_textual_or_rich() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_imports_no_sqlalchemy() -> None:
    code = (
        "import sys, pkgutil, importlib, ekinerja_tutor.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('ekinerja_tutor.domain.' + m.name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('sqlalchemy'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    exe = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(exe)], cwd=root, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
