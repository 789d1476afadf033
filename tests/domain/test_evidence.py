"""Evidence links others can open, the sandbox shared drive, and the evidence check."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja_tutor.domain.errors import InvalidTransition, ValidationError
from ekinerja_tutor.domain.evidence import (
    REVIEW_CHECKS,
    drive_item_id,
    entry_requires_evidence,
    evidence_check_label,
    evidence_check_needs_note,
    is_drive_link,
    set_evidence_check,
    validate_link,
)
from ekinerja_tutor.domain.statuses import EvidenceCheck, EvidenceMode
from tests.domain.msgcheck import assert_error, assert_msg

GOOD_LINKS = [
    "https://drive.latihan.local/d/abc123",
    "https://drive.latihan.local/d/abc123/view",
    "http://drive.latihan.local/folder/triwulan-1",
    "https://drive.google.com/drive/folders/1AbCdEfGhIjK?usp=sharing",
    "https://docs.google.com/document/d/1x2y3z/edit#heading=h.abc",
    "https://sulsel.go.id:8443/laporan%20bulanan.pdf",
    "HTTPS://DRIVE.LATIHAN.LOCAL/d/ABC",
    "https://10.0.0.5/share/bukti",
    "https://[2001:db8::1]/x",
    "https://dinsos.gowakab.go.id/berkas?id=12&tahun=2026",
]


@pytest.mark.parametrize("link", GOOD_LINKS)
def test_good_links_are_returned_unchanged(link: str) -> None:
    assert validate_link(link) is link


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ("", "evidence.link_required"),
        ("   ", "evidence.link_required"),
        ("https://drive.latihan.local/d/" + "a" * 1980, "evidence.link_too_long"),
        ("https://drive.latihan.local/d/abc\x00", "evidence.link_hidden_char"),
        ("https://drive.latihan.local/d/abc\n", "evidence.link_hidden_char"),
        ("https://drive.latihan.local/\u202ed/abc", "evidence.link_hidden_char"),
        (r"C:\Users\ani\Documents\laporan.pdf", "evidence.link_local_path"),
        ("C:/Users/ani/laporan.pdf", "evidence.link_local_path"),
        ("D:", "evidence.link_local_path"),
        (r"\\server\share\bukti.pdf", "evidence.link_local_path"),
        ("/home/ani/bukti.pdf", "evidence.link_local_path"),
        ("~/Dokumen/bukti.pdf", "evidence.link_local_path"),
        ("./bukti.pdf", "evidence.link_local_path"),
        (r"Dokumen\bukti.pdf", "evidence.link_local_path"),
        ("file:///C:/Users/ani/bukti.pdf", "evidence.link_local_path"),
        ("FILE:///home/ani/bukti.pdf", "evidence.link_local_path"),
        ("https://drive.latihan.local/d/ab c", "evidence.link_whitespace"),
        (" https://drive.latihan.local/d/abc", "evidence.link_whitespace"),
        ("https://drive.latihan.local/d/abc ", "evidence.link_whitespace"),
        ("drive.latihan.local/d/abc", "evidence.link_no_scheme"),
        ("www.example.com", "evidence.link_no_scheme"),
        ("drive.latihan.local:443/d/abc", "evidence.link_no_scheme"),
        ("laporan.pdf", "evidence.link_no_scheme"),
        ("javascript:alert(1)", "evidence.link_not_document"),
        ("JavaScript:alert(1)", "evidence.link_not_document"),
        ("data:text/html;base64,PHNjcmlwdD4=", "evidence.link_not_document"),
        ("vbscript:msgbox", "evidence.link_not_document"),
        ("mailto:atasan@gowakab.go.id", "evidence.link_not_document"),
        ("ftp://files.gowakab.go.id/bukti.pdf", "evidence.link_scheme"),
        ("smb://server/share", "evidence.link_scheme"),
        ("https://", "evidence.link_no_host"),
        ("https:///d/abc", "evidence.link_no_host"),
        ("https://[::1", "evidence.link_malformed"),
        ("https://drive.latihan.local:99999/d/abc", "evidence.link_malformed"),
        ("https://<script>/x", "evidence.link_malformed"),
        ("https://ani:rahasia@drive.latihan.local/d/abc", "evidence.link_credentials"),
        ("http://localhost:8080/bukti.pdf", "evidence.link_local_host"),
        ("http://127.0.0.1/bukti.pdf", "evidence.link_local_host"),
        ("http://[::1]/bukti.pdf", "evidence.link_local_host"),
    ],
)
def test_bad_links_are_refused_with_what_to_do(link: str, key: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_link(link)
    error = assert_error(raised.value, key, "bukti_dukung")
    assert "https://drive.latihan.local/d/abc123" in error.render("id")


def test_link_length_limit_is_2000() -> None:
    base = "https://drive.latihan.local/d/"
    exact = base + "a" * (2000 - len(base))
    assert validate_link(exact) is exact
    with pytest.raises(ValidationError) as raised:
        validate_link(exact + "a")
    assert raised.value.params["length"] == 2001


def test_field_and_drive_host_are_adjustable() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_link("/tmp/x", drive_host="drive.kantor.test", field="evidence_folder_link")
    error = assert_error(raised.value, "evidence.link_local_path", "evidence_folder_link")
    assert "https://drive.kantor.test/d/abc123" in error.render("en")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_either_accepted_unchanged_or_refused_on_the_field(text: str) -> None:
    try:
        result = validate_link(text)
    except ValidationError as error:
        assert error.field == "bukti_dukung"
        assert_msg(error.message)
    else:
        assert result is text
        assert text.lower().startswith(("http://", "https://"))


@pytest.mark.parametrize(
    ("url", "is_drive", "item"),
    [
        ("https://drive.latihan.local/d/abc123", True, "abc123"),
        ("http://drive.latihan.local/d/abc-123_X/view", True, "abc-123_X"),
        ("https://DRIVE.latihan.local/d/abc", True, "abc"),
        ("https://drive.latihan.local/folder/abc", True, None),
        ("https://drive.latihan.local/d/", True, None),
        ("https://drive.latihan.local/d/a%20b", True, None),
        ("https://drive.latihan.local.evil.test/d/abc", False, None),
        ("https://evil.test/drive.latihan.local/d/abc", False, None),
        ("ftp://drive.latihan.local/d/abc", False, None),
        ("https://[::1", False, None),
        ("not a link", False, None),
    ],
)
def test_drive_links(url: str, is_drive: bool, item: str | None) -> None:
    assert is_drive_link(url) is is_drive
    assert drive_item_id(url) == item


def test_drive_host_is_configurable() -> None:
    assert is_drive_link("https://drive.kantor.test/d/x", "drive.kantor.test")
    assert drive_item_id("https://drive.kantor.test/d/x", "drive.kantor.test") == "x"
    assert not is_drive_link("https://drive.latihan.local/d/x", "drive.kantor.test")


def test_evidence_mode() -> None:
    assert entry_requires_evidence(EvidenceMode.PER_ENTRY)
    assert not entry_requires_evidence(EvidenceMode.PER_QUARTER)


# --- the evidence check -----------------------------------------------------------------------


def test_which_checks_need_a_note() -> None:
    assert not evidence_check_needs_note(EvidenceCheck.BELUM_DIVERIFIKASI)
    assert not evidence_check_needs_note(EvidenceCheck.SESUAI)
    assert evidence_check_needs_note(EvidenceCheck.KURANG)
    assert evidence_check_needs_note(EvidenceCheck.TIDAK_SESUAI)


@pytest.mark.parametrize(
    ("current", "target"), list(itertools.product(EvidenceCheck, EvidenceCheck))
)
def test_every_evidence_check_change(current: EvidenceCheck, target: EvidenceCheck) -> None:
    if target is EvidenceCheck.BELUM_DIVERIFIKASI:
        with pytest.raises(InvalidTransition) as raised:
            set_evidence_check(current, target, "catatan")
        assert_error(raised.value, "evidence.check_reset")
        return
    assert target in REVIEW_CHECKS
    assert set_evidence_check(current, target, "Foto kegiatan belum ada.") is target
    if evidence_check_needs_note(target):
        for blank in (None, "", "  \n"):
            with pytest.raises(ValidationError) as missing:
                set_evidence_check(current, target, blank)
            assert_error(missing.value, "evidence.note_required", "evidence_note")
    else:
        assert set_evidence_check(current, target) is target


def test_evidence_note_is_validated() -> None:
    with pytest.raises(ValidationError) as raised:
        set_evidence_check(EvidenceCheck.BELUM_DIVERIFIKASI, EvidenceCheck.KURANG, "x" * 1001)
    assert_error(raised.value, "field.too_long", "evidence_note")


def test_evidence_check_labels() -> None:
    for check in EvidenceCheck:
        assert_msg(evidence_check_label(check))
