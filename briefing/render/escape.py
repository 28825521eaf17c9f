"""Jinja filters that keep article text inert in the Markdown brief.

The Markdown template is not autoescaped (it is plain text), so text from articles
(titles, outlets, quotes, passages, paths, URLs) could otherwise become live links,
images, raw HTML or block structure when the ``.md`` is rendered by a Markdown viewer:

``md_escape``  inline text: Markdown punctuation and ``<``/``&`` are backslash-escaped,
               and line breaks become spaces (a line may not start a heading or quote).
``md_url``     a source URL: an autolink ``<https://...>`` only for plain http(s) URLs,
               anything else (``javascript:``, ``file:``, odd characters) as escaped text.
``md_code``    a code span (file paths): a backtick fence longer than any run inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

# The marks that open inline Markdown or HTML (emphasis, code, links and images, raw
# HTML, entities, strikethrough). Text is always inline here (list items, quotes, after
# a heading mark) and line breaks are flattened, so block syntax (#, >, -, 1.) cannot
# start; leaving ordinary punctuation alone keeps the plain-text brief readable.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SAFE_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def _flatten(value: object) -> str:
    text = "" if value is None else str(value)
    return _CONTROL.sub("", _BREAKS.sub(" ", text))


def md_escape(value: object) -> str:
    """Text that reads the same in a Markdown viewer and never becomes markup or a link."""
    return _SPECIAL.sub(r"\\\1", _flatten(value))


def md_url(value: object) -> str:
    """A URL as a Markdown autolink if it is a plain http(s) URL, else as inert text."""
    text = _flatten(value).strip()
    parts = urlsplit(text) if _SAFE_URL.fullmatch(text) else None
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.netloc:
        return f"<{text}>"
    return md_escape(text)


def md_code(value: object) -> str:
    """A code span that shows ``value`` verbatim, whatever backticks it holds."""
    text = _flatten(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


FILTERS: dict[str, Callable[[object], str]] = {"md_escape": md_escape, "md_url": md_url, "md_code": md_code}
