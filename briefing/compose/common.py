"""Helpers shared by the composition steps: word overlap and article-id lists."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from briefing.analysis.standalone import standalone_words
from briefing.records import Article, BriefDevelopment

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def words_of(text: str) -> frozenset[str]:
    """The text's words (interned: the word sets merging keeps share their strings)."""
    return frozenset(map(sys.intern, tokens(text)))


# A small cache: merging keeps the word sets of the items it holds itself, so this serves the
# few repeated comparisons elsewhere (selections of quotes and summary lines), and its memory
# does not grow with the corpus.
word_set = functools.lru_cache(maxsize=4096)(words_of)


def overlap_words(ta: frozenset[str], tb: frozenset[str]) -> float:
    """``overlap`` of two word sets."""
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    return overlap_words(word_set(a), word_set(b))


REPEATS = 0.8  # word overlap from which a development shown would repeat one shown before


def distinct(
    ranked: Iterable[BriefDevelopment],
    limit: int,
    related: Callable[[BriefDevelopment, BriefDevelopment], bool] = lambda _a, _b: True,
) -> list[BriefDevelopment]:
    """The first ``limit`` of ``ranked`` that do not repeat one taken before them (most of
    their words: ``REPEATS``; only where ``related`` holds, such as a shared source)."""
    chosen: list[BriefDevelopment] = []
    for d in ranked:
        if len(chosen) >= limit:
            break
        if not any(related(d, c) and overlap(d.text, c.text) >= REPEATS for c in chosen):
            chosen.append(d)
    return chosen


_LINES = standalone_words()
_PERSONAL = _LINES.personal
_LEANING = _LINES.leaning
_POINTING = _LINES.pointing
_CUT = _LINES.cut
_OPENINGS = tuple(f"{phrase} " for phrase in _LINES.leaning_openings)
MIN_WORDS = 7
_LETTERS = re.compile(r"[^\W\d_]+")


def stands_alone(text: str) -> bool:
    """A line that reads on its own and says what happened: long enough, not leaning on the
    sentence before it ("But they misread ...", "Moscow has denied these accusations"), not
    a question, not in the first or second person (what someone says, "We will defend our
    land on February 16"), not a piece cut from a longer sentence (", a key partner of
    Russia, ...", "To draft a package ..."), not dated by an event told before ("The day
    before, ...")."""
    words = tokens(text)
    if len(words) < MIN_WORDS or words[0] in _LEANING or text.rstrip(" ”\"'’").endswith("?"):
        return False
    if text.lstrip()[:1] in _CUT or words[0] == "to":
        return False  # cut from a longer sentence: ", a key partner of ...", "To draft a package ..."
    if _POINTING.intersection(words[:6]) or " ".join(words[:4]).startswith(_OPENINGS):
        return False  # "Moscow has denied these accusations", "The day before, Sullivan said ..."
    # "US" (the country) is not "us": a capitalised abbreviation is not a pronoun.
    return not any(
        w.lower() in _PERSONAL and not (len(w) > 1 and w.isupper()) for w in _LETTERS.findall(text)
    )


