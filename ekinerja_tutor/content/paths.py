"""Where the editable content lives: an env override, the installed copy, or the checkout.

Content (``sandbox_data/`` and ``lessons/``) sits outside the package so office staff can edit
it. A non-editable install ships a copy at ``ekinerja_tutor/_content/``; a source checkout has it
at the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path

from ekinerja_tutor.domain.errors import ConfigError

#: A folder holding ``sandbox_data/`` and ``lessons/``; wins over every other location.
CONTENT_ENV_VAR = "EKINERJA_TUTOR_CONTENT"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_PACKAGED = _PACKAGE_DIR / "_content"
_CHECKOUT = _PACKAGE_DIR.parent


def _find(folder_name: str) -> Path:
    override = os.environ.get(CONTENT_ENV_VAR, "").strip()
    if override:
        candidate = Path(override).expanduser() / folder_name
        if candidate.is_dir():
            return candidate.resolve()
        raise ConfigError(
            "error.content_env_missing",
            variable=CONTENT_ENV_VAR,
            path=str(candidate),
            folder=folder_name,
        )
    searched = [_PACKAGED / folder_name, _CHECKOUT / folder_name]
    for candidate in searched:
        if candidate.is_dir():
            return candidate.resolve()
    raise ConfigError(
        "error.content_missing",
        folder=folder_name,
        searched=", ".join(str(path) for path in searched),
        variable=CONTENT_ENV_VAR,
    )


def content_root() -> Path:
    """The ``sandbox_data/`` folder in use.

    Raises:
        ConfigError: ``EKINERJA_TUTOR_CONTENT`` is set but has no ``sandbox_data/``, or no copy
            was found at all.
    """
    return _find("sandbox_data")


def lessons_root() -> Path:
    """The ``lessons/`` folder in use (same search order as :func:`content_root`)."""
    return _find("lessons")
