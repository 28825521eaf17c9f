"""Exact and near-duplicate articles: the same wire story on several sites.

Two articles are near-duplicates when the Jaccard similarity of their sets of word
5-grams ("shingles") is at least ``ingest.near_duplicate_threshold``; near-duplicates
fold into one group (transitively), analysed once and cited for every outlet. An
update or rewrite of a story (an outlet's later version, a copy with paragraphs added or
cut) is one too when its Jaccard similarity is only at least ``floor`` but at least
``containment`` of the shorter text's shingles occur in the longer one.

Comparing every pair is quadratic, so each article gets a small signature instead: a
digest of its shingle set (identical sets group at once) and a MinHash of it (NUM_PERM
fixed hash functions). LSH banding over the MinHashes (a sort per band over all the
signatures) proposes candidate pairs; the bands are
chosen so that a pair exactly at the threshold fails to become a candidate with
probability at most ``MISS`` (less above it). A candidate whose MinHash estimate is far
below the threshold is dropped; the others are confirmed with the exact Jaccard of the
two shingle sets, recomputed for those two articles only, so the threshold means what it
says. Signatures are bytes, stable across processes, and kept in the store so a nightly
build computes them for new articles only.

Why not datasketch: its MinHashLSH keeps a Python set per bucket, per band and article
(about 16 KB an article at 51 bands: +80 MB at 5,000 articles), where a batch job that
knows every signature up front needs one sort per band; and importing it imports SciPy
(for the LSH parameter search), +40 MB and 0.3-0.5 s in every build, for a MinHash that
is a few lines of numpy here (which also bounds the memory a long text needs).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.ingest.clean import words
from briefing.records import Article

SHINGLE = 5
NUM_PERM = 256
SEED = 1
MISS = 1e-4  # the most probability that a pair exactly at the threshold is never compared
# A candidate whose MinHash estimate is this far below the threshold is not verified:
# the estimate's standard deviation is at most 0.5 / sqrt(NUM_PERM) = 0.031, so a pair at
# the threshold falls that low with a probability of about 1e-6.
MARGIN = 0.15
# Identifies how a signature was made; bump it when the shingles, their hashing or the
# MinHash parameters change, so stored signatures are recomputed rather than misread.
TAG = b"BRD2"
_DIGEST = 16
SIGNATURE_BYTES = len(TAG) + _DIGEST + 4 * NUM_PERM


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The text's word ``size``-grams, lower-cased (a short text is one shingle)."""
    toks = [w.lower() for w in words(text)]
    if len(toks) < size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set's elements that the other holds."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def same_story(a: set[str], b: set[str], threshold: float, floor: float, inside: float) -> bool:
    """Near-duplicates: Jaccard at least ``threshold``, or at least ``floor`` with at least
    ``inside`` of the smaller set in the larger one."""
    if not a or not b:
        return False
    shared = len(a & b)  # (once for both measures: the sets hold thousands of shingles)
    similarity = shared / (len(a) + len(b) - shared)
    return similarity >= threshold or (similarity >= floor and shared / min(len(a), len(b)) >= inside)


@functools.cache
def _hash_functions() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM (multiplier, increment) pairs: h_k(x) = top 32 bits of (a_k x + b_k) mod 2**64
    (multiply-add-shift, a 2-universal family; a_k odd). Derived from SEED with blake2b, so
    they are the same on every machine and with every numpy version."""
    multipliers = np.empty(NUM_PERM, dtype=np.uint64)
    increments = np.empty(NUM_PERM, dtype=np.uint64)
    for k in range(NUM_PERM):
        raw = hashlib.blake2b(f"minhash {SEED} {k}".encode(), digest_size=16).digest()
        multipliers[k] = int.from_bytes(raw[:8], "little") | 1
        increments[k] = int.from_bytes(raw[8:], "little")
    return multipliers, increments


_CHUNK = 2048  # shingles hashed at a time: a (chunk x NUM_PERM) block, 4 MB


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The MinHash (NUM_PERM uint32) of a set given as 64-bit hashes of its elements."""
    multipliers, increments = _hash_functions()
    out = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    shift = np.uint64(32)
    for start in range(0, len(hashes), _CHUNK):
        block = hashes[start : start + _CHUNK, None] * multipliers + increments  # wraps mod 2**64
        out = np.minimum(out, (block >> shift).min(axis=0).astype(np.uint32))
    return out


