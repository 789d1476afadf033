"""Assertions that a message (or an error's message) is fully translatable in both languages."""

from __future__ import annotations

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.i18n import LANGUAGES, Msg, load_catalog, placeholders


def assert_msg(msg: Msg) -> None:
    """The key exists, params match the placeholders of both texts, nested messages too."""
    catalog = load_catalog()
    assert msg.key in catalog, f"missing catalog key {msg.key!r}"
    for lang in LANGUAGES:
        assert placeholders(catalog[msg.key][lang]) == set(msg.params), (msg.key, lang)
        values = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in msg.params.items()}
        assert msg.render(lang) == catalog[msg.key][lang].format(**values)
    for value in msg.params.values():
        if isinstance(value, Msg):
            assert_msg(value)


def assert_error(error: TutorError, key: str | None = None, field: str | None = None) -> TutorError:
    """Check an error's key and field (when given) and that its message is translatable."""
    if key is not None:
        assert error.key == key, error.key
    if field is not None:
        assert error.field == field, error.field
    assert_msg(error.message)
    return error
