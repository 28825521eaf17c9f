"""Tests for briefing.render.timeline_svg: the grouped timeline and the SVG strip."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from briefing.records import BriefDevelopment
from briefing.render.timeline_svg import build_timeline, date_label, timeline_svg

TODAY = dt.date(2022, 2, 8)
NS = "{http://www.w3.org/2000/svg}"


def _d(date: str | None, text: str = "Something happened.", up: bool = False, themes: list[str] | None = None,
       articles: list[str] | None = None) -> BriefDevelopment:  # fmt: skip
    return BriefDevelopment(date, "x", text, articles or ["a1"], up, themes=themes or [])


def _sample() -> list[BriefDevelopment]:
    return [
        _d("2014", "Crimea annexed.", themes=["nato-posture"]),
        _d("2021-12", "Aid approved in December.", themes=["security-assistance"]),
        _d("2021-12-23", "Call with NATO <chief> & allies.", themes=["diplomacy"], articles=["a1", "a2"]),
        _d("2021-12-29", "Ministers spoke.", themes=["diplomacy"]),
        _d("2021-W52", "The Kremlin warned."),
        _d("2021-12-23", "Another thing that day."),
        _d("2022-03-01", "Summit planned.", up=True, themes=["diplomacy"]),
        _d(None, "Ministers met this week."),
    ]


def test_grouping() -> None:
    tl = build_timeline(_sample(), TODAY)
    assert [g.date for g in tl.past] == ["2014", "2021-12", "2021-12-23", "2021-W52", "2021-12-29"]
    assert [g.precision for g in tl.past] == ["year", "month", "day", "week", "day"]
    assert len(tl.past[2].developments) == 2
    assert [g.date for g in tl.upcoming] == ["2022-03-01"]
    assert [d.text for d in tl.undated] == ["Ministers met this week."]
    assert all(d.articles for g in tl.past + tl.upcoming for d in g.developments)
    assert tl.past[2].label == "23 December 2021"


def test_empty_timeline_is_falsy() -> None:
    assert not build_timeline([], TODAY)


def test_labels() -> None:
    assert date_label("2021-W52") == "week of 27 December 2021"
    assert date_label("2021-12") == "December 2021"
    assert date_label("2022-Q1") == "Q1 2022"
    assert date_label("2014") == "2014"


def test_svg_is_wellformed_accessible_and_self_contained() -> None:
    themes = [
        ("diplomacy", "Diplomacy"),
        ("security-assistance", "Security assistance"),
        ("nato-posture", "NATO"),
    ]
    svg = str(timeline_svg(_sample(), TODAY, themes))
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(NS + "title") is not None and root.find(NS + "desc") is not None
    desc = root.find(NS + "desc").text or ""  # type: ignore[union-attr]
    # Marks for day- and week-dated developments; month, year and undated ones are in the table.
    assert "5 dated developments" in desc and "3 developments dated only by month or year" in desc
    circles = root.findall(f".//{NS}circle")
    assert len(circles) == 5
    assert all(c.find(NS + "title") is not None for c in circles)
    assert sum(c.get("fill") == "none" for c in circles) == 1  # the upcoming one is hollow
    rows = [t.text for t in root.findall(f"{NS}text")]
    assert {"Diplomacy", "Other"} <= set(rows) and "NATO" not in rows
    lowered = svg.lower()
    assert "<script" not in lowered and "href" not in lowered and "url(" not in lowered
    assert not re.search(r"\son\w+=", lowered)  # no event handlers
    assert "&lt;chief&gt; &amp; allies" in svg  # text is escaped


def test_svg_empty_without_dates() -> None:
    assert str(timeline_svg([_d(None)], TODAY)) == ""


def test_svg_single_date() -> None:
    root = ET.fromstring(str(timeline_svg([_d("2022-01-03")], TODAY)))
    assert len(root.findall(f".//{NS}circle")) == 1


def test_old_background_does_not_squeeze_the_strip() -> None:
    """A development years before the rest stays in the table, not on the strip's axis."""
    devs = [_d("2014-03-18", "Annexation."), _d("2021-12-23", "Call."), _d("2022-01-10", "Talks.")]
    root = ET.fromstring(str(timeline_svg(devs, TODAY)))
    assert len(root.findall(f".//{NS}circle")) == 2
    ticks = [t.text or "" for t in root.findall(f"{NS}text")]
    assert not any("2014" in t for t in ticks)


def test_long_theme_names_fit() -> None:
    label = "Russian denials and counter-narratives"
    root = ET.fromstring(str(timeline_svg([_d("2022-01-03", themes=["rd"])], TODAY, [("rd", label)])))
    text = next(t for t in root.findall(f"{NS}text") if t.text == label)
    assert float(text.get("x") or 0) >= 6.2 * len(
        label
    )  # right-aligned at x: the name starts inside the picture


def test_one_stray_date_far_ahead_does_not_empty_the_strip() -> None:
    """The strip shows the weeks most marks fall in, not the weeks before the latest mark."""
    devs = [_d(f"2022-02-{d:02d}", "Talks.") for d in (1, 3, 7, 9)] + [_d("2022-12-31", "A stray date.")]
    root = ET.fromstring(str(timeline_svg(devs, dt.date(2026, 1, 1))))
    assert len(root.findall(f".//{NS}circle")) == 4
    assert "1 developments dated only by month or year, or outside these weeks" in (
        root.find(f"{NS}desc").text or ""  # type: ignore[union-attr]
    )


def test_date_labels_stay_inside_the_picture() -> None:
    """A tick near the right edge ends its label there (10 px type: about 6 px a character)."""
    devs = [_d("2021-10-05"), _d("2022-01-02")]
    root = ET.fromstring(str(timeline_svg(devs, TODAY)))
    width = float(root.get("width") or 0)
    for t in root.findall(f"{NS}text"):
        if t.get("font-size") != "10":
            continue
        x, half = float(t.get("x") or 0), 6.2 * len(t.text or "") / 2
        right = x if t.get("text-anchor") == "end" else x + half
        assert right <= width, t.text


def test_narrow_strip_for_phones_keeps_its_type_legible() -> None:
    """Drawn at a phone's width (about 360 px), the narrow strip is shown at about its own
    size: its names stand above their rows, inside the picture, with ids of its own."""
    label = "Russian denials and counter-narratives"
    devs = [_d("2022-01-03", themes=["rd"]), _d("2022-01-20", themes=["rd"])]
    wide = ET.fromstring(str(timeline_svg(devs, TODAY, [("rd", label)])))
    narrow = ET.fromstring(str(timeline_svg(devs, TODAY, [("rd", label)], narrow=True)))
    assert "narrow" in (narrow.get("class") or "") and "wide" in (wide.get("class") or "")
    assert float(narrow.get("width") or 0) <= 360
    name = next(t for t in narrow.findall(f"{NS}text") if t.text == label)
    assert name.get("text-anchor") is None and float(name.get("x") or 0) + 6.2 * len(label) <= 360
    assert len(narrow.findall(f".//{NS}circle")) == 2
    ids = {e.get("id") for e in wide.iter() if e.get("id")}
    assert ids and not ids & {e.get("id") for e in narrow.iter() if e.get("id")}
