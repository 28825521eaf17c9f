"""The learned placement model: which theme a passage belongs to, if any.

A passage's features are read from what the analysis computes anyway:

- ``words``: the distinct lower-case lemmas of its content words (negations kept);
- ``rules``: for each theme the model knows, whether the taxonomy's rules place the
  passage there, and their score (capped at ``SCORE_CAP``);
- ``neighbours``: the words of the passages before and after it, marked "p:" and "n:"
  (a sentence is judged in its context: "He added ..." after a sanctions statement);
- ``frame``: the words of a report's frame, outside what is reported ("French Foreign
  Minister Le Drian said at the conference that Russia is ready to attack": the minister
  and the conference are the frame), read as "a:" words: what is reported tells the
  theme, not the office of whoever reports it;
- ``speakers``: the words of the speaker and role of the quotes in the passage, as the
  quote stage attributed them, marked "spk:" (a Kremlin spokesman's words are a Russian
  statement even when the sentence does not say so);
- ``vectors``: the mean of its words' learned vectors (``vectors``: a table of one small
  vector per lemma, setting ``themes.vectors``) and, as a second block, of its
  neighbours' words (a model reads them when it has weights for them);
- ``context``: the mean of spaCy's token vectors (``doc.tensor``) over the passage and,
  as a second block, over the whole article, each scaled to unit length (a model may
  leave them out: its ``context`` weights are then empty).

A multinomial logistic regression over the model's themes and "none" turns them into one
probability per class. ``benchmarks/training/themes.py`` fits it on real passages that
readers labelled (``benchmarks/training/data/theme_labels.jsonl``) and writes it as JSON;
the packaged model is ``briefing/data/theme_model.json``; ``themes.model`` names another
file, or "none" for the rules alone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.tokens import Doc, Span

from briefing.analysis.doccache import TokenTable, token_table
from briefing.analysis.quotes import load_quote_words
from briefing.analysis.themes.vectors import WordVectors, load_vectors
from briefing.analysis.themes.words import NEGATIONS
from briefing.errors import ConfigError

if TYPE_CHECKING:
    from briefing.analysis.themes.scoring import ScoredPassage
    from briefing.analysis.themes.taxonomy import Taxonomy
    from briefing.records import Quote

SCORE_CAP = 4.0  # the rules' score counts up to this
NONE = "none"  # the class of a passage that belongs to no theme
PACKAGED_MODEL = "theme_model.json"


@dataclass(frozen=True)
class PassageFeatures:
    words: frozenset[str]
    rules: dict[str, tuple[bool, float]]  # theme id -> (placed by the rules, rule score)
    context: np.ndarray  # the passage's and the article's mean token vectors (may be empty)
    neighbours: frozenset[str] = frozenset()  # "p:"/"n:" + the words of the passages around it
    frame: frozenset[str] = frozenset()  # the words of ``words`` only in a report's frame
    speakers: frozenset[str] = frozenset()  # "spk:" + the words of its quotes' speakers

    def tokens(self, frame: bool = True) -> Iterable[str]:
        """The word features the model reads: own words (a frame's marked "a:" if the
        model reads frames), the neighbours' and the speakers'."""
        for word in self.words:
            yield "a:" + word if frame and word in self.frame else word
        yield from self.neighbours
        yield from self.speakers


def _content_word(table: TokenTable, i: int) -> bool:
    return table.alpha[i] and table.length[i] > 1 and (not table.stop[i] or table.lower[i] in NEGATIONS)


def passage_words(sentences: Iterable[Span]) -> frozenset[str]:
    """The distinct lower-case lemmas of a passage's content words, negations kept."""
    out = set()
    for sentence in sentences:
        table = token_table(sentence.doc)
        for i in range(sentence.start, sentence.end):
            if _content_word(table, i):
                out.add(table.lemma[i].lower())
    return frozenset(out)


_REPORTED = ("ccomp", "xcomp")  # what a verb of saying reports


def frame_words(sentences: Iterable[Span]) -> frozenset[str]:
    """The words of a passage that stand only in the frame of a report: in a sentence led
    by a verb of saying (the quote stage's list) that reports a clause, the words outside
    that clause ("Blinken said on Friday at the Munich conference that ...")."""
    speech = load_quote_words().speech_verbs
    frame: set[str] = set()
    reported: set[str] = set()
    for sentence in sentences:
        table = token_table(sentence.doc)
        root = next((i for i in range(sentence.start, sentence.end) if table.heads[i] == i), sentence.start)
        inner = [c for c in table.kids[root] if table.dep[c] in _REPORTED]
        if table.lemma[root].lower() not in speech or not inner:
            reported.update(table.lemma[i].lower() for i in range(sentence.start, sentence.end))
            continue
        inside, stack = set(), inner
        while stack:
            node = stack.pop()
            inside.add(node)
            stack.extend(table.kids[node])
        for i in range(sentence.start, sentence.end):
            if _content_word(table, i):
                (reported if i in inside else frame).add(table.lemma[i].lower())
    return frozenset(frame - reported)


