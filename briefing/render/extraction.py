"""Extraction records (``briefing extract --format jsonl``): per article, its quotes and
temporal expressions with offsets into the file's text as decoded (the contract in
docs/brief-json.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.records import ArticleAnalysis

if TYPE_CHECKING:
    from rich.table import Table


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


def jsonl(records: list[dict[str, Any]]) -> str:
    """The records as JSON Lines (``briefing extract --format jsonl``)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def quote_table(records: list[dict[str, Any]], all_kinds: bool) -> tuple[Table, int]:
    """Every quote of the records with its speaker, role and cue, as a table for a quick look
    (``briefing quotes``; scare quotes only with ``all_kinds``), and how many it shows."""
    from rich.table import Table

    table = Table("source", "speaker", "role", "cue", "quote", show_lines=False, expand=True)
    shown = 0
    for record in records:
        for q in record["quotes"]:
            if q["kind"] == "scare" and not all_kinds:
                continue
            shown += 1
            table.add_row(
                Path(record["path"]).name,
                q["speaker"] or "?",
                q["speaker_role"] or "",
                q["cue"] or "",
                q["text"],
            )
    return table, shown
