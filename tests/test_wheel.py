"""A built wheel, installed outside the source tree, produces a brief (templates inside the wheel)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXED_CLOCK, ROOT, SAMPLES

pytestmark = pytest.mark.slow


def test_wheel_outside_the_source_tree_builds_a_brief(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("briefing-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "briefing/templates/brief.html",
        "briefing/templates/brief.css",
        "briefing/data/themes.toml",
        "briefing/data/theme_vectors.npz",
    } <= set(names)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import briefing; print(briefing.__file__)"],
        check=True,
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(target)), where
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "build",
            str(SAMPLES),
            "--out",
            str(work / "out"),
            "-f",
            "html,pdf,json",
            *FIXED_CLOCK,
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert "Key quotes" in (work / "out" / "brief.html").read_text(encoding="utf-8")


def test_sdist_carries_what_the_tests_import(tmp_path: Path) -> None:
    """The source distribution runs its own tests: they import benchmarks/, read docs/,
    corpus/ and templates/."""
    import tarfile

    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("briefing-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {
        "benchmarks/__init__.py",
        "benchmarks/synthetic.py",
        "benchmarks/README.md",
        "docs/brief.schema.json",
        "docs/brief-json.md",
        "corpus/samples/000_8cd047cc1c9b84ac.txt",
        "templates/brief.html",
        "tests/conftest.py",
        "tests/golden/brief.json",
        "README.md",
    } <= names, sorted(names)
