import base64
import hashlib
from importlib import metadata
from pathlib import Path

import pytest

from briefing.doctor import check_output, check_weasyprint, verify_distribution


def _fake_dist(root: Path, content: bytes, recorded: bytes) -> metadata.Distribution:
    pkg = root / "fakemodel"
    pkg.mkdir()
    (pkg / "weights.bin").write_bytes(content)
    info = root / "fakemodel-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakemodel\nVersion: 1.0\n")
    digest = base64.urlsafe_b64encode(hashlib.sha256(recorded).digest()).rstrip(b"=").decode()
    (info / "RECORD").write_text(
        f"fakemodel/weights.bin,sha256={digest},{len(recorded)}\nfakemodel-1.0.dist-info/RECORD,,\n"
    )
    return metadata.PathDistribution(info)


def test_intact_files_match_the_record(tmp_path: Path) -> None:
    assert verify_distribution(_fake_dist(tmp_path, b"weights", b"weights")) == (1, [])


def test_altered_file_is_reported(tmp_path: Path) -> None:
    checked, bad = verify_distribution(_fake_dist(tmp_path, b"tampered", b"weights"))
    assert checked == 1 and bad == ["fakemodel/weights.bin"]


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    check = check_output(blocker / "sub")
    assert not check.ok and check.fix


def test_the_weasyprint_check_names_the_font_subsetter(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.text.ffi

    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    check = check_weasyprint()
    assert check.ok and "fontTools" in check.detail and "libharfbuzz-subset0" in check.detail
    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", object())
    assert "subset with HarfBuzz" in check_weasyprint().detail
