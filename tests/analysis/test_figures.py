"""Key figures: what is read as a figure, at what value, counting what, and what is not."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.analysis.figures import find_figures
from briefing.analysis.timex import find_timexes
from briefing.records import Figure

PUBLISHED = dt.date(2022, 2, 16)


def figures(nlp, text: str, published: dt.date | None = PUBLISHED) -> list[Figure]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return find_figures(doc, find_timexes(doc, published), published)


def one(nlp, text: str) -> Figure:  # type: ignore[no-untyped-def]
    found = figures(nlp, text)
    assert len(found) == 1, [(f.value, f.text) for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Russia has massed more than 130,000 troops near Ukraine's border.", 130_000, "troops"),
        ("The United States approved $1.5 billion in security assistance for Kyiv.", 1.5e9, "USD"),
        (
            "Officials said Russia gathered over one hundred thousand soldiers near the border.",
            100_000,
            "troops",
        ),
        ("The EU pledged 7 million euros for the border guards.", 7e6, "EUR"),
        ("Britain promised £88m of support to Ukraine.", 88e6, "GBP"),
        ("Between 100,000 and 130,000 troops are deployed near Ukraine.", 130_000, "troops"),
        ("The column was 40 miles from Kyiv.", 40, "miles"),
        ("Russian forces stood 30 km from the border.", 30, "km"),
        ("About 70 percent of Ukrainians are ready to resist.", 70, "percent"),
        ("Gas prices rose 8.5% in a week.", 8.5, "percent"),
        ("The sanctions target two major Russian banks.", 2, "banks"),
        ("Estonia said 10 battle groups were approaching the border.", 10, "battle groups"),
        ("More than 500,000 people have fled the country.", 500_000, "people"),
        ("Around 4,000 Nigerians are stranded in Ukraine.", 4000, "people"),
        ("Russia moved a further seven thousand soldiers to the border.", 7000, "troops"),
        ("Brent crude rose to $105 a barrel on Thursday.", 105, "USD"),
        ("The column stretched 2000 meters along the road.", 2000, "metres"),
    ],
)
def test_figure_value_and_unit(nlp, text: str, value: float, unit: str) -> None:  # type: ignore[no-untyped-def]
    f = one(nlp, text)
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.text in text and f.amount in f.text


@pytest.mark.parametrize(
    "text",
    [
        "The talks were held on February 16, 2022 in Geneva.",  # a date
        "In 2014, Russia annexed Crimea.",  # a year
        "A 37-year-old man was detained.",  # an age
        "The soldier, aged 24, was wounded.",  # an age (the count of one is not a figure either)
        "It is his second term in office.",  # an ordinal
        "The meeting starts at 10 a.m. local time.",  # a time
        "The 82nd Airborne Division is in Poland.",  # an ordinal in a name
        "Nord Stream 2 will not go ahead.",  # a name
        "Article 5 of NATO's charter binds the allies.",  # a reference
        "Call +48 22 123 45 67 for help.",  # a phone number
        "Eight years ago, Ukrainians rose up.",  # years ago
        "Ukraine has been at war for eight years.",  # a duration
        "The exercises last until February 20.",  # a date
        "Thousands of people protested in Moscow.",  # indefinite
        "Dozens of tanks were seen near the border.",  # indefinite
        "A few thousand came out in a city.",  # indefinite
        "Biden proposed a summit between the two leaders.",  # who, not how many
        "Two U.S. officials said the talks failed.",  # the sources of a report
        "If we have 50,000 soldiers, we will hold.",  # a hypothetical
        "He discussed two cases in which war is possible.",  # not a count of the situation
        "The bill passed 306-232 in the House.",  # a tally
        "It was taking over a country for $2 worth of sanctions.",  # rhetoric, not a price
        "Seven in 10 people support the measure.",  # a ratio
        "The Switchblade 300 is a small drone.",  # a model's name
        "Memories of 2014 Ukrainian soldiers still fill the museum.",  # a year the dates missed
    ],
)
def test_not_a_figure(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [(f.value, f.text) for f in figures(nlp, text)] == []


def test_money_is_read_at_full_scale_with_its_currency_code(nlp) -> None:  # type: ignore[no-untyped-def]
    f = one(nlp, "The US has been delivering USD 200 million worth of security assistance.")
    assert (f.value, f.unit) == (2e8, "USD")
    assert f.counts == "security assistance"
    assert f.amount == "USD 200 million"


def test_a_range_keeps_its_lower_end(nlp) -> None:  # type: ignore[no-untyped-def]
    f = one(nlp, "Western officials estimate 100,000 to 130,000 troops are deployed.")
    assert (f.low, f.value) == (100_000, 130_000)
    assert "100,000 to 130,000 troops" in f.text


def test_what_is_counted_by_meaning(nlp) -> None:  # type: ignore[no-untyped-def]
    a = one(nlp, "About 100,000 Russian soldiers are near the border.")
    b = one(nlp, "Moscow has amassed 100,000 troops along the border.")
    c = one(nlp, "Putin has amassed more than 100,000 troops near Ukraine.")
    assert a.key == b.key == c.key == "troops|Russia|"
    assert a.counts == "Russian soldiers"


def test_a_share_measures_what_its_clause_names_never_itself(nlp) -> None:  # type: ignore[no-untyped-def]
    """A share that is its clause's subject, or a subject that is a number, measures nothing named."""
    assert one(nlp, "However, only about 18% were employed in January.").key == "percent||"
    assert one(nlp, "Kharkiv sits about 30 miles from the border.").key == "miles|kharkiv|"


