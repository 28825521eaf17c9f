"""Parquet rows for the table reader, read in a child process.

    python -m briefing.ingest.parquet FILE   # stdout: the column names, then one row per
                                             # line, as JSON; {"error": ...} if unreadable

pyarrow starts a thread when it loads (jemalloc's background thread), and a process that
has ever had a second thread runs spaCy about 10% slower (see ``briefing/__init__.py``),
so the build's process never imports it: this child reads the file a batch of rows at a
time and streams them. It needs the optional extra (``pip install 'briefing[parquet]'``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

BATCH_ROWS = 256


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def dump(path: str, out: Any) -> int:
    import pyarrow  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]

    def line(value: Any) -> None:
        out.write(json.dumps(value, ensure_ascii=False, default=_plain) + "\n")

    try:
        parquet = pq.ParquetFile(path)
        line({"names": list(parquet.schema_arrow.names)})
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, use_threads=False):
            columns = [column.to_pylist() for column in batch.columns]
            for values in zip(*columns, strict=True):
                line(list(values))
    except (pyarrow.ArrowException, ValueError, OSError) as exc:
        line({"error": str(exc)[:300]})
        return 1
    return 0


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.exit(dump(sys.argv[1], sys.stdout))


if __name__ == "__main__":
    main()
