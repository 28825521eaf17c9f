"""Exact and near-duplicate articles: the same wire story on several sites."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.ingest.clean import words
from briefing.records import Article

SHINGLE = 5


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    toks = [w.lower() for w in words(text)]
    if len(toks) < size:
        return {hash(" ".join(toks))} if toks else set()
    return {hash(" ".join(toks[i : i + size])) for i in range(len(toks) - size + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def mark_duplicates(articles: Sequence[Article], threshold: float) -> None:
    """Set ``duplicate_of`` on every article whose text is a (near) copy of another.

    The representative of a group is its longest text (ties: earliest input), so
    the brief analyses the fullest version and cites every outlet that ran it.
    Pairwise comparison is fine for the hundreds of articles a brief holds.
    """
    sets = [shingles(a.text) for a in articles]
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Identical texts first (one pass), so a folder of many copies costs no pairwise work;
    # then pairs among the distinct texts.
    first_of: dict[frozenset[int], int] = {}
    distinct: list[int] = []
    for i, shingle_set in enumerate(sets):
        key = frozenset(shingle_set)
        if key in first_of and shingle_set:
            parent[find(i)] = find(first_of[key])
        else:
            first_of.setdefault(key, i)
            distinct.append(i)
    for a, i in enumerate(distinct):
        for j in distinct[a + 1 :]:
            if jaccard(sets[i], sets[j]) >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        rep = max(members, key=lambda k: (len(articles[k].text), -k))
        for k in members:
            articles[k].duplicate_of = None if k == rep else articles[rep].id
