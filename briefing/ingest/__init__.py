"""Ingest: files and folders to ``Article`` records, accounting for every input.

    discover paths -> read + decode each file -> format reader -> sidecar metadata
    -> clean (boilerplate, metadata lines, title) -> Article; near-duplicates marked.

Nothing raises for a bad file: it becomes a ``Skipped`` with the reason.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
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
MAX_SIDECAR_BYTES = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")
# spaCy refuses longer texts (Language.max_length); a longer article is reported, not analysed.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # inputs kept, with a problem


def shown(path: Path | str | bytes) -> str:
    """A path as text that can always be written out: undecodable bytes in names become U+FFFD."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


def text_safe(value: str) -> str:
    """Text with lone surrogates (from JSON escapes or YAML) replaced, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", value)


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR)


def _sidecar_owner_stem(path: Path) -> str:
    return path.name[: -len(SIDECAR)]


def discover(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[Path]:
    """Regular files under the given paths, recursively, in a stable order.

    Everything found is either yielded or accounted for in ``skipped`` with the reason:
    hidden names, symbolic links (to folders, outside the input, broken or looping),
    special files (pipes, devices), unreadable folders, a second path to a file already
    read, and sidecars without their article file.
    """
    seen: dict[str, Path] = {}
    found: list[Path] = []
    owners: set[tuple[Path, str]] = set()  # (folder, stem) of every article file found
    for root in paths:
        try:
            st = root.stat()
        except (OSError, ValueError) as exc:
            skipped.append(Skipped(shown(root), _missing_reason(root, exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            candidates: Iterable[Path] = sorted(_walk(root, skipped))
        elif stat.S_ISREG(st.st_mode):
            candidates = [root]
        else:
            skipped.append(Skipped(shown(root), "not a regular file (pipe, socket or device)"))
            continue
        # Real files before links to them, so a file is read under its own name.
        accepted: set[Path] = set()
        candidates = list(candidates)
        for path in sorted(candidates, key=lambda p: p.is_symlink()):
            owners.add((path.parent, path.name.rsplit(".", 1)[0]))
            try:
                key = os.path.realpath(path, strict=True)
            except (OSError, RuntimeError, ValueError) as exc:
                skipped.append(Skipped(shown(path), _missing_reason(path, exc)))
                continue
            if key in seen:
                skipped.append(Skipped(shown(path), f"the same file as {shown(seen[key])}, read once"))
                continue
            seen[key] = path
            accepted.add(path)
        found.extend(p for p in candidates if p in accepted)
    for path in found:
        if not _is_sidecar(path):
            yield path
        elif (path.parent, _sidecar_owner_stem(path)) not in owners:
            skipped.append(Skipped(shown(path), "metadata sidecar without an article file of the same name"))


def _missing_reason(path: Path, exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or (isinstance(exc, OSError) and exc.errno == errno.ELOOP):
        return "symbolic link loop"
    if isinstance(exc, ValueError):
        return "unusable path name"
    if path.is_symlink():
        return "broken symbolic link"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    # followlinks=False: a symlinked folder could loop or leave the input tree.
    base = Path(os.path.realpath(root))

    def unreadable(exc: OSError) -> None:
        skipped.append(
            Skipped(shown(exc.filename or "(unknown folder)"), f"cannot read folder: {exc.strerror or exc}")
        )

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        kept_dirs = []
        for name in sorted(dirs):
            path = Path(folder) / name
            if name.startswith("."):
                skipped.append(Skipped(shown(path), "hidden folder (name starts with '.'), not read"))
            elif path.is_symlink():
                skipped.append(Skipped(shown(path), "symbolic link to a folder, not followed"))
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                skipped.append(Skipped(shown(path), "hidden file (name starts with '.'), not read"))
                continue
            try:
                target = Path(os.path.realpath(path, strict=True))
                mode = target.stat().st_mode
            except (OSError, RuntimeError, ValueError) as exc:
                skipped.append(Skipped(shown(path), _missing_reason(path, exc)))
                continue
            if path.is_symlink() and not target.is_relative_to(base):
                skipped.append(Skipped(shown(path), "symbolic link to outside the input folder"))
            elif not stat.S_ISREG(mode):
                skipped.append(Skipped(shown(path), "not a regular file (pipe, socket or device)"))
            else:
                yield path


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[str]]:
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR)
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
    if is_binary_text(text):
        raise DecodeError("binary content, not text")
    if not text.strip():
        raise FormatError("no text (whitespace only)")
    return text, reader(text)


def _article(doc: Document, path: Path, raw_text: str, meta: dict[str, Any], fmt: str) -> Article | None:
    meta = {k: text_safe(v) if isinstance(v, str) else v for k, v in meta.items()}
    cleaned = clean(text_safe(doc.text), title=meta.get("title"))
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


def ingest(paths: Iterable[Path], settings: IngestSettings) -> IngestResult:
    result = IngestResult()
    for path in discover(paths, result.skipped):
        try:
            raw_text, docs = _load(path, settings)
        except (FormatError, DecodeError) as exc:
            result.skipped.append(Skipped(shown(path), str(exc)))
            continue
        except OSError as exc:
            result.skipped.append(Skipped(shown(path), f"cannot read: {exc.strerror or exc}"))
            continue
        sidecar_meta, problems = read_sidecar(path)
        for doc in docs:
            meta = {**doc.meta, **sidecar_meta}
            article = _article(doc, path, raw_text, meta, path.suffix.lower().lstrip("."))
            where = shown(path) + doc.suffix
            for warning in doc.warnings + problems:
                result.warnings.append(f"{where}: {warning}")
            if article is None:
                result.skipped.append(Skipped(where, "nothing left after removing boilerplate"))
                continue
            if len(article.text) > MAX_ARTICLE_CHARS:
                result.skipped.append(
                    Skipped(
                        where,
                        f"article text too long to analyse ({len(article.text):,} characters "
                        f"> {MAX_ARTICLE_CHARS:,}); split it into articles",
                    )
                )
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
