"""The template context: what templates may use, built from a ``Brief``.

Contract (tested in tests/render/test_html.py), available in every template:
    brief            the Brief record (briefing/records.py): title, generated, today, marking,
                     period_start/end, sources, skipped, key_points, outlook (upcoming
                     developments, soonest first), people (who's who), summary, themes (each with
                     id, label, description, points (each with ``also``: other themes it fits,
                     and ``refers_to``: whom an opening "he"/"she" names, or None),
                     quotes, see_also and, when composed, lead),
                     quotes, key_quotes, developments, undated_sources, points_shown,
                     new_since, new_items, new_summary (what is new against the previous brief),
                     figures (every key figure) and figure_groups (the key-figures box: label,
                     unit, steps, each with its figure, when and the others of its date)
    page_size        "A4" or "Letter"
    outlets          distinct outlet names, sorted
    refs(ids)        the Source records for a list of article ids, in citation order
    cites(ids)       what an item's citation shows: a Citations (``shown``: at most CITE_LIMIT
                     Source records, in citation order; ``more``: how many it leaves to
                     brief.json). Beyond the limit it prefers sources other items already
                     show, then those reporting most of what the brief shows, one per outlet
                     first, then the most recent (see ``pick_citations``)
    listed_sources   the Source records the Sources section lists: all of them up to
                     SOURCES_LISTED, else those ``cites`` shows for the items the packaged
                     templates show (and the stories they duplicate), so its length does not
                     grow with the corpus; a template citing other items should list its own
    unlisted_sources how many sources the Sources section leaves to brief.json (0: none)
    listed_skipped   the first SKIPPED_LISTED inputs not used; ``brief.skipped`` has them all
    version          the product version
    theme_chart      inline SVG (safe markup): passages per theme, with title and desc; "" if none
    timeline_strip   inline SVG (safe markup) of the timeline strip, one row per theme; "" if nothing is dated
    timeline_strip_narrow  the same strip drawn for a phone's width (the page shows one of the two)
    other_quotes     key quotes not already shown in a theme section (a quote is printed once)
    people           the Person records the Who's who lists: the first ``brief.people_shown`` of
                     ``brief.people`` (name, role, names, quotes, themes, articles, shown, anchor,
                     independent_sources)
    person_link(p)   where a Who's who entry links: "#" + its anchor when the Key quotes section
                     groups quotes of theirs there, else the first theme section printing one
    quote_groups     the Key quotes section by speaker: a QuoteGroup per listed person with quotes
                     printed there (``person``; ``quotes``: their ``shown`` quotes and key quotes
                     not printed under a theme; ``elsewhere``: ids of the theme sections printing
                     others of theirs; ``more``: how many of theirs the brief leaves to brief.json)
    others_quoted    the key quotes (``other_quotes``) of speakers no quote group holds
    theme_labels     theme id -> label, for the themes the brief has sections for (a point's
                     ``also``, a section's ``see_also`` and key points name themes by id)
    theme_articles(id) the articles contributing to a theme, as a Citations (``shown``: at most
                     THEME_ARTICLES Source records, strongest in the theme first; ``more``)
    timeline_groups  a Timeline (briefing/render/timeline_svg.py): past and upcoming TimelineGroups
                     (date, label, precision, developments) and undated developments
    stylesheet       the user's stylesheet (``render.stylesheet``), local url()s inlined; "" if none
    logo             the user's logo (``render.logo``) as a data: URI, or "" if none
Filters (briefing/render/filters.py): ``human_date`` ("2021-12-23" -> "23 December 2021", months, years, ISO weeks),
``short_date`` ("24 Dec 2021"), ``figure_amount`` (a key figure's amount as written, with
the unit of a measure: "about 30 miles"), ``with_referent(refers_to)`` (a theme point's text
with whom its opening "he"/"she" names: "He [Antony Blinken] added ..."),
``heading_case`` (a name opening an entry: "The White House"),
``datetime`` (a generation timestamp, UTC), and for the Markdown brief ``md_escape``,
``md_url``, ``md_code`` (briefing/render/escape.py: article text stays inert).

Templates are looked up in the user's folder (``render.templates``) first, then in the
packaged folder (briefing/render/assets.py); ``"default:NAME"`` always names the packaged template, so a user template
can ``{% extends "default:brief.html" %}`` and override blocks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from briefing import __version__
from briefing.records import Brief, BriefDevelopment, BriefQuote, Person, Source
from briefing.render.charts import theme_bar_chart
from briefing.render.citations import (
    CITE_LIMIT,
    SKIPPED_LISTED,
    SOURCES_LISTED,
    THEME_ARTICLES,
    Citations,
    cited_ids,
    pick_citations,
)
from briefing.render.timeline_svg import build_timeline, timeline_svg

__all__ = [
    "CITE_LIMIT",
    "SKIPPED_LISTED",
    "Citations",
    "QuoteGroup",
    "branded",
    "brief_context",
    "build_context",
    "pick_citations",
    "quote_groups",
    "shown_developments",
]


def shown_developments(brief: Brief) -> list[BriefDevelopment]:
    """The developments the rendered timeline shows: compose's bounded selection, so the
    document's length does not grow with the corpus (brief.json keeps them all)."""
    if brief.timeline_shown or brief.timeline_more:
        return brief.timeline_shown
    return brief.developments