def speaker_words(quotes: Iterable[Quote], start: int, end: int) -> frozenset[str]:
    """ "spk:" + the words of the speaker and role of each quote (not a scare quote) that
    overlaps the characters ``start``-``end``."""
    out = set()
    for quote in quotes:
        if quote.kind == "scare" or quote.start >= end or quote.end <= start:
            continue
        for text in (quote.speaker, quote.speaker_role):
            for word in (text or "").lower().replace("’s", " ").replace("'s", " ").split():
                word = word.strip(".,;:()\"'‘’“”")
                if len(word) > 1:
                    out.add("spk:" + word)
    return frozenset(out)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _tensor(doc: Doc) -> np.ndarray | None:
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or not len(tensor) or len(tensor) != len(doc):
        return None
    return np.asarray(tensor, dtype=np.float32)


def doc_context(doc: Doc) -> np.ndarray:
    """The article's mean token vector, unit length (empty for a model without vectors)."""
    tensor = _tensor(doc)
    return np.zeros(0, dtype=np.float32) if tensor is None else _unit(tensor.mean(axis=0))


def passage_context(sentences: Sequence[Span], article: np.ndarray) -> np.ndarray:
    tensor = _tensor(sentences[0].doc)
    if tensor is None or not len(article):
        return np.zeros(0, dtype=np.float32)
    rows = tensor[sentences[0].start : sentences[-1].end]
    return np.concatenate([_unit(rows.mean(axis=0)), article])


def passage_features(
    sp: ScoredPassage,
    article: np.ndarray | None,
    neighbours: frozenset[str] = frozenset(),
    quotes: Sequence[Quote] = (),
    frame: bool = True,
) -> PassageFeatures:
    """The model's features of a scored passage (``article``: its Doc's ``doc_context``;
    ``quotes``: the Doc's quotes, as ``find_quotes`` found them; ``frame``: whether to work
    out the words of a report's frame, for a model that reads them)."""
    context = passage_context(sp.sentences, article) if article is not None else np.zeros(0, np.float32)
    return PassageFeatures(
        passage_words(sp.sentences),
        {t: (t in sp.placed, score) for t, (score, _strong) in sp.scores.items()},
        context,
        neighbours,
        frame_words(sp.sentences) if frame else frozenset(),
        speaker_words(quotes, sp.start, sp.end),
    )


def features_in_order(
    scored: Sequence[ScoredPassage],
    article: np.ndarray | None,
    quotes: Sequence[Quote] = (),
    frame: bool = True,
) -> list[PassageFeatures]:
    """The features of an article's passages, in order, each with its neighbours' words."""
    out = [passage_features(sp, article, quotes=quotes, frame=frame) for sp in scored]
    for k, f in enumerate(out):
        before = out[k - 1].words if k else frozenset()
        after = out[k + 1].words if k + 1 < len(out) else frozenset()
        out[k] = replace(f, neighbours=frozenset({"p:" + w for w in before} | {"n:" + w for w in after}))
    return out


