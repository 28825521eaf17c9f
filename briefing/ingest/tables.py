"""CSV, TSV and Parquet files: one article per row, read as a stream.

    header -> columns (the config's mapping, else the aliases of data/fields.toml)
    -> the first rows checked (is the date column full of dates?) -> one Document per
    good row, one ``RowProblem`` per bad row (its number and the fix)

Rows are numbered from 1 under the header (``NYT.csv#12`` is the 12th). A file is never
read whole: CSV and TSV go through the csv module a line at a time (a field may span lines
inside quotes), Parquet a batch of rows at a time (the optional ``parquet`` extra,
pyarrow). What cannot be read at all (no text column, a mapping naming a column the file
lacks, not text, not Parquet) raises ``FormatError``/``DecodeError`` for the whole file.

A shifted header, as some exports have (``URL,Date,Title,Text`` over rows holding a date,
a title, an abstract and a lead), is told by its date column: when most of the first
rows' values there are not dates while another column's are, the header is taken as
shifted and each row is reported with the column mapping that reads the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from briefing.config import ColumnMapping, IngestSettings
from briefing.ingest.decode import DecodeError, check_text, open_text
from briefing.ingest.formats import Document, FormatError, article_fields, field_names, meta_fields
from briefing.ingest.values import outlet_from, parse_date, url_domain

DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
TABLE_SUFFIXES = (*DELIMITERS, ".parquet")
# Longer than any article analysed (1,000,000 characters): a cell or a line past this is
# not an article but a broken file, and reading it would hold it in memory.
MAX_CELL_CHARS = 4_000_000
SAMPLE_ROWS = 50  # rows read ahead to check the date column
_SHOWN = 48  # characters of a cell quoted in a reason


class MissingExtra(FormatError):
    """Reading the file needs an optional package that is not installed."""


@dataclass(frozen=True)
class RowProblem:
    """A row that gives no article: its number under the header and the reason."""

    number: int
    reason: str


@dataclass
class Layout:
    names: list[str]  # the header, stripped
    columns: dict[str, list[int]]  # field -> its column(s); text may have several
    mapped: set[str]  # fields the config's mapping named

    def name(self, field: str) -> str:
        return " + ".join(f"'{self.names[i]}'" for i in self.columns[field])


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def mapping_for(path: Path, settings: IngestSettings) -> ColumnMapping | None:
    """The first ``[[ingest.columns]]`` entry whose ``files`` glob matches the file."""
    return next((m for m in settings.columns if PurePath(path).match(m.files)), None)


def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def layout(names: Sequence[str], mapping: ColumnMapping | None) -> Layout:
    """Which column holds which field; FormatError when there is no text column or the
    mapping names a column the file lacks. A column serves one field: those the mapping
    uses are not matched by alias, and fields the mapping names are not looked up."""
    names = [str(n).strip() for n in names]
    lower = [n.lower() for n in names]
    columns: dict[str, list[int]] = {}
    used: set[int] = set()
    named = mapping.columns() if mapping is not None else {}
    for field, wanted in named.items():
        for name in wanted:
            if name.lower() not in lower:
                raise FormatError(
                    f"the column mapping ([[ingest.columns]] files = {json.dumps(mapping.files if mapping else '*')}) "
                    f"names column '{name}' for {field}, which this file does not have "
                    f"(its columns: {_header(names)}); fix the mapping in the config"
                )
            index = lower.index(name.lower())
            columns.setdefault(field, []).append(index)
            used.add(index)
    for field, aliases in field_names().items():
        if field in columns:
            continue
        found = next(
            (i for alias in aliases for i, n in enumerate(lower) if n == alias and i not in used), None
        )
        if found is not None:
            columns[field] = [found]
            used.add(found)
    if "text" not in columns:
        raise FormatError(
            f"no text column: the header ({_header(names)}) names none of "
            f"{', '.join(field_names()['text'])}; name the text column in the config "
            '([[ingest.columns]] text = "COLUMN"), or give the file a header row'
        )
    return Layout(names, columns, set(named))


def _header(names: Sequence[str]) -> str:
    shown = [f"'{n[:40]}'" if n else "(unnamed)" for n in names[:12]]
    return ", ".join(shown) + (f" and {len(names) - 12} more" if len(names) > 12 else "")


def cell_date(value: Any) -> dt.date | None:
    """A date cell's value as a date (strict: a title holding a year is not one). Cells are
    text: a Parquet file's dates come as ISO strings (``ingest.parquet``)."""
    text = str(value).strip()
    return parse_date(text, fuzzy=False) if len(text) <= 64 else None


def _cell(values: Sequence[Any], index: int) -> Any:
    value = values[index] if index < len(values) else None
    return "" if value is None else value


def _filled(value: Any) -> bool:
    return not isinstance(value, str) or bool(value.strip())


