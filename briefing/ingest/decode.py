"""Bytes to text: UTF-8 first, then BOMs, then detection; binary is refused.

``decode`` takes a file's bytes; ``open_text`` picks the encoding the same way for a file
read as a stream (CSV, TSV), without holding it whole.
"""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO

from charset_normalizer import from_bytes

from briefing.ingest.formats import FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that do not occur in text files (tab, LF, VT, FF, CR and ESC excepted).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def _looks_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of a Latin-script language has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


_STREAM_BOMS = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16", "utf-32-le": "utf-32"}
_STREAM_BOMS["utf-32-be"] = "utf-32"
_CHUNK = 1 << 20


def _detect(sample: bytes) -> str:
    """The encoding charset-normalizer finds for bytes that are not UTF-8; binary refused."""
    head = sample[:65536]
    if sum(head.count(bytes([b])) for b in _BINARY_BYTES) > len(head) * 0.01:
        raise DecodeError("binary content, not text")
    best = from_bytes(sample[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable text (not UTF-8, no encoding detected)")
    return str(best.encoding)


def _first_bad_utf8(handle: BinaryIO, head: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, reading on from ``head`` in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    position, chunk = 0, head
    while chunk:
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return position + exc.start
        position += len(chunk)
        chunk = handle.read(_CHUNK)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return position
    return None


def open_text(handle: BinaryIO) -> tuple[io.TextIOWrapper, str]:
    """A text stream over a seekable binary file, in the encoding ``decode`` would choose
    (a byte-order mark, UTF-16 without one, UTF-8, else detection), and that encoding.

    UTF-8 is checked over the whole file, a chunk at a time, so a legacy encoding whose
    first non-ASCII byte comes late is still found; detection then reads the start and
    the bytes around that first non-UTF-8 byte. Lines keep their endings (``newline=""``,
    as the csv module wants). A legacy encoding replaces what it cannot decode, as
    ``decode`` does; a Unicode one raises ``UnicodeDecodeError`` while reading."""
    head = handle.read(65536)
    marked = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
    # The codecs for a marked file skip the mark.
    encoding = _STREAM_BOMS[marked] if marked else _looks_utf16_without_bom(head)
    errors = "strict"
    if encoding is None:
        bad = _first_bad_utf8(handle, head)
        if bad is None:
            encoding = "utf-8"
        else:
            handle.seek(max(0, bad - 4096))
            encoding, errors = _detect(head + b"\n" + handle.read(500_000)), "replace"
    handle.seek(0)
    stream = io.TextIOWrapper(handle, encoding=encoding, errors=errors, newline="")
    return stream, encoding


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). NUL bytes in otherwise-text files are dropped."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after a byte-order mark") from exc
    guessed = _looks_utf16_without_bom(data)
    if guessed:
        try:
            return data.decode(guessed), guessed
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect(data)
    return data.decode(encoding, errors="replace"), encoding


def check_text(text: str) -> None:
    """Refuse decoded text with nothing to read: binary junk (``DecodeError``) or only white
    space (``FormatError``). An empty file is refused by the caller, before decoding."""
    if is_binary_text(text):
        raise DecodeError("binary content, not text")
    if not text.strip():
        raise FormatError("no text (whitespace only)")


def is_binary_text(text: str) -> bool:
    """Decoded text that is mostly control characters is binary junk."""
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    return bad > len(sample) * 0.01
