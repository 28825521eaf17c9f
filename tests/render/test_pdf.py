"""The PDF read back: text, sections, fonts, metadata; rendering fetches nothing outside templates."""

import datetime as dt
import http.server
import threading
import typing
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.render.context import templates_dir
from briefing.render.pdf import render_pdf
from tests.render.test_html import tiny_brief


@pytest.fixture(scope="module")
def reader(sample_brief: Path) -> PdfReader:
    return PdfReader(sample_brief / "brief.pdf")


def test_pdf_has_every_section_and_page_numbers(reader: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Summary", "NATO posture", "Sanctions", "Key quotes", "Timeline", "Sources"):
        assert heading in text
    assert f"page 1 of {len(reader.pages)}" in text
    assert "Ned Price" in text


def test_pdf_metadata(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Situation brief"
    assert "Sanctions" in (meta.get("/Keywords") or "")
    assert meta.creation_date == dt.datetime(2022, 2, 8, 6, 0, tzinfo=dt.UTC)


def test_pdf_fonts_are_embedded(reader: PdfReader) -> None:
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_pdf_bookmarks_for_sections(reader: PdfReader) -> None:
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Summary" in titles and "Timeline" in titles and "Sources" in titles


def test_same_inputs_and_clock_give_identical_pdf() -> None:
    brief = tiny_brief()
    html = "<html><head><title>x</title></head><body><p>Same text.</p></body></html>"
    assert render_pdf(html, templates_dir(), brief) == render_pdf(html, templates_dir(), brief)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: typing.ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_rendering_fetches_nothing_outside_the_templates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red }")
    url = f"http://127.0.0.1:{server.server_port}"
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/style.css">'
        f'<link rel="stylesheet" href="file://{secret}"><style>@import "{url}/imp.css";'
        f'body {{ background: url("{url}/bg.png") }}</style></head>'
        f'<body><img src="{url}/img.png"><img src="file:///etc/hostname"><p>text</p></body></html>'
    )
    try:
        pdf = render_pdf(html, templates_dir(), tiny_brief())
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    refused = " ".join(r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage())
    assert str(secret) in refused and "/etc/hostname" in refused
    assert PdfReader(BytesIO(pdf)).pages


def test_missing_pango_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint raises OSError at import when Pango is missing: one clear line, exit code 2."""
    import builtins
    import sys

    from briefing.errors import EXIT_USAGE, RenderError

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    for name in [m for m in sys.modules if m.startswith("weasyprint")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(RenderError) as info:
        render_pdf("<p>x</p>", templates_dir(), tiny_brief())
    assert info.value.exit_code == EXIT_USAGE and "Pango" in str(info.value)
