"""Extraction quality on the sample corpus, scored by the shared gold scorer, with pinned floors.

Raise a floor when the product improves; a drop below one fails CI.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS_GOLD, SHARED, needs_shared

pytestmark = needs_shared("eval/score.py", SEEDS_GOLD)

FLOORS = {
    "articles.found": 1.0,
    "articles.title": 1.0,
    "articles.published": 1.0,
    "articles.outlet": 1.0,
    "boilerplate.clean": 1.0,
    "quotes.recall": 0.95,
    "quotes.attribution": 0.9,
    "quotes.speaker_full": 0.9,
    "quotes.precision": 0.9,
    "dates.recall": 0.9,
    "dates.precision": 0.9,
    "themes.recall": 0.95,
    "themes.precision": 0.95,
    "figures.recall": 1.0,  # the samples' three key figures are all found
    "figures.precision": 0.9,
}


def _scorer():  # type: ignore[no-untyped-def]
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("briefing_gold_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(sample_brief: Path) -> dict[str, float | None]:
    scorer = _scorer()
    brief = json.loads((sample_brief / "brief.json").read_text(encoding="utf-8"))
    gold = json.loads((SHARED / SEEDS_GOLD).read_text(encoding="utf-8"))
    html = (sample_brief / "brief.html").read_text(encoding="utf-8")
    return {name: value for name, value, _ in scorer.Scorer(brief, gold, html).run()}


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_floor(scores: dict[str, float | None], metric: str) -> None:
    value = scores[metric]
    assert value is not None and value >= FLOORS[metric], f"{metric} = {value}, floor {FLOORS[metric]}"
