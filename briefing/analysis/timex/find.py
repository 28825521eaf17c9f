"""``find_timexes``: every match of every pattern, longest first at each position, resolved
in text order (each resolved date can anchor the ones after it)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from briefing.analysis.doccache import doc_text
from briefing.analysis.timex.calendar import CALENDAR_VALUE
from briefing.analysis.timex.context import DateContext, Handler
from briefing.analysis.timex.scanning import matches
from briefing.records import Timex


def find_timexes(doc: Doc, ref: dt.date | None) -> list[Timex]:
    """Every temporal expression in ``doc``, normalised against ``ref`` (see the module doc)."""
    ctx = DateContext(doc, ref)
    text = doc_text(doc)
    cands: list[tuple[int, int, int, re.Match[str], Handler]] = []
    for order, m, handler in matches(text):
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
            ctx.anchored = True
            ctx.last_day = (ext_end, ctx.anchor)
        if resolved and typ in ("DATE", "TIME"):
            day = value.split("T")[0] if typ == "TIME" else value
            if CALENDAR_VALUE.fullmatch(day):
                ctx.mentions.append(day)
                ctx.last_end = ext_end
    return out


def tense_direction(doc: Doc, start: int, end: int) -> int:
    """``PAST``, ``FUTURE`` or ``NEUTRAL``: which way the clause around ``doc.text[start:end]`` points."""
    return DateContext(doc, None).direction(start, end)
