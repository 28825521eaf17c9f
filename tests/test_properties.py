"""Property-based tests: random and adversarial text through every extractor.

Invariants: nothing raises; offsets lie inside the text and ``text[start:end]`` is what
the record says; quotes stay within their article; dates are valid ISO / TIMEX3 values.
The CI budget is small (profile "ci"); ``HYPOTHESIS_PROFILE=fuzz`` runs a long fuzz:
10,000 examples per test (a third of that for the spaCy extractors), 8 to 15 minutes on
two shared cores. Its last run passed every example; the super-linear cases it is not
built to see (timing) are in benchmarks/adversarial.py.
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
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Pieces that trip rules: quote marks, date-like tokens, boilerplate words, markup, breaks.
PIECES = [
    '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "`", " ", "\n", "\n\n", "\r\n", "\t",
    "said", "told", "according to", "Published: ", "Updated ", "By John Smith", "Share", "Advertisement",
    "February 30", "2022-02-30", "20222", "on Monday", "next week", "1", "9" * 30, ".", "!", "?", ":", "—",
    "<script>", "[x](javascript:y)", "(AP)", "cookies", "newsletter", "Moscow", "NATO", "sanctions",
    "\u202e", "\u200b", "\ufeff", "\x00", "\ud800",
]  # fmt: skip
# Runs without whitespace longer than the tokenizer takes whole (briefing/analysis/nlp.py).
long_runs = st.builds(
    lambda unit, n: (unit * n)[:n],
    st.sampled_from(['"', "\u201c\u201d", "(", "!?", "'s", "a-", "1"]),
    st.integers(490, 1200),
)
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), long_runs), max_size=6).map("".join),
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
    from briefing.analysis.quotes.cues import _count_words

    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert _count_words(text, lo, hi, most) == min(len(text[lo:hi].split()), most)


@given(st.lists(st.integers(0, 50), max_size=60), st.integers(-5, 55), st.integers(-5, 55))
def test_latest_speaker_in_a_range_is_the_last_added(positions: list[int], lo: int, hi: int) -> None:
    from briefing.analysis.quotes.speakers import _LatestIn

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
    from briefing.analysis.themes import matching as themes
    from briefing.analysis.themes import place
    from briefing.analysis.timex import find_timexes

    text = _no_surrogates(text)
    doc = nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
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
    # Dependency patterns, matched sentence by sentence, as spaCy matches the whole Doc
    # (with no budget: the budget is what makes them differ, by design, on run-on text).
    _matcher, dep_matcher, _keys = taxonomy.matchers(doc.vocab)
    budget, themes.DEPENDENCY_BUDGET = themes.DEPENDENCY_BUDGET, 10**12
    try:
        found = themes._dependency_matches(doc, taxonomy, dep_matcher)
    finally:
        themes.DEPENDENCY_BUDGET = budget
    assert found == [(k, list(ids)) for k, ids in dep_matcher(doc)]


@given(st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=8), st.integers(-10, 70))
def test_skipped_spans_hold_what_any_span_holds(spans: list[tuple[int, int]], x: int) -> None:
    from briefing.analysis.spans import within

    assert within(spans)(x) == any(s <= x < e for s, e in spans)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.booleans()), max_size=40))
def test_uncovered_evidence_is_what_no_other_covers(items: list[tuple[int, int, bool]]) -> None:
    from briefing.analysis.themes.matching import Evidence
    from briefing.analysis.themes.scoring import _uncovered

    evidence = [
        Evidence("t", 1.0, True, first, first + width, key=str(k), phrase=phrase)
        for k, (first, width, phrase) in enumerate(items)
    ]
    assert _uncovered(evidence) == [e for e in evidence if not any(o.covers(e) for o in evidence)]
