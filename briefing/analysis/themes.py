"""Theme placement: which passages of an article belong to which theme.

The taxonomy (``briefing/data/themes.toml`` or the user's ``--themes`` file) gives
each theme its evidence: lemma phrases (``terms``, ``weak``), spaCy ``Matcher`` /
``DependencyMatcher`` patterns, and cues about who acts (``actors`` + ``verbs``).

A *passage* is a sentence, or a sentence with the pronoun-led sentences that follow
it in the same paragraph ("Moscow denied the report. It said ..."). Each passage
is scored per theme and placed under every theme whose score reaches the floor,
provided that:

- at least one piece of *strong* evidence (a term, a pattern, an actor cue) is
  present: weak words ("NATO", "troops") never place a passage by themselves;
- the theme's score is not a small fraction of the passage's best theme
  (``SECONDARY_SHARE``): an aside does not make a second home.

Evidence is weighed in context:

- the longest match wins: "NATO's military activity" is NATO posture, not the
  "military activity" of a build-up; "military aid" is not "military";
- a hypothetical ("if Russia invades") counts ``HYPOTHETICAL`` of its weight;
- a negated action ("did not impose sanctions") counts ``negated_weight`` of its
  weight; a negated actor cue ("Moscow did not deny") does not count at all;
- a theme with ``requires_actor`` is about what its actors say and do: its terms
  count in full only where one of its actors is a subject of the passage ("Moscow
  denied ...", "It said ..." after a Moscow sentence), not where the actor is the
  object ("the US accused Moscow"); and the content of an actor's statement
  ("Moscow accuses Kyiv of massing troops") weighs ``HYPOTHETICAL`` for other themes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from briefing.analysis.doccache import children, doc_text, sentence_starts, sentences, token_table
from briefing.analysis.spans import within
from briefing.analysis.tokentests import TokenTests
from briefing.errors import ConfigError
from briefing.records import ThemePlacement

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_THEME_KEYS = {
    "id",
    "label",
    "description",
    "terms",
    "weak",
    "actors",
    "verbs",
    "targets",
    "not_actors",
    "actor_weight",
    "requires_actor",
    "negated_weight",
    "patterns",
}
_PATTERN_KEYS = {"name", "weight", "tokens", "dependency"}
_LEXICON_KEYS = {"bias", "placed", "score", "threshold", "words"}
LEXICON_FILE = "themes_lexicon.toml"  # the packaged taxonomy's learned word weights
SCORE_CAP = 3.0  # the rules' score counts up to this in a lexicon's model

WEAK = 0.5  # weight of a `weak` phrase
HYPOTHETICAL = 0.5  # factor for evidence inside a condition or inside an actor's claim
SECONDARY_SHARE = 0.25  # a theme below this share of the passage's best theme is an aside
MAX_PASSAGE = 3  # sentences in one passage at most
_NEGATIONS = {"not", "n't", "no", "never", "without", "nor", "neither"}
_DENIAL_VERBS = {"deny", "reject", "dismiss", "refute", "rebut", "disprove"}
_CONDITION_MARKS = {"if", "unless", "whether", "lest"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Verbs by which an actor speaks: a theme with `requires_actor` needs its actor to say or do
# one of these (or one of the theme's verbs), not merely to be a subject ("Russian troops moved").
_SPEECH = {
    "say",
    "tell",
    "state",
    "add",
    "write",
    "argue",
    "allege",
    "assert",
    "stress",
    "reiterate",
    "repeat",
    "note",
    "respond",
    "reply",
    "announce",
    "propose",
    "urge",
    "suggest",
    "want",
    "seek",
    "ask",
    "call",
    "describe",
    "consider",
    "see",
    "believe",
    "vow",
    "voice",
    "express",
    "issue",
    "maintain",
    "contend",
    "charge",
    "declare",
    "explain",
    "emphasise",
    "emphasize",
    "point",
    "present",
    "portray",
    "depict",
}
_PRONOUN_LEADS = {"he", "she", "it", "they", "we", "this", "these", "that", "those"}
# Tokens left out of phrase matching: "NATO's flank" matches "nato flank", "build-up" "build up".
_SKIPPED = {"'s", "’s", "'", "’", "-", "–", "‐", '"', "“", "”", "‘", "«", "»"}
_PHRASE_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*\.?|[^\w\s'’\-\"“”‘«»]")


@dataclass(frozen=True)
class Pattern:
    name: str
    weight: float
    tokens: tuple[dict[str, Any], ...] = ()  # a Matcher pattern, or
    dependency: tuple[dict[str, Any], ...] = ()  # a DependencyMatcher pattern


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    terms: tuple[tuple[str, ...], ...] = ()
    weak: tuple[tuple[str, ...], ...] = ()
    actors: tuple[tuple[str, ...], ...] = ()
    verbs: frozenset[str] = frozenset()
    targets: tuple[tuple[str, ...], ...] = ()
    not_actors: tuple[tuple[str, ...], ...] = ()
    actor_weight: float = 1.0
    requires_actor: bool = False
    negated_weight: float = 0.85
    patterns: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """A theme's learned evidence: a logistic model over the lemmas of a passage and the
    rules' verdict on it, so that the many words that signal a theme without being one of
    its terms ("flatcar", "rouble", "trainer") still count, and words that signal another
    subject count against it. ``benchmarks/train_lexicon.py`` fits it on labelled passages.

    p = sigmoid(bias + placed * [the rules place the passage] + score * min(rule score,
    SCORE_CAP) + the sum of ``words`` over the passage's distinct lemmas); the passage
    joins the theme when p >= threshold."""

    bias: float
    placed: float
    score: float
    words: dict[str, float]
    threshold: float = 0.5

    def probability(self, lemmas: Iterable[str], placed: bool, rule_score: float) -> float:
        z = self.bias + self.placed * placed + self.score * min(rule_score, SCORE_CAP)
        z += sum(map(self.words.get, lemmas, itertools.repeat(0.0)))  # (no generator frame per word)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Taxonomy:
    themes: list[Theme]
    source: str
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    _index: dict[str, list[tuple[tuple[str, ...], str, float]]] = field(default_factory=dict, repr=False)
    _matchers: dict[int, tuple[Matcher, DependencyMatcher, dict[str, tuple[str, float]]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        # first word -> [(phrase, theme id, weight)] so a passage is scanned once.
        for theme in self.themes:
            for phrases, weight in ((theme.terms, 1.0), (theme.weak, WEAK)):
                for phrase in phrases:
                    self._index.setdefault(phrase[0], []).append((phrase, theme.id, weight))

    def by_id(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def matchers(self, vocab: Vocab) -> tuple[Matcher, DependencyMatcher, dict[str, tuple[str, float]]]:
        """The taxonomy's patterns compiled for ``vocab`` (once per vocabulary)."""
        key = id(vocab)
        if key not in self._matchers:
            matcher, dep_matcher = Matcher(vocab), DependencyMatcher(vocab)
            keys: dict[str, tuple[str, float]] = {}
            for theme in self.themes:
                for n, pattern in enumerate(theme.patterns):
                    rule = f"{theme.id}#{n}"
                    keys[rule] = (theme.id, pattern.weight)
                    if pattern.tokens:
                        matcher.add(rule, [list(pattern.tokens)])
                    else:
                        dep_matcher.add(rule, [list(pattern.dependency)])
            self._matchers[key] = (matcher, dep_matcher, keys)
        return self._matchers[key]


# ---- the taxonomy file -------------------------------------------------------------


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    """A phrase as the lower-case words it is matched on (hyphens and possessives dropped)."""
    return tuple(_PHRASE_WORD.findall(re.sub(r"['’]s\b", "", phrase.lower())))


def _strings(entry: dict[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings", "fix the taxonomy file")
    return value


def _number(entry: dict[str, Any], key: str, default: float, where: str, upper: float | None = None) -> float:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: '{key}' must be a positive number", "fix the taxonomy file")
    if upper is not None and value > upper:
        raise ConfigError(f"{where}: '{key}' must be at most {upper}", "fix the taxonomy file")
    return float(value)


_VALIDATION_VOCAB = Vocab()


def _reject_unknown(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise ConfigError(
            f"{where}: unknown key '{sorted(unknown)[0]}'", f"allowed: {', '.join(sorted(allowed))}"
        )


def _parse_patterns(entry: dict[str, Any], theme_id: str, where: str) -> tuple[Pattern, ...]:
    raw = entry.get("patterns", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'patterns' must be a list of tables", "write [[theme.patterns]] tables")
    patterns = []
    for n, item in enumerate(raw, start=1):
        name = item.get("name", f"pattern {n}") if isinstance(item, dict) else f"pattern {n}"
        here = f"{where}: theme '{theme_id}' pattern '{name}'"
        if not isinstance(item, dict):
            raise ConfigError(f"{here} is not a table", "write [[theme.patterns]] tables")
        _reject_unknown(item, _PATTERN_KEYS, here)
        if ("tokens" in item) == ("dependency" in item):
            raise ConfigError(f"{here}: give exactly one of 'tokens' or 'dependency'", "fix the pattern")
        kind = "tokens" if "tokens" in item else "dependency"
        body = item[kind]
        try:
            if kind == "tokens":
                Matcher(_VALIDATION_VOCAB, validate=True).add("check", [body])
            else:
                DependencyMatcher(_VALIDATION_VOCAB, validate=True).add("check", [body])
        except (ValueError, TypeError, KeyError) as exc:
            detail = " ".join(str(exc).split())
            detail = re.sub(r"^Invalid token patterns for matcher rule '\w+'\s*", "", detail)
            raise ConfigError(
                f"{here} is not a valid spaCy {'Matcher' if kind == 'tokens' else 'DependencyMatcher'} "
                f"pattern: {detail[:200]}",
                "see the spaCy rule-based matching docs for the pattern syntax",
            ) from None
        weight = _number(item, "weight", 1.0, here)
        if kind == "tokens":
            patterns.append(Pattern(str(name), weight, tokens=tuple(body)))
        else:
            patterns.append(Pattern(str(name), weight, dependency=tuple(body)))
    return tuple(patterns)


def parse_taxonomy(data: dict[str, Any], source: str) -> Taxonomy:
    extra = set(data) - {"theme", "lexicon"}
    if extra:
        raise ConfigError(
            f"{source}: unknown key '{sorted(extra)[0]}'",
            "a taxonomy has only [[theme]] and [lexicon.THEME-ID] tables",
        )
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no [[theme]] tables", "define at least one theme")
    themes: list[Theme] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: theme {number}"
        _reject_unknown(entry, _THEME_KEYS, where)
        theme_id = entry.get("id")
        if not isinstance(theme_id, str) or not _ID.fullmatch(theme_id):
            raise ConfigError(
                f"{where}: bad or missing id {theme_id!r}", "ids are lower-case words joined by '-'"
            )
        if any(t.id == theme_id for t in themes):
            raise ConfigError(f"{source}: duplicate theme id '{theme_id}'", "give each theme its own id")
        label = entry.get("label", theme_id)
        if not isinstance(label, str):
            raise ConfigError(f"{where}: label must be a string", "fix the taxonomy file")
        terms, weak = _strings(entry, "terms", where), _strings(entry, "weak", where)
        actors, verbs = _strings(entry, "actors", where), _strings(entry, "verbs", where)
        targets = _strings(entry, "targets", where)
        not_actors = _strings(entry, "not_actors", where)
        if targets and not actors:
            raise ConfigError(f"{where}: 'targets' needs 'actors'", "list the theme's actors")
        if bool(actors) != bool(verbs):
            raise ConfigError(f"{where}: 'actors' and 'verbs' go together", "give both or neither")
        requires_actor = entry.get("requires_actor", False)
        if not isinstance(requires_actor, bool):
            raise ConfigError(f"{where}: 'requires_actor' must be true or false", "fix the taxonomy file")
        if requires_actor and not actors:
            raise ConfigError(f"{where}: 'requires_actor' needs 'actors'", "list the theme's actors")
        patterns = _parse_patterns(entry, theme_id, where)
        if not (terms or weak or actors or patterns):
            raise ConfigError(
                f"{where}: theme '{theme_id}' has no evidence", "add terms, weak, patterns or actors+verbs"
            )
        themes.append(
            Theme(
                id=theme_id,
                label=label,
                description=str(entry.get("description", "")),
                terms=tuple(k for k in (_phrase_keys(t) for t in terms) if k),
                weak=tuple(k for k in (_phrase_keys(t) for t in weak) if k),
                actors=tuple(k for k in (_phrase_keys(a) for a in actors) if k),
                verbs=frozenset(v.lower() for v in verbs),
                targets=tuple(k for k in (_phrase_keys(t) for t in targets) if k),
                not_actors=tuple(k for k in (_phrase_keys(a) for a in not_actors) if k),
                actor_weight=_number(entry, "actor_weight", 1.0, where),
                requires_actor=requires_actor,
                negated_weight=_number(entry, "negated_weight", 0.85, where, upper=1.0),
                patterns=patterns,
            )
        )
    return Taxonomy(themes, source, _parse_lexicons(data.get("lexicon", {}), themes, source))


def _parse_lexicons(raw: Any, themes: Sequence[Theme], source: str) -> dict[str, Lexicon]:
    """``[lexicon.THEME-ID]`` tables: bias, placed, score, optional threshold, words."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: 'lexicon' must be a table", "write [lexicon.THEME-ID] tables")
    known = {t.id for t in themes}
    lexicons = {}
    for theme_id, table in raw.items():
        where = f"{source}: lexicon '{theme_id}'"
        if theme_id not in known:
            raise ConfigError(f"{where} names no theme of the taxonomy", "use a theme's id")
        if not isinstance(table, dict):
            raise ConfigError(f"{where} is not a table", "write [lexicon.THEME-ID] tables")
        _reject_unknown(table, _LEXICON_KEYS, where)
        values: dict[str, float] = {}
        for key in ("bias", "placed", "score", "threshold"):
            value = table.get(key, 0.5 if key == "threshold" else 0.0)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ConfigError(f"{where}: '{key}' must be a number", "fix the lexicon")
            values[key] = float(value)
        if not 0 < values["threshold"] < 1:
            raise ConfigError(f"{where}: 'threshold' must be between 0 and 1", "fix the lexicon")
        words = table.get("words", {})
        if not isinstance(words, dict) or not all(
            isinstance(w, str) and isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for w, v in words.items()
        ):
            raise ConfigError(f"{where}: 'words' must map words to numbers", "fix the lexicon")
        lexicons[theme_id] = Lexicon(
            values["bias"],
            values["placed"],
            values["score"],
            {w.lower(): float(v) for w, v in words.items()},
            values["threshold"],
        )
    return lexicons


@functools.lru_cache(maxsize=8)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The packaged taxonomy, or the user's file, validated."""
    if path is None:
        return _packaged_taxonomy()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read taxonomy {path}: {exc}", "check the --themes path") from exc
    return parse_taxonomy(_toml(text, str(path)), str(path))


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}", "fix the TOML syntax") from exc


def _packaged_taxonomy() -> Taxonomy:
    """themes.toml, with the lexicons learned for its themes (kept apart, as they are
    generated) when the package has them."""
    data_dir = resources.files("briefing.data")
    data = _toml(data_dir.joinpath("themes.toml").read_text("utf-8"), "packaged taxonomy")
    learned = data_dir.joinpath(LEXICON_FILE)
    if learned.is_file() and "lexicon" not in data:
        data["lexicon"] = _toml(learned.read_text("utf-8"), LEXICON_FILE).get("lexicon", {})
    return parse_taxonomy(data, "packaged taxonomy")


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


def _phrase_evidence(doc: Doc, first: int, last: int, taxonomy: Taxonomy) -> list[Evidence]:
    """The taxonomy's phrases found in tokens ``first`` to ``last`` of ``doc``."""
    table = token_table(doc)
    kept = [i for i in range(first, last + 1) if table.lower[i] not in _SKIPPED and not table.space[i]]
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
                            negation_in_phrase=any(p in _NEGATIONS for p in phrase),
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


def _pattern_evidence(
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


def _negated(token: Token) -> bool:
    """Is ``token`` (or the clause it sits in) negated? Follows control chains up ("not
    planning to invade"), clausal complements ("did not believe ... invade") and what
    a denial rejects ("denied reports that Kyiv was preparing an offensive")."""
    t = token_table(token.doc)
    node = token.i
    while True:
        if any(t.dep[c] == "neg" or (t.dep[c] == "det" and t.lower[c] == "no") for c in t.kids[node]):
            return True
        if t.pos[node] in ("VERB", "AUX") and t.dep[node] not in ("xcomp", "ccomp"):
            break
        if t.heads[node] == node:
            break
        node = t.heads[node]
    node = token.i
    while t.heads[node] != node:  # the token's ancestors
        node = t.heads[node]
        if t.pos[node] == "VERB" and t.lemma[node].lower() in _DENIAL_VERBS:
            return True
    return False


def _condition(node: Token) -> bool:
    """Is ``node`` the verb of a condition: "if Russia invades", "should Moscow attack"?"""
    if node.dep_ != "advcl":
        return False
    for child in children(node):
        if child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS:
            return True
        if child.dep_ == "aux" and child.lower_ in ("should", "were") and child.i < node.i:
            subjects = [c for c in children(node) if c.dep_ in _SUBJECTS]
            if subjects and child.i < subjects[0].i:
                return True
    return False


def _hypothetical(token: Token) -> bool:
    """Inside a condition: "if Russia invades", "should Moscow attack", "unless ..."."""
    return any(_condition(node) for node in [token, *token.ancestors])


_DENIED = {"ccomp", "dobj", "xcomp"}  # what a denial verb rejects: "denied (reports) that ..."


def _reported(sentence: Span) -> list[Token]:
    """The sentence's tokens that report something: not inside a condition ("if Russia
    invades") nor inside what is denied ("denied reports that it was preparing an
    offensive"). One walk down the parse, so linear in the sentence."""
    out = []
    stack = [(sentence.root, False)]
    while stack:
        node, hidden = stack.pop()
        hidden = hidden or _condition(node)
        if not hidden:
            out.append(node)
        denial = node.pos_ == "VERB" and node.lemma_.lower() in _DENIAL_VERBS
        stack.extend((c, hidden or (denial and c.dep_ in _DENIED)) for c in children(node))
    return out


def _head(doc: Doc, first: int, last: int) -> Token:
    span = doc[first : last + 1]
    return span.root


@functools.lru_cache(maxsize=256)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return index


def _names_actor(tokens: Iterable[Token], phrases: Sequence[tuple[str, ...]]) -> bool:
    """Do ``tokens`` contain one of ``phrases`` (word or lemma match)?"""
    return _keys_name_actor([(t.lower_, t.lemma_.lower()) for t in tokens], phrases)


def _keys_name_actor(keys: Sequence[tuple[str, str]], phrases: Sequence[tuple[str, ...]]) -> bool:
    """``_names_actor`` on the words' (form, lemma) keys, made once for several themes."""
    if any(not phrase for phrase in phrases):
        return True  # an empty phrase is found anywhere
    index = _by_first_word(tuple(phrases))
    for i, key in enumerate(keys):
        for word in dict.fromkeys(key):
            for phrase in index.get(word, ()):
                n = len(phrase)
                if i + n <= len(keys) and all(a in keys[i + k] for k, a in enumerate(phrase)):
                    return True
    return False


def _subject_phrase(subject: Token) -> list[Token]:
    """The subject's own words: its subtree without relative clauses and modifiers' clauses."""
    out = []
    stack = [subject]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in children(node) if c.dep_ not in ("relcl", "acl", "advcl", "ccomp"))
    return out


@dataclass(frozen=True)
class _Subject:
    """A subject in a sentence, read once for every theme with actors."""

    verb: Token  # the verb it is the subject of
    keys: list[tuple[str, str]]  # (form, lemma) of the subject's own words (``_subject_phrase``)
    pronoun: bool  # a pronoun that may stand for an actor named before ("It said ...")


def _subjects(sentence: Span) -> list[_Subject]:
    out = []
    for subject in sentence:
        agent = subject.dep_ == "pobj" and subject.head.dep_ == "agent"  # "dismissed by Moscow"
        if subject.dep_ not in _SUBJECTS and not agent:
            continue
        out.append(
            _Subject(
                subject.head.head if agent else subject.head,
                [(t.lower_, t.lemma_.lower()) for t in _subject_phrase(subject)],
                subject.lower_ in _PRONOUN_LEADS and subject.pos_ == "PRON",
            )
        )
    return out


def _actor_subjects(subjects: Sequence[_Subject], theme: Theme, carried: bool) -> list[Token]:
    """Verbs of a sentence (its ``_subjects``) whose subject names one of the theme's actors,
    or is a pronoun standing for an actor named as a subject earlier in the passage (``carried``)."""
    return [s.verb for s in subjects if _keys_name_actor(s.keys, theme.actors) or (carried and s.pronoun)]


def _done_by(token: Token, phrases: Sequence[tuple[str, ...]]) -> bool:
    """Is the subject of the clause ``token`` sits in one of ``phrases``
    ("Moscow has moved fuel and ammunition": the ammunition is Moscow's)?"""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return any(_names_actor(_subject_phrase(s), phrases) for s in _clause_subjects(node))


def _clause_subjects(verb: Token) -> list[Token]:
    subjects = [c for c in children(verb) if c.dep_ in _SUBJECTS]
    if not subjects and verb.dep_ == "conj":  # "Washington was pumping weapons ... and fuelling tensions"
        subjects = [c for c in children(verb.head) if c.dep_ in _SUBJECTS]
    return subjects


def _core_phrase(subject: Token) -> list[Token]:
    """The subject's name itself: "the West's statements", "Washington and London",
    not what hangs on it ("the talks with Washington")."""
    out, stack = [], [subject]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(
            c for c in children(node) if c.dep_ in ("compound", "amod", "poss", "conj", "appos", "nmod")
        )
    return out


def _targets_in_claim(verb: Token, theme: Theme) -> bool:
    """Does the actor's statement say something about one of the theme's targets
    ("Lavrov said Washington was pumping weapons into Ukraine")?"""
    clauses = [c for c in children(verb) if c.dep_ == "ccomp"]
    # "told a news conference that NATO had ..." is often parsed as a relative clause.
    clauses += [
        r
        for o in children(verb)
        if o.dep_ == "dobj"
        for r in children(o)
        if r.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in children(r))
    ]
    for clause in clauses:
        for subject in _clause_subjects(clause):
            words = _core_phrase(subject)
            if _names_actor(words, theme.targets) and not _names_actor(words, theme.actors):
                return True
    return False


def _actor_evidence(
    subjects: Sequence[Sequence[_Subject]], theme: Theme
) -> tuple[bool, list[Evidence], list[Token]]:
    """(an actor speaks or acts in the passage, actor-cue evidence, the cue verbs).

    A cue is a verb of the theme with an actor as its subject ("Moscow denied"), or a
    statement by an actor about one of the theme's targets ("Peskov said Washington ...");
    a negated one does not count ("Moscow did not deny")."""
    present = named = False
    cues: list[Token] = []
    for sentence in subjects:
        verbs = _actor_subjects(sentence, theme, carried=named)
        named = named or bool(verbs)
        for verb in verbs:
            # The verb itself, or a verb coordinated with it ("Moscow rejected ... and accused ...").
            for v in [verb, *(c for c in children(verb) if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]:
                lemma = v.lemma_.lower()
                if v.pos_ not in ("VERB", "AUX") or _negated(v):
                    continue
                if lemma in theme.verbs or lemma in _SPEECH:
                    present = True
                if lemma in theme.verbs or (theme.targets and _targets_in_claim(v, theme)):
                    cues.append(v)
    found = []
    if cues:
        first = min(c.i for c in cues)
        found.append(Evidence(theme.id, theme.actor_weight, True, first, first, key="actor cue"))
    return present, found, cues


def _in_claim(token: Token, cues: Sequence[Token]) -> bool:
    """Is ``token`` part of what an actor holds against someone ("accuses Kyiv of massing
    troops", "blamed the West for provoking")? What an actor warns or says that something
    is ("warned that new sanctions would ...") is not discounted."""
    for cue in cues:
        for child in children(cue):
            if child.dep_ in ("prep", "xcomp") and child.i != token.i and token in child.subtree:
                return True
    return False


def _uncovered(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence no other evidence ``covers`` (a longer phrase holding it), in order;
    found from the phrases' spans sorted, not by comparing every pair."""
    widest: dict[int, int] = {}  # first token -> the last token of the longest phrase from it
    for e in evidence:
        if e.phrase:
            widest[e.first] = max(widest.get(e.first, e.last), e.last)
    firsts = sorted(widest)
    reach = list(itertools.accumulate((widest[f] for f in firsts), max))  # furthest end so far
    out = []
    for e in evidence:
        if e.phrase:
            k = bisect.bisect_left(firsts, e.first)  # firsts[k] == e.first
            if widest[e.first] > e.last or (k > 0 and reach[k - 1] >= e.last):
                continue
        out.append(e)
    return out


def score_passage(
    sentences: Sequence[Span], taxonomy: Taxonomy, matches: Sequence[PatternMatch] | None = None
) -> dict[str, tuple[float, bool]]:
    """theme id -> (score, has strong evidence) for a passage of consecutive sentences
    (``matches``: the Doc's pattern matches, if already found with ``doc_pattern_matches``)."""
    return _score_passage(sentences, taxonomy, matches)[0]


def _score_passage(
    sentences: Sequence[Span], taxonomy: Taxonomy, matches: Sequence[PatternMatch] | None
) -> tuple[dict[str, tuple[float, bool]], dict[str, bool]]:
    """``score_passage``'s scores, and per theme with actors whether one speaks or acts."""
    doc = sentences[0].doc
    first, last = sentences[0].start, sentences[-1].end - 1
    evidence = _phrase_evidence(doc, first, last, taxonomy) + _pattern_evidence(
        doc, first, last, taxonomy, matches
    )
    # The longest phrase wins its words; a phrase or pattern counts once per theme and
    # passage, and words matched twice for a theme (lemma and form) count once.
    evidence = _uncovered(evidence)
    unique: dict[tuple[str, str], Evidence] = {}
    spans: set[tuple[str, int, int]] = set()
    for e in sorted(evidence, key=lambda e: -e.weight):
        if (e.theme, e.key) in unique or (e.phrase and (e.theme, e.first, e.last) in spans):
            continue
        unique[(e.theme, e.key)] = e
        if e.phrase:
            spans.add((e.theme, e.first, e.last))
    evidence = list(unique.values())

    actors_present: dict[str, bool] = {}
    claims: list[tuple[str, list[Token]]] = []
    subjects = (
        [_subjects(sentence) for sentence in sentences] if any(t.actors for t in taxonomy.themes) else []
    )
    for theme in taxonomy.themes:
        if theme.actors:
            present, cue_evidence, cues = _actor_evidence(subjects, theme)
            actors_present[theme.id] = present
            evidence.extend(cue_evidence)
            if cues and theme.requires_actor:
                claims.append((theme.id, cues))

    scores: dict[str, tuple[float, bool]] = {}
    for e in evidence:
        theme = taxonomy.by_id(e.theme)
        weight, strong = e.weight, e.strong
        head = _head(doc, e.first, e.last)
        if strong and (
            (theme.requires_actor and not actors_present.get(theme.id))
            or (theme.not_actors and _done_by(head, theme.not_actors))
        ):
            weight, strong = weight * WEAK, False
        if not e.negation_in_phrase and _negated(head):
            weight *= theme.negated_weight
        if _hypothetical(head) or any(t != e.theme and _in_claim(head, cues) for t, cues in claims):
            weight *= HYPOTHETICAL
        score, had_strong = scores.get(e.theme, (0.0, False))
        scores[e.theme] = (score + weight, had_strong or strong)
    return scores, actors_present


def score_sentence(sent: Span, taxonomy: Taxonomy) -> dict[str, float]:
    """A single sentence's score per theme (see ``score_passage``)."""
    return {theme: score for theme, (score, _) in score_passage([sent], taxonomy).items()}


def _pronoun_led(sent: Span) -> bool:
    """Does the sentence open with a pronoun subject that continues the previous one ("It said ...")?"""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words:
        return False
    lead = words[0]
    if lead.lower_ in ("he", "she", "it", "they"):
        return True
    return lead.lower_ in _PRONOUN_LEADS and lead.dep_ in _SUBJECTS


def _text_start(sent: Span) -> int:
    return next((t.idx for t in sent if not t.is_space), sent.end_char)


def _text_end(sent: Span) -> int:
    return next((t.idx + len(t.text) for t in reversed(sent) if not t.is_space), sent.start_char)


def passages(doc: Doc, skip: list[tuple[int, int]] | None = None) -> list[list[Span]]:
    """Sentences grouped into passages: a pronoun-led sentence joins the one before
    it in the same paragraph (at most ``MAX_PASSAGE`` sentences)."""
    groups: list[list[Span]] = []
    skipped = within(skip or [])  # a sentence is skipped when a span holds its start
    for sent in sentences(doc):
        if skipped(sent.start_char):
            continue
        if not sent.text.strip():
            continue
        previous = groups[-1] if groups else None
        if (
            previous
            and len(previous) < MAX_PASSAGE
            and previous[-1].end == sent.start
            and "\n\n" not in doc_text(doc)[_text_end(previous[-1]) : _text_start(sent)]
            and _pronoun_led(sent)
        ):
            previous.append(sent)
        else:
            groups.append([sent])
    return groups


def rule_verdict(scores: dict[str, tuple[float, bool]], min_score: float) -> dict[str, float]:
    """The themes the rules place a passage under, from ``score_passage``'s scores: strong
    evidence, at least ``min_score``, and not an aside (``SECONDARY_SHARE`` of the best)."""
    kept = {t: s for t, (s, strong) in scores.items() if strong and s >= min_score}
    best = max(kept.values(), default=0.0)
    return {t: s for t, s in kept.items() if s >= SECONDARY_SHARE * best}


def passage_lemmas(sentences: Iterable[Span]) -> set[str]:
    """The distinct words a lexicon reads: lower-case lemmas of the words the passage
    reports (``_reported``: not a condition, not what is denied), stop words left out
    except negations."""
    out = set()
    for sentence in sentences:
        table = token_table(sentence.doc)
        for i in _reported_indices(sentence):
            if table.alpha[i] and table.length[i] > 1 and (not table.stop[i] or table.lower[i] in _NEGATIONS):
                out.add(table.lemma[i].lower())
    return out


def _reported_indices(sentence: Span) -> Iterable[int]:
    """The indices of ``_reported(sentence)``'s tokens, in any order. Most sentences are one
    tree of their own with no condition and no denial in them: all their tokens report."""
    return range(sentence.start, sentence.end) if _plain(sentence) else [t.i for t in _reported(sentence)]


def _plain(sentence: Span) -> bool:
    """Is ``sentence`` one tree holding exactly its own tokens, with no clause that could
    be a condition ("advcl") and no denial verb? Then ``_reported`` hides none of it."""
    table = token_table(sentence.doc)
    first, end = sentence.start, sentence.end
    roots = 0
    for i in range(first, end):
        head = table.heads[i]
        if head == i:
            roots += 1
        elif not first <= head < end:
            return False
        if table.dep[i] == "advcl" or table.lemma[i].lower() in _DENIAL_VERBS:
            return False
    return roots == 1 and first not in _reached_from_outside(sentence.doc)


_REACHED = "briefing.reached_from_outside"


def _reached_from_outside(doc: Doc) -> set[int]:
    """The first tokens of the sentences that a token of another sentence depends on."""
    found: set[int] | None = doc.user_data.get(_REACHED)
    if found is None:
        starts = np.array(sentence_starts(doc), dtype=np.intp)
        heads = np.array(token_table(doc).heads, dtype=np.intp)
        own = np.searchsorted(starts, np.arange(len(doc)), side="right") - 1
        theirs = own[heads]
        found = set(starts[theirs[own != theirs]].tolist())
        doc.user_data[_REACHED] = found
    return found


def judge_passage(
    sentences: Sequence[Span],
    taxonomy: Taxonomy,
    min_score: float,
    matches: Sequence[PatternMatch] | None = None,
) -> dict[str, float]:
    """theme id -> score for the themes a passage joins. A theme with a lexicon joins
    when the lexicon's probability (which weighs the rules' verdict) reaches its
    threshold, with that probability as the score; a theme without one follows the rules,
    with the rules' score."""
    scores, actors_present = _score_passage(sentences, taxonomy, matches)
    placed = rule_verdict(scores, min_score)
    if not taxonomy.lexicons:
        return placed
    lemmas = passage_lemmas(sentences)
    out = {}
    for theme in taxonomy.themes:
        lexicon = taxonomy.lexicons.get(theme.id)
        if lexicon is None:
            if theme.id in placed:
                out[theme.id] = placed[theme.id]
            continue
        p = lexicon.probability(lemmas, theme.id in placed, scores.get(theme.id, (0.0, False))[0])
        # A theme about what its actors say and do needs one of them speaking or acting:
        # "Kyiv rejected the Kremlin's claims" has a denial's words, not a Russian denial.
        if p >= lexicon.threshold and (not theme.requires_actor or actors_present.get(theme.id, False)):
            out[theme.id] = p
    return out


def place(
    doc: Doc, taxonomy: Taxonomy, min_score: float, skip: list[tuple[int, int]] | None = None
) -> list[ThemePlacement]:
    """Theme placements for every passage of ``doc`` (multi-label), outside ``skip`` spans."""
    out = []
    matches = doc_pattern_matches(doc, taxonomy)
    groups = passages(doc, skip)
    # A match counts only in the passage holding its first token: each passage is handed
    # its own (in order), not the whole Doc's to filter.
    firsts = [group[0].start for group in groups]
    own: list[list[PatternMatch]] = [[] for _ in groups]
    for match in matches:
        k = bisect.bisect_right(firsts, match[1]) - 1
        if k >= 0 and match[1] < groups[k][-1].end:
            own[k].append(match)
    for group, group_matches in zip(groups, own, strict=True):
        start_char, end_char = group[0].start_char, group[-1].end_char
        raw = doc_text(doc)[start_char:end_char]
        text = raw.strip()
        if len(text.split()) < 4:
            continue
        scores = judge_passage(group, taxonomy, min_score, group_matches)
        start = start_char + (len(raw) - len(raw.lstrip()))
        for theme in taxonomy.themes:  # taxonomy order, so output is stable
            score = scores.get(theme.id)
            if score is not None:
                out.append(ThemePlacement(theme.id, text, start, start + len(text), round(score, 2)))
    return out
