"""PDF through WeasyPrint, confined: nothing is fetched but files of the template folder."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing.errors import RenderError
from briefing.records import Brief

log = logging.getLogger(__name__)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # Pango/GObject libraries missing
        raise RenderError(
            f"WeasyPrint cannot load its system libraries ({exc})",
            "install Pango >= 1.44 (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        ) from exc
    return weasyprint


def confined_fetcher(root: Path) -> Any:
    """A URL fetcher that serves ``data:`` URLs and files under ``root``, and refuses the rest."""
    _weasyprint()  # a clear error if Pango is missing
    from weasyprint.urls import URLFetcher

    base = root.resolve()

    class ConfinedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if parts.netloc not in ("", "localhost") or not path.is_relative_to(base):
                    log.warning("refused to fetch %s: outside the template folder", url[:200])
                    raise ValueError("resource outside the template folder")
            elif parts.scheme != "data":
                log.warning("refused to fetch %s: only template files are used", url[:200])
                raise ValueError(f"protocol {parts.scheme!r} refused")
            return super().fetch(url, headers)

    return ConfinedFetcher()


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """WeasyPrint's font subsetter stamps the clock into fonts unless SOURCE_DATE_EPOCH is set."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1", "none")


def render_pdf(
    html: str,
    root: Path,
    brief: Brief,
    variant: str = "pdf/a-3b",
    attachment: bytes | None = None,
    css: str = "",
) -> bytes:
    """The PDF of ``html``; ``variant`` is a profile WeasyPrint writes ("pdf/a-3b", "pdf/ua-1")
    or "none". ``attachment`` (brief.json) is embedded as a file with AFRelationship /Data.
    ``css`` (print.css: page size, margin boxes, bookmarks) is applied after the page's styles.

    Reproducible: the same HTML, attachment and ``brief.generated`` give the same bytes."""
    if variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}", f"use one of {', '.join(PDF_VARIANTS)}")
    weasyprint = _weasyprint()
    fetcher = confined_fetcher(root)
    document = weasyprint.HTML(string=html, base_url=str(root.resolve()) + "/", url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_identifier": b"briefing-" + brief.generated.isoformat().encode()}
    if css:
        options["stylesheets"] = [
            weasyprint.CSS(string=css, base_url=str(root.resolve()) + "/", url_fetcher=fetcher)
        ]
    if variant != "none":
        options["pdf_variant"] = variant
    if variant.startswith("pdf/a-"):
        # PDF/A-2/3 validators flag a compressed XMP metadata stream; this keeps it plain.
        options["uncompressed_pdf"] = True
    if attachment is not None:
        options["attachments"] = [
            weasyprint.Attachment(
                string=attachment,
                name="brief.json",
                description="The brief as data (format briefing/1)",
                created=brief.generated,
                modified=brief.generated,
                relationship="Data",
                url_fetcher=fetcher,
            )
        ]
    with _source_date_epoch(int(brief.generated.timestamp())):
        pdf: bytes = document.write_pdf(**options)
    return pdf
