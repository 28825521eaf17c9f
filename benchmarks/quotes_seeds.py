"""Quote extraction measured on the sample articles with the official scorer's rules.

    python -m benchmarks.quotes_seeds [--verbose]

Runs ``find_quotes`` over every seed text (paragraphs split on blank lines, lines
stripped, joined with a blank line), keeps direct and partial quotes (scare quotes
are not scored) and prints quotes.recall, quotes.attribution, quotes.speaker_full
and quotes.precision as the shared gold scorer (``../shared/eval/score.py``) computes them.
"""

from __future__ import annotations

import argparse
import json
import re

from benchmarks.shared import SHARED
from briefing.analysis.nlp import load_model
from briefing.analysis.quotes import find_quotes
from briefing.records import Quote

SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.json"

QUOTE_CHARS = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb`"
STOP = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "he",
    "she",
    "it",
    "they",
    "his",
    "her",
    "their",
    "its",
    "mr",
    "ms",
    "mrs",
    "dr",
    "said",
    "says",
    "to",
    "in",
    "for",
    "on",
}


def norm(text: str | None) -> str:
    text = (text or "").lower()
    text = text.translate({ord(c): None for c in QUOTE_CHARS})
    text = re.sub(r"[\s\u00a0]+", " ", text)
    return text.strip(" .,;:")


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(text))


def contains(haystack: str, needle: str) -> bool:
    n = norm(needle)
    return bool(n) and n in norm(haystack)


def speaker_ok(pred: str | None, accepted: list[str]) -> bool:
    p = set(tokens(pred or "")) - STOP
    if not p:
        return False
    for alias in accepted:
        a = set(tokens(alias)) - STOP
        if a and (a <= p or p <= a):
            return True
    return False


def clean_text(raw: str) -> str:
    paras = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [ln.strip() for ln in block.splitlines()]
        text = "\n".join(ln for ln in lines if ln)
        if text:
            paras.append(text)
    return "\n\n".join(paras)


def extract(verbose: bool = False) -> dict[str, list[Quote]]:
    nlp = load_model()
    out: dict[str, list[Quote]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc = nlp(clean_text(path.read_text(encoding="utf-8")))
        quotes = find_quotes(doc)
        out[path.stem] = quotes
        if verbose:
            print(f"== {path.stem}")
            for q in quotes:
                print(f"  [{q.kind}] {q.text[:70]!r} <- {q.speaker!r} ({q.speaker_role!r}) cue={q.cue!r}")
    return out


def score(found: dict[str, list[Quote]], gold: list[dict[str, object]]) -> dict[str, tuple[int, int]]:
    preds = [(art, q) for art, qs in found.items() for q in qs if q.kind in ("direct", "partial")]
    required = [g for g in gold if not g.get("optional")]
    n_found = attributed = full = 0
    for g in required:
        speakers = [str(s) for s in g["speaker"]]  # type: ignore[attr-defined]
        hits = [q for art, q in preds if art == g["article"] and contains(q.text, str(g["text"]))]
        if not hits:
            print(f"  MISSING  {g['article']}: {str(g['text'])[:50]!r}")
            continue
        n_found += 1
        first = set(tokens(speakers[0])) - STOP if speakers else set()
        full += bool(first) and any(first <= set(tokens(q.speaker or "")) for q in hits)
        if any(speaker_ok(q.speaker, speakers) for q in hits):
            attributed += 1
        else:
            got = hits[0].speaker
            print(f"  SPEAKER  {g['article']}: {str(g['text'])[:40]!r} got {got!r} want {speakers}")
    matched = 0
    for art, q in preds:
        ok = any(
            contains(q.text, str(g["text"])) or contains(str(g["text"]), q.text)
            for g in gold
            if g["article"] == art
        )
        matched += ok
        if not ok:
            print(f"  EXTRA    {art}: {q.text[:60]!r}")
    return {
        "quotes.recall": (n_found, len(required)),
        "quotes.attribution": (attributed, len(required)),
        "quotes.speaker_full": (full, len(required)),
        "quotes.precision": (matched, len(preds)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list every extracted quote")
    args = parser.parse_args()
    if not GOLD.is_file():
        raise SystemExit(f"no gold file {GOLD} (see benchmarks/shared.py)")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["quotes"]
    results = score(extract(args.verbose), gold)
    for name, (num, den) in results.items():
        value = f"{num / den:.3f}" if den else "n/a"
        print(f"{name:22s} {value}  ({num}/{den})")


if __name__ == "__main__":
    main()
