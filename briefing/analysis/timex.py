"""Temporal expressions: recognition and TIMEX3 normalisation.

``find_timexes`` scans an article's clean text with patterns built from the lexicons in
``briefing/data/timex.toml`` and normalises every match against the article's published
date (``ref``). The spaCy parse is used to reject look-alikes (``May`` as a modal, ``Sunday
Times`` as an organisation, bare numbers) and to read the tense of the governing verb,
which decides the direction of under-specified dates: a past-tense ``on Thursday`` is the
most recent Thursday on or before ``ref``, a future-tense one the next on or after it.

Values follow TIMEX3: ``2021-12-24``, ``2021-12``, ``2021``, ``2021-W52``, ``2021-Q4``,
``2021-12-24T18:40``, durations ``P3D``/``PT50M``/``PXY``, sets ``P1W``, and the vague
``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``. Expressions that cannot be anchored (no
``ref``, or vague) get ``X`` placeholders and ``resolved=False``; a date is never invented.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, doc_text
from briefing.records import Timex, TimexType

_Val = tuple[TimexType, str, bool]
_Handler = Callable[["re.Match[str]", "_Ctx"], "_Val | None"]

PAST, NEUTRAL, FUTURE = -1, 0, 1


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    ordinals: dict[str, int]
    vague_quantities: frozenset[str]
    units: dict[str, tuple[str, int, bool]]
    unit_plurals: dict[str, str]
    relative_days: dict[str, int]
    day_parts: dict[str, str]
    day_part_nouns: frozenset[str]
    season_preps: frozenset[str]
    seasons: dict[str, str]
    vague: dict[str, tuple[TimexType, str]]
    sets: dict[str, str]
    period_adjectives: dict[str, str]
    future_mods: frozenset[str]
    future_aux: frozenset[str]
    future_lemmas: frozenset[str]
    past_preps: frozenset[str]
    until_preps: frozenset[str]
    day_preps: frozenset[str]
    year_preps: frozenset[str]
    month_preps: frozenset[str]
    duration_mods: tuple[str, ...]
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
def _lexicon() -> _Lexicon:
    text = resources.files("briefing.data").joinpath("timex.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    cues = data["cues"]
    return _Lexicon(
        months={k: int(v) for k, v in data["months"].items()},
        weekdays={k: int(v) for k, v in data["weekdays"].items()},
        numbers={k: float(v) for k, v in data["numbers"].items()},
        ordinals={k: int(v) for k, v in data["ordinals"].items()},
        vague_quantities=frozenset(data["vague_quantities"]["words"]),
        units={k: (str(v[0]), int(v[1]), bool(v[2])) for k, v in data["units"].items()},
        unit_plurals=dict(data["unit_plurals"]),
        relative_days={k: int(v) for k, v in data["relative_days"].items()},
        day_parts=dict(data["day_parts"]),
        day_part_nouns=frozenset(cues["day_part_nouns"]),
        season_preps=frozenset(cues["season_preps"]),
        seasons=dict(data["seasons"]),
        vague={k: (_as_type(v[0]), str(v[1])) for k, v in data["vague"].items()},
        sets=dict(data["sets"]),
        period_adjectives=dict(data["period_adjectives"]),
        future_mods=frozenset(cues["future_mods"]),
        future_aux=frozenset(cues["future_aux"]),
        future_lemmas=frozenset(cues["future_lemmas"]),
        past_preps=frozenset(cues["past_preps"]),
        until_preps=frozenset(cues["until_preps"]),
        day_preps=frozenset(cues["day_preps"]),
        year_preps=frozenset(cues["year_preps"]),
        month_preps=frozenset(cues["month_preps"]),
        duration_mods=tuple(cues["duration_mods"]),
        blocking_entities=frozenset(cues["blocking_entities"]),
        utc_zones=frozenset(cues["utc_zones"]),
    )


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


# ---------------------------------------------------------------- calendar helpers


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _unit_value(unit: str, base: dt.date | None, offset: int) -> tuple[str, bool]:
    """The calendar period of kind ``unit`` lying ``offset`` periods from ``base``."""
    if base is None:
        placeholder = {
            "day": "XXXX-XX-XX",
            "week": "XXXX-WXX",
            "weekend": "XXXX-WXX-WE",
            "month": "XXXX-XX",
            "quarter": "XXXX-QX",
            "year": "XXXX",
            "decade": "XXX",
            "century": "XX",
        }
        return placeholder[unit], False
    if unit == "day":
        return (base + dt.timedelta(days=offset)).isoformat(), True
    if unit in ("week", "weekend"):
        week = _iso_week(base + dt.timedelta(weeks=offset))
        return (week + "-WE" if unit == "weekend" else week), True
    if unit == "month":
        y, m = _add_months(base.year, base.month, offset)
        return f"{y:04d}-{m:02d}", True
    if unit == "quarter":
        y, m = _add_months(base.year, base.month, 3 * offset)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}", True
    if unit == "year":
        return f"{base.year + offset:04d}", True
    if unit == "decade":
        return f"{base.year // 10 + offset:03d}", True
    return f"{base.year // 100 + offset:02d}", True  # century


_CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|W\d{2}|H[12]|SP|SU|FA|WI))?")


def _at_granularity(value: str, unit: str) -> str | None:
    """``value`` (a resolved TIMEX3 date) cut to the period of kind ``unit`` holding it, or
    None when it is not that precise ("2009" holds no month; "2009-Q3" no week)."""
    if not _CALENDAR_VALUE.fullmatch(value):
        return None
    day = dt.date.fromisoformat(value) if len(value) == 10 else None
    if unit == "year":
        return value[:4]
    if unit == "month":
        return value[:7] if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value) else None
    if unit == "quarter":
        if re.fullmatch(r"\d{4}-Q[1-4]", value):
            return value
        if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value):
            return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"
        return None
    if unit in ("week", "weekend"):
        if re.fullmatch(r"\d{4}-W\d{2}", value):
            return value + ("-WE" if unit == "weekend" else "")
        return (_iso_week(day) + ("-WE" if unit == "weekend" else "")) if day else None
    if unit == "day":
        return value if day else None
    if unit == "season":
        return value if re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", value) else None
    return value  # "period": whatever was last talked about


def _shift_year(value: str, years: int) -> str:
    """``value`` (a calendar value from ``_at_granularity``) moved by whole years."""
    year = int(value[:4]) + years
    rest = value[4:]
    if rest == "-02-29" and not _valid_day(year, 2, 29):
        rest = "-02-28"
    return f"{year:04d}{rest}"


def _weekday_date(wd: int, ref: dt.date, direction: int, rel: str) -> dt.date:
    back = (ref.isoweekday() - wd) % 7  # days back to the most recent such day (0 = ref)
    fwd = (wd - ref.isoweekday()) % 7  # days forward to the next such day (0 = ref)
    if rel in ("last", "past", "previous"):
        return ref - dt.timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return ref + dt.timedelta(days=fwd or 7)
    if rel == "this" and direction == NEUTRAL:
        return ref + dt.timedelta(days=wd - ref.isoweekday())
    if direction == PAST:
        return ref - dt.timedelta(days=back)
    if direction == FUTURE:
        return ref + dt.timedelta(days=fwd)
    return ref - dt.timedelta(days=back) if back <= fwd else ref + dt.timedelta(days=fwd)


def _year_for(month: int, day: int | None, ref: dt.date, direction: int, rel: str) -> int:
    """The year that puts a year-less month (and day) nearest to ``ref`` in ``direction``."""
    key = (month, day or 0)
    ref_key = (ref.month, ref.day if day is not None else 0)
    if rel == "last":
        return ref.year if key < ref_key else ref.year - 1
    if rel == "next":
        return ref.year if key > ref_key else ref.year + 1
    if rel == "this":
        return ref.year
    if direction == PAST:
        return ref.year if key <= ref_key else ref.year - 1
    if direction == FUTURE:
        return ref.year if key >= ref_key else ref.year + 1
    return ref.year


def _number(text: str) -> float | None:
    """The value of a numeral ("three", "twenty-five", "2.5", "two and a half"); None if vague."""
    lex = _lexicon()
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in lex.vague_quantities:
        return None
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", "")) + half
    if t in ("half a", "half an"):
        return 0.5
    if t.startswith("a couple"):
        return 2.0 + half
    total = 0.0
    for word in re.split(r"[\s-]+", t):
        if word == "of":
            continue
        if word == "hundred":
            total = max(total, 1.0) * 100
        elif word in lex.numbers:
            total += lex.numbers[word]
        else:
            return None
    return total + half


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration(n: float | None, unit_word: str) -> str | None:
    unit = _lexicon().unit(unit_word)
    if unit is None:
        return None
    code, mult, is_time = unit
    t = "T" if is_time else ""
    if n is None:
        return f"P{t}X{code}"
    if code == "M" and not is_time and n * mult < 1:
        return f"P{_fmt_number(n * mult * 30)}D"
    return f"P{t}{_fmt_number(n * mult)}{code}"


def _canonical_unit(word: str) -> str:
    lex = _lexicon()
    w = word.lower()
    w = lex.unit_plurals.get(w, w)
    return w if w in lex.units else w.rstrip("s")


# ---------------------------------------------------------------- context


class _Ctx:
    def __init__(self, doc: Doc, ref: dt.date | None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.ref = ref
        self.anchor = ref  # the last fully specified date mentioned (for "a day earlier")
        self.mentions: list[str] = []  # resolved calendar values met so far, in text order
        self.lex = _lexicon()

    def current(self, unit: str) -> tuple[str, bool]:
        """The period of kind ``unit`` under discussion: the one holding the latest date
        mentioned that is precise enough ("in January ... later in the month"), else the one
        holding the anchor date."""
        for value in reversed(self.mentions):
            found = _at_granularity(value, unit)
            if found is not None:
                return found, True
        return _unit_value(unit, self.anchor, 0)

    def span(self, start: int, end: int) -> Span | None:
        span: Span | None = self.doc.char_span(start, end, alignment_mode="expand")
        return span

    def token_at(self, char: int) -> Token | None:
        span = self.span(char, char + 1)
        return span[0] if span is not None and len(span) else None

    def prev_word(self, start: int) -> str:
        m = re.search(r"([A-Za-z']+)[\s\-]*$", self.text[max(0, start - 40) : start])
        return m.group(1).lower() if m else ""

    def blocked(self, char: int) -> bool:
        """The token at ``char`` belongs to a non-temporal named entity."""
        tok = self.token_at(char)
        return tok is not None and tok.ent_type_ in self.lex.blocking_entities

    # -- tense

    def direction(self, start: int, end: int) -> int:
        span = self.span(start, end)
        if span is None or not len(span):
            return NEUTRAL
        inside = range(span.start, span.end)
        node: Token = span.root
        for _ in range(40):
            if node.i not in inside and node.lower_ in self.lex.past_preps:
                return PAST  # "since November"
            if node.i not in inside and node.lower_ in self.lex.until_preps:
                # "closed until Friday": the end of a state that lasts to the present or beyond
                # lies ahead, unless the verb is a plain past ("stayed until Friday").
                verb = next(
                    (
                        a
                        for a in node.ancestors
                        if a.pos_ in ("VERB", "AUX")
                        and (a.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in children(a)))
                    ),
                    None,
                )
                plain_past = verb is not None and (
                    verb.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ == "aux" for c in children(verb))
                )
                return PAST if plain_past else FUTURE
            if node.i not in inside:
                if node.lower_ in self.lex.future_lemmas and node.pos_ in ("ADV", "ADJ", "ADP"):
                    return FUTURE
                for child in self._future_mods(node):
                    if child.i not in inside:
                        return FUTURE
            if node.pos_ in ("VERB", "AUX") and node.i not in inside:
                found = self._verb_direction(node, 0)
                # A participle or gerund clause without its own auxiliary ("a call discussing
                # Ukraine on Wednesday") takes the tense of the clause it modifies.
                nonfinite = (
                    node.tag_ in ("VBG", "VBN")
                    and node.dep_ == "acl"
                    and not any(c.dep_ in ("aux", "auxpass") for c in children(node))
                )
                if found != NEUTRAL or not nonfinite or node.head is node:
                    return found
            if node.head is node:
                return NEUTRAL
            node = node.head
        return NEUTRAL

    def _future_mods(self, node: Token) -> list[Token]:
        """``node``'s amod children that point ahead ("the upcoming talks"), listed once
        per Doc: a node can head thousands of children and be reached from every date."""
        cache: dict[int, list[Token]] = self.doc.user_data.setdefault("briefing.future_mods", {})
        found = cache.get(node.i)
        if found is None:
            found = [
                child
                for child in children(node)
                if child.dep_ == "amod"
                and (child.lower_ in self.lex.future_mods or child.lemma_ in ("upcoming", "forthcoming"))
            ]
            cache[node.i] = found
        return found

    def _verb_direction(self, verb: Token, depth: int) -> int:
        lex = self.lex
        auxes = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        if words & lex.future_aux:
            return FUTURE
        if "auxpass" in {c.dep_ for c in auxes} and verb.lemma_ in lex.future_lemmas - {"go", "look", "set"}:
            return FUTURE  # "was scheduled for Monday"
        if words & {"have", "has", "had", "'ve"}:
            return PAST
        if any(c.tag_ == "MD" for c in auxes):
            return FUTURE  # "may be signed on September 12"
        infinitive = "to" in words or (verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl", "acl"))
        if infinitive and depth < 4 and verb.head is not verb:
            gov = verb.head
            if gov.lemma_ in lex.future_lemmas:
                return FUTURE
            if gov.pos_ in ("VERB", "AUX"):
                return self._verb_direction(gov, depth + 1)
            return NEUTRAL
        if "to" in words and verb.dep_ == "ROOT":
            return FUTURE  # headline style: "Markets to remain closed until Friday"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
            return PAST
        if verb.tag_ == "VBN":
            deferred = not auxes and verb.dep_ in ("acomp", "xcomp", "oprd", "conj") and depth < 4
            if deferred and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
                return self._verb_direction(verb.head, depth + 1)
            return PAST
        if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
            return FUTURE
        return NEUTRAL


# ---------------------------------------------------------------- handlers


def _full_month_name(month: int) -> str:
    return max((k for k, v in _lexicon().months.items() if v == month), key=len)


def _capitalised(s: str) -> bool:
    return bool(s) and s[0].isupper()


def _h_iso(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(y, mo, d):
        return None
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", True


def _h_slash(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    mo, d, ys = int(m["m"]), int(m["d"]), m["y"]
    y = int(ys) if len(ys) == 4 else 2000 + int(ys) if int(ys) < 50 else 1900 + int(ys)
    if not _valid_day(y, mo, d):
        return None
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", True


def _month_of(m: re.Match[str], ctx: _Ctx) -> int | None:
    name = m["month"]
    key = name.lower().rstrip(".")
    month = ctx.lex.months.get(key)
    if month is None or not _capitalised(name):
        return None
    tok = ctx.token_at(m.start("month"))
    if tok is not None and (tok.tag_ == "MD" or tok.pos_ == "VERB"):
        return None
    return month


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    month = _month_of(m, ctx)
    if month is None:
        return None
    day = int(m["day"]) if m["day"] else None
    year = int(m["year"]) if m["year"] else None
    rel = (m.groupdict().get("rel") or "").lower()
    mod = m.groupdict().get("mod")
    name = m["month"]
    yrel = (m.groupdict().get("yrel") or "").lower()
    if yrel and year is None and ctx.ref is not None:
        year = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[yrel]
    if day is None and year is None and not rel and not mod:
        # A bare month name: demand a temporal preposition for the ambiguous and abbreviated ones.
        short = name.lower().rstrip(".") != _full_month_name(month)
        ambiguous = name.lower() in ("may", "march") or short
        if ambiguous and ctx.prev_word(m.start("month")) not in ctx.lex.month_preps:
            return None
        if ctx.blocked(m.start("month")):
            return None
        tok = ctx.token_at(m.start("month"))
        if ambiguous and tok is not None and tok.pos_ not in ("PROPN", "NOUN"):
            return None
    elif ctx.blocked(m.start("month")) and year is None and day is None:
        return None
    if year is not None and not 1000 <= year <= 2999:
        year = None
    if day is not None:
        if year is not None:
            if not _valid_day(year, month, day):
                return None
            return "DATE", f"{year:04d}-{month:02d}-{day:02d}", True
        if not _valid_day(2000, month, day):  # no year has it
            return None
        if ctx.ref is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", False
        y = _year_for(month, day, ctx.ref, ctx.direction(m.start(), m.end()), rel)
        if not _valid_day(y, month, day):
            return "DATE", f"XXXX-{month:02d}-{day:02d}", False
        return "DATE", f"{y:04d}-{month:02d}-{day:02d}", True
    if year is not None:
        return "DATE", f"{year:04d}-{month:02d}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-{month:02d}", False
    y = _year_for(month, None, ctx.ref, ctx.direction(m.start(), m.end()), rel)
    return "DATE", f"{y:04d}-{month:02d}", True


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    year = int(m["year"])
    if not 1000 <= year <= 2999:
        return None
    tok = ctx.token_at(m.start("year"))
    ent = tok.ent_type_ if tok is not None else ""
    if ent in ctx.lex.blocking_entities:
        return None
    if tok is not None and tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and not m["mod"]:
        return None  # "2014 seats": a count
    if tok is not None and not m["mod"] and not m["fy"] and _inside_name(tok, ctx):
        return None  # "the Russell 2000 Index", "Windows 2000 Server": part of a name
    if ent != "DATE" and not m["mod"] and not m["fy"]:
        if ctx.prev_word(m.start()) not in ctx.lex.year_preps or not 1600 <= year <= 2100:
            return None
        nxt = ctx.token_at(m.end("year") + 1) if m.end("year") + 1 < len(ctx.text) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.i == (tok.i + 1 if tok else -1):
            return None  # "in 2014 votes": a count, not a year
    return "DATE", f"{year:04d}", True


def _inside_name(tok: Token, ctx: _Ctx) -> bool:
    """``tok`` stands between two capitalised proper nouns that are not calendar words."""
    doc = tok.doc
    if tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    calendar = ctx.lex.months.keys() | ctx.lex.weekdays.keys() | ctx.lex.seasons.keys()

    def name_word(t: Token) -> bool:
        return t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_.rstrip(".") not in calendar

    return name_word(doc[tok.i - 1]) and name_word(doc[tok.i + 1])


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:
        # "the 70s and 80s": the second of two joined decades takes the first's century
        joined = re.search(
            r"(?:\b(?P<c>1[0-9]|20)|'|\bthe\s+)\d0s(?:\s*,)?(?:\s+(?:and|or|to|through|into)\s+|\s*[-\u2013]\s*)$",
            ctx.text[max(0, m.start() - 30) : m.start()],
        )
        if not m["the"] and not m["dec"].startswith("'") and not joined:
            return None
        century = joined["c"] if joined and joined["c"] else "19"
        return "DATE", f"{century}{digits[0]}", True
    return "DATE", digits[:3], True


def _h_time(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    h = int(m["h"])
    mi = int(m["mi"]) if m["mi"] else 0
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "")
    tz = (m.groupdict().get("tz") or "").lower()
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ampm == "pm" else 0)
    if h > 23 or mi > 59:
        return None
    if not ampm and not tz:
        tok = ctx.token_at(m.start())
        if (tok is None or tok.ent_type_ != "TIME") and ctx.prev_word(m.start()) not in (
            "at",
            "by",
            "until",
            "till",
            "from",
            "to",
            "around",
            "before",
            "after",
            "about",
        ):
            return None
    day_value, resolved = "XXXX-XX-XX", False
    day_word = (m.groupdict().get("day2") or "").lower()
    on_date = _clock_date(m, ctx)
    if on_date is not None:
        day_value, resolved = on_date
    elif ctx.ref is not None and ctx.anchor is not None:
        d = ctx.anchor  # a clock time belongs to the day last mentioned
        if day_word in ctx.lex.relative_days:
            d = ctx.ref + dt.timedelta(days=ctx.lex.relative_days[day_word])
        elif day_word in ctx.lex.weekdays:
            d = _weekday_date(ctx.lex.weekdays[day_word], ctx.ref, ctx.direction(m.start(), m.end()), "")
        day_value, resolved = d.isoformat(), True
    zone = "Z" if tz in ctx.lex.utc_zones else ""
    return "TIME", f"{day_value}T{h:02d}:{mi:02d}{zone}", resolved


def _clock_date(m: re.Match[str], ctx: _Ctx) -> tuple[str, bool] | None:
    """The calendar date written after a clock time ("10 a.m. on March 3"), if any."""
    name = m.groupdict().get("dmon") or m.groupdict().get("dmon_")
    if not name or not _capitalised(name):
        return None
    month = ctx.lex.months.get(name.lower().rstrip("."))
    day = int(m.groupdict().get("dday") or m.groupdict().get("dday_") or 0)
    if month is None or not _valid_day(2000, month, day):
        return None
    if m["dyear"]:
        year = int(m["dyear"])
        return (f"{year:04d}-{month:02d}-{day:02d}", True) if _valid_day(year, month, day) else None
    if ctx.ref is None:
        return f"XXXX-{month:02d}-{day:02d}", False
    year = _year_for(month, day, ctx.ref, ctx.direction(m.start(), m.end()), "")
    return (f"{year:04d}-{month:02d}-{day:02d}", True) if _valid_day(year, month, day) else None


def _h_named_time(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    clock = "12:00" if m["word"].lower() == "noon" else "24:00"
    if ctx.ref is None:
        return "TIME", f"XXXX-XX-XXT{clock}", False
    return "TIME", f"{ctx.ref.isoformat()}T{clock}", True


def _h_relday(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    word = m["word"].lower()
    part = (m.groupdict().get("part") or "").lower()
    if word == "last night":
        offset, part = -1, "night"
    elif word.startswith("this"):
        offset = 0
        part = part or word.split()[-1]  # "this morning"
    elif word.startswith("the day before"):
        offset = -2
    elif word.startswith("the day after"):
        offset = 2
    else:
        offset = ctx.lex.relative_days[word]
        if word == "tonight":
            part = "tonight"
    code = ctx.lex.day_parts.get(part, "")
    if ctx.ref is None:
        return ("TIME", f"XXXX-XX-XXT{code}", False) if code else ("DATE", "XXXX-XX-XX", False)
    d = (ctx.ref + dt.timedelta(days=offset)).isoformat()
    return ("TIME", f"{d}T{code}", True) if code else ("DATE", d, True)


def _h_day_part(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """ "in the afternoon", "in morning trading": that part of the day under discussion."""
    after = re.match(r"\s*([A-Za-z]+)", ctx.text[m.end() : m.end() + 30])
    nxt = after.group(1).lower() if after else ""
    if nxt == "of":
        return None  # "the morning of March 3": the date carries it
    if nxt not in ctx.lex.day_part_nouns:
        tok = ctx.token_at(m.end() + after.start(1)) if after else None
        if not m["the"] or (tok is not None and tok.pos_ in ("NOUN", "PROPN")):
            return None  # "in evening wear", "in the evening news"
    code = ctx.lex.day_parts[m["part"].lower()]
    if ctx.ref is None or ctx.anchor is None:
        return "TIME", f"XXXX-XX-XXT{code}", False
    return "TIME", f"{ctx.anchor.isoformat()}T{code}", True


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    name = m["wd"]
    if not _capitalised(name) or ctx.blocked(m.start("wd")):
        return None
    after = ctx.text[m.end() : m.end() + 30]
    nxt = re.match(r"\s+([A-Z][a-z]+)", after)
    if nxt and nxt.group(1).lower() not in ctx.lex.months and nxt.group(1).lower() not in ctx.lex.day_parts:
        tok = ctx.token_at(m.end() + 1 + after[1:].find(nxt.group(1)) if after else m.end())
        if tok is not None and tok.pos_ == "PROPN" and tok.ent_type_ != "DATE":
            return None  # "Sunday Times", "Monday Night Football"
    wd = ctx.lex.weekdays[name.lower()]
    rel = (m.groupdict().get("rel") or "").lower()
    code = ctx.lex.day_parts.get((m.groupdict().get("part") or "").lower(), "")
    if ctx.ref is None:
        value = f"XXXX-WXX-{wd}"
        return ("TIME", f"{value}T{code}", False) if code else ("DATE", value, False)
    direction = NEUTRAL if rel in ("last", "past", "next", "coming") else ctx.direction(m.start(), m.end())
    d = _weekday_date(wd, ctx.ref, direction, rel).isoformat()
    return ("TIME", f"{d}T{code}", True) if code else ("DATE", d, True)


def _h_relunit(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    if rel == "the":
        following = ctx.text[m.end() : m.end() + 20]
        if re.match(r"\s+(?:of|before|after|when|that|in\s+which)\b", following):
            return None
        prev = ctx.prev_word(m.start())
        framed = re.match(r"(?:earlier|later|\s|in)*(?:the\s+)?\w+(?:\s+half)?\s+of\s", m.group(0), re.I)
        if unit == "day" and prev not in ctx.lex.day_preps and not framed:
            return None  # but "the start of the day" is the day in question
        if unit == "year" and prev != "of" and not framed:
            return None  # only "the end/start of the year"
        if unit not in ("day", "weekend", "year"):
            return None
    bare = rel.removeprefix("the ")
    if bare in ("past",) or (rel == "the last" and unit in ("decade", "century")):
        if unit == "weekend":
            return None
        value = _duration(1.0, unit)
        return ("DURATION", value, True) if value else None
    if unit == "day" and rel in ("this", "last", "next", "current", "coming"):
        return None  # "this day", "last day": not a calendar reference
    if rel == "the same" and ctx.ref is not None:
        value, resolved = ctx.current(unit)  # "in January ... in the same month"
        return "DATE", value, resolved
    uses_anchor = rel in ("the same", "the", "the previous", "the following") or (
        unit == "day" and rel == "the next"
    )
    base = ctx.anchor if uses_anchor else ctx.ref
    if bare in ("this", "current", "same", "the"):
        offset = 0
    elif bare in ("last", "previous"):
        offset = -1
    else:  # next, coming, following
        offset = 1
    if unit == "weekend" and rel == "the" and base is not None:
        direction = ctx.direction(m.start(), m.end())
        if direction == PAST and base.isoweekday() < 6:
            offset = -1
    value, resolved = _unit_value(unit, base, offset)
    return "DATE", value, resolved


def _h_same_period(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """ "the same month a year ago", "the same period last year", "the year-ago quarter": the
    period last talked about, moved back a year (or to the year named)."""
    unit = m["unit"].lower()
    shifted = bool(m["shift"] or m["ago"])
    if unit == "time" and not shifted:
        return None  # "at the same time": simultaneously
    if not shifted and unit != "period":
        return None  # "the same day/month": left to the calendar-unit rule
    if ctx.ref is None:
        return None
    if unit in ("period", "time"):
        # a period is a month, quarter, half or season: the latest one mentioned
        value = next(
            (v for v in reversed(ctx.mentions) if re.fullmatch(r"\d{4}-(?:\d{2}|Q\d|H\d|[A-Z]{2})", v)), ""
        )
        if not value:
            return None
        resolved = True
        if not shifted:
            return "DATE", value, True
    else:
        value, resolved = ctx.current(unit)
    if not resolved:
        return None
    year = m.groupdict().get("year")
    if year:
        return "DATE", f"{int(year):04d}{value[4:]}", True
    return "DATE", _shift_year(value, -1), True


def _h_in_the_unit(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    """ "later in the day", "earlier in the month": the day/week/month/year under discussion."""
    if ctx.ref is None:
        return None
    value, resolved = ctx.current(m["unit"].lower())
    return "DATE", value, resolved


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    ordinal = m["ord"].lower()
    q = int(ordinal[0]) if ordinal[0].isdigit() else ctx.lex.ordinals[ordinal]
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-Q{q}", True
    yrel = (m.groupdict().get("yrel") or "").lower()
    if ctx.ref is None:
        return "DATE", f"XXXX-Q{q}", False
    ref_q = (ctx.ref.month - 1) // 3 + 1
    if yrel in ("this", "the"):
        return "DATE", f"{ctx.ref.year:04d}-Q{q}", True
    if yrel == "last":
        return "DATE", f"{ctx.ref.year - 1:04d}-Q{q}", True
    if yrel == "next":
        return "DATE", f"{ctx.ref.year + 1:04d}-Q{q}", True
    if ordinal == "last":  # "the last quarter": the one before the current
        y, mo = _add_months(ctx.ref.year, ctx.ref.month, -3)
        return "DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}", True
    direction = ctx.direction(m.start(), m.end())
    year = ctx.ref.year
    if direction == FUTURE and q < ref_q:
        year += 1
    elif direction == PAST and q >= ref_q:
        year -= 1  # a quarter reported on in the past tense is a finished one
    return "DATE", f"{year:04d}-Q{q}", True


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}  # winter straddles the new year


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    rel = (m.groupdict().get("rel") or "").lower()
    word = m["season"]
    yrel = (m.groupdict().get("yrel") or "").lower()
    tok = ctx.token_at(m.start("season"))
    if tok is not None and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if not m["year"] and tok is not None and _capitalised(word) and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if _capitalised(prev.text) and (prev.pos_ == "PROPN" or prev.ent_type_ in ctx.lex.blocking_entities):
            return None  # a name: "the Arab Spring", "the Prague Spring"
    if not m["year"] and ctx.blocked(m.start("season")):
        return None
    sentence_start = tok is not None and tok.is_sent_start
    named = _capitalised(word) and not sentence_start  # "the IMF's Autumn meetings"
    if (
        not m["year"]
        and not yrel
        and not named
        and tok is not None
        and tok.dep_ in ("compound", "amod", "nmod")
    ):
        return None  # modifies a noun: "winter storms", "summer camp"
    alone = not rel and not m["year"] and not yrel and (not _capitalised(word) or sentence_start)
    if alone and ctx.prev_word(m.start()) not in ctx.lex.season_preps:
        return None  # a season on its own needs a temporal preposition ("in spring")
    if (
        not m["year"]
        and not yrel
        and re.match(r"\s+(?:of|in|from|to|by|at|below)\b", ctx.text[m.end() : m.end() + 8])
    ):
        return None  # "the fall of the regime", "a fall in prices"
    code = ctx.lex.seasons[word.lower()]
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-{code}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-{code}", False
    year = ctx.ref.year + {"": 0, "this": 0, "last": -1, "next": 1}[yrel]
    if yrel:
        return "DATE", f"{year:04d}-{code}", True
    first, last = _SEASON_MONTHS.get(code, (0, 0))
    month = ctx.ref.month
    if rel == "last":
        # the latest such season already over: "last summer" said in October is this year's
        year -= 0 if code in _SEASON_MONTHS and month > last else 1
    elif rel == "next":
        year += 0 if code in _SEASON_MONTHS and month < first else 1
    elif rel in ("", "the") and code in _SEASON_MONTHS:
        direction = ctx.direction(m.start(), m.end())
        if direction == PAST and month < first:
            year -= 1  # "prices rose in the summer", said in March
        elif direction == FUTURE and month > last:
            year += 1  # "talks will resume in the spring", said in November
    return "DATE", f"{year:04d}-{code}", True


def _after_rate_word(m: re.Match[str], ctx: _Ctx) -> bool:
    """The expression follows an amount or a frequency ("$5bn a year", "twice a week")."""
    prev = ctx.token_at(m.start() - 2) if m.start() >= 2 else None
    if prev is None:
        return False
    return (
        prev.like_num
        or prev.lower_ in ("times", "twice", "once", "thrice")
        or prev.ent_type_ in ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
    )


def _h_duration(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    num_text = re.sub(r"\s+", " ", m["num"].lower())
    unit_word = m["unit"].lower()
    unit = _canonical_unit(unit_word)
    tail = (m.groupdict().get("tail") or "").lower()
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower()).removeprefix("the ")
    digits = num_text[0].isdigit()
    if unit == "second" and not digits and not unit_word.endswith("s"):
        return None  # "a second term"
    if unit == "quarter" and num_text in ("a", "an", "one"):
        return None  # "a quarter of the staff"
    n = _number(num_text)
    if n is None and num_text not in ctx.lex.vague_quantities:
        return None
    tok = ctx.token_at(m.start("num"))
    if digits and tok is not None and tok.ent_type_ in ("MONEY", "PERCENT"):
        return None
    if num_text in ("a", "an") and not tail and not rel and _after_rate_word(m, ctx):
        value = _duration(1.0, unit)
        return ("SET", value, True) if value else None
    if tail in ("ago", "earlier", "later"):
        sign = -1 if tail in ("ago", "earlier") else 1
        base = ctx.ref if tail == "ago" else ctx.anchor
        code = ctx.lex.units.get(unit)
        if n is None or code is None or code[2]:
            if n is None:
                return "DATE", ("PAST_REF" if sign < 0 else "FUTURE_REF"), False
            value = _duration(n, unit)
            return ("DURATION", value, True) if value else None
        if base is None or n != int(n):
            return "DATE", _unit_value(_granularity(unit), None, 0)[0], False
        return "DATE", _shifted(base, unit, sign * int(n)), True
    if rel in ("next", "coming", "following") and n is None:
        return "DATE", "FUTURE_REF", False
    value = _duration(n, unit)
    if value is None:
        return None
    return "DURATION", value, "X" not in value


def _granularity(unit: str) -> str:
    return {"week": "day", "fortnight": "day", "decade": "year", "century": "year"}.get(unit, unit)


def _shifted(base: dt.date, unit: str, n: int) -> str:
    """``base`` moved by ``n`` units, written at the precision of the unit."""
    if unit in ("day", "week", "fortnight"):
        days = {"day": 1, "week": 7, "fortnight": 14}[unit] * n
        return (base + dt.timedelta(days=days)).isoformat()
    if unit in ("month", "quarter"):
        y, mo = _add_months(base.year, base.month, n * (3 if unit == "quarter" else 1))
        return f"{y:04d}-{mo:02d}" if unit == "month" else f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    years = {"year": 1, "decade": 10, "century": 100}[unit] * n
    return f"{base.year + years:04d}"


def _h_bare_units(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if m["unit"].lower() == "minutes" and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "in the minutes of the meeting": a record, not a time
    value = _duration(None, m["unit"])
    return ("DURATION", value, False) if value else None


def _h_recent_units(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    word = m["which"].lower()
    return "DATE", ("PAST_REF" if word == "recent" else "FUTURE_REF"), False


def _h_set_every(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    n = _number(m["num"]) if m.groupdict().get("num") else 1.0
    if m.groupdict().get("other"):
        n = (n or 1.0) * 2
    value = _duration(n if n is not None else 1.0, m["unit"])
    return ("SET", value, True) if value else None


def _h_set_weekday(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    if not _capitalised(m["wd"]) or ctx.blocked(m.start("wd")):
        return None
    return "SET", f"XXXX-WXX-{ctx.lex.weekdays[m['wd'].lower()]}", True


def _h_set_word(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    word = m["word"]
    if _capitalised(word) and m.start() > 0 and not re.search(r"[.!?\"“]\s*$", ctx.text[: m.start()]):
        return None  # "China Daily"
    if ctx.blocked(m.start()):
        return None
    key = word.lower()
    if key in ctx.lex.period_adjectives:
        return "DURATION", ctx.lex.period_adjectives[key], True
    return "SET", ctx.lex.sets[key], True


def _h_vague(m: re.Match[str], ctx: _Ctx) -> _Val | None:
    phrase = re.sub(r"\s+", " ", m["phrase"].lower())
    typ, value = ctx.lex.vague[phrase]
    tok = ctx.token_at(m.start())
    if phrase in ("current", "recent") and (tok is None or tok.tag_ != "JJ" or tok.dep_ != "amod"):
        return None
    if phrase == "now" and tok is not None and tok.pos_ not in ("ADV", "INTJ"):
        return None
    if ctx.text[m.end() : m.end() + 1] == "-" or ctx.text[max(0, m.start() - 1) : m.start()] == "-":
        return None  # inside a compound modifier: "the now-defunct firm", "the soon-to-open terminal"
    if phrase == "recent" and ctx.prev_word(m.start()) in ("most", "more", "less", "least"):
        return None  # "its most recent model": the latest one, not a time
    return typ, value, False


# ---------------------------------------------------------------- patterns


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], _Handler]]:
    lex = _lexicon()
    full_months = {_full_month_name(n) for n in set(lex.months.values())}
    abbrevs = set(lex.months) - full_months
    mon = rf"(?:(?:{_alt(full_months)})\b|(?:{_alt(abbrevs)})(?:\.|\b))"
    wd = _alt(set(lex.weekdays))
    unit_words = set(lex.units) | {u + "s" for u in lex.units} | set(lex.unit_plurals)
    units = _alt(unit_words)
    numwords = _alt({k for k in lex.numbers if k not in ("a", "an", "half", "single", "couple")})
    num = (
        r"\d+(?:,\d{3})*(?:\.\d+)?(?:\s+and\s+a\s+half)?"
        rf"|(?:{numwords})(?:[\s-]+(?:{numwords}))*(?:\s+and\s+a\s+half)?"
        rf"|half\s+an?|a\s+couple(?:\s+of)?|{_alt(lex.vague_quantities)}|an?|single"
    )
    # The day a clock time is on. A relative day or weekday joins the expression ("16:00 UTC
    # today"); a calendar date after it is an expression of its own ("16:15 UTC, June 1st"),
    # only looked ahead at, which gives the clock time its day.
    date_tail = (
        rf"(?:\s+(?:on\s+)?(?P<day2>today|yesterday|tomorrow|{wd})\b(?!,?\s+{mon}\s*\d))?"
        rf"(?=,?\s+(?:on\s+)?(?:(?:{wd}),?\s+)?(?:(?P<dmon>{mon})\s*(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|(?:the\s+)?(?P<dday_>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmon_>{mon}))"
        r"(?:,?\s+(?P<dyear>\d{4})\b)?)?"
    )
    dmods = _alt(set(lex.duration_mods))
    parts = _alt(set(lex.day_parts) - {"tonight"})
    zones = r"UTC|GMT|Z|[ECMP][SD]T|BST|CET|CEST"
    I = re.IGNORECASE  # noqa: E741

    def p(rx: str, flags: int = I) -> re.Pattern[str]:
        return re.compile(rx, flags)

    pats: list[tuple[re.Pattern[str], _Handler]] = [
        (p(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _h_iso),
        (p(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"), _h_slash),
        (
            p(
                rf"\b(?:(?P<wd>{wd}),?[^\S\n]+)?"
                r"(?:(?:the\s+)?(?P<mod>early|mid|late|end|beginning|start|middle)(?:\s+of\s+|\s*-\s*|\s+))?"
                r"(?:(?P<rel>last|next|this)\s+)?"
                rf"(?P<month>{mon})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>\d{{4}})\b"
                r"|\s+of\s+(?P<yrel>this|last|next)\s+year\b)?"
            ),
            _h_month,
        ),
        (
            p(
                rf"\b(?:(?P<wd>{wd}),?[^\S\n]+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                rf"(?P<month>{mon})(?:,?\s+(?P<year>\d{{4}})\b)?"
            ),
            _h_month,
        ),
        (
            p(
                r"\b(?:(?:the\s+)?(?P<mod>early|mid|late|end\s+of|beginning\s+of|start\s+of)(?:\s*-\s*|\s+))?"
                r"(?:(?P<fy>fiscal(?:\s+year)?|FY)\s*)?(?P<year>\d{4})\b(?![.,]\d|\s*-\s*\d)"
            ),
            _h_year,
        ),
        (p(r"(?:\b(?P<the>the)\s+)?(?P<dec>(?:1[0-9]|20)\d0|'\d0|\b\d0)s\b"), _h_decade),
        (
            p(
                r"\b(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
                rf"(?:\s+(?P<tz>{zones})\b)?" + date_tail
            ),
            _h_time,
        ),
        (
            p(rf"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?:\s+(?P<tz>{zones})\b)?" + date_tail),
            _h_time,
        ),
        (
            p(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+(?P<tz>UTC|GMT)\b" + date_tail),
            _h_time,
        ),
        (p(r"\b(?P<word>noon|midnight)\b"), _h_named_time),
        (
            p(
                rf"\b(?:(?:earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow"
                rf"|last\s+night|this\s+(?:{parts})|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
                rf"(?:\s+(?P<part>{parts}))?\b"
            ),
            _h_relday,
        ),
        (
            p(
                r"\b(?:in|during|throughout)\s+(?P<x>(?P<the>the\s+)?(?:(?:early|late|mid)[\s-]+)?"
                r"(?P<part>morning|afternoon|evening))\b(?!-)"
            ),
            _h_day_part,
        ),
        (
            p(rf"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{wd})(?:\s+(?P<part>{parts}))?\b"),
            _h_weekday,
        ),
        (
            p(
                r"\bthe\s+(?:same|(?P<ago>year-ago|year-earlier|prior-year|previous-year|year-before))\s+"
                r"(?P<unit>period|time|day|week|weekend|month|quarter|season|year)\b(?!-)"
                r"(?P<shift>\s+(?:last\s+year|(?:a|one)\s+year\s+(?:ago|earlier|before)"
                r"|the\s+(?:previous|prior)\s+year|the\s+year\s+(?:before|earlier)"
                r"|(?:of|in)\s+(?:the\s+)?(?:previous|prior|last)\s+year|(?:of|in)\s+(?P<year>\d{4}))\b)?"
            ),
            _h_same_period,
        ),
        (
            p(r"\b(?:earlier|later|early|late)\s+in\s+(?P<x>the\s+(?P<unit>day|week|month|year))\b(?!-)"),
            _h_in_the_unit,
        ),
        (
            p(
                r"\b(?:(?:earlier|later)\s+(?:in\s+)?)?"
                r"(?:(?:the\s+)?(?:start|beginning|end|middle|rest|first\s+half|second\s+half)\s+of\s+)?"
                r"(?P<rel>the\s+(?:same|previous|following|next|past|last|coming|current)"
                r"|this|last|next|past|previous|coming|current|the)\s+"
                r"(?P<unit>day|week|weekend|month|year|quarter|decade|century)\b"
                r"(?!-)"
            ),
            _h_relunit,
        ),
        (
            p(
                r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th))(?:\s+|-)quarter"
                r"(?:\s+(?:of\s+)?(?:(?P<year>\d{4})\b|(?P<yrel>this|last|next|the)\s+year\b))?"
            ),
            _h_quarter,
        ),
        (
            p(
                r"\b(?:(?P<rel>this|last|next|early|late|the)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
                r"(?:\s+(?:of\s+)?(?P<year>\d{4})\b|\s+of\s+(?P<yrel>this|last|next)\s+year\b)?\b"
            ),
            _h_season,
        ),
        (
            p(
                rf"\b(?:(?:{dmods})\s+)?"
                r"(?:(?P<rel>the\s+(?:past|last|previous|next|coming|first|following|final)"
                r"|past|last|next|coming|previous|following)\s+)?"
                rf"(?P<num>{num})[\s-]+(?:(?:straight|consecutive|full|trading|more|additional|successive)\s+)?"
                rf"(?P<unit>{units})\b(?:(?:\s+|-)(?P<tail>ago|earlier|later|old|long)\b)?"
            ),
            _h_duration,
        ),
        (
            p(
                r"(?:\b(?:for|over|in|within|across|spanning)\s+(?:the\s+)?(?:just\s+|only\s+|mere\s+)?)"
                r"(?P<x>(?P<unit>years|decades|months|weeks|days|hours|minutes|centuries))\b"
            ),
            _h_bare_units,
        ),
        (p(r"\b(?P<unit>years|decades|months|weeks)-long\b"), _h_bare_units),
        (
            p(r"\b(?P<which>recent|coming|the\s+coming)\s+(?:days|weeks|months|years|decades)\b"),
            _h_recent_units,
        ),
        (
            p(
                r"\b(?:every|each|per)\s+(?P<other>other\s+)?(?:(?P<num>\d+|"
                rf"{numwords})\s+)?(?P<unit>{units})\b"
            ),
            _h_set_every,
        ),
        (
            p(rf"\b(?:(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+)(?P<unit>{units})\b"),
            _h_set_every,
        ),
        (p(rf"\b(?:(?:every|each|on)\s+)?(?P<wd>{wd})s\b"), _h_set_weekday),
        (p(rf"\b(?P<word>{_alt(set(lex.sets) | set(lex.period_adjectives))})\b"), _h_set_word),
        (p(rf"\b(?P<phrase>{_alt(set(lex.vague))})\b"), _h_vague),
    ]
    return pats


# ---------------------------------------------------------------- entry point


def lower_pattern(pattern: str) -> str:
    """``pattern`` for lower-cased text: its literals lower-cased, escapes (``\\S``, ``\\D``,
    ``\\B``...) and group names (``(?P<Name>``, ``(?P=Name)``) left as written."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which is in every match of ``pattern`` (a case-sensitive pattern), or
    None when the parse shows no such set. A text holding none of them needs no scan."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:  # the parser is the engine's own module, private but stable since Python 3.11
        parsed = importlib.import_module("re._parser").parse(pattern.pattern, pattern.flags)
    except (ImportError, AttributeError, re.error):
        return None
    return _required(parsed)


def _required(sequence: Any) -> frozenset[str] | None:
    """``required_strings`` of a parsed sequence: its runs of literal characters, and what
    its groups, alternations (when every branch has such strings) and repeats of at least
    once require. Of these, the most selective: the longest shortest string, then the fewest."""
    c = importlib.import_module("re._constants")
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in [*sequence, (None, None)]:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            found.append(frozenset({"".join(run)}))
            run = []
        inner: frozenset[str] | None = None
        if op is c.SUBPATTERN and not arg[1] & re.IGNORECASE:  # (group, add flags, del flags, body)
            inner = _required(arg[3])
        elif op is c.ATOMIC_GROUP:
            inner = _required(arg)
        elif op is c.BRANCH:
            branches = [_required(b) for b in arg[1]]
            if all(b is not None for b in branches):
                inner = frozenset().union(*(b for b in branches if b is not None))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            inner = _required(arg[2])
        if inner:
            found.append(inner)
    return max(found, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


@dataclass(frozen=True)
class _Scanner:
    pattern: re.Pattern[str]
    fast: re.Pattern[str] | None  # the pattern for lower-cased text, if it ignores case
    needs: frozenset[str] | None  # ``required_strings`` of what is scanned (fast, else pattern)
    handler: _Handler


@functools.lru_cache(maxsize=1)
def _scanners() -> list[_Scanner]:
    """The patterns as they are scanned. Python's engine matches a case-insensitive pattern
    about 1.6 times slower than a case-sensitive one, and these patterns are tried at every
    word of every article: case-insensitive ones are scanned over the lower-cased text, and
    each hit is matched again in the text as written, which the handlers read (capitals tell
    "May" from "may"). A pattern is not scanned at all over a text holding none of the
    strings every match of it holds (most articles give no clock time, quarter or season)."""
    out = []
    for pattern, handler in _patterns():
        fast = None
        if pattern.flags & re.IGNORECASE:
            fast = re.compile(lower_pattern(pattern.pattern), pattern.flags & ~re.IGNORECASE)
        out.append(_Scanner(pattern, fast, required_strings(fast or pattern), handler))
    return out


def _matches(text: str) -> Iterator[tuple[int, re.Match[str], _Handler]]:
    """(pattern number, match, handler) for every match of every pattern in ``text``."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # not so for a few letters ("İ"): scan as written
    for order, scanner in enumerate(_scanners()):
        pattern, fast, needs = scanner.pattern, scanner.fast, scanner.needs
        scanned = text if fast is None else lowered if same_length else None  # what ``needs`` is read in
        if needs is not None and scanned is not None and not any(s in scanned for s in needs):
            continue
        if fast is None or not same_length:
            found = list(pattern.finditer(text))
        else:
            hits = list(fast.finditer(lowered))
            found = [m for m in (pattern.match(text, h.start()) for h in hits) if m is not None]
            if len(found) != len(hits) or any(m.end() != h.end() for m, h in zip(found, hits, strict=True)):
                found = list(pattern.finditer(text))  # case folding and lower() disagreed: as written
        for m in found:
            yield order, m, scanner.handler


def find_timexes(doc: Doc, ref: dt.date | None) -> list[Timex]:
    """Every temporal expression in ``doc``, normalised against ``ref`` (see the module doc)."""
    ctx = _Ctx(doc, ref)
    text = doc_text(doc)
    cands: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    for order, m, handler in _matches(text):
        if m.end() > m.start():
            cands.append((m.start(), m.end(), order, m, handler))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[Timex] = []
    taken_until = 0
    for start, end, _order, m, handler in cands:
        if start < taken_until:
            continue
        ext_start, ext_end = start, end
        if m.groupdict().get("x") is not None:
            ext_start, ext_end = m.span("x")
        try:
            val = handler(m, ctx)
        except (ValueError, OverflowError, KeyError):
            val = None
        if val is None:
            continue
        typ, value, resolved = val
        out.append(Timex(text[ext_start:ext_end], ext_start, ext_end, typ, value, resolved))
        taken_until = end
        if typ == "DATE" and resolved and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            ctx.anchor = dt.date.fromisoformat(value)
        if resolved and typ in ("DATE", "TIME"):
            day = value.split("T")[0] if typ == "TIME" else value
            if _CALENDAR_VALUE.fullmatch(day):
                ctx.mentions.append(day)
    return out


def tense_direction(doc: Doc, start: int, end: int) -> int:
    """``PAST``, ``FUTURE`` or ``NEUTRAL``: which way the clause around ``doc.text[start:end]`` points."""
    return _Ctx(doc, None).direction(start, end)
