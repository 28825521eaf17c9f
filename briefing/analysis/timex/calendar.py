"""Calendar arithmetic for TIMEX3 values: periods around a date, the year or weekday an
under-specified date falls on, numbers and durations."""

from __future__ import annotations

import datetime as dt
import re

from briefing.analysis.timex.words import date_words

# Which way an under-specified date lies from the reference date (see ``DateContext.direction``).
PAST, NEUTRAL, FUTURE = -1, 0, 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def unit_value(unit: str, base: dt.date | None, offset: int) -> tuple[str, bool]:
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
        week = iso_week(base + dt.timedelta(weeks=offset))
        return (week + "-WE" if unit == "weekend" else week), True
    if unit == "month":
        y, m = add_months(base.year, base.month, offset)
        return f"{y:04d}-{m:02d}", True
    if unit == "quarter":
        y, m = add_months(base.year, base.month, 3 * offset)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}", True
    if unit == "year":
        return f"{base.year + offset:04d}", True
    if unit == "decade":
        return f"{base.year // 10 + offset:03d}", True
    return f"{base.year // 100 + offset:02d}", True  # century


CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|W\d{2}|H[12]|SP|SU|FA|WI))?")


def at_granularity(value: str, unit: str) -> str | None:
    """``value`` (a resolved TIMEX3 date) cut to the period of kind ``unit`` holding it, or
    None when it is not that precise ("2009" holds no month; "2009-Q3" no week)."""
    if not CALENDAR_VALUE.fullmatch(value):
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
        return (iso_week(day) + ("-WE" if unit == "weekend" else "")) if day else None
    if unit == "day":
        return value if day else None
    if unit == "season":
        return value if re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", value) else None
    return value  # "period": whatever was last talked about


def shift_year(value: str, years: int) -> str:
    """``value`` (a calendar value from ``at_granularity``) moved by whole years."""
    year = int(value[:4]) + years
    rest = value[4:]
    if rest == "-02-29" and not valid_day(year, 2, 29):
        rest = "-02-28"
    return f"{year:04d}{rest}"


def shift_value(value: str, unit: str, offset: int) -> str:
    """``value`` (a year, "2009-03" or "2009-Q3", as ``at_granularity`` cuts it) moved by
    ``offset`` periods of kind ``unit``."""
    year = int(value[:4])
    if unit == "month":
        y, mo = add_months(year, int(value[5:7]), offset)
        return f"{y:04d}-{mo:02d}"
    if unit == "quarter":
        y, mo = add_months(year, 3 * (int(value[6]) - 1) + 1, 3 * offset)
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    return f"{year + offset:04d}"


def weekday_date(wd: int, ref: dt.date, direction: int, rel: str) -> dt.date:
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
    # without a tense, news looks back: the most recent such day unless it is most of a week ago
    return ref - dt.timedelta(days=back) if back <= fwd + 1 else ref + dt.timedelta(days=fwd)


# How far a year-less date may lie along the tense of its clause before the reading against
# it wins, if that one lies this near: a past-tense "Nov. 20" in a story of November 2 is
# this month's (a reporting verb's past is not the event's), a past-tense "in January" told
# in October is this year's, and tense decides between two readings unless one is far.
_ALONG_DAYS, _AGAINST_DAYS, _UNTENSED_DAYS = 300, 75, 90
_ALONG_MONTHS, _AGAINST_MONTHS, _UNTENSED_MONTHS = 9, 2, 3
# Without a tense, news looks back: the most recent such date unless it lies this far back
# and the next within the untensed distance.
_BACK_DAYS, _BACK_MONTHS = 180, 8


