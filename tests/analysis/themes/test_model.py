"""The placement model file: loading, naming, and what a bad file says."""

import json
from pathlib import Path

import numpy as np
import pytest

from briefing.analysis.themes.model import NONE, PassageFeatures, frame_words, load_model, speaker_words
from briefing.errors import ConfigError
from briefing.records import Quote
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


def test_a_reports_frame_is_read_apart_from_what_is_reported(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The French foreign minister said at the conference that Russia was ready to attack Ukraine.")
    frame = frame_words(list(doc.sents))
    assert {"minister", "conference"} <= frame
    assert not frame & {"russia", "attack", "ukraine", "ready"}
    assert not frame_words(list(nlp("Russia moved more troops to the border.").sents))


def test_a_passage_reads_the_speakers_of_its_quotes() -> None:
    quotes = [
        Quote("no plans to invade", 10, 28, "Dmitry Peskov", "Kremlin spokesman", "said"),
        Quote("so-called", 40, 49, None, None, None, "scare"),
        Quote("far away", 200, 208, "Jens Stoltenberg", None, "said"),
    ]
    assert speaker_words(quotes, 0, 60) == {"spk:dmitry", "spk:peskov", "spk:kremlin", "spk:spokesman"}
    features = PassageFeatures(frozenset({"say", "war"}), {}, np.zeros(0), frame=frozenset({"say"}))
    assert set(features.tokens()) == {"a:say", "war"}
