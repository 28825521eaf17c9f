"""Whole-folder ingest: every input is an article or a skipped entry with its reason."""

import codecs
import datetime as dt
import json
from pathlib import Path

from briefing.config import IngestSettings
from briefing.ingest import ingest
from tests.conftest import SAMPLES, SEEDS_GOLD, SHARED, needs_shared

STORY = (
    "Ministers warn Moscow over border build-up\n\n"
    "Foreign ministers of the alliance met in Brussels on Tuesday to discuss the troop build-up near "
    "the border. They agreed that any further aggression would carry severe costs for Russia.\n\n"
    "The talks will resume next week in Geneva, officials said, as diplomats seek a way to ease tensions.\n"
)


def run(folder: Path, **kw: object) -> tuple[dict[str, object], dict[str, str]]:
    result = ingest([folder], IngestSettings(**kw))  # type: ignore[arg-type]
    articles = {Path(a.path).name: a for a in result.articles}
    skipped = {Path(s.path).name: s.reason for s in result.skipped}
    return articles, skipped


@needs_shared(SEEDS_GOLD)
def test_samples_metadata_matches_gold() -> None:
    gold = json.loads((SHARED / SEEDS_GOLD).read_text())["articles"]
    result = ingest([SAMPLES], IngestSettings())
    assert not result.skipped
    by_stem = {Path(a.path).stem: a for a in result.articles}
    assert set(by_stem) == set(gold)
    for stem, want in gold.items():
        article = by_stem[stem]
        assert article.title == want["title"]
        assert (article.published.isoformat() if article.published else None) == want["published"]
        if "outlet" in want:
            assert article.outlet in want["outlet"]


def test_sidecar_wins_over_text_and_broken_sidecar_warns(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Published: 3 January 2022\n\n" + STORY)
    (tmp_path / "a.meta.json").write_text(
        json.dumps({"published": "2022-01-05", "outlet": "Wire", "title": 7})
    )
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / "b.meta.json").write_text("{not json")
    result = ingest([tmp_path], IngestSettings())
    a, b = result.articles
    assert a.published == dt.date(2022, 1, 5) and a.outlet == "Wire"
    assert a.title == "Ministers warn Moscow over border build-up"  # the sidecar's title had the wrong type
    assert b.published is None
    assert any("b.meta.json" in w for w in result.warnings)
    assert any("a.meta.json" in w and "title" in w for w in result.warnings)


def test_every_bad_input_is_accounted_for(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n\n \t \n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "huge.txt").write_text(STORY * 50)
    (tmp_path / "bad.json").write_text("{oops")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "junk.txt").write_text("Share:\nAdvertisement\nNext Story\n")
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"))
    (tmp_path / "nul.txt").write_text(STORY.replace("Brussels", "Brus\x00sels"))
    (tmp_path / "crlf.txt").write_bytes(STORY.replace("\n", "\r\n").encode())
    (tmp_path / "name with spaces é.txt").write_text(STORY)
    articles, skipped = run(tmp_path, max_bytes=4000)
    assert set(articles) == {"good.txt", "utf16.txt", "nul.txt", "crlf.txt", "name with spaces é.txt"}
    assert skipped == {
        "empty.txt": "empty file",
        "blank.txt": "no text (whitespace only)",
        "binary.txt": "binary content, not text",
        "huge.txt": skipped["huge.txt"],
        "bad.json": skipped["bad.json"],
        "photo.png": "unsupported file type '.png'",
        "junk.txt": "nothing left after removing boilerplate",
    }
    assert skipped["huge.txt"].startswith("file too large")
    assert skipped["bad.json"].startswith("invalid JSON")
    assert "Brussels" in articles["nul.txt"].text  # type: ignore[attr-defined]


def test_near_duplicates_are_folded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("officials said", "officials told reporters"))
    (tmp_path / "c.txt").write_text(
        "Another story\n\nA different report about grain exports through the Black Sea ports and shipping insurance."
    )
    result = ingest([tmp_path], IngestSettings())
    a, b, c = result.articles
    # Exactly one of the two copies stands for both.
    assert sorted([str(a.duplicate_of), str(b.duplicate_of)]) in (["None", a.id], ["None", b.id])
    assert (a.duplicate_of == b.id) != (b.duplicate_of == a.id)
    assert c.duplicate_of is None


def test_offsets_map_back_to_the_source(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Advertisement\n\n" + STORY)
    (article,) = ingest([path], IngestSettings()).articles
    start = article.text.index("severe costs")
    raw = article.to_raw(start, start + len("severe costs"))
    assert raw is not None and article.raw_text[raw[0] : raw[1]] == "severe costs"


def test_a_folder_of_every_format(tmp_path: Path) -> None:
    body = STORY.split("\n\n", 1)[1]
    (tmp_path / "a.txt").write_text("Published: 4 January 2022\n\n" + STORY)
    (tmp_path / "b.md").write_text(f"---\ntitle: From markdown\npublished: 2022-01-05\n---\n\n{body}")
    (tmp_path / "c.html").write_text(
        f"<html><head><title>From HTML</title></head><body><article><h1>From HTML</h1>"
        f"{''.join(f'<p>{p}</p>' for p in body.split(chr(10)) if p.strip())}</article></body></html>"
    )
    (tmp_path / "d.json").write_text(
        json.dumps({"title": "From JSON", "text": body, "published": "2022-01-06"})
    )
    (tmp_path / "e.jsonl").write_text(json.dumps({"title": "From JSONL", "text": body}) + "\n")
    (tmp_path / "f.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Wire</title><item><title>From RSS</title>'
        f"<pubDate>Fri, 07 Jan 2022 10:00:00 GMT</pubDate><description>{body}</description></item></channel></rss>"
    )
    result = ingest([tmp_path], IngestSettings(near_duplicate_threshold=1.0))
    assert not result.skipped
    titles = {a.format: a.title for a in result.articles}
    assert titles == {
        "txt": "Ministers warn Moscow over border build-up",
        "md": "From markdown",
        "html": "From HTML",
        "json": "From JSON",
        "jsonl": "From JSONL",
        "rss": "From RSS",
    }
    dates = {a.format: str(a.published) for a in result.articles}
    assert dates["txt"] == "2022-01-04" and dates["md"] == "2022-01-05" and dates["rss"] == "2022-01-07"
    assert all("severe costs" in a.text for a in result.articles)


def test_json_edge_cases_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "bigint.json").write_text('{"text": "x", "n": ' + "9" * 5000 + "}")
    (tmp_path / "brackets.json").write_text(json.dumps({"text": STORY + "[" * 500}))
    (tmp_path / "surrogate.json").write_text(json.dumps({"text": "\ud800 " + STORY, "title": "T \udfff"}))
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    articles, skipped = run(tmp_path)
    assert skipped["bigint.json"].startswith("invalid JSON")
    assert "brackets.json" in articles  # brackets inside strings do not nest
    article = articles["surrogate.json"]
    assert "\ud800" not in article.text and article.title == "T \ufffd"  # type: ignore[attr-defined]
    assert skipped["huge.txt"].startswith("article text too long")
