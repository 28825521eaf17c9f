"""From a document's text to titled, dated, boilerplate-free paragraphs.

Each kept paragraph remembers its offset in the decoded file, so analysis
offsets can be reported against the source (``Article.to_raw``). Rules live in
``briefing/data/boilerplate.toml``; this module only applies them.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from briefing.ingest.values import outlet_from, parse_date
from briefing.records import Paragraph

__all__ = [
    "Cleaned",
    "classify",
    "clean",
    "is_heading",
    "not_title",
    "outlet_from",
    "parse_date",
    "read_meta_line",
    "rules",
    "sentence_ends",
    "split_paragraphs",
    "unglue",
    "words",
]

_TERMINAL = tuple(".!?\"”’'…)")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


@dataclass(frozen=True)
class LineRule:
    kind: str
    regex: re.Pattern[str]
    max_words: int


@dataclass(frozen=True)
class MetaRule:
    field: str
    regex: re.Pattern[str]


@dataclass
class Cleaned:
    paragraphs: list[Paragraph]
    meta: dict[str, Any] = field(default_factory=dict)  # from the text: title, published, outlet, author
    removed: list[str] = field(default_factory=list)  # "kind: line"


@functools.lru_cache(maxsize=1)
def _boilerplate() -> dict[str, Any]:
    """The packaged boilerplate.toml, read once for its line, meta, title and heading rules."""
    return tomllib.loads(resources.files("briefing.data").joinpath("boilerplate.toml").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def rules() -> tuple[tuple[LineRule, ...], tuple[MetaRule, ...]]:
    data = _boilerplate()
    lines = tuple(
        LineRule(
            r["kind"], re.compile(r["pattern"], 0 if r.get("case") else re.I), int(r.get("max_words", 12))
        )
        for r in data.get("line", [])
    )
    metas = tuple(MetaRule(r["field"], re.compile(r["pattern"], re.I)) for r in data.get("meta", []))
    return lines, metas


@dataclass(frozen=True)
class SentenceEnds:
    spaced: re.Pattern[str]  # a sentence end, a space and the next sentence
    glued: re.Pattern[str]  # a sentence end with no space before the next sentence
    glued_stop: re.Pattern[str]  # the stop alone of such an end (the analysis's tokenizer)


@functools.lru_cache(maxsize=1)
def sentence_ends() -> SentenceEnds:
    data = _boilerplate()["sentence_end"]
    return SentenceEnds(re.compile(data["spaced"]), re.compile(data["glued"]), re.compile(data["glued_stop"]))


@dataclass(frozen=True)
class TitleRules:
    max_words: int
    not_title: tuple[tuple[str, re.Pattern[str], bool], ...]  # (kind, whole-line pattern, body)


@functools.lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    data = _boilerplate()
    return TitleRules(
        int(data.get("title", {}).get("max_words", 30)),
        tuple(
            (r["kind"], re.compile(r["pattern"], 0 if r.get("case") else re.I), bool(r.get("body")))
            for r in data.get("not_title", [])
        ),
    )


def not_title(line: str, content: bool = False) -> tuple[str, bool] | None:
    """Why a heading-like line of the text is not the article's headline, and whether it
    is article prose (no later line is then the headline); None when it may be one.
    ``content``: ``classify`` has already found the line is no page furniture."""
    furniture = None if content else classify(line)
    if furniture is not None:
        return furniture, False  # page furniture: a later line may still be the title
    rules_ = title_rules()
    for kind, regex, body in rules_.not_title:
        if regex.fullmatch(line):
            return kind, body
    if count_words(line, rules_.max_words + 1) > rules_.max_words:
        return "too long", True
    return None


def unglue(text: str) -> str:
    """The text (a title, an item of the brief) with a space where scraping glued two of
    its sentences together ("of Belarus.\"He accused" when the quotation closes there,
    "in Riga. \"We will" when it opens)."""

    def spaced(m: re.Match[str]) -> str:
        if m["straight"] and text.count('"', 0, m.start("straight")) % 2 == 0:
            return m.group()[:-1] + ' "'  # the quote opens the next sentence
        return m.group() + " "

    return sentence_ends().glued.sub(spaced, text)


@functools.lru_cache(maxsize=1)
def _max_rule_words() -> int:
    return max((rule.max_words for rule in rules()[0]), default=0)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def count_words(text: str, cap: int) -> int:
    """The number of words in ``text``, counting no further than ``cap`` (cheap on huge lines)."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), cap))


