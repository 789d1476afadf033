"""Field limits: text is stored exactly as typed, and every refusal says how to fix it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja_tutor.domain import fields
from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from ekinerja_tutor.domain.fields import (
    FIELD_RULES,
    TYPED_FIELDS,
    field_label,
    parse_time_hhmm,
    parse_whole_number,
    validate_nip,
    validate_text,
)
from tests.domain.msgcheck import assert_error, assert_msg

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LINE_BREAKS = "\n\r\u2028\u2029"
SINGLE = sorted(name for name, rule in FIELD_RULES.items() if rule.single_line)
MULTI = sorted(name for name, rule in FIELD_RULES.items() if not rule.single_line)
REQUIRED = sorted(name for name, rule in FIELD_RULES.items() if rule.required)
OPTIONAL = sorted(name for name, rule in FIELD_RULES.items() if not rule.required)


def refused(field: str, value: str, key: str) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        validate_text(field, value)
    assert_error(raised.value, key, field)
    return raised.value


def test_the_registry_covers_the_app() -> None:
    expected = {
        "username", "display_name", "nip", "device_name", "lampiran_text", "rhk_text",
        "penugasan_dari", "iki_text", "satuan", "ekspektasi_khusus", "rencana_aksi_text",
        "kegiatan", "bukti_dukung", "revision_note", "return_note", "feedback_free_text",
        "recap_note", "sumber_data", "ticket_description", "ticket_reply",
    }  # fmt: skip
    assert expected <= set(FIELD_RULES)
    assert FIELD_RULES["kegiatan"] == fields.FieldRule("kegiatan", 500)
    assert FIELD_RULES["bukti_dukung"].max_length == 2000
    assert not FIELD_RULES["revision_note"].single_line
    assert FIELD_RULES["return_note"].max_length == 1000
    for name, rule in FIELD_RULES.items():
        assert rule.name == name
        assert 1 <= rule.min_length <= rule.max_length


def test_the_docstring_table_documents_every_rule() -> None:
    doc = fields.__doc__ or ""
    rows = {}
    for line in doc.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0] in FIELD_RULES:
            rows[parts[0]] = parts[1:5]
    assert set(rows) == set(FIELD_RULES)
    for name, rule in FIELD_RULES.items():
        lines = "single" if rule.single_line else "multi"
        required = "yes" if rule.required else "no"
        assert rows[name] == [str(rule.min_length), str(rule.max_length), lines, required], name


def test_every_field_has_a_label_in_both_languages() -> None:
    for name in [*FIELD_RULES, *TYPED_FIELDS]:
        assert_msg(field_label(name))


@pytest.mark.parametrize(
    "value",
    [
        "Menyusun laporan bulanan",
        "  spasi di depan dan di belakang  ",
        "Rapat koordinasi PKH — 12 peserta (Kec. Somba Opu)",
        "Kegiatan [b]tebal[/b] dengan {kurung} dan <tag>",
        "Ümlaut, émoji 🙂, 中文, العربية",
        "x" * 500,
    ],
)
def test_valid_single_line_text_is_returned_unchanged(value: str) -> None:
    assert validate_text("kegiatan", value) is value


def test_multi_line_fields_keep_line_feeds_and_tabs() -> None:
    note = "Perbaiki:\n\t1. tautan bukti\n\t2. jam selesai\n"
    assert validate_text("revision_note", note) is note


def test_optional_fields_accept_empty_text() -> None:
    for name in OPTIONAL:
        assert validate_text(name, "") == ""


@pytest.mark.parametrize("name", REQUIRED)
@pytest.mark.parametrize("value", ["", " ", "\t", "   \n  ", "\u3000"])
def test_required_fields_refuse_empty_or_blank(name: str, value: str) -> None:
    refused(name, value, "field.required")


@pytest.mark.parametrize("name", OPTIONAL)
def test_optional_fields_refuse_whitespace_only(name: str) -> None:
    refused(name, "   ", "field.blank")


@pytest.mark.parametrize("name", sorted(FIELD_RULES))
def test_too_long_gives_limit_and_length(name: str) -> None:
    limit = FIELD_RULES[name].max_length
    assert validate_text(name, "7" * limit) == "7" * limit
    error = refused(name, "7" * (limit + 3), "field.too_long")
    assert error.params["limit"] == limit
    assert error.params["length"] == limit + 3
    assert error.params["excess"] == 3
    assert str(limit) in error.render("en")


def test_too_short() -> None:
    refused("nip", "1234", "field.too_short")


@pytest.mark.parametrize("name", SINGLE)
@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_single_line_fields_refuse_line_breaks(name: str, brk: str) -> None:
    value = f"ab{brk}cd".ljust(FIELD_RULES[name].min_length, "0")
    error = refused(name, value, "field.line_break")
    assert error.params["position"] == 3


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r", "\x0b"])
def test_control_characters_are_refused_in_multi_line_fields(char: str) -> None:
    error = refused("ticket_description", f"abc{char}", "field.control_char")
    assert error.params["position"] == 4
    assert error.params["code"] == f"U+{ord(char):04X}"


@pytest.mark.parametrize("char", ["\t", "\x00", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_in_single_line_fields(char: str) -> None:
    refused("kegiatan", f"a{char}b", "field.control_char")


@pytest.mark.parametrize("char", list(BIDI))
@pytest.mark.parametrize("name", ["kegiatan", "return_note"])
def test_bidi_controls_are_refused(name: str, char: str) -> None:
    refused(name, f"invoice{char}fdp.exe", "field.bidi_char")


def test_left_to_right_marks_are_allowed() -> None:
    assert validate_text("kegiatan", "abc\u200e\u200f") == "abc\u200e\u200f"


@pytest.mark.parametrize("char", ["\ud800", "\udfff", "\udc80"])
def test_lone_surrogates_are_refused(char: str) -> None:
    refused("kegiatan", f"ab{char}", "field.surrogate")


def test_unknown_field_is_a_developer_error() -> None:
    with pytest.raises(ConfigError) as raised:
        validate_text("no_such_field", "x")
    assert_error(raised.value, "field.unknown_rule")


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(FIELD_RULES)), value=st.text(max_size=600))
def test_accepted_text_is_stored_exactly(name: str, value: str) -> None:
    try:
        result = validate_text(name, value)
    except ValidationError as error:
        assert error.field == name
        assert_msg(error.message)
    else:
        assert result is value


SAFE = st.characters(exclude_categories=["Cc", "Cs"], exclude_characters=BIDI + LINE_BREAKS)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(FIELD_RULES)), value=st.text(SAFE, min_size=1, max_size=50))
def test_clean_text_within_limits_is_accepted(name: str, value: str) -> None:
    rule = FIELD_RULES[name]
    if value.isspace() or not rule.min_length <= len(value) <= rule.max_length:
        return
    assert validate_text(name, value) is value


@settings(max_examples=200, deadline=None)
@given(
    value=st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters=BIDI + "\r"),
        min_size=1,
        max_size=80,
    )
)
def test_multi_line_accepts_line_feed_and_tab(value: str) -> None:
    if value.isspace() or any(fields.is_control_char(c, multi_line=True) for c in value):
        return
    assert validate_text("ticket_reply", value) is value


# --- NIP --------------------------------------------------------------------------------------


def test_valid_nip_is_returned_unchanged() -> None:
    nip = "198503152010011002"
    assert validate_nip(nip) is nip


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "field.required"),
        ("   ", "field.required"),
        ("19850315 201001 1 002", "field.nip_spaces"),
        (" 198503152010011002", "field.nip_spaces"),
        ("19850315.201001.1.002", "field.nip_digits"),
        ("1985031520100110O2", "field.nip_digits"),
        ("١٩٨٥٠٣١٥٢٠١٠٠١١٠٠٢", "field.nip_digits"),
        ("19850315201001100", "field.nip_length"),
        ("1985031520100110021", "field.nip_length"),
    ],
)
def test_bad_nips_are_refused(text: str, key: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_nip(text)
    assert_error(raised.value, key, "nip")


# --- whole numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("7", 7), ("007", 7), (" 12 ", 12), ("1000000", 1_000_000), ("000000000042", 42)],
)
def test_whole_numbers(text: str, expected: int) -> None:
    assert parse_whole_number("realisasi", text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "field.number_required"),
        ("   ", "field.number_required"),
        ("1,5", "field.number_separator"),
        ("1.5", "field.number_separator"),
        ("1.000", "field.number_separator"),
        ("1 000", "field.number_separator"),
        ("-3", "field.number_negative"),
        ("-0", "field.number_negative"),
        ("abc", "field.number_not_digits"),
        ("+3", "field.number_not_digits"),
        ("3 buah", "field.number_not_digits"),
        ("١٢", "field.number_not_digits"),
        ("１２", "field.number_not_digits"),
        ("1000001", "field.number_too_large"),
        ("99999999999999999999999", "field.number_too_large"),
    ],
)
def test_bad_whole_numbers_are_refused_with_an_example(text: str, key: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_whole_number("realisasi", text)
    error = assert_error(raised.value, key, "realisasi")
    rendered = error.render("id")
    assert "Realisasi" in rendered
    if key != "field.number_too_large":
        assert "contoh" in rendered.lower()


def test_whole_number_maximum_is_adjustable() -> None:
    assert parse_whole_number("target", "50", maximum=100) == 50
    with pytest.raises(ValidationError):
        parse_whole_number("target", "101", maximum=100)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_whole_numbers_round_trip(number: int) -> None:
    assert parse_whole_number("realisasi", str(number)) == number


# --- times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", dt.time(8, 0)),
        ("8:00", dt.time(8, 0)),
        ("0800", dt.time(8, 0)),
        ("800", dt.time(8, 0)),
        ("08.30", dt.time(8, 30)),
        ("23:59", dt.time(23, 59)),
        ("00:00", dt.time(0, 0)),
        (" 16:30 ", dt.time(16, 30)),
    ],
)
def test_times(text: str, expected: dt.time) -> None:
    assert parse_time_hhmm("jam_mulai", text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "field.time_required"),
        ("25:00", "field.time_out_of_range"),
        ("24:00", "field.time_out_of_range"),
        ("08:60", "field.time_out_of_range"),
        ("2500", "field.time_out_of_range"),
        ("8", "field.time_format"),
        ("8:0", "field.time_format"),
        ("08:00:00", "field.time_format"),
        ("jam 8", "field.time_format"),
        ("12345", "field.time_format"),
        ("٠٨:٠٠", "field.time_format"),
    ],
)
def test_bad_times_are_refused(text: str, key: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_time_hhmm("jam_selesai", text)
    assert_error(raised.value, key, "jam_selesai")
