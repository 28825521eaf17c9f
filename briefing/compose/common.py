"""Helpers shared by the composition steps: word overlap and article-id lists."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from briefing.records import Article

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


@functools.lru_cache(maxsize=65536)
def word_set(text: str) -> frozenset[str]:
    """The text's words (cached: merging compares the same texts many times)."""
    return frozenset(tokens(text))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    ta, tb = word_set(a), word_set(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def cluster_ids(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Representative id -> itself and every duplicate it stands for."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        groups[a.duplicate_of or a.id].append(a.id)
    return groups


@functools.lru_cache(maxsize=65536)
def _id_key(article_id: str) -> int:
    return int(article_id[1:]) if article_id[1:].isdigit() else 0


def merge_ids(*lists: Iterable[str]) -> list[str]:
    """The ids of all lists, each once, in article order (a1, a2, ..., a10)."""
    out: list[str] = []
    seen: set[str] = set()
    ordered, last = True, -1
    for ids in lists:
        for i in ids:
            if i in seen:
                continue
            seen.add(i)
            key = _id_key(i)
            if key >= last:
                last = key
            else:
                ordered = False
            out.append(i)
    return out if ordered else sorted(out, key=_id_key)  # sorting is stable, as before


def recency(dates: Iterable[dt.date | None]) -> float:
    known = [d for d in dates if d]
    return max(d.toordinal() for d in known) / 1e6 if known else 0.0


def _least_shared(threshold: float, size: int) -> int:
    """The fewest shared words that reach ``threshold`` of a set of ``size`` words (as ``overlap`` computes)."""
    k = max(1, math.ceil(threshold * size))
    while k > 1 and (k - 1) / size >= threshold:
        k -= 1
    while k <= size and k / size < threshold:
        k += 1
    return k


class OverlapIndex:
    """The items whose words could overlap a text's by at least ``threshold`` (see ``overlap``),
    without comparing the text against every item.

    Prefix filtering: order each item's words rarest first (frequencies from ``texts``, the
    texts that will be added or looked up); if two sets share ``k`` of the smaller one's ``n``
    words, the smaller one's first ``n - k + 1`` words include a shared one. A lookup returns
    a superset of the items reaching the threshold, in the order they were added; the caller
    still applies its exact test, so results are those of comparing against every item."""

    def __init__(self, threshold: float, texts: Iterable[str] = ()) -> None:
        self.threshold = threshold
        self._df: Counter[str] = Counter()
        for text in texts:
            self._df.update(set(tokens(text)))
        self._all: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[int]] = defaultdict(list)
        self._count = 0

    def _prefix_of(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda w: (self._df[w], w))
        return ordered[: len(words) - _least_shared(self.threshold, len(words)) + 1]

    def add(self, text: str) -> int:
        """Index an item's text; returns its number (0, 1, ...)."""
        number = self._count
        self._count += 1
        words = word_set(text)
        for w in words:
            self._all[w].append(number)
        for w in self._prefix_of(words):
            self._prefix[w].append(number)
        return number

    def candidates(self, text: str) -> list[int]:
        """Numbers of the items that may overlap ``text`` enough, in the order added."""
        words = word_set(text)
        if not words:
            return []
        found: set[int] = set()
        for w in self._prefix_of(words):
            found.update(self._all.get(w, ()))
        for w in words:
            found.update(self._prefix.get(w, ()))
        return sorted(found)
