"""The local store (SQLite): each article's text, metadata and analysis, so a build
analyses only new or changed articles.

    articles:  path -> content hash, the Article as JSON, whether it came from an inbox,
               its dedup signature
    analyses:  (content hash, analysis version) -> the ArticleAnalysis records as JSON
    files:     input file -> its stamp (size, mtime, ctime, its sidecar's) and the ingest
               version when read -> its articles (paths, record digests), skipped inputs
               and warnings; a file with the same stamp and version is not read again
    compose:   the last build's merge (compose's ``Composer.state``, compressed JSON) with
               the articles it holds, in order: a build whose articles start with those
               resumes from it and merges only the rest (one row; an optional table that
               older versions ignore)

The content hash covers what the analysis reads (the clean paragraphs, their kinds and
the published date); the analysis version covers what it runs with (the spaCy model and
its version, the taxonomy's content, the minimum theme score, and the rules: the packaged
data files, the analysis code and the product version); both are made in ``briefing.keys``,
and the records' JSON form in ``briefing.records_json``. A change of any of them makes
the stored results unreachable, so those articles are analysed again.

The store is a cache: every article in it comes from a file the user keeps, and
``briefing rebuild`` recreates it from those files. Writes are transactions in WAL mode,
so a killed process leaves the previous state, never a half-written one. A damaged or
foreign file is refused with ``StoreError`` (exit code 5) naming the fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefing.errors import StoreError
from briefing.ingest import FileOutcome
from briefing.keys import (
    content_hash,
)
from briefing.records import Article, ArticleAnalysis, Skipped
from briefing.records_json import analysis_from_dict, analysis_to_dict, article_from_dict, article_to_dict

log = logging.getLogger(__name__)

APPLICATION_ID = 0x42524946  # "BRIF": marks the file as a briefing store
SCHEMA_VERSION = 2  # 2: articles.signature and the files table (a version 1 store is upgraded)
FIX = "run 'briefing rebuild PATH... --out DIR' (or delete the file): it is rebuilt from the articles"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    record TEXT NOT NULL,
    inbox INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    signature BLOB
);
CREATE TABLE IF NOT EXISTS analyses (
    hash TEXT NOT NULL,
    version TEXT NOT NULL,
    result TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (hash, version)
);
"""
_COMPOSE_TABLE = """
CREATE TABLE IF NOT EXISTS compose (
    key TEXT PRIMARY KEY,
    entries TEXT NOT NULL,
    state BLOB NOT NULL,
    created TEXT NOT NULL
)"""
_FILES_TABLE = """
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY,
    stamp TEXT NOT NULL,
    version TEXT NOT NULL,
    outcome TEXT NOT NULL
)"""


def _digest(record: str) -> str:
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")


