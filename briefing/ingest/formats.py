"""Readers for each input format: text plus whatever metadata the format carries.

Each reader returns ``Document`` records; one file may hold several (JSONL, feeds).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

log = logging.getLogger(__name__)

MAX_JSON_DEPTH = 64


@functools.lru_cache(maxsize=1)
def field_names() -> dict[str, tuple[str, ...]]:
    """Each of an article's fields, in the order ``briefing/data/fields.toml`` lists them (the
    one list of them), with the names that stand for it, in order of preference."""
    data = tomllib.loads(resources.files("briefing.data").joinpath("fields.toml").read_text("utf-8"))
    return {name: tuple(n.strip().lower() for n in names) for name, names in data["fields"].items()}


def article_fields() -> tuple[str, ...]:
    """An article's fields (published, title, text, url, outlet, author), in that order."""
    return tuple(field_names())


@functools.lru_cache(maxsize=1)
def meta_fields() -> tuple[str, ...]:
    """The fields besides the text: an article's metadata."""
    return tuple(name for name in field_names() if name != "text")


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """A lower-case name -> the metadata field it stands for."""
    return {alias: name for name, aliases in field_names().items() if name != "text" for alias in aliases}


def text_fields() -> tuple[str, ...]:
    return field_names()["text"]


class FormatError(ValueError):
    """The file is malformed for its format."""


@dataclass
class Document:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    raw_is_text: bool = False  # True when ``text`` is the decoded file itself (offsets map 1:1)
    suffix: str = ""  # distinguishes several documents of one file ("#3")
    warnings: list[str] = field(default_factory=list)


def normalise_meta(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Map known metadata names onto ours; return (meta, problems)."""
    meta: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        name = _aliases().get(str(key).strip().lower(), str(key).lower())
        if name not in meta_fields() or value is None or name in meta:
            continue
        if name == "published" and isinstance(value, dt.datetime | dt.date):
            meta[name] = value
        elif isinstance(value, str):
            if value.strip():
                meta[name] = value.strip()
        elif name == "outlet" and isinstance(value, dict) and isinstance(value.get("name"), str):
            meta[name] = value["name"].strip()
        else:
            problems.append(f"metadata field '{key}' has the wrong type ({type(value).__name__}); ignored")
    return meta, problems


# A JSON string (skipped whole: brackets inside strings do not nest) or a bracket.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _loads(text: str) -> Any:
    # json's C decoder recurses; reject absurd nesting before it can overflow the stack.
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        ch = match.group()
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise FormatError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        elif ch in "]}":
            depth -= 1
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: also numbers too long to convert
        raise FormatError(f"invalid JSON: {str(exc)[:200]}") from exc


def _record(obj: Any, where: str) -> Document:
    if not isinstance(obj, dict):
        raise FormatError(f"{where}: a record must be a JSON object")
    names = text_fields()
    text = next((obj[k] for k in names if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if text is None:
        raise FormatError(f"{where}: no text field ({', '.join(names)})")
    meta, problems = normalise_meta(obj)
    return Document(text=text, meta=meta, warnings=problems)


def read_text(text: str) -> list[Document]:
    return [Document(text=text, raw_is_text=True)]


def read_markdown(text: str) -> list[Document]:
    """Markdown with optional YAML front matter; the body keeps its offsets."""
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    body_start = 0
    stripped = text.lstrip("\ufeff")
    lead = len(text) - len(stripped)
    if stripped.startswith("---"):
        end = stripped.find("\n---", 3)
        if end != -1:
            block = stripped[3:end]
            close = stripped.find("\n", end + 4)
            body_start = lead + (len(stripped) if close == -1 else close + 1)
            try:
                loaded = yaml.safe_load(block)
            except yaml.YAMLError as exc:
                warnings.append(f"front matter is not valid YAML ({type(exc).__name__}); ignored")
                loaded = None
            if isinstance(loaded, dict):
                meta, problems = normalise_meta(loaded)
                warnings.extend(problems)
            elif loaded is not None:
                warnings.append("front matter is not a mapping; ignored")
    # Blank out the front matter instead of cutting it, so offsets stay those of the file.
    body = " " * body_start + text[body_start:]
    return [Document(text=body, meta=meta, raw_is_text=True, warnings=warnings)]


def read_json(text: str) -> list[Document]:
    data = _loads(text)
    records = (
        data if isinstance(data, list) else data.get("articles", [data]) if isinstance(data, dict) else None
    )
    if not isinstance(records, list) or not records:
        raise FormatError("expected an object or a list of objects with a text field")
    docs = []
    for i, obj in enumerate(records):
        doc = _record(obj, f"record {i + 1}")
        doc.suffix = f"#{i + 1}" if len(records) > 1 else ""
        docs.append(doc)
    return docs


def read_jsonl(text: str) -> list[Document]:
    """One record per line; bad lines are reported and the good ones kept."""
    docs: list[Document] = []
    bad: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = _record(_loads(line), f"line {number}")
        except FormatError as exc:
            bad.append(str(exc) if str(exc).startswith("line") else f"line {number}: {exc}")
            continue
        doc.suffix = f"#{number}"
        docs.append(doc)
    if docs and bad:
        docs[0].warnings.extend(f"skipped {b}" for b in bad)
    if not docs:
        raise FormatError("no valid record" + (f" ({bad[0]})" if bad else ""))
    return docs


def html_to_document(html: str, url: str | None = None) -> Document:
    """Main text and metadata of a web page, boilerplate left out by trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    if extracted is None:
        raise FormatError("no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        raise FormatError("no article text found in the HTML")
    meta, _ = normalise_meta(
        {
            k: data.get(k)
            for k in ("title", "sitename", "url", "date", "author")
            if isinstance(data.get(k), str)
        }
    )
    # trafilatura separates paragraphs with single newlines; the cleaner expects blank lines.
    return Document(text="\n\n".join(line for line in text.splitlines() if line.strip()), meta=meta)


def read_html(text: str) -> list[Document]:
    return [html_to_document(text)]


def read_feed(text: str) -> list[Document]:
    """RSS/Atom entries; external entities and entity expansion are refused first."""
    import feedparser
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(text.encode("utf-8"), forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise FormatError("feed declares a DTD or entities, refused") from exc
    except Exception as exc:  # any XML syntax error
        raise FormatError(f"feed is not well-formed XML: {exc}") from exc
    parsed = feedparser.parse(text, resolve_relative_uris=False, sanitize_html=True)
    outlet = parsed.feed.get("title") if parsed.get("feed") else None
    docs = []
    for i, entry in enumerate(parsed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "")
        if not body.strip():
            continue
        try:
            doc = html_to_document(f"<html><body><article>{body}</article></body></html>")
        except FormatError:
            continue
        meta = {"title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author")}
        if entry.get("published_parsed") or entry.get("updated_parsed"):
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            meta["published"] = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
        if outlet:
            meta["outlet"] = outlet
        doc.meta, doc.warnings = normalise_meta(meta)
        doc.suffix = f"#{i}"
        docs.append(doc)
    if not docs:
        raise FormatError("feed has no entry with text")
    return docs


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}
