"""Quote spans and speakers on the development set of attributed quotes.

    python -m benchmarks.quotes_dev [--verbose]

``benchmarks/data/quotes_dev.jsonl`` holds news passages written for this benchmark
in the styles the product meets (wire, broadcaster, tabloid, government readout,
think-tank commentary): one JSON object a line with

    id, style, text          the passage (paragraphs separated by a blank line)
    quotes                   gold quotations: text (without the marks, as it stands in
                             the passage), speaker (the full name or description a
                             reader would give, or null when nobody is named),
                             aliases (other acceptable speaker forms), kind
                             (direct/partial), optional role
    not_speech               quoted terms, titles and nicknames: predicting one as
                             speech is a false positive, leaving it out costs nothing
    ignore                   quoted text that is neither required nor penalised
                             (e.g. a quotation nested inside another)

Scoring rules (the same for every extractor, see ``score``):

* A predicted span matches a gold span when their characters overlap by at least
  60% of the longer of the two (marks and surrounding spaces do not matter at that
  threshold); matching is one-to-one, largest overlap first.
* Span precision = matched predictions / predictions; recall = matched gold spans /
  gold spans; F1 their harmonic mean. Predictions of kind ``scare`` are not
  predictions of speech and are left out; predictions overlapping an ``ignore``
  span are dropped.
* Speaker accuracy is measured on matched spans: the prediction is right when its
  words (lower-cased, without articles and honorifics) contain every word of the
  gold speaker or of one alias, with at most three words more (a title such as
  "Governor" may come along); a surname alone for a named person is wrong. A gold
  speaker of null is right only when nothing is predicted. ``speaker.lenient`` also
  counts a prediction whose words lie within the gold speaker's (a bare surname).

The scoring functions import nothing from the product, so another extractor
(``benchmarks/quotes_textacy.py``) is scored by exactly the same rules.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "quotes_dev.jsonl"
OVERLAP = 0.6  # share of the longer span the two must have in common
EXTRA_SPEAKER_WORDS = 3
STOP = {"the", "a", "an", "mr", "mrs", "ms", "miss", "dr", "s"}


@dataclass(frozen=True)
class Pred:
    """One predicted quotation: character offsets into the passage and a speaker."""

    start: int
    end: int
    speaker: str | None
    role: str | None = None


@dataclass
class Gold:
    start: int
    end: int
    speaker: str | None
    aliases: list[str]
    kind: str
    role: str | None = None


@dataclass
class Passage:
    id: str
    style: str
    text: str
    gold: list[Gold]
    not_speech: list[tuple[int, int]] = field(default_factory=list)
    ignore: list[tuple[int, int]] = field(default_factory=list)


def _locate(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    at = text.find(needle, after)
    if at < 0:
        at = text.find(needle)
    if at < 0:
        raise ValueError(f"annotated text not in passage: {needle[:40]!r}")
    return at, at + len(needle)


def load(path: Path = DATA) -> list[Passage]:
    passages: list[Passage] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec["text"]
        gold: list[Gold] = []
        pos = 0
        for g in rec["quotes"]:
            start, end = _locate(text, g["text"], pos)
            pos = end
            gold.append(Gold(start, end, g["speaker"], list(g.get("aliases", [])), g["kind"], g.get("role")))
        passages.append(
            Passage(
                rec["id"],
                rec.get("style", ""),
                text,
                gold,
                [_locate(text, s) for s in rec.get("not_speech", [])],
                [_locate(text, s) for s in rec.get("ignore", [])],
            )
        )
    return passages


def _inter(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_match(a: tuple[int, int], b: tuple[int, int]) -> bool:
    longer = max(a[1] - a[0], b[1] - b[0])
    return longer > 0 and _inter(a, b) >= OVERLAP * longer


def words(text: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").lower().replace("’", "'"))) - STOP


def speaker_right(pred: str | None, gold: Gold) -> bool:
    if gold.speaker is None:
        return not pred
    got = words(pred)
    if not got:
        return False
    for form in [gold.speaker, *gold.aliases]:
        want = words(form)
        if want and want <= got and len(got - want) <= EXTRA_SPEAKER_WORDS:
            return True
    return False


def speaker_lenient(pred: str | None, gold: Gold) -> bool:
    """The looser rule: the words of one side lie within the other's (a bare surname passes)."""
    if gold.speaker is None:
        return not pred
    got = words(pred)
    return bool(got) and any(
        (w := words(form)) and (w <= got or got <= w) for form in [gold.speaker, *gold.aliases]
    )


