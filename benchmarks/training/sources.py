"""Reading labelled sources from the shared data folder, by reference.

The repository keeps no news text: a labelled passage names its source as a path under
the shared folder (``corpus/realnews/ukraine-war-news/NAME.txt``) or a CSV row
(``corpus/realnews/ukraine-media/bbc.csv#12``, the 12th row after the header, its
``Text`` column), with character offsets into that text.
"""

from __future__ import annotations

import csv
import functools
import sys
from pathlib import Path

from benchmarks.shared import REPO, SHARED

__all__ = ["REPO", "shared_folder", "source_date", "source_text"]


def shared_folder() -> Path:
    """``../shared`` beside the repository; exits with a reason when it is missing."""
    if not SHARED.is_dir():
        sys.exit(f"the shared data folder {SHARED} is missing: these sources are read from it")
    return SHARED


@functools.cache
def _csv_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return [dict(zip(header, row, strict=False)) for row in reader]


def source_text(source: str) -> str:
    """The text a source reference names."""
    name, _, row = source.partition("#")
    path = shared_folder() / name
    if row:
        return _csv_rows(path)[int(row) - 1].get("Text", "")
    return path.read_text(encoding="utf-8")


def source_date(source: str) -> str | None:
    """The published date of a source, where its reference tells it (CSV ``Date``
    column; a scraped file's name starts with its UTC timestamp)."""
    name, _, row = source.partition("#")
    if row:
        value = _csv_rows(shared_folder() / name)[int(row) - 1].get("Date", "")
        return value[:10] if value[:4].isdigit() else None
    stem = Path(name).name
    return f"{stem[:4]}-{stem[4:6]}-{stem[6:8]}" if stem[:8].isdigit() else None
