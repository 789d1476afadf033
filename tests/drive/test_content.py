"""The shipped sample evidence and the manifest's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekinerja_tutor.content.drive import load_drive_samples
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.drive import is_image, mime_for
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.ui.widgets.image_preview import half_block_preview, image_size


def test_shipped_samples_are_real_files() -> None:
    samples = load_drive_samples()
    kinds = {mime_for(f.name) for f in samples.files}
    assert {"image/jpeg", "image/png", "text/csv", "text/plain", "text/markdown"} <= kinds
    for sample in samples.files:
        assert sample.caption, sample.file
        if is_image(mime_for(sample.name)):
            assert image_size(sample.data) is not None
            preview = half_block_preview(sample.data, width=40, max_rows=10)
            assert preview is not None and "▀" in preview.plain
        else:
            sample.data.decode("utf-8")
    assert any(f.token == "abc123" for f in samples.files)  # the example in the messages


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('file = "laporan_rapat.txt"', 'file = "hilang.txt"', "no file 'hilang.txt'"),
        ('file = "laporan_rapat.txt"', 'file = "../office.toml"', "no file"),
        ('folder = "kegiatan_bulan_ini"', 'folder = "tidak_ada"', "not a [[folders]] key"),
        ('sharing = "RESTRICTED"', 'sharing = "PUBLIK"', "PUBLIK"),
        ('token = "abc123"', 'token = "a b"', "token"),
        ('owner = "persona"', 'owner = "Bos Besar"', "person key"),
    ],
)
def test_a_broken_manifest_names_the_key(tmp_path: Path, old: str, new: str, problem: str) -> None:
    root = tmp_path / "sandbox_data"
    shutil.copytree(content_root(), root)
    manifest = root / "drive" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_drive_samples(root)
    detail = str(caught.value.params.get("detail"))
    assert "drive/manifest.toml" in detail and problem in detail