def role_right(pred: str | None, gold: Gold) -> bool:
    want, got = words(gold.role), words(pred)
    return bool(want and got) and (want <= got or got <= want)


@dataclass
class Result:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speakers_right: int = 0
    speakers_lenient: int = 0
    roles_gold: int = 0
    roles_right: int = 0
    crashes: int = 0
    passages: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched if self.matched else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "passages": self.passages,
            "gold": self.gold,
            "predicted": self.predicted,
            "span.precision": round(self.precision, 3),
            "span.recall": round(self.recall, 3),
            "span.f1": round(self.f1, 3),
            "speaker.accuracy": round(self.speaker_accuracy, 3),
            "speaker.lenient": round(self.speakers_lenient / self.matched, 3) if self.matched else 0.0,
            "role.accuracy": round(self.roles_right / self.roles_gold, 3) if self.roles_gold else 0.0,
            "crashes": self.crashes,
        }


def score_passage(passage: Passage, preds: Iterable[Pred], result: Result) -> None:
    """Add one passage's predictions to ``result`` (see the module doc for the rules)."""
    text = passage.text
    kept = [p for p in preds if not any(spans_match((p.start, p.end), ig) for ig in passage.ignore)]
    pairs = sorted(
        (
            (_inter((p.start, p.end), (g.start, g.end)), pi, gi)
            for pi, p in enumerate(kept)
            for gi, g in enumerate(passage.gold)
            if spans_match((p.start, p.end), (g.start, g.end))
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: dict[int, int] = {}
    for _size, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g[gi] = pi
    result.passages += 1
    result.predicted += len(kept)
    result.gold += len(passage.gold)
    result.matched += len(used_g)
    for gi, g in enumerate(passage.gold):
        if gi not in used_g:
            result.lines.append(f"MISSED  {passage.id}: {text[g.start : g.end][:60]!r}")
            continue
        p = kept[used_g[gi]]
        result.speakers_lenient += speaker_lenient(p.speaker, g)
        if speaker_right(p.speaker, g):
            result.speakers_right += 1
        else:
            result.lines.append(
                f"SPEAKER {passage.id}: {text[g.start : g.end][:40]!r} got {p.speaker!r} want {g.speaker!r}"
            )
        if g.role:
            result.roles_gold += 1
            result.roles_right += role_right(p.role, g)
    for pi, p in enumerate(kept):
        if pi not in used_p:
            result.lines.append(f"EXTRA   {passage.id}: {text[p.start : p.end][:60]!r}")


def evaluate(passages: list[Passage], extractor: Callable[[Passage], list[Pred]]) -> Result:
    """Score ``extractor`` over ``passages``; an exception counts as a crash (no predictions)."""
    result = Result()
    for passage in passages:
        try:
            preds = extractor(passage)
        except Exception as exc:  # an extractor that crashes on a passage scores nothing for it
            result.crashes += 1
            result.lines.append(f"CRASH   {passage.id}: {type(exc).__name__}: {exc}")
            preds = []
        score_passage(passage, preds, result)
    return result


def briefing_extractor() -> Callable[[Passage], list[Pred]]:
    """The product's ``find_quotes`` (direct and partial quotes are the predictions of speech)."""
    from briefing.analysis.nlp import load_model
    from briefing.analysis.quotes import find_quotes

    nlp = load_model()

    def run(passage: Passage) -> list[Pred]:
        return [
            Pred(q.start, q.end, q.speaker, q.speaker_role)
            for q in find_quotes(nlp(passage.text))
            if q.kind in ("direct", "partial")
        ]

    return run


def report(name: str, result: Result, verbose: bool) -> None:
    if verbose:
        for line in result.lines:
            print("  " + line)
    print(name)
    for key, value in result.summary().items():
        print(f"  {key:18s} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list misses, extras and wrong speakers")
    parser.add_argument("--data", type=Path, default=DATA, help="a JSONL file in the same format")
    args = parser.parse_args()
    report("briefing find_quotes", evaluate(load(args.data), briefing_extractor()), args.verbose)


if __name__ == "__main__":
    main()
