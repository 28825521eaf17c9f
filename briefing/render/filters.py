"""The templates' filters (see ``briefing.render.context``): dates as read, a key figure's
amount, a passage with whom its opening pronoun names, a name heading an entry, and the
Markdown escapes of ``briefing.render.escape``."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

from briefing.records import BriefFigure
from briefing.render.escape import FILTERS as ESCAPE_FILTERS


def human_date(value: str | dt.date | None, month: str = "%B") -> str:
    """A date or an ISO date value as read: "24 December 2021", "December 2021", "week of
    ...". ``month``: how the month is written (``%b``: "Dec")."""
    if value is None or value == "":
        return "undated"
    if isinstance(value, dt.date):
        return f"{value.day} {value.strftime(f'{month} %Y')}"
    text = str(value)
    try:
        if len(text) == 10:
            return human_date(dt.date.fromisoformat(text), month)
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:7]), 1).strftime(f"{month} %Y")
        if "-W" in text:
            year, week = text.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            return f"week of {human_date(monday, month)}"
    except ValueError:
        return text
    return text


def figure_amount(figure: BriefFigure) -> str:
    """A figure's amount as the article writes it ("about 70,000", "$1.5 billion", "80.1
    percent"; a capital that only opened the sentence lowered), with the unit of a measure the words leave out ("about 30 miles"); what a
    count counts is its group's label."""
    amount = figure.amount
    # "More than 150,000" opened its sentence; in a list of figures it reads "more than 150,000".
    first = amount.split(" ", 1)[0]
    if first.isalpha() and first[1:].islower() and first[0].isupper() and figure.text.startswith(amount):
        amount = amount[0].lower() + amount[1:]
    if figure.category in ("distance", "energy") and not amount.lower().endswith(figure.unit.lower()):
        return f"{amount} {figure.unit}"
    return amount


def short_date(value: str | dt.date | None) -> str:
    """``human_date`` with the month abbreviated: "24 Dec 2021", "Dec 2021"."""
    return human_date(value, "%b")


def human_datetime(value: dt.datetime) -> str:
    """A generation timestamp as read, in UTC: "7 December 2026, 00:00 UTC"."""
    return value.astimezone(dt.UTC).strftime("%d %B %Y, %H:%M UTC").lstrip("0")


@functools.cache
def _opening_pronoun() -> re.Pattern[str]:
    """A text's opening person pronoun (``quotes.toml``'s list, which the analysis reads too)."""
    from briefing.analysis.quotes.words import load_quote_words

    words = "|".join(sorted(load_quote_words().person_pronouns))
    return re.compile(rf"^(\W*)({words})\b", re.IGNORECASE)


def with_referent(text: str, refers_to: str | None) -> str:
    """A passage shown without the sentence that names its subject says whom it means:
    "He [Antony Blinken] added that ...". The text is otherwise the article's own."""
    if not refers_to:
        return text
    return _opening_pronoun().sub(lambda m: f"{m.group(1)}{m.group(2)} [{refers_to}]", text, count=1)


_LINE_OPENER = re.compile(r"^[\s\-\u2013\u2014,;:]+")  # a dash of speech, or a comma left by a cut


def as_line(text: str) -> str:
    """A point as a line of the brief: without the dash that opens speech in translated text
    ("- We will not send soldiers ...") or a comma left where a clause was cut, its first
    letter a capital, and closed with a full stop where it stops on a word (the first clause
    of a cut sentence, a scraped line that lost its full stop). brief.json keeps the text as
    the analysis found it (the ordering reads those marks: ``compose.common.stands_alone``)."""
    text = _LINE_OPENER.sub("", text) or text
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text + "." if text[-1:].isalnum() else text


def heading_case(name: str) -> str:
    """A name opening a list entry or a heading, its first letter capital: "the White House"
    heads its entry as "The White House"; the rest stays as written."""
    return name[:1].upper() + name[1:]


FILTERS: dict[str, Callable[..., str]] = {
    "as_line": as_line,
    "heading_case": heading_case,
    "human_date": human_date,
    "with_referent": with_referent,
    "datetime": human_datetime,
    "figure_amount": figure_amount,
    "short_date": short_date,
    **ESCAPE_FILTERS,
}
