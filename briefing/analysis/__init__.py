"""Analysis: spaCy over every article, then quotes, dates, developments, themes and figures.

    nlp.pipe(article texts) -> per Doc: find_quotes, find_timexes (anchored on the
    article's published date), find_developments, place (themes), find_figures (key
    figures, dated by the timexes), entity counts, reported_after (events told after the
    stamped date).

Near-duplicate articles are analysed once, through their representative.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from briefing.analysis.developments import find_developments
from briefing.analysis.doccache import doc_text, entities, know_text
from briefing.analysis.figures import find_figures
from briefing.analysis.quotes import date_quotes, find_quotes
from briefing.analysis.stamp import reported_after
from briefing.analysis.themes import Taxonomy, learn_examples, place
from briefing.analysis.timex import find_timexes
from briefing.records import Article, ArticleAnalysis

log = logging.getLogger(__name__)

_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def heading_spans(article: Article) -> list[tuple[int, int]]:
    """Spans of headings in the clean text: not sentences to report, theme or date."""
    return [(s, e) for s, e, p in article.paragraph_spans() if p.kind == "heading"]


def analyse_doc(article: Article, doc: Doc, taxonomy: Taxonomy, min_score: float) -> ArticleAnalysis:
    know_text(doc, article.text)
    skip = heading_spans(article)
    timexes = find_timexes(doc, article.published)
    quotes = find_quotes(doc)
    return ArticleAnalysis(
        article=article,
        placements=place(doc, taxonomy, min_score, skip, quotes),
        quotes=date_quotes(quotes, timexes, doc_text(doc)),
        timexes=timexes,
        developments=find_developments(doc, timexes, skip),
        figures=find_figures(doc, timexes, article.published, skip),
        entities=dict(Counter(e.text for e in entities(doc) if e.label_ in _ENTITY_LABELS)),
        after_stamp=reported_after(doc, timexes, article.published),
    )


ZONE = 256  # articles per memory zone: the string store's transient growth stays bounded

# Per model, how many articles it has analysed outside a memory zone (see _zone).
_unzoned: weakref.WeakKeyDictionary[Language, int] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects that exist now (the model, the taxonomy, the articles: about a
    hundred thousand) out of the garbage collector's sight until the block ends. They live
    through the analysis anyway, and each full collection would walk them all again: a few
    per cent of the analysis time. Does nothing when the heap is already frozen (by a caller)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def iter_analyse(
    articles: Sequence[Article],
    nlp: Language,
    taxonomy: Taxonomy,
    min_score: float = 1.0,
    batch_size: int = 32,
) -> Iterator[ArticleAnalysis]:
    """The analyses of the articles that stand for themselves, one at a time, in order.

    Streams: each Doc is dropped once its records are made, and the strings spaCy interns
    for it are released with its memory zone, so memory does not grow with the corpus (the
    first articles a model meets are kept: see ``_zone``)."""
    own = [a for a in articles if a.duplicate_of is None]
    # The taxonomy's matchers are built outside the memory zone, so the rule names they
    # intern stay in the string store for later calls in the same process.
    taxonomy.matchers(nlp.vocab)
    learn_examples(taxonomy, nlp)
    with frozen_heap():
        yield from _analyse_zones(own, nlp, taxonomy, min_score, batch_size)


def _analyse_zones(
    own: Sequence[Article], nlp: Language, taxonomy: Taxonomy, min_score: float, batch_size: int
) -> Iterator[ArticleAnalysis]:
    for first in range(0, len(own), ZONE):
        part = own[first : first + ZONE]
        with _zone(nlp, len(part)):
            docs = nlp.pipe((a.text for a in part), batch_size=batch_size)
            for article, doc in zip(part, docs, strict=True):
                result = analyse_doc(article, doc, taxonomy, min_score)
                log.debug(
                    "analysed %s: %d quotes, %d timexes", article.id, len(result.quotes), len(result.timexes)
                )
                yield result


def _zone(nlp: Language, articles: int) -> contextlib.AbstractContextManager[Any]:
    """The memory zone for the next few articles. spaCy's tokenizer never adds to its cache
    of words inside a memory zone, so every word of a zoned article that the model had not
    cached goes through the slow path (prefixes, suffixes, exceptions): about 4% of the
    parse. A model's first ZONE articles, over one call or many (a worker analyses chunk
    after chunk), are therefore read outside one: the tokenizer learns the common words
    once, and what stays for good is bounded by those articles, not by the corpus."""
    seen = _unzoned.get(nlp, 0)
    if seen >= ZONE:
        return nlp.memory_zone()
    _unzoned[nlp] = seen + articles
    return contextlib.nullcontext()


def analyse(
    articles: Sequence[Article],
    nlp: Language,
    taxonomy: Taxonomy,
    min_score: float = 1.0,
    batch_size: int = 32,
) -> list[ArticleAnalysis]:
    """Analyse every article that stands for itself (duplicates ride on their representative)."""
    return list(iter_analyse(articles, nlp, taxonomy, min_score, batch_size))
