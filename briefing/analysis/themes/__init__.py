"""Theme placement: which passages of an article belong to which theme.

    scored_passages, one per sentence (rules: ``taxonomy``, ``matching``, ``scoring``)
        -> probabilities per theme (``model``: the learned placement, reading the sentence
           and its neighbours; a user theme the model does not know learns from its
           examples; a theme with neither follows the rules)
        -> one placement per sentence: its best theme, and the other themes it also fits
           (a sentence joining two reports under different themes, "As Putin has amassed
           troops ..., NATO members have sent ...", is cut in two clauses, placed apart:
           ``split``);
           a sentence that carries on the one before ("He added ...") under the same
           theme joins its placement, so the brief shows them together.

A passage that belongs to no theme (sport, human interest, domestic politics) is placed
nowhere. A passage is placed under one theme only, so a brief prints it once; the other
themes it fits are kept in ``ThemePlacement.also`` ("also in Diplomacy").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc, Span

from briefing.analysis.doccache import doc_text
from briefing.analysis.themes.antecedents import Antecedents
from briefing.analysis.themes.model import (
    ExampleHead,
    PassageFeatures,
    PlacementModel,
    doc_context,
    features_in_order,
    passage_features,
    passage_words,
)
from briefing.analysis.themes.scoring import (
    ScoredPassage,
    continues,
    passages,
    rule_verdict,
    scored_passages,
    scored_piece,
)
from briefing.analysis.themes.split import cuts
from briefing.analysis.themes.taxonomy import Taxonomy, Theme, load_taxonomy, parse_taxonomy
from briefing.records import Quote, ThemePlacement

__all__ = [
    "ScoredPassage",
    "Taxonomy",
    "Theme",
    "learn_examples",
    "load_taxonomy",
    "parse_taxonomy",
    "passages",
    "place",
    "rule_verdict",
    "scored_passages",
    "theme_probabilities",
]

RULES_THRESHOLD = 0.5  # the probability given to the rules' verdict when no model weighs in
ALSO_SHARE = 0.5  # another theme "also" fits at this share of the best theme's probability
ON_TOPIC = 0.5  # an article is on topic when the model gives one of its passages a theme this sure
GATED_PASSAGES = 5  # ... judged so from this many passages up
SPLIT_SURE = 0.6  # a sentence cut in two clauses places each this sure, under different themes


def learn_examples(taxonomy: Taxonomy, nlp: Language) -> None:
    """Learn, once, the themes the placement model does not know from their ``examples``
    (and ``counter_examples``): a new theme works without retraining anything."""
    model = taxonomy.model
    known = set(model.themes) if model is not None else set()

    def words(texts: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        return tuple(passage_words(list(doc.sents)) for doc in nlp.pipe(texts))

    for theme in taxonomy.themes:
        if theme.id in taxonomy.heads or theme.id in known or not theme.examples:
            continue
        taxonomy.heads[theme.id] = ExampleHead(
            words(theme.examples),
            words(theme.counter_examples),
            model.idf if model is not None else {},
            model.example_scale if model is not None else ExampleHead.DEFAULT_SCALE,
            model.example_offset if model is not None else ExampleHead.DEFAULT_OFFSET,
        )


def theme_probabilities(sp: ScoredPassage, features: PassageFeatures, taxonomy: Taxonomy) -> dict[str, float]:
    """theme id -> the probability that the passage (``features``: its model features)
    belongs to it, for each of the taxonomy's themes: the model's where it knows the
    theme, else the rules' verdict as 0 or a probability that grows with the rules' score."""
    model = taxonomy.model
    known: dict[str, float] = {}
    if model is not None:
        known = model.probabilities(features, taxonomy)
    out = {}
    for theme in taxonomy.themes:
        head = taxonomy.heads.get(theme.id)
        if theme.id in known:
            out[theme.id] = known[theme.id]
        elif head is not None:
            out[theme.id] = head.probability(features.words)
        elif theme.id in sp.placed:
            score = sp.placed[theme.id]
            out[theme.id] = RULES_THRESHOLD + 0.5 * score / (score + 2.0)
        else:
            out[theme.id] = 0.0
    return out


def _threshold(model: PlacementModel | None) -> float:
    return model.threshold if model is not None else RULES_THRESHOLD


def place(
    doc: Doc,
    taxonomy: Taxonomy,
    min_score: float,
    skip: list[tuple[int, int]] | None = None,
    quotes: Sequence[Quote] = (),
) -> list[ThemePlacement]:
    """One placement for every passage of ``doc`` (outside ``skip`` spans) that belongs to
    a theme: its best theme, the others it also fits in ``also`` (taxonomy order).
    ``quotes``: the Doc's quotes (``find_quotes``), whose speakers the model reads."""
    # Token vectors are averaged only for a model that reads them.
    article = doc_context(doc) if taxonomy.model is not None and taxonomy.model.uses_context else None
    threshold = _threshold(taxonomy.model)
    found = scored_passages(doc, taxonomy, min_score, skip)
    # A report's frame and its quotes' speakers are worked out only for a model that reads them.
    model = taxonomy.model
    read_quotes = quotes if model is not None and model.reads_speakers else ()
    frame = model is not None and model.reads_frame
    features = features_in_order(found, article, read_quotes, frame=frame)
    scored = [(sp, theme_probabilities(sp, f, taxonomy)) for sp, f in zip(found, features, strict=True)]
    # An article of several passages none of which the model is sure about is off topic
    # (a figure skater's doping test): a stray passage of it that just passes the
    # threshold is not evidence for any theme. (A short text has no such context.)
    sure = max((max(p.values(), default=0.0) for _, p in scored), default=0.0)
    if taxonomy.model is not None and len(scored) >= GATED_PASSAGES and sure < ON_TOPIC:
        return []
    scored = [
        unit
        for (sp, p), f in zip(scored, features, strict=True)
        for unit in _apart(
            sp,
            p,
            taxonomy,
            (min_score, threshold),
            partial(
                passage_features, article=article, neighbours=f.neighbours, quotes=read_quotes, frame=frame
            ),
        )
    ]
    out: list[ThemePlacement] = []
    run: list[Span] = []  # the sentences of out[-1], while the next passage may join it
    names: Antecedents | None = None  # (read when a placement needs them)
    for sp, p in scored:
        best = max(p, key=lambda t: p[t])  # (the first of equals, in taxonomy order)
        if p[best] < threshold:
            run = []
            continue
        also = [t for t in p if t != best and p[t] >= max(threshold, ALSO_SHARE * p[best])]
        if run and out[-1].theme == best and continues(doc, run, sp.sentences[0]):
            prior = out[-1]
            run = run + sp.sentences
            out[-1] = ThemePlacement(
                best,
                doc_text(doc)[prior.start : sp.end],
                prior.start,
                sp.end,
                max(prior.score, round(p[best], 2)),
                [t for t in p if t in prior.also or t in also],
                prior.refers_to,
            )
            continue
        if names is None:
            names = Antecedents(doc)
        refers_to = names.of(sp.sentences[0])
        out.append(ThemePlacement(best, sp.text, sp.start, sp.end, round(p[best], 2), also, refers_to))
        run = list(sp.sentences)
    return out


