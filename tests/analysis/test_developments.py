"""Tests for briefing.analysis.developments: clauses, actors, quoted dates, scheduled events."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from briefing.analysis.developments import _MAX_CUT, find_developments
from briefing.analysis.event_clause import speech_tail
from briefing.analysis.timex import find_timexes
from briefing.records import Development


def _devs(nlp: Language, text: str, ref: str | None) -> list[Development]:
    doc = nlp(text)
    return find_developments(doc, find_timexes(doc, dt.date.fromisoformat(ref) if ref else None), [])


def test_two_dates_two_clauses(nlp: Language) -> None:
    text = (
        "On Sunday, the president discussed the crisis with the French president over the phone, "
        "ahead of the latter's meeting with the Russian leader, which will be held in Moscow on Monday."
    )
    devs = {d.date: d for d in _devs(nlp, text, "2022-02-07")}
    sunday, monday = devs["2022-02-06"], devs["2022-02-07"]
    assert "discussed the crisis" in sunday.text and "Moscow" not in sunday.text
    assert "meeting with the Russian leader" in monday.text and "Moscow on Monday" in monday.text
    # "the latter's meeting" cannot stand alone: the Monday event keeps the whole sentence.
    assert monday.text.startswith("On Sunday, the president")
    assert monday.scheduled and not sunday.scheduled


def test_one_date_keeps_the_sentence(nlp: Language) -> None:
    text = "Meanwhile, the foreign minister spoke with his German counterpart on Wednesday about sanctions."
    (d,) = _devs(nlp, text, "2021-12-30")
    assert d.date == "2021-12-29"
    assert d.text.startswith("The foreign minister spoke")  # connective dropped
    assert d.action == "speak"


def test_scheduled_event_and_actors(nlp: Language) -> None:
    text = (
        "Talks between Washington and Moscow are set to take place on January 10 in Geneva, officials said."
    )
    devs = _devs(nlp, text, "2021-12-30")
    d = next(d for d in devs if d.date == "2022-01-10")
    assert d.scheduled
    assert "Washington and Moscow" in d.text


def test_quoted_today_takes_the_date_of_the_statement(nlp: Language) -> None:
    text = (
        '"The secretary spoke today with the French foreign minister about the crisis," '
        "the spokesman said in a Sunday statement."
    )
    dates = {d.date for d in _devs(nlp, text, "2022-02-08")}  # a Tuesday
    assert dates == {"2022-02-06"}


def test_quoted_today_retelling_a_dated_event(nlp: Language) -> None:
    text = (
        "Antony Blinken on Thursday spoke with Jens Stoltenberg about the troops near the border. "
        '"Secretary Blinken spoke with Secretary General Jens Stoltenberg today to discuss the troops," '
        "the press release read."
    )
    devs = _devs(nlp, text, "2021-12-24")
    assert {d.date for d in devs} == {"2021-12-23"}


def test_quoted_today_without_a_dated_statement_stays_on_the_article_date(nlp: Language) -> None:
    text = '"We reopened the border crossing today for aid convoys," the governor told reporters.'
    (d,) = _devs(nlp, text, "2022-03-01")
    assert d.date == "2022-03-01"


def test_undated_article_gives_undated_developments(nlp: Language) -> None:
    devs = _devs(nlp, "Ministers attended a meeting in Brussels on Thursday to discuss the border.", None)
    assert devs and all(d.date is None for d in devs)
    assert devs[0].date_text == "Thursday"


def test_durations_are_not_developments(nlp: Language) -> None:
    assert (
        _devs(nlp, "The talks have dragged on for three weeks without any progress at all.", "2022-01-03")
        == []
    )


def test_a_clause_that_points_back_keeps_its_sentence(nlp: Language) -> None:
    # "the former's visit ... which is planned for Friday" names no one once cut off.
    text = (
        "On Tuesday, the German chancellor spoke with the Polish prime minister, "
        "ahead of the former's visit to Warsaw, which is planned for Friday."
    )
    devs = _devs(nlp, text, "2022-02-09")
    friday = next(d for d in devs if d.date == "2022-02-11")
    assert friday.text.startswith("On Tuesday, the German chancellor")


def test_a_sentence_listing_many_dates_is_not_cut_apart(nlp: Language) -> None:
    # More dates than _MAX_CUT in one sentence: a list, not clauses; each date gets the sentence.
    days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    text = (
        "Convoys crossed the border " + " and ".join(f"on {days[i % 4]}" for i in range(_MAX_CUT + 4)) + "."
    )
    devs = _devs(nlp, text, "2022-02-11")
    assert sorted(d.date or "" for d in devs) == ["2022-02-07", "2022-02-08", "2022-02-09", "2022-02-10"]
    assert {d.text for d in devs} == {text}


def test_many_dated_sentences_each_keep_their_own_actors(nlp: Language) -> None:
    text = " ".join(
        f"{who} met {other} in Geneva on March {day}, 2021."
        for who, other, day in [("Antony Blinken", "Sergei Lavrov", 3), ("Olaf Scholz", "Emmanuel Macron", 4)]
        * 30
    )
    devs = _devs(nlp, text, "2022-02-08")
    assert [d.date for d in devs] == ["2021-03-03", "2021-03-04"]  # repeated sentences count once
    assert [set(d.actors) for d in devs] == [
        {"Antony Blinken", "Sergei Lavrov"},
        {"Olaf Scholz", "Emmanuel Macron"},
    ]


def test_dates_inside_skipped_spans_are_left_out(nlp: Language) -> None:
    text = "Talks began in Geneva on Monday.\n\nTroops moved closer to the border on Tuesday."
    doc = nlp(text)
    timexes = find_timexes(doc, dt.date(2022, 2, 9))
    second, tuesday = text.index("Troops"), text.index("Tuesday")
    # Spans in any order, overlapping, empty or reversed: a date is skipped when one holds it.
    for skip in (
        [(second, len(text))],
        [(0, 1), (tuesday - 5, tuesday + 1), (5, 2)],
        [(len(text), 0), (second, len(text))],
    ):
        assert [d.date for d in find_developments(doc, timexes, skip)] == ["2022-02-07"]
    assert [d.date for d in find_developments(doc, timexes, [(4, 4)])] == ["2022-02-07", "2022-02-08"]


def test_today_in_the_simple_present_is_no_development(nlp: Language) -> None:
    assert (
        _devs(nlp, "Today, the former president still dominates the party in every poll.", "2022-01-27") == []
    )
    (said,) = _devs(nlp, "The foreign minister says today that talks with Moscow will resume.", "2022-01-27")
    assert said.date == "2022-01-27"
    (held,) = _devs(nlp, "The ministers met in Brussels today to discuss the sanctions.", "2022-01-27")
    assert held.date == "2022-01-27"


def test_a_day_counted_from_an_undated_event_is_undated(nlp: Language) -> None:
    (d,) = _devs(nlp, "The police arrested the protest leader, who was released the next day.", "2022-01-27")
    assert d.date is None
    devs = _devs(
        nlp, "The leader was arrested on Monday and was released the next day by the police.", "2022-01-27"
    )
    assert [d.date for d in devs] == ["2022-01-24", "2022-01-25"]


def test_the_past_year_dates_no_development(nlp: Language) -> None:
    assert (
        _devs(
            nlp,
            "The United States has committed more than $650 million in aid over the past year.",
            "2022-02-20",
        )
        == []
    )


def test_verbless_fragment_takes_the_sentences_around_it(nlp: Language) -> None:
    text = "I raised this at every summit and forum. In 2019, 2020, 2021. Will anyone listen in 2022?"
    devs = {d.date: d for d in _devs(nlp, text, "2022-02-19")}
    for year in ("2019", "2020", "2021"):
        assert devs[year].text.startswith("I raised this at every summit and forum. In 2019, 2020, 2021.")


def test_fragment_alone_in_its_paragraph_is_dropped(nlp: Language) -> None:
    assert _devs(nlp, "The talks went on.\n\nIn 2019.\n\nNothing changed.", "2022-02-19") == []


def test_a_date_naming_a_body_dates_nothing(nlp: Language) -> None:
    text = "The senator told the March 4 commission that the minister signed the order on Tuesday."
    dates = [d.date for d in _devs(nlp, text, "2023-03-10")]
    assert dates == ["2023-03-07"]
    (d,) = _devs(nlp, "The March 4 talks between the two ministers ended without a deal.", "2023-03-10")
    assert d.date == "2023-03-04"


def test_a_quoted_month_is_in_the_year_it_was_said(nlp: Language) -> None:
    text = (
        "His admiration goes back years. “Will Putin come to the pageant in November in Moscow?” "
        "he tweeted in 2013. Putin did not reply to the invitation at the time."
    )
    dates = {d.date for d in _devs(nlp, text, "2022-02-23")}
    assert "2013-11" in dates and "2022-11" not in dates


def test_a_date_in_a_clause_of_its_own_leaves_the_rest_to_the_other_date(nlp: Language) -> None:
    text = (
        "A year later, he tried to have Russia readmitted to the G7 group of large democratic economies, "
        "from which it was expelled for annexing Crimea in 2014."
    )
    devs = {d.date: d for d in _devs(nlp, "In 2018 he praised Putin. " + text, "2022-02-26")}
    assert "readmitted to the G7" in devs["2019"].text and "Crimea" not in devs["2019"].text


def test_an_attribution_split_from_its_quotation_dates_it(nlp: Language) -> None:
    text = (
        "His admiration goes back years. “Do you think Putin will be going to the pageant in Moscow,"
        " and will he become my new best friend?” he tweeted in 2013."
    )
    devs = {d.date: d for d in _devs(nlp, text, "2022-02-23")}
    assert "pageant" in devs["2013"].text and devs["2013"].text.endswith("he tweeted in 2013.")


def test_today_in_an_infinitive_after_a_present_state_dates_the_act(nlp: Language) -> None:
    text = "It is very important to send a very strong signal today about the unity of the union."
    assert [d.date for d in _devs(nlp, text, "2022-03-10")] == ["2022-03-10"]
    assert _devs(nlp, "Today, the former president still dominates the party he led.", "2022-03-10") == []


def test_two_coordinated_dates_of_one_event_keep_the_whole_clause(nlp: Language) -> None:
    text = (
        "It is very important to send a very strong signal today and tomorrow about the unity of the union."
    )
    devs = {d.date: d.text for d in _devs(nlp, text, "2022-03-10")}
    assert "today and tomorrow" in devs["2022-03-10"] and "today and tomorrow" in devs["2022-03-11"]


def test_a_caption_stamp_dates_nothing(nlp: Language) -> None:
    """A full date stamped on "City, Region" with no word introducing it is a caption's or a
    dateline's stamp, not the date of an event."""
    for caption in (
        "Workers drain water from a flooded street in Kyiv, Ukraine, Sunday, Aug. 28, 2022.",
        "A paramedic carries a wounded man into a hospital in Mariupol, Ukraine, March 1, 2022. He works there.",
        "Tampa, FL July 27, 2016 Golden Book that did not quite make the cut.",
    ):
        assert _devs(nlp, caption, "2022-09-01") == [], caption
    for prose in (
        "The president met the chancellor in Kyiv, Ukraine, on March 1, 2022, to discuss aid.",
        "The leaders of France, Germany and Poland met on Feb. 7, 2022, in Berlin.",
        "Rescuers in Kyiv, Ukraine, said in March 2022 that the shelter was full.",
    ):
        assert len(_devs(nlp, prose, "2022-09-01")) == 1, prose


