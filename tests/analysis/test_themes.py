"""Theme placement: the taxonomy file, evidence in context, passages, the dev set."""

import json
from pathlib import Path

import pytest

from briefing.analysis.themes import (
    Taxonomy,
    load_taxonomy,
    parse_taxonomy,
    passage_lemmas,
    passages,
    place,
    score_sentence,
)
from briefing.errors import ConfigError

DATA = Path(__file__).parent / "data"
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


# ---- placement ----------------------------------------------------------------------------


def _themes(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.theme for p in place(nlp(text), load_taxonomy(), 1.0)}


# (theme, passages that belong there, passages that do not)
CASES = [
    (
        "nato-posture",
        [
            "Washington will move 1,000 troops from Germany to Romania to shore up the alliance's eastern flank.",
            "Allies agreed to raise the readiness of the NATO Response Force.",
            "Kyiv's hopes of joining NATO were not on the table, diplomats said.",
        ],
        [
            "NATO's secretary-general said he was worried.",
            "Russian troops were moved closer to the border on Tuesday.",
        ],
    ),
    (
        "sanctions",
        [
            "Brussels drew up a list of punitive measures targeting Russian banks.",
            "Lawmakers pressed the White House to halt Nord Stream 2 before any attack.",
            "Western capitals are weighing whether to cut Russia off from SWIFT.",
        ],
        [
            "The economic outlook for the eurozone darkened in January.",
            "Gas prices in Europe rose to a record high.",
        ],
    ),
    (
        "russian-denials",
        [
            "Moscow denied it plans to invade Ukraine.",
            "Peskov dismissed the Western warnings as hysteria.",
            "Russia says it has no intention of attacking anyone and demands security guarantees from NATO.",
        ],
        [
            "The US accused Moscow of planning an invasion.",
            "Kyiv rejected the Kremlin's claims as propaganda.",
            "Analysts say the claims of hysteria are overblown.",
        ],
    ),
    (
        "military-buildup",
        [
            "Some 30,000 Russian soldiers are taking part in drills in Belarus.",
            "Satellite pictures show columns of tanks near the Ukrainian border.",
            "US officials warned that an invasion could begin any day.",
        ],
        [
            "The troops returned home for the holidays.",
            "The army announced a new recruitment campaign for cyber specialists.",
        ],
    ),
    (
        "diplomacy",
        [
            "Blinken and Lavrov will meet in Geneva on Friday.",
            "Macron held a two-hour phone call with Putin on Saturday.",
            "Talks between Russian and US delegations ended without a breakthrough.",
        ],
        [
            "The minister was born in Lviv in 1975.",
            "The two men talked about the weather in Geneva.",
        ],
    ),
    (
        "security-assistance",
        [
            "Estonia will send Javelin anti-tank missiles to Ukraine.",
            "A shipment of ammunition from the United States arrived in Kyiv.",
            "Britain is sending military instructors to train Ukrainian soldiers.",
        ],
        [
            "Ukraine's weapons industry dates back to Soviet times.",
            "A missile test was reported in North Korea.",
        ],
    ),
]


# Negatives the packaged lexicon gets wrong (the rules alone get them right): kept so a
# retrained lexicon that fixes one fails its xfail and the case comes back.
KNOWN_LEXICON_ERRORS = {
    "Ukraine's weapons industry dates back to Soviet times.": "'weapon' and 'ukraine' outweigh the context",
}


