"""brief.pdf: the HTML brief printed by WeasyPrint (templates/print.css), brief.json attached."""

from briefing.formats import OutputFormat
from briefing.render.outputs import RenderInput


def render(job: RenderInput) -> bytes:
    from briefing.render.context import templates_dir
    from briefing.render.html import render_print_css
    from briefing.render.pdf import PdfRequest, pdf_bytes

    settings = job.settings
    css = render_print_css(job.brief, job.templates, settings.page_size)
    request = PdfRequest(
        job.html, templates_dir(job.templates), job.brief.generated, settings.pdf_variant, job.data, css
    )
    return job.pdf_worker.render(request) if job.pdf_worker is not None else pdf_bytes(request)


FORMAT = OutputFormat("pdf", "print-ready PDF/A", render, mail="attachment", order=40)
