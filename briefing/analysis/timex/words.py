"""The word lists of ``briefing/data/timex.toml``: months, weekdays, numbers, units and
the cue words that decide whether a look-alike is a date and which way it points."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from briefing.records import TimexType


@dataclass(frozen=True)
class DateWords:
    """The words of ``briefing/data/timex.toml`` that dates are found and resolved by."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    ordinals: dict[str, int]
    vague_quantities: frozenset[str]
    century_ordinals: dict[str, int]
    units: dict[str, tuple[str, int, bool]]
    unit_plurals: dict[str, str]
    vague_unit_codes: dict[str, str]
    relative_days: dict[str, int]
    day_parts: dict[str, str]
    day_part_nouns: frozenset[str]
    kind_adjectives: frozenset[str]
    period_preps: frozenset[str]
    season_preps: frozenset[str]
    seasons: dict[str, str]
    vague: dict[str, tuple[TimexType, str]]
    sets: dict[str, str]
    period_adjectives: dict[str, str]
    span_periods: frozenset[str]
    comparison_tails: frozenset[str]
    indefinite_day_numbers: frozenset[str]
    future_mods: frozenset[str]
    future_aux: frozenset[str]
    past_aux: frozenset[str]
    future_lemmas: frozenset[str]
    future_nouns: frozenset[str]
    name_heads: frozenset[str]
    past_preps: frozenset[str]
    until_preps: frozenset[str]
    day_preps: frozenset[str]
    year_preps: frozenset[str]
    month_preps: frozenset[str]
    duration_mods: tuple[str, ...]
    clock_mods: tuple[str, ...]
    vague_signals: frozenset[str]
    vague_signal_keep: frozenset[str]
    blocking_entities: frozenset[str]
    utc_zones: frozenset[str]

    def unit(self, word: str) -> tuple[str, int, bool] | None:
        w = word.lower()
        w = self.unit_plurals.get(w, w)
        if w not in self.units and w.endswith("s"):
            w = w[:-1]
        return self.units.get(w)


def _as_type(name: str) -> TimexType:
    if name == "DATE":
        return "DATE"
    if name == "TIME":
        return "TIME"
    if name == "DURATION":
        return "DURATION"
    if name == "SET":
        return "SET"
    raise ValueError(f"unknown TIMEX3 type {name!r} in timex.toml")


@functools.lru_cache(maxsize=1)
def date_words() -> DateWords:
    """The word lists of ``briefing/data/timex.toml``, read once."""
    text = resources.files("briefing.data").joinpath("timex.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    cues = data["cues"]
    return DateWords(
        months={k: int(v) for k, v in data["months"].items()},
        weekdays={k: int(v) for k, v in data["weekdays"].items()},
        numbers={k: float(v) for k, v in data["numbers"].items()},
        ordinals={k: int(v) for k, v in data["ordinals"].items()},
        vague_quantities=frozenset(data["vague_quantities"]["words"]),
        century_ordinals={k: int(v) for k, v in data["century_ordinals"].items()},
        units={k: (str(v[0]), int(v[1]), bool(v[2])) for k, v in data["units"].items()},
        unit_plurals=dict(data["unit_plurals"]),
        vague_unit_codes=dict(data["vague_unit_codes"]),
        relative_days={k: int(v) for k, v in data["relative_days"].items()},
        day_parts=dict(data["day_parts"]),
        day_part_nouns=frozenset(cues["day_part_nouns"]),
        kind_adjectives=frozenset(cues["kind_adjectives"]),
        period_preps=frozenset(cues["period_preps"]),
        season_preps=frozenset(cues["season_preps"]),
        seasons=dict(data["seasons"]),
        vague={k: (_as_type(v[0]), str(v[1])) for k, v in data["vague"].items()},
        sets=dict(data["sets"]),
        period_adjectives=dict(data["period_adjectives"]),
        span_periods=frozenset(cues["span_periods"]),
        comparison_tails=frozenset(cues["comparison_tails"]),
        indefinite_day_numbers=frozenset(cues["indefinite_day_numbers"]),
        future_mods=frozenset(cues["future_mods"]),
        future_aux=frozenset(cues["future_aux"]),
        past_aux=frozenset(cues["past_aux"]),
        future_lemmas=frozenset(cues["future_lemmas"]),
        future_nouns=frozenset(cues["future_nouns"]),
        name_heads=frozenset(cues["name_heads"]),
        past_preps=frozenset(cues["past_preps"]),
        until_preps=frozenset(cues["until_preps"]),
        day_preps=frozenset(cues["day_preps"]),
        year_preps=frozenset(cues["year_preps"]),
        month_preps=frozenset(cues["month_preps"]),
        duration_mods=tuple(cues["duration_mods"]),
        clock_mods=tuple(cues["clock_mods"]),
        vague_signals=frozenset(cues["vague_signals"]),
        vague_signal_keep=frozenset(cues["vague_signal_keep"]),
        blocking_entities=frozenset(cues["blocking_entities"]),
        utc_zones=frozenset(cues["utc_zones"]),
    )


def full_month_name(month: int) -> str:
    """The longest name of ``month`` (1-12) in the word lists: "september", not "sept"."""
    return max((k for k, v in date_words().months.items() if v == month), key=len)
