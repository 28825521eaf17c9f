"""Finding a taxonomy's evidence in a Doc: its phrases, token patterns and dependency
patterns, with the speed machinery that keeps dependency matching linear on long text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from briefing.analysis.doccache import sentence_starts, token_table
from briefing.analysis.themes.taxonomy import Taxonomy
from briefing.analysis.themes.words import NEGATIONS, SKIPPED
from briefing.analysis.tokentests import TokenTests

# ---- evidence ------------------------------------------------------------------------


@dataclass
class Evidence:
    theme: str
    weight: float
    strong: bool
    first: int  # doc token indices, inclusive
    last: int
    key: str = ""  # the phrase or pattern: each counts once per passage
    phrase: bool = False  # phrases compete for their words (the longest wins); patterns do not
    negation_in_phrase: bool = False

    def covers(self, other: Evidence) -> bool:
        return (
            self.phrase
            and other.phrase
            and self.first <= other.first
            and other.last <= self.last
            and (self.last - self.first) > (other.last - other.first)
        )


@functools.lru_cache(maxsize=1 << 14)
def _keys_of(lower: str, lemma: str) -> tuple[str, ...]:
    """The forms a phrase word (lower-case form, lemma) may match: the word, its lemma, and a
    plain plural's singular ("Javelins" -> "javelin", where the tagger left a proper-noun
    lemma alone). Cached: the same words recur in every article."""
    lower = lower.replace("’", "'")
    keys = [lower, lemma.lower()]
    if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss"):
        keys.append(lower[:-1])
    return tuple(dict.fromkeys(keys))


def phrase_evidence(doc: Doc, first: int, last: int, taxonomy: Taxonomy) -> list[Evidence]:
    """The taxonomy's phrases found in tokens ``first`` to ``last`` of ``doc``."""
    table = token_table(doc)
    kept = [i for i in range(first, last + 1) if table.lower[i] not in SKIPPED and not table.space[i]]
    keys = [_keys_of(table.lower[i], table.lemma[i]) for i in kept]
    found = []
    index = taxonomy._index
    for i, token_keys in enumerate(keys):
        for key in token_keys:
            for phrase, theme_id, weight in index.get(key, ()):
                n = len(phrase)
                if i + n <= len(keys) and all(p in keys[i + k] for k, p in enumerate(phrase)):
                    found.append(
                        Evidence(
                            theme_id,
                            weight * (1 + 0.1 * (n - 1)),  # longer phrases weigh a little more
                            weight >= 1.0,
                            kept[i],
                            kept[i + n - 1],
                            key=" ".join(phrase),
                            phrase=True,
                            negation_in_phrase=any(p in NEGATIONS for p in phrase),
                        )
                    )
    return found


# A pattern match in a Doc: (rule name, first token, last token, anchor token).
PatternMatch = tuple[str, int, int, int]


def doc_pattern_matches(doc: Doc, taxonomy: Taxonomy) -> list[PatternMatch]:
    """Every token and dependency pattern match in ``doc``, found in one pass.

    Passages are whole sentences and a parse never crosses a sentence, so the matches
    inside a passage are exactly those the matchers would find on the passage alone."""
    if not any(t.patterns for t in taxonomy.themes):
        return []
    matcher, dep_matcher, _keys = taxonomy.matchers(doc.vocab)
    strings = doc.vocab.strings
    found: list[PatternMatch] = []
    for match_id, start, end in matcher(doc) if len(matcher) else []:
        found.append((strings[match_id], start, end - 1, -1))
    for match_id, token_ids in _dependency_matches(doc, taxonomy, dep_matcher) if len(dep_matcher) else []:
        found.append((strings[match_id], min(token_ids), max(token_ids), token_ids[0]))
    return found


