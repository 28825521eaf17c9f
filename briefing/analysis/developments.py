"""Dated developments: who did what, when, as the clause of a sentence that holds the date.

For every calendar timex the clause that reports the event is found in the parse: the verb
that governs the date (climbing through infinitives: "talks set to take place on January
10"), or, for a relative clause, the noun phrase it describes ("the meeting with Putin,
which will be held on Monday"). Parts of that clause that carry *another* calendar date
are cut out, so "discussed on Sunday, ahead of a meeting ... on Monday" gives two
developments, each with its own clause. The actors (named entities and the subject) and
the action (the verb's lemma) are kept for merging across articles.

A deictic date inside a quotation ("spoke today", quoted from a statement) refers to the
day of the statement: when the attribution dates the statement ("said in a Sunday
statement"), the date is moved there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable
from importlib import resources

from spacy.tokens import Doc, Span, Token

from briefing.analysis.clauses import clause_head
from briefing.analysis.doccache import children, doc_text, sentence_of
from briefing.analysis.quotes import load_quote_words
from briefing.analysis.quotes.marks import CURLY_CLOSE, CURLY_OPEN, ENDING_MARKS, STRAIGHT_DOUBLE
from briefing.analysis.spans import within
from briefing.analysis.timex import FUTURE, date_words, tense_direction
from briefing.analysis.timex.calendar import valid_day
from briefing.records import Development, Timex

# Values that place an event on the calendar (TIMEX3), resolved or with unknown parts (X).
_CALENDAR = re.compile(r"[\dX]{4}(-[\dX]{2}(-[\dX]{2})?|-W[\dX]{2}(-[1-7]|-WE)?)?")
_RESOLVED = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Connectives that open a sentence without adding to what happened.
_OPENERS = re.compile(
    r"^(meanwhile|separately|additionally|in addition|notably|however|also|further|and|but),\s+", re.I
)
# Deictic day words and their offset from the day of speaking (the dates' relative days).
_DEICTIC = date_words().relative_days
_NAME_HEADS = date_words().name_heads
_QUOTE_PAIRS = [(CURLY_OPEN, CURLY_CLOSE), (STRAIGHT_DOUBLE, STRAIGHT_DOUBLE)]
_CLOSING_MARKS = frozenset(closing for _, closing in _QUOTE_PAIRS)
_PEOPLE = ("PERSON", "ORG")  # always actors
_GROUPS = ("GPE", "NORP")  # actors when they are the subject ("Moscow annexed ...")
# Dependencies whose subtree may be cut from a clause when it carries another date.
_DETACHABLE = {
    "advcl", "relcl", "acl", "prep", "conj", "ccomp", "parataxis", "advmod", "npadvmod", "xcomp", "pcomp",
    "appos", "dobj", "pobj",
}  # fmt: skip
# Dependencies that open a clause with its own verb and subject ("..., from which it was
# expelled in 2014"): a date inside one belongs to that clause alone.
_OWN_CLAUSES = {"relcl", "advcl"}
# A sentence holding more dates than this is a list of dates, not clauses to cut apart:
# each of its dates takes the whole sentence (each cut walks the sentence once per date).
_MAX_CUT = 20
# A clause shorter than this many words is not worth a timeline entry.
_MIN_WORDS = 5


# "the past year": TimeML dates it as the year before, but what happened "over the past year"
# happened up to now, not in that calendar year
_STRETCH_TO_NOW = re.compile(r"the\s+(?:past|last)\s+(?:year|decade|century)", re.I)


def calendar_value(timex: Timex) -> str | None:
    """The ISO date of a timex if it is a calendar date; None for durations, sets, vague refs
    and stretches of time up to now ("the past year")."""
    if timex.type not in ("DATE", "TIME") or _STRETCH_TO_NOW.fullmatch(timex.text):
        return None
    value = timex.value[:10] if timex.type == "TIME" else timex.value
    return value if _CALENDAR.fullmatch(value) else None


def trim(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    text = _OPENERS.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]+([.!?])", r"\1", text)  # a list cut short: "on February 16,."
    text = text.strip(" ,;:-\u2013\u2014")
    if text and text[-1] not in ".!?)" + ENDING_MARKS:
        text += "."
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- clause finding


def _event_head(token: Token) -> Token:
    """The token heading the clause that reports the event the date belongs to."""
    node = clause_head(token)
    # Infinitives and open complements report the event of the verb that governs them.
    for _ in range(10):
        if node.dep_ in ("xcomp",) and node.head is not node and node.head.pos_ in ("VERB", "AUX"):
            node = node.head
        else:
            break
    # A relative or participle clause stands with the noun phrase it describes, including
    # the phrase it may have been attached inside ("the meeting with Putin, which ...").
    if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
    return node


def _quote_spans(sent: Span) -> list[tuple[int, int]]:
    text, base = sent.text, sent.start_char
    spans = []
    for opening, closing in _QUOTE_PAIRS:
        pos = 0
        while (i := text.find(opening, pos)) >= 0:
            j = text.find(closing, i + 1)
            if j < 0:
                break
            spans.append((base + i, base + j + 1))
            pos = j + 1
    return spans


def _clause(
    head: Token, own: tuple[int, int], others: list[tuple[int, int]], token_starts: list[int]
) -> list[Token]:
    """The tokens of ``head``'s subtree, without the branches carrying another date.

    ``token_starts`` are the character offsets of the Doc's tokens (in order): the tokens
    of another date are found by bisection, not by a walk over the subtree per date."""
    subtree = list(head.subtree)
    order = {t.i: k for k, t in enumerate(subtree)}
    removed: set[int] = set()
    for o_start, o_end in others:
        lo, hi = bisect.bisect_left(token_starts, o_start), bisect.bisect_left(token_starts, o_end)
        first = min((order[i] for i in range(lo, hi) if i in order), default=None)
        if first is None:
            continue
        # The highest branch under ``head`` holding the other date but not this one, or,
        # when the other date lies in a clause of its own inside that branch, that clause:
        # "he tried to have Russia readmitted to the G7, from which it was expelled ... in
        # 2014" loses the relative clause, not all it tried.
        node = subtree[first]
        branch: Token | None = None
        clause: Token | None = None
        while node is not head and node.head is not node:
            span = (node.left_edge.idx, node.right_edge.idx + len(node.right_edge))
            holds_own = span[0] <= own[0] and own[1] <= span[1]
            if holds_own:
                break
            if node.dep_ in _DETACHABLE:
                branch = node
            if clause is None and node.dep_ in _OWN_CLAUSES:
                clause = node
            node = node.head
        if clause is not None and branch is not None and branch.dep_ not in _OWN_CLAUSES:
            branch = clause
        if branch is not None and branch.dep_ == "conj" and own[0] <= branch.head.idx < own[1]:
            continue  # two dates of one event ("a signal today and tomorrow"): both stay
        if branch is not None:
            removed.update(t.i for t in branch.subtree)
            # The conjunction or comma that joined the branch goes with it.
            left = branch.left_edge.i - 1
            if left >= 0 and head.doc[left].dep_ in ("cc", "punct"):
                removed.add(left)
    return [t for t in subtree if t.i not in removed]


def _worded(text: str) -> tuple[str, int]:
    """The text trimmed, and how many words it has."""
    text = trim(text)
    return text, len(text.split())


def _text_of(tokens: list[Token]) -> str:
    """The clause as it reads in the article, with a cut branch leaving no gap."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    pieces: list[str] = []
    run_start = tokens[0]
    prev = tokens[0]
    for tok in tokens[1:]:
        if tok.i != prev.i + 1:
            pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
            run_start = tok
        prev = tok
    pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
    return " ".join(p.strip() for p in pieces)


