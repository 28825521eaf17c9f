"""Analysis: spaCy over every article, then quotes, dates, developments and themes.

    nlp.pipe(article texts) -> per Doc: find_quotes, find_timexes (anchored on the
    article's published date), find_developments, place (themes), entity counts.

Near-duplicate articles are analysed once, through their representative.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from briefing.analysis.developments import find_developments
from briefing.analysis.quotes import date_quotes, find_quotes
from briefing.analysis.themes import Taxonomy, place
from briefing.analysis.timex import find_timexes
from briefing.records import Article, ArticleAnalysis

log = logging.getLogger(__name__)

_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def heading_spans(article: Article) -> list[tuple[int, int]]:
    """Spans of headings in the clean text: not sentences to report, theme or date."""
    return [(s, e) for s, e, p in article.paragraph_spans() if p.kind == "heading"]


def analyse_doc(article: Article, doc: Doc, taxonomy: Taxonomy, min_score: float) -> ArticleAnalysis:
    skip = heading_spans(article)
    timexes = find_timexes(doc, article.published)
    return ArticleAnalysis(
        article=article,
        quotes=date_quotes(find_quotes(doc), timexes, doc.text),
        timexes=timexes,
        developments=find_developments(doc, timexes, skip),
        placements=place(doc, taxonomy, min_score, skip),
        entities=dict(Counter(e.text for e in doc.ents if e.label_ in _ENTITY_LABELS)),
    )


def analyse(
    articles: Sequence[Article],
    nlp: Language,
    taxonomy: Taxonomy,
    min_score: float = 1.0,
    batch_size: int = 32,
) -> list[ArticleAnalysis]:
    """Analyse every article that stands for itself (duplicates ride on their representative)."""
    own = [a for a in articles if a.duplicate_of is None]
    results = []
    # memory_zone keeps the string store from growing across nightly runs in one process.
    with nlp.memory_zone():
        for article, doc in zip(own, nlp.pipe((a.text for a in own), batch_size=batch_size), strict=True):
            results.append(analyse_doc(article, doc, taxonomy, min_score))
            log.debug(
                "analysed %s: %d quotes, %d timexes",
                article.id,
                len(results[-1].quotes),
                len(results[-1].timexes),
            )
    return results
