"""Resolution of durations ("three years", "for weeks"), of amounts of time before or after
a date ("two days later", "a decade ago"), of sets ("every week", "daily") and of vague
references ("recently", "soon")."""

from __future__ import annotations

import datetime as dt
import re

from briefing.analysis.quotes.marks import CURLY_OPEN, STRAIGHT_DOUBLE
from briefing.analysis.timex.calendar import (
    PAST,
    add_months,
    at_granularity,
    canonical_unit,
    duration,
    number,
    shift_year,
    unit_value,
)
from briefing.analysis.timex.context import DateContext, Value, capitalised

# Before a capitalised set word, what starts a sentence or a quotation ("Daily, ...")
_SENTENCE_START = re.compile(rf"[.!?{re.escape(STRAIGHT_DOUBLE + CURLY_OPEN)}]\s*$")


def _after_rate_word(m: re.Match[str], ctx: DateContext) -> bool:
    """The expression follows an amount or a frequency ("$5bn a year", "twice a week")."""
    prev = ctx.token_at(m.start() - 2) if m.start() >= 2 else None
    if prev is None:
        return False
    return (
        prev.like_num
        or prev.lower_ in ("times", "twice", "once", "thrice")
        or prev.ent_type_ in ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
    )


def resolve_duration(m: re.Match[str], ctx: DateContext) -> Value | None:
    num_text = re.sub(r"\s+", " ", m["num"].lower())
    unit_word = m["unit"].lower()
    unit = canonical_unit(unit_word)
    tail = (m.groupdict().get("tail") or "").lower()
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower()).removeprefix("the ")
    digits = num_text[0].isdigit()
    if unit == "second" and not digits and not unit_word.endswith("s"):
        return None  # "a second term"
    if (
        unit == "quarter"
        and (
            num_text in ("a", "an", "one")
            or (
                m.start("unit") - m.end("num") == 1  # nothing between: not "two straight quarters of"
                and re.match(r"\s+of\s+(?!(?:the\s+)?(?:year|\d{4})\b)", ctx.text[m.end() : m.end() + 20])
                is not None
            )
        )
    ):
        return None  # "a quarter of the staff", "three-quarters of its food": a share
    n = number(num_text)
    if n is None and num_text not in ctx.words.vague_quantities:
        return None
    if n is not None and m.groupdict().get("half"):
        n += 0.5  # "a minute and a half"
    if digits and n is not None and 1000 <= n <= 2999 and not unit_word.endswith("s") and "," not in num_text:
        return None  # "the 1988 quarter", "1988 second": a year, not a count
    tok = ctx.token_at(m.start("num"))
    if digits and tok is not None and tok.ent_type_ in ("MONEY", "PERCENT"):
        return None
    if not tail and not rel and _indefinite_day(m, ctx, num_text, unit):
        # "he will one day be president", "one day, he walked in": some day, not a day's length
        return "DATE", ("PAST_REF" if ctx.direction(m.start(), m.end()) == PAST else "FUTURE_REF"), False
    if num_text in ("a", "an") and not tail and not rel and _after_rate_word(m, ctx):
        value = duration(1.0, unit)
        return ("SET", value, True) if value else None
    if (
        tail in ("ago", "earlier", "later")
        and num_text in ("a", "an")
        and ctx.text[m.start("tail") - 1] == "-"
    ):
        return None  # "a year-earlier loss": an article and a modifier ("year-earlier" alone is the date)
    if tail in ("ago", "earlier", "later"):
        sign = -1 if tail in ("ago", "earlier") else 1
        base = ctx.ref if tail == "ago" else ctx.anchor
        code = ctx.words.units.get(unit)
        if n is None or code is None or code[2]:
            if n is None:
                return "DATE", ("PAST_REF" if sign < 0 else "FUTURE_REF"), False
            value = duration(n, unit)
            return ("DURATION", value, True) if value else None
        if base is None or n != int(n):
            return "DATE", unit_value(_granularity(unit), None, 0)[0], False
        quarter = ctx.reporting_quarter()
        if unit == "year" and sign < 0 and quarter is not None:
            # "profit rose in the third quarter from a year earlier": that quarter, a year back
            return "DATE", shift_year(quarter, -int(n)), True
        if tail == "later" and unit in ("year", "decade", "century", "month") and ctx.mentions:
            # "In 2018 ... A year later": from the date last mentioned, at the unit's precision
            latest = at_granularity(ctx.mentions[-1], "month" if unit == "month" else "year")
            if latest is not None:
                first = dt.date(int(latest[:4]), int(latest[5:7]) if len(latest) > 4 else 1, 1)
                return "DATE", _shifted(first, unit, sign * int(n)), True
        return "DATE", _shifted(base, unit, sign * int(n)), tail == "ago" or ctx.anchored
    if tail == "old" and unit == "year":
        return None  # an age, mostly a person's ("52 years old", "a 35-year-old man"); "an 8-month-old truce" stays
    value = duration(n, unit)
    if value is None:
        return None
    return "DURATION", value, "X" not in value


def _indefinite_day(m: re.Match[str], ctx: DateContext, num_text: str, unit: str) -> bool:
    """ "one day" ahead of the verb it modifies, with no preposition before it ("he will one
    day be", "One day, he walked"): an unnamed day, where "lasted one day" is a length."""
    if unit != "day" or num_text not in ctx.words.indefinite_day_numbers:
        return False
    tok = ctx.token_at(m.start("unit"))
    if tok is None or tok.dep_ not in ("npadvmod", "nsubj") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    before = tok.doc[tok.i - 2] if tok.i >= 2 else None
    return tok.head.i > tok.i and (before is None or before.pos_ != "ADP")


