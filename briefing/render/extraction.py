"""Extraction records (``briefing extract --format jsonl``): per article, its quotes and
temporal expressions with offsets into the file's text as decoded (the contract in
docs/brief-json.md)."""

from __future__ import annotations

from typing import Any

from briefing.records import ArticleAnalysis


def extraction_record(analysis: ArticleAnalysis) -> dict[str, Any]:
    article = analysis.article

    def span(start: int, end: int) -> tuple[int | None, int | None]:
        raw = article.to_raw(start, end)
        return raw if raw is not None else (None, None)

    quotes = []
    for q in analysis.quotes:
        start, end = span(q.start, q.end)
        quotes.append(
            {
                "text": q.text,
                "start": start,
                "end": end,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "cue": q.cue,
                "kind": q.kind,
                "date": q.date,
            }
        )
    timexes = []
    for t in analysis.timexes:
        start, end = span(t.start, t.end)
        timexes.append({"text": t.text, "start": start, "end": end, "type": t.type, "value": t.value})
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "quotes": quotes,
        "timexes": timexes,
    }
