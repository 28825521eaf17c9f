"""brief.md: the brief as Markdown (templates/brief.md), also the text body of the email."""

from briefing.formats import OutputFormat
from briefing.render.outputs import RenderInput


def render(job: RenderInput) -> bytes:
    from briefing.render.html import render_markdown

    return render_markdown(job.brief, job.templates, context=job.context).encode("utf-8")


FORMAT = OutputFormat("md", "Markdown", render, mail="text-body", order=30)
