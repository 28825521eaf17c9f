"""The analysis entry points: streaming, and the heap left as it was found."""

from __future__ import annotations

import gc
from pathlib import Path

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
