"""Shared fixtures: the model (loaded once), the sample corpus, a fixed clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
# The shared folder beside the repository; BRIEFING_SHARED names it where it lies elsewhere.
SHARED = Path(os.environ.get("BRIEFING_SHARED") or ROOT.parent / "shared")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from briefing.analysis.nlp import load_model

    return load_model()


@pytest.fixture()
def settings() -> Settings:
    """Settings with the brief's clock fixed, so outputs are reproducible."""
    return load_settings(overrides={"brief": {"today": "2022-02-08", "now": "2022-02-08T06:00:00+00:00"}})


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


FIXED_CLOCK = ["--today", "2022-02-08", "--now", "2022-02-08T06:00:00+00:00"]


@pytest.fixture(scope="session")
def sample_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built once through the CLI, in every format, with a fixed clock."""
    from typer.testing import CliRunner

    from briefing.cli import app

    out = tmp_path_factory.mktemp("brief")
    cwd = Path.cwd()
    os.chdir(ROOT)  # source paths in brief.json are as given: relative, so golden files are portable
    try:
        result = CliRunner().invoke(
            app, ["build", "corpus/samples", "--out", str(out), "--format", "html,pdf,json,md", *FIXED_CLOCK]
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out
