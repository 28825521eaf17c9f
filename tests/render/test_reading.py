"""The brief as a reader meets it: one item a line, no line said twice, nothing run together."""

import datetime as dt
import re

from briefing.compose.people import people_of
from briefing.records import BriefFigure, KeyPoint, Point, Source, ThemeSection
from briefing.render.filters import figure_amount
from briefing.render.html import render_html, render_markdown

from .test_html import tiny_brief


def _two_of_each() -> object:
    brief = tiny_brief()
    brief.themes = [
        ThemeSection(
            "diplomacy",
            "Diplomacy",
            "Talks.",
            [
                Point("Ministers met in Brussels.", ["a1"], also=["sanctions"]),
                Point("Envoys flew home.", ["a1"]),
            ],
        ),
        ThemeSection("sanctions", "Sanctions", "Costs.", [Point("Banks were listed.", ["a1"])]),
    ]
    brief.key_points = [
        KeyPoint("Ministers met in Brussels.", "2022-01-03", ["diplomacy"], ["a1"], 1),
        KeyPoint("Envoys flew home.", "2022-01-03", ["diplomacy", "sanctions"], ["a1"], 1),
    ]
    return brief


def test_markdown_puts_each_key_point_and_theme_point_on_its_own_line() -> None:
    md = render_markdown(_two_of_each())  # type: ignore[arg-type]
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    for text in ("Ministers met in Brussels.", "Envoys flew home.", "Banks were listed."):
        assert any(line.startswith(f"- {text}") for line in bullets), text
    assert not re.search(r"\S- \*\*\d", md), "a key point runs on into the next"
    assert not re.search(r"\)\*?- ", md) and not re.search(r"\]- ", md), "a point runs on into the next"


def test_a_sources_themes_and_its_address_are_apart() -> None:
    brief = tiny_brief()
    brief.sources = [
        Source(
            1,
            "a1",
            "in/a.txt",
            "A title",
            "Wire",
            "https://example.org/a",
            dt.date(2022, 1, 3),
            themes=["diplomacy"],
        )
    ]
    html = render_html(brief)
    text = re.sub(r"<[^>]+>", "", html)
    assert "Diplomacyhttps" not in text and "Diplomacy https://example.org/a" in " ".join(text.split())


def test_citations_of_one_item_do_not_break_apart_across_lines() -> None:
    brief = tiny_brief()
    brief.sources.append(Source(2, "a2", "in/b.txt", "B title", "Other wire", None, dt.date(2022, 1, 3)))
    brief.key_points = [KeyPoint("Ministers met in Brussels.", "2022-01-03", ["diplomacy"], ["a1", "a2"], 2)]
    html = render_html(brief)
    group = re.search(r'<span class="cites">(.*?)</span>', html)
    assert group and group.group(1).count('class="cite"') == 2
    assert re.search(r"\.cites\s*\{[^}]*white-space:\s*nowrap", html)


def test_a_key_points_themes_stand_on_their_own_line_apart_from_its_tags() -> None:
    html = render_html(tiny_brief())
    rule = re.search(r"ul\.key-points \.themes \{([^}]*)\}", html)
    # A whole line, yet inline-level: a block inside a list item breaks the PDF/UA list structure.
    assert rule and "display: inline-block" in rule.group(1) and "width: 100%" in rule.group(1)


def test_a_figure_that_opened_its_sentence_loses_only_that_capital() -> None:
    def fig(amount: str, text: str) -> BriefFigure:
        return BriefFigure(150000.0, "troops", "troops", text, amount, "troops||", None, ["a1"])

    assert figure_amount(fig("More than 150,000", "More than 150,000 troops massed.")) == "more than 150,000"
    assert figure_amount(fig("Some 1,745", "Some 1,745 people were detained.")) == "some 1,745"
    assert (
        figure_amount(fig("more than 150,000", "Officials said more than 150,000 massed."))
        == "more than 150,000"
    )
    assert figure_amount(fig("US$ 200 million", "US$ 200 million was approved.")) == "US$ 200 million"


def test_a_name_that_opens_an_entry_starts_with_a_capital() -> None:
    brief = tiny_brief()
    brief.quotes[0].speaker = brief.key_quotes[0].speaker = "the White House"
    brief.people = people_of(brief.quotes)
    html, md = render_html(brief), render_markdown(brief)
    assert ">The White House</a>" in html and ">the White House<" not in html
    assert "**The White House**" in md


def test_a_key_figures_date_does_not_break_across_lines() -> None:
    html = render_html(tiny_brief())
    rule = re.search(r"ul\.figures \.when \{([^}]*)\}", html)
    assert rule and "white-space: nowrap" in rule.group(1)
