"""Clauses placed apart: a sentence joining two reports under different themes is cut at a
clause seam when each side reads on its own; otherwise it is placed whole."""

from briefing.analysis.themes import load_taxonomy, place
from briefing.analysis.themes.split import cuts


def _cuts(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    sentence = next(iter(nlp(text).sents))
    return [(a.text.strip(), b.text.strip()) for a, b in cuts(sentence)]


def test_a_leading_clause_and_a_coordinated_one_are_seams(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _cuts(
        nlp,
        "As Russia has massed troops along the border in recent months, NATO members have sent "
        "weapons to Ukraine.",
    ) == [
        (
            "As Russia has massed troops along the border in recent months",
            "NATO members have sent weapons to Ukraine.",
        )
    ]
    (first, second) = _cuts(
        nlp,
        "Russian troops had massed along the border in recent weeks, and the president had "
        "hours earlier called for peace talks.",
    )[0]
    assert first.endswith("recent weeks") and second.startswith("the president")


def test_a_condition_or_a_clause_without_its_subject_stays_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "If Russia invades Ukraine, the allies will impose severe sanctions on its banks.",
        "The leaders held a phone call on Monday, warning that the allies would impose sanctions.",
        "Biden has shipped weapons to Ukraine and threatened Putin with unprecedented sanctions.",
    ):
        assert _cuts(nlp, text) == [], text


def test_two_reports_under_two_themes_are_placed_apart_each_once(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "More than 150,000 Russian troops had amassed along the border in recent weeks, and "
        "the Ukrainian president had hours earlier implored his Russian counterpart to answer "
        "his call for peace talks."
    )
    placed = place(nlp(text), load_taxonomy(), 1.0)
    assert [p.theme for p in placed] == ["military-buildup", "diplomacy"]
    assert placed[0].end <= placed[1].start
    assert [text[p.start : p.end] for p in placed] == [p.text for p in placed]


def test_two_clauses_under_one_theme_stay_one_passage(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The European Union froze the assets of Russian banks, and the United States barred "
        "exports of chips to Russian firms."
    )
    placed = place(nlp(text), load_taxonomy(), 1.0)
    assert [(p.theme, p.text) for p in placed] == [("sanctions", text)]