def _granularity(unit: str) -> str:
    return {"week": "day", "fortnight": "day", "decade": "year", "century": "year"}.get(unit, unit)


def _shifted(base: dt.date, unit: str, n: int) -> str:
    """``base`` moved by ``n`` units, written at the precision of the unit."""
    if unit in ("day", "week", "fortnight"):
        days = {"day": 1, "week": 7, "fortnight": 14}[unit] * n
        return (base + dt.timedelta(days=days)).isoformat()
    if unit in ("month", "quarter"):
        y, mo = add_months(base.year, base.month, n * (3 if unit == "quarter" else 1))
        return f"{y:04d}-{mo:02d}" if unit == "month" else f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    years = {"year": 1, "decade": 10, "century": 100}[unit] * n
    return f"{base.year + years:04d}"


def resolve_bare_units(m: re.Match[str], ctx: DateContext) -> Value | None:
    if m["unit"].lower() == "minutes" and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "in the minutes of the meeting": a record, not a time
    value = duration(None, m["unit"])
    return ("DURATION", value, False) if value else None


def resolve_recent_units(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "recent years", "the coming weeks": an unspecified number of those units (PXY, PXW)."""
    value = duration(None, m["unit"])
    return ("DURATION", value, False) if value else None


def resolve_set_every(m: re.Match[str], ctx: DateContext) -> Value | None:
    if m.group(0).lower().startswith("per") and _after_counted_noun(m, ctx):
        return None  # a speed, which TimeML does not mark: "15 million instructions per second"
    n = number(m["num"]) if m.groupdict().get("num") else 1.0
    if m.groupdict().get("other"):
        n = (n or 1.0) * 2
    value = duration(n if n is not None else 1.0, m["unit"])
    return ("SET", value, True) if value else None


def _after_counted_noun(m: re.Match[str], ctx: DateContext) -> bool:
    """The word before ``m`` is a plural noun of what is counted ("instructions", "miles"),
    not of money ("10 dollars per hour" is a rate of pay, a set)."""
    tok = ctx.token_at(m.start())
    if tok is None or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    return before.tag_ == "NNS" and before.ent_type_ != "MONEY"


def resolve_set_weekday(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "Mondays", "every Monday", "Tuesday nights" (XXXX-WXX-2TNI), "each July" (XXXX-07)."""
    month = m.groupdict().get("month")
    if month is not None:
        number = ctx.words.months.get(month.lower().rstrip("."))
        return ("SET", f"XXXX-{number:02d}", True) if number and capitalised(month) else None
    if not capitalised(m["wd"]) or ctx.blocked(m.start("wd")):
        return None
    part = m.groupdict().get("part") or m.groupdict().get("nights") or ""
    code = ctx.words.day_parts.get(part.lower(), "")
    return "SET", f"XXXX-WXX-{ctx.words.weekdays[m['wd'].lower()]}" + (f"T{code}" if code else ""), True


def resolve_set_word(m: re.Match[str], ctx: DateContext) -> Value | None:
    word = m["word"]
    if capitalised(word) and m.start() > 0 and not _SENTENCE_START.search(ctx.text[: m.start()]):
        return None  # "China Daily"
    if ctx.blocked(m.start()):
        return None
    tok = ctx.token_at(m.start())
    modifier = tok is not None and tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN")
    if modifier and word.lower() in ctx.words.kind_adjectives:
        return None  # a kind of thing, not a time: "the quarterly dividend", "the annual meeting"
    if (
        tok is not None
        and tok.tag_ in ("NN", "NNS")
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos")
    ):
        return None  # a thing named by its frequency: "declared its initial quarterly", "a news weekly"
    key = word.lower()
    if key in ctx.words.period_adjectives:
        return "DURATION", ctx.words.period_adjectives[key], True
    return "SET", ctx.words.sets[key], True


def resolve_vague(m: re.Match[str], ctx: DateContext) -> Value | None:
    phrase = re.sub(r"\s+", " ", m["phrase"].lower())
    typ, value = ctx.words.vague[phrase]
    tok = ctx.token_at(m.start())
    if phrase in ("current", "recent") and (tok is None or tok.tag_ != "JJ" or tok.dep_ != "amod"):
        return None
    if phrase == "now" and tok is not None and tok.pos_ not in ("ADV", "INTJ"):
        return None
    if ctx.text[m.end() : m.end() + 1] == "-" or ctx.text[max(0, m.start() - 1) : m.start()] == "-":
        return None  # inside a compound modifier: "the now-defunct firm", "the soon-to-open terminal"
    if phrase.endswith("future") and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 5]):
        return None  # "the future of our peoples": what becomes of them, not a time
    if phrase == "recent" and ctx.prev_word(m.start()) in ("most", "more", "less", "least"):
        return None  # "its most recent model": the latest one, not a time
    if phrase in ("soon", "shortly"):
        after = re.findall(r"[A-Za-z]+", ctx.text[m.end() : m.end() + 30])[:2]
        signal = bool(after) and after[0].lower() in ctx.words.vague_signals
        if signal and not (len(after) > 1 and after[1].lower() in ctx.words.vague_signal_keep):
            return None  # "soon after he was captured", "as soon as trading opens"
    return typ, value, False
