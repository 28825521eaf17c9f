"""Ingest: files and folders to ``Article`` records, accounting for every input.

    discover paths -> read + decode each file -> format reader -> sidecar metadata
    -> clean (boilerplate, metadata lines, title) -> Article; near-duplicates marked.

Nothing raises for a bad file: it becomes a ``Skipped`` with the reason. The stages live
in their own modules: ``discovery`` (which files), ``read`` (one file to its articles),
``clean``, ``dedup``; this one runs them and keeps the file cache.

With a ``FileCache`` (the store), a file whose size, modification and change times (and
its sidecar's) match what was recorded when it was last read, under the same ingest code,
rules and settings, is not read again: its articles, dedup signatures, skipped inputs and
warnings are taken from the record. Files changed within ``RACY_NS`` of being read are
not recorded (a later change in the same clock tick could leave the times as they were).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import briefing
from briefing.config import IngestSettings
from briefing.ingest.dedup import mark_duplicates
from briefing.ingest.discovery import discover, display_path
from briefing.ingest.read import FileOutcome, file_stamp, read_file
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Article, Skipped

log = logging.getLogger(__name__)


# A file changed this recently (ns) before it is read is read again next time.
RACY_NS = 2_000_000_000


class FileCache(Protocol):
    def recall_file(self, key: bytes, stamp: str, version: str) -> FileOutcome | None:
        """The recorded outcome of the file if it was read with this stamp and version."""
        ...


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # inputs kept, with a problem
    signatures: list[bytes | None] = field(default_factory=list)  # dedup's, aligned with articles
    read: list[FileOutcome] = field(default_factory=list)  # files read (not recalled) to record
    recalled: int = 0  # files taken from the cache


@functools.cache
def _code_digest() -> str:
    root = Path(briefing.__file__).parent
    digest = hashlib.sha256(briefing.__version__.encode())
    files = [*(root / "ingest").glob("*.py"), root / "records.py"]
    files += [
        root / "data" / name for name in ("boilerplate.toml", "outlets.toml", "fields.toml", "inputs.toml")
    ]
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    packages = ("trafilatura", "charset-normalizer", "feedparser", "python-frontmatter", "pyyaml", "pyarrow")
    for package in packages:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    return digest.hexdigest()[:16]


def number_and_mark(result: IngestResult, settings: IngestSettings) -> None:
    """Number ``result``'s articles a1, a2, ... in order and mark each (near) copy of
    another (``duplicate_of``); the signatures dedup computed are kept on ``result``."""
    for number, article in enumerate(result.articles, start=1):
        article.id = f"a{number}"
        article.duplicate_of = None
    result.signatures = list(
        mark_duplicates(
            result.articles,
            settings.near_duplicate_threshold,
            result.signatures,
            floor=settings.near_duplicate_floor,
            containment=settings.near_duplicate_containment,
        )
    )


def ingest_version(settings: IngestSettings) -> str:
    """What reading a file depends on besides the file: the code, rules and settings."""
    columns = json.dumps([c.model_dump() for c in settings.columns], sort_keys=True)
    return f"{_code_digest()}|max_bytes={settings.max_bytes}|columns={columns}"


def ingest(
    paths: Iterable[Path],
    settings: IngestSettings,
    cache: FileCache | None = None,
    keep_raw: bool = True,
    progress: Progress = NO_PROGRESS,
) -> IngestResult:
    """Articles from the files under ``paths``, near-duplicates marked.

    ``cache``: take unchanged files' outcomes from it, and list the files read in
    ``IngestResult.read`` for the caller to record. ``keep_raw=False`` drops each article's
    decoded source (only ``briefing extract`` maps offsets back to it); the cache keeps no
    sources, so it is consulted only then. ``progress`` counts the files read.
    """
    paths = list(paths)
    result = IngestResult()
    version = ingest_version(settings) if cache is not None else ""
    to_record: list[tuple[FileOutcome, int]] = []  # (outcome, index of its first article)
    # The files are listed first (to count them); the inputs discovery skips keep their
    # place among those the files give.
    found: list[Skipped] = []
    files = [(path, len(found)) for path in discover(paths, found)]
    stage = progress.stage("reading", len(files), "files")
    taken = 0
    for path, mark in files:
        result.skipped.extend(found[taken:mark])
        taken = mark
        stamp = file_stamp(path) if cache is not None else None
        started = time.time_ns()
        outcome = None
        if cache is not None and stamp is not None and not keep_raw:
            outcome = cache.recall_file(os.fsencode(path), stamp[0], version)
        if outcome is not None:
            result.recalled += 1
            if None in outcome.signatures:  # made another way: record the new ones
                to_record.append((outcome, len(result.articles)))
        else:
            outcome = FileOutcome(os.fsencode(path), stamp[0] if stamp else "")
            lasting = read_file(path, settings, outcome, keep_raw)
            if cache is not None and stamp is not None and lasting and stamp[1] < started - RACY_NS:
                to_record.append((outcome, len(result.articles)))
        result.articles.extend(outcome.articles)
        result.signatures.extend(outcome.signatures)
        result.skipped.extend(outcome.skipped)
        result.warnings.extend(outcome.warnings)
        stage.advance()
    result.skipped.extend(found[taken:])
    stage.finish()
    result.skipped = [Skipped(display_path(s.path, paths), s.reason) for s in result.skipped]
    number_and_mark(result, settings)
    for outcome, start in to_record:  # with the signatures dedup computed for them
        outcome.signatures = result.signatures[start : start + len(outcome.articles)]
        result.read.append(outcome)
    for warning in result.warnings:
        log.warning("%s", warning)
    _log_skipped(result.skipped)
    return result


ROWS_LOGGED = 3  # skipped rows of one table logged one by one; the rest are counted


def _log_skipped(skipped: list[Skipped]) -> None:
    """Each skipped input as a warning, but no more than ``ROWS_LOGGED`` rows of one file
    (a table of thousands of bad rows gives a line saying how many more, not thousands)."""
    rows: dict[str, int] = {}
    for skip in skipped:
        file, _, row = skip.path.rpartition("#")
        if file and row.isdigit():
            rows[file] = rows.get(file, 0) + 1
            if rows[file] > ROWS_LOGGED:
                continue
        log.warning("skipped %s: %s", skip.path, skip.reason)
    for file, count in rows.items():
        if count > ROWS_LOGGED:
            log.warning("skipped %d more row(s) of %s (brief.json lists them all)", count - ROWS_LOGGED, file)
