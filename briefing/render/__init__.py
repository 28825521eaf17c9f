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
from briefing.render.outputs import Branding, RenderInput

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
    caller serialises brief.json meanwhile (``RenderInput.data``) and gives this input to
    ``render_all``."""
    # (The renderers' modules load here, not on import: the CLI lists the formats in its
    # help from this package without loading spaCy through the template context.)
    from briefing.render.assets import data_uri, load_stylesheet

    user = settings.templates
    if user is not None and not user.is_dir():
        raise ConfigError(f"template folder {user} does not exist", "check render.templates / --templates")
    branding = Branding(
        load_stylesheet(settings.stylesheet), data_uri(settings.logo, "logo") if settings.logo else ""
    )
    job = RenderInput(brief, tuple(formats), b"", settings, branding, pdf_worker)
    for name, fmt in registry().items():
        if name in formats and fmt.begin is not None:
            fmt.begin(job)
    return job


def render_all(job: RenderInput, out_dir: Path, progress: Progress = NO_PROGRESS) -> list[Path]:
    """Render every format ``job`` asks for first, then write them all into ``out_dir``: a
    failing renderer writes nothing.

    ``job`` is what ``prepare`` made for the brief (and began rendering from); its ``data``,
    brief.json (also the PDF's attachment), is serialised here unless the caller has done so
    already, so the brief is serialised once per build. ``progress`` counts the formats."""
    from briefing.render.json_out import brief_json

    if not job.data:
        job.data = brief_json(job.brief)
    formats = job.formats
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
