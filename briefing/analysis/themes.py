"""Theme placement: which passages of an article belong to which theme.

The taxonomy (``briefing/data/themes.toml`` or the user's ``--themes`` file) gives
each theme lemma phrases and actor+verb cues; a sentence's score for a theme is
the sum of its evidence, and it joins every theme whose score reaches the floor.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from briefing.errors import ConfigError
from briefing.records import ThemePlacement

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_THEME_KEYS = {"id", "label", "description", "terms", "weak", "actors", "verbs", "actor_weight"}


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    terms: tuple[tuple[str, ...], ...] = ()
    weak: tuple[tuple[str, ...], ...] = ()
    actors: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    actor_weight: float = 1.0


@dataclass
class Taxonomy:
    themes: list[Theme]
    source: str
    _index: dict[str, list[tuple[tuple[str, ...], str, float]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # first word -> [(phrase, theme id, weight)] so a sentence is scanned once.
        for theme in self.themes:
            for phrases, weight in ((theme.terms, 1.0), (theme.weak, 0.5)):
                for phrase in phrases:
                    self._index.setdefault(phrase[0], []).append((phrase, theme.id, weight))

    def by_id(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    """A phrase as the lower-case keys it is matched on (its words, then lemmatised at match time)."""
    return tuple(re.findall(r"[\w'’-]+|[^\w\s]", phrase.lower()))


def _strings(entry: dict[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings", "fix the taxonomy file")
    return value


def parse_taxonomy(data: dict[str, Any], source: str) -> Taxonomy:
    extra = set(data) - {"theme"}
    if extra:
        raise ConfigError(
            f"{source}: unknown key '{sorted(extra)[0]}'", "a taxonomy has only [[theme]] tables"
        )
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no [[theme]] tables", "define at least one theme")
    themes: list[Theme] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: theme {number}"
        unknown = set(entry) - _THEME_KEYS
        if unknown:
            raise ConfigError(
                f"{where}: unknown key '{sorted(unknown)[0]}'", f"allowed: {', '.join(sorted(_THEME_KEYS))}"
            )
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
        if bool(actors) != bool(verbs):
            raise ConfigError(f"{where}: 'actors' and 'verbs' go together", "give both or neither")
        if not (terms or weak or actors):
            raise ConfigError(
                f"{where}: theme '{theme_id}' has no evidence", "add terms, weak or actors+verbs"
            )
        weight = entry.get("actor_weight", 1.0)
        if not isinstance(weight, int | float) or weight <= 0:
            raise ConfigError(f"{where}: actor_weight must be a positive number", "fix the taxonomy file")
        themes.append(
            Theme(
                id=theme_id,
                label=label,
                description=str(entry.get("description", "")),
                terms=tuple(_phrase_keys(t) for t in terms),
                weak=tuple(_phrase_keys(t) for t in weak),
                actors=frozenset(a.lower() for a in actors),
                verbs=frozenset(v.lower() for v in verbs),
                actor_weight=float(weight),
            )
        )
    return Taxonomy(themes, source)


@functools.lru_cache(maxsize=8)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The packaged taxonomy, or the user's file, validated."""
    if path is None:
        text = resources.files("briefing.data").joinpath("themes.toml").read_text("utf-8")
        source = "packaged taxonomy"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read taxonomy {path}: {exc}", "check the --themes path") from exc
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}", "fix the TOML syntax") from exc
    return parse_taxonomy(data, source)


def _keys(span: Span) -> list[tuple[str, str]]:
    """Each token as (lower form, lower lemma): a phrase word matches either."""
    return [(t.lower_, t.lemma_.lower()) for t in span]


def score_sentence(sent: Span, taxonomy: Taxonomy) -> dict[str, float]:
    scores: dict[str, float] = {}
    keys = _keys(sent)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for i, (lower, lemma) in enumerate(keys):
        for first in {lower, lemma}:
            for phrase, theme_id, weight in taxonomy._index.get(first, ()):
                n = len(phrase)
                matched = i + n <= len(keys) and all(p in keys[i + k] for k, p in enumerate(phrase))
                # Each phrase counts once per sentence; longer phrases weigh a little more.
                if matched and (theme_id, phrase) not in seen:
                    seen.add((theme_id, phrase))
                    scores[theme_id] = scores.get(theme_id, 0.0) + weight * (1 + 0.1 * (n - 1))
    for theme in taxonomy.themes:
        if theme.actors and _actor_acts(sent, theme):
            scores[theme.id] = scores.get(theme.id, 0.0) + theme.actor_weight
    return scores


def _actor_acts(sent: Span, theme: Theme) -> bool:
    """A verb of the theme whose grammatical subject names one of its actors."""
    for token in sent:
        if token.lemma_.lower() not in theme.verbs or token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                w.lower_ in theme.actors or w.lemma_.lower() in theme.actors for w in child.subtree
            ):
                return True
    return False


def place(
    doc: Doc, taxonomy: Taxonomy, min_score: float, skip: list[tuple[int, int]] | None = None
) -> list[ThemePlacement]:
    """Theme placements for every sentence of ``doc`` (multi-label), outside ``skip`` spans."""
    out = []
    for sent in doc.sents:
        if skip and any(s <= sent.start_char < e for s, e in skip):
            continue
        text = sent.text.strip()
        if len(text.split()) < 4:
            continue
        for theme_id, score in score_sentence(sent, taxonomy).items():
            if score >= min_score:
                start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                out.append(ThemePlacement(theme_id, text, start, start + len(text), round(score, 2)))
    return out