_BACKWARD = {"latter", "former", "this", "that", "these", "those", "which", "who", "whom", "whose"}
# Words opening a sentence that leans on the one before it ("then on Tuesday to Russia ..."):
# a clause cut from inside a sentence that opens with one goes on from the part cut.
_LEANING = frozenset(
    tomllib.loads(resources.files("briefing.data").joinpath("standalone.toml").read_text("utf-8"))["leaning"]
)


def _leans_back(tokens: list[Token], sentence_start: int) -> bool:
    """A clause cut from inside a sentence that opens by pointing back at what was cut
    ("the latter's meeting", "which will be held", "he said", "then on Tuesday") cannot
    stand alone."""
    if not tokens or tokens[0].i == sentence_start:
        return False
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else None
    if first.tag_ in ("PRP", "PRP$", "WDT", "WP", "WP$") or first.lower_ in _BACKWARD | _LEANING:
        return True
    return first.lower_ == "the" and second is not None and second.lower_ in _BACKWARD


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _finite(tokens: list[Token]) -> bool:
    """The clause has a verb that tells an event (past, present or modal), not only a
    participle or infinitive ("including probably on Tuesday to Kiev"), and not only in a
    relative clause ("any invasion outside the territory, which Russia occupied in 2014")."""
    described = {d.i for t in tokens if t.dep_ in ("relcl", "acl") for d in t.subtree}
    return any(t.tag_ in _FINITE and t.i not in described for t in tokens)


