"""The taxonomy file: validation, user taxonomies, user patterns and examples."""

from pathlib import Path

import pytest

from briefing.analysis.themes import load_taxonomy, parse_taxonomy, place
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
    taxonomy = load_taxonomy()
    assert [t.id for t in taxonomy.themes] == DEFAULT_IDS
    assert all(t.label and t.description for t in taxonomy.themes)


# ---- validation -------------------------------------------------------------------------

_DEP_OK = [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"LEMMA": "impose"}}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"theme": [{"id": "a", "terms": ["x"]}, {"id": "a", "terms": ["y"]}]}, "duplicate theme id"),
        ({"theme": [{"id": "a", "terms": ["x"], "colour": "red"}]}, "unknown key 'colour'"),
        ({"theme": [{"id": "Bad Id", "terms": ["x"]}]}, "bad or missing id"),
        ({"theme": [{"id": "a"}]}, "no evidence"),
        ({"theme": [{"id": "a", "terms": "x"}]}, "must be a list"),
        ({"theme": [{"id": "a", "actors": ["russia"]}]}, "go together"),
        ({"theme": [{"id": "a", "terms": ["x"], "requires_actor": True}]}, "needs 'actors'"),
        ({"theme": [{"id": "a", "terms": ["x"], "negated_weight": 2}]}, "at most 1"),
        ({"theme": [{"id": "a", "terms": ["x"], "actor_weight": -1}]}, "positive number"),
        ({"themes": []}, "unknown key"),
    ],
)
def test_bad_taxonomy_is_rejected(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy(data, "test")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            {"name": "p", "tokens": [{"LEMA": "impose"}]},
            r"theme 'energy' pattern 'p' is not a valid spaCy Matcher.*LEMA",
        ),
        ({"name": "p", "tokens": [{"LEMMA": {"IN": "gas"}}]}, "pattern 'p' is not a valid spaCy Matcher"),
        ({"name": "p", "tokens": []}, "pattern 'p' is not a valid"),
        (
            {
                "name": "d",
                "dependency": [*_DEP_OK, {"LEFT_ID": "x", "REL_OP": ">", "RIGHT_ID": "o", "RIGHT_ATTRS": {}}],
            },
            "pattern 'd' is not a valid spaCy DependencyMatcher",
        ),
        (
            {
                "name": "d",
                "dependency": [
                    *_DEP_OK,
                    {"LEFT_ID": "v", "REL_OP": "!!", "RIGHT_ID": "o", "RIGHT_ATTRS": {}},
                ],
            },
            "pattern 'd' is not a valid spaCy DependencyMatcher.*operator",
        ),
        ({"name": "both", "tokens": [{"LOWER": "gas"}], "dependency": _DEP_OK}, "exactly one of"),
        ({"name": "k", "token": [{"LOWER": "gas"}]}, "pattern 'k': unknown key 'token'"),
        (
            {"name": "w", "tokens": [{"LOWER": "gas"}], "weight": 0},
            "pattern 'w': 'weight' must be a positive",
        ),
    ],
)
def test_bad_pattern_names_theme_and_pattern(pattern: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy({"theme": [{"id": "energy", "terms": ["gas"], "patterns": [pattern]}]}, "test")


def test_user_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[[theme]]\nid = "energy"\nlabel = "Energy"\nterms = ["gas supply", "pipeline"]\n')
    taxonomy = load_taxonomy(path)
    assert [t.label for t in taxonomy.themes] == ["Energy"]


def test_user_patterns_place_passages(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.toml"
    path.write_text(
        '[[theme]]\nid = "outages"\nlabel = "Outages"\n'
        "[[theme.patterns]]\n"
        'name = "cut"\n'
        'tokens = [{ LEMMA = { IN = ["cut", "halt"] } }, { OP = "?" }, { LOWER = "gas" }]\n'
        "[[theme.patterns]]\n"
        'name = "shut"\n'
        'dependency = [{ RIGHT_ID = "v", RIGHT_ATTRS = { LEMMA = "shut" } }, '
        '{ LEFT_ID = "v", REL_OP = ">", RIGHT_ID = "o", RIGHT_ATTRS = { LOWER = "plant" } }]\n'
    )
    taxonomy = load_taxonomy(path)
    found = {p.text for p in place(nlp("Gazprom cut the gas to Bulgaria on Wednesday."), taxonomy, 1.0)}
    assert found == {"Gazprom cut the gas to Bulgaria on Wednesday."}
    assert place(nlp("The operator shut the plant after a fire on Monday."), taxonomy, 1.0)
    assert not place(nlp("The price of gas rose sharply in Europe on Monday."), taxonomy, 1.0)


def test_examples_are_evidence_enough_for_a_theme() -> None:
    taxonomy = parse_taxonomy(
        {
            "theme": [
                {
                    "id": "energy",
                    "examples": ["Gazprom cut gas supplies."],
                    "counter_examples": ["Gas is a fuel."],
                }
            ]
        },
        "test",
    )
    assert taxonomy.themes[0].examples == ("Gazprom cut gas supplies.",)
    assert taxonomy.themes[0].counter_examples == ("Gas is a fuel.",)


def test_old_lexicon_tables_are_refused_with_the_way_forward() -> None:
    with pytest.raises(ConfigError, match="unknown key 'lexicon'") as caught:
        parse_taxonomy({"theme": [{"id": "a", "terms": ["x"]}], "lexicon": {}}, "test")
    assert "examples" in str(caught.value.hint if hasattr(caught.value, "hint") else caught.value)
