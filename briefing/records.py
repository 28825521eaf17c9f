"""Typed records passed between the pipeline stages.

ingest -> ``Article`` (+ ``Skipped``); analysis -> ``ArticleAnalysis`` holding
``Quote``, ``Timex``, ``Development``, ``ThemePlacement`` and ``Figure``; compose -> ``Brief``.

Offsets: every analysis record carries ``start``/``end`` into the article's
*clean text* (``Article.text``); ``Article.to_raw`` maps them back to the
decoded source file, which is what ``briefing extract`` reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ParagraphKind = Literal["heading", "body"]
QuoteKind = Literal["direct", "partial", "scare"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True)
class Paragraph:
    """A kept block of the article; ``raw_start`` is its offset in the decoded file
    (``None`` when the text was reconstructed, e.g. from HTML markup)."""

    text: str
    raw_start: int | None
    kind: ParagraphKind = "body"


@dataclass
class Article:
    id: str
    path: str
    raw_text: str
    paragraphs: list[Paragraph]
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    format: str = "txt"
    removed: list[str] = field(default_factory=list)  # boilerplate lines taken out
    duplicate_of: str | None = None  # id of the article whose text stands for this one

    PARAGRAPH_SEP = "\n\n"

    @property
    def text(self) -> str:
        """The clean text the analysis runs on: kept paragraphs, blank-line separated."""
        return self.PARAGRAPH_SEP.join(p.text for p in self.paragraphs)

    @property
    def lead(self) -> str:
        """The first body paragraph with words in it (its dateline, its opening words); ""
        if none."""
        return next((p.text for p in self.paragraphs if p.kind == "body" and p.text.strip()), "")

    def paragraph_spans(self) -> list[tuple[int, int, Paragraph]]:
        """(start, end) of each paragraph in ``text``."""
        spans = []
        pos = 0
        for p in self.paragraphs:
            spans.append((pos, pos + len(p.text), p))
            pos += len(p.text) + len(self.PARAGRAPH_SEP)
        return spans

    def to_raw(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span of ``text`` to the decoded source file, or ``None`` if it
        straddles paragraphs or its paragraph has no known raw position."""
        for p_start, p_end, para in self.paragraph_spans():
            if p_start <= start and end <= p_end:
                if para.raw_start is None:
                    return None
                return para.raw_start + start - p_start, para.raw_start + end - p_start
        return None


@dataclass(frozen=True)
class Skipped:
    """An input that did not become an article, and why (shown in the brief)."""

    path: str
    reason: str


@dataclass
class Quote:
    text: str  # the quoted words, without the quotation marks
    start: int  # offsets of ``text`` in Article.text
    end: int
    speaker: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    kind: QuoteKind = "direct"
    sentence: str = ""  # the sentence the quote stands in
    date: str | None = None  # when it was said, if the article says (TIMEX3 value, e.g. "2022-02-03")


@dataclass
class Timex:
    text: str
    start: int  # offsets in Article.text
    end: int
    type: TimexType
    value: str  # TIMEX3 value; "XXXX-XX-XX"-style when unresolvable
    resolved: bool = True  # False when the value could not be anchored


@dataclass
class Development:
    date: str | None  # ISO at the precision the text supports, or None
    date_text: str
    text: str
    start: int
    end: int
    upcoming: bool = False
    actors: list[str] = field(default_factory=list)  # named participants (entities, subject)
    action: str | None = None  # lemma of the clause's main verb (or event noun)
    scheduled: bool = False  # reported as ahead of the article's date (future tense, "set for")


@dataclass
class ThemePlacement:
    theme: str  # the passage's best theme: the one section that shows it
    text: str
    start: int
    end: int
    score: float
    also: list[str] = field(default_factory=list)  # other themes it fits, which point to it
    refers_to: str | None = None  # whom its opening "he"/"she" names, when shown on its own


