"""Dated developments across articles: merged per event, in date order, and the summary.

Two developments are the same event when they have the same date and either share two
actors, or one actor and the action (the main verb's lemma), or most of their words. A
development joins a merged item when it is the same event as one of the reports the item
already holds, each compared as it was reported: not against the item's actors pooled
from all its reports, which would let an item that has gathered many names take in every
other event of its day that names two of them. The same event reported with a different
date (a few days apart, by another article) is not merged: each keeps its date and lists
the other under ``conflicts``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from briefing.analysis.actors import actor_keys
from briefing.compose.common import IdList, distinct, overlap_words, stands_alone, words_of
from briefing.records import ArticleAnalysis, BriefDevelopment, DateConflict, Development

_RULES = tomllib.loads(resources.files("briefing.data").joinpath("timeline.toml").read_text("utf-8"))
_LIGHT_VERBS = frozenset(_RULES["light_verbs"])

# A merged item shows its first report's words, unless a later report is this much longer (a
# full sentence where the first gave a fragment) or tells as done what the first told as
# planned: an item's words do not change each time another outlet retells it a little longer.
FULLER = 1.5
# Dates further apart than this are two events, not one event reported with two dates.
CONFLICT_DAYS = 3
# Within one article, two clauses sharing two actors (but not the action) are one event
# retold only when this share of the shorter one's content words is in the other.
ONE_ARTICLE_OVERLAP = 0.35


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 calendar value (day, ISO week, month, quarter, year)."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = dt.date.fromisoformat(value)
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            nxt = dt.date(y + mo // 12, mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            first = dt.date(y, 3 * q - 2, 1)
            last = dt.date(y, 12, 31) if q == 4 else dt.date(y, 3 * q + 1, 1) - dt.timedelta(days=1)
            return first, last
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def is_upcoming(value: str | None, today: dt.date, scheduled: bool = False) -> bool:
    """After the brief's date: the whole period lies ahead, or a scheduled event's period is not over."""
    bounds = period(value)
    if bounds is None:
        return False
    first, last = bounds
    return first > today or (scheduled and last >= today and first != last)


def same_event(a: BriefDevelopment, b: BriefDevelopment | Development) -> bool:
    """Same actors and action (or nearly the same words), whatever the dates."""
    return _same_event(_Keys.of(a), _Keys.of(b))


class _Keys:
    """What comparing developments reads of one: its actor keys, action and words."""

    __slots__ = ("action", "actors", "words")

    def __init__(self, actors: set[str], action: str | None, words: frozenset[str]) -> None:
        self.actors, self.action, self.words = actors, action, words

    @classmethod
    def of(cls, d: BriefDevelopment | Development) -> _Keys:
        return cls(actor_keys(d.actors), d.action, content_words(d.text, d.date_text))


def content_words(text: str, date_text: str = "") -> frozenset[str]:
    """The text's words that say something: not function words ("they", "their", "in", "as"),
    which two short clauses of one day share whatever they report, nor the words of its date
    ("last Friday"), which two reports of one day share by being compared at all."""
    return words_of(text) - STOP_WORDS - words_of(date_text)


def _same_event(a: _Keys, b: _Keys, one_article: bool = False) -> bool:
    """Two reports of one event: the same (not light) action by a shared actor, two shared
    actors, or nearly the same words. Within one article (``one_article``) two clauses with
    few words in common are two things told, whoever they name and whatever they did ("Biden
    announced sanctions on Putin on Thursday", "Putin is a thug, emboldened by Biden, a
    senator tweeted Thursday"), not one event retold."""
    overlap = overlap_words(a.words, b.words)
    if one_article and overlap < ONE_ARTICLE_OVERLAP:
        return False
    shared = a.actors & b.actors
    if shared and a.action is not None and a.action == b.action and a.action not in _LIGHT_VERBS:
        return True
    return len(shared) >= 2 or overlap >= 0.6


def _close(a: str | None, b: str | None) -> bool:
    pa, pb = period(a), period(b)
    if pa is None or pb is None or pa[0] != pa[1] or pb[0] != pb[1]:
        return False  # only day dates can conflict
    return 0 < abs((pa[0] - pb[0]).days) <= CONFLICT_DAYS


def _themes(analysis: ArticleAnalysis, d: Development) -> list[str]:
    """Themes of the passages the development overlaps, strongest first."""
    scores: dict[str, float] = {}
    for p in analysis.placements:
        if p.start < d.end and d.start < p.end:
            scores[p.theme] = max(scores.get(p.theme, 0.0), p.score)
    return sorted(scores, key=lambda t: -scores[t])


def _neighbours(value: str | None) -> list[str]:
    """The day dates that ``_close`` could find close to ``value`` (none unless a day date)."""
    bounds = period(value)
    if bounds is None or bounds[0] != bounds[1]:
        return []
    day = bounds[0]
    out = []
    for delta in range(-CONFLICT_DAYS, CONFLICT_DAYS + 1):
        if delta:
            try:
                out.append((day + dt.timedelta(days=delta)).isoformat())
            except OverflowError:
                continue
    return out


class DevelopmentMerger:
    """Developments merged one article at a time (in article order), per event; what is
    upcoming is decided at the end (``developments(today)``), so a saved merge
    (``state``/``from_state``) serves later days too."""

    def __init__(self) -> None:
        self.merged: list[BriefDevelopment] = []
        self.cited: list[IdList] = []  # per merged item: its articles, merged
        self.scheduled: list[bool] = []  # per merged item: reported as scheduled by any article
        self.planned: list[bool] = []  # per merged item: the words it shows tell it as scheduled
        # per merged item: the keys of each report it holds, with the article it came from
        self.members: list[list[tuple[str, _Keys]]] = []
        # Items of a resumed merge whose reports have not been compared yet: their saved
        # rows, read into ``members`` only when a new report of their date (or a few days
        # off) is compared with them, and saved again as they were if never read. A night's
        # few articles touch a few dates; the saved merge holds every report of every item.
        self.unread: dict[int, list[list[Any]]] = {}
        # Merged items by date: an event merges only with its own date and conflicts only
        # with dates a few days away, so those are the only ones compared.
        self.by_date: dict[str | None, list[int]] = {}

    def add(self, analysis: ArticleAnalysis, ids: list[str]) -> None:
        merged, by_date = self.merged, self.by_date
        for d in analysis.developments:
            keys = _Keys.of(d)
            found = next(
                (
                    i
                    for i in by_date.get(d.date, ())
                    if d.date is not None
                    and merged[i].date == d.date
                    and any(
                        _same_event(k, keys, article == analysis.article.id) for article, k in self.reports(i)
                    )
                ),
                None,
            )
            themes = _themes(analysis, d)
            if found is not None:
                same = merged[found]
                self.cited[found].add(ids)
                added = [a for a in d.actors if a not in same.actors]
                same.actors += added
                same.themes += [t for t in themes if t not in same.themes]
                self.scheduled[found] = self.scheduled[found] or d.scheduled
                self.reports(found).append((analysis.article.id, keys))
                # a report that it happened replaces the words that told it as a plan
                if len(d.text) > FULLER * len(same.text) or (self.planned[found] and not d.scheduled):
                    same.text = d.text
                    self.planned[found] = d.scheduled
                continue
            new = BriefDevelopment(
                d.date, d.date_text, d.text, list(ids), actors=list(d.actors), action=d.action, themes=themes
            )
            # The same event given another date by another article: shown, not merged.
            near = sorted(i for day in _neighbours(d.date) for i in by_date.get(day, ()))
            for i in near:
                m = merged[i]
                if (
                    self.first_article(i) != analysis.article.id  # first seen in another article
                    and _close(m.date, d.date)
                    and any(_conflicting(k, keys) for _, k in self.reports(i))
                ):
                    m.conflicts.append(DateConflict(d.date, d.date_text, list(ids)))
                    new.conflicts.append(DateConflict(m.date, m.date_text, self.cited[i].ids()))
            by_date.setdefault(d.date, []).append(len(merged))
            self.cited.append(IdList(ids))
            self.scheduled.append(d.scheduled)
            self.planned.append(d.scheduled)
            self.members.append([(analysis.article.id, keys)])
            merged.append(new)

    def reports(self, i: int) -> list[tuple[str, _Keys]]:
        """The keys of each report merged item ``i`` holds, with its article (read from
        the saved merge the first time they are needed)."""
        rows = self.unread.pop(i, None)
        if rows is not None:
            self.members[i] = [
                (article, _Keys(set(keys), verb, frozenset(map(sys.intern, words))))
                for article, keys, verb, words in rows
            ]
        return self.members[i]

    def first_article(self, i: int) -> str:
        """The article merged item ``i`` was first seen in."""
        rows = self.unread.get(i)
        return str(rows[0][0]) if rows is not None else self.members[i][0][0]

    def _saved_reports(self, i: int) -> list[list[Any]]:
        rows = self.unread.get(i)
        if rows is not None:
            return rows  # as saved: (article, sorted actor keys, action, sorted words)
        return [[article, sorted(k.actors), k.action, sorted(k.words)] for article, k in self.members[i]]

    def developments(self, today: dt.date) -> list[BriefDevelopment]:
        """New records: chronological, undated last (ties keep the order of the articles)."""
        out = [
            BriefDevelopment(
                m.date,
                m.date_text,
                m.text,
                ids.ids(),
                # An item merges only reports of its own date, so it is upcoming if any is.
                is_upcoming(m.date, today, scheduled),
                actors=list(m.actors),
                action=m.action,
                themes=list(m.themes),
                conflicts=[DateConflict(c.date, c.date_text, list(c.articles)) for c in m.conflicts],
            )
            for m, ids, scheduled in zip(self.merged, self.cited, self.scheduled, strict=True)
        ]
        out.sort(key=lambda d: (d.date is None, d.date or ""))
        return out

    def told_after(self, published: dict[str, dt.date | None]) -> set[tuple[str | None, str]]:
        """The (date, text) of items dated no finer than a month, not told as scheduled, and
        dated wholly after every article reporting them was published ("the uprising in June"
        in a story of May, read as the June to come): misdated, not a development to show. (A
        day after the article is the next day its words name: "goes to Moscow on Tuesday".)"""
        out: set[tuple[str | None, str]] = set()
        for m, ids, scheduled in zip(self.merged, self.cited, self.scheduled, strict=True):
            bounds = period(m.date) if len(m.date or "") < 10 else None
            days = [day for a in ids.ids() if (day := published.get(a)) is not None]
            if not scheduled and bounds is not None and days and bounds[0] > max(days):
                out.add((m.date, m.text))
        return out

    def state(self) -> dict[str, Any]:
        return {
            "developments": [
                [
                    m.date,
                    m.date_text,
                    m.text,
                    ids.ids(),
                    m.actors,
                    m.action,
                    m.themes,
                    [[c.date, c.date_text, c.articles] for c in m.conflicts],
                    scheduled,
                    self._saved_reports(i),
                    planned,
                ]
                for i, (m, ids, scheduled, planned) in enumerate(
                    zip(self.merged, self.cited, self.scheduled, self.planned, strict=True)
                )
            ]
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> DevelopmentMerger:
        merger = cls()
        for (
            date,
            date_text,
            text,
            ids,
            actors,
            action,
            themes,
            conflicts,
            scheduled,
            members,
            planned,
        ) in data["developments"]:
            item = BriefDevelopment(
                date,
                date_text,
                text,
                list(ids),
                actors=list(actors),
                action=action,
                themes=list(themes),
                conflicts=[DateConflict(c[0], c[1], list(c[2])) for c in conflicts],
            )
            merger.by_date.setdefault(date, []).append(len(merger.merged))
            merger.merged.append(item)
            merger.cited.append(IdList.ordered(ids))
            merger.scheduled.append(bool(scheduled))
            merger.planned.append(bool(planned))
            merger.unread[len(merger.members)] = members
            merger.members.append([])
        return merger


def merge_developments(
    analyses: Sequence[ArticleAnalysis], clusters: dict[str, list[str]], today: dt.date
) -> list[BriefDevelopment]:
    merger = DevelopmentMerger()
    for analysis in analyses:
        merger.add(analysis, clusters.get(analysis.article.id, [analysis.article.id]))
    return merger.developments(today)


def _conflicting(a: _Keys, b: _Keys) -> bool:
    """Stricter than ``same_event``: the same action by the same two actors."""
    shared = a.actors & b.actors
    return len(shared) >= 2 and a.action is not None and a.action == b.action


def summary(developments: Sequence[BriefDevelopment], limit: int) -> list[BriefDevelopment]:
    """The most important dated developments that have happened, in date order (what is
    upcoming is the Outlook's, see ``outlook``).

    Importance: reported by more sources, then dated to the day rather than the
    month or year, then more recent. A sentence already chosen under another of
    its dates is not repeated.
    """
    dated = [d for d in developments if d.date and len(d.date) >= 7 and not d.upcoming]
    ranked = sorted(
        dated, key=lambda d: (len(d.articles), len(d.date or "") == 10, d.date or ""), reverse=True
    )
    return sorted(distinct(ranked, limit), key=lambda d: d.date or "")


def shown_timeline(
    developments: Sequence[BriefDevelopment], limit: int, since: dt.date | None = None
) -> list[BriefDevelopment]:
    """The developments the rendered timeline shows: all if at most ``limit`` (0 = no limit),
    else the ``limit`` most widely sourced (then dated to the day, then later), in the
    timeline's order, so the rendered brief's length does not grow with the corpus.

    Background (what ended before ``since``, the brief's first day: "annexed Crimea in
    2014") comes after the developments of the period, however widely reported: a speech
    carried by two outlets would otherwise fill the timeline with its history.

    A line that does not say what happened by itself (``common.stands_alone``: a speaker's
    "We will defend our land on February 16", a question, a piece cut from a sentence) and,
    in a brief with a period, a date in it no finer than a year ("2022": when?) come after
    those that do.

    A line of an article that says what a line shown from the same article says (one
    sentence under two of its dates: "on Monday is to visit Kyiv, the next day ...") is not
    shown again."""
    if limit <= 0 or len(developments) <= limit:
        return list(developments)
    ranked = sorted(
        range(len(developments)),
        key=lambda i: (
            _background(developments[i].date, since),
            not stands_alone(developments[i].text),
            since is not None and len(developments[i].date or "") == 4,
            -len(developments[i].articles),
            developments[i].date is None,
            not (developments[i].date and len(developments[i].date or "") == 10),
            i,
        ),
    )
    picked = {id(d) for d in distinct((developments[i] for i in ranked), limit, related=_same_source)}
    return [d for d in developments if id(d) in picked]


def _same_source(a: BriefDevelopment, b: BriefDevelopment) -> bool:
    return bool(set(a.articles) & set(b.articles))


def _background(value: str | None, since: dt.date | None) -> bool:
    """Whether a development dated ``value`` ended before ``since``."""
    if since is None:
        return False
    bounds = period(value)
    return bounds is not None and bounds[1] < since
