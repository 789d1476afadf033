"""Finding the content folders: env override first, then the installed copy, then the checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekinerja_tutor.content.office import load_office
from ekinerja_tutor.content.paths import CONTENT_ENV_VAR, content_root, lessons_root
from ekinerja_tutor.domain.errors import ConfigError

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_checkout_copy_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONTENT_ENV_VAR, raising=False)
    assert content_root() == CHECKOUT / "sandbox_data"
    assert lessons_root() == CHECKOUT / "lessons"


def test_the_env_var_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copytree(CHECKOUT / "sandbox_data", tmp_path / "sandbox_data")
    (tmp_path / "lessons").mkdir()
    monkeypatch.setenv(CONTENT_ENV_VAR, str(tmp_path))
    assert content_root() == (tmp_path / "sandbox_data").resolve()
    assert lessons_root() == (tmp_path / "lessons").resolve()
    assert load_office().name == load_office(CHECKOUT / "sandbox_data").name


def test_an_env_var_without_the_folder_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONTENT_ENV_VAR, str(tmp_path))
    with pytest.raises(ConfigError) as caught:
        content_root()
    assert caught.value.key == "error.content_env_missing"
    assert str(tmp_path) in caught.value.render("en")
