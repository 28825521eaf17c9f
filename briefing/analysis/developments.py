"""Dated developments: the sentences that report something happening at a known time."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from briefing.records import Development, Timex

# Values that place an event on the calendar (TIMEX3), resolved or with unknown parts (X).
_CALENDAR = re.compile(r"[\dX]{4}(-[\dX]{2}(-[\dX]{2})?|-W[\dX]{2})?")
_RESOLVED = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")
# Connectives that open a sentence without adding to what happened.
_OPENERS = re.compile(
    r"^(meanwhile|separately|additionally|in addition|notably|however|also|further),\s+", re.I
)


def calendar_value(timex: Timex) -> str | None:
    """The ISO date of a timex if it is a calendar date; None for durations, sets, vague refs."""
    if timex.type not in ("DATE", "TIME"):
        return None
    value = timex.value[:10] if timex.type == "TIME" else timex.value
    return value if _CALENDAR.fullmatch(value) else None


def trim(text: str) -> str:
    text = _OPENERS.sub("", text.strip())
    return text[:1].upper() + text[1:]


def find_developments(doc: Doc, timexes: list[Timex], skip: list[tuple[int, int]]) -> list[Development]:
    """One development per calendar timex, carrying the sentence it stands in.

    A sentence with two dates ("discussed on Sunday, ahead of a meeting on
    Monday") gives two developments; unresolved values give undated ones.
    """
    out: list[Development] = []
    for timex in timexes:
        value = calendar_value(timex)
        if value is None or any(s <= timex.start < e for s, e in skip):
            continue
        sent = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if sent is None:
            continue
        sentence = sent.sent
        text = trim(sentence.text)
        if len(text.split()) < 5:
            continue
        out.append(
            Development(
                date=value if _RESOLVED.fullmatch(value) else None,
                date_text=timex.text,
                text=text,
                start=sentence.start_char,
                end=sentence.end_char,
            )
        )
    return out