@dataclass(frozen=True)
class QuoteGroup:
    """One person's quotes in the Key quotes section, read together (see ``quote_groups``)."""

    person: Person
    quotes: list[BriefQuote]
    elsewhere: list[str]  # ids of the theme sections printing other quotes of theirs
    more: int  # their quotes printed nowhere in the rendered brief (brief.json has them)


def quote_groups(
    brief: Brief, listed: list[Person], other_quotes: list[BriefQuote]
) -> tuple[list[QuoteGroup], list[BriefQuote]]:
    """The Key quotes section by speaker: each listed person's quotes not printed under a
    theme (their ``shown`` quotes, and any key quote of theirs), and the key quotes of
    everyone else. A quote is printed once in the brief: one a theme section prints is
    pointed to (``elsewhere``), not repeated."""
    in_theme = {id(q): t.id for t in brief.themes for q in t.quotes}
    groups: list[QuoteGroup] = []
    grouped: set[int] = set()
    for person in listed:
        theirs = {id(q) for q in person.quotes}
        chosen = [q for q in person.shown if id(q) not in in_theme]
        chosen += [q for q in other_quotes if id(q) in theirs and all(q is not c for c in chosen)]
        elsewhere = list(dict.fromkeys(in_theme[id(q)] for q in person.quotes if id(q) in in_theme))
        grouped.update(id(q) for q in chosen)
        if chosen:
            printed = len(chosen) + sum(id(q) in in_theme for q in person.quotes)
            groups.append(QuoteGroup(person, chosen, elsewhere, max(len(person.quotes) - printed, 0)))
    return groups, [q for q in other_quotes if id(q) not in grouped]


def build_context(
    brief: Brief, page_size: str = "A4", stylesheet: str = "", logo: str = ""
) -> dict[str, Any]:
    return branded(brief_context(brief, page_size), stylesheet, logo)


def branded(context: dict[str, Any], stylesheet: str = "", logo: str = "") -> dict[str, Any]:
    """``brief_context``'s context with the user's stylesheet and logo."""
    # CSS: checked in load_stylesheet, never HTML-escaped
    return {**context, "stylesheet": Markup(stylesheet), "logo": logo}


