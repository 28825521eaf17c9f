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


def test_a_models_first_articles_keep_their_strings_over_one_call_or_many(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.analysis
    from briefing.analysis.nlp import DEFAULT_MODEL, load_model

    monkeypatch.setattr(briefing.analysis, "ZONE", 3)
    nlp = load_model.__wrapped__(DEFAULT_MODEL)  # a model of its own: no article met yet
    words = ["zorblattium", "quintexorite", "vellumbrax", "dornquistel", "plimsavorn"]
    taxonomy = load_taxonomy()
    for number, call in enumerate([words[:2], words[2:4], words[4:]]):
        folder = tmp_path / str(number)
        folder.mkdir()
        _article_files(folder, call)
        articles = ingest([folder], settings.ingest).articles
        assert len(list(iter_analyse(articles, nlp, taxonomy))) == len(call)
    # The first two calls (four articles: the second began below ZONE) were read outside a
    # memory zone, so the tokenizer could learn their words; the third call's strings went
    # with its zone.
    assert [w in nlp.vocab.strings for w in words] == [True, True, True, True, False]
