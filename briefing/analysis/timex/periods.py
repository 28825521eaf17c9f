"""Resolution of a year's parts: quarters ("the third quarter", "Q2 2021", "the quarter"),
halves and seasons, against the reference date and the quarter last mentioned. Like
``resolution``, each function takes a pattern's match and returns its TIMEX3 type and
value, or None for a look-alike."""

from __future__ import annotations

import re

from briefing.analysis.timex.calendar import (
    FUTURE,
    PAST,
    add_months,
    shift_year,
    written_year,
)
from briefing.analysis.timex.context import DateContext, Value, capitalised

# After a quarter, what says it is over: "the fourth quarter ended Sept. 30".
_ENDED = re.compile(r"[\s,]+(?:which\s+|that\s+)?(?:ended|closed)\b", re.I)


def resolve_quarter(m: re.Match[str], ctx: DateContext) -> Value | None:
    ordinal = m["ord"].lower()
    q = int(ordinal[0]) if ordinal[0].isdigit() else ctx.words.ordinals[ordinal]
    value = _quarter_value(m, ctx, q)
    if value.startswith("X"):
        return "DATE", value, False
    if not m.groupdict().get("ago"):
        ctx.quarters.append(value)  # a comparison quarter is not the one reported on
        if _ENDED.match(ctx.text, m.end()) or ctx.direction(m.start(), m.end()) == PAST:
            # results told in the past ("reported fourth-quarter earnings") or a quarter "ended
            # Sept. 30": a fiscal quarter over before the calendar one of its name
            ctx.ended_quarters.add(value)
    return "DATE", value, True


def _quarter_value(m: re.Match[str], ctx: DateContext, q: int) -> str:
    value = _named_quarter(m, ctx, q)
    if m.groupdict().get("ago") and not value.startswith("X"):
        return shift_year(value, -1)  # "the year-ago third quarter"
    return value


def _named_quarter(m: re.Match[str], ctx: DateContext, q: int) -> str:
    ordinal = m["ord"].lower()
    year = m["year"] or m.groupdict().get("year0")
    if year:
        return f"{int(year):04d}-Q{q}"
    yrel = (m.groupdict().get("yrel") or m.groupdict().get("yrel0") or "").lower()
    if ctx.ref is None:
        return f"XXXX-Q{q}"
    ref_q = (ctx.ref.month - 1) // 3 + 1
    if yrel in ("this", "the"):
        return f"{ctx.ref.year:04d}-Q{q}"
    if yrel == "last":
        return f"{ctx.ref.year - 1:04d}-Q{q}"
    if yrel == "next":
        return f"{ctx.ref.year + 1:04d}-Q{q}"
    if ordinal == "last":  # "the last quarter": the one before the current
        y, mo = add_months(ctx.ref.year, ctx.ref.month, -3)
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    # A quarter up to the current one is this year's, whatever the tense ("reported a loss for
    # the third quarter", "will report third-quarter results"); a later one is last year's if it
    # is told in the past tense, else this year's.
    year_of = ctx.ref.year
    if q > ref_q and ctx.direction(m.start(), m.end()) == PAST:
        year_of -= 1
    return f"{year_of:04d}-Q{q}"


def last_quarter_mentioned(ctx: DateContext) -> str | None:
    """The latest quarter named so far ("2009-Q3"), the period under discussion in a report
    of results."""
    return ctx.quarters[-1] if ctx.quarters else None


def resolve_the_quarter(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the quarter", "the latest period", "the 1988 quarter": the quarter under discussion
    (in the year named), only once a quarter has been named."""
    value = last_quarter_mentioned(ctx)
    if m["latest"] and ctx.ref is not None:
        # "the latest quarter": the last one over by the article's date, named or not
        y, mo = add_months(ctx.ref.year, ctx.ref.month, -3)
        finished = f"{y:04d}-Q{(mo - 1) // 3 + 1}"
        value = finished if value is None else min(value, finished)
    if value is None:
        return None
    if m.groupdict().get("year"):
        return "DATE", f"{int(m['year']):04d}{value[4:]}", True
    if m.groupdict().get("shift"):
        return "DATE", shift_year(value, -1), True  # "the quarter a year ago"
    return "DATE", value, True


def resolve_half(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the first half of 1990", "the last half of this year": YYYY-H1 / YYYY-H2."""
    half = 1 if m["half"].lower() == "first" else 2
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-H{half}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-H{half}", False
    yrel = m["yrel"].lower()
    if yrel == "the":
        year, resolved = ctx.current("year")
        return "DATE", f"{year}-H{half}", resolved
    year_of = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[yrel]
    return "DATE", f"{year_of:04d}-H{half}", True


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}  # winter straddles the new year


def resolve_season(m: re.Match[str], ctx: DateContext) -> Value | None:
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower())
    rel = "last" if rel == "this past" else rel  # "this past spring"
    word = m["season"]
    yrel = (m.groupdict().get("yrel") or "").lower()
    tok = ctx.token_at(m.start("season"))
    if tok is not None and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if m["yearw"] and written_year(m["yearw"]) is not None:
        pass
    elif not m["year"] and tok is not None and capitalised(word) and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if capitalised(prev.text) and (prev.pos_ == "PROPN" or prev.ent_type_ in ctx.words.blocking_entities):
            return None  # a name: "the Arab Spring", "the Prague Spring"
    if not m["year"] and ctx.blocked(m.start("season")):
        return None
    sentence_start = tok is not None and tok.is_sent_start
    named = capitalised(word) and not sentence_start  # "the IMF's Autumn meetings"
    if (
        not m["year"]
        and not yrel
        and not named
        and tok is not None
        and tok.dep_ in ("compound", "amod", "nmod")
    ):
        return None  # modifies a noun: "winter storms", "summer camp"
    alone = not rel and not m["year"] and not yrel and (not capitalised(word) or sentence_start)
    if alone and ctx.prev_word(m.start()) not in ctx.words.season_preps:
        return None  # a season on its own needs a temporal preposition ("in spring")
    if (
        not m["year"]
        and not yrel
        and rel in ("", "the", "early", "late")
        and re.match(r"\s+(?:of|in|from|to|by|at|below)\b", ctx.text[m.end() : m.end() + 8])
    ):
        return None  # "the fall of the regime", "a fall in prices"
    code = ctx.words.seasons[word.lower()]
    year_named = int(m["year"]) if m["year"] else written_year(m["yearw"]) if m["yearw"] else None
    if year_named is not None:
        return "DATE", f"{year_named:04d}-{code}", True
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