def brief_context(brief: Brief, page_size: str = "A4") -> dict[str, Any]:
    """What the templates read of the brief (without the branding: see ``branded``): made
    once per build for the HTML brief and the PDF's print.css alike."""
    by_id = {s.id: s for s in brief.sources}
    shown = shown_developments(brief)

    def refs(ids: list[str]) -> list[Source]:
        return sorted((by_id[i] for i in ids if i in by_id), key=lambda s: s.number)

    # Key quotes not already shown under a theme: the brief never prints a quote twice.
    other_quotes = [q for q in brief.key_quotes if not any(q is tq for t in brief.themes for tq in t.quotes)]
    listed_people = brief.people[: brief.people_shown]
    groups, others_quoted = quote_groups(brief, listed_people, other_quotes)
    items = cited_ids(brief, shown, other_quotes)
    items += [q.articles for g in groups for q in g.quotes]
    weight = Counter(i for ids in items for i in set(ids))
    # The shown items' citations, chosen fewest sources first (they have the least choice),
    # each preferring the sources already chosen for others.
    picked: dict[tuple[str, ...], Citations] = {}
    cited: set[str] = set()
    for ids in sorted(items, key=len):
        key = tuple(ids)
        if key not in picked:
            picked[key] = pick_citations(refs(ids), CITE_LIMIT, weight, cited)
            cited.update(s.id for s in picked[key].shown)

    def cites(ids: list[str]) -> Citations:
        found = picked.get(tuple(ids))
        return found if found is not None else pick_citations(refs(ids), CITE_LIMIT, weight, cited)

    # Each theme section closes with its articles: those it is strongest in first, then by
    # number, at most THEME_ARTICLES (the Sources section lists them too).
    by_theme: dict[str, Citations] = {}
    for t in brief.themes:
        found = sorted(
            (s for s in brief.sources if t.id in s.themes), key=lambda s: (s.themes.index(t.id), s.number)
        )
        by_theme[t.id] = Citations(found[:THEME_ARTICLES], max(len(found) - THEME_ARTICLES, 0))
        cited.update(s.id for s in by_theme[t.id].shown)

    group_of = {id(g.person) for g in groups}
    theme_of: dict[int, int] = {}  # a quote -> the first theme section showing it
    for k, t in enumerate(brief.themes):
        for q in t.quotes:
            theme_of.setdefault(id(q), k)

    def person_link(person: Person) -> str:
        if id(person) in group_of:
            return "#" + person.anchor
        first = min((theme_of[id(q)] for q in person.quotes if id(q) in theme_of), default=None)
        in_theme = brief.themes[first].id if first is not None else None
        return f"#theme-{in_theme}" if in_theme else "#quotes"

    def theme_articles(theme: str) -> Citations:
        return by_theme.get(theme, Citations([]))

    if len(brief.sources) <= SOURCES_LISTED:
        listed = list(brief.sources)
    else:
        stories = {by_id[i].duplicate_of for i in cited}  # "Same story as [n]" names them
        listed = [s for s in brief.sources if s.id in cited or s.id in stories]
    outlets = sorted({s.outlet for s in brief.sources if s.outlet})

    return {
        "brief": brief,
        "page_size": page_size,
        "outlets": outlets,
        "refs": refs,
        "cites": cites,
        "listed_sources": listed,
        "unlisted_sources": len(brief.sources) - len(listed),
        "listed_skipped": brief.skipped[:SKIPPED_LISTED],
        "version": __version__,
        "theme_chart": theme_bar_chart(brief.themes),
        "timeline_strip": timeline_svg(shown, brief.today, [(t.id, t.label) for t in brief.themes]),
        "timeline_strip_narrow": timeline_svg(
            shown, brief.today, [(t.id, t.label) for t in brief.themes], narrow=True
        ),
        "timeline_groups": build_timeline(shown, brief.today),
        "other_quotes": other_quotes,
        "people": listed_people,
        "person_link": person_link,
        "quote_groups": groups,
        "others_quoted": others_quoted,
        "theme_labels": {t.id: t.label for t in brief.themes},
        "theme_articles": theme_articles,
    }
