"""brief.pdf: the HTML brief printed by WeasyPrint (templates/print.css), brief.json attached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.formats import OutputFormat
from briefing.render.outputs import RenderInput

if TYPE_CHECKING:
    from briefing.render.pdf import PdfRequest


def request(job: RenderInput, attachment: bytes | None) -> PdfRequest:
    """What the PDF of ``job`` is made from, with ``attachment`` (brief.json) attached."""
    from briefing.render.assets import templates_dir
    from briefing.render.pdf import PdfRequest

    settings = job.settings
    css = job.print_css
    return PdfRequest(
        job.html, templates_dir(job.templates), job.brief.generated, settings.pdf_variant, attachment, css
    )


def begin(job: RenderInput) -> None:
    """Start the PDF's layout in the worker, if there is one, before brief.json exists."""
    if job.pdf_worker is not None:
        job.pdf_worker.begin(request(job, None))


def render(job: RenderInput) -> bytes:
    from briefing.render.pdf import pdf_bytes

    made = request(job, job.data)
    return job.pdf_worker.render(made) if job.pdf_worker is not None else pdf_bytes(made)


FORMAT = OutputFormat("pdf", "print-ready PDF/A", render, mail="attachment", order=40, begin=begin)
