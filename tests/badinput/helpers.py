"""What every bad input must end in: stored exactly, or refused with a message in both languages."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import TutorError

SHORT, LONG = 30, 500
RUNS = [pytest.param(SHORT, id="short"), pytest.param(LONG, id="long", marks=pytest.mark.slow)]
"""Each property runs 30 examples in ``make test`` and 500 behind the ``slow`` marker."""


def assert_clear(error: TutorError) -> None:
    """A refusal a person can read: words in Indonesian and English, no internals."""
    for lang in ("id", "en"):
        text = error.render(lang)
        assert text.strip(), f"empty message for {error.key}"
        assert not text.startswith(error.key), f"untranslated key {error.key}"
        # what the user typed may be quoted back; apart from it, no placeholder is left open
        for value in sorted((str(v) for v in error.params.values()), key=len, reverse=True):
            text = text.replace(value, "")
        assert "{" not in text and "Traceback" not in text, text