def test_what_happened_to_the_people_counted(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(
        nlp, "There have been 127 civilian casualties, including 25 people killed and 102 wounded."
    )
    assert [(f.value, f.key) for f in found] == [
        (127, "casualties||"),
        (25, "people||killed"),
        (102, "people||wounded"),
    ]
    assert one(nlp, "Fighting has killed over 14,000 people since 2014.").key == "people||killed"


def test_an_elliptical_count_counts_what_came_before(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(
        nlp, "Biden ordered 3,000 troops to Poland on top of the 1,700 who are on their way there."
    )
    assert [(f.value, f.unit) for f in found] == [(3000, "troops"), (1700, "troops")]
    found = figures(nlp, "Russia says it withdraws its troops. There are 150,000 along the border.")
    assert [(f.value, f.unit) for f in found] == [(150_000, "troops")]
    f = one(nlp, "The total number of Russian soldiers at the borders reaches 140,000.")
    assert (f.value, f.unit, f.key) == (140_000, "troops", "troops|Russia|")


def test_numbers_glued_by_a_missing_space(nlp) -> None:  # type: ignore[no-untyped-def]
    f = one(nlp, "Russia has recently accumulated over 100,000soldiers at the border.")
    assert (f.value, f.unit, f.amount) == (100_000, "troops", "over 100,000")
    f = one(nlp, "They chose this moment with over 150,000.Russian soldiers around their borders.")
    assert (f.value, f.unit) == (150_000, "troops")


def test_a_conversion_in_brackets_is_the_same_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "The convoy was 40 miles (64 km) long.")
    assert [(f.value, f.unit) for f in found] == [(40, "miles")]


def test_the_date_a_figure_held(nlp) -> None:  # type: ignore[no-untyped-def]
    assert one(nlp, "There are currently nearly 350,000 reservists ready to return.").date == "2022-02-16"
    assert one(nlp, "On Monday, Russia had 150,000 troops near Ukraine.").date == "2022-02-14"
    assert (
        one(nlp, "Estonian intelligence said on Wednesday that 10 battle groups are near.").date
        == "2022-02-16"
    )
    # another clause's date, after the article's, is not when the figure held
    f = one(nlp, "Around 70,000 Russian troops are near the border and plan to invade next year.")
    assert f.date is None
    assert one(nlp, "Fighting has killed over 14,000 people since 2014.").date is None
    assert one(nlp, "Russia has massed 100,000 troops.").date is None


def test_a_repeat_is_the_first_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "He heard five explosions. Later, after hearing five explosions, he left.")
    assert len(found) == 1


def test_headings_are_skipped(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "127,000 soldiers\n\nThe number of concentrated soldiers reaches 127,000."
    doc = nlp(text)
    found = find_figures(doc, find_timexes(doc, PUBLISHED), PUBLISHED, skip=[(0, 16)])
    assert [f.text for f in found] == ["The number of concentrated soldiers reaches 127,000"]


def test_a_range_is_read_once_not_again_from_its_upper_number(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import briefing.analysis.figures as module

    read = []
    original = module._figure

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = original(*args, **kwargs)
        read.append(found)
        return found

    monkeypatch.setattr(module, "_figure", counting)
    (found,) = figures(nlp, "Russia has massed 100,000 to 130,000 troops near the border.")
    assert (found.low, found.value) == (100_000, 130_000)
    assert len(read) == 1


def test_a_stretch_up_to_now_does_not_date_a_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    found = one(nlp, "Over the past year, Russia has deployed 100,000 troops near the border.")
    assert found.value == 100_000 and found.date != "2021"
