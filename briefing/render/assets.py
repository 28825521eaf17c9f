"""The files a rendered brief takes in: the template folders (the user's, then the packaged
one), and the user's stylesheet and logo inlined as ``data:`` URIs so the HTML stays one
self-contained file that fetches nothing."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefing.errors import ConfigError

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
MAX_INLINE_BYTES = 5_000_000


def default_templates_dir() -> Path:
    """The packaged templates (inside the wheel), else the repository's."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


def templates_dir(custom: Path | None = None) -> Path:
    """The user's template folder, else the packaged one."""
    return custom if custom is not None else default_templates_dir()


def data_uri(path: Path, what: str) -> str:
    """A local file as a ``data:`` URI, so the HTML stays one self-contained file."""
    media = MEDIA_TYPES.get(path.suffix.lower())
    if media is None:
        kinds = ", ".join(sorted(MEDIA_TYPES))
        raise ConfigError(f"{what} {path}: unsupported file type", f"use one of {kinds}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror}", f"check render.{what}") from exc
    if len(data) > MAX_INLINE_BYTES:
        raise ConfigError(f"{what} {path} is larger than 5 MB", "use a smaller file")
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]*)(?P=q)\s*\)""", re.IGNORECASE)


def load_stylesheet(path: Path | None) -> str:
    """The user's CSS, with each ``url(FILE)`` inlined as a data: URI. Files must lie in the
    stylesheet's folder; remote URLs and ``@import`` are refused: the brief fetches nothing."""
    if path is None:
        return ""
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read stylesheet {path}: {exc}", "check render.stylesheet") from exc
    if re.search(r"</\s*style", css, re.IGNORECASE) or "@import" in css.lower():
        raise ConfigError(f"stylesheet {path}: '</style>' and @import are not allowed", "remove them")
    folder = path.resolve().parent

    def inline(match: re.Match[str]) -> str:
        url = match.group("url").strip()
        if url.startswith(("data:", "#")):
            return match.group(0)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            raise ConfigError(
                f"stylesheet {path}: external reference {url[:80]!r}",
                "use a file beside the stylesheet; the brief fetches nothing",
            )
        target = (folder / unquote(parts.path)).resolve()
        if not target.is_relative_to(folder) or not target.is_file():
            raise ConfigError(
                f"stylesheet {path}: {url[:80]!r} is not a file in {folder}", "put it beside the stylesheet"
            )
        return f'url("{data_uri(target, "stylesheet")}")'

    return _URL.sub(inline, css)