def test_a_stamp_opening_a_sentence_dates_the_sentence_it_follows(nlp: Language) -> None:
    """An embedded clip's stamp follows what it shows: that is the development, stamped."""
    text = (
        "“I hope you find the emails that are missing,” the candidate said to the cameras."
        "Tampa, FL July 27, 2016 Golden Book that did not quite make the cut."
    )
    (d,) = _devs(nlp, text, "2022-01-24")
    assert d.date == "2016-07-27"
    assert d.text.startswith("“I hope you find the emails") and d.text.endswith("(Tampa, FL July 27, 2016)")
    assert "Golden Book" not in d.text


def test_a_verbless_piece_of_prose_dates_no_development(nlp: Language) -> None:
    text = (
        "Today they were left without a father. At 6 o'clock in the morning Central European Time. "
        "When the intelligence officer was killed by artillery fire."
    )
    devs = _devs(nlp, text, "2022-02-19")
    assert [d.text for d in devs] == ["Today they were left without a father."]


def test_a_list_of_dates_cut_short_ends_as_a_sentence(nlp: Language) -> None:
    devs = {
        d.date: d.text
        for d in _devs(nlp, "We will defend our land on February 16, March 1, and December 31.", "2022-02-19")
    }
    text = devs["2022-02-16"]
    assert text.startswith("We will defend our land on February 16") and text.endswith(".")
    assert ",." not in text


