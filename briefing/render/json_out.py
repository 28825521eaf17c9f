"""brief.json: the machine-readable brief (contract: ../shared/eval/FORMAT.md)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

from briefing import __version__
from briefing.records import Brief, BriefDevelopment, BriefFigure, BriefQuote


def _quote(q: BriefQuote, key: bool) -> dict[str, Any]:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "speaker_role": q.speaker_role,
        "articles": q.articles,
        "date": q.date,
        "kind": q.kind,
        "scare_quote": q.kind == "scare",
        "themes": q.themes,
        "score": q.score,
        "key": key,
        "new": q.new,
        "independent_sources": q.independent_sources,  # distinct outlets reporting it on their own
    }


def _development(d: BriefDevelopment) -> dict[str, Any]:
    return {
        "date": d.date,
        "date_text": d.date_text,
        "text": d.text,
        "articles": d.articles,
        "upcoming": d.upcoming,
        "actors": d.actors,
        "action": d.action,
        "themes": d.themes,
        # other dates reported for what looks like the same event
        "conflicts": [
            {"date": c.date, "date_text": c.date_text, "articles": c.articles} for c in d.conflicts
        ],
        "new": d.new,
        "independent_sources": d.independent_sources,
    }


def _figure(f: BriefFigure) -> dict[str, Any]:
    return {
        "value": f.value,
        "unit": f.unit,
        "counts": f.counts,
        "text": f.text,
        "date": f.date,
        "articles": f.articles,
        "amount": f.amount,  # the number as written, with its qualifier ("more than 130,000")
        "low": f.low,  # the lower end of a range, else null
        "key": f.key,  # what is counted by meaning, "unit|side|event": figures with one key are one series
        "reported": f.reported,  # the earliest publication date of its articles
        "category": f.category,  # military, equipment, people, money, percent, distance, ...
        "places": f.places,  # places and peoples named around it
        "independent_sources": f.independent_sources,
    }


def brief_dict(brief: Brief) -> dict[str, Any]:
    return _fields(brief, list)


def _fields(brief: Brief, collect: Callable[[Iterable[Any]], Iterable[Any]]) -> dict[str, Any]:
    """brief.json's fields; ``collect`` makes each long list (``list``, or ``iter`` to
    serialise it one item at a time)."""
    key_ids = {id(q) for q in brief.key_quotes}
    position = {id(q): i for i, q in enumerate(brief.quotes)}
    return {
        "format": "briefing/1",
        "generator": f"briefing {__version__}",
        "title": brief.title,
        "generated": brief.generated.isoformat(),
        "today": brief.today.isoformat(),
        "period": {
            "start": brief.period_start.isoformat() if brief.period_start else None,
            "end": brief.period_end.isoformat() if brief.period_end else None,
        },
        "articles": collect(
            {
                "id": s.id,
                "number": s.number,
                "path": s.path,
                "title": s.title,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
                "duplicate_of": s.duplicate_of,
                "new": s.new,
                "label": s.label,  # how the brief names it: its title, else its opening words
                "themes": s.themes,  # the themes it contributes to, strongest first
                # its text reports events after its stamped date (a live page updated since)
                "reported_after": (
                    {"date": s.after_stamp.date, "text": s.after_stamp.text, "count": s.after_stamp.count}
                    if s.after_stamp
                    else None
                ),
            }
            for s in brief.sources
        ),
        "skipped": [{"path": s.path, "reason": s.reason} for s in brief.skipped],
        "undated_articles": brief.undated_sources,
        # The bottom line up front: 3 to 7 items across the themes, by salience.
        "key_points": [
            {
                "text": k.text,
                "date": k.date,
                "themes": k.themes,
                "articles": k.articles,
                "independent_sources": k.independent_sources,
                "upcoming": k.upcoming,
                "new": k.new,
                "score": k.score,
            }
            for k in brief.key_points
        ],
        "summary": [_development(d) for d in brief.summary],
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "lead": t.lead,  # one line drawn from the top points
                "passages": t.passages,  # passages placed here, before near-identical ones merge
                "points": collect(
                    {
                        "text": p.text,
                        "articles": p.articles,
                        "score": p.score,
                        "new": p.new,
                        "also": p.also,
                        "independent_sources": p.independent_sources,
                        # whom an opening "he"/"she" names, when the text does not say
                        **({"refers_to": p.refers_to} if p.refers_to else {}),
                    }
                    for p in t.points
                ),
            }
            for t in brief.themes
        ],
        "quotes": collect(_quote(q, id(q) in key_ids) for q in brief.quotes),
        # Who's who: the people and bodies quoted by name, most important first; each one's
        # quotes are the entries of "quotes" at quote_indexes (best first).
        "people": collect(
            {
                "name": p.name,
                "role": p.role,
                "names": p.names,  # every speaker form gathered here, the name first
                "quote_count": len(p.quotes),
                "quote_indexes": [position[id(q)] for q in p.quotes if id(q) in position],
                "themes": p.themes,  # theme ids of their quotes, most quoted first
                "articles": p.articles,
                "independent_sources": p.independent_sources,
                "anchor": p.anchor,  # the id of their quotes in brief.html
            }
            for p in brief.people
        ),
        # Outlook: developments dated after "today", soonest first (each also in "developments").
        "outlook": [_development(d) for d in brief.outlook],
        "developments": collect(_development(d) for d in brief.developments),
        "figures": collect(_figure(f) for f in brief.figures),
        # What's new against the previous brief of the output folder (null: none before).
        "new_since": brief.new_since.isoformat() if brief.new_since else None,
        "new_summary": brief.new_summary,
        "new_articles": brief.new_articles,
        "new_items": [
            {
                "kind": i.kind,
                "text": i.text,
                "articles": i.articles,
                "date": i.date,
                "speaker": i.speaker,
                "theme": i.theme,
            }
            for i in brief.new_items
        ],
    }


def brief_json(brief: Brief) -> bytes:
    """brief.json's bytes: ``json.dumps(brief_dict(brief), ensure_ascii=False, indent=2)``
    and a newline, made one item at a time, so the memory it takes beyond the result does
    not grow with the brief (``json.dumps`` with an indent holds every piece at once)."""
    out = io.BytesIO()
    for piece in _pieces(_fields(brief, iter), 0):
        out.write(piece.encode("utf-8"))
    out.write(b"\n")
    return out.getvalue()


def _pieces(value: Any, level: int) -> Iterator[str]:
    """``dumps_indented(value, level)`` in pieces: dicts member by member, iterators item by item."""
    if isinstance(value, dict | Iterator) and not isinstance(value, str):
        inner = "\n" + _STEP * (level + 1)
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        members = iter(value.items()) if isinstance(value, dict) else ((None, v) for v in value)
        first = True
        for key, member in members:
            yield (opening if first else ",") + inner
            if key is not None:
                yield f"{encode_basestring(str(key))}: "
                yield from _pieces(member, level + 1)
            else:  # an item of a long list: one piece (its fields are not split further)
                yield dumps_indented(member, level + 1)
            first = False
        yield opening + closing if first else "\n" + _STEP * level + closing
    else:
        yield dumps_indented(value, level)


_STEP = "  "


def dumps_indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` at nesting ``level``; iterators
    are written as lists, one item at a time."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    inner = "\n" + _STEP * (level + 1)
    close = "\n" + _STEP * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = (f"{encode_basestring(str(k))}: {dumps_indented(v, level + 1)}" for k, v in value.items())
        return "{" + inner + ("," + inner).join(members) + close + "}"
    if isinstance(value, list | tuple):
        try:  # the common case, a list of ids: encoded at C speed
            items = ("," + inner).join(map(encode_basestring, value))
        except TypeError:
            items = ("," + inner).join(dumps_indented(v, level + 1) for v in value)
    else:
        items = ("," + inner).join(dumps_indented(v, level + 1) for v in value)
    return "[" + inner + items + close + "]" if items else "[]"  # no item encodes to ""
