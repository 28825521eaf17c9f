import codecs

import pytest

from briefing.ingest.decode import DecodeError, decode, is_binary_text

TEXT = "Zelenskiy met Le Drian in Kyiv — “talks” café"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_unicode_encodings_round_trip(data: bytes) -> None:
    assert decode(data)[0] == TEXT


def test_windows_1252_is_detected() -> None:
    text = "Officials said the “severe costs” would follow – a café owner in Kyiv agreed. " * 5
    decoded, _encoding = decode(text.encode("cp1252"))
    assert decoded == text


def test_latin1_is_decoded() -> None:
    text = "Le ministre français a déclaré que la situation était préoccupante à Genève. " * 4
    decoded, _ = decode(text.encode("latin-1"))
    assert "préoccupante" in decoded and "Genève" in decoded


def test_binary_is_refused() -> None:
    data = bytes(range(256)) * 50
    with pytest.raises(DecodeError):
        decode(data)


def test_invalid_utf8_sequence_in_mostly_utf8_text_is_kept() -> None:
    data = b"Moscow denied the claims." + b"\xff\xfe\xfa" + b" Talks resume on Monday."
    decoded, _ = decode(data)
    assert "Moscow denied the claims." in decoded and "Talks resume on Monday." in decoded


def test_binary_text_detector() -> None:
    assert is_binary_text("\x01\x02\x03\x04" * 100)
    assert not is_binary_text("plain text\nwith lines\r\n")
