"""The context a date is resolved in: the article's parse, its reference date, the dates
already met, and the tense of the clause around a date (which way it points)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, doc_text, token_table
from briefing.analysis.timex.calendar import FUTURE, NEUTRAL, PAST, at_granularity, unit_value
from briefing.analysis.timex.words import date_words
from briefing.records import TimexType

Value = tuple[TimexType, str, bool]  # type, TIMEX3 value, resolved
Handler = Callable[["re.Match[str]", "DateContext"], "Value | None"]  # a match -> its value, or None


# What joins the two ends of a range of dates, and the items of a list of them.
_RANGE = re.compile(r"\s*(?:to|through|until|till|[-\u2013\u2014])\s*", re.I)
_LIST = re.compile(r"\s*,?\s*(?:(?:and|or|and\s+then)\s+)?", re.I)
_QUARTER = re.compile(r"\d{4}-Q\d")
_HALF = re.compile(r"\d{4}-H\d")
_THEN = re.compile(r"\b(?:then|afterwards|after\s+that)\s+(?:on\s+)?$", re.I)


def capitalised(s: str) -> bool:
    return bool(s) and s[0].isupper()


class DateContext:
    """What resolving a date in one article reads: the parse, the reference date, the last
    full date mentioned (``anchor``) and the calendar values met so far."""

    def __init__(self, doc: Doc, ref: dt.date | None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.ref = ref
        self.anchor = ref  # the last fully specified date mentioned (for "a day earlier")
        # Whether a day has been mentioned: before that, "the next day" or "two days later"
        # counts from an event the article does not date, and is resolved against the
        # article's date only as a guess (``resolved=False``).
        self.anchored = False
        self.mentions: list[str] = []  # resolved calendar values met so far, in text order
        self.quarters: list[str] = []  # the quarters named so far ("2009-Q3"), in text order
        self.ended_quarters: set[str] = set()  # those named as over ("the quarter ended Sept. 30")
        # Whether a reporting period longer than a quarter ("the nine months", "the first
        # half") was named after the last quarter: a comparison then spans years, not quarters.
        self.spanning = False
        self.last_day: tuple[int, dt.date] | None = None  # where the last day date ended, and that day
        self.last_end = -1  # where the last calendar date mentioned (``mentions[-1]``) ended
        self.words = date_words()

    def current(self, unit: str) -> tuple[str, bool]:
        """The period of kind ``unit`` under discussion: the one holding the latest date
        mentioned that is precise enough ("in January ... later in the month"), else the one
        holding the anchor date."""
        for value in reversed(self.mentions):
            found = at_granularity(value, unit)
            if found is not None:
                return found, True
        return unit_value(unit, self.anchor, 0)

    def reporting_quarter(self) -> str | None:
        """The quarter a report of results is about: the latest quarter named that ended in
        the thirteen months up to the reference date ("the third quarter ... a year earlier"),
        not one named only for comparison ("the 1988 second quarter") nor one not yet over,
        whose results are a forecast ("fourth-quarter earnings will fall"), unless it is told
        as over (``ended_quarters``: a fiscal quarter ahead of the calendar one)."""
        if self.spanning:
            return None
        for value in reversed(self.quarters):
            if self.ref is None:
                return value
            year, q = int(value[:4]), int(value[-1])
            months_since_end = (self.ref.year - year) * 12 + self.ref.month - 3 * q
            if months_since_end <= 13 and (months_since_end >= 1 or value in self.ended_quarters):
                return value
        return None

    def note_period(self, typ: str, value: str) -> None:
        """Keep track of the kind of reporting period last named: a quarter ("2009-Q3") or a
        longer span (a half year, "nine months": ``span_periods``)."""
        if _QUARTER.fullmatch(value):
            self.spanning = False
        elif _HALF.fullmatch(value) or (typ == "DURATION" and value in self.words.span_periods):
            self.spanning = True

    def continued(self, start: int, direction: int) -> dt.date | None:
        """The day of the date just before ``start`` when this one may not lie before it: the
        end of a range ("from Sept. 14 to Thursday", "March 10 to April 2") or the next item
        of a list of dates ahead ("will defend our land on February 16, March 1 and December
        31"). A list told in the past needs no order ("statements made Friday and Thursday")."""
        if self.last_day is None:
            return None
        end, day = self.last_day
        gap = self.text[end:start]
        if len(gap) > 12:
            # a day ahead, then another: "on Monday he will go to Kyiv, and then on Tuesday to Moscow"
            ahead = self.ref is not None and day >= self.ref
            if (
                ahead
                and _THEN.search(self.text[max(0, start - 20) : start])
                and self._same_sentence(end - 1, start)
            ):
                return day
            return None
        if _RANGE.fullmatch(gap) or (direction == FUTURE and _LIST.fullmatch(gap)):
            return day
        return None

    def _same_sentence(self, a: int, b: int) -> bool:
        first, second = self.token_at(a), self.token_at(b)
        return first is not None and second is not None and first.sent.start == second.sent.start

    def span(self, start: int, end: int) -> Span | None:
        span: Span | None = self.doc.char_span(start, end, alignment_mode="expand")
        return span

    def token_at(self, char: int) -> Token | None:
        span = self.span(char, char + 1)
        return span[0] if span is not None and len(span) else None

    def prev_word(self, start: int) -> str:
        m = re.search(r"([A-Za-z']+)[\s\-]*$", self.text[max(0, start - 40) : start])
        return m.group(1).lower() if m else ""

    def blocked(self, char: int) -> bool:
        """The token at ``char`` belongs to a non-temporal named entity."""
        tok = self.token_at(char)
        return tok is not None and tok.ent_type_ in self.words.blocking_entities

    # -- tense

    def direction(self, start: int, end: int) -> int:
        span = self.span(start, end)
        if span is None or not len(span):
            return NEUTRAL
        inside = range(span.start, span.end)
        node: Token = span.root
        for _ in range(40):
            if node.i not in inside and node.lower_ in self.words.past_preps:
                return PAST  # "since November"
            if node.i not in inside and node.lower_ in self.words.until_preps:
                # "closed until Friday": the end of a state that lasts to the present or beyond
                # lies ahead, unless the verb is a plain past ("stayed until Friday").
                verb = next(
                    (
                        a
                        for a in node.ancestors
                        if a.pos_ in ("VERB", "AUX")
                        and (a.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in children(a)))
                    ),
                    None,
                )
                # a gerund clause without an auxiliary ("with shareholders tendering by the
                # Tuesday deadline") is told in the tense of the clause it hangs from
                while (
                    verb is not None
                    and verb.tag_ == "VBG"
                    and verb.dep_ in ("acl", "pcomp", "advcl")
                    and not any(c.dep_ in ("aux", "auxpass") for c in children(verb))
                ):
                    verb = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
                plain_past = verb is not None and (
                    verb.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ == "aux" for c in children(verb))
                )
                return PAST if plain_past else FUTURE
            if node.i not in inside:
                if node.lower_ in self.words.future_lemmas and node.pos_ in ("ADV", "ADJ", "ADP"):
                    return FUTURE
                if node.lemma_ in self.words.future_nouns and node.pos_ == "NOUN":
                    return FUTURE
                for child in self._future_mods(node):
                    if child.i not in inside:
                        return FUTURE
            if node.pos_ in ("VERB", "AUX") and node.i not in inside:
                found = self._verb_direction(node, 0)
                # A participle or gerund clause without its own auxiliary ("a call discussing
                # Ukraine on Wednesday", "with the third departing from August 6") takes the
                # tense of the clause it modifies.
                nonfinite = (
                    node.tag_ in ("VBG", "VBN")
                    and node.dep_ in ("acl", "pcomp")
                    and not any(c.dep_ in ("aux", "auxpass") for c in children(node))
                )
                if found != NEUTRAL or not nonfinite or node.head is node:
                    return found
            if node.head is node:
                return NEUTRAL
            node = node.head
        return NEUTRAL

    def _future_mods(self, node: Token) -> list[Token]:
        """``node``'s amod children that point ahead ("the upcoming talks"), listed once
        per Doc: a node can head thousands of children and be reached from every date."""
        cache: dict[int, list[Token]] = self.doc.user_data.setdefault("briefing.future_mods", {})
        found = cache.get(node.i)
        if found is None:
            table = token_table(self.doc)
            found = [
                self.doc[k]
                for k in table.kids[node.i]
                if table.dep[k] == "amod"
                and (
                    table.lower[k] in self.words.future_mods or table.lemma[k] in ("upcoming", "forthcoming")
                )
            ]
            cache[node.i] = found
        return found

    def _verb_direction(self, verb: Token, depth: int) -> int:
        known = self.words
        auxes = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        if words & known.future_aux:
            return FUTURE
        if "auxpass" in {c.dep_ for c in auxes} and verb.lemma_ in known.future_lemmas - {
            "go",
            "look",
            "set",
        }:
            return FUTURE  # "was scheduled for Monday"
        if words & {"have", "has", "had", "'ve"}:
            return PAST
        if any(c.tag_ == "MD" for c in auxes):
            return FUTURE  # "may be signed on September 12"
        infinitive = "to" in words or (verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl", "acl"))
        if infinitive and depth < 4 and verb.head is not verb:
            gov = verb.head
            if gov.lemma_ in known.future_lemmas:
                # a plan already past when told: "had been due to expire Friday"
                holder = gov.head if gov.pos_ == "ADJ" and gov.dep_ == "acomp" else gov
                had = any(c.dep_ == "aux" and c.lower_ == "had" for c in children(holder))
                return PAST if had else FUTURE
            if "to" in words and gov.lemma_ == "be" and gov.dep_ in ("ROOT", "conj", "relcl", "ccomp"):
                return FUTURE  # "is to resume trading on Tuesday"
            if gov.pos_ in ("VERB", "AUX"):
                return self._verb_direction(gov, depth + 1)
            return NEUTRAL
        if "to" in words and verb.dep_ == "ROOT":
            return FUTURE  # headline style: "Markets to remain closed until Friday"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
            return PAST
        if verb.tag_ == "VBN":
            # a bare participle, or one whose only auxiliaries are themselves non-finite ("start
            # getting beat up", "to be closed"), takes the tense of the verb it complements
            nonfinite = all(a.tag_ in ("VB", "VBG", "VBN", "TO") for a in auxes)
            deferred = nonfinite and verb.dep_ in ("acomp", "xcomp", "oprd", "conj") and depth < 4
            if deferred and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
                return self._verb_direction(verb.head, depth + 1)
            return PAST
        if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
            return FUTURE
        return NEUTRAL
