"""Limits of every text field, and parsers for the few typed fields (numbers, times, NIP).

Text that passes is stored exactly as typed: nothing is stripped or normalised, so what the
learner sees after saving is what they wrote. Text that fails raises :class:`ValidationError`
with ``field`` set to the field's name and a message that says how to fix it.

Every text field refuses, whatever its limits:

- control characters (C0 ``U+0000``–``U+001F``, ``DEL`` ``U+007F``, C1 ``U+0080``–``U+009F``),
  except line feed and tab in multi-line fields (a carriage return is refused too);
- bidirectional override and isolate characters (``U+202A``–``U+202E``, ``U+2066``–``U+2069``),
  which can make text read differently from what is stored;
- lone surrogates (``U+D800``–``U+DFFF``), which are not characters at all;
- in single-line fields, any line break (``\\n``, ``\\r``, ``U+2028``, ``U+2029``);
- in required fields, empty or whitespace-only text; in optional fields, whitespace-only text.

Lengths count Unicode code points.

==================== ===== ===== ============ ======== ==========================================
field                 min   max   lines        required what it is
==================== ===== ===== ============ ======== ==========================================
username              1     64    single       yes      login name (NIP or a tutor account name)
password              1     128   single       yes      password (strength is checked by auth)
display_name          1     100   single       yes      person's name as shown
nip                   18    18    single       yes      NIP, exactly 18 digits (validate_nip)
device_name           1     50    single       yes      authenticator device name
unit_name             1     200   single       yes      unit kerja name
jabatan               1     200   single       yes      position title
lampiran_text         1     1000  multi        yes      SKP lampiran item (three kinds)
rhk_text              1     1000  multi        yes      Rencana Hasil Kerja
penugasan_dari        1     200   single       no       who assigned a Tambahan RHK
iki_text              1     1000  multi        yes      Indikator Kinerja Individu
target_text           1     200   single       yes      target of an indicator, as text
satuan                1     50    single       yes      unit of a target or realisasi
ekspektasi_khusus     1     1000  multi        no       Ekspektasi Khusus Pimpinan
rencana_aksi_text     1     1000  multi        yes      Rencana Aksi
kegiatan              1     500   single       yes      Kegiatan Harian (daily activity)
bukti_dukung          1     2000  single       no       evidence link (also validate_link)
evidence_folder_link  1     2000  single       yes      quarterly evidence folder link
realisasi_text        1     1000  multi        yes      realisasi of an indicator, as text
sumber_data           1     500   single       yes      Sumber Data of a realisasi
revision_note         1     1000  multi        yes      supervisor's note asking for revision
return_note           1     1000  multi        yes      note when returning an SKP or recap
evidence_note         1     1000  multi        no       note on an evidence check
feedback_free_text    1     1000  multi        no       free text of Umpan Balik
recap_note            1     1000  multi        no       note on a quarterly recap
catatan_rekomendasi   1     2000  multi        no       Dokumen Evaluasi notes/recommendation
unlock_reason         1     500   multi        yes      admin's reason to unlock a period
ticket_subject        1     120   single       yes      help-desk ticket subject
ticket_description    1     4000  multi        yes      help-desk ticket description
ticket_reply          1     4000  multi        yes      help-desk reply
session_name          1     100   single       yes      training session name
search_query          1     200   single       no       search box
==================== ===== ===== ============ ======== ==========================================

Typed fields: ``Realisasi`` and numeric targets are whole numbers 0–1,000,000 written with
digits only (:func:`parse_whole_number`); times are ``HH:MM``, ``H:MM``, ``HH.MM`` or ``HHMM``
(:func:`parse_time_hhmm`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from ekinerja_tutor.i18n import Msg


@dataclass(frozen=True)
class FieldRule:
    """Limits of one text field."""

    name: str
    max_length: int
    min_length: int = 1
    single_line: bool = True
    required: bool = True


def _single(name: str, max_length: int, *, required: bool = True, min_length: int = 1) -> FieldRule:
    return FieldRule(name, max_length, min_length, single_line=True, required=required)


def _multi(name: str, max_length: int, *, required: bool = True) -> FieldRule:
    return FieldRule(name, max_length, single_line=False, required=required)


FIELD_RULES: dict[str, FieldRule] = {
    rule.name: rule
    for rule in (
        _single("username", 64),
        _single("password", 128),
        _single("display_name", 100),
        _single("nip", 18, min_length=18),
        _single("device_name", 50),
        _single("unit_name", 200),
        _single("jabatan", 200),
        _multi("lampiran_text", 1000),
        _multi("rhk_text", 1000),
        _single("penugasan_dari", 200, required=False),
        _multi("iki_text", 1000),
        _single("target_text", 200),
        _single("satuan", 50),
        _multi("ekspektasi_khusus", 1000, required=False),
        _multi("rencana_aksi_text", 1000),
        _single("kegiatan", 500),
        _single("bukti_dukung", 2000, required=False),
        _single("evidence_folder_link", 2000),
        _multi("realisasi_text", 1000),
        _single("sumber_data", 500),
        _multi("revision_note", 1000),
        _multi("return_note", 1000),
        _multi("evidence_note", 1000, required=False),
        _multi("feedback_free_text", 1000, required=False),
        _multi("recap_note", 1000, required=False),
        _multi("catatan_rekomendasi", 2000, required=False),
        _multi("unlock_reason", 500),
        _single("ticket_subject", 120),
        _multi("ticket_description", 4000),
        _multi("ticket_reply", 4000),
        _single("session_name", 100),
        _single("search_query", 200, required=False),
    )
}

#: Form fields that are not free text but still get messages beside them.
TYPED_FIELDS: tuple[str, ...] = (
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "realisasi",
    "target",
    "rencana_aksi_id",
    "rhk_intervensi",
    "periode",
    "minutes",
)

MAX_WHOLE_NUMBER = 1_000_000
NIP_LENGTH = 18

_LINE_BREAKS = frozenset("\n\r\u2028\u2029")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TIME_SEPARATED = re.compile(r"(\d{1,2})[:.](\d{2})")
_TIME_COMPACT = re.compile(r"(\d{1,2})(\d{2})")
_ASCII_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(".,' ")


def field_label(name: str) -> Msg:
    """The translated name of a form field, e.g. "Kegiatan Harian" for ``kegiatan``."""
    return Msg(f"field.label.{name}")


def is_control_char(char: str, *, multi_line: bool) -> bool:
    """True for C0/C1 controls and DEL; line feed and tab are allowed in multi-line text."""
    code = ord(char)
    if multi_line and char in "\n\t":
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F


def find_unsafe_char(value: str, *, multi_line: bool) -> tuple[str, int] | None:
    """The first character no stored text may hold, as ``(catalog key, index)``."""
    for index, char in enumerate(value):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return "field.surrogate", index
        if char in _LINE_BREAKS and not multi_line:
            return "field.line_break", index
        if is_control_char(char, multi_line=multi_line):
            return "field.control_char", index
        if char in _BIDI_CONTROLS:
            return "field.bidi_char", index
    return None


def validate_text(field_name: str, value: str) -> str:
    """Check ``value`` against the rules of ``field_name``; return it unchanged when valid.

    Raises:
        ValidationError: with ``field=field_name`` and a message saying how to fix the text.
        ConfigError: when ``field_name`` has no rule (a developer error).
    """
    rule = FIELD_RULES.get(field_name)
    if rule is None:
        raise ConfigError("field.unknown_rule", field=field_name, name=field_name)
    label = field_label(field_name)
    if value == "" or value.isspace():
        if rule.required:
            raise ValidationError("field.required", field=field_name, label=label)
        if value == "":
            return value
        raise ValidationError("field.blank", field=field_name, label=label)
    length = len(value)
    if length > rule.max_length:
        raise ValidationError(
            "field.too_long",
            field=field_name,
            label=label,
            length=length,
            limit=rule.max_length,
            excess=length - rule.max_length,
        )
    if length < rule.min_length:
        raise ValidationError(
            "field.too_short", field=field_name, label=label, length=length, minimum=rule.min_length
        )
    unsafe = find_unsafe_char(value, multi_line=not rule.single_line)
    if unsafe is not None:
        key, index = unsafe
        raise ValidationError(
            key,
            field=field_name,
            label=label,
            position=index + 1,
            code=f"U+{ord(value[index]):04X}",
        )
    return value


def validate_nip(text: str, field_name: str = "nip") -> str:
    """Check a NIP: exactly 18 ASCII digits, no spaces. Returns it unchanged."""
    if text == "" or text.isspace():
        raise ValidationError("field.required", field=field_name, label=field_label("nip"))
    if any(char.isspace() for char in text):
        raise ValidationError("field.nip_spaces", field=field_name)
    if not set(text) <= _ASCII_DIGITS:
        raise ValidationError("field.nip_digits", field=field_name)
    if len(text) != NIP_LENGTH:
        raise ValidationError("field.nip_length", field=field_name, length=len(text))
    return text


def parse_whole_number(field: str, text: str, *, maximum: int = MAX_WHOLE_NUMBER) -> int:
    """Parse a whole number 0..``maximum`` typed with ASCII digits only (e.g. "12").

    Surrounding spaces are ignored. "1,5", "1.000" and "1 000" are all refused: in Indonesian
    the comma is the decimal mark and the dot groups thousands, so either could be misread.
    """
    label = field_label(field)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("field.number_required", field=field, label=label)
    if cleaned.startswith("-") and len(cleaned) > 1:
        raise ValidationError("field.number_negative", field=field, label=label)
    if set(cleaned) <= _ASCII_DIGITS | _SEPARATORS and set(cleaned) & _SEPARATORS:
        raise ValidationError("field.number_separator", field=field, label=label)
    if not set(cleaned) <= _ASCII_DIGITS:
        raise ValidationError("field.number_not_digits", field=field, label=label, value=cleaned)
    significant = cleaned.lstrip("0") or "0"
    if len(significant) > len(str(maximum)) or int(significant) > maximum:
        raise ValidationError("field.number_too_large", field=field, label=label, maximum=maximum)
    return int(significant)


def parse_time_hhmm(field: str, text: str) -> time:
    """Parse a time of day typed as "08:00", "8:00", "08.00" or "0800"."""
    label = field_label(field)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("field.time_required", field=field, label=label)
    match = _TIME_SEPARATED.fullmatch(cleaned)
    if match is None and len(cleaned) in (3, 4):
        match = _TIME_COMPACT.fullmatch(cleaned)
    if match is None or not set(match.group(1) + match.group(2)) <= _ASCII_DIGITS:
        raise ValidationError("field.time_format", field=field, label=label, value=cleaned)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError("field.time_out_of_range", field=field, label=label, value=cleaned)
    return time(hour, minute)
