"""Records as JSON-ready dicts and back: the form the store keeps an article and its
analysis in, and the form worker processes exchange them in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from briefing.records import (
    AfterStamp,
    Article,
    ArticleAnalysis,
    Development,
    Figure,
    Paragraph,
    Quote,
    ThemePlacement,
    Timex,
)


def article_to_dict(article: Article) -> dict[str, Any]:
    data = dataclasses.asdict(article)
    data["published"] = article.published.isoformat() if article.published else None
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    fields = {f.name for f in dataclasses.fields(Article)}
    values = {k: v for k, v in data.items() if k in fields}
    values["paragraphs"] = [Paragraph(**p) for p in data["paragraphs"]]
    values["published"] = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    return Article(**values)


def _records(cls: Any, items: list[dict[str, Any]]) -> list[Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return [cls(**{k: v for k, v in item.items() if k in names}) for item in items]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a record class's field names, in order


def _flat(record: Any) -> dict[str, Any]:
    """A flat record's fields (strings, numbers, lists of strings) by name, in order: what
    ``dataclasses.asdict`` gives it, without the deep copy it makes of every value (the
    JSON written is the same)."""
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(record))
    return {name: getattr(record, name) for name in names}


def analysis_to_dict(analysis: ArticleAnalysis) -> dict[str, Any]:
    return {
        "quotes": [_flat(q) for q in analysis.quotes],
        "timexes": [_flat(t) for t in analysis.timexes],
        "developments": [_flat(d) for d in analysis.developments],
        "placements": [_flat(p) for p in analysis.placements],
        "figures": [_flat(f) for f in analysis.figures],
        "entities": analysis.entities,
        "after_stamp": dataclasses.asdict(analysis.after_stamp) if analysis.after_stamp else None,
    }


def analysis_from_dict(article: Article, data: dict[str, Any]) -> ArticleAnalysis:
    """The stored analysis, attached to the current article (offsets are into its clean text)."""
    return ArticleAnalysis(
        article=article,
        quotes=_records(Quote, data["quotes"]),
        timexes=_records(Timex, data["timexes"]),
        developments=_records(Development, data["developments"]),
        placements=_records(ThemePlacement, data["placements"]),
        figures=_records(Figure, data.get("figures", [])),
        entities=dict(data["entities"]),
        after_stamp=AfterStamp(**data["after_stamp"]) if data.get("after_stamp") else None,
    )
