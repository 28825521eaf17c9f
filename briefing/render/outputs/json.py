"""brief.json: the brief as data (the contract in docs/brief-json.md)."""

from briefing.formats import OutputFormat
from briefing.render.outputs import RenderInput


def render(job: RenderInput) -> bytes:
    return job.data


FORMAT = OutputFormat("json", "the brief as data", render, mail="optional-attachment", order=10)
