"""Key points: the brief's bottom line up front, 3 to 7 one-line items across all themes.

Candidates are the dated developments (and, to fill up, each theme's leading points, dated
by their latest article). Each is scored by salience:

- corroboration: the independent sources reporting it (``compose.corroboration``) weigh most;
- recency against the brief's ``today`` (a week old counts half), at the precision of its
  date (a day before a month before a year);
- novelty against the previous brief, when there is one: an item not in it gains, a key
  point it already had loses (``briefing/archive.py`` re-selects once it knows).

An item dated far ahead of both the brief's today and its articles ("We will defend our
land on February 16", read as next year's) is not a key point, nor is one too old to be
news, nor a line that does not stand alone (a question, words in the first person, a
sentence leaning on the one before). No two key points report the same event: one told by
two outlets is one point, a sentence chosen as a development is not chosen again as a theme
point, and one story gives two points at most. There are as many points as items reported
by two or more outlets, within 3 to 7.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from briefing.analysis.actors import actor_keys
from briefing.compose.common import overlap_words, stands_alone, words_of
from briefing.compose.themes import main_clause
from briefing.compose.timeline import CONFLICT_DAYS, period, same_event
from briefing.ingest.datelines import dateline
from briefing.records import Brief, BriefDevelopment, KeyPoint, Point, Source

FEWEST, MOST = 3, 7
AHEAD_DAYS = 30  # the furthest ahead of the brief (and of its articles) a key point may be dated
OLDEST_DAYS = 120  # the oldest a key point may be, before the brief's today
HALF_LIFE = 7.0  # days after which recency counts half
WORDS = 30  # a key point is cut to its main clause within this many words
SAME = 0.5  # word overlap from which two candidates tell the same thing
PER_STORY = 2  # key points from the same articles, at most
_PRECISION = {10: 1.0, 7: 0.6, 8: 0.6, 4: 0.3}  # by the length of the date: day, month or week, year


@dataclass
class _Candidate:
    text: str
    date: str
    themes: list[str]
    articles: list[str]
    sources: int
    new: bool
    development: BriefDevelopment | None = None
    score: float = 0.0
    upcoming: bool = False

    @functools.cached_property
    def words(self) -> frozenset[str]:
        return words_of(self.text)

    @functools.cached_property
    def bounds(self) -> tuple[dt.date, dt.date] | None:
        """The development's period, None for a theme point."""
        return period(self.development.date) if self.development is not None else None

    @functools.cached_property
    def actors(self) -> set[str]:
        return actor_keys(self.development.actors) if self.development is not None else set()


def _last_day(value: str) -> dt.date | None:
    bounds = period(value)
    return bounds[1] if bounds else None


def _published(articles: Sequence[str], sources: dict[str, Source]) -> dt.date | None:
    days = [sources[a].published for a in articles if a in sources and sources[a].published]
    return max((d for d in days if d), default=None)


def reference_day(brief: Brief) -> dt.date:
    """The day recency is counted from: the brief's today, or its newest article's day when
    today is later (a brief of last month's articles is about last month)."""
    return min(brief.today, brief.period_end) if brief.period_end else brief.today


def _without_dateline(text: str) -> str:
    """The text without the dateline opening it ("WASHINGTON — ")."""
    m = dateline(text)
    return text[m.end() :] if m else text


def _plausible(
    date: str, articles: Sequence[str], independent: int, today: dt.date, sources: dict[str, Source]
) -> bool:
    """Dated within the brief's news window: not too old, and not ahead of today unless
    reported by two outlets at least and soon (not far ahead of the articles either: a
    rhetorical "on February 16" read as next year's)."""
    bounds = period(date)
    if bounds is None:
        return False
    first, last = bounds
    if (today - last).days > OLDEST_DAYS:
        return False
    days = [d for d in (sources[a].published for a in articles if a in sources) if d is not None]
    if days and min(days) > today:
        return False  # reported after the brief's today
    if first <= today:
        return True
    latest = max(today, max(days, default=today))
    return independent >= 2 and (first - latest).days <= AHEAD_DAYS


def _score(c: _Candidate, today: dt.date, novelty: bool, shown_before: Collection[str]) -> float:
    last = _last_day(c.date) or today
    age = max((today - last).days, 0)
    recency = 0.5 ** (age / HALF_LIFE) * _PRECISION.get(len(c.date), 0.3)
    score = c.sources + 1.5 * recency + (0.2 if c.themes else 0.0)
    if c.development is None:
        score -= 0.5  # a theme point fills in where dated events are few
    if novelty:
        score += 0.5 if c.new else 0.0
        score -= 1.0 if " ".join(c.text.casefold().split()) in shown_before else 0.0
    return score


