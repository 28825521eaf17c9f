from pathlib import Path

import pytest

from briefing.analysis.themes import load_taxonomy, parse_taxonomy, place, score_sentence
from briefing.errors import ConfigError

DEFAULT_IDS = [
    "nato-posture",
    "sanctions",
    "russian-denials",
    "military-buildup",
    "diplomacy",
    "security-assistance",
]


def test_packaged_taxonomy_has_the_default_ids() -> None:
    assert [t.id for t in load_taxonomy().themes] == DEFAULT_IDS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"theme": [{"id": "a", "terms": ["x"]}, {"id": "a", "terms": ["y"]}]}, "duplicate theme id"),
        ({"theme": [{"id": "a", "terms": ["x"], "colour": "red"}]}, "unknown key 'colour'"),
        ({"theme": [{"id": "Bad Id", "terms": ["x"]}]}, "bad or missing id"),
        ({"theme": [{"id": "a"}]}, "no evidence"),
        ({"theme": [{"id": "a", "terms": "x"}]}, "must be a list"),
        ({"theme": [{"id": "a", "actors": ["russia"]}]}, "go together"),
        ({"themes": []}, "unknown key"),
    ],
)
def test_bad_taxonomy_is_rejected(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy(data, "test")


def test_user_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[[theme]]\nid = "energy"\nlabel = "Energy"\nterms = ["gas supply", "pipeline"]\n')
    taxonomy = load_taxonomy(path)
    assert [t.label for t in taxonomy.themes] == ["Energy"]


def _themes(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {p.theme for p in place(doc, load_taxonomy(), 1.0)}


def test_lemma_terms_match_inflections(nlp) -> None:  # type: ignore[no-untyped-def]
    scores = score_sentence(
        next(nlp("The allies are imposing sanctions and export controls.").sents), load_taxonomy()
    )
    assert scores["sanctions"] >= 2


def test_who_acts_decides_a_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _themes(nlp, "The Kremlin denied that it plans to attack its neighbour.")
    assert "russian-denials" not in _themes(nlp, "The United States accused Moscow of planning an attack.")


def test_a_sentence_can_hold_several_themes(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _themes(
        nlp, "In a phone call, the leaders discussed sanctions and the delivery of Javelin missiles."
    )
    assert {"diplomacy", "sanctions", "security-assistance"} <= found


def test_unrelated_sentence_has_no_theme(nlp) -> None:  # type: ignore[no-untyped-def]
    assert (
        _themes(nlp, "The weather in the capital was mild for the season, with light rain expected.") == set()
    )