def _speech_tail(tokens: list[Token]) -> bool:
    """The clause opens with the last words of a quotation a dash closes ("... a disaster
    for Russia - Johnson told journalists on Monday"): words without a verb, then the dash."""
    for k, tok in enumerate(tokens):
        if tok.text in _DASHES and k > 0 and tokens[k - 1].whitespace_ and tok.whitespace_:
            return not any(t.pos_ in ("VERB", "AUX") for t in tokens[:k])
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


def _dangling(tokens: list[Token]) -> bool:
    """The cut took what the clause's last verb says ("The head of the German government on
    Monday is [to visit Kiev]"): the clause ends on an auxiliary or a form of "be"."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return bool(words) and (words[-1].pos_ == "AUX" or words[-1].lemma_ == "be")


def _balanced(text: str) -> str:
    """Drop a dangling quotation mark left at either end by the cut."""
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            if text.count(opening) % 2:
                text = text.replace(opening, "", 1) if text.startswith(opening) else text.rstrip(opening)
        elif text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return text


class _Actors:
    """People and organisations named in a clause, and places or groups acting as its subject.

    The Doc's entities are listed once (``Doc.ents`` builds them anew on every read) and a
    clause only looks at those inside its own stretch of tokens; a whole sentence's people
    are listed once per sentence. A long article with many dated clauses stays linear."""

    def __init__(self, doc: Doc) -> None:
        self.ents = list(doc.ents)
        self.starts = [e.start for e in self.ents]
        self.group_at: dict[int, list[int]] = {}  # a token -> the groups (by number) it is the root of
        for k, ent in enumerate(self.ents):
            if ent.label_ in _GROUPS:
                self.group_at.setdefault(ent.root.i, []).append(k)
        self.subjects: dict[int, tuple[set[int], list[int], str | None]] = {}
        self.people: dict[int, list[tuple[int, str]]] = {}

    def _subject(self, head: Token) -> tuple[set[int], list[int], str | None]:
        """The tokens of ``head``'s subject, the groups they are the root of (by number), and
        the subject as a name when it is a proper noun."""
        if head.i not in self.subjects:
            subjects = [c for c in children(head) if c.dep_ in ("nsubj", "nsubjpass")]
            tokens = {t.i for c in subjects for t in c.subtree}
            groups = sorted(k for i in tokens for k in self.group_at.get(i, ()))
            name = None
            if subjects and subjects[0].pos_ == "PROPN":
                name = " ".join(t.text for t in subjects[0].subtree if t.dep_ != "det")
            self.subjects[head.i] = (tokens, groups, name)
        return self.subjects[head.i]

    def _range(self, lo: int, hi: int) -> range:
        """The entities (by number) that start in tokens ``lo`` to ``hi`` (inclusive)."""
        return range(bisect.bisect_left(self.starts, lo), bisect.bisect_right(self.starts, hi))

    def of(self, tokens: list[Token], head: Token, sentence: Span | None) -> list[str]:
        """The actors of the clause ``tokens`` headed by ``head``; ``sentence`` when the clause
        is that whole sentence."""
        subject, groups, name = self._subject(head)
        if sentence is None:
            ids = {t.i for t in tokens}
            named = [
                k
                for k in self._range(min(ids), max(ids))
                if self.starts[k] in ids
                and (
                    self.ents[k].label_ in _PEOPLE
                    or (self.ents[k].label_ in _GROUPS and self.ents[k].root.i in subject)
                )
            ]
            found = [(k, self.ents[k].text) for k in named]
        else:
            if sentence.start not in self.people:
                self.people[sentence.start] = _first_of_each(
                    (k, self.ents[k].text)
                    for k in self._range(sentence.start, sentence.end - 1)
                    if self.ents[k].label_ in _PEOPLE
                )
            inside = self._range(sentence.start, sentence.end - 1)
            lo, hi = bisect.bisect_left(groups, inside.start), bisect.bisect_left(groups, inside.stop)
            found = list(
                heapq.merge(self.people[sentence.start], ((k, self.ents[k].text) for k in groups[lo:hi]))
            )
        names = [text for _, text in _first_of_each(found)]
        if not names and name is not None:
            names.append(name)
        return names


def _first_of_each(named: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first of each name, in order."""
    seen: set[str] = set()
    out = []
    for k, text in named:
        if text not in seen:
            seen.add(text)
            out.append((k, text))
    return out


