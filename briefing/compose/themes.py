"""Theme sections: placements merged into points, ordered by importance, with a lead.

Importance: the number of sources first (a point several outlets report outranks
one they do not), then a blend of recency (the newest article first), the
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

from briefing.analysis.themes import Taxonomy
from briefing.compose.common import OverlapIndex, merge_ids, overlap, tokens
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
    r"\s*[.!]?[\"”’']?$",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    point: Point
    dates: list[dt.date | None] = field(default_factory=list)


def _prominence(analyses: Sequence[ArticleAnalysis]) -> dict[str, float]:
    """Actor name (lower case, and a person's surname) -> share of articles naming it."""
    counts: Counter[str] = Counter()
    for analysis in analyses:
        names = {n.lower() for n in analysis.entities}
        names |= {n.split()[-1] for n in names if " " in n}
        counts.update(names)
    total = max(len(analyses), 1)
    return {name: n / total for name, n in counts.items() if len(name) > 2}


class _Names:
    """Actor names by their words, so a text is matched against them in one pass."""

    def __init__(self, prominence: dict[str, float]) -> None:
        self.shares: dict[tuple[str, ...], float] = {}
        for name, share in prominence.items():
            key = tuple(tokens(name))
            self.shares[key] = max(self.shares.get(key, 0.0), share)
        self.longest = max((len(k) for k in self.shares), default=0)

    def best(self, text: str) -> float:
        """The largest share among the names whose words run in ``text``'s words."""
        words = tokens(text)
        best = self.shares.get((), 0.0) if not words else 0.0
        for i in range(len(words)):
            for n in range(1, min(self.longest, len(words) - i) + 1):
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
    recency = _normalised([max((d.toordinal() for d in c.dates if d), default=0) for c in candidates])
    names = _Names(prominence)
    actors = _normalised([names.best(c.point.text) for c in candidates])
    strength = _normalised([c.point.score for c in candidates])
    blend = [
        _WEIGHTS["recency"] * r + _WEIGHTS["prominence"] * a + _WEIGHTS["score"] * s
        for r, a, s in zip(recency, actors, strength, strict=True)
    ]
    order = sorted(range(len(candidates)), key=lambda i: (-len(candidates[i].point.articles), -blend[i], i))
    return [candidates[i].point for i in order]


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
        cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" — "))
        text = (head[:cut] if cut > len(head) // 2 else head).rstrip(" ,;:—") + "…"
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text.count("“") > text.count("”"):
        text += "”"
    elif text.count('"') % 2:
        text += '"'
    return text if text.endswith(("…", ".", "!", "?", "”", '"')) else text + "."


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


def theme_sections(
    analyses: Sequence[ArticleAnalysis],
    clusters: dict[str, list[str]],
    taxonomy: Taxonomy,
    published: dict[str, dt.date | None],
) -> list[ThemeSection]:
    candidates: dict[str, list[_Candidate]] = defaultdict(list)
    passages: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        for p in analysis.placements:
            texts[p.theme].append(p.text)
    # Per theme, only the points sharing enough words are compared (see OverlapIndex).
    indexes = {theme: OverlapIndex(MERGE_OVERLAP, found) for theme, found in texts.items()}
    for analysis in analyses:
        ids = clusters.get(analysis.article.id, [analysis.article.id])
        date = published.get(analysis.article.id)
        for p in analysis.placements:
            passages[p.theme] += 1
            sources[p.theme].update(ids)
            bucket = candidates[p.theme]
            index = indexes[p.theme]
            same = next(
                (
                    c
                    for c in (bucket[i] for i in index.candidates(p.text))
                    if overlap(c.point.text, p.text) >= MERGE_OVERLAP
                ),
                None,
            )
            if same is not None:
                same.point.articles = merge_ids(same.point.articles, ids)
                same.point.score = max(same.point.score, p.score)
                same.dates.append(date)
                continue
            bucket.append(_Candidate(Point(p.text, list(ids), p.score), [date]))
            index.add(p.text)
    prominence = _prominence(analyses)
    sections = []
    for theme in taxonomy.themes:
        bucket = candidates.get(theme.id, [])
        if not bucket:
            continue  # empty themes are omitted
        points = _order(bucket, prominence)
        section = ThemeSection(theme.id, theme.label, theme.description, points)
        section.passages = passages[theme.id]
        section.lead = lead_line(section.passages, len(sources[theme.id]), points)
        sections.append(section)
    return sections
