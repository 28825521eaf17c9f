"""Helpers shared by the composition steps: word overlap and article-id lists."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from briefing.records import Article

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def cluster_ids(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Representative id -> itself and every duplicate it stands for."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        groups[a.duplicate_of or a.id].append(a.id)
    return groups


def merge_ids(*lists: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for ids in lists:
        for i in ids:
            seen.setdefault(i, None)
    return sorted(seen, key=lambda x: int(x[1:]) if x[1:].isdigit() else 0)


def recency(dates: Iterable[dt.date | None]) -> float:
    known = [d for d in dates if d]
    return max(d.toordinal() for d in known) / 1e6 if known else 0.0
