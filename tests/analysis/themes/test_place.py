"""Placement with the learned model: one theme per passage, the others in ``also``, off-topic
text nowhere; a user theme learns from its examples."""

from pathlib import Path

from briefing.analysis.themes import load_taxonomy, place


def test_a_passage_is_placed_once_with_the_other_themes_it_fits(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("In a phone call, the leaders discussed sanctions and the delivery of Javelin missiles.")
    placed = place(doc, load_taxonomy(), 1.0)
    assert len(placed) == 1
    assert placed[0].theme not in placed[0].also
    assert {placed[0].theme, *placed[0].also} <= {"diplomacy", "sanctions", "security-assistance"}


def test_each_passage_at_most_once(nlp, samples: Path) -> None:  # type: ignore[no-untyped-def]
    text = min(samples.glob("*.txt")).read_text(encoding="utf-8")
    placed = place(nlp(text), load_taxonomy(), 1.0)
    starts = [p.start for p in placed]
    assert placed and len(starts) == len(set(starts))


def test_off_topic_text_is_placed_nowhere(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "The weather in the capital was mild for the season, with light rain expected.",
        "The skater's coach said the team would appeal the ruling to the court of arbitration.",
        "The museum reopened on Saturday with an exhibition of nineteenth-century landscapes.",
    ):
        assert place(nlp(text), load_taxonomy(), 1.0) == [], text


def test_clear_passages_go_to_their_theme(nlp) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "The European Union agreed to freeze the assets of Russian banks and oligarchs.": "sanctions",
        "Satellite images show Russian tanks and artillery massing near the border with Ukraine.": "military-buildup",
        "The foreign ministers will meet in Geneva on Friday for talks on the crisis.": "diplomacy",
        "Britain will send anti-tank weapons and military instructors to Ukraine.": "security-assistance",
    }
    for text, theme in cases.items():
        placed = place(nlp(text), load_taxonomy(), 1.0)
        assert [p.theme for p in placed] == [theme], text


def test_without_a_model_the_rules_decide(nlp) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy(None, "none")
    assert taxonomy.model is None
    placed = place(nlp("The allies are imposing sanctions and export controls."), taxonomy, 1.0)
    assert [p.theme for p in placed] == ["sanctions"]


ENERGY = """
[[theme]]
id = "energy-security"
label = "Energy security"
examples = [
    "Gazprom cut gas deliveries through the pipeline to Poland and Bulgaria.",
    "Germany filled its gas storage to secure supplies for the winter.",
    "European gas prices rose as flows through the pipeline fell.",
    "The government plans to build a terminal for liquefied natural gas imports.",
    "Utilities warned of shortages of gas and electricity in the coming winter.",
    "The ministry ordered coal plants back online to save gas.",
]
counter_examples = [
    "The foreign ministers met in Geneva for talks.",
    "Russian troops massed near the border.",
]
"""


def test_a_user_theme_learns_from_its_examples(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing.analysis.themes import learn_examples

    path = tmp_path / "themes.toml"
    packaged = (Path(__file__).parents[3] / "briefing" / "data" / "themes.toml").read_text(encoding="utf-8")
    path.write_text(packaged + ENERGY, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    learn_examples(taxonomy, nlp)
    assert "energy-security" in taxonomy.heads and "sanctions" not in taxonomy.heads
    gas = nlp("Gas flows to Europe through the pipeline fell again, and prices for storage rose.")
    assert [p.theme for p in place(gas, taxonomy, 1.0)] == ["energy-security"]
    other = nlp("The European Union agreed to freeze the assets of Russian banks and oligarchs.")
    assert [p.theme for p in place(other, taxonomy, 1.0)] == ["sanctions"]


def test_a_sentence_that_carries_on_joins_its_placement_under_one_theme(nlp) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy(None)
    text = (
        "EU leaders agreed new sanctions on Russian banks on Monday. "
        "They also froze the assets of the central bank. "
        "NATO said it will send more jets to Poland."
    )
    placed = place(nlp(text), taxonomy, 1.0)
    assert [(p.theme, p.text) for p in placed] == [
        ("sanctions", text[: text.index(" NATO")]),
        ("nato-posture", "NATO said it will send more jets to Poland."),
    ]


def test_a_sentence_is_not_filed_under_the_theme_of_the_one_before(nlp) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy(None)
    text = (
        "The United States will provide further support for the Ukrainian people. "
        "We are ready to impose serious sanctions on Russian banks if it invades Ukraine."
    )
    placed = place(nlp(text), taxonomy, 1.0)
    assert ("sanctions", text[text.index("We are") :]) in [(p.theme, p.text) for p in placed]
