"""Dates that name or stamp rather than report: a date in a body's name ("the Jan. 6
committee"), and a full date stamped on a place with no word introducing it, as a caption or
a dateline writes it ("... in Mariupol, Ukraine, March 1, 2022.")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from briefing.analysis.actors import Actors
from briefing.analysis.doccache import doc_text, sentence_of
from briefing.analysis.event_clause import action_of, balanced, text_of, trim
from briefing.analysis.quotes.marks import ENDING_MARKS
from briefing.analysis.timex import date_words
from briefing.records import Development, Timex

_NAME_HEADS = date_words().name_heads


def names_a_body(span: Span) -> bool:
    """The date modifies a noun right after it that names a body ("the Jan. 6 committee")."""
    root = span.root
    nxt = span.end
    return (
        nxt < len(span.doc)
        and root.head.i >= nxt
        and root.dep_ in ("nmod", "compound", "npadvmod", "amod", "nummod")
        and all(t.pos_ in ("PROPN", "NOUN", "ADJ") for t in span.doc[nxt : root.head.i])
        and root.head.lemma_.lower() in _NAME_HEADS
    )


_WEEKDAYS = frozenset(date_words().weekdays)
YEAR = re.compile(r"\b\d{4}\b")


def _place_name(token: Token) -> bool:
    """A word of a place's name as a caption writes it: capitalised ("Kyiv", "FL", "D.C.")."""
    word = token.text.lstrip(ENDING_MARKS + "\"'")
    return bool(word) and word[0].isupper() and not token.is_punct


def stamp_start(span: Span) -> int | None:
    """Where a stamp begins when ``span``, a full date, is stamped on a place named "City,
    Region" with no word introducing it (the token of the place's first word); else None.

    Such a stamp is a caption's or a dateline's ("... in Mariupol, Ukraine, March 1, 2022.",
    "Kyiv, Ukraine, Sunday, Aug. 28, 2022", "Tampa, FL July 27, 2016"), not the date of an
    event the article reports: prose writes "in Kyiv on March 1, 2022"."""
    if not YEAR.search(span.text) or not any(t.like_num and not YEAR.fullmatch(t.text) for t in span):
        return None  # a day of a year: "March 2022" or "in 2016" is prose
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].lower_ in _WEEKDAYS:  # "Ukraine, Sunday, Aug. 28, 2022"
        i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
    for name in range(2):  # the region, then the place: "Mariupol, Ukraine"
        first = i
        while i >= 0 and _place_name(doc[i]):
            i -= 1
        if i == first:
            return None
        if name == 0:
            if i < 0 or doc[i].text != ",":
                return None
            i -= 1
    return i + 1


def stamped_development(sent: Span, timex: Timex, date: str | None, actors: Actors) -> Development | None:
    """What a stamp opening ``sent`` dates: the sentence before it, shown with the stamp
    ("... the 30,000 emails that are missing. (Tampa, FL July 27, 2016)"), or None."""
    doc = sent.doc
    stamped = _stamped_sentence(sent, doc)
    if stamped is None:
        return None
    what = trim(balanced(text_of([t for t in stamped if not t.is_space])))
    label = doc_text(doc)[sent.start_char : timex.end]
    return Development(
        date=date,
        date_text=timex.text,
        text=f"{what} ({label.lstrip(ENDING_MARKS)})",
        start=stamped.start_char,
        end=timex.end,
        actors=actors.of(list(stamped), stamped.root, stamped),
        action=action_of(stamped.root),
        scheduled=False,
    )


def _stamped_sentence(sent: Span, doc: Doc) -> Span | None:
    """The sentence a stamp opening ``sent`` dates: the one before it in its paragraph (an
    embedded clip's or picture's stamp follows what it shows: "... the 30,000 emails that
    are missing." Tampa, FL July 27, 2016), or None."""
    if sent.start == 0:
        return None
    before = sentence_of(sent.start - 1, doc)
    if "\n\n" in doc_text(doc)[before.start_char : sent.start_char]:
        return None
    return before
