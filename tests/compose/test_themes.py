"""Theme sections: merging, ordering, the lead, and a user taxonomy end to end."""

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from briefing.analysis.themes import parse_taxonomy
from briefing.cli import app
from briefing.compose.themes import lead_line, main_clause, theme_sections
from briefing.records import Article, ArticleAnalysis, Paragraph, Point, ThemePlacement
from tests.conftest import FIXED_CLOCK

ENERGY = Path(__file__).resolve().parent.parent / "analysis" / "data" / "energy"
TAXONOMY = parse_taxonomy(
    {
        "theme": [
            {"id": "sanctions", "label": "Sanctions", "terms": ["sanction"]},
            {"id": "diplomacy", "label": "Diplomacy", "terms": ["talks"]},
        ]
    },
    "test",
)


def _analysis(
    article_id: str, placements: list[tuple[str, str, float]], entities: dict[str, int] | None = None
):  # type: ignore[no-untyped-def]
    article = Article(article_id, f"{article_id}.txt", "", [Paragraph("x", 0)])
    return ArticleAnalysis(
        article,
        placements=[ThemePlacement(theme, text, 0, len(text), score) for theme, text, score in placements],
        entities=entities or {},
    )


def _sections(analyses, published):  # type: ignore[no-untyped-def]
    clusters = {a.article.id: [a.article.id] for a in analyses}
    return theme_sections(analyses, clusters, TAXONOMY, published)


def test_near_identical_points_merge_and_cite_every_source() -> None:
    text = "The EU agreed a sixth package of sanctions against Moscow on Friday."
    analyses = [
        _analysis("a1", [("sanctions", text, 2.0)]),
        _analysis("a2", [("sanctions", "The EU agreed a sixth package of sanctions against Moscow.", 1.5)]),
    ]
    (section,) = _sections(analyses, {"a1": None, "a2": None})
    assert len(section.points) == 1
    assert section.points[0].articles == ["a1", "a2"]
    assert section.points[0].score == 2.0
    assert section.passages == 2


def test_points_ordered_by_sources_then_importance() -> None:
    analyses = [
        _analysis("a1", [("sanctions", "Old weak point about sanctions on timber exports.", 1.0)]),
        _analysis(
            "a2",
            [
                ("sanctions", "Washington readied sanctions against the largest Russian banks.", 3.0),
                ("sanctions", "Brussels and London coordinated sanctions on oligarchs' yachts.", 1.0),
            ],
            {"Washington": 2},
        ),
        _analysis(
            "a3", [("sanctions", "Brussels and London coordinated sanctions on oligarchs' yachts.", 1.0)]
        ),
    ]
    published = {"a1": dt.date(2022, 1, 1), "a2": dt.date(2022, 2, 1), "a3": dt.date(2022, 2, 1)}
    (section,) = _sections(analyses, published)
    texts = [p.text for p in section.points]
    assert texts[0].startswith("Brussels and London")  # two sources
    assert texts[1].startswith("Washington")  # stronger, newer, a prominent actor
    assert texts[2].startswith("Old weak point")


def test_a_line_that_reads_on_its_own_leads_a_fragment_however_widely_reported() -> None:
    aside = "But they misread the sanctions clause of the charter, we are told."
    analyses = [
        _analysis("a1", [("sanctions", aside, 2.0)]),
        _analysis("a2", [("sanctions", aside, 2.0), ("sanctions", "Washington readied sanctions against the largest banks.", 1.0)]),
    ]  # fmt: skip
    (section,) = _sections(analyses, {"a1": None, "a2": None})
    assert [len(p.articles) for p in section.points] == [1, 2]
    assert section.points[0].text.startswith("Washington")
    assert "Leading point: Washington readied sanctions" in section.lead


def test_empty_themes_are_omitted_and_each_section_has_a_lead() -> None:
    analyses = [_analysis("a1", [("diplomacy", "Talks between the two delegations resumed in Geneva.", 1.0)])]
    sections = _sections(analyses, {"a1": None})
    assert [s.id for s in sections] == ["diplomacy"]
    assert sections[0].lead == (
        "1 passage from 1 source. Leading point: Talks between the two delegations resumed in Geneva."
    )


def test_lead_names_the_most_reported_point() -> None:
    top = Point("Talks resumed in Geneva on Monday.", ["a1", "a2", "a3"])
    assert lead_line(5, 4, [top]) == (
        "5 passages from 4 sources. Most reported (3 sources): Talks resumed in Geneva on Monday."
    )


def test_main_clause_drops_framing_and_cuts_long_points() -> None:
    assert main_clause("According to a press release, the ministers agreed to meet again.") == (
        "The ministers agreed to meet again."
    )
    assert main_clause("Meanwhile, the talks ended without a deal, a senior official said.") == (
        "The talks ended without a deal."
    )
    long = "The ministers met in Geneva, " + " ".join(["and they talked"] * 20) + "."
    cut = main_clause(long)
    assert cut.endswith("…") and len(cut.split()) <= 33


def test_a_user_taxonomy_for_another_topic_works_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(ENERGY / "articles"),
            "--themes",
            str(ENERGY / "themes.toml"),
            "--out",
            str(out),
            "--format",
            "json",
            *FIXED_CLOCK,
        ],
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text())
    themes = {t["id"]: t for t in brief["themes"]}
    assert list(themes) == ["supply", "prices", "storage"]  # taxonomy order
    placed = {tid: " ".join(p["text"] for p in t["points"]) for tid, t in themes.items()}
    assert "cut gas flows through the main pipeline" in placed["supply"]
    assert "halted gas deliveries" in placed["supply"]  # by the user's pattern
    assert "TTF contract" in placed["prices"] and "energy bills" in placed["prices"]
    assert "storage target of 90 percent" in placed["storage"]
    assert all("football" not in text and "appointed in 2019" not in text for text in placed.values())
    for theme in themes.values():
        assert theme["passages"] >= len(theme["points"]) >= 1
        assert theme["lead"].startswith(f"{theme['passages']} passage")


def test_a_long_point_is_cut_at_a_spaced_dash_and_never_after_a_little_word() -> None:
    text = (
        "The envoy will meet on Monday in Rome with a senior diplomat from the region and - according "
        "to officials in the capital - he is to warn of economic measures if the talks fail again."
    )
    assert (
        main_clause(text, 20)
        == "The envoy will meet on Monday in Rome with a senior diplomat from the region…"
    )
    long = "The ministers of the member states meet on Thursday at a summit of the council in the old palace of the kings"
    assert main_clause(long, 12) == "The ministers of the member states meet on Thursday at a summit…"
