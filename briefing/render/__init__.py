"""Render: a ``Brief`` to brief.json, brief.html, brief.md and brief.pdf, written atomically."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import RenderSettings
from briefing.errors import ConfigError
from briefing.fileio import write_atomic
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Brief
from briefing.render.context import data_uri, load_stylesheet, templates_dir
from briefing.render.html import render_html, render_markdown, render_print_css
from briefing.render.json_out import brief_json

if TYPE_CHECKING:
    from briefing.render.pdf import PdfWorker

log = logging.getLogger(__name__)

__all__ = ["render_all", "write_atomic"]


def render_all(
    brief: Brief,
    out_dir: Path,
    formats: Sequence[str],
    settings: RenderSettings,
    data: bytes | None = None,
    pdf_worker: PdfWorker | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[Path]:
    """Render every requested format first, then write them all: a failing renderer writes nothing.

    ``data`` is brief.json when the caller has already serialised the brief (it is also the
    PDF's attachment), so the brief is serialised once per build. ``pdf_worker``, if given,
    renders the PDF (see ``briefing.render.pdf.PdfWorker``); ``progress`` counts the formats."""
    user = settings.templates
    if user is not None and not user.is_dir():
        raise ConfigError(f"template folder {user} does not exist", "check render.templates / --templates")
    branding = {
        "stylesheet": load_stylesheet(settings.stylesheet),
        "logo": data_uri(settings.logo, "logo") if settings.logo else "",
    }
    outputs: dict[str, bytes] = {}
    stage = progress.stage("rendering", len(set(formats)), "formats")
    html = ""
    if "html" in formats or "pdf" in formats:
        html = render_html(brief, user, settings.page_size, **branding)
    data = brief_json(brief) if data is None else data
    if "json" in formats:
        outputs["json"] = data
        stage.advance()
    if "html" in formats:
        outputs["html"] = html.encode("utf-8")
        stage.advance()
    if "md" in formats:
        outputs["md"] = render_markdown(brief, user).encode("utf-8")
        stage.advance()
    if "pdf" in formats:
        from briefing.render.pdf import PdfRequest, pdf_bytes

        css = render_print_css(brief, user, settings.page_size)
        request = PdfRequest(html, templates_dir(user), brief.generated, settings.pdf_variant, data, css)
        outputs["pdf"] = pdf_worker.render(request) if pdf_worker is not None else pdf_bytes(request)
        stage.advance()
    stage.finish()
    written = []
    for fmt in ("json", "html", "md", "pdf"):
        if fmt in outputs:
            path = out_dir / f"brief.{fmt}"
            write_atomic(path, outputs[fmt])
            log.info("wrote %s", path)
            written.append(path)
    return written
