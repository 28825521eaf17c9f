"""Near-duplicate detection: MinHash + LSH banding gives the groups that comparing every
pair by exact Jaccard gives, deterministically, from stored signatures too."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from briefing.ingest import dedup
from briefing.ingest.dedup import (
    MISS,
    NUM_PERM,
    Signature,
    bands,
    containment,
    jaccard,
    mark_duplicates,
    same_story,
    shingles,
    signature,
)
from briefing.records import Article, Paragraph
from tests.conftest import ROOT

VOCABULARY = tuple(
    " ".join(
        [
            "minister talks border troops sanctions pipeline energy allies summit envoy Kyiv Moscow",
            "Brussels Geneva warned said agreed rejected announced denied spokesman officials diplomats",
            "security guarantees missiles exercises drills reserves convoy satellite images ceasefire",
            "monitors mission grain exports ports shipping insurance markets currency reserves banks",
            "export controls cyber attack websites hackers blamed intelligence report parliament vote",
            "motion opposition leader interview",
        ]
    ).split()
)


def story(rng: random.Random, words: int = 160) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)) + "."


def edited(rng: random.Random, text: str, changes: int) -> str:
    toks = text.split()
    for _ in range(changes):
        toks[rng.randrange(len(toks))] = rng.choice(VOCABULARY)
    return " ".join(toks)


def articles_of(texts: list[str]) -> list[Article]:
    return [
        Article(id=f"a{i}", path=f"p{i}.txt", raw_text="", paragraphs=[Paragraph(t, 0)])
        for i, t in enumerate(texts, start=1)
    ]


def brute_force(texts: list[str], threshold: float) -> list[str | None]:
    """The definition: groups are the transitive closure of pairs with Jaccard >= threshold;
    the longest text (then the earliest) stands for its group."""
    sets = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(texts)), 2):
        if jaccard(sets[i], sets[j]) >= threshold:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    out: list[str | None] = [None] * len(texts)
    for members in groups.values():
        if len(members) > 1:
            rep = max(members, key=lambda k: (len(texts[k]), -k))
            out = [f"a{rep + 1}" if k in members and k != rep else v for k, v in enumerate(out)]
    return out


def corpus(seed: int) -> list[str]:
    """Distinct stories, edited copies at every distance from the threshold, exact copies."""
    rng = random.Random(seed)
    bases = [story(rng, rng.randint(40, 200)) for _ in range(40)]
    texts = list(bases)
    for _ in range(80):
        base = rng.choice(bases)
        texts.append(edited(rng, base, rng.randint(0, len(base.split()) // 6)))
    texts.extend(rng.choice(bases) for _ in range(10))
    rng.shuffle(texts)
    return texts


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.9])
@pytest.mark.parametrize("seed", [1, 2])
def test_groups_are_those_of_comparing_every_pair(threshold: float, seed: int) -> None:
    texts = corpus(seed)
    expected = brute_force(texts, threshold)
    assert any(expected) and not all(expected)  # the corpus has both kinds
    articles = articles_of(texts)
    mark_duplicates(articles, threshold)
    assert [a.duplicate_of for a in articles] == expected


def test_long_runs_and_small_batches_give_the_same_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidate pairs are compared in batches, a long run's a row at a time: the groups
    are still those of comparing every pair."""
    monkeypatch.setattr(dedup, "LONG_RUN", 2)
    monkeypatch.setattr(dedup, "PAIRS_AT_ONCE", 3)
    texts = corpus(3)
    articles = articles_of(texts)
    mark_duplicates(articles, 0.5)
    assert [a.duplicate_of for a in articles] == brute_force(texts, 0.5)


def test_stored_signatures_give_the_same_groups_and_foreign_ones_are_recomputed() -> None:
    texts = corpus(3)
    first = articles_of(texts)
    signatures = mark_duplicates(first, 0.7)
    assert all(len(s) == dedup.SIGNATURE_BYTES for s in signatures)
    again = articles_of(texts)
    assert mark_duplicates(again, 0.7, signatures) == signatures
    mixed = [None if i % 3 == 0 else b"old format" if i % 3 == 1 else s for i, s in enumerate(signatures)]
    recomputed = articles_of(texts)
    assert mark_duplicates(recomputed, 0.7, mixed) == signatures
    assert [a.duplicate_of for a in again] == [a.duplicate_of for a in recomputed]
    assert [a.duplicate_of for a in again] == [a.duplicate_of for a in first]


