import os
import stat
from pathlib import Path

import pytest

from briefing.fileio import write_atomic


def test_written_file_has_the_usual_mode_and_no_temporary_left(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "brief.pdf", b"%PDF-1.7")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "brief.pdf").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.json"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"]
