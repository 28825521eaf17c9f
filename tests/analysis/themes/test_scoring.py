"""The taxonomy's rules: evidence weighed in context (the rules' verdict, before the model)."""

import pytest

from briefing.analysis.themes import Taxonomy, load_taxonomy, passages, scored_passages
from briefing.analysis.themes.scoring import continues, score_sentence


def _rules_only() -> Taxonomy:
    return load_taxonomy(None, "none")


def _rules(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The themes the rules place the passages of ``text`` under (several per passage)."""
    return {t for sp in scored_passages(nlp(text), _rules_only(), 1.0) for t in sp.placed}


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


@pytest.mark.parametrize(
    ("theme", "text", "expected"),
    [(theme, text, True) for theme, pos, _ in CASES for text in pos]
    + [(theme, text, False) for theme, _, neg in CASES for text in neg],
)
def test_theme_positive_and_negative_passages(nlp, theme: str, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert (theme in _rules(nlp, text)) is expected


def test_lemma_terms_match_inflections(nlp) -> None:  # type: ignore[no-untyped-def]
    scores = score_sentence(
        next(nlp("The allies are imposing sanctions and export controls.").sents), _rules_only()
    )
    assert scores["sanctions"] >= 2


def test_hyphens_and_possessives_do_not_break_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "nato-posture" in _rules(nlp, "The jets will reinforce NATO's eastern flank from April.")
    assert "military-buildup" in _rules(nlp, "The build-up has continued for weeks, officials said.")


def test_who_acts_decides_a_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _rules(nlp, "The Kremlin denied that it plans to attack its neighbour.")
    assert "russian-denials" not in _rules(nlp, "The United States accused Moscow of planning an attack.")


def test_a_russian_statement_about_the_west_is_a_counter_narrative(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _rules(nlp, "Lavrov said Washington was pumping weapons into Ukraine.")
    assert "russian-denials" not in _rules(nlp, "Blinken said Washington was sending weapons to Ukraine.")
    assert "russian-denials" not in _rules(
        nlp, "Peskov said the talks with Washington would resume on Monday."
    )


def test_whose_materiel_decides_assistance(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "security-assistance" in _rules(nlp, "Estonia sent ammunition and Javelin missiles to Kyiv.")
    moved = _rules(nlp, "Moscow has moved fuel and ammunition close to the border.")
    assert "security-assistance" not in moved and "military-buildup" in moved


def test_a_negated_cue_is_not_a_denial(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "russian-denials" in _rules(nlp, "Moscow rejected the ultimatum on Monday.")
    assert "russian-denials" not in _rules(nlp, "Moscow did not reject the ultimatum on Monday.")


def test_a_denied_claim_is_not_reported_as_fact(nlp) -> None:  # type: ignore[no-untyped-def]
    # What someone denies does not make the passage about it.
    assert "military-buildup" not in _rules(nlp, "Kyiv denied reports that it was preparing an offensive.")
    assert "military-buildup" in _rules(nlp, "Kyiv said Moscow was preparing an offensive.")


def test_negation_weighs_less_but_keeps_the_topic(nlp) -> None:  # type: ignore[no-untyped-def]
    taxonomy = _rules_only()
    affirmed = score_sentence(next(nlp("The EU imposed sanctions on Tuesday.").sents), taxonomy)
    negated = score_sentence(next(nlp("The EU did not impose sanctions on Tuesday.").sents), taxonomy)
    assert negated["sanctions"] < affirmed["sanctions"]
    assert "sanctions" in _rules(
        nlp, "The EU did not impose new sanctions, keeping the penalties in reserve."
    )


def test_a_hypothetical_is_not_a_report(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _rules(nlp, "The West would impose crippling sanctions if Russia invaded Ukraine.") == {
        "sanctions"
    }
    assert "military-buildup" in _rules(nlp, "Russia could invade Ukraine within days, officials said.")


def test_weak_words_alone_do_not_place_by_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _rules(nlp, "NATO allies and the alliance discussed troops, forces and the border.") == set()


def test_a_sentence_can_hold_several_themes_for_the_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _rules(
        nlp, "In a phone call, the leaders discussed sanctions and the delivery of Javelin missiles."
    )
    assert {"diplomacy", "sanctions", "security-assistance"} <= found


def test_each_sentence_is_judged_on_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Moscow rejected the reports on Monday. It said they were hysteria. The weather was mild.")
    groups = passages(doc)
    assert [len(g) for g in groups] == [1, 1, 1]
    # "It said ..." carries on the sentence before it; "The weather ..." does not.
    assert continues(doc, groups[0], groups[1][0])
    assert not continues(doc, groups[0] + groups[1], groups[2][0])


def test_passages_stop_at_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Moscow rejected the reports on Monday.\n\nIt was the third time this week.")
    first, second = passages(doc)
    assert not continues(doc, first, second[0])


def test_unrelated_sentence_has_no_theme_for_the_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    assert (
        _rules(nlp, "The weather in the capital was mild for the season, with light rain expected.") == set()
    )
