"""Character spans: is an offset inside any of a list of (start, end) spans?"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable


def within(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test for ``any(s <= x < e for s, e in spans)`` by bisection: the spans that start
    at or before ``x``, sorted, and the furthest any of them reaches."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = list(itertools.accumulate((e for _, e in ordered), max))

    def inside(x: int) -> bool:
        k = bisect.bisect_right(starts, x)
        return k > 0 and reach[k - 1] > x

    return inside
