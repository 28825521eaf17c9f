"""Shared fixtures: the model (loaded once), the sample corpus, a fixed clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.shared import SHARED
from briefing.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SEEDS_GOLD = "eval/seeds.gold.json"


def needs_shared(*paths: str) -> pytest.MarkDecorator:
    """Skip, saying why, when the shared data folder (``benchmarks/shared.py``) lacks ``paths``."""
    missing = [str(SHARED / p) for p in paths if not (SHARED / p).exists()]
    reason = f"shared data missing: {', '.join(missing)} (see benchmarks/shared.py)"
    return pytest.mark.skipif(bool(missing), reason=reason)


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


@pytest.fixture(scope="session")
def dev_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real development set (``../shared/corpus/dev``: 60 articles the product was not
    written for) built once through the CLI as JSON, HTML and Markdown; skipped without it."""
    from typer.testing import CliRunner

    from briefing.cli import app

    corpus = SHARED / "corpus" / "dev"
    if not corpus.is_dir():
        pytest.skip(f"the shared development set is missing ({corpus})")
    out = tmp_path_factory.mktemp("dev-brief")
    result = CliRunner().invoke(
        app, ["build", str(corpus), "--out", str(out), "--format", "json,html,md", "--today", "2022-03-31"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def polnear_dev_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PolNeAR's development split (``../shared/corpus/polnear/dev``) built once as JSON;
    skipped without it."""
    from typer.testing import CliRunner

    from briefing.cli import app

    corpus = SHARED / "corpus" / "polnear" / "dev"
    if not corpus.is_dir():
        pytest.skip(f"the shared PolNeAR development split is missing ({corpus})")
    out = tmp_path_factory.mktemp("polnear-dev-brief")
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    return out