def cluster_ids(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Representative id -> itself and every duplicate it stands for."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        groups[a.duplicate_of or a.id].append(a.id)
    return groups


@functools.lru_cache(maxsize=65536)
def id_key(article_id: str) -> int:
    """An article id's number, for article order ("a2" before "a10")."""
    return int(article_id[1:]) if article_id[1:].isdigit() else 0


class IdList:
    """The article ids merged into one item, each once, in article order (a1, a2, ..., a10):
    merged incrementally, so an item cited by many articles costs each merge the new ids
    only, not the whole list.

    Articles are merged in their order, so ids mostly arrive in increasing order: then the
    list is its own index (a new id comes after the last, an older one is found by
    bisection) and no set is kept; the first id out of order switches to a set."""

    __slots__ = ("_ids", "_last", "_seen")

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._ids: list[str] = []
        self._seen: set[str] | None = None  # only once out of order
        self._last = -1
        self.add(ids)

    def add(self, ids: Iterable[str]) -> None:
        for i in ids:
            key = id_key(i)
            if self._seen is None:
                if key > self._last:
                    self._ids.append(i)
                    self._last = key
                    continue
                ids_ = self._ids
                pos = bisect.bisect_left(ids_, key, key=id_key)
                while pos < len(ids_) and id_key(ids_[pos]) == key:
                    if ids_[pos] == i:
                        break
                    pos += 1
                else:  # not there: out of order from now on
                    self._seen = set(ids_)
                    self._seen.add(i)
                    ids_.append(i)
                continue
            if i not in self._seen:
                self._seen.add(i)
                self._ids.append(i)

    @classmethod
    def ordered(cls, ids: Sequence[str]) -> IdList:
        """``IdList(ids)``, taken whole when the ids are in increasing order (as ``ids()``
        gives them back: a saved merge's lists), instead of id by id."""
        keys = list(map(id_key, ids))
        if not all(a < b for a, b in itertools.pairwise(keys)):
            return cls(ids)
        made = cls()
        made._ids = list(ids)
        made._last = keys[-1] if keys else -1
        return made

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self) -> list[str]:
        """In article order (ids with the same number keep the order they came in)."""
        if self._seen is not None:
            return sorted(self._ids, key=id_key)  # stable
        return list(self._ids)


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

    Prefix filtering: order each item's words rarest first; if two sets share ``k`` of the
    smaller one's ``n`` words, the smaller one's first ``n - k + 1`` words include a shared
    one. Any fixed order of the words gives that guarantee; rarity only keeps the lists short.
    Word frequencies come from ``texts`` (the texts that will be added or looked up, when
    known in advance) and from ``observe`` (texts as they stream in): when the texts observed
    since the order was fixed outnumber those before, the order is fixed again from the new
    counts and every item re-indexed (so re-indexing costs O(n log n) overall).

    A lookup returns a superset of the items reaching the threshold, in the order they were
    added; the caller still applies its exact test, so results are those of comparing
    against every item."""

    REINDEX_MIN = 64  # texts observed before the order is first re-fixed

    def __init__(self, threshold: float, texts: Iterable[str] = ()) -> None:
        self.threshold = threshold
        self._df: Counter[str] = Counter()
        self._observed = 0
        for text in texts:
            self.observe(text)
        self._items: list[frozenset[str]] = []
        self._all: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[int]] = defaultdict(list)
        self._fix_order()

    def observe(self, text: str | frozenset[str]) -> None:
        """Count a text's words (a text that will be added or looked up)."""
        self._df.update(words_of(text) if isinstance(text, str) else text)
        self._observed += 1

    def words(self, number: int) -> frozenset[str]:
        """The words of an item added."""
        return self._items[number]

    def _fix_order(self) -> None:
        self._order = dict(self._df)
        self._fixed_at = self._observed
        self._prefix = defaultdict(list)
        for number, words in enumerate(self._items):
            for w in self._prefix_of(words):
                self._prefix[w].append(number)

    def _check_order(self) -> None:
        if self._observed >= 2 * max(self._fixed_at, self.REINDEX_MIN // 2):
            self._fix_order()

    def _prefix_of(self, words: frozenset[str]) -> list[str]:
        order = self._order
        ordered = sorted(words, key=lambda w: (order.get(w, 0), w))
        return ordered[: len(words) - _least_shared(self.threshold, len(words)) + 1]

    def add(self, text: str | frozenset[str]) -> int:
        """Index an item's text (or its words); returns its number (0, 1, ...)."""
        self._check_order()
        number = len(self._items)
        words = words_of(text) if isinstance(text, str) else text
        self._items.append(words)
        for w in words:
            self._all[w].append(number)
        for w in self._prefix_of(words):
            self._prefix[w].append(number)
        return number

    def candidates(self, text: str | frozenset[str]) -> list[int]:
        """Numbers of the items that may overlap ``text`` (or these words) enough, in the order added."""
        words = words_of(text) if isinstance(text, str) else text
        if not words:
            return []
        self._check_order()
        found: set[int] = set()
        for w in self._prefix_of(words):
            found.update(self._all.get(w, ()))
        for w in words:
            found.update(self._prefix.get(w, ()))
        return sorted(found)