def year_for(month: int, day: int | None, ref: dt.date, direction: int, rel: str) -> int:
    """The year that puts a year-less month (and day) nearest to ``ref`` in ``direction``:
    the reference-time model of every year-less calendar date. The tense of the clause
    picks the most recent such date (past) or the next (future), unless that one lies more
    than half a year away and the other within a few months; without a tense, the most
    recent unless the next is within three months and the last more than half a year back."""
    key = (month, day or 0)
    ref_key = (ref.month, ref.day if day is not None else 0)
    if rel == "last":
        return ref.year if key < ref_key else ref.year - 1
    if rel == "next":
        return ref.year if key > ref_key else ref.year + 1
    if rel == "this":
        return ref.year
    before = ref.year if key <= ref_key else ref.year - 1
    after = ref.year if key >= ref_key else ref.year + 1
    if day is None:
        back, ahead = (ref.month - month) % 12, (month - ref.month) % 12
        along, against, untensed, far = _ALONG_MONTHS, _AGAINST_MONTHS, _UNTENSED_MONTHS, _BACK_MONTHS
    else:
        back = (ref - dt.date(before, month, min(day, 28) if month == 2 else day)).days
        ahead = (dt.date(after, month, min(day, 28) if month == 2 else day) - ref).days
        along, against, untensed, far = _ALONG_DAYS, _AGAINST_DAYS, _UNTENSED_DAYS, _BACK_DAYS
    if direction == PAST:
        return after if back > along and ahead <= against else before
    if direction == FUTURE:
        return before if ahead > along and back <= against else after
    return after if back > far and ahead <= untensed else before


def number(text: str) -> float | None:
    """The value of a numeral ("three", "twenty-five", "2.5", "two and a half"); None if vague."""
    words = date_words()
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in words.vague_quantities:
        return None
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", "")) + half
    fraction = re.fullmatch(r"(\d+)[\s-]+([1-9])/([1-9])", t)
    if fraction:  # "2 1/2"
        return int(fraction[1]) + int(fraction[2]) / int(fraction[3]) + half
    if t in ("half a", "half an"):
        return 0.5
    if t.startswith(("a couple", "couple")):
        return 2.0 + half
    total = 0.0
    for word in re.split(r"[\s-]+", t):
        if word == "of":
            continue
        if word == "hundred":
            total = max(total, 1.0) * 100
        elif word in words.numbers:
            total += words.numbers[word]
        else:
            return None
    return total + half


def written_year(text: str) -> int | None:
    """The year a written-out year names ("nineteen ninety-six", "two thousand and one",
    "nineteen oh five"), or None."""
    numbers = date_words().numbers
    parts = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if parts[:2] == ["two", "thousand"]:
        rest = parts[2:]
        base = 2000
    elif len(parts) >= 2 and parts[0] in numbers:
        base = int(numbers[parts[0]]) * 100
        rest = parts[1:]
        if rest == ["hundred"]:
            return base
    else:
        return None
    total = 0
    for word in rest:
        if word == "oh":
            continue
        if word not in numbers or word in ("a", "an", "half", "single", "couple", "hundred"):
            return None
        total += int(numbers[word])
    return base + total if total < 100 else None


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration(n: float | None, unit_word: str) -> str | None:
    unit = date_words().unit(unit_word)
    if unit is None:
        return None
    code, mult, is_time = unit
    t = "T" if is_time else ""
    if n is None:
        return f"P{t}X{date_words().vague_unit_codes.get(canonical_unit(unit_word), code)}"
    if code == "M" and not is_time and n * mult < 1:
        return f"P{_fmt_number(n * mult * 30)}D"
    return "P" + _mixed(n * mult, code, is_time)


# A unit and the next smaller one with how many of it make one: a fraction of a unit is
# written in whole smaller units, as TIMEX3 writes it ("2 1/2 years" P2Y6M, "a minute and a
# half" PT1M30S, "half an hour" PT30M).
_SMALLER = {
    ("Y", False): ("M", 12, False),
    ("W", False): ("D", 7, False),
    ("D", False): ("H", 24, True),
    ("H", True): ("M", 60, True),
    ("M", True): ("S", 60, True),
}


def _mixed(amount: float, code: str, is_time: bool) -> str:
    """``amount`` of unit ``code`` in TIMEX3's duration notation (after the ``P``)."""
    whole, rest = int(amount), amount - int(amount)
    smaller = _SMALLER.get((code, is_time))
    if rest and smaller is not None and (rest * smaller[1]).is_integer():
        low, per, low_time = smaller
        head = f"{whole}{code}" if whole else ""
        if is_time or not low_time:
            return ("T" if is_time else "") + head + f"{int(rest * per)}{low}"
        return head + f"T{int(rest * per)}{low}"
    return ("T" if is_time else "") + f"{_fmt_number(amount)}{code}"


def canonical_unit(word: str) -> str:
    words = date_words()
    w = word.lower()
    w = words.unit_plurals.get(w, w)
    return w if w in words.units else w.rstrip("s")
