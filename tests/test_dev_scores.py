"""Quality on real articles the product was not written for: the development set
(``../shared/corpus/dev``, gold ``../shared/eval/dev.gold.json``), scored by the shared
gold scorer, with pinned floors. Never trained on; the theme model is trained on
``benchmarks/training/data/theme_labels.jsonl`` (other articles).

Raise a floor when the product improves; a drop below one fails CI.
"""

import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.test_scores import _scorer

FLOORS = {
    "quotes.recall": 0.97,
    "quotes.precision": 0.98,
    "quotes.attribution": 0.93,
    "quotes.speaker_full": 0.89,
    "dates.recall": 0.95,
    "dates.precision": 0.97,
    "themes.recall": 0.74,
    "themes.precision": 0.86,
}


@pytest.fixture(scope="module")
def scores(dev_brief: Path) -> dict[str, float | None]:
    brief = json.loads((dev_brief / "brief.json").read_text(encoding="utf-8"))
    gold = json.loads((SHARED / "eval" / "dev.gold.json").read_text(encoding="utf-8"))
    return {name: value for name, value, _ in _scorer().Scorer(brief, gold, None).run()}


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_dev_metric_floor(scores: dict[str, float | None], metric: str) -> None:
    value = scores[metric]
    assert value is not None and value >= FLOORS[metric], f"{metric} = {value}, floor {FLOORS[metric]}"


# PolNeAR's development split, scored by ../shared/eval/score_quotes.py
POLNEAR_FLOORS = {"quotes.r": 0.97, "speaker.acc": 0.93}  # speaker.acc measured 0.939


def test_polnear_dev_floors(polnear_dev_brief: Path) -> None:
    path = SHARED / "eval" / "score_quotes.py"
    spec = importlib.util.spec_from_file_location("briefing_quote_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gold = json.loads((SHARED / "eval" / "polnear-dev.gold.json").read_text(encoding="utf-8"))
    with contextlib.redirect_stdout(io.StringIO()):
        _f1, _p, recall, accuracy = module.score(gold, module.from_brief(polnear_dev_brief / "brief.json"))
    got = {"quotes.r": recall, "speaker.acc": accuracy}
    for metric, floor in POLNEAR_FLOORS.items():
        assert got[metric] >= floor, f"PolNeAR dev {metric} = {got[metric]:.3f}, floor {floor}"


def _section_points(markdown: str) -> dict[str, list[str]]:
    """Markdown brief: theme heading -> its bullet texts (citations cut off)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            sections[current] = []
        elif current is not None and line.startswith("- "):
            sections[current].append(re.sub(r"\s*\[\d.*$", "", line[2:]).strip())
    return sections


def test_no_passage_is_printed_under_two_theme_sections(dev_brief: Path) -> None:
    brief = json.loads((dev_brief / "brief.json").read_text(encoding="utf-8"))
    labels = {t["label"] for t in brief["themes"]}
    markdown = (dev_brief / "brief.md").read_text(encoding="utf-8")
    themed = {h: p for h, p in _section_points(markdown).items() if h.split(" (")[0] in labels}
    assert len(themed) >= 4
    seen: dict[str, str] = {}
    for heading, points in themed.items():
        for text in points:
            assert text not in seen, f"{text[:60]!r} printed under {seen.get(text)!r} and {heading!r}"
            seen[text] = heading
    html = (dev_brief / "brief.html").read_text(encoding="utf-8")
    listed: dict[str, str] = {}
    for theme, body in re.findall(r'<section id="theme-([a-z0-9-]+)"(.*?)</section>', html, re.S):
        points = re.search(r'<ul class="points">(.*?)</ul>', body, re.S)
        for item in re.findall(r"<li>(.*?)</li>", points.group(1) if points else "", re.S):
            text = re.sub(r"<[^>]+>", "", item).split(" [")[0].strip()[:80]
            assert text not in listed, f"{text!r} listed under {listed.get(text)} and {theme}"
            listed[text] = theme
    assert len(listed) >= 20


def test_an_off_topic_article_adds_no_theme_point(dev_brief: Path) -> None:
    """The dev set's figure-skating doping story (an article about sport) is placed nowhere."""
    brief = json.loads((dev_brief / "brief.json").read_text(encoding="utf-8"))
    skating = {a["id"] for a in brief["articles"] if "c519d969aa" in a["path"]}
    assert skating
    assert not [p for t in brief["themes"] for p in t["points"] if skating & set(p["articles"])]
