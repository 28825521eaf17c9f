"""Compose: per-article analyses -> one ``Brief`` (the template context).

Merging: the same quote, the same dated development or near-identical theme
points from several articles become one item citing every article, including
the near-duplicate copies ingest folded into a representative.

The ``Brief`` dataclass (briefing/records.py) is the documented contract of the
templates; ``brief_to_json`` is the contract of brief.json (../shared/eval/FORMAT.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from briefing.analysis.themes import Taxonomy
from briefing.config import Settings
from briefing.records import (
    Article,
    ArticleAnalysis,
    Brief,
    BriefDevelopment,
    BriefQuote,
    Point,
    Skipped,
    Source,
    ThemeSection,
)

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def _cluster_ids(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Representative id -> itself and every duplicate it stands for."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        groups[a.duplicate_of or a.id].append(a.id)
    return groups


def _merge_ids(*lists: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for ids in lists:
        for i in ids:
            seen.setdefault(i, None)
    return sorted(seen, key=lambda x: int(x[1:]) if x[1:].isdigit() else 0)


def _recency(dates: Iterable[dt.date | None]) -> float:
    known = [d for d in dates if d]
    return max(d.toordinal() for d in known) / 1e6 if known else 0.0


def same_speaker(a: str | None, b: str | None) -> bool:
    """Unknown matches anyone; otherwise one name's words lie within the other's ("Price", "Ned Price")."""
    if not a or not b:
        return True
    ta, tb = set(tokens(a)) - {"the", "a", "an"}, set(tokens(b)) - {"the", "a", "an"}
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def _same_quote(a: str, b: str) -> bool:
    ta, tb = tokens(a), tokens(b)
    return overlap(a, b) >= 0.9 and abs(len(ta) - len(tb)) <= max(3, len(tb) // 4)


def merge_quotes(analyses: Sequence[ArticleAnalysis], clusters: dict[str, list[str]]) -> list[BriefQuote]:
    """One quote per statement: the same words from the same (or an unnamed) speaker.

    The same phrase from different speakers stays apart: outlets quoting "severe
    costs" from two different officials report two statements.
    """
    merged: list[BriefQuote] = []
    for analysis in analyses:
        ids = clusters[analysis.article.id]
        for q in analysis.quotes:
            text = " ".join(q.text.split())
            same = next(
                (
                    m
                    for m in merged
                    if m.kind == q.kind and _same_quote(m.text, text) and same_speaker(m.speaker, q.speaker)
                ),
                None,
            )
            if same is not None:
                same.articles = _merge_ids(same.articles, ids)
                if not same.speaker and q.speaker:
                    same.speaker, same.speaker_role = q.speaker, q.speaker_role
                elif q.speaker and same.speaker and len(q.speaker) > len(same.speaker):
                    same.speaker = q.speaker  # the fuller name
                same.speaker_role = same.speaker_role or q.speaker_role
                continue
            merged.append(BriefQuote(text, q.speaker, q.speaker_role, list(ids), kind=q.kind))
    return merged


def rank_quotes(
    quotes: list[BriefQuote], prominence: Counter[str], taxonomy_hits: dict[int, list[str]]
) -> None:
    """Score: sources, speaker prominence across the corpus, theme relevance, substance."""
    top = max(prominence.values(), default=1)
    for i, q in enumerate(quotes):
        words = len(tokens(q.text))
        speaker_weight = 0.0
        if q.speaker:
            surname = q.speaker.split()[-1]
            speaker_weight = max(prominence.get(q.speaker, 0), prominence.get(surname, 0)) / top
        q.themes = taxonomy_hits.get(i, [])
        q.score = round(
            len(q.articles)
            + speaker_weight
            + 0.5 * bool(q.themes)
            + min(words, 40) / 40
            + (0.5 if q.speaker else -1.0)
            - (3.0 if q.kind == "scare" else 0.0)
            - (1.0 if q.kind == "partial" and words < 4 else 0.0),
            3,
        )
    quotes.sort(key=lambda q: -q.score)


def select_key_quotes(quotes: Sequence[BriefQuote], limit: int, per_theme: int) -> list[BriefQuote]:
    """The best quotes, no two near-identical, a bounded number per theme."""
    chosen: list[BriefQuote] = []
    per: Counter[str] = Counter()
    for q in quotes:
        if len(chosen) >= limit:
            break
        if q.kind == "scare" or not q.speaker or len(tokens(q.text)) < 4:
            continue
        if any(overlap(q.text, c.text) >= 0.6 for c in chosen):
            continue
        if q.themes and all(per[t] >= per_theme for t in q.themes):
            continue
        per.update(q.themes)
        chosen.append(q)
    return chosen


def merge_developments(
    analyses: Sequence[ArticleAnalysis], clusters: dict[str, list[str]], today: dt.date
) -> list[BriefDevelopment]:
    merged: list[BriefDevelopment] = []
    for analysis in analyses:
        ids = clusters[analysis.article.id]
        for d in analysis.developments:
            same = next(
                (
                    m
                    for m in merged
                    if m.date == d.date and d.date is not None and overlap(m.text, d.text) >= 0.6
                ),
                None,
            )
            if same is not None:
                same.articles = _merge_ids(same.articles, ids)
                if len(d.text) > len(same.text):
                    same.text = d.text
                continue
            upcoming = d.date is not None and d.date[:10] > today.isoformat()[: len(d.date[:10])]
            merged.append(BriefDevelopment(d.date, d.date_text, d.text, list(ids), upcoming))
    # Chronological, undated last; ties keep the order of the articles.
    merged.sort(key=lambda d: (d.date is None, d.date or ""))
    return merged


def theme_sections(
    analyses: Sequence[ArticleAnalysis],
    clusters: dict[str, list[str]],
    taxonomy: Taxonomy,
    published: dict[str, dt.date | None],
) -> list[ThemeSection]:
    points: dict[str, list[Point]] = defaultdict(list)
    dates: dict[int, list[dt.date | None]] = defaultdict(list)
    for analysis in analyses:
        ids = clusters[analysis.article.id]
        for p in analysis.placements:
            bucket = points[p.theme]
            same = next((pt for pt in bucket if overlap(pt.text, p.text) >= 0.8), None)
            if same is not None:
                same.articles = _merge_ids(same.articles, ids)
                same.score = max(same.score, p.score)
                dates[id(same)].append(published.get(analysis.article.id))
                continue
            point = Point(p.text, list(ids), p.score)
            dates[id(point)].append(published.get(analysis.article.id))
            bucket.append(point)
    sections = []
    for theme in taxonomy.themes:
        bucket = points.get(theme.id, [])
        if not bucket:
            continue  # empty themes are omitted
        # Importance: number of sources, then strength of the evidence, then recency.
        bucket.sort(key=lambda p: (-len(p.articles), -p.score, -_recency(dates[id(p)])))
        sections.append(ThemeSection(theme.id, theme.label, theme.description, bucket))
    return sections


def _quote_themes(quotes: Sequence[BriefQuote], sections: Sequence[ThemeSection]) -> dict[int, list[str]]:
    """A quote belongs to the themes of the points it stands in."""
    hits: dict[int, list[str]] = {}
    for i, q in enumerate(quotes):
        qt = set(tokens(q.text))
        hits[i] = [
            s.id
            for s in sections
            if any(
                qt and len(qt & set(tokens(p.text))) / len(qt) >= 0.8 and set(q.articles) & set(p.articles)
                for p in s.points
            )
        ]
    return hits


def summary(developments: Sequence[BriefDevelopment], limit: int) -> list[BriefDevelopment]:
    """The most important dated developments, in date order.

    Importance: reported by more sources, then dated to the day rather than the
    month or year, then more recent. A sentence already chosen under another of
    its dates is not repeated.
    """
    dated = [d for d in developments if d.date and len(d.date) >= 7]
    ranked = sorted(
        dated, key=lambda d: (len(d.articles), len(d.date or "") == 10, d.date or ""), reverse=True
    )
    chosen: list[BriefDevelopment] = []
    for d in ranked:
        if len(chosen) >= limit:
            break
        if not any(overlap(d.text, c.text) >= 0.8 for c in chosen):
            chosen.append(d)
    return sorted(chosen, key=lambda d: d.date or "")


def sources_of(articles: Sequence[Article]) -> list[Source]:
    return [
        Source(n, a.id, a.path, a.title, a.outlet, a.url, a.published, a.duplicate_of)
        for n, a in enumerate(articles, start=1)
    ]


def compose(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    skipped: Sequence[Skipped],
    taxonomy: Taxonomy,
    settings: Settings,
) -> Brief:
    today = settings.today()
    clusters = _cluster_ids(articles)
    published = {a.id: a.published for a in articles}
    sections = theme_sections(analyses, clusters, taxonomy, published)
    quotes = merge_quotes(analyses, clusters)
    prominence: Counter[str] = Counter()
    for analysis in analyses:
        prominence.update({name: 1 for name in analysis.entities})
        prominence.update({name.split()[-1]: 1 for name in analysis.entities if " " in name})
    rank_quotes(quotes, prominence, _quote_themes(quotes, sections))
    for section in sections:
        in_theme = [q for q in quotes if section.id in q.themes]
        section.quotes = select_key_quotes(in_theme, settings.compose.quotes_per_theme, settings.compose.quotes_per_theme)
    developments = merge_developments(analyses, clusters, today)
    dates = [a.published for a in articles if a.published]
    return Brief(
        title=settings.brief.title,
        generated=settings.now(),
        today=today,
        period_start=settings.brief.since or (min(dates) if dates else None),
        period_end=settings.brief.until or (max(dates) if dates else None),
        sources=sources_of(articles),
        skipped=list(skipped),
        summary=summary(developments, settings.compose.summary_items),
        themes=sections,
        quotes=quotes,
        key_quotes=select_key_quotes(quotes, settings.compose.key_quotes, settings.compose.quotes_per_theme),
        developments=developments,
        undated_sources=[a.id for a in articles if a.published is None],
        marking=settings.brief.marking,
        points_shown=settings.compose.points_per_theme,
    )
