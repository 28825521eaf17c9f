"""Tests for briefing.analysis.stamp: a text that reports events after its stamped date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from briefing.analysis.stamp import after, reported_after, written_out
from briefing.analysis.timex import find_timexes
from briefing.cli import app
from briefing.records import AfterStamp

# A live page stamped on its first day and updated for a week (written for these tests).
LIVE = (
    "Shelling hit the eastern city again overnight, the regional governor said on Thursday.\n\n"
    "On March 14, 2022, rescuers pulled survivors from a collapsed school, officials said.\n\n"
    "Negotiators met again on 16 March and agreed on a new corridor for civilians.\n\n"
    "The next round of talks will be held on March 20, both delegations said."
)
STAMP = dt.date(2022, 3, 10)


def _late(nlp: Language, text: str, stamp: dt.date | None) -> AfterStamp | None:
    doc = nlp(text)
    return reported_after(doc, find_timexes(doc, stamp), stamp)


@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("March 14", True),
        ("14 March 2022", True),
        ("April 2022", True),
        ("2023", True),
        ("03/14/2022", True),
        ("Monday", False),
        ("three days later", False),
        ("two weeks after March 1", False),
        ("March", False),
        ("yesterday", False),
    ],
)
def test_written_out(text: str, full: bool) -> None:
    assert written_out(text) is full


def test_after_by_precision() -> None:
    assert not after("2022-03-11", STAMP)  # a day's slack: a UTC stamp may be a day behind
    assert after("2022-03-12", STAMP)
    assert not after("2022-03", STAMP) and after("2022-04", STAMP)
    assert not after("2022", STAMP) and after("2023", STAMP)
    assert not after("2022-W11", STAMP)  # a week is never a date written out


def test_live_page_is_flagged(nlp: Language) -> None:
    late = _late(nlp, LIVE, STAMP)
    assert late is not None
    # the latest reported event, not the talks planned for March 20
    assert late.date == "2022-03-16" and late.text == "16 March"
    assert late.count == 2


def test_plans_and_relative_dates_are_not(nlp: Language) -> None:
    text = (
        "The talks will be held on March 20, officials said on Monday.\n\n"
        "A meeting is planned for March 24.\n\n"
        "Three days later the mayor was freed.\n\n"
        "Creditors halted payments until March 30, 2022.\n\n"
        "He called for a new vote in 2024.\n\n"
        "The general delivered his victory speech on 1 May, in a country racked by looting.\n\n"
        "The town celebrated the holiday on March 20 up until 2013."
    )
    assert _late(nlp, text, STAMP) is None
    recalled = "The peninsula was seized in March 2014.\n\nOn March 18 the occupiers shot an officer."
    assert _late(nlp, recalled, STAMP) is None  # 2014's March 18, not a later update
    assert _late(nlp, LIVE, None) is None  # an undated article has no stamp to contradict
    assert _late(nlp, LIVE, dt.date(2022, 3, 16)) is None  # stamped on its last update


def test_flag_reaches_the_brief(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "live.txt").write_text("Live: the war in the east\n\n" + LIVE + "\n", encoding="utf-8")
    (corpus / "live.meta.json").write_text(json.dumps({"published": "2022-03-10"}), encoding="utf-8")
    (corpus / "plain.txt").write_text(
        "Talks in the capital\n\nNegotiators met on Tuesday and agreed on a corridor for civilians.\n",
        encoding="utf-8",
    )
    (corpus / "plain.meta.json").write_text(json.dumps({"published": "2022-03-10"}), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(corpus), "--out", str(out), "--format", "json,html,md", "--today", "2022-03-20"]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    flags = {Path(a["path"]).stem: a["reported_after"] for a in brief["articles"]}
    assert flags["plain"] is None
    assert flags["live"] == {"date": "2022-03-16", "text": "16 March", "count": 2}
    html = (out / "brief.html").read_text(encoding="utf-8")
    # once in the list of sources, and as a tag wherever a theme lists the article
    assert html.count('<span class="late">This article reports events after its publication date') == 1
    assert "the latest on 16 March 2022 (“16 March”), with 1 other later date." in html
    md = (out / "brief.md").read_text(encoding="utf-8")
    assert "this article reports events after its publication date: 16 March 2022" in md
