"""Tests for briefing.ingest.datelines: one dateline pattern for speakers, corroboration and key points."""

from __future__ import annotations

import pytest

from briefing.ingest.datelines import dateline


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("WASHINGTON — The president said", "WASHINGTON — ", None),
        ("LONDON (Reuters) - Ministers met", "LONDON (Reuters) - ", "Reuters"),
        ("BEDFORD, N.H. (AP) — Voters", "BEDFORD, N.H. (AP) — ", "AP"),
        ("MINSK, 24 April (BelTA) – The talks", "MINSK, 24 April (BelTA) – ", "BelTA"),
        ("Dubai, United Arab Emirates (CNN)- The minister", "Dubai, United Arab Emirates (CNN)- ", "CNN"),
    ],
)
def test_a_dateline_and_its_agency(text: str, place: str, agency: str | None) -> None:
    m = dateline(text)
    assert m is not None and m.group() == place and m["agency"] == agency


@pytest.mark.parametrize(
    "text",
    [
        "NATO-Russia talks resumed on Monday.",
        "Officials said - and repeated - that",
        "The minister — who spoke",
    ],
)
def test_prose_has_no_dateline(text: str) -> None:
    assert dateline(text) is None


def test_a_dateline_at_a_paragraph_start() -> None:
    text = "First paragraph.\n\nKYIV (AP) — Second."
    m = dateline(text, text.index("KYIV"))
    assert m is not None and m["agency"] == "AP"
