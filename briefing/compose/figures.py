"""Key figures across articles: merged per count, grouped by what they count, in date order.

Two mentions are one figure when they count the same thing (the same unit and event, and
the same side, or one of them names none), their values are within 1% and they held at the
same date: the date an article gives, else the day it was published (an undated figure held
when it was reported, so the same "more than 100,000 troops" reported a week apart is two
steps of a series, not one figure). The merged figure cites every article.

Groups: the figures counting the same thing by meaning (``unit|side|event``), each a series
in date order, one step per date; where articles give different amounts for the same date,
the step lists them as a disagreement. The box shows the groups most widely reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from briefing.analysis.numbers import lexicon
from briefing.compose.common import IdList, id_key
from briefing.compose.timeline import period
from briefing.records import ArticleAnalysis, BriefFigure, FigureGroup, FigureStep

SAME_VALUE = 0.01  # values this close (relative) are the same figure


def parts(key: str) -> tuple[str, str, str]:
    """``unit|side|event`` -> (unit, side, event)."""
    unit, _, rest = key.partition("|")
    side, _, event = rest.partition("|")
    return unit, side, event


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b))


def when(figure: BriefFigure) -> str | None:
    """When a figure held: its date, else the day it was reported."""
    return figure.date or figure.reported


class FigureMerger:
    """Figures merged one article at a time (in article order); ``state``/``from_state``
    save and resume the merging."""

    def __init__(self) -> None:
        self.merged: list[BriefFigure] = []
        self.cited: list[IdList] = []
        # Merged figures by (unit, event, when): a figure merges only with those.
        self.slots: dict[tuple[str, str, str | None], list[int]] = {}

    def add(self, analysis: ArticleAnalysis, ids: list[str], published: dt.date | None) -> None:
        reported = published.isoformat() if published else None
        for f in analysis.figures:
            unit, side, event = parts(f.key)
            held = f.date or reported
            slot = (unit, event, held)
            found = None
            if held is not None:
                for i in self.slots.get(slot, ()):
                    other = parts(self.merged[i].key)[1]
                    if (not side or not other or side == other) and same_value(self.merged[i].value, f.value):
                        found = i
                        break
            if found is not None:
                same = self.merged[found]
                self.cited[found].add(ids)
                same.places = sorted({*same.places, *f.places})
                if side and not parts(same.key)[1]:
                    same.key, same.counts = f.key, f.counts  # the reading that names whose it is
                continue
            self.slots.setdefault(slot, []).append(len(self.merged))
            self.merged.append(
                BriefFigure(
                    f.value,
                    f.unit,
                    f.counts,
                    f.text,
                    f.amount,
                    f.key,
                    f.date,
                    list(ids),
                    reported,
                    f.low,
                    f.category,
                    list(f.places),
                )
            )
            self.cited.append(IdList(ids))

    def figures(self) -> list[BriefFigure]:
        """The merged figures (new records, in the order first seen) citing all their articles."""
        return [
            dataclasses.replace(f, articles=ids.ids(), places=list(f.places))
            for f, ids in zip(self.merged, self.cited, strict=True)
        ]

    def state(self) -> dict[str, Any]:
        return {
            # The record's fields as they stand (its own, in field order: what ``asdict``
            # gives for these flat records, without deep-copying each one).
            "figures": [
                {**vars(f), "articles": ids.ids()} for f, ids in zip(self.merged, self.cited, strict=True)
            ]
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> FigureMerger:
        merger = cls()
        for row in data["figures"]:
            figure = BriefFigure(**row)
            unit, _, event = parts(figure.key)
            merger.slots.setdefault((unit, event, when(figure)), []).append(len(merger.merged))
            merger.merged.append(figure)
            merger.cited.append(IdList.ordered(figure.articles))
        return merger


def _label(figures: Sequence[BriefFigure]) -> str:
    """What a group counts, in the articles' words: the commonest reading naming its side."""
    unit, side, event = parts(figures[0].key)
    readings = Counter(f.counts.lower() for f in figures if f.counts)
    if not readings:  # a share or a distance: of what it measures
        what = " ".join(w for w in (side, event) if w)
        measure = "%" if unit == "percent" else unit
        return f"{what[:1].upper()}{what[1:]} ({measure})" if what else measure
    naming = [r for r in readings if side and _names_side(r, side)]
    chosen = min(naming or readings, key=lambda r: (-readings[r], len(r)))
    label = next(f.counts for f in figures if f.counts.lower() == chosen)  # as written
    if side and not _names_side(chosen, side):
        label = f"{label} ({side})"
    elif not side and (where := _where(figures)):
        label = f"{label} {where}"
    label = label[:1].upper() + label[1:]
    if unit.isupper():  # a currency: "Security assistance (USD)", as a share reads "... (%)"
        return f"{label} ({unit})"
    if unit == "percent":  # a share of what is counted: "Ukrainians (%)", not a count of them
        return f"{label} (%)"
    return label


