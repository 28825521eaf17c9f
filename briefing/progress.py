"""Progress on a terminal: done / total, rate and time left, one line per stage, on stderr.

    reading      356/356 files  412.3/s  done in 0.9 s
    analysing    612/1000 articles  11.8/s  33 s left
    rendering    2/3 formats

Shown only when asked for (the CLI asks when stderr is a terminal and not ``-q``): a
build under cron or with its stderr in a file prints nothing new. It is drawn from the
loop that does the work, at most every ``interval`` seconds (one clock read per step),
and never from a thread of its own: the analysis relies on its process never having had
a second thread (see ``briefing/__init__.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

_CLEAR = "\r\x1b[K"  # to the start of the line, erase it


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Stage:
    """One stage's counter; ``advance`` after each item, ``finish`` at the end."""

    def __init__(self, progress: Progress, label: str, total: int, unit: str) -> None:
        self._progress = progress
        self.label, self.total, self.unit = label, total, unit
        self.done = 0
        self._started = progress.clock()
        self._drawn_at: float | None = None
        self._draw(self._started)

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self._progress.clock()
        if self._drawn_at is None or now - self._drawn_at >= self._progress.interval:
            self._draw(now)

    def finish(self) -> None:
        """Draw the final count and end the line."""
        if self._progress.current is self:
            self._draw(self._progress.clock(), final=True)
            self._progress.end_line()

    def line(self, now: float, final: bool = False) -> str:
        elapsed = now - self._started
        text = f"{self.label:<11} {self.done}/{self.total} {self.unit}"
        if self.done and elapsed > 0.5:
            rate = self.done / elapsed
            text += f"  {rate:.1f}/s"
            if final:
                text += f"  done in {_duration(elapsed)}"
            elif self.done < self.total:
                text += f"  {_duration((self.total - self.done) / rate)} left"
        return text

    def _draw(self, now: float, final: bool = False) -> None:
        self._drawn_at = now
        self._progress.show(self, self.line(now, final))

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` as they are consumed, counted; the stage finishes with them."""
        try:
            for item in items:
                yield item
                self.advance()
        finally:
            self.finish()


class Progress:
    """Stages drawn on ``stream``; ``Progress(None)`` (or ``NO_PROGRESS``) draws nothing."""

    def __init__(
        self,
        stream: TextIO | None,
        interval: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.current: Stage | None = None
        self._shown = False

    @classmethod
    def for_terminal(cls, stream: TextIO, quiet: bool = False) -> Progress:
        """Drawn on ``stream`` only when it is a terminal and not ``quiet``."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(stream if tty and not quiet else None)

    @property
    def enabled(self) -> bool:
        return self.stream is not None

    def stage(self, label: str, total: int, unit: str = "articles") -> Stage:
        if self.current is not None:
            self.current.finish()
        return Stage(self, label, total, unit)

    def track(self, items: Iterable[T], label: str, total: int, unit: str = "articles") -> Iterator[T]:
        if not self.enabled:
            return iter(items)
        return self.stage(label, total, unit).track(items)

    def show(self, stage: Stage, text: str) -> None:
        if self.stream is None:
            return
        self.current = stage
        self.stream.write(_CLEAR + text)
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line being drawn (before a log message); the next step draws it again."""
        if self.stream is not None and self._shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self._shown = False
            if self.current is not None:
                self.current._drawn_at = None

    def end_line(self) -> None:
        if self.stream is not None and self._shown:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = False
        self.current = None


NO_PROGRESS = Progress(None)
