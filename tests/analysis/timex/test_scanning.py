"""The speed machinery of date finding finds exactly what scanning every rule's pattern over
the text as written finds: lower-cased scanning, and skipping a rule over a text that holds
none of its ``needs``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.analysis.timex.patterns import _longest_word, rules
from briefing.analysis.timex.scanning import lower_pattern, matches, scanners

ROOT = Path(__file__).resolve().parents[3]

# A sentence or two for every rule, some in capitals: each rule's ``needs`` is checked on
# at least one match of its own.
EVERY_RULE = [
    "On 2021-03-05 and 3/5/2021, early March 2021 and 5 March, on March 9 or 10, in 2014 and in the 1990s.",
    "At 6:40 p.m., at 9 AM, at 16:00 UTC and at 1600 GMT today; by noon or midnight.",
    "Yesterday, this morning and last night; in the afternoon; on Monday.",
    "The same period last year and the year-ago quarter; later in the day, earlier in the week, by year-end, the first half of 1990.",
    "Next week, this weekend, the last century, the first quarter and last summer.",
    "Three years ago, for two weeks, over five centuries; for years, a weeks-long siege.",
    "In recent days and in the coming weeks; every week, per day, TWICE A WEEK, three times a year.",
    "On Mondays the Daily report gives the annual figures; At The Moment, recently, in the near future.",
    "In nineteen ninety-six, the 20th century, the nineties; the quarter; each July and Tuesday nights; Monday and Friday nights; for a third straight day; the day before.",
]


def test_patterns_for_lower_cased_text_keep_escapes_and_group_names() -> None:
    assert (
        lower_pattern(r"\b(?P<Wd>MON|Tue)\S+\D(?P=Wd)[ECMP][SD]T")
        == r"\b(?P<Wd>mon|tue)\S+\D(?P=Wd)[ecmp][sd]t"
    )


@pytest.mark.parametrize(
    "text",
    [
        "On MONDAY, 7 February 2022, the Kremlin said talks in May may resume LAST WEEK of March; FY2021 16:00 UTC.",
        "İstanbul talks on Monday, 7 Feb, and the first quarter of NEXT YEAR",  # lower() lengthens "İ"
        "Three Decades ago, every Tuesday at 9 a.m. EST, for the past two weeks",
    ],
)
def test_the_lower_cased_scan_finds_what_the_patterns_find_in_the_text_as_written(text: str) -> None:
    expected = [
        (order, m.span(), m.groupdict())
        for order, rule in enumerate(rules())
        for m in rule.pattern.finditer(text)
    ]
    found = [(order, m.span(), m.groupdict()) for order, m, _handler in matches(text)]
    assert found == expected
    assert any(groups for _order, _span, groups in found)


def test_every_rule_needs_strings_in_lower_case() -> None:
    for rule in rules():
        assert rule.needs is None or (rule.needs and all(s and s == s.lower() for s in rule.needs))
    assert sum(rule.needs is None for rule in rules()) == 1  # only a bare year holds no such string


def test_a_phrase_needs_its_longest_word() -> None:
    assert _longest_word("at the moment") == "moment"
    assert _longest_word("the near term") == "near"  # the first of the longest
    assert _longest_word("now") == "now"


def _texts_for_scanning() -> list[str]:
    from benchmarks.meantime import DEFAULT_CORPUS, corpus_paths

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
    texts += EVERY_RULE
    if DEFAULT_CORPUS.is_dir():
        texts += [
            re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")) for p in corpus_paths(DEFAULT_CORPUS)[:60]
        ]
    return texts


def test_every_match_holds_one_of_its_rules_needs() -> None:
    checked = 0
    seen: set[int] = set()
    for text in _texts_for_scanning():
        lowered = text.lower()
        for order, scanner in enumerate(scanners()):
            if scanner.needs is None:
                continue
            scanned, where = (scanner.fast, lowered) if scanner.fast else (scanner.pattern, text)
            for m in scanned.finditer(where):
                assert any(s in m.group(0) for s in scanner.needs), (scanner.pattern.pattern, m.group(0))
                checked += 1
                seen.add(order)
    from benchmarks.meantime import DEFAULT_CORPUS

    assert checked > (200 if DEFAULT_CORPUS.is_dir() else 50)  # the samples and EVERY_RULE alone: 95
    assert seen == {order for order, scanner in enumerate(scanners()) if scanner.needs is not None}


def test_skipping_rules_by_their_needs_finds_every_match() -> None:
    for text in _texts_for_scanning():
        expected = [
            (order, m.span()) for order, rule in enumerate(rules()) for m in rule.pattern.finditer(text)
        ]
        assert [(order, m.span()) for order, m, _handler in matches(text)] == expected
