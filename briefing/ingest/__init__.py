"""Ingest: files and folders to ``Article`` records, accounting for every input.

    discover paths -> read + decode each file -> format reader -> sidecar metadata
    -> clean (boilerplate, metadata lines, title) -> Article; near-duplicates marked.

Nothing raises for a bad file: it becomes a ``Skipped`` with the reason.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import IngestSettings
from briefing.ingest.clean import clean, outlet_from, parse_date
from briefing.ingest.decode import DecodeError, decode, is_binary_text
from briefing.ingest.dedup import mark_duplicates
from briefing.ingest.formats import READERS, Document, FormatError, normalise_meta
from briefing.records import Article, Paragraph, Skipped

log = logging.getLogger(__name__)

SIDECAR = ".meta.json"


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # inputs kept, with a problem


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR)


def discover(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[Path]:
    """Files under the given paths, recursively, in a stable order; hidden files skipped."""
    seen: set[Path] = set()
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(str(root), "no such file or folder"))
            continue
        if root.is_file():
            candidates: Iterable[Path] = [root]
        else:
            candidates = sorted(_walk(root, skipped))
        for path in candidates:
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            if _is_sidecar(path):
                continue
            yield path


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    # followlinks=False: a symlinked folder could loop or leave the input tree.
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_file() or not target.is_relative_to(root.resolve()):
                    skipped.append(Skipped(str(path), "symbolic link to outside the input folder"))
                    continue
            yield path


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[str]]:
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR)
    if not sidecar.is_file():
        return {}, []
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return {}, [f"sidecar {sidecar.name} unreadable ({type(exc).__name__}); metadata taken from the text"]
    if not isinstance(data, dict):
        return {}, [f"sidecar {sidecar.name} is not a JSON object; ignored"]
    meta, problems = normalise_meta(data)
    return meta, [f"sidecar {sidecar.name}: {p}" for p in problems]


def _load(path: Path, settings: IngestSettings) -> tuple[str, list[Document]]:
    """Read and decode one file: (decoded text, documents); FormatError/DecodeError for bad input."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise FormatError(f"unsupported file type '{path.suffix or '(none)'}'")
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise FormatError(
            f"file too large ({size:,} bytes > limit {settings.max_bytes:,}; see ingest.max_bytes)"
        )
    if size == 0:
        raise FormatError("empty file")
    text, _encoding = decode(path.read_bytes())
    text = text.replace("\x00", "")
    if is_binary_text(text):
        raise DecodeError("binary content, not text")
    if not text.strip():
        raise FormatError("no text (whitespace only)")
    return text, reader(text)


def _article(doc: Document, path: Path, raw_text: str, meta: dict[str, Any], fmt: str) -> Article | None:
    cleaned = clean(doc.text, title=meta.get("title"))
    if not cleaned.paragraphs:
        return None
    merged = {**cleaned.meta, **meta}  # explicit metadata beats what the text suggests
    published = merged.get("published")
    date = parse_date(published) if published is not None else None
    paragraphs = cleaned.paragraphs
    if not doc.raw_is_text:
        paragraphs = _locate(paragraphs, raw_text)
    outlet = merged.get("outlet")
    return Article(
        id="",
        path=str(path) + doc.suffix,
        raw_text=raw_text,
        paragraphs=paragraphs,
        title=merged.get("title"),
        outlet=outlet_from(outlet) if isinstance(outlet, str) else None,
        url=merged.get("url"),
        published=date,
        author=merged.get("author"),
        format=fmt,
        removed=cleaned.removed,
    )


def _locate(paragraphs: list[Paragraph], raw_text: str) -> list[Paragraph]:
    """Find extracted paragraphs verbatim in the source to give them offsets where possible."""
    out = []
    cursor = 0
    for p in paragraphs:
        at = raw_text.find(p.text, cursor)
        out.append(Paragraph(p.text, at if at >= 0 else None, p.kind))
        if at >= 0:
            cursor = at + len(p.text)
    return out


def ingest(paths: Iterable[Path], settings: IngestSettings) -> IngestResult:
    result = IngestResult()
    for path in discover(paths, result.skipped):
        try:
            raw_text, docs = _load(path, settings)
        except (FormatError, DecodeError) as exc:
            result.skipped.append(Skipped(str(path), str(exc)))
            continue
        except OSError as exc:
            result.skipped.append(Skipped(str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        sidecar_meta, problems = read_sidecar(path)
        for doc in docs:
            meta = {**doc.meta, **sidecar_meta}
            article = _article(doc, path, raw_text, meta, path.suffix.lower().lstrip("."))
            where = str(path) + doc.suffix
            for warning in doc.warnings + problems:
                result.warnings.append(f"{where}: {warning}")
            if article is None:
                result.skipped.append(Skipped(where, "nothing left after removing boilerplate"))
                continue
            result.articles.append(article)
    for number, article in enumerate(result.articles, start=1):
        article.id = f"a{number}"
    mark_duplicates(result.articles, settings.near_duplicate_threshold)
    for warning in result.warnings:
        log.warning("%s", warning)
    for skip in result.skipped:
        log.warning("skipped %s: %s", skip.path, skip.reason)
    return result
