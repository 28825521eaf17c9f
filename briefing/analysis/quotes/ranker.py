"""A learned second look at each quote's speaker: the rules' choice against the other people
and bodies a reader would consider.

For each quote the options are the speaker the rules chose (``assign_speakers``), the
speakers of the quotes before and after it, the person last named as a sentence's subject,
and the people and bodies named near it (in its sentence, its paragraph and the paragraph
before). Each option is described by a few features (``FEATURES``): whether it is the rules'
choice and by which pass, where it is named relative to the quote, its grammatical role
there, how often the article names it. A linear score over the features, with weights
learned on PolNeAR's training split (``benchmarks/training/speakers.py``) and kept in
``briefing/data/speaker_ranker.json``, picks the option; ties go to the rules' choice, and
a quote the rules left without a speaker keeps none. The score is plain arithmetic over
lists: the same on every machine, with no model library at run time.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span

from briefing.analysis.doccache import entities
from briefing.analysis.quotes.names import PersonMentions
from briefing.analysis.quotes.resolver import Speaker, SpeakerResolver
from briefing.analysis.quotes.speakers import Candidate

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "speaker_ranker.json"

SOURCES = ("cue", "shared", "colon", "signed", "bare")
FEATURES = (
    "rule",
    *(f"rule_{s}" for s in SOURCES),
    "rule_pronoun",
    "rule_description",
    "rule_group",
    "rule_person",
    "prev_quote",
    "next_quote",
    "last_subject",
    "named",
    "same_sentence",
    "before",
    "after",
    "distance",
    "nearest_before",
    "nearest_after",
    "para_before",
    "subject",
    "speech_subject",
    "according_to",
    "person",
    "org",
    "mentions",
    "quoted_before",
    "full_name",
)
_REACH = 4  # mentions taken on either side of a quote
_LOOK = 32  # at most this many mentions, bodies or quotes looked at on each side: a hostile
# article with thousands of names inside quotes costs no more per quote than a plain one


@dataclass
class Option:
    speaker: Speaker
    feats: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    sources: frozenset[str] = frozenset(SOURCES)  # the passes whose choices it may overrule
    margin: float = 0.0  # by how much an option must outscore the rules' choice

    def score(self, feats: dict[str, float]) -> float:
        return sum(w * feats.get(name, 0.0) for name, w in zip(FEATURES, self.weights, strict=True))


IDENTITY = Ranker(tuple(1.0 if name == "rule" else 0.0 for name in FEATURES))


@functools.lru_cache(maxsize=2)
def load_ranker(path: Path = DATA_FILE) -> Ranker:
    """The weights of the data file, by feature name (a feature it lacks weighs nothing)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    return Ranker(
        tuple(float(weights.get(name, 0.0)) for name in FEATURES),
        frozenset(data.get("sources", SOURCES)),
        float(data.get("margin", 0.0)),
    )


def _key(name: str) -> str:
    return " ".join(name.lower().split())


@dataclass
class _Context:
    doc: Doc
    resolver: SpeakerResolver
    banned: set[int]
    paras: list[tuple[int, int]]
    speech_lemmas: frozenset[str]
    orgs: list[Span]
    org_ends: list[int]
    quoted: dict[str, int] = field(default_factory=dict)  # name -> quotes given it so far
    counts: dict[str, int] | None = None

    def full_counts(self) -> dict[str, int]:
        """How often the article names each person, by fullest name (worked out once)."""
        if self.counts is None:
            mentions = self.resolver.mentions
            self.counts = {}
            for name, count in mentions.name_counts.items():
                full = mentions.full_name(name)
                self.counts[full] = self.counts.get(full, 0) + count
        return self.counts


