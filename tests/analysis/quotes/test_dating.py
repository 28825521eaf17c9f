"""When a quote was said: the date next to its cue, outside the quoted words."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from briefing.analysis.quotes import date_quotes, find_quotes
from briefing.analysis.timex import find_timexes


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ('"We will not back down," Price said on Thursday.', "2022-02-03"),
        ('On Monday, the ministry said the claims were "fabricated and absurd".', "2022-02-07"),
        (
            'The ministry said in a statement on Monday that it "categorically rejects" the claims.',
            "2022-02-07",
        ),
        ('Price said that talks would "resume next week" once the delegations agree.', None),
        ('"We will meet again on Friday," Price said.', None),
    ],
)
def test_a_quote_carries_the_date_it_was_said(nlp: Language, text: str, date: str | None) -> None:
    doc = nlp(text)
    quotes = date_quotes(find_quotes(doc), find_timexes(doc, dt.date(2022, 2, 8)), doc.text)
    assert [q.date for q in quotes] == [date]