def norm(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def iter_lines(text: str) -> Iterator[tuple[str, int]]:
    """(stripped line, offset of its first character); blank lines give ("", offset)."""
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if match.start() == len(text) and not match.group():
            break
        raw = match.group().rstrip("\r\n")
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        yield stripped, match.start() + lead


def _blocks(text: str) -> Iterator[list[tuple[str, int]]]:
    block: list[tuple[str, int]] = []
    for line, start in iter_lines(text):
        if line:
            block.append((line, start))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _is_wrapped(block: list[tuple[str, int]]) -> bool:
    """Hard-wrapped prose: every line but the last is long and runs on without a sentence end."""
    if len(block) < 2:
        return False
    longest = max(len(line) for line, _ in block)
    return all(len(line) >= max(30, 0.6 * longest) for line, _ in block[:-1]) and not all(
        line.endswith(_TERMINAL) for line, _ in block[:-1]
    )


def split_paragraphs(text: str) -> list[tuple[str, int]]:
    """Paragraphs of the text with their offsets: a line each, or joined wrapped lines."""
    out: list[tuple[str, int]] = []
    for block in _blocks(text):
        if _is_wrapped(block):
            _first, start = block[0]
            end = block[-1][1] + len(block[-1][0])
            # Newlines become spaces: the same length, so offsets inside stay exact.
            joined = re.sub(r"\s", " ", text[start:end])
            out.append((joined, start))
        else:
            out.extend(block)
    return out


def classify(line: str) -> str | None:
    """The boilerplate kind of a line, or None for content."""
    n_words = count_words(line, _max_rule_words() + 1)
    for rule in rules()[0]:
        if n_words <= rule.max_words and rule.regex.fullmatch(line):
            return rule.kind
    return None


def read_meta_line(line: str) -> tuple[str, Any] | None:
    """(field, value) when the line is a metadata line (date, source, byline)."""
    if count_words(line, 15) > 14:
        return None
    for rule in rules()[1]:
        match = rule.regex.fullmatch(line)
        if not match:
            continue
        value = match.group("value").strip()
        if rule.field in ("published", "updated"):
            date = parse_date(value)
            if date is not None:
                return rule.field, date
            continue
        if rule.field == "outlet":
            return "outlet", outlet_from(value)
        return rule.field, value
    return None


@dataclass(frozen=True)
class HeadingRule:
    body_min_words: int
    kicker_max_words: int
    credit_tail_max_words: int


@functools.lru_cache(maxsize=1)
def heading_rule() -> HeadingRule:
    data = _boilerplate()
    h = data.get("heading", {})
    return HeadingRule(
        int(h.get("body_min_words", 18)),
        int(h.get("kicker_max_words", 4)),
        int(h.get("credit_tail_max_words", 8)),
    )


_CLOSERS = "'\"”’)]"


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith((".", "!", "?", "…"))


def _mostly_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def _is_run_on_body(line: str, n_words: int) -> bool:
    """A long line of prose that lost its final period: clauses, not a headline."""
    rule = heading_rule()
    if n_words < rule.body_min_words or _mostly_capitals(line) or ": " in line or line.endswith(")"):
        return False
    ends = sentence_ends()
    glued = ends.glued.search(line)
    if glued and len(words(line[: glued.start()])) <= rule.kicker_max_words:
        return False  # "Kicker.Headline"
    spaced = list(ends.spaced.finditer(line))
    if spaced and not _ends_sentence(line):
        tail = line[spaced[-1].end() - 1 :]
        if len(words(tail)) <= rule.credit_tail_max_words:
            return False  # a caption's credit after its last sentence
    return "," in line or line.startswith(("-", "–", "—")) or bool(glued) or bool(spaced)


def is_heading(line: str) -> bool:
    """A headline, subhead or caption: short, capitalised, no sentence end; not
    several sentences ending in sentence punctuation nor a long run-on line of prose."""
    n = count_words(line, 31)
    if not (1 <= n <= 30) or line.rstrip("'\"”’").endswith((".", ",", ";", ":")) or line[0].islower():
        return False
    if _ends_sentence(line) and sentence_ends().spaced.search(line):
        return False  # several sentences: "In 2019. In 2020. Has the world heard?"
    return not _is_run_on_body(line, n)


def _is_fragment(line: str) -> bool:
    """One or two words without a sentence end: datelines, widget labels, CMS user names."""
    return count_words(line, 3) <= 2 and not line.endswith((".", "!", "?", '"', "”"))


def _covered(short: str, long: str, threshold: float = 0.8) -> bool:
    """Most words of ``short`` occur in ``long``: a standfirst repeating the lead."""
    s = words(short.lower())
    if len(s) < 6:
        return False
    lng = set(words(long.lower()))
    return sum(w in lng for w in s) / len(s) >= threshold


def clean(text: str, title: str | None = None) -> Cleaned:
    """Drop boilerplate, read metadata lines, find the title, drop repeats."""
    result = Cleaned(paragraphs=[])
    kept: list[tuple[str, int]] = []
    for line, start in split_paragraphs(text):
        meta = read_meta_line(line)
        if meta is not None:
            result.meta.setdefault(meta[0], meta[1])
            result.removed.append(f"metadata: {line}")
            continue
        kind = classify(line)
        if kind is not None:
            result.removed.append(f"{kind}: {line}")
            continue
        kept.append((line, start))

    found = title is None
    if title is None:
        # The headline: the first heading-like line near the top.
        for line, _ in kept[:6]:
            if not is_heading(line) or len(words(line)) < 3:
                continue
            why = not_title(line, content=True)  # (kept: classify found no furniture)
            if why is None:
                title = line
            if why is None or why[1]:
                break
    if title:
        result.meta["title"] = unglue(title) if found else title
        tnorm = norm(title)
        is_title = [norm(line) == tnorm for line, _ in kept]
        result.removed.extend(f"headline: {line}" for (line, _), t in zip(kept, is_title, strict=True) if t)
        kept = [item for item, t in zip(kept, is_title, strict=True) if not t]

    # One pass from the end: which lines recur later (linear, however many lines there are).
    norms = [norm(line) for line, _ in kept]
    recurs = [False] * len(kept)
    later_norms: set[str] = set()
    for i in range(len(kept) - 1, -1, -1):
        recurs[i] = norms[i] in later_norms
        later_norms.add(norms[i])
    survivors: list[tuple[str, int]] = []
    for i, (line, start) in enumerate(kept):
        if _is_fragment(line):
            result.removed.append(f"fragment: {line}")
        elif recurs[i]:
            result.removed.append(f"repeated: {line}")  # the later copy stands in its context
        elif (
            i < 6
            and not is_heading(line)
            and count_words(line, 61) <= 60
            and any(len(o) > len(line) and _covered(line, o) for o, _ in kept[i + 1 :])
        ):
            result.removed.append(f"repeated lead: {line}")
        else:
            survivors.append((line, start))

    result.paragraphs = [
        Paragraph(line, start, "heading" if is_heading(line) else "body") for line, start in survivors
    ]
    if "published" not in result.meta and "updated" in result.meta:
        result.meta["published"] = result.meta["updated"]
    result.meta.pop("updated", None)
    return result
