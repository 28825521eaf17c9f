"""Number phrases as articles write them, and the lexicon key figures are read with.

``read_number`` reads the number phrase starting at a token: digits with thousands
separators and decimals ("130,000", "2.8"), spelled-out numbers ("one hundred thousand",
"twenty-five", "a dozen"), scale words and abbreviations ("1.5 billion", "$33bn"), a
currency symbol ("$", "€", "US$"), and what is glued to the digits by a missing space
("100,000soldiers", "150,000.Russian"). ``extend_range`` reads a range ("100,000 to
130,000", "between 1 and 2 million", "12% to 13%") as its upper end, keeping the lower.
The words (numbers, scales, currencies, qualifiers, units, exclusions) live in
``briefing/data/figures.toml``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from briefing.analysis.doccache import token_table

# A token that is (or starts with) a number: an opening quote, a currency symbol, digits with
# thousands separators and decimals, then anything glued to it ("100,000soldiers", "1.5bn").
_NUMERIC = re.compile(
    r"[\"“‘'(\[]?(?P<cur>US\$|[$€£₽₴])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<rest>.*)", re.I
)
_GLUED = re.compile(r"[a-z%+]+", re.I)
RANGE_WORDS = ("to", "-", "–", "—")


@dataclass(frozen=True)
class Lexicon:
    numbers: dict[str, float]
    scales: dict[str, float]
    symbols: dict[str, str]
    codes: frozenset[str]
    currency_words: dict[str, str]
    small_money: float
    rate_words: frozenset[str]
    percent: tuple[tuple[str, ...], ...]
    qualifiers: tuple[tuple[str, ...], ...]
    units: dict[str, str]
    categories: dict[str, str]  # lexicon noun -> its category ("military", "places", ...)
    spelled_minimum: dict[str, float]
    events: dict[str, str]
    exclude_nouns: frozenset[str]
    exclude_before: frozenset[str]
    exclude_after: tuple[tuple[str, ...], ...]
    exclude_entities: frozenset[str]
    speech: frozenset[str]
    indefinite: frozenset[str]
    sides: dict[str, str]
    key_whose_or_what: frozenset[str]  # categories key only with a side or an event
    key_whose: frozenset[str]  # categories key only with what they measure
    key_where: frozenset[str]  # words before the place an unsided count's label names
    pronouns: frozenset[str]  # stand for what a number counts ("957 of them")
    referring: frozenset[str]  # before a small number, refer to things named ("the two")
    totals: frozenset[str]  # subjects totalling their "of" phrase ("the number of ...")
    count_starts: frozenset[str]  # before a date, when a count began ("since 2014")


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    """Multi-word entries as word tuples, longest first."""
    return tuple(sorted((tuple(w.lower().split()) for w in words), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = resources.files("briefing.data").joinpath("figures.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    money, exclude = data["currencies"], data["exclude"]
    units = {word.lower(): unit for table in data["units"].values() for word, unit in table.items()}
    sides = {word.lower(): name for name, words in data["sides"].items() for word in words}
    return Lexicon(
        numbers={k: float(v) for k, v in data["numbers"].items()},
        scales={k: float(v) for k, v in data["scales"].items()},
        symbols={k.lower(): v for k, v in money["symbols"].items()},
        codes=frozenset(money["codes"]),
        currency_words={k.lower(): v for k, v in money["words"].items()},
        small_money=float(money["small"]),
        rate_words=frozenset(money["rate_words"]),
        percent=_phrases(data["percent"]["words"]),
        qualifiers=_phrases(data["qualifiers"]["words"]),
        units=units,
        categories={word.lower(): cat for cat, table in data["units"].items() for word in table},
        spelled_minimum={k: float(v) for k, v in data["spelled_minimum"].items()},
        events=dict(data["events"]),
        exclude_nouns=frozenset(w.lower() for w in exclude["nouns"]),
        exclude_before=frozenset(w.lower() for w in exclude["before"]),
        exclude_after=_phrases(exclude["after"]),
        exclude_entities=frozenset(exclude["entities"]),
        speech=frozenset(exclude["speech"]),
        indefinite=frozenset(exclude["indefinite"]),
        sides=sides,
        key_whose_or_what=frozenset(data["key"]["whose_or_what"]),
        key_whose=frozenset(data["key"]["whose"]),
        key_where=frozenset(data["key"]["where"]),
        pronouns=frozenset(data["reading"]["pronouns"]),
        referring=frozenset(data["reading"]["referring"]),
        totals=frozenset(data["reading"]["totals"]),
        count_starts=frozenset(data["reading"]["count_starts"]),
    )


# ---------------------------------------------------------------- number phrases


@dataclass
class Number:
    """A number phrase: tokens [start, end), its value, and what is glued to its last token."""

    start: int
    end: int
    value: float
    currency: str | None = None
    glued: str = ""  # letters glued to the digits: a unit or the next sentence's first word
    low: float | None = None
    scaled: bool = False  # a scale word or abbreviation multiplied it
    spelled: bool = False  # written in words


def _word_value(word: str, lex: Lexicon) -> float | None:
    if word in lex.numbers:
        return lex.numbers[word]
    if "-" in word:  # "twenty-five"
        parts = word.split("-")
        if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
            return lex.numbers[parts[0]] + lex.numbers[parts[1]]
    return None


def read_number(doc: Doc, i: int, limit: int, lex: Lexicon) -> Number | None:
    """The number phrase starting at token ``i`` (before ``limit``), if one does."""
    lower = token_table(doc).lower
    total = current = 0.0
    currency: str | None = None
    glued = ""
    scaled = spelled = False
    j = i
    seen = False
    if (
        lower[i] in ("a", "an")
        and i + 1 < limit
        and lower[i + 1] in ("hundred", "thousand", "million", "billion")
    ):
        current, seen, spelled, j = 1.0, True, True, i + 1
    while j < limit:
        word = lower[j]
        m = _NUMERIC.fullmatch(doc[j].text) if _digit_start(word) else None
        if m and not seen:
            if m["cur"]:
                currency = lex.symbols.get(m["cur"].lower())
            current = float(m["num"].replace(",", "") + (m["dec"] or ""))
            rest = m["rest"]
            if rest:
                glue = _GLUED.match(rest)
                if rest.lower() in lex.scales:
                    current *= lex.scales[rest.lower()]
                    scaled = True
                elif (glue and glue.end() == len(rest)) or rest[:1] in ".-":
                    glued = rest
                else:
                    return None
            seen = True
            j += 1
            if glued:
                break
            continue
        value = _word_value(word, lex)
        if value is not None and (
            not seen or (current < 100 and value < 10 <= current and current % 10 == 0)
        ):
            current += value  # "one", "twenty five" (not "12 9")
            seen = spelled = True
            j += 1
            continue
        if word in lex.scales and seen and (len(word) > 2 or not spelled):
            scale = lex.scales[word]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0.0
            scaled = True
            j += 1
            continue
        if (
            word == "and"
            and seen
            and spelled
            and j + 1 < limit
            and _word_value(lower[j + 1], lex) is not None
        ):
            j += 1  # "one hundred and fifty"
            continue
        break
    if not seen:
        return None
    return Number(i, j, total + current, currency, glued, scaled=scaled, spelled=spelled)


def _digit_start(word: str) -> bool:
    """Digits, a currency symbol or an opening quote glued to digits ('"8 machines')."""
    head = word[1:] if word[:1] in "\"“‘'([" else word
    return head[:1].isdigit() or head[:1] in "$€£₽₴" or head.startswith("us$")


def is_number(word: str, lex: Lexicon) -> bool:
    return word[:1].isdigit() or _word_value(word, lex) is not None


def starts_number(word: str, lex: Lexicon) -> bool:
    return (
        _digit_start(word) or word in lex.numbers or word in ("a", "an") or _word_value(word, lex) is not None
    )


def match_after(lower: list[str], j: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The length of the first phrase that starts at token ``j``, else 0."""
    for phrase in phrases:
        if tuple(lower[j : j + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def qualifier_start(lower: list[str], i: int, floor: int, lex: Lexicon) -> int:
    """The first token of the qualifiers right before token ``i`` ("currently nearly")."""
    start = i
    for _ in range(2):
        for phrase in lex.qualifiers:
            n = len(phrase)
            if start - n >= floor and tuple(lower[start - n : start]) == phrase:
                start -= n
                break
        else:
            break
    return start


def extend_range(doc: Doc, num: Number, limit: int, lex: Lexicon) -> Number:
    """``num`` extended over a range ("100,000 to 130,000", "between 1 and 2 million")."""
    lower = token_table(doc).lower
    j = num.end
    if j + 1 < limit and lower[j] in ("%", "percent") and lower[j + 1] in RANGE_WORDS:
        j += 1  # "12% to 13%"
    between = num.start > 0 and lower[num.start - 1] == "between"
    if (
        num.glued not in ("", "%")
        or j + 1 >= limit
        or not (lower[j] in RANGE_WORDS or (between and lower[j] == "and"))
    ):
        return num
    upper = read_number(doc, j + 1, limit, lex)
    if upper is None or upper.glued[:1] == "." or (upper.glued != num.glued and num.glued):
        return num
    low = num.value
    if upper.scaled and not num.scaled:
        plain = read_number(doc, upper.start, upper.start + 1, lex)
        if plain is not None and plain.value:
            low *= upper.value / plain.value  # "1 to 2 million": the scale is shared
    if not 0 < low < upper.value:
        return num
    upper.start, upper.low = num.start, low
    upper.currency = upper.currency or num.currency
    return upper
