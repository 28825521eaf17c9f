"""Quotes across articles: merged per statement, ranked, and the key ones selected."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from briefing.analysis.quotes.words import quotes_data
from briefing.compose.common import IdList, OverlapIndex, overlap, overlap_words, tokens
from briefing.records import ArticleAnalysis, BriefQuote, ThemeSection


@functools.cache
def name_articles() -> frozenset[str]:
    """The articles left out when names are compared ("the White House", "White House"):
    quotes.toml's [whos_who] articles."""
    return frozenset(str(w).lower() for w in quotes_data()["whos_who"]["articles"])


def same_speaker(a: str | None, b: str | None) -> bool:
    """Unknown matches anyone; otherwise one name's words lie within the other's ("Price", "Ned Price")."""
    if not a or not b:
        return True
    ta, tb = set(tokens(a)) - name_articles(), set(tokens(b)) - name_articles()
    return bool(ta and tb) and (ta <= tb or tb <= ta)


_SAME_QUOTE = 0.9  # share of the shorter quote's words in the other: the same quote


def _same_quote(a: str, b: str) -> bool:
    ta, tb = tokens(a), tokens(b)
    return _same_words(frozenset(ta), len(ta), frozenset(tb), len(tb))


def _same_words(wa: frozenset[str], na: int, wb: frozenset[str], nb: int) -> bool:
    """``_same_quote`` of two quotes given as their word sets and word counts."""
    return overlap_words(wa, wb) >= _SAME_QUOTE and abs(na - nb) <= max(3, nb // 4)


class QuoteMerger:
    """Quotes merged one article at a time (in article order): one quote per statement, the
    same words from the same (or an unnamed) speaker. ``state``/``from_state`` save and
    resume the merging.

    The same phrase from different speakers stays apart: outlets quoting "severe
    costs" from two different officials report two statements.
    """

    def __init__(self) -> None:
        self.merged: list[BriefQuote] = []
        self.cited: list[IdList] = []  # per merged quote: its articles, merged
        self.lengths: list[int] = []  # per merged quote: its number of words
        # Only the merged quotes sharing enough words are compared (see OverlapIndex).
        self.index = OverlapIndex(_SAME_QUOTE)
        self.prominence: Counter[str] = Counter()  # name -> articles naming it (and surnames)

    def add(self, analysis: ArticleAnalysis, ids: list[str]) -> None:
        entities = analysis.entities
        self.prominence.update({name: 1 for name in entities})
        self.prominence.update({name.split()[-1]: 1 for name in entities if " " in name})
        index = self.index
        words = [tokens(q.text) for q in analysis.quotes]
        sets = [frozenset(w) for w in words]
        for found_words in sets:
            index.observe(found_words)
        for q, ws, size in zip(analysis.quotes, sets, map(len, words), strict=True):
            text = " ".join(q.text.split())
            found = next(
                (
                    i
                    for i in index.candidates(ws)
                    if self.merged[i].kind == q.kind
                    and _same_words(index.words(i), self.lengths[i], ws, size)
                    and same_speaker(self.merged[i].speaker, q.speaker)
                ),
                None,
            )
            if found is not None:
                same = self.merged[found]
                self.cited[found].add(ids)
                if len(text) > len(same.text) and " ".join(tokens(same.text)) in " ".join(tokens(text)):
                    same.text = text  # the fuller words of the same statement ('other scenarios')
                if not same.speaker and q.speaker:
                    same.speaker, same.speaker_role = q.speaker, q.speaker_role
                elif q.speaker and same.speaker and len(q.speaker) > len(same.speaker):
                    same.speaker = q.speaker  # the fuller name
                same.speaker_role = same.speaker_role or q.speaker_role
                if q.date and (not same.date or q.date < same.date):
                    same.date = q.date  # the earliest day an article says it was said
                continue
            self.merged.append(
                BriefQuote(text, q.speaker, q.speaker_role, list(ids), kind=q.kind, date=q.date)
            )
            self.cited.append(IdList(ids))
            self.lengths.append(size)
            index.add(ws)

    def quotes(self) -> list[BriefQuote]:
        """The merged quotes (new records, in the order first seen) citing all their articles,
        each person under one name across the articles (see ``full_names``)."""
        fuller = full_names([q.speaker for q in self.merged if q.speaker])
        return [
            BriefQuote(
                q.text,
                fuller.get(q.speaker, q.speaker) if q.speaker else q.speaker,
                q.speaker_role,
                ids.ids(),
                kind=q.kind,
                date=q.date,
            )
            for q, ids in zip(self.merged, self.cited, strict=True)
        ]

    def state(self) -> dict[str, Any]:
        return {
            "quotes": [
                [q.text, q.speaker, q.speaker_role, q.kind, q.date, ids.ids()]
                for q, ids in zip(self.merged, self.cited, strict=True)
            ],
            "prominence": dict(self.prominence),
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> QuoteMerger:
        merger = cls()
        rows = data["quotes"]
        texts = [tokens(row[0]) for row in rows]  # (each text's words read once)
        words = [frozenset(map(sys.intern, t)) for t in texts]  # (``words_of``)
        for row_words in words:
            merger.index.observe(row_words)
        for (text, speaker, role, kind, date, ids), row_tokens, row_words in zip(
            rows, texts, words, strict=True
        ):
            merger.merged.append(BriefQuote(text, speaker, role, list(ids), kind=kind, date=date))
            merger.cited.append(IdList.ordered(ids))
            merger.lengths.append(len(row_tokens))
            merger.index.add(row_words)
        merger.prominence.update(data["prominence"])
        return merger


def full_names(speakers: Sequence[str]) -> dict[str, str]:
    """A surname given alone as a speaker in one article ('McCord') -> the one full name
    another article's speaker has with it ('AnnaLynne McCord'): two to four capitalised words
    ending in it. The names the articles merely mention are not used: 'Ukraine' is no one's
    surname."""
    by_last: dict[str, set[str]] = {}
    for name in speakers:
        parts = name.split()
        if 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts):
            by_last.setdefault(parts[-1], set()).add(name)
    out: dict[str, str] = {}
    for name in set(speakers):
        found = by_last.get(name, set()) if " " not in name else set()
        if len(found) == 1:
            out[name] = next(iter(found))
    return out


def merge_quotes(analyses: Sequence[ArticleAnalysis], clusters: dict[str, list[str]]) -> list[BriefQuote]:
    """One quote per statement across the articles (see ``QuoteMerger``)."""
    merger = QuoteMerger()
    for analysis in analyses:
        merger.add(analysis, clusters[analysis.article.id])
    return merger.quotes()


def rank_quotes(
    quotes: list[BriefQuote], prominence: Counter[str], taxonomy_hits: dict[int, list[str]]
) -> None:
    """Score: sources, speaker prominence across the corpus, theme relevance, substance."""
    top = max(prominence.values(), default=1)
    for i, q in enumerate(quotes):
        words = len(tokens(q.text))
        speaker_weight = 0.0
        if q.speaker:
            speaker_weight = max(prominence.get(name, 0) for name in _name_forms(q.speaker)) / top
        q.themes = taxonomy_hits.get(i, [])
        q.score = round(
            len(q.articles)
            + speaker_weight
            + 0.5 * bool(q.themes)
            + min(words, 40) / 40
            + (0.5 if q.speaker else -1.0)
            - (3.0 if q.kind == "scare" else 0.0)
            - (1.0 if q.kind == "partial" and words < 4 else 0.0),
            3,
        )
    quotes.sort(key=lambda q: -q.score)


def _name_forms(speaker: str) -> list[str]:
    """How the corpus's entity counts may spell a speaker: 'the White House' -> 'White House'."""
    words = speaker.split()
    if words and words[0].lower() in name_articles():
        return [speaker, " ".join(words[1:])]
    return [speaker, words[-1]] if words else [speaker]  # a person's surname


_CUT_OPEN = ".,;:!?)"  # what no quotation opens with


def select_key_quotes(quotes: Sequence[BriefQuote], limit: int, per_theme: int) -> list[BriefQuote]:
    """The best quotes, no two near-identical, a bounded number per theme: whole statements
    (opening with a capital) before the pieces of a sentence an article quotes ("was a land
    where careers were going to be made"), which read only with the article's words."""
    chosen: list[BriefQuote] = []
    per: Counter[str] = Counter()
    whole = [q for q in quotes if _opens_a_sentence(q.text)]
    pieces = [q for q in quotes if not _opens_a_sentence(q.text)]
    for q in [*whole, *pieces]:
        if len(chosen) >= limit:
            break
        if q.kind == "scare" or not q.speaker or len(tokens(q.text)) < 4:
            continue
        if q.text.lstrip()[:1] in _CUT_OPEN:
            continue  # ".He emphasized that ...": marks paired across a sentence end, not a quote
        if any(overlap(q.text, c.text) >= 0.6 for c in chosen):
            continue
        if q.themes and all(per[t] >= per_theme for t in q.themes):
            continue
        per.update(q.themes)
        chosen.append(q)
    return chosen


def _opens_a_sentence(text: str) -> bool:
    """The quotation opens with a capital or a digit: a statement, not a piece of one."""
    first = next((c for c in text if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def quote_themes(quotes: Sequence[BriefQuote], sections: Sequence[ThemeSection]) -> dict[int, list[str]]:
    """A quote belongs to the themes of the points it stands in (points citing one of its articles)."""
    by_article: list[dict[str, list[set[str]]]] = []
    for s in sections:
        points: dict[str, list[set[str]]] = {}
        for p in s.points:
            words = set(tokens(p.text))
            for a in dict.fromkeys(p.articles):
                points.setdefault(a, []).append(words)
        by_article.append(points)
    hits: dict[int, list[str]] = {}
    for i, q in enumerate(quotes):
        qt = set(tokens(q.text))
        hits[i] = [
            s.id
            for s, points in zip(sections, by_article, strict=True)
            if qt
            and any(
                len(qt & words) / len(qt) >= 0.8
                for a in dict.fromkeys(q.articles)
                for words in points.get(a, ())
            )
        ]
    return hits
