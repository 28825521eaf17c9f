"""The word vectors the placement model reads: the table's file, its setting, and what a
model fitted on one table does with it (and with another)."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from briefing.analysis.themes.model import PassageFeatures, PlacementModel, load_model
from briefing.analysis.themes.taxonomy import load_taxonomy
from briefing.analysis.themes.vectors import WordVectors, load_vectors
from briefing.config import load_settings
from briefing.errors import ConfigError


def _table() -> WordVectors:
    rng = np.random.default_rng(0)
    words = ("bank", "deny", "sanction", "troop")
    return WordVectors.quantise(words, rng.normal(size=(len(words), 8)).astype(np.float32))


def test_a_table_round_trips_as_int8_with_one_scale(tmp_path: Path) -> None:
    table = _table()
    table.save(tmp_path / "v.npz")
    again = load_vectors(str(tmp_path / "v.npz"))
    assert again.words == table.words and again.codes.dtype == np.int8
    assert np.array_equal(again.codes, table.codes) and again.scale == pytest.approx(table.scale)
    assert again.digest == table.digest
    assert int(np.abs(again.codes).max()) == 127


def test_a_passage_vector_is_the_unit_mean_of_its_known_words() -> None:
    table = _table()
    v = table.mean({"bank", "sanction", "unknown"})
    expected = table.table[[0, 2]].mean(0)
    assert np.allclose(v, expected / np.linalg.norm(expected))
    assert not table.mean({"unknown"}).any()
    # The same bits whatever the order the words come in (a set's order varies by run).
    assert table.mean(["sanction", "bank"]).tobytes() == table.mean(["bank", "sanction"]).tobytes()


def test_the_packaged_table_is_small_and_has_the_model_s_words() -> None:
    table = load_vectors()
    assert table.codes.dtype == np.int8 and table.width <= 128
    assert {"sanction", "deny", "troop", "negotiate"} <= set(table.words)
    model = load_model()
    assert model is not None and model.reads_vectors and model.table is not None
    assert model.vector_table == table.digest


def test_a_bad_or_missing_table_names_the_setting(tmp_path: Path) -> None:
    (tmp_path / "bad.npz").write_bytes(b"not an archive")
    with pytest.raises(ConfigError, match=r"themes\.vectors"):
        load_vectors(str(tmp_path / "bad.npz"))
    with pytest.raises(ConfigError, match=r"themes\.vectors"):
        load_vectors(str(tmp_path / "missing.npz"))


def _model_on(table: WordVectors) -> PlacementModel:
    classes = ("none", "sanctions")
    return PlacementModel(
        classes=classes,
        bias=np.zeros(2, np.float32),
        words={},
        rule_themes=(),
        rules=np.zeros((2, 0), np.float32),
        context=np.zeros((2, 0), np.float32),
        vectors=np.vstack([-table.table[2], table.table[2]]).astype(np.float32),
        vector_table=table.digest,
        table=table,
    )


def test_a_model_reads_its_table_and_refuses_another(tmp_path: Path) -> None:
    table = _table()
    table.save(tmp_path / "v.npz")
    (tmp_path / "m.json").write_text(json.dumps(_model_on(table).to_json()), encoding="utf-8")
    model = load_model(str(tmp_path / "m.json"), str(tmp_path / "v.npz"))
    assert model is not None and model.reads_vectors
    sanction = PassageFeatures(frozenset({"sanction"}), {}, np.zeros(0))
    p = model.probabilities(sanction)
    assert p["sanctions"] > 0.9
    assert model.probabilities(sanction) == p  # deterministic
    other = WordVectors(table.words, -table.codes, table.scale)
    other.save(tmp_path / "other.npz")
    with pytest.raises(ConfigError, match="other word vectors"):
        load_model(str(tmp_path / "m.json"), str(tmp_path / "other.npz"))
    assert replace(model, table=None).reads_vectors


def test_the_setting_names_a_table_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('[themes]\nvectors = "v.npz"\n', encoding="utf-8")
    settings = load_settings(tmp_path / "c.toml")
    assert settings.themes.vectors == str(tmp_path / "v.npz")
    assert load_settings().themes.vectors == ""
    taxonomy = load_taxonomy(None, "", "")
    assert taxonomy.model is not None and taxonomy.model.table is not None
