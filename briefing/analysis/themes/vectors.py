"""Word vectors the placement model may read: one small vector per lemma, looked up.

The packaged table is ``briefing/data/theme_vectors.npz`` (setting ``themes.vectors``),
learned at training time only by ``python -m benchmarks.training.theme_vectors``: each
lemma's vector is the mean of all-MiniLM-L6-v2's contextual states of its tokens over
real training sentences, reduced by PCA. Run time needs neither the encoder nor its
word-piece tokenizer: the pipeline's lemmas are the keys.

Format: a NumPy ``.npz`` archive (read with ``allow_pickle=False``) of three arrays:

- ``words``: uint8, the UTF-8 of the words (lower-case lemmas), sorted, joined by "\\n";
- ``vectors``: int8, one row per word, ``width`` columns;
- ``scale``: float32, one value: a row's vector is ``vectors[row] * scale``.

A passage's vector is the mean of its words' vectors (words not in the table are
skipped), scaled to unit length; zero when none of its words is in the table.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from briefing.errors import ConfigError

PACKAGED_VECTORS = "theme_vectors.npz"


@dataclass(frozen=True)
class WordVectors:
    words: tuple[str, ...]
    codes: np.ndarray  # (words, width) int8
    scale: float
    rows: dict[str, int] = field(init=False, repr=False, compare=False)
    table: np.ndarray = field(init=False, repr=False, compare=False)  # float32, dequantised

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", {w: i for i, w in enumerate(self.words)})
        object.__setattr__(self, "table", self.codes.astype(np.float32) * np.float32(self.scale))

    @property
    def width(self) -> int:
        return int(self.codes.shape[1])

    @functools.cached_property
    def digest(self) -> str:
        """Names the table's content; a model records the digest of the table it was fitted on."""
        h = hashlib.sha256("\n".join(self.words).encode("utf-8"))
        h.update(np.ascontiguousarray(self.codes).tobytes())
        h.update(np.float32(self.scale).tobytes())
        return h.hexdigest()[:16]

    def mean(self, words: Iterable[str]) -> np.ndarray:
        """The unit-length mean of the words' vectors (zero: none of them is known)."""
        rows = sorted({r for w in words if (r := self.rows.get(w)) is not None})
        if not rows:
            return np.zeros(self.width, dtype=np.float32)
        v = self.table[rows].mean(axis=0)
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    @classmethod
    def quantise(cls, words: tuple[str, ...], vectors: np.ndarray) -> WordVectors:
        """int8 codes with one scale for the table (the largest value maps to 127)."""
        scale = float(np.abs(vectors).max()) / 127.0 or 1.0
        codes = np.clip(np.rint(vectors / scale), -127, 127).astype(np.int8)
        return cls(words, codes, scale)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            words=np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8),
            vectors=self.codes,
            scale=np.array(self.scale, dtype=np.float32),
        )

    @classmethod
    def read(cls, data: bytes, source: str) -> WordVectors:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                words = tuple(bytes(archive["words"]).decode("utf-8").split("\n"))
                codes = np.asarray(archive["vectors"])
                scale = float(archive["scale"])
        except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"word vectors {source} are not a vectors table ({exc})", "check themes.vectors"
            ) from exc
        if codes.dtype != np.int8 or codes.ndim != 2 or codes.shape[0] != len(words):
            raise ConfigError(f"word vectors {source} are inconsistent", "check themes.vectors")
        return cls(words, codes, scale)


def load_vectors(name: str | Path | None = None) -> WordVectors:
    """The table ``themes.vectors`` names: empty for the packaged one, else a file."""
    if name in (None, ""):
        return _packaged()
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read the word vectors {path}: {exc.strerror}", "check themes.vectors"
        ) from exc
    return WordVectors.read(data, str(path))


@functools.cache
def _packaged() -> WordVectors:
    data = resources.files("briefing.data").joinpath(PACKAGED_VECTORS).read_bytes()
    return WordVectors.read(data, PACKAGED_VECTORS)