_PLACE = re.compile(r"\b([a-z]+) ((?:[A-Z][\w\u2019'.-]*)(?: [A-Z][\w\u2019'.-]*)*)")


def _where(figures: Sequence[BriefFigure]) -> str | None:
    """The place every count of a group names after "in" or "to" (figures.toml's [key]
    where), as its sentence writes it ("in Ukraine", "to Poland"); None when one names none
    or they name different places."""
    found: set[str] = set()
    for f in figures:
        named = [
            f"{m[1]} {m[2]}"
            for m in _PLACE.finditer(f.text)
            if m[1] in lexicon().key_where and m[2].lower() in f.places
        ]
        if not named:
            return None
        found.add(named[0])
    return found.pop() if len(found) == 1 else None


def _names_side(words: str, side: str) -> bool:
    """Whether the words name the side ("Russian soldiers": Russia; "U.S. troops")."""
    sides = lexicon().sides
    return any(sides.get(w) == side for w in words.lower().split()) or side.lower() in words.lower()


def _steps(figures: list[BriefFigure]) -> list[FigureStep]:
    """One step per date, oldest first: the most widely reported amount of that date, with
    the amounts other sources give for it (sources disagree); an article giving two amounts
    for one date (then and now) gives two steps."""
    by_date: dict[str | None, list[BriefFigure]] = {}
    for f in figures:
        by_date.setdefault(when(f), []).append(f)
    steps: list[FigureStep] = []
    for date in sorted(by_date, key=_date_order):
        pending = sorted(by_date[date], key=lambda f: (-len(f.articles), f.value))
        while pending:
            first, cited = pending[0], set(pending[0].articles)
            others = [f for f in pending[1:] if not cited & set(f.articles)]
            last = steps[-1] if steps else None
            if (
                last is not None
                and not others
                and not last.others
                and same_value(last.figure.value, first.value)
            ):
                # The same amount again: one step citing every article that reports it.
                ids = sorted({*last.figure.articles, *first.articles}, key=id_key)
                last.figure = dataclasses.replace(last.figure, articles=ids)
            else:
                steps.append(FigureStep(first, date, others))
            told = {id(f) for f in others}  # (an equal record cites the same articles: in others too)
            pending = [f for f in pending[1:] if id(f) not in told]
    return steps


def _date_order(value: str | None) -> tuple[bool, dt.date, str]:
    """Dates in calendar order, whatever their precision (a week, a month, a day)."""
    bounds = period(value)
    return (bounds is None, bounds[0] if bounds else dt.date.min, value or "")


def about(figure: BriefFigure, situation: set[str]) -> bool:
    """A figure about the situation: forces, equipment and money counted in its articles
    are; people, places and events counted are when the figure names whose they are or its
    sentence names a place or people the situation's articles name (the dead of another
    event, told in passing, are not)."""
    if figure.category not in _ELSEWHERE or parts(figure.key)[1] or not situation:
        return True
    return bool(situation.intersection(figure.places))


_ELSEWHERE = ("people", "roles", "places", "events", "distance")  # counts that may be of other events


def _vague(key: str, category: str) -> bool:
    """A count that does not say what figures.toml's [key] asks of its category: people or
    equipment counted without whose they are or what happened to them ("2.8 million
    people", "5,000 helmets"), money, a share, distance or tonnage without what it measures:
    not a series worth following."""
    _, side, event = parts(key)
    lex = lexicon()
    if category in lex.key_whose_or_what:
        return not side and not event
    return category in lex.key_whose and not side


def _only_a_people(figure: BriefFigure) -> bool:
    """A count (or share) of a people and nothing else ("11.6 million Ukrainians", "93 percent
    of Ukrainians"), with nothing said of what happened to them: the nationality on the noun
    is whose they are, but not what is counted."""
    words = figure.counts.lower().split()
    sides = lexicon().sides
    _, side, event = parts(figure.key)
    return not event and bool(words) and all(w in sides or w == side.lower() for w in words)


