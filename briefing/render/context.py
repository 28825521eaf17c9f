"""The template context: what templates may use, built from a ``Brief``.

Contract (tested in tests/render/test_context.py), available in every template:
    brief            the Brief record (briefing/records.py): title, generated, today,
                     period_start/end, sources, skipped, summary, themes (each with
                     points and quotes), quotes, key_quotes, developments, undated_sources
    page_size        "A4" or "Letter"
    outlets          distinct outlet names, sorted
    timeline         developments grouped by date: list of (date or None, [BriefDevelopment])
    refs(ids)        the Source records for a list of article ids, in citation order
    version          the product version
Filters: ``human_date`` ("2021-12-23" -> "23 December 2021", months, years, ISO weeks),
``datetime`` (a generation timestamp, UTC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.records import Brief, BriefDevelopment, Source


def templates_dir(custom: Path | None = None) -> Path:
    """The user's template folder, else the packaged one (wheel), else the repository's."""
    if custom is not None:
        return custom
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


def human_date(value: str | dt.date | None) -> str:
    if value is None or value == "":
        return "undated"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    text = str(value)
    try:
        if len(text) == 10:
            return human_date(dt.date.fromisoformat(text))
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:7]), 1).strftime("%B %Y")
        if "-W" in text:
            year, week = text.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            return f"week of {human_date(monday)}"
    except ValueError:
        return text
    return text


def human_datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%d %B %Y, %H:%M UTC").lstrip("0")


def _timeline(developments: list[BriefDevelopment]) -> list[tuple[str | None, list[BriefDevelopment]]]:
    groups: list[tuple[str | None, list[BriefDevelopment]]] = []
    for d in developments:
        if groups and groups[-1][0] == d.date:
            groups[-1][1].append(d)
        else:
            groups.append((d.date, [d]))
    return groups


def build_context(brief: Brief, page_size: str = "A4") -> dict[str, Any]:
    by_id = {s.id: s for s in brief.sources}

    def refs(ids: list[str]) -> list[Source]:
        return sorted((by_id[i] for i in ids if i in by_id), key=lambda s: s.number)

    outlets = sorted({s.outlet for s in brief.sources if s.outlet})
    return {
        "brief": brief,
        "page_size": page_size,
        "outlets": outlets,
        "timeline": _timeline(brief.developments),
        "refs": refs,
        "version": __version__,
    }


FILTERS: dict[str, Callable[..., str]] = {"human_date": human_date, "datetime": human_datetime}
