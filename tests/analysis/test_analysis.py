"""The analysis entry points: streaming, and the heap left as it was found."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from briefing.analysis import frozen_heap, iter_analyse
from briefing.analysis.themes import load_taxonomy
from briefing.config import Settings
from briefing.ingest import ingest


def test_the_heap_is_frozen_while_analysing_and_released_after(
    nlp, samples: Path, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    articles = ingest([samples], settings.ingest).articles
    assert gc.get_freeze_count() == 0
    stream = iter_analyse(articles, nlp, load_taxonomy())
    first = next(stream)
    assert gc.get_freeze_count() > 0  # the model and the articles: out of the collector's sight
    rest = list(stream)
    assert gc.get_freeze_count() == 0
    assert [first.article, *(r.article for r in rest)] == [a for a in articles if a.duplicate_of is None]


def test_an_abandoned_analysis_releases_the_heap(nlp, samples: Path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    stream = iter_analyse(ingest([samples], settings.ingest).articles, nlp, load_taxonomy())
    next(stream)
    stream.close()
    assert gc.get_freeze_count() == 0


def test_a_heap_frozen_by_the_caller_stays_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def _article_files(folder: Path, words: list[str]) -> list[Path]:
    paths = []
    for number, word in enumerate(words):
        path = folder / f"article-{number}.txt"
        path.write_text(
            f"Talks on {word} resume\n\nOfficials said on Monday that talks on {word} would resume in Geneva.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_only_the_first_zone_a_model_meets_keeps_its_strings(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.analysis
    from briefing.analysis.nlp import DEFAULT_MODEL, load_model

    monkeypatch.setattr(briefing.analysis, "ZONE", 1)
    nlp = load_model.__wrapped__(DEFAULT_MODEL)  # a model of its own: no zone met yet
    words = ["zorblattium", "quintexorite", "vellumbrax"]
    _article_files(tmp_path, words[:2])
    articles = ingest([tmp_path], settings.ingest).articles
    assert len(list(iter_analyse(articles, nlp, load_taxonomy()))) == 2
    # The first article was read outside a memory zone, so the tokenizer could learn its
    # words; the second one's strings went with its zone.
    assert [w in nlp.vocab.strings for w in words[:2]] == [True, False]

    later = tmp_path / "later"
    later.mkdir()
    (later / "article.txt").write_text(f"Talks on {words[2]} resume.\n", encoding="utf-8")
    assert len(list(iter_analyse(ingest([later], settings.ingest).articles, nlp, load_taxonomy()))) == 1
    assert words[2] not in nlp.vocab.strings  # a later call learns nothing more for good
