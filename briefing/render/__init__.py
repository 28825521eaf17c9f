"""Render: a ``Brief`` to every requested format (see ``briefing.formats``), written atomically."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import RenderSettings
from briefing.errors import ConfigError
from briefing.fileio import write_atomic
from briefing.formats import registry
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Brief
from briefing.render.outputs import RenderInput

if TYPE_CHECKING:
    from briefing.render.pdf import PdfWorker

log = logging.getLogger(__name__)

__all__ = ["prepare", "render_all", "write_atomic"]


def prepare(
    brief: Brief,
    formats: Sequence[str],
    settings: RenderSettings,
    pdf_worker: PdfWorker | None = None,
) -> RenderInput:
    """What the renderers read, before brief.json is serialised: the formats that can start
    without it do (``OutputFormat.begin``: the PDF's layout, in its worker), so that the
    caller serialises brief.json meanwhile and gives it to ``render_all`` with this input."""
    # (The renderers' modules load here, not on import: the CLI lists the formats in its
    # help from this package without loading spaCy through the template context.)
    from briefing.render.context import data_uri, load_stylesheet

    user = settings.templates
    if user is not None and not user.is_dir():
        raise ConfigError(f"template folder {user} does not exist", "check render.templates / --templates")
    branding = {
        "stylesheet": load_stylesheet(settings.stylesheet),
        "logo": data_uri(settings.logo, "logo") if settings.logo else "",
    }
    job = RenderInput(brief, b"", settings, branding, pdf_worker)
    for name, fmt in registry().items():
        if name in formats and fmt.begin is not None:
            fmt.begin(job)
    return job


def render_all(
    brief: Brief,
    out_dir: Path,
    formats: Sequence[str],
    settings: RenderSettings,
    data: bytes | None = None,
    pdf_worker: PdfWorker | None = None,
    progress: Progress = NO_PROGRESS,
    job: RenderInput | None = None,
) -> list[Path]:
    """Render every requested format first, then write them all: a failing renderer writes nothing.

    ``data`` is brief.json when the caller has already serialised the brief (it is also the
    PDF's attachment), so the brief is serialised once per build. ``pdf_worker``, if given,
    renders the PDF (see ``briefing.render.pdf.PdfWorker``); ``progress`` counts the formats.
    ``job``: the input ``prepare`` made for this brief (and began rendering from)."""
    from briefing.render.json_out import brief_json

    if job is None:
        job = prepare(brief, formats, settings, pdf_worker)
    job.data = brief_json(brief) if data is None else data
    registered = registry()
    outputs: dict[str, bytes] = {}
    stage = progress.stage("rendering", len(set(formats)), "formats")
    for name, fmt in registered.items():  # (write order)
        if name in formats:
            outputs[name] = fmt.render(job)
            stage.advance()
    stage.finish()
    written = []
    for name, content in outputs.items():
        path = out_dir / f"brief.{name}"
        write_atomic(path, content)
        log.info("wrote %s", path)
        written.append(path)
    return written