@dataclass(frozen=True)
class PlacementModel:
    """Weights of the multinomial model: one row per class (``classes``, "none" included)."""

    classes: tuple[str, ...]
    bias: np.ndarray  # (classes,)
    words: dict[str, np.ndarray]  # lemma -> (classes,)
    rule_themes: tuple[str, ...]  # the themes whose rule verdicts are features, in column order
    rules: np.ndarray  # (classes, 2 * rule_themes): placed, then capped score, per theme
    context: np.ndarray  # (classes, context width); width 0: no context features
    threshold: float = 0.5  # the best theme's probability that places a passage
    # How much a word says (inverse document frequency over the training passages) and the
    # calibration of a theme learned from examples (see ``ExampleHead``).
    idf: dict[str, float] = field(default_factory=dict)
    example_scale: float = 10.0
    example_offset: float = -2.0
    # Weights of the passage's mean word vector and of its neighbours' (classes, width;
    # width 0: not read), the digest of the table they were fitted on, and that table.
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    neighbour_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    vector_table: str = ""
    table: WordVectors | None = field(default=None, compare=False, repr=False)

    @property
    def reads_vectors(self) -> bool:
        """Does the model read word vectors (``themes.vectors``)?"""
        return bool(self.vectors.size or self.neighbour_vectors.size)

    def vector_features(self, features: PassageFeatures) -> tuple[np.ndarray, np.ndarray]:
        """The passage's mean word vector and its neighbours' (see ``WordVectors.mean``)."""
        table = self.table
        if table is None:
            raise ValueError("the placement model reads word vectors but has no table")
        own = table.mean(features.words)
        around = table.mean(w[2:] for w in features.neighbours) if self.neighbour_vectors.size else own[:0]
        return own, around

    @property
    def uses_context(self) -> bool:
        """Does the model read token vectors? (The packaged one does not: they did not help.)"""
        return bool(self.context.shape[1])

    @functools.cached_property
    def reads_frame(self) -> bool:
        """Does the model read a report's frame apart ("a:" words)?"""
        return any(w.startswith("a:") for w in self.words)

    @functools.cached_property
    def reads_speakers(self) -> bool:
        """Does the model read the speakers of a passage's quotes ("spk:" words)?"""
        return any(w.startswith("spk:") for w in self.words)

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(c for c in self.classes if c != NONE)

    def rule_vector(self, rules: Mapping[str, tuple[bool, float]]) -> np.ndarray:
        out: list[float] = []
        for theme in self.rule_themes:
            placed, score = rules.get(theme, (False, 0.0))
            out += (float(placed), min(score, SCORE_CAP) / SCORE_CAP)
        return np.array(out, dtype=np.float32)

    @functools.cached_property
    def _word_rows(self) -> tuple[dict[str, int], np.ndarray]:
        """Each word's row in one matrix of the bias (row 0) and the words' weights."""
        index = {word: k for k, word in enumerate(self.words, start=1)}
        return index, np.array([self.bias, *self.words.values()], dtype=np.float64)

    def class_probabilities(self, features: PassageFeatures) -> np.ndarray:
        """One probability per class, in ``classes`` order."""
        # The rows of the bias and the words, taken from one matrix and summed in that order
        # (the same sums, bit for bit, as adding one row at a time).
        # (A word's row is never 0, so ``filter`` drops only the words the model lacks.)
        index, matrix = self._word_rows
        rows = [0, *filter(None, map(index.get, features.tokens(self.reads_frame)))]
        z = np.add.reduce(matrix[rows], axis=0)
        z = z + self.rules @ self.rule_vector(features.rules)
        if self.context.shape[1] and len(features.context) == self.context.shape[1]:
            z = z + self.context @ features.context
        if self.reads_vectors:
            own, around = self.vector_features(features)
            if self.vectors.size:
                z = z + self.vectors @ own
            if self.neighbour_vectors.size:
                z = z + self.neighbour_vectors @ around
        z = np.exp(z - z.max())
        return z / z.sum()

    def probabilities(self, features: PassageFeatures, taxonomy: Taxonomy | None = None) -> dict[str, float]:
        """theme id -> probability, for the model's themes (those of ``taxonomy`` only)."""
        p = self.class_probabilities(features)
        wanted = None if taxonomy is None else {t.id for t in taxonomy.themes}
        return {
            c: float(v)
            for c, v in zip(self.classes, p, strict=True)
            if c != NONE and (wanted is None or c in wanted)
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "threshold": self.threshold,
            "bias": self.bias.round(5).tolist(),
            "rule_themes": list(self.rule_themes),
            "rules": self.rules.round(5).tolist(),
            "context": self.context.round(5).tolist(),
            "words": {w: v.round(5).tolist() for w, v in sorted(self.words.items())},
            "idf": {w: round(v, 4) for w, v in sorted(self.idf.items())},
            # (Rounded: the calibration's last digits vary between runs of the same fit.)
            "example_scale": round(self.example_scale, 6),
            "example_offset": round(self.example_offset, 6),
            **(
                {
                    "vectors": {
                        "table": self.vector_table,
                        "own": self.vectors.round(5).tolist(),
                        "neighbours": self.neighbour_vectors.round(5).tolist(),
                    }
                }
                if self.reads_vectors
                else {}
            ),
        }

    @classmethod
    def from_json(cls, data: Any, source: str) -> PlacementModel:
        try:
            classes = tuple(str(c) for c in data["classes"])
            n = len(classes)
            words = {str(w): np.asarray(v, dtype=np.float32) for w, v in data["words"].items()}
            model = cls(
                classes=classes,
                bias=np.asarray(data["bias"], dtype=np.float32),
                words=words,
                rule_themes=tuple(str(t) for t in data["rule_themes"]),
                rules=np.asarray(data["rules"], dtype=np.float32).reshape(n, -1),
                context=np.asarray(data["context"], dtype=np.float32).reshape(n, -1),
                threshold=float(data.get("threshold", 0.5)),
                idf={str(w): float(v) for w, v in data.get("idf", {}).items()},
                example_scale=float(data.get("example_scale", 10.0)),
                example_offset=float(data.get("example_offset", -2.0)),
                **_vector_weights(data.get("vectors"), n),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(
                f"theme model {source} is not a placement model ({exc})", "retrain it or check themes.model"
            ) from exc
        if NONE not in classes or model.bias.shape != (n,) or any(v.shape != (n,) for v in words.values()):
            raise ConfigError(f"theme model {source} is inconsistent", "retrain it or check themes.model")
        return model


def _vector_weights(data: Any, n: int) -> dict[str, Any]:
    """A model's word-vector weights (JSON ``vectors``: ``table``, ``own``, ``neighbours``)."""
    if data is None:
        return {}
    own = np.asarray(data["own"], dtype=np.float32)
    around = np.asarray(data["neighbours"], dtype=np.float32)
    return {
        "vector_table": str(data["table"]),
        "vectors": own.reshape(n, -1) if own.size else np.zeros((0, 0), np.float32),
        "neighbour_vectors": around.reshape(n, -1) if around.size else np.zeros((0, 0), np.float32),
    }


def similarity(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], default: float) -> float:
    """Cosine of two word sets, each word weighing its inverse document frequency."""
    if not a or not b:
        return 0.0
    common = sum(idf.get(w, default) ** 2 for w in a & b)
    if not common:
        return 0.0
    norm_a = sum(idf.get(w, default) ** 2 for w in a) ** 0.5
    norm_b = sum(idf.get(w, default) ** 2 for w in b) ** 0.5
    return float(common / (norm_a * norm_b))


