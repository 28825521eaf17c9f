"""MEANTIME (English Wikinews, TimeML, CC BY 4.0) as a scoring test with pinned floors.

A fixed third of the corpus (every third document, 40 of 120) is tagged (only its annotated opening sentences are parsed, as in
``python -m benchmarks.meantime``). The floors sit just under the figures measured when
they were pinned; raise them when the tagger improves, never lower them.
"""

from __future__ import annotations

import pytest

from benchmarks.meantime import DEFAULT_CORPUS, corpus_paths, figures, score_paths

# Measured on this subset: strict F1 0.864, relaxed F1 0.905, value F1 0.831, value accuracy 0.918.
FLOORS = {
    "strict_f1": 0.86,
    "relaxed_f1": 0.90,
    "value_f1": 0.825,
    "value_accuracy": 0.91,
}


@pytest.fixture(scope="module")
def measured(nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    paths = corpus_paths(DEFAULT_CORPUS)[::3]  # a fixed third of the corpus: 40 documents
    if not paths:
        pytest.skip(f"MEANTIME corpus not found in {DEFAULT_CORPUS}")
    return figures(score_paths(paths, nlp))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_meantime_floor(measured: dict[str, float], name: str) -> None:
    assert measured[name] >= FLOORS[name], f"{name} {measured[name]:.3f} < floor {FLOORS[name]}"


def test_value_f1_is_harmonic_mean_of_value_precision_and_recall(measured: dict[str, float]) -> None:
    p, r = measured["value_p"], measured["value_r"]
    assert measured["value_f1"] == pytest.approx(2 * p * r / (p + r))
    assert measured["value_f1"] <= measured["relaxed_f1"]
