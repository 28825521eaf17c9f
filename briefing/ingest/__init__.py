"""Ingest: files and folders to ``Article`` records, accounting for every input.

    discover paths -> read + decode each file -> format reader -> sidecar metadata
    -> clean (boilerplate, metadata lines, title) -> Article; near-duplicates marked.

Nothing raises for a bad file: it becomes a ``Skipped`` with the reason.

With a ``FileCache`` (the store), a file whose size, modification and change times (and
its sidecar's) match what was recorded when it was last read, under the same ingest code,
rules and settings, is not read again: its articles, dedup signatures, skipped inputs and
warnings are taken from the record. Files changed within ``RACY_NS`` of being read are
not recorded (a later change in the same clock tick could leave the times as they were).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import stat
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import briefing
from briefing.config import IngestSettings
from briefing.ingest.clean import clean, outlet_from, parse_date
from briefing.ingest.decode import DecodeError, check_text, decode
from briefing.ingest.dedup import mark_duplicates
from briefing.ingest.formats import READERS, Document, FormatError, normalise_meta
from briefing.ingest.tables import MissingExtra, RowProblem, is_table, read_table
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Article, Paragraph, Skipped

log = logging.getLogger(__name__)

SIDECAR = ".meta.json"
MAX_SIDECAR_BYTES = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")
# spaCy refuses longer texts (Language.max_length); a longer article is reported, not analysed.
MAX_ARTICLE_CHARS = 1_000_000


# A file changed this recently (ns) before it is read is read again next time.
RACY_NS = 2_000_000_000


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
    side = _times(_sidecar_path(path))
    return f"{own[0]}|{side[0] if side else '-'}", max(own[1], side[1] if side else 0)


def shown(path: Path | str | bytes) -> str:
    """A path as text that can always be written out: undecodable bytes in names become U+FFFD."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


def text_safe(value: str) -> str:
    """Text with lone surrogates (from JSON escapes or YAML) replaced, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", value)


@functools.cache
def documentation_names() -> frozenset[str]:
    """File names (without extension, lower case) that document a folder: data/inputs.toml."""
    text = resources.files("briefing.data").joinpath("inputs.toml").read_text(encoding="utf-8")
    return frozenset(n.lower() for n in tomllib.loads(text)["documentation"]["names"])


def is_documentation(name: str) -> bool:
    """A folder's README, SOURCE, LICENSE... file (any extension, any case): not an article."""
    return name.split(".", 1)[0].lower() in documentation_names()


def display_path(where: str, roots: Sequence[Path]) -> str:
    """How the brief names an input: relative to the input folder it was found in (prefixed
    with the folder's name when there are several), a file given by name as its name, never
    a path of the machine that built the brief. A ``#row`` suffix is kept."""
    target = os.path.abspath(where)
    for root in roots:
        base = os.path.abspath(shown(root))
        if target == base or target.startswith(base.rstrip(os.sep) + os.sep):
            inner = os.path.relpath(target, base)
            if inner == ".":
                return os.path.basename(base) or shown(root)
            return os.path.join(os.path.basename(base), inner) if len(roots) > 1 else inner
        if target.startswith(base + "#"):  # a row of a table given by name
            return os.path.basename(base) + target[len(base) :]
    return os.path.basename(target) or where


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
    paths = list(paths)
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
                skipped.append(
                    Skipped(
                        shown(path), f"the same file as {display_path(shown(seen[key]), paths)}, read once"
                    )
                )
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
            if is_documentation(name) and not _is_sidecar(path):
                skipped.append(Skipped(shown(path), "the folder's documentation, not an article"))
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


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR)


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[str]]:
    sidecar = _sidecar_path(path)
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


def _read_file(path: Path, settings: IngestSettings, outcome: FileOutcome, keep_raw: bool) -> bool:
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
            lasting = _read_file(path, settings, outcome, keep_raw)
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
