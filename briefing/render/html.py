"""HTML and Markdown through Jinja2. HTML is autoescaped: article text cannot inject markup.

Templates are looked up in the user's folder first, then in the packaged one; the prefix
``default:`` always names the packaged template (``{% extends "default:brief.html" %}``).
Templates run in Jinja's immutable sandbox: a template folder received from someone else
can format the brief but not reach into Python.
"""

from __future__ import annotations

import functools
import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefing.errors import ConfigError
from briefing.records import Brief
from briefing.render.assets import default_templates_dir
from briefing.render.context import branded, brief_context
from briefing.render.filters import FILTERS


@functools.lru_cache(maxsize=8)
def environment(user_root: Path | None = None) -> ImmutableSandboxedEnvironment:
    default = FileSystemLoader(str(default_templates_dir()))
    loaders: list[BaseLoader] = [PrefixLoader({"default": default}, delimiter=":")]
    if user_root is not None:
        loaders.append(FileSystemLoader(str(user_root)))
    loaders.append(default)
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def _where(exc: BaseException, roots: list[Path]) -> str:
    """``FILE:LINE`` of the template line that failed (Jinja rewrites tracebacks to template lines)."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return f"{exc.filename or exc.name}:{exc.lineno}"
    found = ""
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if any(Path(filename).is_relative_to(root) for root in roots):
            found = f"{filename}:{lineno}"
    return found


def _render(
    user_root: Path | None,
    name: str,
    brief: Brief,
    page_size: str,
    context: dict[str, Any] | None = None,
    **extra: str,
) -> str:
    """Template ``name`` rendered for ``brief``; ``context``: ``brief_context(brief,
    page_size)`` if the caller has it already."""
    env = environment(user_root.resolve() if user_root is not None else None)
    roots = [default_templates_dir().resolve()] + ([user_root.resolve()] if user_root else [])
    try:
        template = env.get_template(name)
        base = brief_context(brief, page_size) if context is None else context
        return template.render(**branded(base, **extra))
    except TemplateNotFound as exc:
        searched = " then ".join(str(r) for r in reversed(roots))
        raise ConfigError(
            f"template {exc.name} not found (searched {searched})", "check render.templates"
        ) from exc
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        where = _where(exc, roots)
        if not where:  # not raised by a template line: a bug, keep the traceback
            raise
        message = exc.message if isinstance(exc, TemplateError) and exc.message else str(exc)
        raise ConfigError(f"template error at {where}: {message}", "fix the template") from exc


def render_html(
    brief: Brief,
    root: Path | None = None,
    page_size: str = "A4",
    *,
    stylesheet: str = "",
    logo: str = "",
    context: dict[str, Any] | None = None,
) -> str:
    return _render(root, "brief.html", brief, page_size, context, stylesheet=stylesheet, logo=logo)


def render_print_css(
    brief: Brief, root: Path | None = None, page_size: str = "A4", *, context: dict[str, Any] | None = None
) -> str:
    """print.css: the paged-media rules (page size, margin boxes, bookmarks) for WeasyPrint only."""
    return _render(root, "print.css", brief, page_size, context)


def render_markdown(brief: Brief, root: Path | None = None, *, context: dict[str, Any] | None = None) -> str:
    return _render(root, "brief.md", brief, "A4", context)
