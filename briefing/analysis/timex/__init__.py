"""Temporal expressions: recognition and TIMEX3 normalisation.

``find_timexes`` scans an article's clean text with patterns built from the word lists in
``briefing/data/timex.toml`` and normalises every match against the article's published
date (``ref``). The spaCy parse is used to reject look-alikes (``May`` as a modal, ``Sunday
Times`` as an organisation, bare numbers) and to read the tense of the governing verb,
which decides the direction of under-specified dates: a past-tense ``on Thursday`` is the
most recent Thursday on or before ``ref``, a future-tense one the next on or after it.

Values follow TIMEX3: ``2021-12-24``, ``2021-12``, ``2021``, ``2021-W52``, ``2021-Q4``,
``2021-12-24T18:40``, durations ``P3D``/``PT50M``/``PXY``, sets ``P1W``, and the vague
``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``. Expressions that cannot be anchored (no
``ref``, or vague) get ``X`` placeholders and ``resolved=False``; a date is never invented.

    find        find_timexes: every rule's matches, resolved in text order
    patterns    the rules: a pattern, its resolver, the strings every match holds
    resolution  calendar dates and clock times -> TIMEX3 values
    durations   durations, amounts of time before or after a date, sets, vague references
    context     what a date is resolved against; the tense of its clause
    calendar    calendar arithmetic
    scanning    the speed machinery: lower-cased scanning and skipping rules by their needs
    words       the word lists of data/timex.toml
"""

from briefing.analysis.timex.calendar import FUTURE, NEUTRAL, PAST
from briefing.analysis.timex.find import find_timexes, tense_direction
from briefing.analysis.timex.words import DateWords, date_words

__all__ = ["FUTURE", "NEUTRAL", "PAST", "DateWords", "date_words", "find_timexes", "tense_direction"]
