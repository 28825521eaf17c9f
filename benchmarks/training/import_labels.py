"""Turn readers' passage labels into references by offset (no news text kept).

    python -m benchmarks.training.import_labels LABELS_DIR INDEX.json [--out FILE]

A labeller writes one JSON list per article, ``LABELS_DIR/<id>.json``, of
``{"text": fragment copied verbatim, "themes": [primary] or [], "also": [...]}``, one
entry per sentence, following ``../shared/eval/ANNOTATE.md`` (THEMES) and reading only the
article. ``INDEX.json`` maps each id to ``{"source": reference}`` (see ``sources``). Each
fragment is found in the source's text and written as ``{"source", "start", "end",
"themes", "also"}``; a fragment not found verbatim is reported and left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.training.sources import REPO, source_text

DEFAULT_OUT = REPO / "benchmarks" / "training" / "data" / "theme_labels.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    index = json.loads(args.index.read_text(encoding="utf-8"))
    rows, lost = [], 0
    for path in sorted(args.labels.glob("*.json")):
        source = index[path.stem]["source"]
        text = source_text(source)
        cursor = 0
        for entry in json.loads(path.read_text(encoding="utf-8")):
            fragment = entry["text"].strip()
            start = text.find(fragment, cursor)
            if start < 0:
                start = text.find(fragment)
            if not fragment or start < 0:
                lost += 1
                print(f"{path.name}: not found: {fragment[:60]!r}", file=sys.stderr)
                continue
            cursor = start + len(fragment)
            rows.append(
                {
                    "source": source,
                    "start": start,
                    "end": start + len(fragment),
                    "themes": list(entry.get("themes", []))[:1],
                    "also": sorted(set(entry.get("themes", [])[1:]) | set(entry.get("also", []))),
                }
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"{len(rows)} passages from {len(list(args.labels.glob('*.json')))} articles -> {args.out}; {lost} not found"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
