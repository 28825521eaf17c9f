"""Score ``briefing.analysis.timex`` against the MEANTIME corpus (English Wikinews, TimeML).

Each document's text is rebuilt from its tokens (our own detokenisation, keeping a
token -> character-offset map), the gold TIMEX3 markables are projected onto it, spaCy and
``find_timexes`` run over the text with the document creation time as ``ref``, and the
predictions are scored: extent precision/recall/F1 (strict = same span, relaxed = overlap),
then value precision/recall/F1 (a prediction counts when it overlaps a gold expression and
has its value), and type and value accuracy over the relaxed matches. The creation time itself is left out
on both sides.

    python -m benchmarks.meantime [--split dev|test|all] [--limit N] [--corpus DIR] [--errors]

``--split`` halves the corpus deterministically: in the sorted file order (topic folder, then
file name) the even-numbered documents (1st, 3rd, ...) are ``dev``, the others ``test``. Rules
are tuned while reading ``--errors`` on ``dev`` only; ``test`` is the honest, unseen figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from benchmarks.shared import SHARED
from briefing.analysis.nlp import load_model
from briefing.analysis.timex import find_timexes
from briefing.records import Timex

DEFAULT_CORPUS = SHARED / "corpus" / "meantime"

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "'",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Document:
    name: str
    text: str
    ref: dt.date | None
    gold: list[Gold]
    dct_span: tuple[int, int] | None
    annotated_end: int  # MEANTIME annotates only the first sentences; text beyond is not scored


def _parse_date(value: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)  # day-month-year, as one file has it
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def load_document(path: Path) -> Document:
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    pos = 0
    prev_sentence: str | None = None
    prev_text = ""
    for tok in root.iter("token"):
        word = tok.text or ""
        sentence = tok.get("sentence", "")
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = "\n\n" if int(sentence) <= 2 else " "
        elif word in _NO_SPACE_BEFORE or prev_text in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        pieces.append(sep)
        pos += len(sep)
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        sentence_of[tok.get("t_id", "")] = int(sentence)
        pieces.append(word)
        pos += len(word)
        prev_sentence, prev_text = sentence, word
    text = "".join(pieces)

    gold: list[Gold] = []
    ref: dt.date | None = None
    dct_span: tuple[int, int] | None = None
    timexes = [m for m in root.iter("TIMEX3") if m.findall("token_anchor")]
    dct = [m for m in timexes if m.get("functionInDocument") == "CREATION_TIME"]
    if not dct:  # a few files leave the dateline unmarked: take the first full date after the title
        dct = [
            m
            for m in timexes
            if _parse_date(m.get("value", ""))
            and m.get("type") == "DATE"
            and min(int(a.get("t_id", "0")) for a in m.findall("token_anchor")) < 20
        ][:1]
    for m in timexes:
        ids = [a.get("t_id", "") for a in m.findall("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if dct and m is dct[0]:
            ref = _parse_date(m.get("value", ""))
            dct_span = (start, end)
            continue
        gold.append(Gold(start, end, m.get("type", ""), m.get("value", ""), text[start:end]))
    gold.sort(key=lambda g: g.start)
    markables = root.find("Markables")
    anchored = [a.get("t_id", "") for a in (markables.iter("token_anchor") if markables is not None else [])]
    last_sentence = max((sentence_of[i] for i in anchored if i in sentence_of), default=-1)
    annotated_end = max((e for i, (_, e) in offsets.items() if sentence_of[i] <= last_sentence), default=0)
    return Document(path.stem, text, ref, gold, dct_span, annotated_end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Scores:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0


def score_document(doc: Document, preds: list[Timex], scores: Scores, errors: list[str] | None) -> None:
    if doc.dct_span is not None:
        span = doc.dct_span
        preds = [p for p in preds if not _overlap((p.start, p.end), span)]
    preds = [p for p in preds if p.start < doc.annotated_end]
    scores.gold += len(doc.gold)
    scores.pred += len(preds)
    # Exact extents pair up first, so that nested gold markables ("from 2009 to 2011" around
    # "2009") do not steal the prediction of the inner one; the rest pair up by overlap.
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(doc.gold):
        for i, p in enumerate(preds):
            if i not in used and (p.start, p.end) == (g.start, g.end):
                pairs[gi] = i
                used.add(i)
                break
    for gi, g in enumerate(doc.gold):
        if gi in pairs:
            continue
        for i, p in enumerate(preds):
            if i not in used and _overlap((g.start, g.end), (p.start, p.end)):
                pairs[gi] = i
                used.add(i)
                break
    for gi, g in enumerate(doc.gold):
        if gi not in pairs:
            if errors is not None:
                errors.append(f"{doc.name}: MISSED {g.text!r} {g.type} {g.value}")
            continue
        p = preds[pairs[gi]]
        scores.relaxed += 1
        scores.strict += (p.start, p.end) == (g.start, g.end)
        scores.type_ok += p.type == g.type
        scores.value_ok += p.value == g.value
        if errors is not None and (p.value != g.value or p.type != g.type):
            errors.append(
                f"{doc.name} ref={doc.ref}: {g.text!r} gold {g.type} {g.value}"
                f" | got {p.text!r} {p.type} {p.value}"
            )
    if errors is not None:
        for i, p in enumerate(preds):
            if i not in used:
                errors.append(f"{doc.name}: SPURIOUS {p.text!r} {p.type} {p.value}")


def _prf(hit: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = hit / pred if pred else 0.0
    r = hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def corpus_paths(corpus: Path = DEFAULT_CORPUS) -> list[Path]:
    """The MEANTIME English documents under ``corpus``, in a stable order."""
    paths = sorted(corpus.glob("corpus_*/*.xml"))
    if not paths:
        paths = sorted(p for p in corpus.rglob("*.xml") if "_cross" not in str(p))
    return paths


SPLITS = ("all", "dev", "test")


def split_paths(paths: list[Path], split: str) -> list[Path]:
    """``paths`` (in ``corpus_paths`` order) cut to one half: ``dev`` takes the 1st, 3rd, 5th ...
    document, ``test`` the 2nd, 4th, 6th ...; ``all`` keeps every one."""
    if split == "all":
        return list(paths)
    if split == "dev":
        return paths[0::2]
    if split == "test":
        return paths[1::2]
    raise ValueError(f"unknown split {split!r}: expected one of {', '.join(SPLITS)}")


def score_paths(paths: list[Path], nlp: Language, errors: list[str] | None = None) -> Scores:
    """Tag every document and add up the scores."""
    docs = [load_document(p) for p in paths]
    scores = Scores()
    # Only the annotated opening is scored, so only it is parsed (the rest cannot change it).
    texts = (d.text[: d.annotated_end] for d in docs)
    for doc, parsed in zip(docs, nlp.pipe(texts), strict=True):
        score_document(doc, find_timexes(parsed, doc.ref), scores, errors)
    return scores


def figures(scores: Scores) -> dict[str, float]:
    """Strict, relaxed and value precision/recall/F1; type and value accuracy on relaxed matches.

    Value F1 counts a prediction as right only when its extent overlaps a gold expression and
    its value is the gold's: correct values over predictions (P) and over gold (R).
    """
    out: dict[str, float] = {}
    for name, hit in (("strict", scores.strict), ("relaxed", scores.relaxed), ("value", scores.value_ok)):
        p, r, f = _prf(hit, scores.pred, scores.gold)
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f
    matched = scores.relaxed or 1
    out["type_accuracy"] = scores.type_ok / matched
    out["value_accuracy"] = scores.value_ok / matched
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="dev: 1st, 3rd, ... document (tune on it); test: 2nd, 4th, ... (report it); all: both",
    )
    ap.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    ap.add_argument("--errors", action="store_true", help="list misses, spurious and wrong values")
    args = ap.parse_args(argv)

    if not corpus_paths(args.corpus):
        print(f"no MEANTIME documents in {args.corpus} (see benchmarks/shared.py)", file=sys.stderr)
        return 2
    paths = split_paths(corpus_paths(args.corpus), args.split)
    if args.limit is not None:
        paths = paths[: args.limit]
    errors: list[str] | None = [] if args.errors else None
    scores = score_paths(paths, load_model(), errors)
    f = figures(scores)
    print(
        f"MEANTIME ({args.split}): {len(paths)} documents (annotated sentences only), {scores.gold} gold TIMEX3 "
        f"(DCT excluded), {scores.pred} predicted"
    )
    print(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}")
    for name in ("strict", "relaxed", "value"):
        print(f"{name:10}{f[name + '_p']:8.3f}{f[name + '_r']:8.3f}{f[name + '_f1']:8.3f}")
    print(f"type accuracy  (on {scores.relaxed} relaxed matches): {f['type_accuracy']:.3f}")
    print(f"value accuracy (on {scores.relaxed} relaxed matches): {f['value_accuracy']:.3f}")
    if errors:
        print()
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