class Store:
    """An open store; use ``open_store`` (checks the file) and close it, or ``with``."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """A transaction; a damaged file found mid-way is a StoreError, not a traceback."""
        try:
            with self._conn:
                yield self._conn
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StoreError(
                    f"store {self.path} is busy: {exc}", "wait for the other briefing process"
                ) from exc
            raise StoreError(f"store {self.path} is damaged ({exc})", FIX) from exc

    # articles
    @staticmethod
    def _record(article: Article) -> str:
        record = article_to_dict(article)
        record["id"] = ""
        record["duplicate_of"] = None
        return json.dumps(record, ensure_ascii=False)

    def _put(
        self, conn: sqlite3.Connection, article: Article, record: str, signature: bytes | None, inbox: bool
    ) -> bool:
        """Write one article's row unless it holds the same; True if the record was new or changed."""
        row = conn.execute(
            "SELECT record, inbox, signature FROM articles WHERE path = ?", (article.path,)
        ).fetchone()
        if row is not None and row[0] == record and (row[1] or not inbox):
            if signature is not None and row[2] != signature:
                conn.execute("UPDATE articles SET signature = ? WHERE path = ?", (signature, article.path))
            return False
        conn.execute(
            "INSERT INTO articles (path, hash, record, inbox, updated, signature) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, record = excluded.record, "
            "inbox = MAX(articles.inbox, excluded.inbox), updated = excluded.updated, "
            "signature = COALESCE(excluded.signature, articles.signature)",
            (article.path, content_hash(article), record, int(inbox), _now(), signature),
        )
        return True

    def put_articles(
        self,
        articles: Iterable[Article],
        inbox: bool = False,
        signatures: Iterable[bytes | None] | None = None,
    ) -> int:
        """Insert or update articles by path (with their dedup signatures, aligned);
        returns how many were new or changed."""
        changed = 0
        sigs = iter(signatures) if signatures is not None else None
        with self._guard() as conn:
            for article in articles:
                signature = next(sigs, None) if sigs is not None else None
                changed += self._put(conn, article, self._record(article), signature, inbox)
        return changed

    def inbox_articles(self) -> list[Article]:
        """Articles ingested with ``briefing ingest``, in the order of their paths."""
        return [article for article, _ in self.inbox_entries()]

    def inbox_entries(self) -> list[tuple[Article, bytes | None]]:
        """The inbox articles with their stored dedup signatures (None if unknown)."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT record, signature FROM articles WHERE inbox = 1 ORDER BY path"
            ).fetchall()
        return [(article_from_dict(json.loads(row[0])), row[1]) for row in rows]

    # files
    def put_files(self, outcomes: Iterable[FileOutcome], version: str) -> None:
        """Record what files gave when read (their articles with their rows), in one transaction."""
        with self._guard() as conn:
            for outcome in outcomes:
                entries = []
                for article, signature in zip(outcome.articles, outcome.signatures, strict=True):
                    record = self._record(article)
                    self._put(conn, article, record, signature, inbox=False)
                    entries.append([article.path, _digest(record)])
                data = {
                    "articles": entries,
                    "skipped": [[s.path, s.reason] for s in outcome.skipped],
                    "warnings": outcome.warnings,
                }
                conn.execute(
                    "INSERT OR REPLACE INTO files (path, stamp, version, outcome) VALUES (?, ?, ?, ?)",
                    (outcome.key, outcome.stamp, version, json.dumps(data)),  # ASCII: any warning
                )

    def recall_file(self, key: bytes, stamp: str, version: str) -> FileOutcome | None:
        """What the file gave when last read, if read with this stamp and version and its
        article rows still hold what it gave (else None: read it again)."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT stamp, outcome FROM files WHERE path = ? AND version = ?", (key, version)
            )
            found = row.fetchone()
            if found is None or found[0] != stamp:
                return None
            try:
                data = json.loads(found[1])
                entries = [(str(path), str(digest)) for path, digest in data["articles"]]
                outcome = FileOutcome(
                    key,
                    stamp,
                    skipped=[Skipped(str(path), str(reason)) for path, reason in data["skipped"]],
                    warnings=[str(w) for w in data["warnings"]],
                )
            except (ValueError, KeyError, TypeError):
                return None
            for path, digest in entries:
                article_row = conn.execute(
                    "SELECT record, signature FROM articles WHERE path = ?", (path,)
                ).fetchone()
                if article_row is None or _digest(article_row[0]) != digest:
                    return None
                try:
                    outcome.articles.append(article_from_dict(json.loads(article_row[0])))
                except (ValueError, KeyError, TypeError):
                    return None
                outcome.signatures.append(article_row[1])
        return outcome

    def count(self) -> dict[str, int]:
        with self._guard() as conn:
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            inbox = conn.execute("SELECT COUNT(*) FROM articles WHERE inbox = 1").fetchone()[0]
            analyses = conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
        return {"articles": articles, "inbox": inbox, "analyses": analyses}

    # analyses
    def get_analyses(self, articles: Iterable[Article], version: str) -> dict[str, ArticleAnalysis]:
        """Stored analyses for these articles under this version, by article id."""
        found: dict[str, ArticleAnalysis] = {}
        with self._guard() as conn:
            for article in articles:
                row = conn.execute(
                    "SELECT result FROM analyses WHERE hash = ? AND version = ?",
                    (content_hash(article), version),
                ).fetchone()
                if row is not None:
                    try:
                        found[article.id] = analysis_from_dict(article, json.loads(row[0]))
                    except (ValueError, KeyError, TypeError) as exc:
                        log.warning(
                            "stored analysis of %s unreadable (%s); analysing again", article.path, exc
                        )
        return found

    def stored(self, articles: Iterable[Article], version: str) -> set[str]:
        """Ids of the articles with an analysis stored under this version (rows not read)."""
        found = set()
        with self._guard() as conn:
            for article in articles:
                row = conn.execute(
                    "SELECT 1 FROM analyses WHERE hash = ? AND version = ?", (content_hash(article), version)
                ).fetchone()
                if row is not None:
                    found.add(article.id)
        return found

    # the last build's merge
    def get_compose_state(self, key: str) -> tuple[list[Any], dict[str, Any]] | None:
        """(entries, state) saved under ``key``, or None (none, another key, unreadable)."""
        with self._guard() as conn:
            row = conn.execute("SELECT entries, state FROM compose WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            entries = json.loads(row[0])
            state = json.loads(zlib.decompress(row[1]))
        except (ValueError, zlib.error) as exc:
            log.warning("saved merge in %s unreadable (%s); composing from the analyses", self.path, exc)
            return None
        if not isinstance(entries, list) or not isinstance(state, dict):
            return None
        return entries, state

    def put_compose_state(self, key: str, entries: list[Any], state: dict[str, Any]) -> None:
        """Keep this merge (replacing any other: only the last build's is resumed)."""
        blob = zlib.compress(json.dumps(state, ensure_ascii=False).encode("utf-8"), 1)
        with self._guard() as conn:
            conn.execute("DELETE FROM compose")
            conn.execute(
                "INSERT INTO compose (key, entries, state, created) VALUES (?, ?, ?, ?)",
                (key, json.dumps(entries, ensure_ascii=False), blob, _now()),
            )

    def put_analyses(self, analyses: Iterable[ArticleAnalysis], version: str) -> None:
        with self._guard() as conn:
            for analysis in analyses:
                conn.execute(
                    "INSERT OR REPLACE INTO analyses (hash, version, result, created) VALUES (?, ?, ?, ?)",
                    (
                        content_hash(analysis.article),
                        version,
                        json.dumps(analysis_to_dict(analysis), ensure_ascii=False),
                        _now(),
                    ),
                )

    def prune(self, version: str) -> int:
        """Drop analyses made under other versions (they can never be used again)."""
        with self._guard() as conn:
            return conn.execute("DELETE FROM analyses WHERE version != ?", (version,)).rowcount


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, isolation_level="DEFERRED")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _initialise(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.executescript(_SCHEMA + _FILES_TABLE + ";" + _COMPOSE_TABLE + ";")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _upgrade_from_1(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2 in one transaction (another process may be doing the same)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] == 1:
            conn.execute("ALTER TABLE articles ADD COLUMN signature BLOB")
            conn.execute(_FILES_TABLE)
            conn.execute("PRAGMA user_version = 2")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def _check(conn: sqlite3.Connection, path: Path, full: bool) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id == 0 and version == 0 and not tables:
        _initialise(conn)  # an empty file: a new store
        return
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} is not a briefing store (it is another SQLite database)", FIX)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store {path} was written by a newer briefing (schema {version} > {SCHEMA_VERSION})",
            "upgrade briefing, or give another [store] path",
        )
    if version == 1 and {"articles", "analyses"} <= tables:
        _upgrade_from_1(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version < SCHEMA_VERSION or not {"articles", "analyses", "files"} <= tables:
        raise StoreError(f"store {path} has an old or incomplete schema (version {version})", FIX)
    if full:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"store {path} is damaged (integrity check: {result})", FIX)
    if "compose" not in tables:
        with conn:
            conn.execute(_COMPOSE_TABLE)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def open_store(path: Path, full_check: bool = True) -> Store:
    """Open (creating if needed) and check the store: StoreError if damaged or foreign."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = None
    try:
        conn = _connect(path)
        _check(conn, path, full_check)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"store {path} is damaged or not a database ({exc})", FIX) from exc
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return Store(path, conn)


def remove_store(path: Path) -> None:
    """Delete the store file and its WAL companions (it is a cache of the articles)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