def _apart(
    sp: ScoredPassage,
    p: dict[str, float],
    taxonomy: Taxonomy,
    floors: tuple[float, float],
    featurize: Callable[[ScoredPassage], PassageFeatures],
) -> list[tuple[ScoredPassage, dict[str, float]]]:
    """The passage as placed: whole, or cut in two clauses (``split.cuts``) when each is
    placed ``SPLIT_SURE`` or surer under a best theme of its own (``floors``: the rules'
    ``min_score`` and the placement threshold; ``featurize``: a piece's features, read as
    the whole passage's are, with its neighbours)."""
    min_score, threshold = floors
    if len(sp.sentences) != 1 or max(p.values(), default=0.0) < threshold:
        return [(sp, p)]
    best: tuple[float, list[tuple[ScoredPassage, dict[str, float]]]] | None = None
    for pieces in cuts(sp.sentences[0]):
        sides = []
        for piece in pieces:
            psp = scored_piece(sp, piece, taxonomy, min_score)
            sides.append((psp, theme_probabilities(psp, featurize(psp), taxonomy)))
        tops = [max(q, key=lambda t: q[t]) for _, q in sides]
        sure = min(q[t] for (_, q), t in zip(sides, tops, strict=True))
        if tops[0] != tops[1] and sure >= max(SPLIT_SURE, threshold) and (best is None or sure > best[0]):
            best = (sure, sides)
    return best[1] if best is not None else [(sp, p)]