def _mention_feats(ent: Span, item: Candidate, ctx: _Context) -> dict[str, float]:
    seg = item.segment
    open_at = seg.open_mark
    close_at = seg.close_mark if seg.close_mark is not None else seg.end
    before = ent.end_char <= open_at
    gap = open_at - ent.end_char if before else max(0, ent.start_char - close_at)
    lo, hi = item.sentence
    root = ent.root
    head = root.head
    para_lo = ctx.paras[seg.para][0]
    feats = {
        "named": 1.0,
        "same_sentence": float(lo <= ent.start < hi),
        "before": float(before),
        "after": float(not before),
        "distance": math.log1p(gap / 10),
        "para_before": float(ent.end_char < para_lo),
        "subject": float(root.dep_ in ("nsubj", "nsubjpass")),
        "speech_subject": float(root.dep_ == "nsubj" and head.lemma_.lower() in ctx.speech_lemmas),
        "according_to": float(
            root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
        ),
    }
    return feats


def _merge(into: dict[str, float], feats: dict[str, float]) -> None:
    """The features of a second mention of the same option: the nearer mention's place."""
    if "named" in into and "named" in feats and feats["distance"] >= into["distance"]:
        for name in ("subject", "speech_subject", "according_to", "same_sentence"):
            into[name] = max(into[name], feats[name])
        return
    for name, value in feats.items():
        into[name] = max(into.get(name, 0.0), value) if name not in ("distance",) else value


def _near_mentions(item: Candidate, ctx: _Context) -> list[tuple[Span, Speaker]]:
    """People named around the quote (not inside a quote), from the paragraph before on,
    up to the end of the quote's paragraph: the nearest few either side."""
    mentions: PersonMentions = ctx.resolver.mentions
    seg = item.segment
    lo = ctx.paras[max(0, seg.para - 1)][0]
    hi = ctx.paras[seg.para][1]
    out: list[tuple[Span, Speaker]] = []
    k = bisect.bisect_right(mentions.name_ends, seg.open_mark)
    found = 0
    for j in range(k - 1, max(-1, k - 1 - _LOOK), -1):
        ent, name, _first = mentions.names[j]
        if ent.start_char < lo or found >= _REACH:
            break
        if ent.root.i in ctx.banned or not name:
            continue
        full = mentions.full_name(name)
        out.append((ent, Speaker(full, "person", mentions.earlier_role(full), ent.start_char)))
        found += 1
    found = 0
    for j in range(k, min(len(mentions.names), k + _LOOK)):
        ent, name, _first = mentions.names[j]
        if ent.start_char >= hi or found >= _REACH:
            break
        if ent.root.i in ctx.banned or not name or ent.start_char < seg.end:
            continue
        full = mentions.full_name(name)
        out.append((ent, Speaker(full, "person", mentions.earlier_role(full), ent.start_char)))
        found += 1
    # bodies named in the quote's own sentence ('the White House said')
    a = bisect.bisect_right(ctx.org_ends, ctx.doc[item.sentence[0]].idx)
    for j in range(a, min(len(ctx.orgs), a + _LOOK)):
        ent = ctx.orgs[j]
        if ent.start >= item.sentence[1]:
            break
        root = ent.root
        speaks = root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "pobj" and root.head.lower_ == "to")
        if root.i in ctx.banned or not speaks:  # a body spoken to or about is no option
            continue
        spk = ctx.resolver.resolve(root, ctx.banned)
        if spk is not None:
            out.append((ent, spk))
    return out


