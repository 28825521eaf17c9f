"""Theme sections: placements merged into points, ordered by importance, with a lead.

Importance: a line that reads on its own first (not a fragment, a question, words in
the first person or a sentence leaning on the one before: ``common.stands_alone``), then
the number of sources (a point several outlets report outranks one they do not), then a blend of recency (the newest article first), the
prominence of the actors the point names (the share of articles mentioning them)
and the strength of the theme evidence. Near-identical points from several
articles merge into one citing all of them. The lead is one line: how many
passages and sources the theme holds, then its top point cut to its main clause.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from briefing.analysis.quotes.marks import CURLY_CLOSE, CURLY_OPEN, ENDING_MARKS, STRAIGHT_DOUBLE
from briefing.analysis.themes import Taxonomy
from briefing.compose.common import IdList, OverlapIndex, overlap_words, stands_alone, tokens, words_of
from briefing.records import ArticleAnalysis, Point, ThemeSection

MERGE_OVERLAP = 0.8  # share of the shorter point's words in the longer: the same point
LEAD_WORDS = 32  # the lead's excerpt is cut at a clause boundary before this many words
_WEIGHTS = {"score": 0.45, "recency": 0.3, "prominence": 0.25}

# Openers and closers that frame a sentence rather than say what happened.
_OPENER = re.compile(
    r"^(?:(?:according to|as reported by|in (?:a|an|the) [^,]{0,60}?(?:release|statement|report)),? [^,]{1,80}, "
    r"|(?:meanwhile|however|notably|separately|additionally|in addition|further|furthermore|moreover|also|"
    r"earlier|later|on the other hand),\s+)",
    re.IGNORECASE,
)
_CLOSER = re.compile(
    r",\s*(?:(?:according to|as reported by)\s[^,]{1,80}"
    r"|[^,]{1,60}\s(?:said|says|added|noted|stated|told reporters|reported)(?:\s(?:on|in|last)\s[^,]{1,30})?)"
    rf"\s*[.!]?[{re.escape(ENDING_MARKS)}]?$",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    point: Point
    latest: int = 0  # the newest date (ordinal) of the articles merged in; 0: none dated
    ids: IdList = field(default_factory=IdList)  # the point's articles, merged


def _names(analysis: ArticleAnalysis) -> set[str]:
    """The actor names an article mentions, lower case, and each person's surname."""
    names = {n.lower() for n in analysis.entities}
    return names | {n.split()[-1] for n in names if " " in n}


def _shares(counts: Counter[str], total: int) -> dict[str, float]:
    return {name: n / max(total, 1) for name, n in counts.items() if len(name) > 2}


class _Names:
    """Actor names by their words, so a text is matched against them in one pass."""

    def __init__(self, prominence: dict[str, float]) -> None:
        self.shares: dict[tuple[str, ...], float] = {}
        for name, share in prominence.items():
            key = tuple(tokens(name))
            self.shares[key] = max(self.shares.get(key, 0.0), share)
        # The longest name beginning with each word: only those words can start a match.
        self.longest: dict[str, int] = {}
        for key in self.shares:
            if key:
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def best(self, text: str) -> float:
        """The largest share among the names whose words run in ``text``'s words."""
        words = tokens(text)
        best = self.shares.get((), 0.0) if not words else 0.0
        for i, word in enumerate(words):
            longest = self.longest.get(word)
            if longest is None:
                continue
            for n in range(1, min(longest, len(words) - i) + 1):
                share = self.shares.get(tuple(words[i : i + n]))
                if share is not None and share > best:
                    best = share
        return best


def _normalised(values: list[float]) -> list[float]:
    low, high = min(values, default=0.0), max(values, default=0.0)
    if high - low < 1e-9:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def _order(candidates: list[_Candidate], prominence: dict[str, float]) -> list[Point]:
    recency = _normalised([float(c.latest) for c in candidates])
    names = _Names(prominence)
    actors = _normalised([names.best(c.point.text) for c in candidates])
    strength = _normalised([c.point.score for c in candidates])
    blend = [
        _WEIGHTS["recency"] * r + _WEIGHTS["prominence"] * a + _WEIGHTS["score"] * s
        for r, a, s in zip(recency, actors, strength, strict=True)
    ]
    # A line that reads on its own comes before a fragment, a question or words in the first
    # person, however widely reported (two reports of one speech's asides lead no section).
    whole = [stands_alone(c.point.text) for c in candidates]
    order = sorted(
        range(len(candidates)), key=lambda i: (not whole[i], -len(candidates[i].point.articles), -blend[i], i)
    )
    return [candidates[i].point for i in order]