@dataclass(frozen=True)
class ExampleHead:
    """A theme learned from a handful of passages (a user theme's ``examples``): a passage
    belongs to it as far as it resembles the examples more than the counter-examples.

    p = sigmoid(scale * (mean of the two best similarities to the examples - the best
    similarity to a counter-example) + offset), the similarity being the IDF-weighted cosine
    of word sets. ``scale`` and ``offset`` are fitted with the placement model, on themes
    it knows, learned from a few of their labelled passages (``benchmarks.training.themes``)."""

    DEFAULT_SCALE = 10.0  # (a model-less taxonomy's calibration)
    DEFAULT_OFFSET = -2.0

    examples: tuple[frozenset[str], ...]
    counter_examples: tuple[frozenset[str], ...]
    idf: Mapping[str, float]
    scale: float
    offset: float

    def margin(self, words: frozenset[str]) -> float:
        default = max(self.idf.values(), default=1.0)
        sims = sorted((similarity(words, e, self.idf, default) for e in self.examples), reverse=True)
        near = sum(sims[:2]) / max(1, min(2, len(sims)))
        far = max((similarity(words, c, self.idf, default) for c in self.counter_examples), default=0.0)
        return near - far

    def probability(self, words: frozenset[str]) -> float:
        z = self.scale * self.margin(words) + self.offset
        return 1.0 / (1.0 + float(np.exp(-max(-30.0, min(30.0, z)))))


def load_model(name: str | Path | None = None, vectors: str | Path | None = None) -> PlacementModel | None:
    """The placement model ``themes.model`` names: empty for the packaged one, "none" for
    none (the rules decide), else a JSON file written by the training command; with the
    word vectors ``themes.vectors`` names (empty: the packaged table) if it reads them."""
    if name == "none":
        return None
    model = _packaged() if name in (None, "") else _read_model(Path(str(name)))
    if not model.reads_vectors:
        return model
    table = load_vectors(vectors)
    if table.digest != model.vector_table:
        raise ConfigError(
            f"the theme model was fitted on other word vectors (table {model.vector_table}, "
            f"not {table.digest})",
            "set themes.vectors to the table the model was trained with, or retrain it",
        )
    width = model.vectors.shape[1] if model.vectors.size else model.neighbour_vectors.shape[1]
    if width != table.width:
        raise ConfigError("the theme model and its word vectors differ in width", "check themes.vectors")
    return replace(model, table=table)


def _read_model(path: Path) -> PlacementModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"cannot read the theme model {path}: {exc.strerror}", "check themes.model"
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"theme model {path} is not JSON ({exc})", "check themes.model") from exc
    return PlacementModel.from_json(data, str(path))


@functools.cache
def _packaged() -> PlacementModel:
    text = resources.files("briefing.data").joinpath(PACKAGED_MODEL).read_text(encoding="utf-8")
    return PlacementModel.from_json(json.loads(text), PACKAGED_MODEL)