def _options(index: int, candidates: list[Candidate], ctx: _Context) -> list[Option]:
    item = candidates[index]
    by_name: dict[str, Option] = {}

    def add(spk: Speaker, feats: dict[str, float]) -> None:
        key = _key(spk.name)
        if not key:
            return
        opt = by_name.get(key)
        if opt is None:
            opt = by_name[key] = Option(spk, {})
        _merge(opt.feats, feats)

    rule = item.speaker
    if rule is not None:
        tok = item.attribution.speaker_token if item.attribution else None
        feats = {"rule": 1.0, f"rule_{item.source}": 1.0} if item.source in SOURCES else {"rule": 1.0}
        feats["rule_pronoun"] = float(tok is not None and tok.pos_ == "PRON")
        if rule.kind in ("description", "group", "person"):
            feats[f"rule_{rule.kind}"] = 1.0
        add(rule, feats)
    para = item.segment.para
    for step, name in ((-1, "prev_quote"), (1, "next_quote")):
        j = index + step
        while 0 <= j < len(candidates) and candidates[j].speaker is None and abs(j - index) < _LOOK:
            j += step
        if 0 <= j < len(candidates) and abs(candidates[j].segment.para - para) <= 1:
            other = candidates[j].speaker
            if other is not None:
                add(other, {name: 1.0})
    subject = ctx.resolver.mentions.last_subject(item.segment.open_mark, quoted=ctx.resolver.quoted)
    if subject is not None:
        full = subject[1]
        add(
            Speaker(full, "person", ctx.resolver.mentions.earlier_role(full), subject[0]),
            {"last_subject": 1.0},
        )
    near = _near_mentions(item, ctx)
    before = [e for e, _s in near if e.end_char <= item.segment.open_mark]
    after = [e for e, _s in near if e.end_char > item.segment.open_mark]
    nearest_before = max(before, key=lambda e: e.end_char) if before else None
    nearest_after = min(after, key=lambda e: e.start_char) if after else None
    for ent, spk in near:
        feats = _mention_feats(ent, item, ctx)
        if ent is nearest_before:
            feats["nearest_before"] = 1.0
        if ent is nearest_after:
            feats["nearest_after"] = 1.0
        add(spk, feats)
    counts = ctx.full_counts()
    for key, opt in by_name.items():
        spk = opt.speaker
        opt.feats["person"] = float(spk.kind == "person")
        opt.feats["org"] = float(spk.kind == "institution")
        opt.feats["mentions"] = math.log1p(counts.get(spk.name, 0))
        opt.feats["quoted_before"] = math.log1p(ctx.quoted.get(key, 0))
        opt.feats["full_name"] = float(spk.kind == "person" and len(spk.name.split()) >= 2)
    return list(by_name.values())


def rerank(
    candidates: list[Candidate],
    resolver: SpeakerResolver,
    paras: list[tuple[int, int]],
    banned: set[int],
    ranker: Ranker,
    record: list[tuple[Candidate, list[Option]]] | None = None,
) -> None:
    """Each quote's speaker, the best-scored of its options (see the module's docstring).
    ``record``: where the training harness collects each quote's options."""
    doc = resolver.mentions.doc
    orgs = [e for e in entities(doc) if e.label_ in ("ORG", "NORP", "GPE")]
    ctx = _Context(
        doc,
        resolver,
        banned,
        paras,
        resolver.mentions.words.speech_verbs,
        orgs,
        [e.end_char for e in orgs],
    )
    chosen: list[Speaker | None] = []
    for index, item in enumerate(candidates):
        if item.speaker is None:
            chosen.append(None)
            if record is not None:
                record.append((item, []))
            continue
        rule_key = _key(item.speaker.name)
        if record is None and item.source not in ranker.sources and rule_key:
            # a choice the ranker never overrules (a cue verb's): its options need not be weighed
            chosen.append(item.speaker)
            ctx.quoted[rule_key] = ctx.quoted.get(rule_key, 0) + 1
            continue
        opts = _options(index, candidates, ctx)
        if record is not None:
            record.append((item, opts))
        tok = item.attribution.speaker_token if item.attribution else None
        personal = tok is not None and tok.lower_ in resolver.mentions.words.person_pronouns
        # 'he said', 'she said': a person, never a country or a body named near the quote
        allowed = [o for o in opts if not personal or o.speaker.kind in ("person", "description")] or opts
        best = max(allowed, key=lambda o: (ranker.score(o.feats), o.feats.get("rule", 0.0)))
        rule_score = ranker.score(opts[0].feats)  # the rules' choice comes first
        if item.source not in ranker.sources or ranker.score(best.feats) <= rule_score + ranker.margin:
            best = opts[0]
        chosen.append(best.speaker)
        key = _key(best.speaker.name)
        ctx.quoted[key] = ctx.quoted.get(key, 0) + 1
    for item, spk in zip(candidates, chosen, strict=True):
        item.speaker = spk
