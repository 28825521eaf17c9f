"""The PDF read back: text, sections, fonts, metadata; rendering fetches nothing outside templates."""

import datetime as dt
import http.server
import re
import shutil
import subprocess
import threading
import typing
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.records import Brief
from briefing.render.assets import templates_dir
from briefing.render.html import render_html, render_print_css
from briefing.render.pdf import PdfRequest, render_pdf
from tests.render.test_html import tiny_brief


@pytest.fixture(scope="module")
def reader(sample_brief: Path) -> PdfReader:
    return PdfReader(sample_brief / "brief.pdf")


def test_pdf_has_every_section_and_page_numbers(reader: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in HEADINGS:
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
    assert "Key points" in titles and "Key figures" in titles and "Timeline" in titles and "Sources" in titles


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


# ---- the document worth forwarding: profile, attachment, fonts, reading order, navigation ----

HEADINGS = [
    "Key points",
    "Key figures",
    "Who’s who",
    "NATO posture",
    "Sanctions",
    "Key quotes",
    "Timeline",
    "Sources",
]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian: apt-get install poppler-utils)")
    return path


def _page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_default_pdf_validates_as_pdf_a_3b(sample_brief: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation (dev extra) not installed")
    report = page.validate_pdf(sample_brief / "brief.pdf", profile="3b")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_pdf_ua_variant_validates_as_pdf_ua_1(sample_brief: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation (dev extra) not installed")
    html = (sample_brief / "brief.html").read_text(encoding="utf-8")
    css = render_print_css(_sample_clock(), None, "A4")
    pdf = render_pdf(html, templates_dir(), _sample_clock(), "pdf/ua-1", css=css)
    report = page.validate_pdf_bytes(pdf, profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    assert "/StructTreeRoot" in PdfReader(BytesIO(pdf)).trailer["/Root"]


def test_validator_catches_a_profile_violation() -> None:
    """The check can fail: an untagged PDF is not PDF/UA-1."""
    page = pytest.importorskip("page", reason="page-validation (dev extra) not installed")
    pdf = render_pdf("<p>x</p>", templates_dir(), tiny_brief(), "none")
    assert not page.validate_pdf_bytes(pdf, profile="ua1").is_compliant


def test_brief_json_is_attached_as_data(sample_brief: Path, reader: PdfReader) -> None:
    assert reader.attachments["brief.json"] == [(sample_brief / "brief.json").read_bytes()]
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index("brief.json") + 1].get_object()
    assert spec["/AFRelationship"] == "/Data"
    assert any(ref.get_object() == spec for ref in reader.trailer["/Root"]["/AF"])


def test_streams_are_compressed_but_the_xmp_metadata(sample_brief: Path, reader: PdfReader) -> None:
    """PDF/A-3 allows compressed streams; a checker flags compressed XMP metadata only."""
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    embedded = names[names.index("brief.json") + 1].get_object()["/EF"]["/F"].get_object()
    assert embedded["/Filter"] == "/FlateDecode"
    assert len(embedded._data) < (sample_brief / "brief.json").stat().st_size / 4
    assert reader.pages[0]["/Contents"].get_object()["/Filter"] == "/FlateDecode"
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in metadata and b"pdfaid" in metadata._data


def _sample_clock() -> Brief:
    brief = tiny_brief()
    brief.generated = dt.datetime(2022, 2, 8, 6, 0, tzinfo=dt.UTC)
    return brief


def test_real_brief_is_byte_identical_for_the_same_inputs_and_clock(sample_brief: Path) -> None:
    """Re-rendering the sample brief's HTML with its brief.json attached gives the very same bytes."""
    html = (sample_brief / "brief.html").read_text(encoding="utf-8")
    data = (sample_brief / "brief.json").read_bytes()
    css = render_print_css(_sample_clock(), None, "A4")
    pdf = render_pdf(html, templates_dir(), _sample_clock(), "pdf/a-3b", attachment=data, css=css)
    assert pdf == (sample_brief / "brief.pdf").read_bytes()


def test_pdffonts_every_font_embedded(sample_brief: Path) -> None:
    out = subprocess.run(
        [_tool("pdffonts"), str(sample_brief / "brief.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    # columns from the right: object ID (2), uni, sub, emb
    assert all(row[-5] == "yes" for row in rows), out


def test_text_reads_back_in_order(sample_brief: Path) -> None:
    text = subprocess.run(
        [_tool("pdftotext"), str(sample_brief / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    body = text[text.index("\nKey points\n") :]  # a heading alone on its line: after the contents list
    positions = [body.index("\n" + h + "\n") for h in HEADINGS]
    assert positions == sorted(positions)
    assert "calling for a “united” NATO stance" in " ".join(body.split())  # typographic quotes survive


def test_bookmarks_and_contents_point_at_the_pages_of_their_headings(reader: PdfReader) -> None:
    texts = _page_texts(reader)
    toc = dict(re.findall(r"^(\S.*?) \.{3,} ?(\d+)$", texts[0], flags=re.MULTILINE))
    items = [item for item in reader.outline if not isinstance(item, list)]
    assert [i.title for i in items][:4] == ["Key points", "Key figures", "Who’s who", "NATO posture"]
    for item in items:
        page = reader.get_destination_page_number(item)
        lines = [line.strip() for line in texts[page].splitlines()]
        assert item.title in lines, (item.title, page)
        assert int(toc[item.title]) == page + 1, (item.title, toc[item.title], page + 1)
    assert len(toc) == len(items)


def test_no_heading_is_orphaned_at_the_foot_of_a_page(reader: PdfReader) -> None:
    for item in reader.outline:
        if isinstance(item, list):
            continue
        page = reader.get_destination_page_number(item)
        lines = [line.strip() for line in _page_texts(reader)[page].splitlines() if line.strip()]
        after = lines[lines.index(item.title) + 1 :]
        assert [line for line in after if not line.startswith("page ")], f"{item.title} ends page {page + 1}"


def test_citations_are_links_to_the_numbered_sources(reader: PdfReader) -> None:
    dests = {name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()}
    cites = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if annot["/Subtype"] == "/Link" and isinstance(dest, str) and dest.startswith("src-"):
                cites.append(dest)
    assert len(cites) > 20 and {f"src-{n}" for n in range(1, 6)} <= set(cites)
    for name in set(cites):
        text = reader.pages[dests[name]].extract_text()
        assert "Sources" in text or name != "src-1"
        number = int(name.removeprefix("src-"))
        assert re.search(rf"^{number}\. ", text, flags=re.MULTILINE), name


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 595, 842), ("Letter", 612, 792)])
def test_page_sizes(size: str, width: int, height: int) -> None:
    brief = tiny_brief("Jean-Yves Le Drian’s “firm” reply — Škoda, Orbán, Zelenskyy.")
    css = render_print_css(brief, None, size)
    pdf = render_pdf(render_html(brief, None, size), templates_dir(), brief, css=css)
    reader = PdfReader(BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)
    text = "\n".join(_page_texts(reader))
    assert "Jean-Yves Le Drian’s “firm” reply — Škoda, Orbán, Zelenskyy." in text.replace("\n", " ")


def _request(**changes: typing.Any) -> PdfRequest:
    brief = tiny_brief()
    html = render_html(brief, None, "A4")
    fields = {"html": html, "root": templates_dir(), "generated": brief.generated, "attachment": b"{}"}
    return PdfRequest(**(fields | changes))


def test_the_pdf_worker_renders_the_bytes_rendered_here() -> None:
    from briefing.render.pdf import PdfWorker, pdf_bytes

    request = _request()
    with PdfWorker() as worker:
        assert worker.render(request) == pdf_bytes(request)
        assert worker.render(_request(variant="none")) == pdf_bytes(_request(variant="none"))


def test_a_pdf_begun_before_its_attachment_has_the_bytes_rendered_here() -> None:
    """``begin`` lays the pages out before brief.json exists; ``render`` then sends it."""
    from briefing.render.pdf import PdfWorker, pdf_bytes

    request = _request(attachment=b'{"a": 1}')
    with PdfWorker() as worker:
        worker.begin(_request(attachment=None))
        assert worker.render(request) == pdf_bytes(request)
        worker.begin(_request(attachment=None, variant="none"))  # then another request: that one is made
        assert worker.render(request) == pdf_bytes(request)
        worker.begin(_request(attachment=None))  # never finished: the worker still exits
    assert worker._process is None


def test_a_begun_pdf_reports_its_layouts_error() -> None:
    from briefing.errors import RenderError
    from briefing.render.pdf import PdfWorker

    with PdfWorker() as worker:
        worker.begin(_request(attachment=None, variant="pdf/x-9"))
        with pytest.raises(RenderError, match="unknown PDF variant"):
            worker.render(_request(variant="pdf/x-9"))
        assert worker.render(_request()).startswith(b"%PDF-")


def test_the_attachment_is_compressed_and_reads_back_whole() -> None:
    import zlib

    from briefing.render.pdf import pdf_bytes

    data = b'{"sources": [' + b", ".join(b'{"n": %d}' % n for n in range(5000)) + b"]}"
    pdf = pdf_bytes(_request(attachment=data))
    start = pdf.index(b"/EmbeddedFile")
    stream = pdf.index(b"stream\n", start) + len(b"stream\n")
    head = pdf[pdf.rindex(b"<<", 0, start) : stream]
    assert b"/FlateDecode" in head
    assert zlib.decompressobj().decompress(pdf[stream:]) == data
    assert b"/Length %d" % len(zlib.compress(data, 6)) in head  # zlib's default level, not 9


def test_the_pdf_workers_user_errors_and_bugs_reach_the_caller() -> None:
    from briefing.errors import RenderError
    from briefing.render.pdf import PdfWorker

    with PdfWorker() as worker:
        with pytest.raises(RenderError) as caught:
            worker.render(_request(variant="pdf/x-9"))
        assert "unknown PDF variant" in caught.value.message and caught.value.fix
        with pytest.raises(RuntimeError, match=r"(?s)PDF worker failed.*Traceback"):
            worker.render(_request(css=12345))  # not a stylesheet: a bug, with the worker's traceback
        assert worker.render(_request()).startswith(b"%PDF-")  # and it goes on serving


def test_a_pdf_worker_that_died_leaves_the_pdf_to_this_process() -> None:
    from briefing.render.pdf import PdfWorker, pdf_bytes

    worker = PdfWorker()
    process = worker._process
    assert process is not None
    process.kill()
    process.wait()
    request = _request()
    assert worker.render(request) == pdf_bytes(request)
    assert worker._process is None  # closed, and closing again does nothing
    worker.close()


def test_a_stream_whose_data_ends_with_a_cr_ends_with_cr_lf() -> None:
    """Compressed data ending with a CR byte, then a bare LF before ``endstream``: a PDF/A
    checker reads CR LF as the end-of-line and the /Length as one byte too long."""
    import pydyf  # type: ignore[import-untyped]

    from briefing.render.pdf import _eol_safe

    data = b"1 0 0 1 0 0 cm\r"
    plain = pydyf.Stream([data], compress=False)
    assert not plain.data.endswith(data + b"\r\nendstream")  # a bare LF: the data's CR reads as the EOL
    plain.__class__ = _eol_safe(type(plain))
    written = plain.data
    assert written.endswith(b"stream\n" + data + b"\r\nendstream")
    assert b"/Length " + str(len(data)).encode() in written
    other = pydyf.Stream([b"q Q"], compress=False)
    before = other.data
    other.__class__ = _eol_safe(type(other))
    assert other.data == before  # every other stream is written as before
