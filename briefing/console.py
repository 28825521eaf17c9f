"""The command line's terminal: log lines, progress and messages on stderr, and a user
error as one line with its exit code.

``setup_logging`` is called once per run (the app's callback) and decides --quiet; ``say``
prints normal output unless quiet, ``progress`` draws on a terminal only, and ``error`` and
``run`` turn a ``UserError`` into ``briefing: error: WHAT`` and the error's exit code.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from briefing.errors import EXIT_USAGE, UserError
from briefing.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from briefing.deliver import Delivery
    from briefing.pipeline import BuildResult

T = TypeVar("T")
log = logging.getLogger("briefing")


def error(message: str, code: int) -> typer.Exit:
    """``briefing: error: WHAT (HOW TO FIX)`` on stderr (a progress line erased first); the
    caller raises the returned exit."""
    for handler in _handlers:
        handler.progress.clear()
    typer.echo(f"briefing: error: {message}", err=True)
    return typer.Exit(code)


def run(fn: Callable[[], T]) -> T:
    """Call the library; a user error becomes one line on stderr and its exit code."""
    try:
        return fn()
    except UserError as exc:
        raise error(str(exc), exc.exit_code) from None


_state = {"quiet": False}


class _LogHandler(logging.StreamHandler):
    """Log lines on stderr that first erase a progress line being drawn there."""

    progress: Progress = NO_PROGRESS

    def emit(self, record: logging.LogRecord) -> None:
        self.progress.clear()
        super().emit(record)


_handlers: list[_LogHandler] = []  # the one writing to stderr


def progress() -> Progress:
    """Progress on stderr if it is a terminal and not --quiet; log lines erase it first."""
    shown = Progress.for_terminal(sys.stderr, quiet=bool(_state["quiet"]))
    for handler in _handlers:
        handler.progress = shown
    return shown


def say(message: str, err: bool = False) -> None:
    """Normal output: suppressed by --quiet (cron: silent on success)."""
    if not _state["quiet"]:
        typer.echo(message, err=err)


def setup_logging(verbose: int, quiet: bool, log_file: Path | None = None) -> None:
    """Log to stderr at the level -v/-q ask for, and also to ``log_file`` if given."""
    _state["quiet"] = quiet
    level = (
        logging.ERROR
        if quiet
        else logging.DEBUG
        if verbose > 1
        else logging.INFO
        if verbose
        else logging.WARNING
    )
    handler = _LogHandler(sys.stderr)
    _handlers[:] = [handler]
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("briefing: %(levelname)s: %(message)s"))
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    if log_file is not None:
        try:
            file_handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise error(f"cannot open --log-file {log_file}: {exc.strerror}", EXIT_USAGE) from None
        file_handler.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s briefing[%(process)d] %(levelname)s: %(message)s")
        )
        root.addHandler(file_handler)
        root.setLevel(min(level, file_handler.level))


def report_build(result: BuildResult) -> None:
    """What ``build`` says: a line of counts on stderr and the files written on stdout."""
    brief = result.brief
    if brief is None:
        say(f"brief in {result.folder} is up to date (no new or changed articles)", err=True)
    else:
        for skipped in brief.skipped:
            log.debug("skipped %s: %s", skipped.path, skipped.reason)
        say(
            f"brief from {len(brief.sources)} article(s) ({len(result.analysed)} analysed, "
            f"{result.reused} from the store), {len(brief.skipped)} skipped: "
            f"{sum(len(t.points) for t in brief.themes)} theme points, {len(brief.quotes)} quotes, "
            f"{len(brief.developments)} developments",
            err=True,
        )
        if brief.new_summary:
            say(brief.new_summary, err=True)
        for path in result.written:
            say(str(path))
    if result.delivery is not None:
        report_delivery(result.delivery)


def report_delivery(delivery: Delivery) -> None:
    """What ``send`` (or ``build --send``) says: the message file, or whom it was sent to."""
    if delivery.eml is not None:
        say(str(delivery.eml))
        return
    without = f" without {' and '.join(delivery.left_out)} (too large for email)" if delivery.left_out else ""
    for address in delivery.sent:
        say(f"sent to {address}{without}", err=True)
    if delivery.already_sent:
        say(f"already sent to {', '.join(delivery.already_sent)}: not resent", err=True)
