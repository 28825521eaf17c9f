"""Property-based tests: random and adversarial text through every extractor.

Invariants: nothing raises; offsets lie inside the text and ``text[start:end]`` is what
the record says; quotes stay within their article; dates are valid ISO / TIMEX3 values.
The CI budget is small (profile "ci"); ``HYPOTHESIS_PROFILE=fuzz`` runs a long fuzz.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.ingest import formats

cl = importlib.import_module("briefing.ingest.clean")

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Pieces that trip rules: quote marks, date-like tokens, boilerplate words, markup, breaks.
PIECES = [
    '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "`", " ", "\n", "\n\n", "\r\n", "\t",
    "said", "told", "according to", "Published: ", "Updated ", "By John Smith", "Share", "Advertisement",
    "February 30", "2022-02-30", "20222", "on Monday", "next week", "1", "9" * 30, ".", "!", "?", ":", "—",
    "<script>", "[x](javascript:y)", "(AP)", "cookies", "newsletter", "Moscow", "NATO", "sanctions",
    "\u202e", "\u200b", "\ufeff", "\x00", "\ud800",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join),
)
_TIMEX_VALUE = re.compile(
    r"(PRESENT_REF|PAST_REF|FUTURE_REF|[\dX]{2,4}(-([\dX]{2}|W[\dX]{2}|Q[1-4X]|H[12]|SP|SU|FA|WI)"
    r"(-([\dX]{2}|WE|[1-7]))?)?(T[\dX:.]+|T(MO|AF|EV|NI))?|P[\dX.]*[A-Z]+(T[\dX.]*[A-Z]+)?|T[\d:X]+|"
    r"P?T?[\dX.]*[A-Z]+)"
)


def _no_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


@given(texts)
def test_clean_keeps_offsets_into_the_text(text: str) -> None:
    result = cl.clean(text)
    for para in result.paragraphs:
        assert para.raw_start is not None and 0 <= para.raw_start <= len(text)
        raw = text[para.raw_start : para.raw_start + len(para.text)]
        assert para.text in (raw, re.sub(r"\s", " ", raw))  # wrapped lines are joined by spaces
    published = result.meta.get("published")
    assert published is None or isinstance(published, dt.date)


@given(texts)
def test_readers_raise_only_format_errors(text: str) -> None:
    for reader in (formats.read_markdown, formats.read_json, formats.read_jsonl, formats.read_text):
        try:
            docs = reader(text)
        except formats.FormatError:
            continue
        for doc in docs:
            assert isinstance(doc.text, str)
            if doc.raw_is_text:
                assert len(doc.text) == len(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c) | st.dictionaries(st.text(max_size=8), c),
        max_leaves=30,
    )
)
def test_json_readers_on_any_json(value: Any) -> None:
    for text in (
        json.dumps(value),
        json.dumps({"text": "A story. " * 3, "title": value, "published": value}),
    ):
        for reader in (formats.read_json, formats.read_jsonl):
            with contextlib.suppress(formats.FormatError):
                reader(text)


@given(texts)
def test_parse_date_is_a_date_or_none(text: str) -> None:
    value = cl.parse_date(text)
    assert value is None or isinstance(value, dt.date)


@given(texts)
def test_quote_segments_lie_in_the_text(text: str) -> None:
    from briefing.analysis.quotes import find_segments

    for seg in find_segments(text):
        assert 0 <= seg.start <= seg.end <= len(text)


@given(texts, st.integers(0, 500), st.integers(0, 500), st.integers(0, 12))
def test_quote_lead_word_count_is_a_split(text: str, lo: int, hi: int, most: int) -> None:
    from briefing.analysis.quotes import _count_words

    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert _count_words(text, lo, hi, most) == min(len(text[lo:hi].split()), most)


@given(st.lists(st.integers(0, 50), max_size=60), st.integers(-5, 55), st.integers(-5, 55))
def test_latest_speaker_in_a_range_is_the_last_added(positions: list[int], lo: int, hi: int) -> None:
    from briefing.analysis.quotes import _LatestIn

    wanted = [i for i, pos in enumerate(positions) if lo <= pos < hi]
    assert _LatestIn(positions).find(lo, hi) == (wanted[-1] if wanted else None)


@pytest.fixture(scope="module")
def taxonomy() -> Any:
    from briefing.analysis.themes import load_taxonomy

    return load_taxonomy(None)


@settings(max_examples=max(10, settings().max_examples // 3))
@given(texts, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_nlp_extractors_keep_their_invariants(
    nlp: Any, taxonomy: Any, text: str, ref: dt.date | None
) -> None:
    from briefing.analysis.developments import find_developments
    from briefing.analysis.quotes import find_quotes
    from briefing.analysis.themes import place
    from briefing.analysis.timex import find_timexes

    text = _no_surrogates(text)
    doc = nlp(text)
    for q in find_quotes(doc):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
    timexes = find_timexes(doc, ref)
    for t in timexes:
        assert 0 <= t.start <= t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert _TIMEX_VALUE.fullmatch(t.value), t.value
        if t.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value):
            dt.date.fromisoformat(t.value)
    for d in find_developments(doc, timexes, []):
        assert 0 <= d.start <= d.end <= len(text)
        if d.date is not None and len(d.date) == 10:
            dt.date.fromisoformat(d.date)
    for p in place(doc, taxonomy, 1.0, []):
        assert 0 <= p.start <= p.end <= len(text)
