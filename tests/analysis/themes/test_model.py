"""The placement model file: loading, naming, and what a bad file says."""

import json
from pathlib import Path

import numpy as np
import pytest

from briefing.analysis.themes.model import NONE, PassageFeatures, load_model
from briefing.errors import ConfigError
from tests.analysis.themes.test_taxonomy import DEFAULT_IDS


def test_packaged_model_knows_the_packaged_themes() -> None:
    model = load_model()
    assert model is not None and NONE in model.classes
    assert set(model.themes) == set(DEFAULT_IDS)
    assert len(model.words) > 1000


def test_none_means_the_rules_alone() -> None:
    assert load_model("none") is None


def test_a_model_file_round_trips(tmp_path: Path) -> None:
    model = load_model()
    assert model is not None
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    again = load_model(str(path))
    assert again is not None
    features = PassageFeatures(
        frozenset({"sanction", "bank", "freeze"}), {"sanctions": (True, 2.0)}, np.zeros(0)
    )
    first, second = model.probabilities(features), again.probabilities(features)
    assert first.keys() == second.keys()
    assert all(abs(first[k] - second[k]) < 1e-3 for k in first)
    assert max(first, key=lambda k: first[k]) == "sanctions"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"classes": ["a"]}', "is not a placement model"),
        (
            '{"classes": ["a", "b"], "bias": [0, 0], "words": {}, "rule_themes": [], "rules": [[], []], '
            '"context": [[], []]}',
            "inconsistent",
        ),
    ],
)
def test_a_bad_model_file_is_a_user_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_model(str(path))


def test_a_missing_model_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the theme model"):
        load_model(str(tmp_path / "missing.json"))
