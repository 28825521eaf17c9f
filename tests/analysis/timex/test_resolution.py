"""Calendar dates and clock times: recognition and TIMEX3 values against the reference date."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from spacy.language import Language

from briefing.analysis.timex import find_timexes
from tests.analysis.timex.common import dates_found, run, value_of


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The treaty was signed on December 24th, 2021 in Geneva.", "December 24th, 2021", "2021-12-24"),
        ("The summit opened on 12 January 2022 in Brussels.", "12 January 2022", "2022-01-12"),
        ("The plant was built in 2014 by the state.", "2014", "2014"),
        ("Figures published 2021-12-24 show a fall.", "2021-12-24", "2021-12-24"),
        ("Output peaked in December 2021 before falling.", "December 2021", "2021-12"),
        ("The election held on Nov. 3, 2020 was contested.", "Nov. 3, 2020", "2020-11-03"),
        ("The two states signed the agreement in May of 2023.", "May of 2023", "2023-05"),
    ],
)
def test_absolute_dates(nlp: Language, text: str, phrase: str, value: str) -> None:
    t = value_of(nlp, text, "2022-02-07", phrase)
    assert (t.type, t.value, t.resolved) == ("DATE", value, True)


def test_offsets_match_text(nlp: Language) -> None:
    text = "Officials met on Thursday and again on 3 March 2021, a 50-minute session."
    doc = nlp(text)
    out = find_timexes(doc, dt.date(2021, 3, 5))
    assert out
    for t in out:
        assert doc.text[t.start : t.end] == t.text
    starts = [t.start for t in out]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(out))


def test_prepositions_left_out_of_extent(nlp: Language) -> None:
    t = value_of(nlp, "The minister resigned on Thursday.", "2021-12-24", "Thursday")
    assert t.value == "2021-12-23"
    assert all(not x.text.lower().startswith("on ") for x in run(nlp, "They met on Monday.", "2022-01-05"))


def test_year_less_dates_and_months(nlp: Language) -> None:
    ref = "2022-01-03"
    assert value_of(nlp, "The ceasefire collapsed Jan. 1 after a week.", ref, "Jan. 1").value == "2022-01-01"
    assert value_of(nlp, "Troops arrived in December.", "2022-02-07", "December").value == "2021-12"
    assert value_of(nlp, "Elections will be held in March.", "2022-02-07", "March").value == "2022-03"
    assert value_of(
        nlp, "Prices rose in mid-February, traders said.", "2022-03-10", "mid-February"
    ).value == ("2022-02")


def test_clock_time(nlp: Language) -> None:
    t = value_of(nlp, "The blast happened at 6:40 p.m. near the station.", "2021-12-24", "6:40 p.m.")
    assert (t.type, t.value) == ("TIME", "2021-12-24T18:40")


def test_without_ref(nlp: Language) -> None:
    text = (
        "In 2014 the mayor resigned; on Thursday he spoke again, last week the council met, "
        "and today it voted."
    )
    out = {t.text: t for t in run(nlp, text, None)}
    assert (out["2014"].value, out["2014"].resolved) == ("2014", True)
    for phrase in ("Thursday", "last week", "today"):
        assert out[phrase].resolved is False
        assert "X" in out[phrase].value
    assert out["last week"].value == "XXXX-WXX"
    assert out["today"].value == "XXXX-XX-XX"
    t = value_of(nlp, "The vote took place on December 24.", None, "December 24")
    assert (t.value, t.resolved) == ("XXXX-12-24", False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the talks May collapse without concessions.",
        "Thousands joined a protest march through the capital.",
        "They will march on the parliament.",
        "The Sunday Times reported the figures.",
        "About 70,000 people fled the region.",
        "The fund holds USD 200 million in reserves.",
        "The G7 invoked Article 5 for the first time.",
        "Veterans of World War II attended.",
        "The airline ordered 2014 seats for its fleet.",
    ],
)
def test_not_temporal(nlp: Language, sentence: str) -> None:
    assert run(nlp, sentence, "2021-12-24") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The decree is dated February 30, 2021.",
        "The file was stamped 20222 by the clerk.",
        "Records list the date as 2021-13-45.",
        "It happened on February 30.",
    ],
)
def test_invalid_dates_do_not_crash(nlp: Language, sentence: str) -> None:
    out = run(nlp, sentence, "2021-12-24")
    for t in out:
        assert "-02-30" not in t.value
        assert "20222" not in t.value
        assert "-13-" not in t.value


def test_february_29_needs_a_leap_year(nlp: Language) -> None:
    assert value_of(nlp, "The law took effect on February 29, 2020.", None, "February 29, 2020").value == (
        "2020-02-29"
    )
    assert all("2021-02-29" not in t.value for t in run(nlp, "It was due on February 29, 2021.", None))


# Rules added for MEANTIME value F1. Each row: sentence, reference date, expression,
# expected type, expected value.


@pytest.mark.parametrize(
    ("sentence", "ref", "phrase", "typ", "value"),
    [
        # the period last talked about, a year back
        (
            "Sales fell 35% in January, compared to the same month a year ago.",
            "2009-02-03",
            "the same month a year ago",
            "DATE",
            "2008-01",
        ),
        (
            "Ford said its sales rose 43% in February compared to the same period last year.",
            "2010-03-03",
            "the same period last year",
            "DATE",
            "2009-02",
        ),
        (
            "The bank lost $2 billion in the third quarter, after a profit in the year-ago quarter.",
            "2009-10-16",
            "the year-ago quarter",
            "DATE",
            "2008-Q3",
        ),
        (
            "The bank lost money in the third quarter of 2009, against a profit in the same period of 2007.",
            "2009-10-16",
            "the same period of 2007",
            "DATE",
            "2007-Q3",
        ),
        # "the same month" is the month last mentioned, not the month of the article
        (
            "Exports fell in January, and imports fell in the same month.",
            "2009-02-03",
            "the same month",
            "DATE",
            "2009-01",
        ),
        # "later in the day": the day under discussion; the extent is the noun phrase
        (
            "Ford said on Tuesday that its stock rose, before declining later in the day.",
            "2010-03-03",
            "the day",
            "DATE",
            "2010-03-02",
        ),
        (
            "Prices rose in March and fell again late in the month.",
            "2009-05-04",
            "the month",
            "DATE",
            "2009-03",
        ),
        (
            "Following a large fall at the start of the day, the index recovered.",
            "2008-10-10",
            "the start of the day",
            "DATE",
            "2008-10-10",
        ),
        # a part of the day on the day under discussion
        (
            "On Tuesday the stock rose to a high in morning trading.",
            "2010-03-03",
            "morning",
            "TIME",
            "2010-03-02TMO",
        ),
        (
            "On Tuesday the stock fell in the morning and rallied in the afternoon.",
            "2010-03-03",
            "the afternoon",
            "TIME",
            "2010-03-02TAF",
        ),
        # the second of two joined decades
        ("The boxy cars of the 70s and 80s are gone.", "2007-02-09", "80s", "DATE", "198"),
        ("Growth in the 1990s and 2000s was fast.", "2010-01-01", "2000s", "DATE", "200"),
        ("Lending boomed in the 1970s and 80s.", "2010-01-01", "80s", "DATE", "198"),
        # bare units after "in just"
        (
            "The index gained 250 points before losing them in just minutes.",
            "2008-10-10",
            "minutes",
            "DURATION",
            "PTXM",
        ),
        # seasons: "last" is the latest one already over, "next" the first one to come
        ("Sales rose last summer.", "2009-10-05", "last summer", "DATE", "2009-SU"),
        ("Sales rose last summer.", "2009-03-05", "last summer", "DATE", "2008-SU"),
        ("The plant will open next spring.", "2009-02-01", "next spring", "DATE", "2009-SP"),
        ("The plant will open next spring.", "2009-06-01", "next spring", "DATE", "2010-SP"),
        # lower-case seasons after a temporal preposition, direction from the tense
        ("Prices rose sharply in spring.", "2009-06-01", "spring", "DATE", "2009-SP"),
        ("Elections will be held in the fall.", "2009-06-01", "the fall", "DATE", "2009-FA"),
        ("Prices rose sharply in the summer.", "2009-03-01", "the summer", "DATE", "2008-SU"),
        ("Talks will resume in the spring.", "2009-11-05", "the spring", "DATE", "2010-SP"),
        (
            "The plant will open in the summer of next year.",
            "2009-12-01",
            "the summer of next year",
            "DATE",
            "2010-SU",
        ),
        ("The IMF and the World Bank held their Autumn meetings.", "2008-10-12", "Autumn", "DATE", "2008-FA"),
        # a clock time takes its day from a calendar date after it; the date stays its own expression
        (
            "He announced the plan at 16:15 UTC, June 1st.",
            "2009-06-04",
            "16:15 UTC",
            "TIME",
            "2009-06-01T16:15Z",
        ),
        ("He announced the plan at 16:15 UTC, June 1st.", "2009-06-04", "June 1st", "DATE", "2009-06-01"),
        ("The polls closed at 10 p.m. on March 3.", "2009-03-05", "10 p.m.", "TIME", "2009-03-03T22:00"),
        (
            "It started at 14:00 UTC on 12 May 2009 in Geneva.",
            "2009-05-20",
            "14:00 UTC",
            "TIME",
            "2009-05-12T14:00Z",
        ),
        # a day right after the clock time, with no comma between, is one TIME with it (TimeML)
        (
            "Voting ends at 8 a.m. EST Tuesday, March 10, 2009.",
            "2009-03-05",
            "8 a.m. EST Tuesday, March 10, 2009",
            "TIME",
            "2009-03-10T08:00",
        ),
        (
            "The offer expired at 5 p.m. EST Nov. 9.",
            "2009-11-12",
            "5 p.m. EST Nov. 9",
            "TIME",
            "2009-11-09T17:00",
        ),
        # a quotation opening on a date in running case is no title
        ('He said: "This week is decisive."', "2009-06-03", "This week", "DATE", "2009-W23"),
        # a relative day still joins the clock time
        ("GM filed at 16:00 UTC today.", "2009-06-01", "16:00 UTC today", "TIME", "2009-06-01T16:00Z"),
        # TIMEX3 modifiers (mod="APPROX", "START", "MID", "END") stay in the extent
        (
            "The blast came at around 7:15 p.m. today.",
            "2009-06-01",
            "around 7:15 p.m. today",
            "TIME",
            "2009-06-01T19:15",
        ),
        ("Inflation soared in the late 1970s.", "2009-06-01", "the late 1970s", "DATE", "197"),
        ("Prices peaked in the mid-1990s.", "2009-06-01", "the mid-1990s", "DATE", "199"),
        ("Work resumed in the early summer.", "2009-06-01", "the early summer", "DATE", "2009-SU"),
        ("The vote is this coming Sunday.", "1998-03-05", "this coming Sunday", "DATE", "1998-03-08"),
        ("She resigned this past Monday.", "1998-03-05", "this past Monday", "DATE", "1998-03-02"),
        (
            "Growth slows over the next couple of years.",
            "1998-03-05",
            "the next couple of years",
            "DURATION",
            "P2Y",
        ),
    ],
)
def test_new_rules(nlp: Language, sentence: str, ref: str, phrase: str, typ: str, value: str) -> None:
    t = value_of(nlp, sentence, ref, phrase)
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize(
    ("sentence", "ref", "phrase"),
    [
        # "at the same time" means simultaneously
        ("At the same time, prices rose.", "2009-10-16", "the same time"),
        # a clock time is not stretched over the date after it
        ("He announced the plan at 16:15 UTC, June 1st.", "2009-06-04", "16:15 UTC, June 1st"),
        # parts of the day that only name a kind of thing
        ("She came in evening wear.", "2010-03-03", "evening"),
        ("He appeared in the evening news.", "2010-03-03", "the evening"),
        ("Troops arrived on the morning of March 3.", "2010-03-05", "the morning"),
        # ages, not decades; a year inside a name
        ("Most of the victims were in their 70s and 80s.", "2010-01-01", "80s"),
        ("The Russell 2000 Index of smaller companies dropped by four percent.", "2009-02-24", "2000"),
        # vague words inside compound modifiers, and "most recent" (the latest one)
        ("McCain spoke against the now-cancelled deal.", "2004-11-30", "now"),
        ("Guests gathered at the soon-to-open terminal.", "2007-10-17", "soon"),
        ("Critics faulted the antenna of its most recent model.", "2010-08-08", "recent"),
        # seasons that are not times
        ("Winter storms hit the coast.", "2009-06-01", "Winter"),
        ("The fall of the regime came fast.", "2009-06-01", "The fall"),
        ("Analysts expect a fall in prices.", "2009-06-01", "fall"),
        ("The children went to summer camp.", "2009-06-01", "summer"),
        ("He plans to winter in Florida.", "2009-01-01", "winter"),
        ("Protests of the Arab Spring spread to Syria.", "2011-10-01", "Spring"),
        # "minutes" as a record
        ("The figures appeared in the minutes of the meeting.", "2009-01-01", "minutes"),
        # a speed is not a set (TimeML does not mark it)
        ("Intel clocks the chip at 15 million instructions per second.", "1989-10-27", "per second"),
        ("The cars drove at 60 miles per hour.", "1989-10-27", "per hour"),
        # a frequency word as a noun names a thing: a dividend, a magazine
        ("The company declared its initial quarterly of five cents a share.", "1989-10-27", "quarterly"),
        ("He writes for a news weekly in Paris.", "1989-10-27", "weekly"),
        # a quoted title in title case is a name; "the future of" something is its fate
        (
            'Baker said on ABC\'s "This Week With David Brinkley" that talks failed.',
            "1991-02-25",
            "This Week",
        ),
        ("Tony Blair spoke of ``Next Year in Jerusalem'' at the dinner.", "1998-02-05", "Next Year"),
        ("The talks matter to the future of our peoples.", "1998-02-13", "the future"),
    ],
)
def test_new_rules_negative(nlp: Language, sentence: str, ref: str, phrase: str) -> None:
    assert phrase not in dates_found(nlp, sentence, ref)


def test_russell_index_leaves_the_real_year(nlp: Language) -> None:
    found = dates_found(nlp, "The Russell 2000 Index has lost 30% since 2008.", "2009-02-24")
    assert found == {"2008": ("DATE", "2008")}


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        # a range: the start keeps its expression, the end is one of its own
        ("The summit will be held on March 10-11 in Versailles.", "2022-03-08", {"March 10": "2022-03-10", "11": "2022-03-11"}),
        ("Talks will run from Monday to Wednesday.", "2022-03-08", {"Monday": "2022-03-14", "Wednesday": "2022-03-16"}),
        ("Output fell in the 1957-58 season.", "2022-03-08", {"1957": "1957", "58": "1958"}),
        ("Prices rose in 2019-2021.", "2022-03-08", {"2019": "2019", "2021": "2021"}),
        ("It bought 254,200 shares from Sept. 14 to Thursday.", "1989-10-27", {"Sept. 14": "1989-09-14", "Thursday": "1989-10-26"}),
        # a list of dates ahead runs forward; one told in the past needs no order
        ("We will defend our land on February 16, March 1 and December 31.", "2022-02-19", {"December 31": "2022-12-31"}),
        ("Following are statements made Friday and Thursday by his lawyer.", "1998-02-06", {"Friday": "1998-02-06", "Thursday": "1998-02-05"}),
    ],
)  # fmt: skip
def test_ranges_and_lists(nlp: Language, text: str, ref: str, expected: dict[str, str]) -> None:
    found = {k: v for k, (_, v) in dates_found(nlp, text, ref).items()}
    assert {k: found.get(k) for k in expected} == expected


def test_a_number_after_a_date_is_no_range_end_without_a_dash(nlp: Language) -> None:
    assert "11" not in dates_found(nlp, "On March 10 11 people were hurt.", "2022-03-08")


def test_over_the_past_is_left_out_of_a_duration(nlp: Language) -> None:
    found = dates_found(nlp, "Sales rose over the past three years and over five months.", "1998-01-08")
    assert found["the past three years"] == ("DURATION", "P3Y")
    assert found["over five months"] == ("DURATION", "P5M")


@pytest.mark.parametrize(
    ("text", "ref", "phrase", "value"),
    [
        ("In January, the company brought in a new chief executive.", "1989-10-27", "January", "1989-01"),
        ("In the fiscal year ended Jan. 31, the company reported sales of $59.5 million.", "1989-10-31", "Jan. 31", "1989-01-31"),
        ("Collins will be named commander of the shuttle for a mission in December.", "1998-03-04", "December", "1998-12"),
        ("The talks are supposed to conclude by May.", "1998-03-22", "May", "1998-05"),
        ("It will pay down the loan by February.", "1989-10-30", "February", "1990-02"),
    ],
)  # fmt: skip
def test_tense_decides_the_year_of_a_month_months_away(
    nlp: Language, text: str, ref: str, phrase: str, value: str
) -> None:
    assert value_of(nlp, text, ref, phrase).value == value


def test_the_year_of_a_named_event_is_a_date(nlp: Language) -> None:
    found = dates_found(nlp, "It was part of the doping scheme at the 2014 Sochi Olympics.", "2022-02-09")
    assert found["2014"] == ("DATE", "2014")
    assert "2014" not in dates_found(nlp, "The party won 2014 seats in the regional councils.", "2022-02-09")


def test_the_past_year_is_the_year_before(nlp: Language) -> None:
    found = dates_found(nlp, "Sales fell over the past year and in the last decade.", "1998-03-03")
    assert found["the past year"] == ("DATE", "1997")
    assert found["the last decade"] == ("DATE", "198")


def test_mid_afternoon_is_a_time_of_the_day(nlp: Language) -> None:
    found = dates_found(
        nlp, "By mid afternoon, officials were saying the offensive had stopped.", "1998-03-06"
    )
    assert found["mid afternoon"] == ("TIME", "1998-03-06TAF")
    found = dates_found(nlp, "In London at mid-afternoon yesterday, the shares were up.", "1989-11-02")
    assert found["mid-afternoon yesterday"] == ("TIME", "1989-11-01TAF")


def test_a_day_or_week_counted_in_a_run_is_the_one_under_discussion(nlp: Language) -> None:
    found = dates_found(nlp, "In Saudi Arabia, today is the eighth day of the operation.", "1990-08-15")
    assert found["the eighth day"] == ("DATE", "1990-08-15")
    found = dates_found(nlp, "On Friday stocks fell for a second consecutive day.", "2008-09-20")
    assert found["a second consecutive day"] == ("DATE", "2008-09-19")
    found = dates_found(nlp, "Stocks rose for the fourth week in a row.", "2009-04-04")
    assert found["the fourth week"] == ("DATE", "2009-W14")


def test_the_day_before_on_its_own_is_the_day_before_the_last_one_named(nlp: Language) -> None:
    text = "The two ministers talked on Saturday. The day before, the adviser said an attack could come."
    assert dates_found(nlp, text, "2022-02-12")["The day before"] == ("DATE", "2022-02-11")
    assert "the day before" not in dates_found(
        nlp, "He spoke on Monday, the day before the vote.", "2022-02-12"
    )
