"""When a quote was said: ``date_quotes`` gives each quote the date its sentence says it was
said, from the article's resolved dates."""

from __future__ import annotations

import re

from briefing.analysis.quotes.marks import ALL_MARKS
from briefing.records import Quote, Timex

_CUE_REACH = 32  # characters between a cue and the date of saying: 'said in a statement on Monday'
_DAY_VALUE = re.compile(r"\d{4}-\d{2}(-\d{2})?(T.*)?$")


def date_quotes(quotes: list[Quote], timexes: list[Timex], text: str) -> list[Quote]:
    """Give each quote the date the article says it was said: a resolved date or time
    expression of the quote's own sentence, outside every quotation, standing next to the
    cue ('Price said on Thursday', 'on Monday, the ministry said', 'said in a statement
    on Monday'). A date inside the quoted words is what the speaker talks about, not when
    they spoke, and a quote with no cue gets no date."""
    quoted = sorted((q.start, q.end) for q in quotes)
    for q in quotes:
        if not q.cue or q.cue == ":" or not q.sentence:
            continue
        s_lo = text.find(q.sentence, max(0, q.start - len(q.sentence)))
        if s_lo < 0 or not s_lo <= q.start <= s_lo + len(q.sentence):
            continue
        s_hi = s_lo + len(q.sentence)
        cue_at = _cue_positions(text, s_lo, s_hi, q.cue.split()[0], quoted)
        best: tuple[int, Timex] | None = None
        for t in timexes:
            if t.start < s_lo or t.end > s_hi or not t.resolved or t.type not in ("DATE", "TIME"):
                continue
            if not _DAY_VALUE.match(t.value) or any(a - 1 <= t.start and t.end <= b + 1 for a, b in quoted):
                continue
            for c_lo, c_hi in cue_at:
                gap = t.start - c_hi if t.start >= c_hi else c_lo - t.end
                if (
                    0 <= gap <= _CUE_REACH
                    and _same_clause(text, t, c_lo, c_hi)
                    and (best is None or gap < best[0])
                ):
                    best = (gap, t)
        q.date = best[1].value if best else None
    return quotes


def _cue_positions(
    text: str, lo: int, hi: int, cue: str, quoted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"\b" + re.escape(cue) + r"\b", text[lo:hi], flags=re.IGNORECASE):
        a, b = lo + m.start(), lo + m.end()
        if not any(x <= a < y for x, y in quoted):
            out.append((a, b))
    return out


def _same_clause(text: str, t: Timex, c_lo: int, c_hi: int) -> bool:
    """No quotation mark, sentence end or start of a reported clause between the date and
    the cue ('said that talks would resume next week' is not dated next week)."""
    between = text[t.end : c_lo] if t.end <= c_lo else text[c_hi : t.start]
    if any(ch in ALL_MARKS or ch in ".;!?" for ch in between):
        return False
    return not (set(re.findall(r"[a-z]+", between.lower())) & _CLAUSE_WORDS)


_CLAUSE_WORDS = {
    "that",
    "would",
    "will",
    "could",
    "should",
    "might",
    "may",
    "can",
    "must",
    "to",
    "was",
    "were",
    "is",
    "are",
    "has",
    "had",
    "have",
    "be",
    "been",
    "if",
    "when",
    "because",
    "after",
    "before",
    "until",
    "since",
    "by",
    "planned",
    "expected",
}