def _fragment_context(sent: Span, doc: Doc) -> list[Token] | None:
    """An attribution split from the quotation before it ("he tweeted in 2013.") continues
    that quotation's sentence. A verbless fragment ("In 2019.", "In 2019, 2020, 2021.")
    continues the sentences around it: the fragment with the sentences before and after it
    in its paragraph (as many as make a clause worth showing, up to three each side), or
    None when it has a verb (a short sentence of its own) or stands alone in its paragraph."""
    text = doc_text(doc)
    if sent.start > 0 and sent[0].text[:1].islower():
        # an attribution the parser split from its quotation ("“...?” he tweeted in 2013.")
        before = sentence_of(sent.start - 1, doc)
        if before.text.rstrip()[-1:] in _CLOSING_MARKS:
            return [t for t in doc[before.start : sent.end] if not t.is_space]
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    first, last = sent, sent
    # (a paragraph's last sentence holds the blank line after it)
    for _ in range(3):
        wider = False
        if first.start > 0:
            before = sentence_of(first.start - 1, doc)
            if "\n\n" not in text[before.start_char : first.start_char]:
                first, wider = before, True
        if last.end < len(doc):
            after = sentence_of(last.end, doc)
            if "\n\n" not in text[last.start_char : after.start_char]:
                last, wider = after, True
        if not wider or len(text[first.start_char : last.end_char].split()) >= _MIN_WORDS:
            break
    if first is sent and last is sent:
        return None
    return [t for t in doc[first.start : last.end] if not t.is_space]


def _present_state(head: Token) -> bool:
    """The clause is in the simple present with no auxiliary ("Ukrainians keep defending the
    values today", "this is the Kremlin today"): with "today", a state of things, not a
    dated event; a statement reported in the present ("says today") is one. (With
    "tomorrow" the simple present schedules an event: "the summit opens tomorrow".)"""
    if head.pos_ not in ("VERB", "AUX") or head.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in children(head)):
        return False
    return head.lemma_ not in load_quote_words().speech_verbs


def _names_a_body(span: Span) -> bool:
    """The date modifies a noun right after it that names a body ("the Jan. 6 committee")."""
    root = span.root
    nxt = span.end
    return (
        nxt < len(span.doc)
        and root.head.i >= nxt
        and root.dep_ in ("nmod", "compound", "npadvmod", "amod", "nummod")
        and all(t.pos_ in ("PROPN", "NOUN", "ADJ") for t in span.doc[nxt : root.head.i])
        and root.head.lemma_.lower() in _NAME_HEADS
    )


_WEEKDAYS = frozenset(date_words().weekdays)
_YEAR = re.compile(r"\b\d{4}\b")


def _place_name(token: Token) -> bool:
    """A word of a place's name as a caption writes it: capitalised ("Kyiv", "FL", "D.C.")."""
    word = token.text.lstrip(ENDING_MARKS + "\"'")
    return bool(word) and word[0].isupper() and not token.is_punct


def _stamp_start(span: Span) -> int | None:
    """Where a stamp begins when ``span``, a full date, is stamped on a place named "City,
    Region" with no word introducing it (the token of the place's first word); else None.

    Such a stamp is a caption's or a dateline's ("... in Mariupol, Ukraine, March 1, 2022.",
    "Kyiv, Ukraine, Sunday, Aug. 28, 2022", "Tampa, FL July 27, 2016"), not the date of an
    event the article reports: prose writes "in Kyiv on March 1, 2022"."""
    if not _YEAR.search(span.text) or not any(t.like_num and not _YEAR.fullmatch(t.text) for t in span):
        return None  # a day of a year: "March 2022" or "in 2016" is prose
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].lower_ in _WEEKDAYS:  # "Ukraine, Sunday, Aug. 28, 2022"
        i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
    for name in range(2):  # the region, then the place: "Mariupol, Ukraine"
        first = i
        while i >= 0 and _place_name(doc[i]):
            i -= 1
        if i == first:
            return None
        if name == 0:
            if i < 0 or doc[i].text != ",":
                return None
            i -= 1
    return i + 1


