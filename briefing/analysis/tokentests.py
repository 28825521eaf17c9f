"""Matcher token specs ({"LEMMA": {"IN": [...]}, "DEP": "dobj"}) tested over a whole Doc at once.

spaCy's ``Matcher`` tests ``IN`` / ``NOT_IN`` sets token by token through Python-level
predicate objects: finding which tokens could fill the nodes of the taxonomy's dependency
patterns cost as much as the rest of theme placement together. Here the same tests run as
array operations over ``Doc.to_array``: each attribute's distinct values in the Doc are
looked up once in a table of the sets that hold them, and every spec's tokens follow
from a few bit operations. Specs this does not cover (numbers, flags, regular
expressions, extensions...) are left to a ``Matcher``, which the caller runs for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

# String-valued token attributes whose ``Doc.to_array`` values are the IDs the Matcher compares.
STRING_ATTRS = frozenset({"ORTH", "LOWER", "LEMMA", "NORM", "POS", "TAG", "DEP", "ENT_TYPE", "SHAPE"})
_WORD = 64  # conditions per table word (bits of a uint64)


@dataclass(frozen=True)
class _Condition:
    column: int  # the attribute's column in ``to_array``
    word: int  # which of the column's table words holds its bit
    bit: int
    negate: bool  # NOT_IN


def _value_set(value: Any) -> tuple[frozenset[int], bool] | None:
    """(string IDs, negated) for an exact string or an ``IN`` / ``NOT_IN`` list of strings."""
    if isinstance(value, str):
        return frozenset({get_string_id(value)}), False
    if isinstance(value, dict) and len(value) == 1:
        (op, values), negate = next(iter(value.items())), "NOT_IN" in value
        if op in ("IN", "NOT_IN") and isinstance(values, list) and all(isinstance(v, str) for v in values):
            return frozenset(get_string_id(v) for v in values), negate
    return None


@dataclass
class TokenTests:
    """Compiled specs: ``tokens(doc)`` gives, for each spec that compiled, the indices of
    the tokens it accepts; ``fallback`` lists the specs left to a Matcher."""

    specs: Sequence[dict[str, Any]]
    fallback: list[int] = field(default_factory=list)
    _attrs: list[int | str] = field(default_factory=list)  # attribute IDs, one column each
    _tables: list[list[dict[int, int]]] = field(default_factory=list)  # column -> word -> value -> bits
    _conditions: dict[int, list[_Condition]] = field(default_factory=dict)  # spec -> its conditions
    _order: list[_Condition] = field(default_factory=list)  # every distinct condition, numbered
    _where: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _negated: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    _incidence: np.ndarray = field(default_factory=lambda: np.empty((0, 0), dtype=np.float32))
    _needed: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float32))

    def __post_init__(self) -> None:
        # (column, value set) -> (column, word, bit): a set tested by several specs has one bit.
        known: dict[tuple[int, frozenset[int]], tuple[int, int, int]] = {}
        for n, spec in enumerate(self.specs):
            parsed = self._parse(spec)
            if parsed is None:
                self.fallback.append(n)
                continue
            conditions = []
            for attr, values, negate in parsed:
                column = self._column(attr)
                if (column, values) not in known:
                    used = sum(1 for c, _ in known if c == column)
                    word, bit = divmod(used, _WORD)
                    if word == len(self._tables[column]):
                        self._tables[column].append({})
                    for value in values:
                        table = self._tables[column][word]
                        table[value] = table.get(value, 0) | (1 << bit)
                    known[(column, values)] = (column, word, bit)
                _, word, bit = known[(column, values)]
                conditions.append(_Condition(column, word, bit, negate))
            self._conditions[n] = conditions
        self._index_conditions()

    def _index_conditions(self) -> None:
        """Number every distinct condition, and write which specs need which."""
        self._order = sorted(
            {c for conditions in self._conditions.values() for c in conditions},
            key=lambda c: (c.column, c.word, c.bit, c.negate),
        )
        number = {c: k for k, c in enumerate(self._order)}
        grouped: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        for k, c in enumerate(self._order):
            columns, shifts = grouped.setdefault((c.column, c.word), ([], []))
            columns.append(k)
            shifts.append(c.bit)
        self._where = {
            key: (np.array(columns, dtype=np.intp), np.array(shifts, dtype=np.uint64))
            for key, (columns, shifts) in grouped.items()
        }
        self._negated = np.array([k for k, c in enumerate(self._order) if c.negate], dtype=np.intp)
        self._incidence = np.zeros((len(self._order), len(self._conditions)), dtype=np.float32)
        for j, conditions in enumerate(self._conditions.values()):
            for c in conditions:
                self._incidence[number[c], j] = 1.0
        self._needed = np.array([len(set(cs)) for cs in self._conditions.values()], dtype=np.float32)

    @staticmethod
    def _parse(spec: dict[str, Any]) -> list[tuple[int, frozenset[int], bool]] | None:
        out = []
        for key, value in spec.items():
            name = "ORTH" if key.upper() == "TEXT" else key.upper()
            parsed = _value_set(value) if name in STRING_ATTRS else None
            if parsed is None:
                return None
            out.append((IDS[name], *parsed))
        return out

    def _column(self, attr: int) -> int:
        if attr not in self._attrs:
            self._attrs.append(attr)
            self._tables.append([])
        return self._attrs.index(attr)

    def pairs(self, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
        """(spec numbers, token indices): every compiled spec paired with every token of
        ``doc`` it accepts, by spec, then by token."""
        compiled = list(self._conditions)
        n = len(doc)
        if not n or not compiled:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
        # One column per condition: does the token pass it?
        passes = np.ones((n, len(self._order)), dtype=np.float32)
        if self._attrs:
            array = doc.to_array(self._attrs).reshape(n, len(self._attrs))
            for column, words in enumerate(self._tables):
                distinct, inverse = np.unique(array[:, column], return_inverse=True)
                values = distinct.tolist()
                for word, table in enumerate(words):
                    bits = np.array([table.get(v, 0) for v in values], dtype=np.uint64)[inverse]
                    where = self._where.get((column, word))
                    if where is not None:
                        conditions, shifts = where
                        passes[:, conditions] = (bits[:, None] >> shifts) & np.uint64(1)
            passes[:, self._negated] = 1.0 - passes[:, self._negated]
        # A spec accepts a token that passes all its conditions: count them with one product.
        accepted = (passes @ self._incidence) == self._needed  # (tokens, specs)
        spec, token = np.nonzero(accepted.T)
        return np.asarray(compiled, dtype=np.intp)[spec], token

    def tokens(self, doc: Doc) -> dict[int, np.ndarray]:
        """spec number -> indices of the tokens of ``doc`` it accepts (compiled specs only)."""
        specs, tokens = self.pairs(doc)
        return {spec: tokens[specs == spec] for spec in self._conditions}
