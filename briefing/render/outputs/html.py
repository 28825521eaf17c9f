"""brief.html: the brief as a web page (templates/brief.html)."""

from briefing.formats import OutputFormat
from briefing.render.outputs import RenderInput


def render(job: RenderInput) -> bytes:
    return job.html.encode("utf-8")


FORMAT = OutputFormat("html", "a web page", render, mail="html-body", order=20)