# spaCy's DependencyMatcher walks from every token that fits a node of a pattern up to the
# root of its tree, then tries every combination of such tokens: on a long sentence without
# breaks that is quadratic or worse. Its matches are found sentence by sentence (a parse
# never crosses one), only on sentences where some pattern has a token for every node, and
# not on one where those walks and combinations would pass DEPENDENCY_BUDGET steps (only
# long, repetitive run-on text comes near: a sentence of prose needs a few hundred). Where
# every pattern relates its nodes as child, descendant, head or ancestor, the matches are
# read from the node candidates and the parse (``_matches_in_trees``), exactly as spaCy
# finds them; otherwise spaCy's matcher runs on each such sentence.
DEPENDENCY_BUDGET = 20_000


@dataclass
class _NodeIndex:
    """The nodes of a DependencyMatcher's patterns, tested on their own: most by
    ``TokenTests`` over the whole Doc at once, the rest by a token Matcher."""

    dep_matcher: DependencyMatcher  # kept alive: the cache is keyed by its id
    tests: TokenTests  # node number -> its RIGHT_ATTRS
    nodes: Matcher  # the nodes ``tests`` leaves to a Matcher, keyed by node number + 1
    pattern_nodes: list[list[int]]  # pattern number -> its node numbers
    links: list[tuple[int, int]]  # (head node, child node): edges whose tokens must be head and child
    number: dict[int, int]  # match id (the rule) -> pattern number, in the matcher's order
    # pattern number -> its relations (left node, operator, right node), nodes numbered within
    # the pattern; None when some pattern uses an operator ``_tree_matches`` does not know
    # (order, siblings...) or a rule holds several patterns: then spaCy's matcher runs.
    relations: list[list[tuple[int, str, int]]] | None

    def candidates(self, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
        """(node numbers, token indices): each node paired with every token that could fill it."""
        nodes, tokens = self.tests.pairs(doc)
        if len(self.nodes):
            extra = [(key - 1, start) for key, start, _end in self.nodes(doc)]
            if extra:
                more = np.array(extra, dtype=np.intp)
                nodes, tokens = np.concatenate([nodes, more[:, 0]]), np.concatenate([tokens, more[:, 1]])
        return nodes, tokens


_NODE_INDEXES: dict[int, _NodeIndex] = {}


def _node_index(taxonomy: Taxonomy, dep_matcher: DependencyMatcher, vocab: Vocab) -> _NodeIndex:
    index = _NODE_INDEXES.get(id(dep_matcher))
    if index is None:
        specs: list[dict[str, Any]] = []
        pattern_nodes: list[list[int]] = []
        links: list[tuple[int, int]] = []
        number: dict[int, int] = {}
        relations: list[list[tuple[int, str, int]]] | None = []
        for theme in taxonomy.themes:  # in the order ``Taxonomy.matchers`` added them
            for n, pattern in enumerate(theme.patterns):
                if not pattern.dependency:
                    continue
                if vocab.strings[f"{theme.id}#{n}"] in number:
                    relations = None  # a rule with two patterns: spaCy's order is its own
                    continue
                number[vocab.strings[f"{theme.id}#{n}"]] = len(pattern_nodes)
                ids = {node["RIGHT_ID"]: len(specs) + j for j, node in enumerate(pattern.dependency)}
                local = {node["RIGHT_ID"]: j for j, node in enumerate(pattern.dependency)}
                pattern_nodes.append(list(ids.values()))
                for node in pattern.dependency[1:]:
                    left, right, op = ids[node["LEFT_ID"]], ids[node["RIGHT_ID"]], node["REL_OP"]
                    # ">", ">+", ">--"...: the right node is a child of the left one; "<"...: its head.
                    if op[0] in "<>" and op[:2] not in ("<<", ">>"):
                        links.append((left, right) if op[0] == ">" else (right, left))
                if relations is not None and all(
                    node["REL_OP"] in _TREE_OPS for node in pattern.dependency[1:]
                ):
                    relations.append(
                        [
                            (local[node["LEFT_ID"]], node["REL_OP"], local[node["RIGHT_ID"]])
                            for node in pattern.dependency[1:]
                        ]
                    )
                else:
                    relations = None
                specs.extend(node["RIGHT_ATTRS"] for node in pattern.dependency)
        tests = TokenTests(specs)
        leftover = Matcher(vocab)
        for k in tests.fallback:  # integer keys: nothing added to the string store
            leftover.add(k + 1, [[specs[k]]])
        index = _NodeIndex(dep_matcher, tests, leftover, pattern_nodes, links, number, relations)
        _NODE_INDEXES[id(dep_matcher)] = index
    return index


def _ancestry(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """(depth, root): each token's distance from the root of its tree and that root, by
    pointer jumping: every token adds its ancestor's distance and jumps to that ancestor's
    ancestor, so the whole Doc takes about log2(tokens) array steps however deep its trees are."""
    n = len(doc)
    heads = np.array(token_table(doc).heads, dtype=np.intp)
    depth = (heads != np.arange(n)).astype(np.int64)
    for _ in range(max(1, n.bit_length() + 1)):  # bounded even if a malformed parse had a cycle
        if (heads[heads] == heads).all():
            break
        depth, heads = depth + depth[heads], heads[heads]
    return depth, heads


# The operators ``_tree_matches`` reads from the parse as spaCy's DependencyMatcher does:
# right is a child (">"), a descendant (">>"), the head ("<") or an ancestor ("<<") of left.
_TREE_OPS = frozenset({">", ">>", "<", "<<"})


def _related(heads: Sequence[int], left: int, op: str, right: int) -> bool:
    if op == ">":
        return heads[right] == left != right
    if op == "<":
        return heads[left] == right != left
    low, high = (right, left) if op == ">>" else (left, right)  # is ``high`` above ``low``?
    while heads[low] != low:
        low = heads[low]
        if low == high:
            return True
    return False


def _tree_matches(
    heads: Sequence[int], candidates: list[list[int]], relations: list[tuple[int, str, int]]
) -> Iterator[list[int]]:
    """Every choice of one candidate per node (``candidates[j]``: node j's, ascending) that
    satisfies ``relations``, in the order of ``itertools.product`` as the DependencyMatcher
    filters it: depth-first, nodes in order, each checked against the nodes chosen before."""
    checks: list[list[tuple[int, str, int]]] = [[] for _ in candidates]
    for left, op, right in relations:
        checks[max(left, right)].append((left, op, right))
    chosen = [0] * len(candidates)

    def extend(j: int) -> Iterator[list[int]]:
        if j == len(candidates):
            yield list(chosen)
            return
        for token in candidates[j]:
            chosen[j] = token
            if all(_related(heads, chosen[left], op, chosen[right]) for left, op, right in checks[j]):
                yield from extend(j + 1)

    return extend(0)


def _dependency_matches(
    doc: Doc, taxonomy: Taxonomy, dep_matcher: DependencyMatcher
) -> list[tuple[int, list[int]]]:
    """``dep_matcher(doc)``, in its order (pattern, then tree, then as found), found sentence
    by sentence where some pattern can match (see ``DEPENDENCY_BUDGET``)."""
    index = _node_index(taxonomy, dep_matcher, doc.vocab)
    starts = np.array(sentence_starts(doc), dtype=np.intp)
    sentences, size = len(starts) - 1, len(index.tests.specs) * (len(starts) - 1)
    nodes, tokens = index.candidates(doc)  # each node with each token that could fill it
    if not len(tokens):
        return []
    where = np.searchsorted(starts, tokens, side="right") - 1  # the candidates' sentences
    counts = np.bincount(nodes * sentences + where, minlength=size).reshape(-1, sentences)
    # A sentence can hold a match of a pattern only if every node has a candidate there, and
    # every head-child link of the pattern a candidate child whose head is a candidate head.
    linked = counts
    if index.links:
        heads = np.array(token_table(doc).heads, dtype=np.intp)
        member = np.zeros((len(index.tests.specs), len(doc)), dtype=bool)
        member[nodes, tokens] = True
        linked = counts.copy()
        for head, child in index.links:
            ok = (nodes == child) & member[head, heads[tokens]]
            linked[child] = np.minimum(linked[child], np.bincount(where[ok], minlength=sentences))
    complete = np.array([linked[p].min(axis=0) > 0 for p in index.pattern_nodes]).reshape(-1, sentences)
    if not complete.any():
        return []
    # The matcher's work in a sentence: a walk to the root from every candidate, then every
    # combination of candidates for each pattern that can match there.
    depth, root = _ancestry(doc)
    work = np.bincount(where, weights=depth[tokens] + 1, minlength=sentences)
    for c, p in zip(complete, index.pattern_nodes, strict=True):
        work += np.where(c, np.prod(counts[p].astype(np.float64), axis=0), 0.0)
    chosen = np.flatnonzero(complete.any(axis=0) & (work <= DEPENDENCY_BUDGET)).tolist()
    found: list[tuple[int, tuple[int, list[int]]]] = []
    if index.relations is None:
        for k in chosen:
            first = int(starts[k])
            for match_id, token_ids in dep_matcher(doc[first : int(starts[k + 1])].as_doc()):
                found.append((index.number[match_id], (match_id, [i + first for i in token_ids])))
    else:
        found = _matches_in_trees(index, doc, chosen, (nodes, tokens, where), root, complete)
    found.sort(key=lambda f: f[0])  # stable: by pattern, then sentence, then as found
    return [match for _, match in found]


def _matches_in_trees(
    index: _NodeIndex,
    doc: Doc,
    chosen: list[int],
    candidates: tuple[np.ndarray, np.ndarray, np.ndarray],
    root: np.ndarray,
    complete: np.ndarray,
) -> list[tuple[int, tuple[int, list[int]]]]:
    """What spaCy's DependencyMatcher finds in each ``chosen`` sentence, read from the
    candidates and the parse: for each pattern, tree by tree (in the order of their first
    candidate token, of any node), every choice of candidates its relations allow."""
    assert index.relations is not None
    nodes, tokens, where = candidates
    keep = np.isin(where, chosen)
    by_node: dict[tuple[int, int], list[int]] = {}
    for node, token, k in sorted(
        zip(nodes[keep].tolist(), tokens[keep].tolist(), where[keep].tolist(), strict=True)
    ):
        by_node.setdefault((node, k), []).append(token)
    root_of = root.tolist()
    trees: dict[int, list[int]] = {}  # sentence -> the roots of its trees, in order
    for token, k in sorted(zip(tokens[keep].tolist(), where[keep].tolist(), strict=True)):
        roots = trees.setdefault(k, [])
        if root_of[token] not in roots:
            roots.append(root_of[token])
    heads = token_table(doc).heads
    rule = {p: match_id for match_id, p in index.number.items()}
    found: list[tuple[int, tuple[int, list[int]]]] = []
    for k in chosen:
        for p, relations in enumerate(index.relations):
            if not complete[p, k]:
                continue
            for tree in trees.get(k, []):
                lists = [
                    [t for t in by_node.get((node, k), []) if root_of[t] == tree]
                    for node in index.pattern_nodes[p]
                ]
                for match in _tree_matches(heads, lists, relations):
                    found.append((p, (rule[p], match)))
    return found


def pattern_evidence(
    doc: Doc, first: int, last: int, taxonomy: Taxonomy, matches: Sequence[PatternMatch] | None = None
) -> list[Evidence]:
    if not any(t.patterns for t in taxonomy.themes):
        return []
    _matcher, _dep_matcher, keys = taxonomy.matchers(doc.vocab)
    if matches is None:
        matches = [
            (rule, start + first, end + first, anchor + first if anchor >= 0 else -1)
            for rule, start, end, anchor in doc_pattern_matches(doc[first : last + 1].as_doc(), taxonomy)
        ]
    found = []
    for kind in ("token", "dependency"):  # token matches first, as the matchers ran
        for rule, start, end, anchor in matches:
            if (anchor < 0) != (kind == "token") or start < first or end > last:
                continue
            theme_id, weight = keys[rule]
            if anchor < 0:
                found.append(Evidence(theme_id, weight, True, start, end, key=rule))
            else:
                # The anchor (first node) stands for the match: negation and conditions are read there.
                found.append(Evidence(theme_id, weight, True, anchor, anchor, key=rule))
    return found