def _stamped_development(sent: Span, timex: Timex, date: str | None, actors: _Actors) -> Development | None:
    """What a stamp opening ``sent`` dates: the sentence before it, shown with the stamp
    ("... the 30,000 emails that are missing. (Tampa, FL July 27, 2016)"), or None."""
    doc = sent.doc
    stamped = _stamped_sentence(sent, doc)
    if stamped is None:
        return None
    what = trim(_balanced(_text_of([t for t in stamped if not t.is_space])))
    label = doc_text(doc)[sent.start_char : timex.end]
    return Development(
        date=date,
        date_text=timex.text,
        text=f"{what} ({label.lstrip(ENDING_MARKS)})",
        start=stamped.start_char,
        end=timex.end,
        actors=actors.of(list(stamped), stamped.root, stamped),
        action=_action(stamped.root),
        scheduled=False,
    )


def _stamped_sentence(sent: Span, doc: Doc) -> Span | None:
    """The sentence a stamp opening ``sent`` dates: the one before it in its paragraph (an
    embedded clip's or picture's stamp follows what it shows: "... the 30,000 emails that
    are missing." Tampa, FL July 27, 2016), or None."""
    if sent.start == 0:
        return None
    before = sentence_of(sent.start - 1, doc)
    if "\n\n" in doc_text(doc)[before.start_char : sent.start_char]:
        return None
    return before


def _action(head: Token) -> str | None:
    if head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
        return head.lemma_.lower()
    return None


def _statement_day(
    sent: Span, quoted: Callable[[int], bool], dated: list[tuple[Timex, str]]
) -> dt.date | None:
    """The day a quoted statement was made, when the words outside the quotation give it
    (``quoted``: is an offset inside one of the sentence's quotations?)."""
    for timex, value in dated:
        outside = not quoted(timex.start)
        in_sentence = sent.start_char <= timex.start < sent.end_char
        if outside and in_sentence and _DAY.fullmatch(value) and timex.text.lower() not in _DEICTIC:
            return dt.date.fromisoformat(value)
    return None


_YEARLESS = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # a month or day (written without its year: no _YEAR)


def _as_said(
    date: str,
    sent: Span,
    quoted: Callable[[int], bool],
    dated: list[tuple[Timex, str]],
    sorted_starts: list[int],
    by_start: list[int],
) -> str | None:
    """A year-less month or day inside a quotation, in the year of the statement when the
    attribution dates it in another year than the article's ("“... the pageant in November
    ...” he tweeted in 2013": November 2013). The attribution is the words outside the
    quotation in its sentence, or the sentence after it when that one goes on in lower case
    (the parser often ends the sentence at the closing mark). ``sent``: the date's sentence,
    ``quoted``: whether a character of it is inside its quotations."""
    doc = sent.doc
    places = [(sent.start_char, sent.end_char)]
    if sent.end < len(doc) and doc[sent.end].text[:1].islower():
        after = sentence_of(sent.end, doc)
        places.append((after.start_char, after.end_char))
    for lo_char, hi_char in places:
        lo = bisect.bisect_left(sorted_starts, lo_char)
        hi = bisect.bisect_left(sorted_starts, hi_char)
        for j in sorted(by_start[lo:hi]):
            timex, value = dated[j]
            if quoted(timex.start) or not _YEAR.fullmatch(value[:4]) or not _YEAR.search(timex.text):
                continue
            moved = value[:4] + date[4:]
            if value[:4] == date[:4] or (
                len(moved) == 10 and not valid_day(int(moved[:4]), int(moved[5:7]), int(moved[8:10]))
            ):
                return None
            return moved
    return None


# ---------------------------------------------------------------- entry point