@pytest.mark.parametrize(
    ("theme", "text", "expected"),
    [(theme, text, True) for theme, pos, _ in CASES for text in pos]
    + [
        pytest.param(
            theme,
            text,
            False,
            marks=[pytest.mark.xfail(reason=KNOWN_LEXICON_ERRORS[text], strict=True)]
            if text in KNOWN_LEXICON_ERRORS
            else [],
        )
        for theme, _, neg in CASES
        for text in neg
    ],
)
def test_theme_positive_and_negative_passages(nlp, theme: str, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert (theme in _themes(nlp, text)) is expected


def test_lemma_terms_match_inflections(nlp) -> None:  # type: ignore[no-untyped-def]
    scores = score_sentence(
        next(nlp("The allies are imposing sanctions and export controls.").sents), load_taxonomy()
    )
    assert scores["sanctions"] >= 2


def test_hyphens_and_possessives_do_not_break_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "nato-posture" in _themes(nlp, "The jets will reinforce NATO's eastern flank from April.")
    rules = _rules_only()
    assert "military-buildup" in {
        p.theme for p in place(nlp("The build-up has continued for weeks, officials said."), rules, 1.0)
    }


def test_who_acts_decides_a_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _themes(nlp, "The Kremlin denied that it plans to attack its neighbour.")
    assert "russian-denials" not in _themes(nlp, "The United States accused Moscow of planning an attack.")


def test_a_russian_statement_about_the_west_is_a_counter_narrative(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _themes(nlp, "Lavrov said Washington was pumping weapons into Ukraine.")
    assert "russian-denials" not in _themes(nlp, "Blinken said Washington was sending weapons to Ukraine.")
    talks = nlp("Peskov said the talks with Washington would resume on Monday.")
    assert "russian-denials" not in {p.theme for p in place(talks, _rules_only(), 1.0)}


def test_whose_materiel_decides_assistance(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "security-assistance" in _themes(nlp, "Estonia sent ammunition and Javelin missiles to Kyiv.")
    moved = _themes(nlp, "Moscow has moved fuel and ammunition close to the border.")
    assert "security-assistance" not in moved and "military-buildup" in moved


def test_a_negated_cue_is_not_a_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _themes(nlp, "Moscow rejected the ultimatum on Monday.")
    assert "russian-denials" not in _themes(nlp, "Moscow did not reject the ultimatum on Monday.")


def test_a_denied_claim_is_not_reported_as_fact(nlp) -> None:  # type: ignore[no-untyped-def]
    # What someone denies does not make the passage about it.
    denied = nlp("Kyiv denied reports that it was preparing an offensive.")
    assert "military-buildup" not in {p.theme for p in place(denied, _rules_only(), 1.0)}
    assert "military-buildup" in _themes(nlp, "Kyiv said Moscow was preparing an offensive.")


def test_negation_weighs_less_but_keeps_the_topic(nlp) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy()
    affirmed = score_sentence(next(nlp("The EU imposed sanctions on Tuesday.").sents), taxonomy)
    negated = score_sentence(next(nlp("The EU did not impose sanctions on Tuesday.").sents), taxonomy)
    assert negated["sanctions"] < affirmed["sanctions"]
    assert "sanctions" in _themes(
        nlp, "The EU did not impose new sanctions, keeping the penalties in reserve."
    )


def test_a_hypothetical_is_not_a_report(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _themes(nlp, "The West would impose crippling sanctions if Russia invaded Ukraine.")
    assert found == {"sanctions"}
    assert "military-buildup" in _themes(nlp, "Russia could invade Ukraine within days, officials said.")


def _rules_only() -> Taxonomy:
    """The packaged taxonomy without its lexicons: the rules alone."""
    taxonomy = load_taxonomy()
    return Taxonomy(taxonomy.themes, taxonomy.source)


def test_weak_words_alone_do_not_place_by_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("NATO allies and the alliance discussed troops, forces and the border.")
    assert place(doc, _rules_only(), 1.0) == []


def test_a_sentence_can_hold_several_themes(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _themes(
        nlp, "In a phone call, the leaders discussed sanctions and the delivery of Javelin missiles."
    )
    assert {"diplomacy", "sanctions", "security-assistance"} <= found


def test_a_pronoun_led_sentence_continues_the_passage(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Moscow rejected the reports on Monday. It said they were hysteria. The weather was mild.")
    groups = passages(doc)
    assert [len(g) for g in groups] == [2, 1]
    placed = place(doc, load_taxonomy(), 1.0)
    assert [p.text for p in placed if p.theme == "russian-denials"] == [
        "Moscow rejected the reports on Monday. It said they were hysteria."
    ]
    # The pronoun carries the actor: "It" is Moscow, so its "hysteria" is a Russian claim.
    follow_up = nlp("Moscow spoke on Monday. It called the reports hysteria and propaganda.")
    assert "russian-denials" in {p.theme for p in place(follow_up, load_taxonomy(), 1.0)}


def test_passages_stop_at_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Moscow rejected the reports on Monday.\n\nIt was the third time this week.")
    assert [len(g) for g in passages(doc)] == [1, 1]


def test_unrelated_sentence_has_no_theme(nlp) -> None:  # type: ignore[no-untyped-def]
    assert (
        _themes(nlp, "The weather in the capital was mild for the season, with light rain expected.") == set()
    )


# ---- the development set --------------------------------------------------------------------

# The set: 71 passages written before the rules were tuned, then three batches (74
# passages) each written and measured blind before its misses were studied (recall
# 0.55, 0.40 and 0.60, precision 1.00, 0.90 and 0.87 on first contact). Measured on
# the whole set when pinned: recall 0.97, precision 0.98.
DEV_FLOOR = {"recall": 0.93, "precision": 0.93}


def test_development_set_scores_above_its_floor(nlp) -> None:  # type: ignore[no-untyped-def]
    """Hand-written passages in several outlets' styles, labelled as an analyst would;
    scored as the gold scorer does (recall: a gold theme placed; precision: placed only
    under the gold themes or the allowed secondary ones)."""
    rows = [json.loads(line) for line in (DATA / "themes_dev.jsonl").read_text().splitlines() if line]
    assert len(rows) >= 60
    taxonomy = load_taxonomy()
    found = total = clean = seen = 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        got = {p.theme for p in place(doc, taxonomy, 1.0)}
        gold = set(row["themes"])
        if gold:
            total += 1
            found += bool(got & gold)
        if got:
            seen += 1
            clean += got <= gold | set(row.get("also", []))
    assert found / total >= DEV_FLOOR["recall"]
    assert clean / seen >= DEV_FLOOR["precision"]


# ---- lexicons -------------------------------------------------------------------------------

_ENERGY = {"theme": [{"id": "energy", "label": "Energy", "terms": ["gas supply"]}]}


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ({"power": {"bias": 0}}, "lexicon 'power' names no theme"),
        ({"energy": {"bias": 0, "slope": 1}}, "unknown key 'slope'"),
        ({"energy": {"bias": "high"}}, "'bias' must be a number"),
        ({"energy": {"bias": 0, "threshold": 1.5}}, "between 0 and 1"),
        ({"energy": {"words": {"gas": "a lot"}}}, "'words' must map words to numbers"),
        ({"energy": 3}, "is not a table"),
        ([1], "'lexicon' must be a table"),
    ],
)
def test_bad_lexicon_is_rejected(lexicon: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy({**_ENERGY, "lexicon": lexicon}, "test")


def _energy_taxonomy(tmp_path: Path, words: str) -> Path:
    path = tmp_path / "energy.toml"
    path.write_text(
        '[[theme]]\nid = "energy"\nlabel = "Energy"\nterms = ["gas supply"]\n\n'
        "[lexicon.energy]\nbias = -2.0\nplaced = 3.0\nscore = 0.0\n\n"
        f"[lexicon.energy.words]\n{words}\n"
    )
    return path


def test_lexicon_words_place_a_passage_without_a_term(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy(_energy_taxonomy(tmp_path, "pipeline = 1.5\nstorage = 1.5\nfootball = -4.0"))
    placed = place(nlp("Storage sites along the pipeline were half empty in January."), taxonomy, 1.0)
    assert [(p.theme, p.score) for p in placed] == [("energy", 0.73)]  # sigmoid(-2 + 1.5 + 1.5)
    # One word is not enough here, and a term placed by the rules still counts.
    assert not place(nlp("The pipeline was built in the 1970s by a German firm."), taxonomy, 1.0)
    assert place(nlp("Europe worries about its gas supply this winter."), taxonomy, 1.0)


def test_lexicon_words_can_outweigh_the_rules(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy(_energy_taxonomy(tmp_path, "football = -4.0"))
    assert not place(nlp("The football club's gas supply was cut over unpaid bills."), taxonomy, 1.0)
    assert place(nlp("The town's gas supply was cut over unpaid bills."), taxonomy, 1.0)


def test_packaged_taxonomy_has_a_lexicon_per_theme() -> None:
    taxonomy = load_taxonomy()
    assert sorted(taxonomy.lexicons) == sorted(DEFAULT_IDS)
    assert all(len(lexicon.words) >= 50 for lexicon in taxonomy.lexicons.values())


def test_a_lexicon_reads_what_the_passage_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    condition = passage_lemmas(nlp("The West would impose sanctions if Russia invaded Ukraine.").sents)
    assert "sanction" in condition and "invade" not in condition
    denied = passage_lemmas(nlp("Kyiv denied reports that it was preparing an offensive.").sents)
    assert "deny" in denied and not {"prepare", "offensive"} & denied
    negated = passage_lemmas(nlp("The EU did not impose new sanctions on Tuesday.").sents)
    assert {"not", "impose", "sanction"} <= negated


# Measured when pinned (lexicon fitted on benchmarks/data/themes_train_*.jsonl, which
# the blind sets' writer never saw): a 0.88/0.93, b 0.89/0.89.
BLIND_FLOOR = {"recall": 0.85, "precision": 0.85}


@pytest.mark.parametrize("name", ["themes_blind_a.jsonl", "themes_blind_b.jsonl"])
def test_blind_sets_score_above_their_floor(nlp, name: str) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.themes_eval import score_rows
    from briefing.analysis.nlp import DEFAULT_MODEL

    path = Path(__file__).parents[2] / "benchmarks" / "data" / name
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    score = score_rows(rows, load_taxonomy(), DEFAULT_MODEL)
    assert score.recall >= BLIND_FLOOR["recall"] and score.precision >= BLIND_FLOOR["precision"]


def test_ancestry_is_each_tokens_distance_from_its_root_and_that_root(nlp, samples: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing.analysis.themes import _ancestry

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


def test_plain_sentences_report_exactly_what_the_walk_reports(nlp, samples: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing.analysis.themes import _plain, _reported, _reported_indices

    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    texts.append(
        "Kyiv denied reports that it was preparing an offensive. The West would act if Russia invaded."
    )
    plain = 0
    for doc in nlp.pipe(texts):
        for sentence in doc.sents:
            assert sorted(_reported_indices(sentence)) == sorted(t.i for t in _reported(sentence))
            plain += _plain(sentence)
    assert plain > 50  # the shortcut is taken on most sentences


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
    from briefing.analysis.themes import _dependency_matches, _node_index

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
