"""PDF through WeasyPrint, confined: nothing is fetched but files of the template folder."""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import subprocess
import sys
import traceback
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from briefing.errors import RenderError, UserError
from briefing.records import Brief
from briefing.threads import one_blas_thread_environ

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
    return pdf_bytes(PdfRequest(html, root, brief.generated, variant, attachment, css))


@dataclass(frozen=True)
class PdfRequest:
    """What a PDF is made from (``render_pdf``'s arguments, of the brief only its date)."""

    html: str
    root: Path
    generated: dt.datetime
    variant: str = "pdf/a-3b"
    attachment: bytes | None = None
    css: str = ""


def pdf_bytes(request: PdfRequest) -> bytes:
    """The PDF ``request`` asks for (see ``render_pdf``)."""
    return _written(_laid_out(request), request)


@dataclass
class _Layout:
    """A PDF laid out (WeasyPrint's ``Document``) with the options it was laid out with."""

    document: Any
    options: dict[str, Any]


def _laid_out(request: PdfRequest) -> _Layout:
    """The pages of ``request``'s PDF laid out: the work that needs the HTML and the
    stylesheet, not the attachment (``_written`` adds it)."""
    html, root, generated = request.html, request.root, request.generated
    variant, css = request.variant, request.css
    if variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}", f"use one of {', '.join(PDF_VARIANTS)}")
    weasyprint = _weasyprint()
    fetcher = confined_fetcher(root)
    document = weasyprint.HTML(string=html, base_url=str(root.resolve()) + "/", url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_identifier": b"briefing-" + generated.isoformat().encode()}
    if css:
        options["stylesheets"] = [
            weasyprint.CSS(string=css, base_url=str(root.resolve()) + "/", url_fetcher=fetcher)
        ]
    if variant != "none":
        options["pdf_variant"] = variant
    # (As WeasyPrint's ``HTML.write_pdf`` does: ``render``, then the document's ``write_pdf``.)
    with _source_date_epoch(int(generated.timestamp())):
        return _Layout(document.render(**options), options)


def _written(layout: _Layout, request: PdfRequest) -> bytes:
    """The PDF of pages laid out by ``_laid_out``, with ``request``'s attachment."""
    weasyprint = _weasyprint()
    generated, variant, attachment = request.generated, request.variant, request.attachment
    options = dict(layout.options)
    # A PDF/A-2/3 checker flags a compressed XMP metadata stream: that one stream is left
    # plain, while the pages, fonts and brief.json are compressed as usual; every stream
    # ends with an end-of-line its /Length cannot be misread across (``_eol_safe``).
    finisher = _plain_metadata if variant.startswith("pdf/a-") else _eol_safe_streams
    if attachment is not None:
        options["attachments"] = [
            weasyprint.Attachment(
                string=attachment,
                name="brief.json",
                description="The brief as data (format briefing/1)",
                created=generated,
                modified=generated,
                relationship="Data",
                url_fetcher=confined_fetcher(request.root),
            )
        ]
    with _source_date_epoch(int(generated.timestamp())):
        pdf: bytes = layout.document.write_pdf(finisher=finisher, **options)
    return pdf


def _plain_metadata(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher (called before the PDF is written): the XMP metadata stream
    is written uncompressed, every other stream compressed (PDF/A-2/3 allow both)."""
    reference = pdf.catalog.get("Metadata")
    if reference is not None:
        pdf.objects[int(bytes(reference).split()[0])].compress = False
    _eol_safe_streams(document, pdf)


def _eol_safe_streams(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: every stream written by ``_eol_safe`` (see there), and an
    attached file compressed here (``_deflate_attachment``)."""
    import pydyf  # type: ignore[import-untyped]

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            _deflate_attachment(obj)
            obj.__class__ = _eol_safe(type(obj))


ATTACHMENT_LEVEL = 6  # zlib's level for an attached file (brief.json)


def _deflate_attachment(stream: Any) -> None:
    """An attached file's stream compressed at ``ATTACHMENT_LEVEL`` rather than at the
    level 9 the PDF writer uses for every stream: brief.json at 1,000 articles (5.9 MB)
    takes about a quarter of the time (0.07 s instead of 0.28 s) for 13% more bytes
    (353 kB instead of 313 kB). The stream then says it is compressed (/FlateDecode)
    and is written as it stands; its /Params (size, checksum) are those of the file."""
    extra = getattr(stream, "extra", None)
    if not stream.compress or extra is None or extra.get("Type") != "/EmbeddedFile":
        return
    if not all(isinstance(item, bytes) for item in stream.stream):
        return
    raw = b"\n".join(stream.stream)
    stream.stream = [zlib.compress(raw, ATTACHMENT_LEVEL)]
    extra["Filter"] = "/FlateDecode"
    stream.compress = False


_SAFE: dict[type, type] = {}
_END = b"\nendstream"


def _eol_safe(cls: type) -> type:
    """A stream class writing CR LF before ``endstream`` when the stream's data ends with a
    CR (compressed data does, one stream in 256): after a bare LF, a checker reads that CR
    as part of the end-of-line and finds the /Length one byte too long (PDF/A: "a stream
    /Length does not match its raw content length"). Any other stream is written as before."""
    if cls not in _SAFE:
        plain: Any = getattr(cls, "data")  # noqa: B009  (the property, as the class defines it)

        def data(self: Any) -> bytes:
            written: bytes = plain.__get__(self, type(self))
            if written.endswith(_END) and written[: -len(_END)].endswith(b"\r"):
                return written[: -len(_END)] + b"\r" + _END
            return written

        _SAFE[cls] = type(f"EolSafe{cls.__name__}", (cls,), {"data": property(data)})
    return _SAFE[cls]


class PdfWorker:
    """A process that renders PDFs, started before the analysis so that WeasyPrint's import
    (about a third of a second) runs on another core meanwhile, and its layout objects are
    freed there: a nightly build that adds a few articles takes about 4 s, of which the PDF
    is the largest part. A process, not a thread: spaCy runs slower in a process that has
    ever had a second thread (see briefing/threads.py). Started as ``python -m
    briefing.render.pdf``, so no caller's script is imported again as multiprocessing's
    spawn would. If the worker cannot be used, the PDF is rendered in this process.
    ``begin`` starts the layout before the attachment (brief.json) exists: the caller
    serialises it while the worker lays the pages out, and ``render`` sends it.

        with PdfWorker() as worker:
            ...  # the analysis
            worker.begin(PdfRequest(html, root, generated))  # (optional)
            ...  # brief.json serialised
            pdf = worker.render(PdfRequest(html, root, generated, attachment=data))
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._begun: PdfRequest | None = None  # laid out there, waiting for its attachment
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "briefing.render.pdf"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=one_blas_thread_environ(),  # the worker loads NumPy on import (briefing/threads.py)
            )
        except OSError as exc:
            log.info("PDF worker not started (%s): the PDF is rendered here", exc)

    def begin(self, request: PdfRequest) -> None:
        """Start laying out ``request``'s pages now (its attachment is not sent: ``render``
        sends it), so that the caller serialises brief.json meanwhile; a later ``render``
        of the same request with its attachment finishes that PDF."""
        process = self._process
        if process is None or process.stdin is None or self._begun is not None:
            return
        try:
            pickle.dump(("layout", replace(request, attachment=None)), process.stdin)
            process.stdin.flush()
        except OSError as exc:
            log.info("PDF worker unusable (%s): the PDF is rendered here", exc)
            self.close()
            return
        self._begun = request

    def render(self, request: PdfRequest) -> bytes:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            return pdf_bytes(request)
        begun, self._begun = self._begun, None
        try:
            if begun is not None and replace(begun, attachment=None) == replace(request, attachment=None):
                pickle.dump(("attach", request.attachment), process.stdin)
            else:
                if begun is not None:  # laid out for another request: that one is dropped
                    pickle.dump(("drop", None), process.stdin)
                pickle.dump(request, process.stdin)
            process.stdin.flush()
            reply = pickle.load(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:  # it died or never ran
            log.info("PDF worker unusable (%s): the PDF is rendered here", exc)
            self.close()
            return pdf_bytes(request)
        kind, *rest = reply
        if kind == "pdf":
            pdf: bytes = rest[0]
            return pdf
        if kind == "user":
            raise RenderError(*rest)
        raise RuntimeError(f"the PDF worker failed:\n{rest[0]}")

    def close(self) -> None:
        process, self._process = self._process, None
        self._begun = None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """The worker's loop: a reply for each request, until the requests end."""
    with suppress(RenderError):  # each request will report it
        _weasyprint()  # imported while the caller analyses
    while True:
        try:
            message = pickle.load(requests)
        except EOFError:
            return
        layout: _Layout | BaseException | None = None
        if isinstance(message, tuple) and message[0] == "layout":
            # ("layout", request): lay the pages out, then wait for ("attach", bytes) to write
            # the PDF (or ("drop", None): no PDF), while the caller serialises brief.json.
            request = message[1]
            try:
                layout = _laid_out(request)
            except Exception as exc:  # reported with the reply
                layout = exc
            try:
                kind, attachment = pickle.load(requests)
            except EOFError:
                return
            if kind != "attach":
                continue
            request = replace(request, attachment=attachment)
        else:
            request = message
        try:
            if isinstance(layout, BaseException):
                raise layout
            reply: tuple[Any, ...] = (
                "pdf",
                pdf_bytes(request) if layout is None else _written(layout, request),
            )
        except UserError as exc:
            reply = ("user", exc.message, exc.fix)
        except Exception:  # a bug: its traceback goes to the caller
            reply = ("bug", traceback.format_exc())
        pickle.dump(reply, replies)
        replies.flush()


if __name__ == "__main__":
    # The replies get their own copy of standard output, which then points at standard
    # error, so nothing a library prints can corrupt them.
    _replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve(sys.stdin.buffer, _replies)
    # The caller waits for this exit: tearing down WeasyPrint's objects one by one would
    # take a third of a second, and the worker has nothing else to flush or write.
    sys.stderr.flush()
    os._exit(0)