@functools.lru_cache(maxsize=1 << 15)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: combining the words of a shingle loses nothing


@dataclass(frozen=True)
class Signature:
    """What dedup keeps of an article: a digest of its shingle set and its MinHash."""

    exact: bytes  # digest of the sorted shingles; empty when the text has no words
    hashvalues: np.ndarray  # NUM_PERM uint32

    def to_bytes(self) -> bytes:
        return TAG + self.exact.ljust(_DIGEST, b"\0") + self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Signature | None:
        """The signature, or None if ``data`` was made another way (it is then recomputed)."""
        if data is None or len(data) != SIGNATURE_BYTES or not data.startswith(TAG):
            return None
        exact = data[len(TAG) : len(TAG) + _DIGEST]
        values = np.frombuffer(data, dtype="<u4", offset=len(TAG) + _DIGEST).astype(np.uint32)
        return cls(b"" if exact == bytes(_DIGEST) else exact, values)


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """64-bit hashes of the text's shingles (as ``shingles`` makes them), sorted, unique.

    Each word is hashed once (blake2b, so the same in every process) and a shingle's hash
    combines its words' hashes polynomially, which numpy does for all shingles at once.
    """
    toks = [w.lower() for w in words(text)]
    if not toks:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter((_word_hash(t) for t in toks), dtype=np.uint64, count=len(toks))
    size = min(size, len(toks))
    count = len(toks) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    for k in range(size):
        combined = combined * _MULTIPLIER + hashes[k : k + count]  # wraps modulo 2**64
    return np.unique(combined)


def signature(text: str) -> Signature:
    hashes = shingle_hashes(text)
    if not len(hashes):
        return Signature(b"", np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32))
    digest = hashlib.blake2b(hashes.astype("<u8").tobytes(), digest_size=_DIGEST).digest()
    return Signature(digest, minhash(hashes))


