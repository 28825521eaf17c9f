"""The speed machinery of date finding: how the rules' patterns are scanned, apart from the
rules themselves (``patterns``). It finds exactly what scanning every pattern over the
text as written finds (``tests/analysis/timex/test_scanning.py`` checks it):

- Python's engine matches a case-insensitive pattern about 1.6 times slower than a
  case-sensitive one, and these patterns are tried at every word of every article: each is
  scanned over the lower-cased text, and each hit matched again in the text as written,
  which the resolvers read (capitals tell "May" from "may");
- a pattern is not scanned at all over a text holding none of the strings every match of
  it holds, its rule's ``needs`` (most articles give no clock time, quarter or season).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.analysis.timex.context import Handler
from briefing.analysis.timex.patterns import rules


def lower_pattern(pattern: str) -> str:
    """``pattern`` for lower-cased text: its literals lower-cased, escapes (``\\S``, ``\\D``,
    ``\\B``...) and group names (``(?P<Name>``, ``(?P=Name)``) left as written."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Scanner:
    pattern: re.Pattern[str]
    fast: re.Pattern[str] | None  # the pattern for lower-cased text, if it ignores case
    needs: frozenset[str] | None  # the rule's: one of them is in every match, lower-cased
    handler: Handler


@functools.lru_cache(maxsize=1)
def scanners() -> list[Scanner]:
    """The rules' patterns as they are scanned, in the rules' order."""
    out = []
    for rule in rules():
        pattern = rule.pattern
        fast = None
        if pattern.flags & re.IGNORECASE:
            fast = re.compile(lower_pattern(pattern.pattern), pattern.flags & ~re.IGNORECASE)
        out.append(Scanner(pattern, fast, rule.needs, rule.resolve))
    return out


def matches(text: str) -> Iterator[tuple[int, re.Match[str], Handler]]:
    """(rule number, match, handler) for every match of every rule in ``text``."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # not so for a few letters ("İ"): scan as written
    for order, scanner in enumerate(scanners()):
        pattern, fast, needs = scanner.pattern, scanner.fast, scanner.needs
        if needs is not None and same_length and not any(s in lowered for s in needs):
            continue
        if fast is None or not same_length:
            found = list(pattern.finditer(text))
        else:
            hits = list(fast.finditer(lowered))
            found = [m for m in (pattern.match(text, h.start()) for h in hits) if m is not None]
            if len(found) != len(hits) or any(m.end() != h.end() for m, h in zip(found, hits, strict=True)):
                found = list(pattern.finditer(text))  # case folding and lower() disagreed: as written
        for m in found:
            yield order, m, scanner.handler
