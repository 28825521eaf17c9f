"""The HTML brief: self-contained, escaped, with every section, and the template context contract."""

import datetime as dt
import itertools
import re
from pathlib import Path

from briefing.compose.people import people_of
from briefing.records import (
    Brief,
    BriefDevelopment,
    BriefQuote,
    KeyPoint,
    Person,
    Point,
    Skipped,
    Source,
    ThemeSection,
)
from briefing.render.assets import templates_dir
from briefing.render.context import build_context
from briefing.render.filters import human_date
from briefing.render.html import render_html, render_markdown

HOSTILE = '<script>alert(1)</script><img src="http://169.254.169.254/x"><link rel=stylesheet href="file:///etc/passwd">'


def tiny_brief(text: str = "Ministers met in Brussels.") -> Brief:
    src = Source(1, "a1", "in/a.txt", "A title", "Wire", None, dt.date(2022, 1, 3))
    return Brief(
        title="Test brief",
        generated=dt.datetime(2022, 1, 4, 6, 0, tzinfo=dt.UTC),
        today=dt.date(2022, 1, 4),
        period_start=dt.date(2022, 1, 3),
        period_end=dt.date(2022, 1, 3),
        sources=[src],
        skipped=[Skipped("in/bad.txt", "empty file")],
        summary=[BriefDevelopment("2022-01-03", "on Monday", text, ["a1"])],
        themes=[ThemeSection("diplomacy", "Diplomacy", "Talks.", [Point(text, ["a1"])])],
        quotes=[BriefQuote(text, "Ned Price", "spokesperson", ["a1"])],
        key_quotes=[BriefQuote(text, "Ned Price", "spokesperson", ["a1"])],
        developments=[
            BriefDevelopment("2022-01-03", "on Monday", text, ["a1"]),
            BriefDevelopment(None, "on Friday", text, ["a1"]),
        ],
        undated_sources=[],
        marking="UNCLASSIFIED",
        key_points=[KeyPoint(text, "2022-01-03", ["diplomacy"], ["a1"], 1)],
    )


