"""Parsed articles of a quote-gold corpus, cached, for training and scoring speakers.

    python -m benchmarks.training.speaker_docs polnear/train   # parse and cache (once)

Articles are read through the product's ingest and parsed with the product's model, so a
quote's text and offsets are those the analysis sees; the parses are kept in a spaCy
``DocBin`` under ``$BRIEFING_CACHE`` (default: the system's temporary folder), keyed by
the corpus folder and model, so later runs of the speaker training skip the parse.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from benchmarks.shared import SHARED
from briefing.analysis.nlp import DEFAULT_MODEL, load_model
from briefing.config import load_settings
from briefing.ingest import ingest


@dataclass
class ParsedArticle:
    stem: str  # the file name without its suffix: the gold's article key
    doc: Doc


def _stem(path: str) -> str:
    name = Path(path).name
    return name.rsplit(".", 1)[0] if "." in name else name


def _cache_file(folder: Path) -> Path:
    root = Path(os.environ.get("BRIEFING_CACHE") or tempfile.gettempdir())
    key = hashlib.sha1(f"{folder.resolve()}|{DEFAULT_MODEL}".encode()).hexdigest()[:12]
    return root / f"briefing-speaker-docs-{key}.spacy"


def parsed(corpus: str) -> list[ParsedArticle]:
    """The articles of ``SHARED/corpus/<corpus>``, parsed (from the cache when it has them)."""
    folder = SHARED / "corpus" / corpus
    nlp = load_model()
    cache = _cache_file(folder)
    meta = cache.with_suffix(".json")
    if cache.exists() and meta.exists():
        stems = json.loads(meta.read_text(encoding="utf-8"))
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        return [ParsedArticle(s, d) for s, d in zip(stems, docs, strict=True)]
    articles = [a for a in ingest([folder], load_settings().ingest).articles if a.duplicate_of is None]
    docs = list(nlp.pipe((a.text for a in articles), batch_size=32))
    stems = [_stem(a.path) for a in articles]
    DocBin(store_user_data=False, docs=docs).to_disk(cache)
    meta.write_text(json.dumps(stems), encoding="utf-8")
    return [ParsedArticle(s, d) for s, d in zip(stems, docs, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="+", help="folders under ../shared/corpus, e.g. polnear/train")
    for corpus in parser.parse_args().corpus:
        print(corpus, len(parsed(corpus)), "articles")


if __name__ == "__main__":
    main()
