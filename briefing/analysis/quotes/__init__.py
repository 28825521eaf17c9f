"""Quotation extraction and attribution.

``find_quotes(doc)`` finds every quoted passage of a parsed article (paragraphs are
separated by a blank line), decides whether it is speech (``direct``/``partial``) or a
scare quote, and attributes it to a speaker; ``date_quotes`` then dates each quote from
the article's dates. The steps live in modules of their own:

    find       find_quotes: the steps in order
    marks      quote marks -> quoted segments (the marks are listed in data/quotes.toml)
    cues       verbs of saying and stance, 'according to', colons: what attributes a quote
    speakers   who said it: every pass that assigns a speaker, in order, in one function
    names      the people an article names and the titles it gives them
    kinds      speech or scare quote
    sentences  the sentence around a quote
    dating     when it was said
    words      the word lists of data/quotes.toml
"""

from briefing.analysis.quotes.dating import date_quotes
from briefing.analysis.quotes.find import find_quotes
from briefing.analysis.quotes.marks import Segment, find_segments, paragraph_spans
from briefing.analysis.quotes.words import QuoteWords, load_quote_words

__all__ = [
    "QuoteWords",
    "Segment",
    "date_quotes",
    "find_quotes",
    "find_segments",
    "load_quote_words",
    "paragraph_spans",
]