def test_signatures_are_the_same_in_every_process() -> None:
    text = story(random.Random(7))
    code = (
        "import sys; from briefing.ingest.dedup import signature; "
        "print(signature(sys.stdin.read()).to_bytes().hex())"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env, cwd=ROOT
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == signature(text).to_bytes().hex()
    restored = Signature.from_bytes(signature(text).to_bytes())
    assert restored is not None and (restored.hashvalues == signature(text).hashvalues).all()


@pytest.mark.parametrize("threshold", [0.05, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0])
def test_bands_keep_a_pair_at_the_threshold(threshold: float) -> None:
    count, rows = bands(threshold)
    assert count >= 2 and count * rows <= NUM_PERM
    assert (1 - threshold**rows) ** count <= MISS or rows == 1


def test_many_copies_fold_without_comparing_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    text = story(rng)
    calls = []
    real = dedup.jaccard
    monkeypatch.setattr(dedup, "jaccard", lambda a, b: calls.append(1) or real(a, b))
    articles = articles_of([text] * 300 + [story(rng)])
    mark_duplicates(articles, 0.7)
    assert articles[0].duplicate_of is None
    assert {a.duplicate_of for a in articles[1:300]} == {"a1"} and articles[300].duplicate_of is None
    assert not calls


def test_texts_without_words_are_never_duplicates() -> None:
    articles = articles_of(["— … —", "— … —", "A short note."])
    mark_duplicates(articles, 0.7)
    assert [a.duplicate_of for a in articles] == [None, None, None]


def test_the_longest_version_stands_for_the_group() -> None:
    rng = random.Random(5)
    base = story(rng, 120)
    longer = base + " Officials added that talks would resume next week in Geneva."
    articles = articles_of([base, longer, base])
    mark_duplicates(articles, 0.7)
    assert [a.duplicate_of for a in articles] == ["a2", None, "a2"]


def test_minhash_estimates_the_jaccard_within_the_margin() -> None:
    texts = corpus(4)
    sets = [shingles(t) for t in texts]
    values = [signature(t).hashvalues for t in texts]
    errors = []
    for i, j in itertools.combinations(range(len(texts)), 2):
        exact = jaccard(sets[i], sets[j])
        if exact > 0.05:
            errors.append(np.count_nonzero(values[i] == values[j]) / NUM_PERM - exact)
    assert len(errors) > 100
    assert abs(float(np.mean(errors))) < 0.01  # unbiased
    assert max(abs(e) for e in errors) < dedup.MARGIN


def test_minhash_of_a_union_is_the_minimum_of_the_parts() -> None:
    rng = np.random.default_rng(3)
    left, right = (rng.integers(0, 2**63, size=3000, dtype=np.uint64) for _ in range(2))
    whole = dedup.minhash(np.concatenate([left, right]))  # longer than one chunk
    assert (whole == np.minimum(dedup.minhash(left), dedup.minhash(right))).all()
    assert whole.dtype == np.uint32 and len(whole) == NUM_PERM


def test_an_update_that_adds_to_a_story_is_the_same_story() -> None:
    """A later version (the first text with as much again added) has a Jaccard below the
    threshold; it is the same story only when the floor and containment admit updates."""
    rng = random.Random(11)
    first = story(rng, 200)
    update = first + " " + story(rng, 120)
    assert 0.5 <= jaccard(shingles(first), shingles(update)) < 0.7
    articles = articles_of([first, update])
    mark_duplicates(articles, 0.7)
    assert [a.duplicate_of for a in articles] == [None, None]
    mark_duplicates(articles, 0.7, floor=0.5, containment=0.8)
    assert [a.duplicate_of for a in articles] == ["a2", None]


def test_stories_sharing_background_stay_apart() -> None:
    """Two reports that share a background section but each add as much of their own: a
    merge would lose one of them, so they stay two stories."""
    rng = random.Random(12)
    background = story(rng, 150)
    one = story(rng, 60) + " " + background
    other = background + " " + story(rng, 60)
    a, b = shingles(one), shingles(other)
    assert jaccard(a, b) >= 0.5 and containment(a, b) < 0.8
    articles = articles_of([one, other])
    mark_duplicates(articles, 0.7, floor=0.5, containment=0.8)
    assert [a.duplicate_of for a in articles] == [None, None]


@pytest.mark.parametrize(
    ("floor", "inside", "expected"), [(0.5, 0.8, True), (0.7, 0.8, False), (0.5, 0.95, False)]
)
def test_same_story_needs_both_the_floor_and_the_containment(
    floor: float, inside: float, expected: bool
) -> None:
    small = {f"s{i}" for i in range(90)}
    large = small | {f"l{i}" for i in range(60)}
    small = small | {f"x{i}" for i in range(10)}  # Jaccard 90/160 = 0.56, containment 90/100
    assert same_story(small, large, 0.7, floor, inside) is expected
