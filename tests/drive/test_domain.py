"""The Practice Drive's pure rules: sharing levels, who may open an item, link checks."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.drive import (
    GeneralAccess,
    LinkKind,
    Reason,
    ShareLevel,
    Sharing,
    access_reason,
    check_evidence_link,
    effective_level,
    item_link,
    parse_drive_link,
    share_level_label,
    validate_item_name,
)
from ekinerja_tutor.domain.errors import ValidationError

OWNER, BOSS, OTHER = 1, 2, 3


def test_labels_are_those_of_a_real_shared_drive() -> None:
    assert share_level_label(ShareLevel.RESTRICTED).render("id") == "Dibatasi"
    assert share_level_label(ShareLevel.SPECIFIC_PEOPLE).render("id") == "Orang tertentu"
    assert (
        share_level_label(ShareLevel.ANYONE_WITH_LINK).render("id")
        == "Siapa saja yang memiliki link"
    )
    assert share_level_label(ShareLevel.RESTRICTED).render("en") == "Restricted"
    assert share_level_label(ShareLevel.SPECIFIC_PEOPLE).render("en") == "Specific people"
    assert share_level_label(ShareLevel.ANYONE_WITH_LINK).render("en") == "Anyone with the link"


PRIVATE = Sharing(OWNER)
LINKED = Sharing(OWNER, GeneralAccess.ANYONE_WITH_LINK)
NAMED = Sharing(OWNER, people=frozenset({BOSS}))


@pytest.mark.parametrize(
    ("viewer", "chain", "reason"),
    [
        (OWNER, [PRIVATE], Reason.OWNER),
        (BOSS, [PRIVATE], None),
        (None, [PRIVATE], None),
        (BOSS, [LINKED], Reason.LINK),
        (OTHER, [LINKED], Reason.LINK),
        (None, [LINKED], Reason.LINK),
        (BOSS, [NAMED], Reason.NAMED),
        (OTHER, [NAMED], None),
        # a private file in a folder shared with the link opens (the folder is more open)
        (BOSS, [PRIVATE, LINKED], Reason.INHERITED_LINK),
        (BOSS, [PRIVATE, PRIVATE, NAMED], Reason.INHERITED_NAMED),
        (OTHER, [PRIVATE, NAMED], None),
        # a file more open than its private folder still opens
        (OTHER, [LINKED, PRIVATE], Reason.LINK),
        (OTHER, [PRIVATE, PRIVATE], None),
        (BOSS, [], None),
        # the owner of the folder may open what others put in it
        (BOSS, [Sharing(OTHER), Sharing(BOSS)], Reason.OWNER),
    ],
)
def test_who_may_open(viewer: int | None, chain: list[Sharing], reason: Reason | None) -> None:
    assert access_reason(viewer, chain) == reason


def test_levels_and_the_effective_level() -> None:
    assert PRIVATE.level is ShareLevel.RESTRICTED
    assert NAMED.level is ShareLevel.SPECIFIC_PEOPLE
    assert LINKED.level is ShareLevel.ANYONE_WITH_LINK
    assert effective_level([PRIVATE, NAMED]) is ShareLevel.SPECIFIC_PEOPLE
    assert effective_level([PRIVATE, NAMED, LINKED]) is ShareLevel.ANYONE_WITH_LINK
    assert effective_level([PRIVATE]) is ShareLevel.RESTRICTED


EXAMPLE = "https://drive.latihan.local/d/abc123"


@pytest.mark.parametrize(
    ("text", "kind", "token"),
    [
        ("https://drive.latihan.local/d/Xy_9-abcdef", LinkKind.DRIVE, "Xy_9-abcdef"),
        ("http://drive.latihan.local/d/abc123/view", LinkKind.DRIVE, "abc123"),
        ("https://drive.latihan.local/file/d/abc123/view?usp=sharing", LinkKind.DRIVE, "abc123"),
        ("https://drive.latihan.local/drive/folders/abc123", LinkKind.DRIVE, "abc123"),
        ("https://DRIVE.latihan.local/d/abc123", LinkKind.DRIVE, "abc123"),
        ("https://drive.google.com/drive/folders/abc123", LinkKind.WEB, None),
        ("https://sukamajukab.go.id/berita/rapat-koordinasi", LinkKind.WEB, None),
        ("http://example.org/a?b=c#d", LinkKind.WEB, None),
        ("https://drive.latihan.local.evil.test/d/abc123", LinkKind.WEB, None),
    ],
)
def test_good_links_are_accepted_and_drive_links_recognised(
    text: str, kind: LinkKind, token: str | None
) -> None:
    link = check_evidence_link(text)
    assert (link.url, link.kind, link.token) == (text, kind, token)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("C:\\Users\\darto\\Pictures\\foto.jpg", "evidence.link_local_path", "drive"),
        ("D:/laporan.pdf", "evidence.link_local_path", "drive"),
        ("/home/darto/Dokumen/laporan.pdf", "evidence.link_local_path", "drive"),
        ("~/foto.jpg", "evidence.link_local_path", "drive"),
        ("\\\\server\\share\\foto.jpg", "evidence.link_local_path", "drive"),
        ("file:///home/darto/foto.jpg", "evidence.link_local_path", "drive"),
        ("javascript:alert(1)", "evidence.link_not_document", "drive"),
        ("JavaScript:alert(1)", "evidence.link_not_document", "drive"),
        ("data:text/html;base64,PHNjcmlwdD4=", "evidence.link_not_document", "drive"),
        ("ftp://server/foto.jpg", "evidence.link_scheme", "drive"),
        ("smb://server/share", "evidence.link_scheme", "drive"),
        ("drive.latihan.local/d/abc123", "evidence.link_no_scheme", "https://"),
        ("https://" + "a" * 2100 + ".test/", "evidence.link_too_long", "drive"),
        ("https://drive.latihan.local/", "drive.link_no_item", "Salin tautan"),
        ("https://drive.latihan.local/folder/x", "drive.link_no_item", "Salin tautan"),
        ("https://localhost:8080/foto.jpg", "evidence.link_local_host", "drive"),
    ],
)
def test_bad_links_are_refused_saying_what_to_do(text: str, key: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_evidence_link(text)
    error = caught.value
    assert error.key == key
    assert error.field == "bukti_dukung"
    message = error.message.render("id")
    assert words in message
    assert error.message.render("en") != message  # translated


def test_item_links_round_trip() -> None:
    link = item_link("abc123XYZ_-")
    assert link == "https://drive.latihan.local/d/abc123XYZ_-"
    assert parse_drive_link(link) == "abc123XYZ_-"
    assert parse_drive_link("https://drive.latihan.local/d/abc123", "drive.kantor.test") is None
    with pytest.raises(ValueError):
        item_link("a b")


@pytest.mark.parametrize("name", ["", "   ", "a/b", "..", "x" * 121, "nama\u200bfile"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_item_name(name)
    assert caught.value.field == "drive_name"
