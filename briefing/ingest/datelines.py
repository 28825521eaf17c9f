"""The dateline opening a paragraph ("WASHINGTON (AP) — "): where the story was filed and
the agency it is credited to. One pattern (``outlets.toml``'s ``[dateline]``) for every
stage that reads one: the speakers (never the place), corroboration (the agency) and the key
points (which drop it)."""

from __future__ import annotations

import functools
import re

from briefing.ingest.values import outlets_data


@functools.cache
def _pattern() -> re.Pattern[str]:
    return re.compile(outlets_data()["dateline"]["pattern"])


def dateline(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The dateline opening ``text`` at ``pos`` (before ``endpos``), dash and space included;
    ``match["agency"]`` is the agency credited, if any."""
    m = _pattern().match(text, pos, len(text) if endpos is None else endpos)
    if m is None or sum(c.isupper() for c in text[pos : m.end()]) < 2:
        return None
    return m
