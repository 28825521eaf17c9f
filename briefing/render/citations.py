"""What an item of the rendered brief cites: at most ``CITE_LIMIT`` of its sources, chosen
so that items share the sources they show and the Sources section stays short; and the
bounds that keep the rendered brief's length whatever the corpus (brief.json keeps every
citation and source)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from briefing.records import Brief, BriefDevelopment, Source

# The rendered brief's length is bounded whatever the corpus: each item cites at most
# CITE_LIMIT sources ("+N more"), and the Sources section lists every source only up to
# SOURCES_LISTED of them, else the ones cited. brief.json keeps every citation and source.
CITE_LIMIT = 5
SOURCES_LISTED = 100
THEME_ARTICLES = 12  # articles listed at the end of a theme section (brief.json lists them all)
SKIPPED_LISTED = 50


@dataclass(frozen=True)
class Citations:
    """An item's citation as rendered: ``shown`` sources, and ``more`` left to brief.json."""

    shown: list[Source]
    more: int = 0


def pick_citations(
    sources: list[Source],
    limit: int = CITE_LIMIT,
    weight: Mapping[str, int] | None = None,
    listed: Collection[str] = (),
) -> Citations:
    """At most ``limit`` of an item's sources, shown in citation order. Preferred: sources
    already ``listed`` (cited by other items), then those with the most ``weight`` (how
    many of the shown items they report), then the most recent, then the lower number; one
    per outlet first, then the rest in that order. So items share the sources they show
    and the Sources section stays short."""
    if len(sources) <= limit:
        return Citations(sorted(sources, key=lambda s: s.number))
    weight = weight or {}
    ranked = sorted(
        sources,
        key=lambda s: (
            s.id not in listed,
            -weight.get(s.id, 0),
            -(s.published.toordinal() if s.published else 0),
            s.number,
        ),
    )
    chosen: list[Source] = []
    outlets: set[str | None] = set()
    for s in ranked:
        if s.outlet not in outlets:
            outlets.add(s.outlet)
            chosen.append(s)
            if len(chosen) == limit:
                break
    if len(chosen) < limit:
        taken = {id(s) for s in chosen}
        chosen += [s for s in ranked if id(s) not in taken][: limit - len(chosen)]
    return Citations(sorted(chosen, key=lambda s: s.number), len(sources) - limit)


def cited_ids(brief: Brief, shown: list[BriefDevelopment], other_quotes: list[Any]) -> list[list[str]]:
    """The article-id lists of every item the rendered brief cites (as the templates show them)."""
    lists: list[list[str]] = [k.articles for k in brief.key_points]
    lists += [i.articles for i in brief.new_items]
    for t in brief.themes:
        lists += [p.articles for p in t.points[: brief.points_shown]]
        lists += [q.articles for q in t.quotes]
    lists += [q.articles for q in other_quotes]
    lists += [d.articles for d in brief.outlook]
    for g in brief.figure_groups:
        for step in g.steps:
            lists.append(step.figure.articles)
            lists += [o.articles for o in step.others]
    for d in shown:
        lists.append(d.articles)
        lists += [c.articles for c in d.conflicts]
    return lists