@dataclass
class Figure:
    """A number the article states about the situation (see briefing/analysis/figures.py)."""

    value: float  # at full scale: 1.5e9 for "$1.5 billion"; the upper end of a range
    unit: str  # "troops", "people", "percent", "km", or a currency code ("USD")
    counts: str  # what is counted, from the parse ("Russian soldiers", "people killed")
    text: str  # the words around the number, as the article writes them
    start: int  # offsets of ``text`` in Article.text
    end: int
    amount: str  # the number as written, with its qualifier ("more than 130,000", "$1.5 billion")
    key: str  # what is counted by meaning, "unit|side|event" ("troops|Russia|"): merging, grouping
    date: str | None = None  # when the figure held (ISO, at the text's precision), if the article says
    low: float | None = None  # the lower end of a range ("100,000 to 130,000")
    category: str = ""  # the lexicon's kind: military, equipment, people, money, percent, distance...
    places: list[str] = field(default_factory=list)  # places and peoples named around it (lower case)


@dataclass
class AfterStamp:
    """Events the text reports as having happened after the article's stamped date (a live
    page updated since, or a wrong stamp): see briefing/analysis/stamp.py."""

    date: str  # the latest such date, ISO at the text's precision
    text: str  # that date as the article writes it ("March 14, 2022")
    count: int = 1  # how many explicit dates in the text lie after the stamp


@dataclass
class ArticleAnalysis:
    article: Article
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    placements: list[ThemePlacement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)  # PERSON/ORG/GPE name -> count
    after_stamp: AfterStamp | None = None  # events reported after the stamped date, if any


# ---- the composed brief (also the template context, see briefing/compose.py) ----


@dataclass
class Source:
    number: int  # 1-based, as cited in the rendered brief
    id: str
    path: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    duplicate_of: str | None = None
    new: bool = False  # not a source of the previous brief (see Brief.new_since)
    label: str = ""  # how the brief names it: its title, else its opening words (never its path)
    themes: list[str] = field(default_factory=list)  # theme ids it contributes to, strongest first
    after_stamp: AfterStamp | None = None  # its text reports events after its stamped date


@dataclass
class Point:
    text: str
    articles: list[str]
    score: float = 0.0
    also: list[str] = field(default_factory=list)  # other themes the passage fits ("also in ...")
    new: bool = False  # not in the previous brief (see Brief.new_since)
    independent_sources: int = 0  # distinct outlets reporting it on their own (compose.corroboration)
    refers_to: str | None = None  # whom its opening "he"/"she" names (ThemePlacement.refers_to)


@dataclass
class ThemeSection:
    id: str
    label: str
    description: str
    points: list[Point]
    quotes: list[BriefQuote] = field(default_factory=list)
    lead: str = ""  # one line drawn from the top points
    passages: int = 0  # passages placed under the theme, before near-identical ones merge
    # (another theme's id, how many of its points also fit this theme): printed there only
    see_also: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class BriefQuote:
    text: str
    speaker: str | None
    speaker_role: str | None
    articles: list[str]
    kind: QuoteKind = "direct"
    score: float = 0.0
    themes: list[str] = field(default_factory=list)
    new: bool = False  # not in the previous brief (see Brief.new_since)
    date: str | None = None  # when it was said, if an article says (TIMEX3 value)
    independent_sources: int = 0  # distinct outlets reporting it on their own


@dataclass
class Person:
    """One entry of the brief's who's who: a person or body quoted by name, with every quote
    of theirs (see briefing/compose/people.py)."""

    name: str  # the fullest name the articles give
    role: str | None  # the role the articles give most often
    names: list[str]  # every speaker form gathered here, the name first ("Joe Biden", "Biden")
    quotes: list[BriefQuote]  # ranked, best first
    themes: list[str]  # theme ids of their quotes, most quoted first
    articles: list[str]  # the articles quoting them
    shown: list[BriefQuote] = field(default_factory=list)  # the quotes the rendered brief reads together
    anchor: str = ""  # the HTML id of their quotes ("speaker-joe-biden")
    independent_sources: int = 0  # distinct outlets quoting them on their own


@dataclass
class DateConflict:
    """Another date given for what looks like the same event, and who gave it."""

    date: str | None
    date_text: str
    articles: list[str]


@dataclass
class BriefDevelopment:
    date: str | None
    date_text: str
    text: str
    articles: list[str]
    upcoming: bool = False
    actors: list[str] = field(default_factory=list)
    action: str | None = None
    themes: list[str] = field(default_factory=list)  # theme ids of the passage it comes from
    conflicts: list[DateConflict] = field(default_factory=list)  # other dates reported for it
    new: bool = False  # not in the previous brief (see Brief.new_since)
    independent_sources: int = 0  # distinct outlets reporting it on their own