def _date_share(rows: Sequence[Sequence[Any]], index: int) -> float:
    values = [_cell(r, index) for r in rows]
    values = [v for v in values if _filled(v)]
    return sum(cell_date(v) is not None for v in values) / len(values) if values else 1.0


@dataclass(frozen=True)
class Shift:
    """The date column holds no dates while ``found`` does: the header seems shifted."""

    found: int
    fix: dict[str, list[str]]  # the mapping that reads the file, or {} if none is evident


def check_dates(table: Layout, rows: Sequence[Sequence[Any]]) -> Shift | None:
    """A shifted header, told from the first rows: most values of the date column found by
    its alias are not dates while another column's are. The fix moves every field found by
    alias by the same number of columns; the text keeps its own column as well when no
    field moved onto it (the rows run past the header's last name)."""
    if "published" not in table.columns or "published" in table.mapped or not rows:
        return None
    (own,) = table.columns["published"]
    share = _date_share(rows, own)
    if share >= 0.5:
        return None
    width = max(len(table.names), *(len(r) for r in rows))
    shares = [(_date_share(rows, i), -abs(i - own), i) for i in range(width) if i != own]
    best = max(shares, default=None)
    if best is None or best[0] < 0.8:
        return None
    found = best[2]
    offset = own - found
    moved: dict[str, list[int]] = {}
    for field, indexes in table.columns.items():
        target = [i - offset for i in indexes if 0 <= i - offset < len(table.names)]
        if target and all(table.names[i] for i in target):
            moved[field] = target
    taken = {i for indexes in moved.values() for i in indexes}
    if "text" in moved:
        moved["text"] += [i for i in table.columns["text"] if i not in taken]
    fix = {f: [table.names[i] for i in moved[f]] for f in article_fields() if f in moved}
    return Shift(found, fix if "text" in fix and "published" in fix else {})


def mapping_text(path: Path, fix: dict[str, list[str]]) -> str:
    """A mapping as the config would hold it, on one line."""
    parts = [f"files = {json.dumps(path.name)}"]
    for field, columns in fix.items():
        value = json.dumps(columns[0]) if len(columns) == 1 else json.dumps(columns)
        parts.append(f"{field} = {value}")
    return "[[ingest.columns]] " + ", ".join(parts)


def shift_reason(path: Path, table: Layout, shift: Shift, value: Any) -> str:
    reason = (
        f"the {table.name('published')} column holds {_shown(value)}, not a date, and the dates "
        f"are in column '{table.names[shift.found] or '(unnamed)'}': the header seems shifted"
    )
    if shift.fix:
        return f"{reason}; map the columns in the config: {mapping_text(path, shift.fix)}"
    return f"{reason}; map the columns in the config ([[ingest.columns]], see docs/inputs.md)"


def row_document(table: Layout, values: Sequence[Any], number: int) -> Document | RowProblem:
    """One row's article, or why it gives none and how to fix it."""
    extra = [v for v in values[len(table.names) :] if _filled(v)]
    if extra:
        return RowProblem(
            number,
            f"{len(values)} values under {len(table.names)} column names: a value holds an "
            "unquoted delimiter or a stray quote; quote it",
        )
    texts = [str(_cell(values, i)).strip() for i in table.columns["text"]]
    text = "\n\n".join(t for t in texts if t)
    if not text:
        return RowProblem(number, f"no text in column {table.name('text')}; fill it in or remove the row")
    meta: dict[str, Any] = {}
    if "published" in table.columns:
        raw = _cell(values, table.columns["published"][0])
        if _filled(raw):
            date = cell_date(raw)
            if date is None:
                return RowProblem(
                    number,
                    f"unreadable date {_shown(raw)} in column {table.name('published')}; write it as "
                    "YYYY-MM-DD, or map the column holding the dates in the config ([[ingest.columns]])",
                )
            meta["published"] = date
    for field in meta_fields():
        if field != "published" and field in table.columns:
            value = " ".join(str(_cell(values, table.columns[field][0])).split())
            if value:
                meta[field] = value
    if "outlet" not in meta and re.match(r"https?://", meta.get("url", "")):
        domain = url_domain(meta["url"])
        if domain:
            meta["outlet"] = outlet_from(domain)
    return Document(text=text, meta=meta, raw_is_text=True, suffix=f"#{number}")


Rows = Iterator["tuple[int, Sequence[Any]] | RowProblem"]


def read_table(path: Path, settings: IngestSettings) -> Iterator[Document | RowProblem]:
    """The file's rows as documents or problems, in order. File-level problems raise
    (``FormatError``, ``DecodeError``, ``MissingExtra``) before the first row is given;
    a read error part-way is the last ``RowProblem``, naming where reading stopped."""
    mapping = mapping_for(path, settings)
    if path.suffix.lower() == ".parquet":
        names, rows = _parquet(path)
        yield from _documents(path, names, rows, mapping)
        return
    delimiter = (mapping.delimiter if mapping else "") or DELIMITERS[path.suffix.lower()]
    with path.open("rb") as handle:
        names, rows = _csv(handle, delimiter)
        yield from _documents(path, names, rows, mapping)


