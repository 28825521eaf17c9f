"""The passages-per-theme bar chart: proportional bars, escaped labels, a text alternative."""

import re
import xml.etree.ElementTree as ET

from briefing.records import Point, ThemeSection
from briefing.render.charts import theme_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def theme(label: str, n: int) -> ThemeSection:
    return ThemeSection(label.lower(), label, "", [Point(f"p{i}", ["a"]) for i in range(n)])


def test_bars_are_proportional_and_labelled() -> None:
    svg = ET.fromstring(str(theme_bar_chart([theme("Sanctions", 10), theme("Diplomacy", 5)])))
    widths = [float(r.get("width") or 0) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Sanctions", "10", "Diplomacy", "5"]
    title = svg.find(f"{SVG}title")
    assert (
        title is not None
        and title.text == "Passages per theme: Sanctions: 10 passages; Diplomacy: 5 passages."
    )
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == title.get("id")


def test_labels_are_escaped_and_empty_themes_left_out() -> None:
    markup = str(theme_bar_chart([theme("<script>x</script> & co", 1), theme("Empty", 0)]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "Empty" not in markup
    ET.fromstring(markup)  # well-formed


def test_no_themes_no_chart() -> None:
    assert str(theme_bar_chart([])) == ""
    assert not re.search("svg", str(theme_bar_chart([theme("Empty", 0)])))
