"""The taxonomy: themes and their evidence, read from ``themes.toml`` or the user's file.

Each theme gives lemma phrases (``terms``, ``weak``), spaCy ``Matcher`` /
``DependencyMatcher`` patterns, cues about who acts (``actors`` + ``verbs``), and
``examples`` / ``counter_examples``: passages from which a theme the placement model
does not know is learned when the taxonomy is loaded. The file's header documents every key.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher
from spacy.vocab import Vocab

from briefing.analysis.themes.model import ExampleHead, PlacementModel, load_model
from briefing.analysis.themes.words import PHRASE_WORD
from briefing.errors import ConfigError

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
    "examples",
    "counter_examples",
}
_PATTERN_KEYS = {"name", "weight", "tokens", "dependency"}
WEAK = 0.5  # weight of a `weak` phrase


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
    examples: tuple[str, ...] = ()  # passages that belong to the theme (a user theme learns from them)
    counter_examples: tuple[str, ...] = ()  # passages that look alike but do not


@dataclass
class Taxonomy:
    themes: list[Theme]
    source: str
    model: PlacementModel | None = None  # the learned placement (None: the rules decide)
    # Themes the model does not know, learned from their examples (``learn_examples``).
    heads: dict[str, ExampleHead] = field(default_factory=dict)
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
    return tuple(PHRASE_WORD.findall(re.sub(r"['’]s\b", "", phrase.lower())))


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
    extra = set(data) - {"theme"}
    if extra:
        raise ConfigError(
            f"{source}: unknown key '{sorted(extra)[0]}'",
            "a taxonomy has only [[theme]] tables (a theme learns from its 'examples')",
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
        examples = _strings(entry, "examples", where)
        counter_examples = _strings(entry, "counter_examples", where)
        if not (terms or weak or actors or patterns or examples):
            raise ConfigError(
                f"{where}: theme '{theme_id}' has no evidence",
                "add examples, terms, weak, patterns or actors+verbs",
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
                examples=tuple(examples),
                counter_examples=tuple(counter_examples),
            )
        )
    return Taxonomy(themes, source)


@functools.lru_cache(maxsize=8)
def load_taxonomy(path: Path | None = None, model: str | None = None, vectors: str | None = None) -> Taxonomy:
    """The packaged taxonomy, or the user's file, validated, with the placement model
    ``model`` names (see ``load_model``: empty is the packaged one, "none" the rules alone)
    and the word vectors ``vectors`` names, if the model reads them (empty: the packaged)."""
    if path is None:
        taxonomy = _packaged_taxonomy()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read taxonomy {path}: {exc}", "check the --themes path") from exc
        taxonomy = parse_taxonomy(_toml(text, str(path)), str(path))
    taxonomy.model = load_model(model, vectors)
    return taxonomy


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}", "fix the TOML syntax") from exc


def _packaged_taxonomy() -> Taxonomy:
    text = resources.files("briefing.data").joinpath("themes.toml").read_text("utf-8")
    return parse_taxonomy(_toml(text, "packaged taxonomy"), "packaged taxonomy")