@dataclass
class BriefFigure:
    """A key figure as the brief gives it: one mention, or the same count of the same thing
    at the same date reported by several articles (see briefing/compose/figures.py)."""

    value: float
    unit: str
    counts: str
    text: str
    amount: str  # the number as written, with its qualifier ("more than 130,000")
    key: str  # what is counted by meaning ("troops|Russia|")
    date: str | None  # when it held, if an article says
    articles: list[str]
    reported: str | None = None  # the earliest publication date of its articles (ISO)
    low: float | None = None
    category: str = ""
    places: list[str] = field(default_factory=list)  # places and peoples named around it
    independent_sources: int = 0  # distinct outlets reporting it on their own


@dataclass
class FigureStep:
    """One figure in a group's series: its amount, when, and who says so; ``others``: other
    amounts reported for the same date (sources disagree)."""

    figure: BriefFigure
    when: str | None  # the figure's date, else the day it was reported
    others: list[BriefFigure] = field(default_factory=list)


@dataclass
class FigureGroup:
    """Figures counting the same thing, in date order: how an estimate moved."""

    key: str
    label: str  # what is counted, e.g. "Russian troops"
    unit: str
    steps: list[FigureStep]
    articles: list[str]  # every article of its figures


@dataclass
class KeyPoint:
    """One line of the brief's bottom line up front (see briefing/compose/keypoints.py)."""

    text: str
    date: str | None
    themes: list[str]  # theme ids
    articles: list[str]
    independent_sources: int = 0
    new: bool = False  # not in the previous brief (see Brief.new_since)
    upcoming: bool = False
    score: float = 0.0  # salience: corroboration, recency, novelty


@dataclass
class NewItem:
    """One line of the "New since <date>" section: a development, quote or theme point."""

    kind: Literal["development", "quote", "point"]
    text: str
    articles: list[str]
    date: str | None = None  # developments
    speaker: str | None = None  # quotes
    theme: str | None = None  # points: the theme's label


@dataclass
class Brief:
    title: str
    generated: dt.datetime
    today: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    sources: list[Source]
    skipped: list[Skipped]
    summary: list[BriefDevelopment]
    themes: list[ThemeSection]
    quotes: list[BriefQuote]  # every quote, ranked
    key_quotes: list[BriefQuote]  # the selection shown in the rendered brief
    developments: list[BriefDevelopment]  # chronological; undated last
    undated_sources: list[str] = field(default_factory=list)
    marking: str = ""  # e.g. "UNCLASSIFIED // FOR OFFICIAL USE ONLY"
    points_shown: int = 8  # points per theme in the rendered brief (brief.json keeps all)
    # The rendered timeline: at most compose.timeline_items developments (the most widely
    # sourced, in date order) of those not dated after today (the Outlook's); timeline_more =
    # how many of those it leaves to brief.json.
    timeline_shown: list[BriefDevelopment] = field(default_factory=list)
    timeline_more: int = 0
    # What's new against the previous brief of this output folder (None: no earlier brief).
    new_since: dt.date | None = None
    new_items: list[NewItem] = field(default_factory=list)  # the short "New since" selection
    new_articles: list[str] = field(default_factory=list)  # ids of sources not in that brief
    new_summary: str = ""  # one plain line, e.g. "No new articles since 7 February 2022."
    key_points: list[KeyPoint] = field(default_factory=list)  # the bottom line up front, 3 to 7
    figures: list[BriefFigure] = field(default_factory=list)  # every key figure (brief.json)
    figure_groups: list[FigureGroup] = field(default_factory=list)  # the key-figures box
    # Who's who: everyone quoted by name, most important first; the rendered brief lists
    # the first people_shown (brief.json all of them).
    people: list[Person] = field(default_factory=list)
    people_shown: int = 10
    # Outlook: upcoming developments (dated after today), soonest first, at most compose.outlook_items.
    outlook: list[BriefDevelopment] = field(default_factory=list)
