"""MEANTIME (English Wikinews, TimeML, CC BY 4.0) as a scoring test with pinned floors.

All 120 documents are tagged (only their annotated opening sentences are parsed, as in
``python -m benchmarks.meantime``). The floors sit just under the figures measured when
they were pinned; raise them when the tagger improves, never lower them.
"""

from __future__ import annotations

import pytest

from benchmarks.meantime import DEFAULT_CORPUS, corpus_paths, figures, score_paths, split_paths

# Measured on all 120 documents: strict F1 0.884, relaxed F1 0.926, value F1 0.854,
# value accuracy 0.922.
FLOORS = {
    "strict_f1": 0.88,
    "relaxed_f1": 0.92,
    "value_f1": 0.85,
    "value_accuracy": 0.92,
}


@pytest.fixture(scope="module")
def measured(nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    paths = corpus_paths(DEFAULT_CORPUS)
    if not paths:
        pytest.skip(f"MEANTIME corpus not found in {DEFAULT_CORPUS} (see benchmarks/shared.py)")
    return figures(score_paths(paths, nlp))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_meantime_floor(measured: dict[str, float], name: str) -> None:
    assert measured[name] >= FLOORS[name], f"{name} {measured[name]:.3f} < floor {FLOORS[name]}"


def test_value_f1_is_harmonic_mean_of_value_precision_and_recall(measured: dict[str, float]) -> None:
    p, r = measured["value_p"], measured["value_r"]
    assert measured["value_f1"] == pytest.approx(2 * p * r / (p + r))
    assert measured["value_f1"] <= measured["relaxed_f1"]


def test_dev_and_test_halves_split_the_corpus() -> None:
    paths = [DEFAULT_CORPUS / f"corpus_x/{i:03d}.xml" for i in range(7)]
    dev, test = split_paths(paths, "dev"), split_paths(paths, "test")
    assert dev == paths[0::2] and test == paths[1::2]
    assert not set(dev) & set(test)
    assert sorted(dev + test) == paths
    assert split_paths(paths, "all") == paths
    with pytest.raises(ValueError):
        split_paths(paths, "train")