def test_sample_html_is_self_contained_with_every_section(sample_brief: Path) -> None:
    html = (sample_brief / "brief.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "<script" not in html.lower()
    # No external references: no src/href other than in-page anchors, no url() or @import in the CSS.
    assert not re.findall(r'(?:src|href)="(?!#)', html)
    assert "url(" not in html and "@import" not in html
    for section in (
        "key-points",
        "figures",
        "theme-nato-posture",
        "theme-sanctions",
        "quotes",
        "timeline",
        "sources",
    ):
        assert f'id="{section}"' in html
    for n in range(1, 6):
        assert f'id="src-{n}"' in html and f'href="#src-{n}"' in html


def test_article_text_cannot_inject_markup() -> None:
    html = render_html(tiny_brief(HOSTILE), templates_dir())
    assert "<script>" not in html and "<img" not in html and "<link" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_rendering_has_the_same_content() -> None:
    md = render_markdown(tiny_brief(), templates_dir())
    assert md.startswith("**UNCLASSIFIED**")
    assert "# Test brief" in md and "## Diplomacy (1 passage)" in md and "## Timeline" in md
    assert "> “Ministers met in Brussels.”" in md and "— Ned Price, spokesperson [1]" in md
    assert "- `in/bad.txt`: empty file" in md


def test_a_quote_is_printed_once() -> None:
    """A key quote already shown under its theme is not repeated under Key quotes."""
    brief = tiny_brief()
    brief.themes[0].quotes = [brief.key_quotes[0]]
    ctx = build_context(brief)
    assert ctx["other_quotes"] == []
    html = render_html(brief, templates_dir())
    assert html.count("“Ministers met in Brussels.”") == 1 and 'id="quotes"' not in html


def test_new_since_section_and_badges() -> None:
    brief = tiny_brief()
    brief.new_since = dt.date(2022, 1, 3)
    brief.new_summary = "1 new article since 3 January 2022."
    brief.developments[0].new = True
    html = render_html(brief, templates_dir())
    assert 'id="new"' in html and "New since 3 January 2022" in html and "1 new article" in html
    assert html.count('class="tag new"') == 1
    md = render_markdown(brief, templates_dir())
    assert "## New since 3 January 2022" in md and "(new)" in md


def test_timeline_has_an_undated_part_and_leaves_what_is_upcoming_to_the_outlook() -> None:
    brief = tiny_brief()
    brief.developments.insert(
        1, BriefDevelopment("2022-01-10", "on January 10", "Talks are set for Geneva.", ["a1"], True)
    )
    html = render_html(brief, templates_dir())
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
    assert text.index("Dated developments") < text.index('id="undated-h"')
    # No Outlook holds it (not composed): the timeline says where it is, and does not list it.
    assert "Talks are set for Geneva." not in text and 'id="upcoming-h"' not in text
    assert "1 development dated after 4 January 2022 is left to brief.json" in text
    assert "dated too far ahead of its articles" in render_markdown(brief, templates_dir())


def test_context_contract() -> None:
    brief = tiny_brief()
    ctx = build_context(brief, "Letter")
    assert set(ctx) == {
        "brief",
        "page_size",
        "outlets",
        "refs",
        "version",
        "theme_chart",
        "timeline_strip",
        "timeline_strip_narrow",
        "timeline_groups",
        "other_quotes",
        "theme_labels",
        "stylesheet",
        "logo",
        "cites",
        "listed_sources",
        "unlisted_sources",
        "listed_skipped",
        "theme_articles",
        "people",
        "person_link",
        "quote_groups",
        "others_quoted",
    }
    assert "Diplomacy: 1 passage" in ctx["theme_chart"]
    assert ctx["stylesheet"] == "" and ctx["logo"] == ""
    assert ctx["outlets"] == ["Wire"]
    assert [g.date for g in ctx["timeline_groups"].past] == ["2022-01-03"]
    assert [d.date_text for d in ctx["timeline_groups"].undated] == ["on Friday"]
    assert [s.number for s in ctx["refs"](["a1", "zz"])] == [1]
    assert [s.number for s in ctx["cites"](["a1"]).shown] == [1] and ctx["cites"](["a1"]).more == 0
    assert ctx["listed_sources"] == brief.sources and ctx["unlisted_sources"] == 0
    assert ctx["listed_skipped"] == brief.skipped


def big_brief(count: int) -> Brief:
    """A brief whose every item is reported by all ``count`` sources (from 7 outlets)."""
    brief = tiny_brief()
    brief.sources = [
        Source(n, f"a{n}", f"in/{n}.txt", f"Title {n}", f"Wire {n % 7}", None, dt.date(2022, 1, 1 + n % 28))
        for n in range(1, count + 1)
    ]
    ids = [s.id for s in brief.sources]
    for items in (brief.key_points, brief.themes[0].points, brief.quotes, brief.developments):
        for item in items:
            item.articles = list(ids)
    brief.key_quotes = brief.quotes
    brief.skipped = [Skipped(f"in/bad{n}.txt", "empty file") for n in range(count)]
    brief.undated_sources = []
    return brief


def test_rendered_length_does_not_grow_with_the_sources() -> None:
    """Each item cites at most CITE_LIMIT sources (+N more), the Sources section lists the
    ones cited, and every citation still links to a listed source."""
    from briefing.render.citations import CITE_LIMIT, SKIPPED_LISTED

    sizes = {}
    for count in (300, 3000):
        html = render_html(big_brief(count), templates_dir())
        sizes[count] = len(html)
        links = set(re.findall(r'href="#src-(\d+)"', html))
        anchors = set(re.findall(r'<li id="src-(\d+)" value="(\d+)"', html))
        assert links and links == {a for a, _ in anchors} and all(a == v for a, v in anchors)
        assert len(anchors) <= CITE_LIMIT + 2  # every item picks the same few (shared weight)
        assert f"+{count - CITE_LIMIT} more" in html
        assert f"of {count}; brief.json lists them all" in html
        assert html.count("<code>in/bad") == SKIPPED_LISTED
        assert f"And {count - SKIPPED_LISTED} more, listed in brief.json." in html
        md = render_markdown(big_brief(count), templates_dir())
        assert f" +{count - CITE_LIMIT} more" in md and "in/bad99.txt" not in md
    assert sizes[3000] < sizes[300] * 1.05


def test_citations_prefer_other_outlets_then_recent_and_keep_citation_order() -> None:
    from briefing.render.citations import pick_citations

    def src(n: int, outlet: str, day: int) -> Source:
        return Source(n, f"a{n}", f"{n}.txt", None, outlet, None, dt.date(2022, 1, day))

    sources = [src(1, "A", 1), src(2, "A", 9), src(3, "A", 8), src(4, "B", 2), src(5, "C", 3), src(6, "C", 4)]
    picked = pick_citations(sources, 3)
    assert [s.number for s in picked.shown] == [2, 4, 6] and picked.more == 3
    weighted = pick_citations(sources, 3, {"a1": 5, "a5": 5})
    assert [s.number for s in weighted.shown] == [1, 4, 5]  # weight first, then one per outlet
    small = pick_citations(sources[:2], 3)
    assert [s.number for s in small.shown] == [1, 2] and small.more == 0


def test_human_dates() -> None:
    assert human_date("2021-12-23") == "23 December 2021"
    assert human_date("2021-12") == "December 2021"
    assert human_date("2022") == "2022"
    assert human_date("2021-W52") == "week of 27 December 2021"
    assert human_date(None) == "undated"
    assert human_date("XXXX-12-24") == "XXXX-12-24"


def test_a_theme_section_gives_its_size_once_and_its_top_point_once() -> None:
    brief = tiny_brief()
    brief.sources[0].themes = ["diplomacy"]
    brief.themes[0].lead = "1 passage from 1 source. Leading point: Ministers met in Brussels."
    html = render_html(brief)
    section = html[
        html.index('id="theme-diplomacy"') : html.index("</section>", html.index('id="theme-diplomacy"'))
    ]
    assert '<span class="count">1 passage from 1 source</span>' in section
    assert section.count("1 passage") == 1 and section.count("Ministers met in Brussels.") == 1
    md = render_markdown(brief)
    assert "## Diplomacy (1 passage from 1 source)" in md and "Leading point" not in md


def test_html_has_landmarks_headings_in_order_and_chart_with_text_alternative() -> None:
    html = render_html(tiny_brief())
    assert html.index("<header") < html.index("<main") < html.index('<footer class="colophon"')
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    svg = re.search(r"<svg .*?</svg>", html, flags=re.DOTALL)
    assert svg and 'role="img"' in svg.group(0)
    assert "<title" in svg.group(0) and "Diplomacy: 1 passage" in svg.group(0)


def test_rendered_timeline_is_bounded_by_composes_selection() -> None:
    brief = tiny_brief()
    extra = [
        BriefDevelopment(f"2021-12-{d:02d}", "x", f"Event number {d} happened.", ["a1"]) for d in range(1, 29)
    ]
    brief.developments = extra
    brief.timeline_shown, brief.timeline_more = extra[:5], len(extra) - 5
    html = render_html(brief, templates_dir())
    assert "Event number 5 happened." in html and "Event number 6 happened." not in html
    assert "23 more are in brief.json" in html
    assert "23 more are in brief.json" in render_markdown(brief, templates_dir())


def test_key_figures_box_shows_each_series_and_where_sources_differ() -> None:
    from briefing.records import BriefFigure, FigureGroup, FigureStep

    def fig(amount: str, value: float, when: str, date: str | None = None) -> BriefFigure:
        return BriefFigure(
            value, "troops", "Russian troops", amount, amount, "troops|Russia|", date, ["a1"], when
        )

    brief = tiny_brief()
    first, second = (
        fig("about 70,000", 7e4, "2021-12-24", "2021-12-24"),
        fig("about 100,000", 1e5, "2022-01-03"),
    )
    other = fig("some 90,000", 9e4, "2022-01-03")
    brief.figures = [first, second, other]
    steps = [FigureStep(first, "2021-12-24"), FigureStep(second, "2022-01-03", [other])]
    brief.figure_groups = [FigureGroup("troops|Russia|", "Russian troops", "troops", steps, ["a1"])]
    html = render_html(brief, templates_dir())
    box = html[html.index('id="figures"') : html.index("</section>", html.index('id="figures"'))]
    text = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert (
        "Russian troops: about 70,000 (as of 24 Dec 2021) [1] → about 100,000 (reported 3 Jan 2022) [1]"
        in text
    )
    assert "sources differ: some 90,000 [1]" in text
    assert '<a href="#figures">Key figures</a>' in html
    md = render_markdown(brief, templates_dir())
    assert (
        "- **Russian troops:** about 70,000 (as of 24 Dec 2021) [1] → about 100,000 (reported 3 Jan 2022) [1]"
        in md
    )


def test_an_untitled_source_is_named_by_its_opening_words_never_its_path() -> None:
    brief = tiny_brief()
    path = "/home/analyst/inbox/2022/secret-folder/article-0001.txt"
    brief.sources = [
        Source(1, "a1", path, None, "Wire", None, dt.date(2022, 1, 3), label="Ministers met in Brussels to…"),
    ]
    brief.sources[0].themes = ["diplomacy"]
    html = render_html(brief, templates_dir())
    md = render_markdown(brief, templates_dir())
    for text in (html, md):
        assert path not in text and "secret-folder" not in text
        assert "“Ministers met in Brussels to…”" in text
    sources = html[html.index('id="sources"') :]
    assert "Diplomacy" in sources  # each article's themes
    section = html[
        html.index('id="theme-diplomacy"') : html.index("</section>", html.index('id="theme-diplomacy"'))
    ]
    assert "Articles:" in section and 'href="#src-1"' in section  # the theme closes with its articles
    assert "Articles: [1] Wire, 3 Jan 2022, Ministers met in Brussels to…." in md


def _brief_with_people() -> Brief:
    brief = tiny_brief()
    said = [
        BriefQuote(
            "Sanctions will follow any further incursion into Ukraine.", "Ned Price", "spokesperson", ["a1"]
        ),
        BriefQuote("We remain open to talks with Moscow at any level.", "Price", None, ["a1"]),
        BriefQuote("The alliance stands ready to defend every ally.", "Jens Stoltenberg", None, ["a1"]),
        BriefQuote("Nobody here wants this to get worse than it is.", None, None, ["a1"]),
    ]
    said[0].themes = ["diplomacy"]
    brief.quotes = said
    brief.key_quotes = [said[1], said[2], said[3]]
    brief.themes[0].quotes = [said[0]]  # Ned Price's first quote is printed under Diplomacy
    brief.people = people_of(said)
    return brief


def test_whos_who_links_each_person_to_their_quotes_read_together() -> None:
    brief = _brief_with_people()
    html = render_html(brief, templates_dir())
    people = html[html.index('id="people"') : html.index("</section>", html.index('id="people"'))]
    assert "Ned Price" in people and "2 quotes" in people and "Jens Stoltenberg" in people
    assert "Unattributed" not in people and "Nobody here" not in people  # no speaker, no who
    assert 'href="#speaker-ned-price"' in people and 'id="speaker-ned-price"' in html
    group = html[html.index('id="speaker-ned-price"') : html.index('id="speaker-jens-stoltenberg"')]
    assert "open to talks with Moscow" in group and 'href="#theme-diplomacy"' in group
    # A quote is printed once: the one shown under its theme is pointed to, not repeated.
    assert html.count("Sanctions will follow any further incursion") == 1
    assert html.count("open to talks with Moscow") == 1
    # The unattributed key quote still stands, after the speakers.
    assert html.index("Nobody here wants") > html.index('id="speaker-jens-stoltenberg"')
    toc = html[html.index('id="toc-h"') : html.index("</nav>")]
    assert 'href="#people"' in toc and 'href="#quotes"' in toc
    md = render_markdown(brief, templates_dir())
    assert "## Who’s who" in md
    assert "- **Ned Price**, spokesperson — 2 quotes (Diplomacy)\n- **Jens Stoltenberg** — 1 quote\n" in md
    assert "### Ned Price, spokesperson" in md and "Also quoted under Diplomacy." in md


def test_a_person_whose_quotes_all_stand_under_themes_links_there() -> None:
    brief = _brief_with_people()
    price = brief.people[0]
    price.shown = [brief.themes[0].quotes[0]]
    brief.key_quotes = [brief.quotes[2]]
    ctx = build_context(brief)
    assert [g.person.name for g in ctx["quote_groups"]] == ["Jens Stoltenberg"]
    assert ctx["person_link"](price) == "#theme-diplomacy"
    assert isinstance(ctx["people"][0], Person)


def test_outlook_section_and_the_timeline_points_to_it() -> None:
    brief = tiny_brief()
    talks = BriefDevelopment(
        "2022-01-10", "on January 10", "Talks are set for Geneva on January 10.", ["a1"], True
    )
    brief.developments.insert(1, talks)
    brief.outlook = [talks]
    html = render_html(brief, templates_dir())
    outlook = html[html.index('id="outlook"') : html.index("</section>", html.index('id="outlook"'))]
    assert "10 January 2022:" in outlook and "Talks are set for Geneva" in outlook
    assert html.index('id="key-points"') < html.index('id="outlook"') < html.index('id="timeline"')
    assert 'id="upcoming-h"' not in html and 'href="#outlook"' in html
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)  # the strip's marks name it as a tooltip
    assert text.count("Talks are set for Geneva") == 1
    md = render_markdown(brief, templates_dir())
    assert "## Outlook" in md and "- **10 January 2022:** Talks are set for Geneva" in md


def test_inputs_not_used_print_no_machine_path(sample_brief: Path) -> None:
    for name in ("brief.html", "brief.md"):
        text = (sample_brief / name).read_text(encoding="utf-8")
        assert str(Path.cwd()) not in text and "/tmp/" not in text and "/home/" not in text


def test_a_copy_of_a_story_names_it_in_both_sources_lists() -> None:
    brief = tiny_brief()
    brief.sources.append(Source(2, "a2", "in/b.txt", "A title", "Wire", None, dt.date(2022, 1, 3), "a1"))
    assert "Same story as [1]." in render_html(brief, templates_dir())
    md = render_markdown(brief, templates_dir())
    assert md.count("Same story as [1].") == 1 and "2. Wire: A title, 3 January 2022 Same story as [1]." in md
