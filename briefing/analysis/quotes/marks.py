"""Quote marks -> quoted segments.

``find_segments(text)`` finds the words between each pair of quote marks, paragraph by
paragraph (paragraphs are separated by a blank line), in one linear pass over each: a
straight or misused mark opens or closes by the characters around it, a single-quoted
passage must close soon after it opens (else it is an apostrophe), and a quotation left
open at a paragraph's end continues into the next when that one opens with a mark.

The marks themselves are listed once, in ``briefing/data/quotes.toml``; the rest of the
product (dates, theme leads) reads them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analysis.quotes.words import quotes_data
from briefing.ingest.datelines import dateline

_MARKS: dict[str, str] = quotes_data()["marks"]
OPEN_DOUBLE = _MARKS["open_double"]
CLOSE_DOUBLE = _MARKS["close_double"]
STRAIGHT_DOUBLE = _MARKS["straight_double"]
OPEN_SINGLE = _MARKS["open_single"]
CLOSE_SINGLE = _MARKS["close_single"]
STRAIGHT_SINGLE = _MARKS["straight_single"]
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE
# English's own pair of double marks (“ ”): the first opening and closing marks listed.
CURLY_OPEN, CURLY_CLOSE = OPEN_DOUBLE[0], CLOSE_DOUBLE[0]
# Marks a sentence may end with after its full stop, in English text.
ENDING_MARKS = CURLY_CLOSE + STRAIGHT_DOUBLE + CLOSE_SINGLE + STRAIGHT_SINGLE
# Dash-introduced speech, common in translated articles: '- We will not send soldiers - he
# added.' It opens at a paragraph's or a sentence's start with a dash, a space and a capital,
# and closes at a dash (or a misplaced quote mark) followed by the lower-case words of its cue.
DASHES = _MARKS["dashes"]
# The horizontal bar, which signs a quote on its line ('"We need order." ― Jane Roe').
BAR = _MARKS["bar"]

# Any quotation mark: ``find_segments`` jumps from one to the next (every other character is passed over).
_ANY_MARK = re.compile(f"[{re.escape(ALL_MARKS)}]")
_BEFORE_OPEN = " \t\n([{/:;," + DASHES  # characters after which a mark opens a quote
_AFTER_CLOSE = " \t\n)]}.,;:!?/…" + DASHES  # characters before which a mark closes a quote
_MAX_SINGLE_QUOTE = 300  # a single-quoted passage longer than this is not a quotation
_PARA_SEP = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = ".!?"
_DASH_OPEN = re.compile(f"[{DASHES}] +(?=[A-Z])")
_DASH_CLOSE = re.compile(f'(?: +[{DASHES}]|,? *["”]) *(?=[a-z])')
_DASH_MIN_WORDS = 4


@dataclass
class Segment:
    """The words between one pair of quote marks, inside one paragraph."""

    start: int  # offsets of the quoted words (marks excluded) in doc.text
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when it runs to paragraph end
    para: int
    group: int  # segments of one quotation continued across paragraphs share a group
    single: bool = False


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text`` (blank-line separated)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SEP.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def dateline_spans(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph's dateline ('WASHINGTON (AP) — '): the place in it is
    where the story was filed, never who speaks, though a parser may make it a subject."""
    spans: list[tuple[int, int]] = []
    for lo, hi in paras:
        m = dateline(text, lo, hi)
        if m is not None:
            spans.append((lo, m.end()))
    return spans


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    """A straight or misused mark at ``i`` stands where an opening mark would; also one
    glued to the end of the sentence before it ('...next week."We will stay"')."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    glued = before in _SENTENCE_END and after.isupper()
    return (before in _BEFORE_OPEN or before in ALL_MARKS or glued) and not after.isspace()


def _closes(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return not before.isspace() and (after in _AFTER_CLOSE or after in ALL_MARKS)


def _find_single_close(text: str, i: int, hi: int) -> int | None:
    """The closing single mark of a single-quoted passage opening at ``i``."""
    limit = min(hi, i + _MAX_SINGLE_QUOTE)
    j = i + 1
    while j < limit:
        ch = text[j]
        if ch in OPEN_DOUBLE:  # a quotation nested in the single-quoted one: skip to its close
            k = j + 1
            while k < limit and text[k] not in CLOSE_DOUBLE and text[k] not in OPEN_DOUBLE:
                k += 1
            if k >= limit or text[k] not in CLOSE_DOUBLE:
                return None
            j = k + 1
            continue
        if ch in CLOSE_DOUBLE or ch == STRAIGHT_DOUBLE:
            return None
        if ch in CLOSE_SINGLE or ch == STRAIGHT_SINGLE:
            after = text[j + 1] if j + 1 < hi else " "
            before = text[j - 1]
            if not before.isspace() and not after.isalnum():
                return j
        j += 1
    return None


def _group(carried: int | None, opens_paragraph: bool, last: int) -> tuple[int, int]:
    """(a double-quoted passage's group, the last group number): the quotation ``carried``
    on from the last paragraph when the passage opens this one, else a new group."""
    if carried is not None and opens_paragraph:
        return carried, last
    return last + 1, last + 1


def find_segments(text: str) -> list[Segment]:
    """Quoted segments of ``text`` in order; one linear pass per paragraph."""
    segments: list[Segment] = []
    group = 0
    pending_group: int | None = None  # an unclosed quotation at the end of the last paragraph
    for p_index, (lo, hi) in enumerate(paragraph_spans(text)):
        carried = pending_group
        pending_group = None
        open_at: int | None = None
        i = lo
        while i < hi:
            mark = _ANY_MARK.search(text, i, hi)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
            is_double = ch in OPEN_DOUBLE or ch in CLOSE_DOUBLE or ch == STRAIGHT_DOUBLE
            if is_double:
                if open_at is None:
                    if ch in OPEN_DOUBLE or _opens(text, i, lo, hi):  # '”' misused as opening too
                        open_at = i
                elif ch in CLOSE_DOUBLE or _closes(text, i, lo, hi) or ch == STRAIGHT_DOUBLE:
                    if ch in OPEN_DOUBLE and not _closes(text, i, lo, hi):
                        open_at = i  # the earlier mark was never closed: a stray
                    else:
                        in_group, group = _group(carried, open_at == lo, group)
                        segments.append(Segment(open_at + 1, i, open_at, i, p_index, in_group))
                        carried = None
                        open_at = None
                i += 1
                continue
            single = ch in OPEN_SINGLE or ch in (STRAIGHT_SINGLE, CLOSE_SINGLE)
            if single and open_at is None and _opens(text, i, lo, hi) and text[i + 1 : i + 2].isalpha():
                close = _find_single_close(text, i, hi)
                if close is not None and close > i + 1:
                    group += 1
                    segments.append(Segment(i + 1, close, i, close, p_index, group, single=True))
                    i = close + 1
                    continue
            i += 1
        if open_at is not None:
            nxt = _next_paragraph_start(text, hi)
            continues = nxt is not None and (text[nxt] in OPEN_DOUBLE or text[nxt] == STRAIGHT_DOUBLE)
            words = len(text[open_at + 1 : hi].split())
            starts_clause = open_at == lo or text[lo:open_at].rstrip()[-1:] in (":", ",")
            if continues or (starts_clause and words >= 4):
                in_group, group = _group(carried, open_at == lo, group)
                segments.append(Segment(open_at + 1, hi, open_at, None, p_index, in_group))
                if continues:
                    pending_group = in_group
    segments = _with_dash_speech(text, segments, group)
    return [s for s in (_trim(text, seg) for seg in segments) if s is not None]


def _dash_opening(text: str, i: int, lo: int) -> bool:
    """A dash at ``i`` starts a paragraph or follows the end of a sentence."""
    if i == lo:
        return True
    before = text[lo:i].rstrip(" ")
    if len(before) < i - lo - 1:  # more than one space: not a sentence's start
        return False
    last = before[-1:]
    return last in _SENTENCE_END or (last in ALL_MARKS and before[-2:-1] in _SENTENCE_END)


def _with_dash_speech(text: str, segments: list[Segment], group: int) -> list[Segment]:
    """``segments`` and the dash-introduced speech outside them, in text order. A passage with
    no closing dash runs to its paragraph's end, and is taken only in an article that also
    closes one (so that a list of dashed items is not read as speech)."""
    found: list[tuple[Segment, bool]] = []
    for p_index, (lo, hi) in enumerate(paragraph_spans(text)):
        i = lo
        while True:
            m = _DASH_OPEN.search(text, i, hi)
            if m is None:
                break
            i = m.end()
            if not _dash_opening(text, m.start(), lo):
                continue
            close = _DASH_CLOSE.search(text, m.end(), hi)
            end = close.start() if close is not None else hi
            if len(text[m.end() : end].split()) < _DASH_MIN_WORDS:
                continue
            group += 1
            close_at = None
            if close is not None:
                close_at = close.start() + len(close.group()) - len(close.group().lstrip(" ,"))
            found.append((Segment(m.end(), end, m.start(), close_at, p_index, group), close is not None))
            i = end
    if not any(closed for _seg, closed in found):
        return segments
    dashed = [seg for seg, _closed in found]
    merged: list[Segment] = []
    for seg in segments:
        inside = any(
            d.open_mark <= seg.open_mark and seg.open_mark <= (d.close_mark or d.end) for d in dashed
        )
        if not inside:
            merged.append(seg)
    # a dash passage overlapping a quotation found by its marks is left to the marks
    kept = [d for d in dashed if not any(s.open_mark < d.open_mark < (s.close_mark or s.end) for s in merged)]
    return sorted(merged + kept, key=lambda s: s.open_mark)


def _next_paragraph_start(text: str, hi: int) -> int | None:
    j = hi
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    return j if j < n else None


def _trim(text: str, seg: Segment) -> Segment | None:
    start, end = seg.start, seg.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    seg.start, seg.end = start, end
    return seg
