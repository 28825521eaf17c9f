"""Reading one file: its bytes (bounded), decoded text, format reader, sidecar metadata and
cleaning give its articles, or the reasons its inputs are skipped, in a ``FileOutcome``."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import IngestSettings
from briefing.ingest.clean import clean
from briefing.ingest.decode import DecodeError, check_text, decode
from briefing.ingest.discovery import name_date, shown, sidecar_path
from briefing.ingest.formats import READERS, Document, FormatError, normalise_meta
from briefing.ingest.tables import MissingExtra, RowProblem, is_table, read_table
from briefing.ingest.values import outlet_from, parse_date
from briefing.records import Article, Paragraph, Skipped

MAX_SIDECAR_BYTES = 1_000_000


_SURROGATE = re.compile("[\ud800-\udfff]")


# spaCy refuses longer texts (Language.max_length); a longer article is reported, not analysed.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class FileOutcome:
    """What one input file gave: articles (with their dedup signatures), skipped inputs
    and warnings, and the file's ``stamp`` when it was read."""

    key: bytes  # the file's path as bytes (os.fsencode)
    stamp: str
    articles: list[Article] = field(default_factory=list)
    signatures: list[bytes | None] = field(default_factory=list)  # aligned with articles
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _times(path: Path) -> tuple[str, int] | None:
    """(size:mtime:ctime:inode, ctime) of a regular file (a link's target), or None."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}", st.st_ctime_ns


def file_stamp(path: Path) -> tuple[str, int] | None:
    """The file's stamp (its sidecar's included) and its latest change time, or None."""
    own = _times(path)
    if own is None:
        return None
    side = _times(sidecar_path(path))
    return f"{own[0]}|{side[0] if side else '-'}", max(own[1], side[1] if side else 0)


def text_safe(value: str) -> str:
    """Text with lone surrogates (from JSON escapes or YAML) replaced, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", value)


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[str]]:
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return {}, []
    try:
        data = json.loads(_read_bounded(sidecar, MAX_SIDECAR_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: bad UTF-8, JSON, huge ints
        return {}, [f"sidecar {sidecar.name} unreadable ({type(exc).__name__}); metadata taken from the text"]
    if not isinstance(data, dict):
        return {}, [f"sidecar {sidecar.name} is not a JSON object; ignored"]
    meta, problems = normalise_meta(data)
    return meta, [f"sidecar {sidecar.name}: {p}" for p in problems]


def _too_large(size: int, limit: int) -> FormatError:
    return FormatError(f"file too large ({size:,} bytes > limit {limit:,}; see ingest.max_bytes)")


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing (before reading) anything larger than ``limit``.

    The size is checked on the open file and the read is capped, so a file that grows
    meanwhile, or that is not what its name says, still cannot make us read past the limit.
    """
    with path.open("rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise FormatError("not a regular file (pipe, socket or device)")
        if st.st_size > limit:
            raise _too_large(st.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _load(path: Path, settings: IngestSettings) -> tuple[str, list[Document]]:
    """Read and decode one file: (decoded text, documents); FormatError/DecodeError for bad input."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise FormatError(f"unsupported file type '{path.suffix or '(none)'}'")
    data = _read_bounded(path, settings.max_bytes)
    if not data:
        raise FormatError("empty file")
    text, _encoding = decode(data)
    text = text.replace("\x00", "")
    check_text(text)
    return text, reader(text)


def _article(doc: Document, path: Path, raw_text: str, meta: dict[str, Any], fmt: str) -> Article | None:
    meta = {k: text_safe(v) if isinstance(v, str) else v for k, v in meta.items()}
    cleaned = clean(text_safe(doc.text), title=meta.get("title"))
    if not cleaned.paragraphs:
        return None
    merged = {**cleaned.meta, **meta}  # explicit metadata beats what the text suggests
    published = merged.get("published")
    date = parse_date(published) if published is not None else None
    if date is None:
        date = name_date(path.name)  # "20220406T001500Z_US_en_a13e88f8ad.txt"
    paragraphs = cleaned.paragraphs
    if not doc.raw_is_text:
        paragraphs = _locate(paragraphs, raw_text)
    outlet = merged.get("outlet")
    return Article(
        id="",
        path=shown(path) + doc.suffix,
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


def read_file(path: Path, settings: IngestSettings, outcome: FileOutcome, keep_raw: bool) -> bool:
    """Read one file into ``outcome``; False if the failure may be passing (not to record)."""
    if is_table(path):
        return _read_table(path, settings, outcome, keep_raw)
    try:
        raw_text, docs = _load(path, settings)
    except (FormatError, DecodeError) as exc:
        outcome.skipped.append(Skipped(shown(path), str(exc)))
        return True
    except OSError as exc:
        outcome.skipped.append(Skipped(shown(path), f"cannot read: {exc.strerror or exc}"))
        return False
    sidecar_meta, problems = read_sidecar(path)
    for doc in docs:
        _add(doc, path, raw_text, sidecar_meta, doc.warnings + problems, outcome, keep_raw)
    return True


def _read_table(path: Path, settings: IngestSettings, outcome: FileOutcome, keep_raw: bool) -> bool:
    """A CSV, TSV or Parquet file, a row at a time: each row an article or a skipped input
    (``FILE#ROW``); the file itself is skipped only when it cannot be read as a table. Not
    bound by ``ingest.max_bytes``: no more than a row is held (and the articles made)."""
    sidecar_meta, problems = read_sidecar(path)
    outcome.warnings.extend(f"{shown(path)}: {p}" for p in problems)
    try:
        for item in read_table(path, settings):
            if isinstance(item, RowProblem):
                outcome.skipped.append(Skipped(f"{shown(path)}#{item.number}", item.reason))
            else:
                _add(item, path, item.text, sidecar_meta, item.warnings, outcome, keep_raw)
    except MissingExtra as exc:
        outcome.skipped.append(Skipped(shown(path), str(exc)))
        return False  # read again once the extra is installed
    except (FormatError, DecodeError) as exc:
        outcome.skipped.append(Skipped(shown(path), str(exc)))
    except OSError as exc:
        outcome.skipped.append(Skipped(shown(path), f"cannot read: {exc.strerror or exc}"))
        return False
    return True


def _add(
    doc: Document,
    path: Path,
    raw_text: str,
    sidecar_meta: dict[str, Any],
    warnings: list[str],
    outcome: FileOutcome,
    keep_raw: bool,
) -> None:
    """One document of the file as an article in ``outcome``, or as a skipped input."""
    meta = {**doc.meta, **sidecar_meta}
    article = _article(doc, path, raw_text, meta, path.suffix.lower().lstrip("."))
    where = shown(path) + doc.suffix
    for warning in warnings:
        outcome.warnings.append(f"{where}: {warning}")
    if article is None:
        outcome.skipped.append(Skipped(where, "nothing left after removing boilerplate"))
        return
    if len(article.text) > MAX_ARTICLE_CHARS:
        outcome.skipped.append(
            Skipped(
                where,
                f"article text too long to analyse ({len(article.text):,} characters "
                f"> {MAX_ARTICLE_CHARS:,}); split it into articles",
            )
        )
        return
    if not keep_raw:
        article.raw_text = ""
    outcome.articles.append(article)
    outcome.signatures.append(None)
