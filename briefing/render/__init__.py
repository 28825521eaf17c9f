"""Render: a ``Brief`` to brief.json, brief.html, brief.md and brief.pdf, written atomically."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from briefing.config import RenderSettings
from briefing.records import Brief
from briefing.render.context import templates_dir
from briefing.render.html import render_html, render_markdown
from briefing.render.json_out import brief_json

log = logging.getLogger(__name__)

__all__ = ["render_all", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_all(brief: Brief, out_dir: Path, formats: Sequence[str], settings: RenderSettings) -> list[Path]:
    """Render every requested format first, then write them all: a failing renderer writes nothing."""
    root = templates_dir(settings.templates)
    outputs: dict[str, bytes] = {}
    html = render_html(brief, root, settings.page_size) if ("html" in formats or "pdf" in formats) else ""
    if "json" in formats:
        outputs["json"] = brief_json(brief)
    if "html" in formats:
        outputs["html"] = html.encode("utf-8")
    if "md" in formats:
        outputs["md"] = render_markdown(brief, root).encode("utf-8")
    if "pdf" in formats:
        from briefing.render.pdf import render_pdf

        outputs["pdf"] = render_pdf(html, root, brief)
    written = []
    for fmt in ("json", "html", "md", "pdf"):
        if fmt in outputs:
            path = out_dir / f"brief.{fmt}"
            write_atomic(path, outputs[fmt])
            log.info("wrote %s", path)
            written.append(path)
    return written