def find_developments(doc: Doc, timexes: list[Timex], skip: list[tuple[int, int]]) -> list[Development]:
    """One development per calendar timex: the clause holding it, who did what, when.

    A sentence with two dates ("discussed on Sunday, ahead of a meeting on Monday") gives
    two developments, each with its own clause; unresolved values give undated ones.
    """
    skipped = within(skip)
    dated = [(t, v) for t in timexes if (v := calendar_value(t)) is not None and not skipped(t.start)]
    # First the dates themselves: a deictic day quoted from a dated statement moves there.
    # A sentence's quotations and the day of its statement are found once per sentence, the
    # dates in it by bisection: a run-on sentence of quoted "today"s stays linear.
    dates: list[str | None] = []
    quoted: list[bool] = []
    in_quotes: dict[int, Callable[[int], bool]] = {}  # per sentence
    said: dict[int, dt.date | None] = {}  # per sentence
    by_start = sorted(range(len(dated)), key=lambda j: dated[j][0].start)
    sorted_starts = [dated[j][0].start for j in by_start]
    for timex, value in dated:
        # a date the article's own date does not resolve ("the next day", before any day is
        # named) is shown undated, not guessed
        date = value if timex.resolved and _RESOLVED.fullmatch(value) else None
        if re.fullmatch(r"\d{4}-W\d{2}-WE", value):
            date = value[:8]  # a weekend is placed in its week
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        word = timex.text.lower()
        in_quote = False
        if span is not None and len(span) and word in _DEICTIC:
            sent = sentence_of(span.start, doc)
            if sent.start not in in_quotes:
                in_quotes[sent.start] = within(_quote_spans(sent))
            in_quote = in_quotes[sent.start](timex.start)
            if in_quote and date and sent.start not in said:
                lo = bisect.bisect_left(sorted_starts, sent.start_char)
                hi = bisect.bisect_left(sorted_starts, sent.end_char)
                in_sentence = [dated[j] for j in sorted(by_start[lo:hi])]  # in their own order
                said[sent.start] = _statement_day(sent, in_quotes[sent.start], in_sentence)
            said_on = said[sent.start] if in_quote and date else None
            if said_on is not None:
                date = (said_on + dt.timedelta(days=_DEICTIC[word])).isoformat()
                in_quote = False  # anchored
        elif (
            date and span is not None and len(span) and _YEARLESS.fullmatch(value) and not _YEAR.search(word)
        ):
            sent = sentence_of(span.start, doc)
            if sent.start not in in_quotes:
                in_quotes[sent.start] = within(_quote_spans(sent))
            if in_quotes[sent.start](span.start_char):
                date = _as_said(date, sent, in_quotes[sent.start], dated, sorted_starts, by_start) or date
        dates.append(date)
        quoted.append(in_quote)

    out: list[Development] = []
    floating: list[Development] = []  # quoted deictic dates with no dated statement
    seen: set[tuple[str | None, str]] = set()
    # The timexes in a sentence are found by bisection (they come in text order) and the
    # whole sentence's clause text once per sentence: a long run-on sentence with many
    # dates stays linear.
    starts = [t.start for t, _ in dated]
    ordered = all(a <= b for a, b in itertools.pairwise(starts))
    keys = [d or v for (_, v), d in zip(dated, dates, strict=True)]
    by_key: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        by_key.setdefault(key, []).append(k)
    whole: dict[int, tuple[list[Token], str, int]] = {}  # per sentence: tokens, text, words
    plain: dict[int, tuple[str, int]] = {}  # per sentence: its own text, trimmed, and words
    verbless: dict[int, bool] = {}  # per sentence: a verbless piece of the prose around it
    token_starts: list[int] | None = None  # the tokens' offsets, once a clause is cut
    actors = _Actors(doc)  # read once; cheap next to the parse
    for k, ((timex, value), date, in_quote) in enumerate(zip(dated, dates, quoted, strict=True)):
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = sentence_of(span.start, doc)
        if ordered:
            lo = bisect.bisect_left(starts, sent.start_char)
            hi = bisect.bisect_left(starts, sent.end_char)
            same = by_key[keys[k]]
            alike = bisect.bisect_left(same, hi) - bisect.bisect_left(same, lo)
            cut = alike < hi - lo <= _MAX_CUT  # some other date to cut, and not a list of dates
            candidates: range | list[int] = range(lo, hi) if cut else range(0)
        else:
            inside = [j for j, (t, _) in enumerate(dated) if sent.start_char <= t.start < sent.end_char]
            candidates = inside if len(inside) <= _MAX_CUT else []
        others = [
            (dated[j][0].start, dated[j][0].end)
            for j in candidates
            if dated[j][0] is not timex
            and sent.start_char <= dated[j][0].start < sent.end_char
            and keys[j] != (date or value)
        ]
        if sent.start not in whole:
            every = list(sent)
            every_text = trim(_balanced(_text_of(every)))
            whole[sent.start] = (every, every_text, len(every_text.split()))
        every, every_text, every_words = whole[sent.start]
        head = _event_head(span.root)
        if _names_a_body(span):
            continue  # "the Jan. 6 committee": the date is part of a name
        stamp = _stamp_start(span)
        if stamp is not None:
            # A caption's stamp ("... in Kyiv, Ukraine, March 1, 2022. (Photo/Agency)") dates
            # no development; one opening its sentence dates the sentence it follows.
            stamped = _stamped_development(sent, timex, date, actors) if stamp == sent.start else None
            if stamped is not None and (date, stamped.text) not in seen:
                seen.add((date, stamped.text))
                out.append(stamped)
            continue
        if timex.text.lower() == "today" and _present_state(head) and _present_state(clause_head(span.root)):
            # "Today, Trump still dominates the party": how things stand, not an event; but
            # "it is important to send a signal today" dates the sending
            continue
        if others:
            if token_starts is None:
                token_starts = [t.idx for t in doc]
            tokens = _clause(head, (timex.start, timex.end), others, token_starts)
        else:
            tokens = every
        if tokens is not every:  # the whole sentence holds the date's root, or nothing does
            root = span.root.i
            if (
                not any(t.i == root for t in tokens)
                or _leans_back(tokens, sent.start)
                or not _finite(tokens)
                or _speech_tail(tokens)
                or _dangling(tokens)
            ):
                # "the latter's meeting ...": the cut part names who; "including probably on
                # Tuesday to Kiev": no verb says what happened; "Russia - Johnson told ...":
                # the end of a quotation a dash closes, without the quotation
                tokens = every
        text, words = (every_text, every_words) if tokens is every else _worded(_balanced(_text_of(tokens)))
        if words < _MIN_WORDS:
            if sent.start not in plain:
                plain[sent.start] = _worded(sent.text)
            text, words = plain[sent.start]
            tokens = every
        if words < _MIN_WORDS and (around := _fragment_context(sent, doc)) is not None:
            tokens = around  # "I said that at summits and forums. In 2019. In 2020."
            text, words = _worded(_text_of(tokens))
        elif tokens is every:
            if sent.start not in verbless:
                # (an attribution split from its quotation has a verb: it is an event of its own)
                verbless[sent.start] = not any(t.pos_ in ("VERB", "AUX") for t in sent) and (
                    _fragment_context(sent, doc) is not None
                )
            if verbless[sent.start]:
                continue  # "At 6 o'clock in the morning.": a piece of the sentences around, no event
        if words < _MIN_WORDS:
            continue
        if (date, text) in seen:
            continue
        seen.add((date, text))
        dev = Development(
            date=date,
            date_text=timex.text,
            text=text,
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1]),
            actors=actors.of(tokens, head, sent if tokens is every else None),
            action=_action(head),
            scheduled=tense_direction(doc, timex.start, timex.end) == FUTURE,
        )
        out.append(dev)
        if in_quote:
            floating.append(dev)
    # A quoted "today" from an undated statement that retells an event the article dates
    # itself (same action, same two actors) takes the article's date for it. The dated
    # developments are looked up by action, their actors' keys computed once.
    floats = {id(dev) for dev in floating}
    by_action: dict[str | None, list[tuple[Development, set[str]]]] = {}
    for d in out if floating else []:
        if id(d) not in floats:
            by_action.setdefault(d.action, []).append((d, actor_keys(d.actors)))
    for dev in floating:
        own_keys = actor_keys(dev.actors)
        told = next((d for d, d_keys in by_action.get(dev.action, []) if len(d_keys & own_keys) >= 2), None)
        if told is not None:
            dev.date = told.date
    return out


def actor_keys(actors: list[str]) -> set[str]:
    """Comparable keys for actor names: the last word, lower-cased ("Joe Biden" -> "biden")."""
    keys = set()
    for name in actors:
        key = _actor_key(name)
        if key is not None:
            keys.add(key)
    return keys


@functools.lru_cache(maxsize=65536)
def _actor_key(name: str) -> str | None:
    words = re.findall(r"[A-Za-z][\w-]*", name.replace("\u2019s", "").replace("'s", ""))
    return words[-1].lower() if words else None