def figure_groups(
    figures: Sequence[BriefFigure],
    limit: int,
    steps: int,
    situation: set[str] | None = None,
    since: dt.date | None = None,
) -> list[FigureGroup]:
    """The figures about the situation (see ``about``) that held in the brief's period
    (from ``since``), grouped by what they count, the most widely reported groups first (at
    most ``limit``; 0 = all), each with at most ``steps`` dates (the first, the last and the
    most widely reported between: how the estimate moved). A group's series keeps the
    counts of one size (see ``_one_size``)."""
    grouped: dict[str, list[BriefFigure]] = {}
    first = since.isoformat() if since else ""
    for f in figures:
        held = when(f) or ""
        if held[: len(first)] < first[: len(held)]:
            continue  # held before the brief's period: background, not the situation's figures
        if about(f, situation or set()) and not _vague(f.key, f.category) and not _only_a_people(f):
            grouped.setdefault(f.key, []).append(f)
    _join_unsided(grouped)
    groups = []
    for key, all_members in grouped.items():
        members = _one_size(all_members)
        if _separate_events(key, members):
            continue
        series = _one_run(_steps(members))
        if _a_list(series):
            continue
        articles = _step_articles(series)
        if steps and len(series) > steps:
            inner = sorted(series[1:-1], key=lambda s: -len(s.figure.articles))[: max(steps - 2, 0)]
            series = [series[0], *sorted(inner, key=lambda s: (s.when is None, s.when or "")), series[-1]]
        groups.append(FigureGroup(key, _label(members), members[0].unit, series, articles))
    groups = _each_amount_once(groups)
    groups.sort(key=lambda g: (-len(g.articles), -len(g.steps), _latest(g)))
    return groups[:limit] if limit else groups


LISTED = 3  # amounts of one thing an article gives for one date that make a list, not an estimate


def _a_list(series: Sequence[FigureStep]) -> bool:
    """An article giving ``LISTED`` amounts or more of what a group counts for one date
    counts several things ("64%; 76%; 78%; 88%" of the harvest, crop by crop; "26 km; 57
    km" to several towns), not one estimate: such a group is no series."""
    amounts: dict[tuple[str | None, str], set[float]] = {}
    for s in series:
        for f in (s.figure, *s.others):
            for a in f.articles:
                amounts.setdefault((s.when, a), set()).add(f.value)
    return any(len(values) >= LISTED for values in amounts.values())


RUN_GAP_DAYS = 60  # counts further apart than this, with none between, are not one estimate moving


def _step_articles(series: Sequence[FigureStep]) -> list[str]:
    return sorted({a for s in series for f in (s.figure, *s.others) for a in f.articles}, key=id_key)


def _one_run(series: list[FigureStep]) -> list[FigureStep]:
    """The steps of one run, where a series falls apart in time: counts reported more than
    ``RUN_GAP_DAYS`` apart with nothing between are counts of different moments ("8,000
    British troops" in exercises one spring, "about 8,000" two years on), not one estimate
    moving. The run most widely reported is kept (then the latest); the others stay in
    brief.json."""
    runs: list[list[FigureStep]] = []
    last: dt.date | None = None
    for step in series:
        bounds = period(step.when)
        if runs and (last is None or bounds is None or (bounds[0] - last).days <= RUN_GAP_DAYS):
            runs[-1].append(step)
        else:
            runs.append([step])
        if bounds is not None:
            last = max(last, bounds[1]) if last else bounds[1]
    return max(reversed(runs), key=lambda run: len(_step_articles(run)))


AMOUNT_DAYS = 7  # the same amount held this close is one sum, whichever words count it


def _each_amount_once(groups: list[FigureGroup]) -> list[FigureGroup]:
    """Each sum of money under one label: the same sum (``_same_sum``) that several groups
    hold ("$61bn" as an aid package, as an aid bill and as military aid) stays in the one
    whose step cites most articles (then the group most widely reported), citing them all,
    and is no other group's disagreeing amount either; a group left without steps goes."""
    money = [g for g in groups if g.unit.isupper()]  # (only sums of money are compared)
    steps = [(g, s) for g in money for s in g.steps if not s.others]
    order = {id(g): k for k, g in enumerate(sorted(money, key=lambda g: -len(g.articles)))}
    steps.sort(key=lambda gs: (-len(gs[1].figure.articles), order[id(gs[0])]))
    dropped: set[int] = set()
    for k, (group, step) in enumerate(steps):
        if id(step) in dropped:
            continue
        for other_group, other in steps[k + 1 :]:
            if other_group is group or id(other) in dropped or not _same_sum(step.figure, other.figure):
                continue
            dropped.add(id(other))
            ids = sorted({*step.figure.articles, *other.figure.articles}, key=id_key)
            step.figure = dataclasses.replace(step.figure, articles=ids)
    moved: dict[int, list[BriefFigure]] = {}  # a group's disagreeing amounts moved to another
    for group, step in steps:  # nor as another group's disagreeing amount
        if id(step) in dropped:
            continue
        for other_group in money:
            for other in other_group.steps if other_group is not group else ():
                same = [o for o in other.others if _same_sum(step.figure, o)]
                if same:
                    other.others = [o for o in other.others if all(o is not x for x in same)]
                    moved.setdefault(id(other_group), []).extend(same)
                    merged = {*step.figure.articles, *(a for o in same for a in o.articles)}
                    step.figure = dataclasses.replace(step.figure, articles=sorted(merged, key=id_key))
    kept = []
    for g in groups:
        gone = [s for s in g.steps if id(s) in dropped]
        lost = {a for f in moved.get(id(g), []) for a in f.articles} | set(_step_articles(gone))
        if lost:
            g.steps = [s for s in g.steps if id(s) not in dropped]
            left = set(_step_articles(g.steps))
            g.articles = [a for a in g.articles if a in left or a not in lost]
        if g.steps:
            g.articles = sorted({*g.articles, *_step_articles(g.steps)}, key=id_key)  # and those merged in
            kept.append(g)
    return kept