@functools.cache
def bands(threshold: float) -> tuple[int, int]:
    """LSH (bands, rows per band): the most rows (fewest chance candidates) for which a
    pair at ``threshold`` shares no band with probability at most ``MISS``."""
    best = (NUM_PERM, 1)
    for rows in range(1, NUM_PERM // 2 + 1):
        count = NUM_PERM // rows
        if (1.0 - threshold**rows) ** count <= MISS:
            best = (count, rows)
    return best


def _band_runs(values: np.ndarray, band: int, rows: int) -> Iterator[np.ndarray]:
    """Groups (row indexes of ``values``, two or more, ascending) whose MinHashes agree on one
    band."""
    block = values[:, band * rows : (band + 1) * rows].astype(np.uint64)
    keys = np.zeros(len(values), dtype=np.uint64)
    for k in range(rows):  # one 64-bit key per band; a rare collision is only a candidate more
        keys = keys * _MULTIPLIER + block[:, k]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.append(starts[1:], len(ordered))
    for at in np.flatnonzero(ends - starts >= 2):
        yield order[starts[at] : ends[at]]


def mark_duplicates(
    articles: Sequence[Article],
    threshold: float,
    signatures: Sequence[bytes | None] | None = None,
    floor: float | None = None,
    containment: float = 1.0,
) -> list[bytes]:
    """Set ``duplicate_of`` on every article whose text is a (near) copy of another.

    The representative of a group is its longest text (ties: earliest input), so the
    brief analyses the fullest version and cites every outlet that ran it. ``signatures``
    (aligned with ``articles``; None or unusable entries are computed) come from the
    store; the signatures of all the articles are returned, to be stored. ``floor``
    (None: the threshold) and ``containment`` admit updates and rewrites (``same_story``).

    The banding runs over all the signatures at once (numpy: a sort per band), so the
    index costs a few bytes per article rather than a bucket per article and band.
    """
    known = list(signatures) if signatures is not None else [None] * len(articles)
    sigs: list[Signature] = []
    for article, data in zip(articles, known, strict=True):
        sig = Signature.from_bytes(data)
        sigs.append(sig if sig is not None else signature(article.text))
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Identical shingle sets group at once; only the first of each is compared further.
    first_of: dict[bytes, int] = {}
    for i, sig in enumerate(sigs):
        if not sig.exact:
            continue  # no words: like nothing (Jaccard 0)
        if sig.exact in first_of:
            parent[find(i)] = find(first_of[sig.exact])
        else:
            first_of[sig.exact] = i
    distinct = np.array(sorted(first_of.values()), dtype=np.int64)
    if len(distinct) > 1:
        low = threshold if floor is None else min(floor, threshold)
        _fold_similar(articles, sigs, distinct, (threshold, low, containment), find, parent)

    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        rep = max(members, key=lambda k: (len(articles[k].text), -k))
        for k in members:
            articles[k].duplicate_of = None if k == rep else articles[rep].id
    return [sig.to_bytes() for sig in sigs]


def _fold_similar(
    articles: Sequence[Article],
    sigs: Sequence[Signature],
    distinct: np.ndarray,
    limits: tuple[float, float, float],
    find: Callable[[int], int],
    parent: list[int],
) -> None:
    """Join (in ``parent``) the candidate pairs among ``distinct`` that are the same story
    (``same_story`` with ``limits``: threshold, floor, containment; candidates are banded
    for the floor)."""
    low = limits[1]
    values = np.stack([sigs[i].hashvalues for i in distinct])
    count, rows = bands(low)
    floor = low - MARGIN
    rejected: set[tuple[int, int]] = set()  # failed the exact check (rare: close calls)

    @functools.lru_cache(maxsize=64)
    def shingles_of(i: int) -> set[str]:
        return shingles(articles[i].text)

    for band in range(count):
        for a, b in _close_pairs(values, _band_pairs(values, band, rows), floor):
            i, j = int(distinct[a]), int(distinct[b])
            if find(i) == find(j) or (i, j) in rejected:
                continue
            if same_story(shingles_of(i), shingles_of(j), *limits):
                parent[find(j)] = find(i)
            else:
                rejected.add((i, j))


PAIRS_AT_ONCE = 4096  # candidate pairs whose MinHashes are compared in one array (1 MB)
LONG_RUN = 512  # a run longer than this gives its pairs a row at a time


@functools.lru_cache(maxsize=8)  # (a run of 512 holds 2 MB of pairs)
def _pairs_of(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (first, second) of positions in a run of ``size``, first < second, in
    ``itertools.combinations``' order."""
    first, second = np.triu_indices(size, 1)
    return first.astype(np.int64), second.astype(np.int64)


def _band_pairs(values: np.ndarray, band: int, rows: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The candidate pairs of one band, run by run: (rows a, rows b), a < b, each run's
    pairs in ``itertools.combinations`` order of its sorted rows. A long run (many texts
    alike on one band) is given a row at a time, so its pairs are never all held at once."""
    for run in _band_runs(values, band, rows):
        members = run  # ascending: a stable sort's run of equal keys
        if len(members) <= LONG_RUN:
            first, second = _pairs_of(len(members))
            yield members[first], members[second]
            continue
        for at in range(len(members) - 1):
            rest = members[at + 1 :]
            yield np.full(len(rest), members[at], dtype=members.dtype), rest


def _close_pairs(
    values: np.ndarray, pairs: Iterator[tuple[np.ndarray, np.ndarray]], floor: float
) -> Iterator[tuple[int, int]]:
    """The pairs, in order, whose MinHashes agree on at least ``floor`` of their values: the
    others cannot be near-duplicates (see ``MARGIN``). The comparison runs over a few
    thousand pairs at a time in numpy; synthetic or templated text makes hundreds of
    thousands of chance candidates at a floor of 0.5, of which a handful pass."""
    least = floor * NUM_PERM
    for first, second in _batched(pairs):
        agree = np.count_nonzero(values[first] == values[second], axis=1)
        for at in np.flatnonzero(agree >= least).tolist():
            yield int(first[at]), int(second[at])


def _batched(pairs: Iterator[tuple[np.ndarray, np.ndarray]]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The pairs, in order, as arrays of at most ``PAIRS_AT_ONCE``."""
    held_a: list[np.ndarray] = []
    held_b: list[np.ndarray] = []
    held = 0
    for a, b in pairs:
        held_a.append(a)
        held_b.append(b)
        held += len(a)
        if held >= PAIRS_AT_ONCE:
            first, second = np.concatenate(held_a), np.concatenate(held_b)
            for start in range(0, len(first), PAIRS_AT_ONCE):
                yield first[start : start + PAIRS_AT_ONCE], second[start : start + PAIRS_AT_ONCE]
            held_a, held_b, held = [], [], 0
    if held:
        yield np.concatenate(held_a), np.concatenate(held_b)
