"""Metadata values as an article keeps them: a date from a date line, a metadata field or a
table cell, and an outlet's name from a source line, a web address or a domain
(``briefing/data/outlets.toml``'s known domains)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from importlib import resources
from typing import Any

from dateutil import parser as dateparser

_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_TIME_TAIL = re.compile(r"\s*(,|at|@)?\s*\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,5})?\b.*$", re.I)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.I)


@functools.cache
def outlets_data() -> dict[str, Any]:
    """``briefing/data/outlets.toml`` as read, once: domains, wires, credits, the dateline."""
    return tomllib.loads(resources.files("briefing.data").joinpath("outlets.toml").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Known domain (lower case) -> the outlet's usual name (``outlets.toml``'s [domains])."""
    return {k.lower(): v for k, v in outlets_data().get("domains", {}).items()}


def parse_date(value: str, fuzzy: bool = True) -> dt.date | None:
    """A calendar date from a date line or metadata value; None unless it names a year.

    ``fuzzy=False`` refuses a value with words besides the date's (a table's date cell:
    a title there that happens to hold a year is not a date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not _YEAR.search(text) or len(text) > 80:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    text = _ORDINAL.sub(r"\1", _TIME_TAIL.sub("", text))
    try:
        parsed = dateparser.parse(text, fuzzy=fuzzy, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    if parsed is None or parsed.year < 1800:
        return None
    return parsed.date()


def url_domain(value: str) -> str:
    """The host a web address or bare domain names, lower case, without its scheme, "www.",
    port or path: "https://www.bbc.co.uk:443/news" gives "bbc.co.uk"."""
    return re.sub(r"^(https?://)?(www\.)?", "", value.lower()).split("/")[0].split(":")[0]


def outlet_from(value: str) -> str:
    """A source line's value as an outlet name: known domains get their usual name."""
    value = value.strip().strip(".")
    domain = url_domain(value)
    names = outlet_names()
    if domain in names:
        return names[domain]
    parts = domain.split(".")
    for i in range(1, len(parts) - 1):  # a subdomain of a known site
        if ".".join(parts[i:]) in names:
            return names[".".join(parts[i:])]
    return value