def _same_sum(a: BriefFigure, b: BriefFigure) -> bool:
    """The same sum of money: the same currency and amount, held within ``AMOUNT_DAYS``
    (counts of other things coincide too often: "two" banks, "30 miles")."""
    if a.unit != b.unit or not a.unit.isupper() or not same_value(a.value, b.value):
        return False
    pa, pb = period(when(a)), period(when(b))
    if pa is None or pb is None:
        return pa is pb
    return (max(pa[0], pb[0]) - min(pa[1], pb[1])).days <= AMOUNT_DAYS


def _separate_events(key: str, figures: list[BriefFigure]) -> bool:
    """Counts of what happened to people that name no side and that articles give apart with
    other amounts ("5 people wounded" in one strike, "18" in another): the tolls of separate
    events, not one count moving, and nothing says whose they are."""
    _, side, event = parts(key)
    if side or not event:
        return False
    return any(
        not same_value(f.value, g.value) and not set(f.articles) & set(g.articles)
        for i, f in enumerate(figures)
        for g in figures[i + 1 :]
    )


MAGNITUDE = 2.0  # an unsided count joins a side's series within this factor of its median
SIZES = 5.0  # counts further apart than this factor are not one estimate moving


def _one_size(figures: list[BriefFigure]) -> list[BriefFigure]:
    """The counts of one size among a group's: where they fall apart by more than a factor
    of ``SIZES`` ("two soldiers killed" and "30,000 soldiers"), the size most articles
    report (then the larger); the others stay in brief.json."""
    ordered = sorted(figures, key=lambda f: f.value)
    runs: list[list[BriefFigure]] = []
    for f in ordered:  # runs whose largest is at most SIZES times their smallest
        if runs and runs[-1][0].value > 0 and f.value / runs[-1][0].value <= SIZES:
            runs[-1].append(f)
        else:
            runs.append([f])
    best = max(runs, key=lambda run: (len({a for f in run for a in f.articles}), run[-1].value))
    # ``f in best`` by identity: a list's ``in`` compares whole records, one by one, which
    # made a group of thousands of figures quadratic. An equal record that is not one of
    # best's has the same value, so is in best's run, unless that value is not positive
    # (each such count is a run of its own): those few are still compared as records.
    chosen = {id(f) for f in best}
    unsized = [f for f in best if not f.value > 0]
    return [f for f in figures if id(f) in chosen or (unsized and f in unsized)]


def _join_unsided(grouped: dict[str, list[BriefFigure]]) -> None:
    """Counts that do not say whose they are ("more than 100,000 troops") join the one
    side's series of the same thing whose counts are of their size: in a brief about one
    crisis, 120,000 troops are the same troops as the 130,000 Russian troops, while 3,000
    troops sent to Poland are not."""
    sided: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for key, members in grouped.items():
        unit, side, event = parts(key)
        if side:
            values = sorted(f.value for f in members)
            sided.setdefault((unit, event), []).append((key, values[len(values) // 2]))
    for key in [k for k in grouped if not parts(k)[1]]:
        unit, _, event = parts(key)
        keep = []
        for f in grouped[key]:
            near = [k for k, median in sided.get((unit, event), ()) if _within(f.value, median)]
            if len(near) == 1:
                grouped[near[0]].append(f)
            else:
                keep.append(f)
        if keep:
            grouped[key] = keep
        else:
            del grouped[key]


def _within(value: float, median: float) -> bool:
    return median > 0 and 1 / MAGNITUDE <= value / median <= MAGNITUDE


def _latest(group: FigureGroup) -> int:
    """For sorting: later groups first (the complement of the latest date)."""
    latest = max((_date_order(s.when)[1] for s in group.steps), default=dt.date.min)
    return -latest.toordinal()
