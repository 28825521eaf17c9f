"""Corroboration: how many outlets report an item on their own.

An item (a development, theme point, quote, key point or key figure) cites articles; its
``independent_sources`` counts the distinct origins among them. Articles share an origin
when ingest folded them into one story (near-duplicate texts, ``briefing/ingest/dedup.py``),
when they come from the same outlet, or when they are credited to the same news agency
(the outlet or byline names it, or a dateline opens the text: "KYIV (Reuters) -"), the
agencies being listed in ``briefing/data/outlets.toml`` (``[wires]``). So two sites running
one wire story are one source, and an article of unknown outlet is a source of its own.

This says how many outlets report a claim on their own, not whether it is true.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from briefing.ingest.datelines import dateline
from briefing.ingest.values import outlets_data
from briefing.records import Article


@functools.lru_cache(maxsize=1)
def wires() -> dict[str, str]:
    """Credit (lower case) -> the news agency's name."""
    return {
        credit.lower(): name
        for name, credits in outlets_data().get("wires", {}).items()
        for credit in credits
    }


def _alternatives(words: list[str]) -> str:
    """A regular expression matching any of the words (a word whole) or marks."""
    return "|".join(rf"\b{re.escape(w)}\b" if w.isalpha() else re.escape(w) for w in words)


@functools.lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where an outlet or byline field separates two credits, and the word opening a credit
    ("By ...", "Source: ..."): outlets.toml's [credits]."""
    data = outlets_data()["credits"]
    split = re.compile(rf"\s*(?:{_alternatives(data['separators'])})\s*", re.I)
    opener = re.compile(rf"^(?:{_alternatives(sorted(data['openers'], key=len, reverse=True))})\s+", re.I)
    return split, opener


def credited_wire(article: Article) -> str | None:
    """The news agency an article is credited to, the first its outlet, byline or dateline
    names ("Reuters, PAP": Reuters), if any."""
    known = wires()
    split, opener = _credit_patterns()
    for field in (article.outlet, article.author):
        for part in split.split(field or ""):
            name = known.get(opener.sub("", part.strip().strip(".")).lower())
            if name:
                return name
    if (m := dateline(article.lead)) and m["agency"]:
        return known.get(m["agency"].strip().lower())
    return None


class Corroboration:
    """Each article's origin, as a component of articles sharing a story, an outlet or an
    agency; ``count(ids)`` is the number of distinct origins among an item's articles."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._parent: dict[str, str] = {}
        for a in articles:
            story = f"story:{a.duplicate_of or a.id}"
            self._union(f"article:{a.id}", story)
            wire = credited_wire(a)
            outlet = (a.outlet or "").strip().lower()
            if wire or outlet:
                self._union(story, f"wire:{wire}" if wire else f"outlet:{outlet}")

    def _find(self, key: str) -> str:
        parent = self._parent.setdefault(key, key)
        while parent != key:
            grand = self._parent.setdefault(parent, parent)
            self._parent[key] = grand
            key, parent = parent, grand
        return key

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def origin(self, article_id: str) -> str:
        return self._find(f"article:{article_id}")

    def count(self, ids: Iterable[str]) -> int:
        """The number of independent sources among an item's articles."""
        return len({self.origin(i) for i in ids})
