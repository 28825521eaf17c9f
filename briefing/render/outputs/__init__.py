"""The packaged output formats, one module each (``FORMAT``: see ``briefing.formats``), and
what every renderer is given."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import RenderSettings
from briefing.records import Brief

if TYPE_CHECKING:
    from briefing.render.pdf import PdfWorker


@dataclass(frozen=True)
class Branding:
    """The user's branding (``render.stylesheet``, ``render.logo``): the stylesheet's CSS with
    its files inlined, and the logo as a data: URI; "" when not given."""

    stylesheet: str = ""
    logo: str = ""


@dataclass
class RenderInput:
    """What ``render_all`` and every renderer read: the brief, the formats asked for, its
    brief.json bytes (serialised once per build; empty until then), the render settings, the
    user's template folder and branding, the PDF worker if any. ``briefing.render.prepare``
    makes it."""

    brief: Brief
    formats: tuple[str, ...]
    data: bytes
    settings: RenderSettings
    branding: Branding
    pdf_worker: PdfWorker | None = None

    @property
    def templates(self) -> Path | None:
        return self.settings.templates

    @functools.cached_property
    def context(self) -> dict[str, Any]:
        """What the templates read of the brief (made once, for every template)."""
        from briefing.render.context import brief_context

        return brief_context(self.brief, self.settings.page_size)

    @functools.cached_property
    def html(self) -> str:
        """The HTML brief (rendered once, for the HTML file and the PDF alike)."""
        from briefing.render.html import render_html

        page_size = self.settings.page_size
        return render_html(
            self.brief,
            self.templates,
            page_size,
            context=self.context,
            stylesheet=self.branding.stylesheet,
            logo=self.branding.logo,
        )

    @functools.cached_property
    def print_css(self) -> str:
        """The PDF's print.css (rendered once, for the layout and the finished PDF alike)."""
        from briefing.render.html import render_print_css

        return render_print_css(self.brief, self.templates, self.settings.page_size, context=self.context)
