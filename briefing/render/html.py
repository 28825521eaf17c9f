"""HTML and Markdown through Jinja2. HTML is autoescaped: article text cannot inject markup."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from briefing.errors import ConfigError
from briefing.records import Brief
from briefing.render.context import FILTERS, build_context


@functools.lru_cache(maxsize=8)
def environment(root: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(root)),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def _render(root: Path, name: str, brief: Brief, page_size: str) -> str:
    try:
        template = environment(root).get_template(name)
    except TemplateNotFound as exc:
        raise ConfigError(f"template {name} not found in {root}", "check render.templates") from exc
    return template.render(**build_context(brief, page_size))


def render_html(brief: Brief, root: Path, page_size: str = "A4") -> str:
    return _render(root, "brief.html", brief, page_size)


def render_markdown(brief: Brief, root: Path) -> str:
    return _render(root, "brief.md", brief, "A4")
