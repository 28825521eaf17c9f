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

    def tokens(self, doc: Doc) -> dict[int, np.ndarray]:
        """spec number -> indices of the tokens of ``doc`` it accepts (compiled specs only)."""
        n = len(doc)
        if not n:
            return {spec: np.empty(0, dtype=np.intp) for spec in self._conditions}
        bits: list[list[np.ndarray]] = []
        if self._attrs:
            array = doc.to_array(self._attrs).reshape(n, len(self._attrs))
            for column, words in enumerate(self._tables):
                distinct, inverse = np.unique(array[:, column], return_inverse=True)
                values = distinct.tolist()
                bits.append(
                    [np.array([table.get(v, 0) for v in values], dtype=np.uint64)[inverse] for table in words]
                )
        out = {}
        for spec, conditions in self._conditions.items():
            accepted = np.ones(n, dtype=bool)
            for c in conditions:
                member = (bits[c.column][c.word] >> np.uint64(c.bit)) & np.uint64(1) == 1
                accepted &= ~member if c.negate else member
            out[spec] = np.flatnonzero(accepted)
        return out