def _candidates(brief: Brief, today: dt.date) -> list[_Candidate]:
    sources = {s.id: s for s in brief.sources}
    found: list[_Candidate] = []
    # (the date is checked first: it is cheap, and most items of a large corpus are too old)
    for d in brief.developments:
        if not d.date or len(d.date) < 7:
            continue  # a key point is dated to the month at least
        if _plausible(d.date, d.articles, d.independent_sources, today, sources) and stands_alone(d.text):
            found.append(
                _Candidate(
                    d.text, d.date, list(d.themes), list(d.articles), d.independent_sources, d.new, d,
                    upcoming=d.upcoming,
                )
            )  # fmt: skip
    for section in brief.themes:
        for p in section.points[:3]:
            published = _published(p.articles, sources)
            if published is None or published > today:
                continue
            if not _plausible(published.isoformat(), p.articles, p.independent_sources, today, sources):
                continue
            if not stands_alone(p.text):
                continue
            found.append(_point(p, section.id, published))
    return found


def _point(p: Point, theme: str, published: dt.date) -> _Candidate:
    return _Candidate(p.text, published.isoformat(), [theme], list(p.articles), p.independent_sources, p.new)


def _same(a: _Candidate, b: _Candidate) -> bool:
    """The same thing told twice: most of the words, or one event a few days apart (the
    timeline's ``same_event``: the same actors, or an actor and the action)."""
    if overlap_words(a.words, b.words) >= SAME:
        return True
    da, db = a.development, b.development
    if da is None or db is None or not _near(a.bounds, b.bounds):
        return False
    if same_event(da, db):
        return True
    shared = a.actors & b.actors
    return bool(shared) and da.date == db.date and da.articles == db.articles  # one report of one day


def _near(pa: tuple[dt.date, dt.date] | None, pb: tuple[dt.date, dt.date] | None) -> bool:
    return pa is not None and pb is not None and abs((pa[0] - pb[0]).days) <= CONFLICT_DAYS


def select_key_points(brief: Brief, previous: Collection[str] | None = None) -> list[KeyPoint]:
    """The key points of a composed brief. ``previous``: the previous brief's key point
    texts, when there is one (then novelty counts, from the items' ``new`` flags)."""
    novelty = previous is not None
    shown_before = {" ".join(t.casefold().split()) for t in previous or ()}
    today = reference_day(brief)
    candidates = _candidates(brief, today)
    themed = [c for c in candidates if c.themes]
    if len(themed) >= FEWEST:  # key points come from the themes where there are enough
        candidates = themed
    for c in candidates:
        c.score = _score(c, today, novelty, shown_before)
    candidates.sort(key=lambda c: (-c.score, c.date))
    chosen: list[_Candidate] = []
    counted: list[_Candidate] = []  # corroborated items past the first MOST: they count only
    per_story: Counter[tuple[str, ...]] = Counter()
    for c in candidates:
        # Past the first MOST chosen, the key points are those MOST: a later candidate can
        # only add its themes to one of them it repeats, or, reported by two outlets and
        # repeating none counted, raise the number of points shown. So it is compared with
        # those MOST and the corroborated items counted beyond them (fewer than MOST: then
        # the count is settled) alone, and the loop stays linear whatever the corpus.
        corroborated = sum(k.sources >= 2 for k in chosen) + len(counted)
        counts = len(chosen) >= MOST and c.sources >= 2 and corroborated < MOST
        same = next((k for k in (chosen + counted if counts else chosen) if _same(k, c)), None)
        if same is not None:
            if any(same is k for k in chosen):
                same.themes += [t for t in c.themes if t not in same.themes]
            continue
        if corroborated >= MOST or per_story[tuple(c.articles)] >= PER_STORY:
            continue
        if len(chosen) < MOST:
            chosen.append(c)
        elif c.sources >= 2:
            counted.append(c)
        else:
            continue
        per_story[tuple(c.articles)] += 1
    corroborated = sum(k.sources >= 2 for k in chosen) + len(counted)
    chosen = chosen[: min(MOST, max(FEWEST, corroborated))]
    chosen.sort(key=lambda c: c.date, reverse=True)
    return [
        KeyPoint(
            main_clause(_without_dateline(c.text), WORDS),
            c.date,
            c.themes,
            c.articles,
            c.sources,
            new=novelty and c.new,
            upcoming=c.upcoming,
            score=round(c.score, 3),
        )
        for c in chosen
    ]