# Where a long point may be cut: after a clause (a comma, a semicolon, a spaced dash).
_BOUNDARIES = (", ", "; ", " \u2014 ", " \u2013 ", " - ")


def main_clause(text: str, limit: int = LEAD_WORDS) -> str:
    """A point cut for a lead: framing openers and attributions dropped, cut at a
    clause boundary if long, first letter capitalised, ending with a full stop."""
    text = " ".join(text.split())
    for _ in range(2):
        text = _OPENER.sub("", text, count=1)
    text = _CLOSER.sub("", text).rstrip(" .;:,")
    words = text.split()
    if len(words) > limit:
        head = " ".join(words[:limit])
        cut = max(head.rfind(b) for b in _BOUNDARIES)
        kept = (head[:cut] if cut > len(head) // 2 else head).split()
        # (not after "the", "and" or a dash)
        while len(kept) > 1 and (kept[-1].lower() in STOP_WORDS or not any(c.isalnum() for c in kept[-1])):
            kept.pop()
        text = " ".join(kept).rstrip(" ,;:-\u2013\u2014") + "…"
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text.count(CURLY_OPEN) > text.count(CURLY_CLOSE):
        text += CURLY_CLOSE
    elif text.count(STRAIGHT_DOUBLE) % 2:
        text += STRAIGHT_DOUBLE
    return text if text.endswith(("…", ".", "!", "?", CURLY_CLOSE, STRAIGHT_DOUBLE)) else text + "."


def _fits(text: str) -> bool:
    return not main_clause(text).endswith("…")


def lead_line(passages: int, sources: int, points: Sequence[Point]) -> str:
    """One line for a theme section: its size, then its top point (the first of the
    top two as widely reported that reads whole without cutting, else the top one)."""
    size = (
        f"{passages} passage{'s' if passages != 1 else ''} from {sources} source{'s' if sources != 1 else ''}"
    )
    top = points[0]
    peers = [p for p in points[:2] if len(p.articles) == len(top.articles)]
    top = next((p for p in peers if _fits(p.text)), top)
    many = len(top.articles)
    label = f"Most reported ({many} sources)" if many > 1 else "Leading point"
    return f"{size}. {label}: {main_clause(top.text)}"


class ThemeMerger:
    """Theme sections built one article at a time (in article order), so no article's
    analysis is kept once added; ``state``/``from_state`` save and resume the merging."""

    def __init__(self) -> None:
        self.candidates: dict[str, list[_Candidate]] = defaultdict(list)
        self.passages: Counter[str] = Counter()
        self.sources: dict[str, set[str]] = defaultdict(set)
        # Per theme, only the points sharing enough words are compared (see OverlapIndex).
        self.indexes: dict[str, OverlapIndex] = {}
        # A passage with a point's very text merges into that point: points only get added
        # and never change their text, and the points before it did not take that text when
        # it was added, so it is the first one the text overlaps enough. (Only points' own
        # texts are kept: this memory grows with the points, not with the passages.)
        self.seen: dict[tuple[str, str], _Candidate] = {}
        self.names: Counter[str] = Counter()  # for the prominence of the actors a point names
        self.articles = 0
        # Per article (and each duplicate it stands for), its theme evidence: the scores of
        # its passages placed under each theme.
        self.strength: dict[str, dict[str, float]] = defaultdict(dict)

    def _index(self, theme: str) -> OverlapIndex:
        index = self.indexes.get(theme)
        if index is None:
            index = self.indexes[theme] = OverlapIndex(MERGE_OVERLAP)
        return index

    def add(self, analysis: ArticleAnalysis, ids: list[str], date: dt.date | None) -> None:
        """Merge an article's placements (``ids``: it and the duplicates it stands for)."""
        self.articles += 1
        self.names.update(_names(analysis))
        day = date.toordinal() if date else 0
        # A passage placed under several themes is read once.
        read = {text: words_of(text) for text in dict.fromkeys(p.text for p in analysis.placements)}
        words = [read[p.text] for p in analysis.placements]
        for p, found in zip(analysis.placements, words, strict=True):
            self._index(p.theme).observe(found)
        for p, ws in zip(analysis.placements, words, strict=True):
            for article in ids:
                scores = self.strength[article]
                scores[p.theme] = scores.get(p.theme, 0.0) + p.score
            self.passages[p.theme] += 1
            self.sources[p.theme].update(ids)
            bucket = self.candidates[p.theme]
            index = self.indexes[p.theme]
            same = self.seen.get((p.theme, p.text))
            if same is None:
                same = next(
                    (
                        bucket[i]
                        for i in index.candidates(ws)
                        if overlap_words(index.words(i), ws) >= MERGE_OVERLAP
                    ),
                    None,
                )
            if same is not None:
                same.ids.add(ids)
                same.point.score = max(same.point.score, p.score)
                same.point.also = sorted(set(same.point.also) | set(p.also))
                same.point.refers_to = same.point.refers_to or p.refers_to
                same.latest = max(same.latest, day)
                continue
            point = Point(p.text, list(ids), p.score, also=sorted(p.also), refers_to=p.refers_to)
            new = _Candidate(point, day, IdList(ids))
            bucket.append(new)
            index.add(ws)
            if ws:  # a text without words overlaps nothing, not even itself
                self.seen[(p.theme, p.text)] = new

    def sections(self, taxonomy: Taxonomy) -> list[ThemeSection]:
        """The sections, in the taxonomy's order (empty themes omitted), points ranked."""
        prominence = _shares(self.names, self.articles)
        sections = []
        for theme in taxonomy.themes:
            bucket = self.candidates.get(theme.id, [])
            if not bucket:
                continue
            for c in bucket:
                c.point.articles = c.ids.ids()
            points = [
                Point(p.text, p.articles, p.score, also=p.also, refers_to=p.refers_to)
                for p in _order(bucket, prominence)
            ]
            section = ThemeSection(theme.id, theme.label, theme.description, points)
            section.passages = self.passages[theme.id]
            # The lead counts what the section lists (the header and the chart count the same).
            section.lead = lead_line(len(points), len(self.sources[theme.id]), points)
            sections.append(section)
        for section in sections:
            section.see_also = [
                (other.id, n)
                for other in sections
                if other is not section and (n := sum(section.id in p.also for p in other.points))
            ]
        return sections

    def state(self) -> dict[str, Any]:
        """What resuming needs, as JSON-able data."""
        return {
            "points": {
                theme: [
                    [c.point.text, c.ids.ids(), c.point.score, c.latest, c.point.also, c.point.refers_to]
                    for c in bucket
                ]
                for theme, bucket in self.candidates.items()
            },
            "passages": dict(self.passages),
            "sources": {theme: sorted(ids) for theme, ids in self.sources.items()},
            "names": dict(self.names),
            "articles": self.articles,
            "strength": {a: dict(c) for a, c in self.strength.items()},
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> ThemeMerger:
        merger = cls()
        for theme, rows in data["points"].items():
            index = merger._index(theme)
            words = [words_of(row[0]) for row in rows]  # (each text's words read once)
            for row_words in words:
                index.observe(row_words)
            for (text, ids, score, latest, also, refers_to), row_words in zip(rows, words, strict=True):
                point = Point(text, list(ids), score, also=list(also), refers_to=refers_to)
                candidate = _Candidate(point, latest, IdList.ordered(ids))
                merger.candidates[theme].append(candidate)
                index.add(row_words)
                if row_words:
                    merger.seen[(theme, text)] = candidate
        merger.passages.update(data["passages"])
        for theme, ids in data["sources"].items():
            merger.sources[theme].update(ids)
        merger.names.update(data["names"])
        merger.articles = data["articles"]
        for article, scores in data["strength"].items():
            merger.strength[article].update({t: float(v) for t, v in scores.items()})
        return merger

    def article_themes(self, article: str) -> list[str]:
        """The themes an article contributes to, strongest first (the sum of its passages'
        evidence under each; ties by name)."""
        scores = self.strength.get(article, {})
        return sorted((t for t, v in scores.items() if v > 0), key=lambda t: (-scores[t], t))


def theme_sections(
    analyses: Sequence[ArticleAnalysis],
    clusters: dict[str, list[str]],
    taxonomy: Taxonomy,
    published: dict[str, dt.date | None],
) -> list[ThemeSection]:
    merger = ThemeMerger()
    for analysis in analyses:
        article = analysis.article.id
        merger.add(analysis, clusters.get(article, [article]), published.get(article))
    return merger.sections(taxonomy)
