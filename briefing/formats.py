"""The registry of output formats: one place from which the config, the CLI's help, the write
order, the archive and delivery learn which formats exist.

A format is an ``OutputFormat``: its name (the ``--format`` word and the file
``brief.NAME``), a line of help, how email uses it, and its renderer, a function of a
``RenderInput`` returning the file's bytes. The packaged formats are the modules of
``briefing.render.outputs`` (each defines ``FORMAT``); another package adds one through the
entry point group ``briefing.formats`` (``name = "package.module:FORMAT"``). So a new format
is a renderer module (and, usually, its template): nothing else changes.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from briefing.render.outputs import RenderInput

log = logging.getLogger(__name__)

ENTRY_POINTS = "briefing.formats"

# How ``briefing send`` uses a format's file: the message's HTML body, its text body, an
# attachment, an attachment only with ``email.attach_json``, or not at all.
Mail = Literal["html-body", "text-body", "attachment", "optional-attachment", ""]


@dataclass(frozen=True)
class OutputFormat:
    name: str  # the --format word; the file is brief.NAME
    description: str  # one line, shown in --help
    render: Callable[[RenderInput], bytes]
    mail: Mail = ""
    order: int = 50  # the write order (the packaged ones: json 10, html 20, md 30, pdf 40)
    # Work started before brief.json is serialised (``RenderInput.data`` is not yet set), to
    # go on elsewhere meanwhile: the PDF's layout in its worker. ``render`` still makes the file.
    begin: Callable[[RenderInput], None] | None = None


@functools.cache
def registry() -> dict[str, OutputFormat]:
    """Every format by name, in write order: the packaged ones, then those of entry points."""
    from briefing.render import outputs

    found: list[OutputFormat] = []
    for module in pkgutil.iter_modules(outputs.__path__):
        found.append(importlib.import_module(f"{outputs.__name__}.{module.name}").FORMAT)
    for point in entry_points(group=ENTRY_POINTS):
        fmt = point.load()
        if not isinstance(fmt, OutputFormat):
            log.warning("entry point %s of %s is not an OutputFormat: ignored", point.name, ENTRY_POINTS)
            continue
        if any(f.name == fmt.name for f in found):
            log.warning("format %r of entry point %s is already registered: ignored", fmt.name, point.value)
            continue
        found.append(fmt)
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def names() -> list[str]:
    return list(registry())


def help_line() -> str:
    """The --format help: each format with its line."""
    return (
        "Comma-separated formats: "
        + "; ".join(f"{f.name} ({f.description})" for f in registry().values())
        + "."
    )
