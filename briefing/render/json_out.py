"""brief.json: the machine-readable brief (contract: ../shared/eval/FORMAT.md)."""

from __future__ import annotations

import json
from typing import Any

from briefing import __version__
from briefing.records import Brief, BriefDevelopment, BriefQuote


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
    }


def brief_dict(brief: Brief) -> dict[str, Any]:
    key_ids = {id(q) for q in brief.key_quotes}
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
        "articles": [
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
            }
            for s in brief.sources
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in brief.skipped],
        "undated_articles": brief.undated_sources,
        "summary": [_development(d) for d in brief.summary],
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "lead": t.lead,  # one line drawn from the top points
                "passages": t.passages,  # passages placed here, before near-identical ones merge
                "points": [
                    {"text": p.text, "articles": p.articles, "score": p.score, "new": p.new} for p in t.points
                ],
            }
            for t in brief.themes
        ],
        "quotes": [_quote(q, id(q) in key_ids) for q in brief.quotes],
        "developments": [_development(d) for d in brief.developments],
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
    return (json.dumps(brief_dict(brief), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
