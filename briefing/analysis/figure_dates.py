"""When a key figure held: the calendar date of its own clause or of the clause reporting
it; "now" and "currently" are the article's date."""

from __future__ import annotations

import bisect
import datetime as dt

from spacy.tokens import Doc, Span, Token

from briefing.analysis.clauses import clause_head
from briefing.analysis.event_dates import RESOLVED, calendar_value
from briefing.analysis.numbers import lexicon
from briefing.records import Timex

_REPORTED = ("ccomp", "xcomp", "parataxis")  # a clause reported by the verb above it


def _describes(head: Token, number: Token, clause: Token) -> bool:
    """Whether a clause describes the thing counted: a participle or relative clause on the
    noun phrase of the number ("assistance approved in December")."""
    if head.dep_ not in ("acl", "relcl"):
        return False
    node = head.head
    for _ in range(8):
        if node is clause or node.head is node:
            return False
        if node.i in (number.i, number.head.i):
            return True
        node = node.head
    return False


def figure_date(
    doc: Doc, sent: Span, number: Token, timexes: list[Timex], starts: list[int], published: dt.date | None
) -> str | None:
    """When the figure held: a calendar date of its own clause, or of the clause reporting
    it ("said on Wednesday that 10 battle groups are approaching"); "now" and "currently"
    are the article's date. Another clause's date is not the figure's ("... and plan to
    invade next year", "in 2014, Russia ...; more than 14,000 people have died"): then None,
    and the brief takes the figure as holding when it was reported."""
    chain = [clause_head(number)]
    while chain[-1].dep_ in _REPORTED and len(chain) < 4:
        chain.append(clause_head(chain[-1].head))
    lo = bisect.bisect_left(starts, sent.start_char)
    hi = bisect.bisect_left(starts, sent.end_char)
    best: tuple[int, int, str] | None = None
    for t in timexes[lo:hi]:
        if t.type != "DATE":
            continue
        value = t.value
        if value == "PRESENT_REF":
            if published is None:
                continue
            value = published.isoformat()
        elif calendar_value(t) is None or not RESOLVED.fullmatch(value):
            continue  # (not a day, month or year on the calendar, or "the past year": up to now)
        token = doc.char_span(t.start, t.end, alignment_mode="expand")
        if token is None or (token.start > 0 and doc[token.start - 1].lower_ in lexicon().count_starts):
            continue  # "killed 14,000 people since 2014": when the count began, not when it held
        head = clause_head(token.root)
        if head in chain:
            place = chain.index(head)
        elif _describes(head, number, chain[0]):
            place = 0  # "$200 million of assistance approved in December"
        else:
            continue  # another clause's date: "... and plan to invade next year"
        rank = (place, min(abs(t.start - number.idx), abs(t.end - number.idx)))
        if best is None or rank < best[:2]:
            best = (*rank, value)
    return best[2] if best else None
