"""Matching a taxonomy's evidence: the dependency machinery agrees with spaCy's matcher."""

from pathlib import Path

import pytest

from briefing.analysis.themes import Taxonomy, parse_taxonomy
from briefing.analysis.themes.matching import _ancestry, _dependency_matches, _node_index


def test_ancestry_is_each_tokens_distance_from_its_root_and_that_root(nlp, samples: Path) -> None:  # type: ignore[no-untyped-def]
    def walk(token) -> int:  # type: ignore[no-untyped-def]
        steps = 0
        while token.head.i != token.i:
            token, steps = token.head, steps + 1
        return steps

    text = min(samples.glob("*.txt")).read_text(encoding="utf-8")
    for doc in (nlp(text), nlp("the " * 50 + "cat of " * 200 + "mine sat."), nlp("")):
        depth, root = _ancestry(doc)
        assert depth.tolist() == [walk(t) for t in doc]
        assert root.tolist() == [([t, *t.ancestors])[-1].i for t in doc]


def _dependency_taxonomy(extra_op: str | None = None) -> Taxonomy:
    """Patterns over every tree operator, with nodes whose specs overlap (one token can fill
    two nodes), and optionally one pattern with an operator read from word order."""
    verb = {"POS": {"IN": ["VERB", "AUX"]}}
    noun = {"POS": {"IN": ["NOUN", "PROPN", "PRON"]}}
    patterns = [
        [
            {"RIGHT_ID": "v", "RIGHT_ATTRS": verb},
            {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "n", "RIGHT_ATTRS": noun},
        ],
        [
            {"RIGHT_ID": "v", "RIGHT_ATTRS": verb},
            {"LEFT_ID": "v", "REL_OP": ">>", "RIGHT_ID": "a", "RIGHT_ATTRS": noun},
            {"LEFT_ID": "v", "REL_OP": ">>", "RIGHT_ID": "b", "RIGHT_ATTRS": {"IS_ALPHA": True}},
        ],
        [
            {"RIGHT_ID": "n", "RIGHT_ATTRS": noun},
            {"LEFT_ID": "n", "REL_OP": "<", "RIGHT_ID": "h", "RIGHT_ATTRS": {}},
        ],
        [
            {"RIGHT_ID": "d", "RIGHT_ATTRS": {"DEP": {"IN": ["det", "amod", "pobj"]}}},
            {"LEFT_ID": "d", "REL_OP": "<<", "RIGHT_ID": "v", "RIGHT_ATTRS": verb},
        ],
    ]
    if extra_op:
        patterns.append(
            [
                {"RIGHT_ID": "x", "RIGHT_ATTRS": noun},
                {"LEFT_ID": "x", "REL_OP": extra_op, "RIGHT_ID": "y", "RIGHT_ATTRS": {}},
            ]
        )
    themes = [
        {"id": f"t{k}", "terms": ["zzz"], "patterns": [{"name": "p", "dependency": p}]}
        for k, p in enumerate(patterns)
    ]
    return parse_taxonomy({"theme": themes}, "test")


@pytest.mark.parametrize("extra_op", [None, ".", "$+"])
def test_dependency_matches_read_from_the_parse_are_spacys(nlp, samples: Path, extra_op: str | None) -> None:  # type: ignore[no-untyped-def]
    """Every tree operator (child, descendant, head, ancestor) read from the parse gives what
    spaCy's DependencyMatcher gives, in its order; a taxonomy using another operator is
    matched by spaCy itself, with the same result."""
    taxonomy = _dependency_taxonomy(extra_op)
    _matcher, dep_matcher, _keys = taxonomy.matchers(nlp.vocab)
    assert (_node_index(taxonomy, dep_matcher, nlp.vocab).relations is None) == (extra_op is not None)
    texts = [min(samples.glob("*.txt")).read_text(encoding="utf-8")[:3000]]
    texts.append(
        "Troops moved. The big tanks rolled in to the east of the city, and NATO watched them closely."
    )
    found = 0
    for doc in nlp.pipe(texts):
        expected = [(key, list(ids)) for key, ids in dep_matcher(doc)]
        assert _dependency_matches(doc, taxonomy, dep_matcher) == expected
        found += len(expected)
    assert found > 100
