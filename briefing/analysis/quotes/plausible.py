"""Which phrases can name a speaker: a person, a body or an honest description.

A cue's subject is not always its speaker: a misparse or a translated sentence gives
"the rain said", "such a denial", "his decision", "later this year". A speaker is a name
(a proper noun or a named entity), or a phrase whose head is a role, an institution, a
document or a word for people ("supporters", "a strategist"); never a date, a number or a
pronoun left unresolved. ``plausible_head`` judges the head token of a phrase in a parsed
article; ``honest_speaker`` judges a speaker as printed (the brief's check over real sets).
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Token

from briefing.analysis.numbers import lexicon
from briefing.analysis.quotes.words import QuoteWords
from briefing.analysis.timex.words import date_words, full_month_name

# named-entity labels of things that never speak
_NEVER = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# word endings of agents ("voter", "strategist", "consultant", "resident", "pollster")
_AGENT = re.compile(r"(?:[^e]er|eer|or|ist|ian|ant|[^m]ent|ster)s?$")
_NOT_AGENTS = {
    "power",
    "paper",
    "order",
    "number",
    "border",
    "matter",
    "water",
    "center",
    "centre",
    "sector",
    "factor",
    "error",
    "corridor",
    "monitor",
    "chapter",
    "computer",
    "layer",
    "weather",
    "manner",
    "minor",
    "motor",
    "interior",
    "horror",
    "door",
    "floor",
    "anchor",
    "labor",
    "labour",
    "honor",
    "honour",
    "favor",
    "favour",
    "terror",
    "mirror",
    "flavor",
    "quarter",
    "filter",
    "poster",
    "winter",
    "summer",
    "dinner",
    "proportion",
    "event",
    "content",
    "extent",
    "intent",
    "talent",
    "accent",
    "percent",
    "descent",
    "moment",
    "plant",
    "grant",
    "variant",
    "elephant",
    "giant",
    "restaurant",
    "ist",
    "east",
    "west",
}
_TIME_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "later", "earlier"}
_PHRASE_ENDS = {
    "of",
    "for",
    "at",
    "with",
    "from",
    "in",
    "on",
    "to",
    "who",
    "which",
    "that",
    "after",
    "during",
}
_WORD = re.compile(r"[\w’'.-]+")


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.cache
def _day_words() -> frozenset[str]:
    """The month and weekday names and the days named relative to today ("yesterday") of
    ``briefing/data/timex.toml``: a phrase they head is a date, not a speaker."""
    dates = date_words()
    months = {full_month_name(month) for month in range(1, 13)}
    return frozenset(months | set(dates.weekdays) | set(dates.relative_days))


@functools.cache
def _number_words() -> frozenset[str]:
    """The spelled-out numbers and scale words of ``briefing/data/figures.toml`` (not the
    abbreviations "m", "bn"), and their plurals ("thousands")."""
    lex = lexicon()
    spelled = set(lex.numbers) | {w for w in lex.scales if w.isalpha() and len(w) > 2}
    return frozenset(spelled | {f"{w}s" for w in spelled})


def speaking_word(word: str, words: QuoteWords) -> bool:
    """A lower-case word that can head a speaker phrase: a role, an institution, a document,
    people, or a word of agent form."""
    low = word.lower().strip(".")
    if low in _TIME_WORDS:
        return False
    for form in {low, _singular(low)}:
        if form in words.speaking_heads:
            return True
    return bool(_AGENT.search(low)) and _singular(low) not in _NOT_AGENTS and low not in _NOT_AGENTS


def plausible_head(head: Token, words: QuoteWords) -> bool:
    """The head token of a phrase can name a speaker (see the module's docstring)."""
    if head.ent_type_ in _NEVER or head.like_num:
        return False
    if head.ent_type_ in _NAMED or (head.pos_ == "PROPN" and head.text[:1].isupper()):
        return True
    if len(head.text) > 1 and head.text.isupper():  # an acronym: 'PM', 'NAACP'
        return True
    if head.pos_ in ("VERB", "AUX"):
        return False  # 'Posting from Kyiv, the performer suggested': a verb names no one
    return speaking_word(head.text, words) or speaking_word(head.lemma_, words)


def honest_speaker(name: str, words: QuoteWords) -> bool:
    """A speaker as printed names someone: the head of the phrase (its last word before a
    preposition or clause) is capitalised (a name) or a speaking word; never a date, a number
    or a pronoun."""
    tokens = _WORD.findall(name)
    cut = next((k for k, t in enumerate(tokens) if k and t.lower() in _PHRASE_ENDS), len(tokens))
    if not tokens or not cut:
        return False
    while cut >= 3 and tokens[cut - 2] in "-–":  # 'Ban Ki - moon': the word the dash joins
        cut -= 2
    if cut >= 2 and tokens[cut - 1].lower() in words.siding:  # 'a person close to the Clintons'
        cut -= 1
    head = tokens[cut - 1]
    low = head.lower().strip(".")
    if (
        (low in words.pronouns and not head.isupper())
        or low in _day_words()
        or low in _TIME_WORDS
        or low in _number_words()
        or low[:1].isdigit()
    ):
        return False
    return head[:1].isupper() or speaking_word(low, words)