def test_a_long_attribution_split_from_its_quotation_still_dates_a_development(nlp: Language) -> None:
    text = "“We are ready to talk!” the minister told reporters in Riga on March 3, 2022, after the meeting ended."
    assert [d.date for d in _devs(nlp, text, "2022-03-10")] == ["2022-03-03"]


def test_a_cut_clause_without_a_verb_that_tells_keeps_its_sentence(nlp: Language) -> None:
    """ "including probably on Tuesday to Warsaw" says nothing happened: the Tuesday
    development is the sentence, the week's is the clause without it."""
    text = (
        "This week, the prime minister will call the Russian president by phone, and will also travel "
        "to the region's capitals, including probably on Tuesday to Warsaw."
    )
    devs = {d.date: d for d in _devs(nlp, text, "2022-01-31")}
    assert devs["2022-02-01"].text.startswith("This week, the prime minister will call")
    assert "Warsaw" not in devs["2022-W05"].text


def test_a_cut_clause_ending_on_its_auxiliary_keeps_its_sentence(nlp: Language) -> None:
    text = "The chancellor on Monday is to visit Warsaw, the next day he will go to Vilnius."
    devs = {d.date: d for d in _devs(nlp, text, "2022-01-31")}
    assert devs["2022-01-31"].text == text


def test_a_cut_clause_opening_with_then_keeps_its_sentence(nlp: Language) -> None:
    text = (
        "On Monday, the minister will fly to Warsaw for talks with the president, and then on Tuesday "
        "to Vilnius, where he plans to meet the prime minister - the agency said."
    )
    devs = {d.date: d for d in _devs(nlp, text, "2022-01-31")}
    assert devs["2022-02-01"].text == text


def test_the_end_of_a_quotation_a_dash_closes_is_no_clause(nlp: Language) -> None:
    tail = list(nlp("Moscow - the minister told journalists on Monday."))
    assert speech_tail(tail)
    assert not speech_tail(list(nlp("From Monday, Russian-Belarusian exercises were held there.")))
    assert not speech_tail(list(nlp("The talks failed - the minister told journalists on Monday.")))
