"""Stage timings of a build: seconds per pipeline stage, accumulated where the stage runs."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

STAGES = ("ingest", "analysis", "compose", "render")
_END = object()


class StageTimes(dict[str, float]):
    """Stage name -> seconds; a stage may be timed in several pieces."""

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - started

    def producing(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """``items``, with the time spent producing each (not consuming it) counted as ``name``:
        the analysis stream is timed as analysis while its consumer's merging is not."""
        iterator = iter(items)
        while True:
            with self.stage(name):
                item = next(iterator, _END)
            if item is _END:
                return
            yield item  # type: ignore[misc]

    def lines(self) -> list[str]:
        """One line per stage, in pipeline order: "ingest 1.2 s"."""
        return [f"{name} {self[name]:.1f} s" for name in STAGES if name in self]