def _documents(
    path: Path, names: Sequence[str], rows: Rows, mapping: ColumnMapping | None
) -> Iterator[Document | RowProblem]:
    table = layout(names, mapping)
    sample: list[tuple[int, Sequence[Any]] | RowProblem] = []
    for item in rows:
        sample.append(item)
        if len(sample) >= SAMPLE_ROWS:
            break
    if not sample:
        raise FormatError("a header but no rows")
    shift = check_dates(table, [item[1] for item in sample if not isinstance(item, RowProblem)])
    for item in itertools.chain(sample, rows):
        if isinstance(item, RowProblem):
            yield item
        elif shift is not None:
            number, values = item
            yield RowProblem(
                number, shift_reason(path, table, shift, _cell(values, table.columns["published"][0]))
            )
        else:
            yield row_document(table, item[1], item[0])


class _LineTooLong(Exception):
    pass


def _lines(stream: Any) -> Iterator[str]:
    """The stream's lines (endings kept), NULs dropped; a line longer than
    ``MAX_CELL_CHARS`` stops the file instead of being held in memory."""
    while True:
        line = stream.readline(MAX_CELL_CHARS)
        if not line:
            return
        if len(line) >= MAX_CELL_CHARS and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        yield line.replace("\x00", "") if "\x00" in line else line


def _csv(handle: BinaryIO, delimiter: str) -> tuple[list[str], Rows]:
    stream, encoding = open_text(handle)
    try:
        sample = stream.read(65536)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid {encoding} text") from exc
    if not sample:
        raise FormatError("empty file")
    check_text(sample)
    stream.seek(0)
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)
    rows = _csv_rows(csv.reader(_lines(stream), delimiter=delimiter), encoding)
    header = next(rows, None)
    if header is None:
        raise FormatError("no header row")
    if isinstance(header, RowProblem):
        raise FormatError(f"header unreadable: {header.reason}")
    return list(header[1]), _numbered(rows)


def _csv_rows(reader: Any, encoding: str) -> Iterator[tuple[int, list[str]] | RowProblem]:
    """Non-blank records with the line each starts on; a read error ends them with a problem
    (numbered by ``_numbered``)."""
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except (csv.Error, _LineTooLong, UnicodeDecodeError) as exc:
            what = {
                _LineTooLong: f"a line longer than {MAX_CELL_CHARS:,} characters",
                UnicodeDecodeError: f"text that is not {encoding}",
            }.get(type(exc), f"a malformed record ({exc})")
            yield RowProblem(
                0, f"{what} from line {line}; the rest of the file is not read: fix or remove that row"
            )
            return
        if not any(v.strip() for v in values):
            continue
        yield line, values


def _numbered(rows: Iterator[tuple[int, list[str]] | RowProblem]) -> Rows:
    """Records under the header renumbered from 1 (problems carry the header's count too)."""
    for number, item in enumerate(rows, start=1):
        if isinstance(item, RowProblem):
            yield RowProblem(number, item.reason)
            return
        yield number, item[1]


def _parquet(path: Path) -> tuple[list[str], Rows]:
    """The column names and the rows, streamed from a child process (``ingest.parquet``)."""
    if importlib.util.find_spec("pyarrow") is None:
        raise MissingExtra(
            "reading .parquet files needs pyarrow, which is not installed: pip install 'briefing[parquet]'"
        )
    child = subprocess.Popen(
        [sys.executable, "-m", "briefing.ingest.parquet", os.fsdecode(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        encoding="utf-8",
    )
    assert child.stdout is not None
    lines = iter(child.stdout)
    try:
        first = json.loads(next(lines, "null"))
    except ValueError:
        first = None
    if not isinstance(first, dict) or not isinstance(first.get("names"), list):
        _end(child)
        error = first.get("error") if isinstance(first, dict) else None
        raise FormatError(f"not a readable Parquet file ({error or 'the reader failed'})")

    def rows() -> Rows:
        number = 0
        try:
            for line in lines:
                values = json.loads(line)
                if isinstance(values, dict):
                    yield RowProblem(
                        number + 1,
                        f"unreadable from here ({values.get('error')}); the rest of the file is not read",
                    )
                    return
                number += 1
                yield number, values
            if child.wait() != 0:
                yield RowProblem(
                    number + 1, "the Parquet reader stopped here; the rest of the file is not read"
                )
        finally:
            _end(child)

    return [str(n) for n in first["names"]], rows()


def _end(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait()
    if child.stdout is not None:
        child.stdout.close()
