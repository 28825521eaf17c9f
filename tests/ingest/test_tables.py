"""CSV, TSV and Parquet inputs: one article per row; every row an article or a skipped
input with its reason; the header found by aliases or mapped in the config."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from briefing.config import ColumnMapping, IngestSettings, load_settings
from briefing.errors import ConfigError
from briefing.ingest import ingest
from briefing.ingest.tables import MAX_CELL_CHARS

# Made-up reports, written for these tests.
BODY = [
    "Foreign ministers met in Brussels on Tuesday to discuss the troop build-up near the border. "
    "They agreed that any further aggression would carry severe costs.",
    "The defence ministry said on Monday that 40 tanks had been moved by rail to the northern "
    "region, and that more would follow within days.",
    "Negotiators will meet again in Geneva next week, a spokesperson said, adding that no "
    "agreement on the withdrawal of forces had been reached.",
    "Energy prices rose for a third day as traders weighed the risk of new sanctions on "
    "exports, analysts at two banks wrote in notes to clients.",
]


def csv_text(*rows: list[str], delimiter: str = ",") -> str:
    def quoted(value: str) -> str:
        if any(c in value for c in f'"\n\r{delimiter}'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(quoted(v) for v in row) + "\r\n" for row in rows)


def run(folder: Path, settings: IngestSettings | None = None) -> tuple[dict, dict]:
    result = ingest([folder], settings or IngestSettings())
    articles = {a.path.rsplit("/", 1)[-1]: a for a in result.articles}
    skipped = {s.path.rsplit("/", 1)[-1]: s.reason for s in result.skipped}
    return articles, skipped


def test_crafted_csv_aliases_bad_rows_quoted_newlines_and_a_legacy_encoding(tmp_path: Path) -> None:
    # Aliases in any case, an unnamed index column, a column nobody reads.
    text = csv_text(
        ["", "PubDate", "HEADLINE", "Body", "Link", "source", "Comments"],
        ["0", "2022-02-01", "Ministers meet", BODY[0], "https://example.org/a", "Example Wire", "12"],
        # Quoted newlines and quotes inside the text: one row, two paragraphs.
        ["1", "2 February 2022", 'Tanks "on the move"', BODY[1] + "\n\n" + BODY[2], "", "", ""],
        ["2", "2022-02-03", "No text here", "   ", "", "", ""],  # missing text
        ["3", "next Tuesday-ish", "A bad date", BODY[3], "", "", ""],  # unreadable date
        ["4", "2022-02-04", "Too many values", BODY[3], "", "", "", "stray", "values"],
        [],  # a blank line is no row
        ["5", "", "Undated but fine", BODY[3] + " Café owners in Kraków said so.", "", "", ""],
    )
    (tmp_path / "wire.csv").write_bytes(text.encode("cp1252"))  # not UTF-8: é, ó
    articles, skipped = run(tmp_path)
    assert sorted(articles) == ["wire.csv#1", "wire.csv#2", "wire.csv#6"]
    first = articles["wire.csv#1"]
    assert (first.title, first.outlet, first.url) == (
        "Ministers meet",
        "Example Wire",
        "https://example.org/a",
    )
    assert first.published.isoformat() == "2022-02-01" and first.text == BODY[0]
    second = articles["wire.csv#2"]
    assert second.title == 'Tanks "on the move"' and second.published.isoformat() == "2022-02-02"
    assert [p.text for p in second.paragraphs] == [BODY[1], BODY[2]]
    undated = articles["wire.csv#6"]
    assert undated.published is None and "Café owners in Kraków" in undated.text
    assert set(skipped) == {"wire.csv#3", "wire.csv#4", "wire.csv#5"}
    assert "no text in column 'Body'" in skipped["wire.csv#3"]
    assert "unreadable date 'next Tuesday-ish' in column 'PubDate'" in skipped["wire.csv#4"]
    assert "YYYY-MM-DD" in skipped["wire.csv#4"]
    assert "9 values under 7 column names" in skipped["wire.csv#5"]


def test_a_header_without_a_text_column_skips_the_file_and_says_how_to_map_it(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text(csv_text(["when", "story"], ["2022-02-01", BODY[0]]))
    articles, skipped = run(tmp_path)
    assert not articles
    assert "no text column" in skipped["export.csv"] and "[[ingest.columns]]" in skipped["export.csv"]
    mapping = ColumnMapping(files="export.csv", published="when", text="story")
    articles, skipped = run(tmp_path, IngestSettings(columns=[mapping]))
    assert not skipped and articles["export.csv#1"].published.isoformat() == "2022-02-01"


def test_a_shifted_header_is_told_and_the_suggested_mapping_reads_the_file_in_full(tmp_path: Path) -> None:
    # The header names a URL first, but the rows hold a date, a title, an abstract and a lead.
    rows = [
        [f"2022-02-{day:02d}T09:00:00+0000", f"Headline {day}", BODY[day % 4], BODY[(day + 1) % 4]]
        for day in range(1, 8)
    ]
    rows[6][3] = ""  # one row without a lead still has its abstract
    (tmp_path / "paper.csv").write_text(csv_text(["URL", "Date", "Title", "Text"], *rows))
    articles, skipped = run(tmp_path)
    assert not articles and len(skipped) == 7
    reason = skipped["paper.csv#1"]
    assert "'Date' column holds 'Headline 1', not a date" in reason and "column 'URL'" in reason
    fix = (
        '[[ingest.columns]] files = "paper.csv", published = "URL", title = "Date", text = ["Title", "Text"]'
    )
    assert fix in reason
    # The suggested mapping, as a config file: every row becomes an article.
    config = tmp_path.parent / "mapping.toml"
    config.write_text(
        '[[ingest.columns]]\nfiles = "paper.csv"\npublished = "URL"\ntitle = "Date"\ntext = ["Title", "Text"]\n'
    )
    articles, skipped = run(tmp_path, load_settings(config).ingest)
    assert not skipped and len(articles) == 7
    seventh = articles["paper.csv#7"]
    assert (seventh.title, seventh.published.isoformat(), seventh.url) == ("Headline 7", "2022-02-07", None)
    assert [p.text for p in articles["paper.csv#1"].paragraphs] == [BODY[1], BODY[2]]


def test_a_mapping_naming_a_missing_column_is_a_reason_and_unknown_keys_are_config_errors(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.csv").write_text(csv_text(["date", "text"], ["2022-02-01", BODY[0]]))
    _, skipped = run(tmp_path, IngestSettings(columns=[ColumnMapping(text="article_body")]))
    assert "names column 'article_body' for text, which this file does not have" in skipped["a.csv"]
    config = tmp_path.parent / "bad.toml"
    config.write_text('[[ingest.columns]]\nfiles = "a.csv"\nbody = "text"\n')
    with pytest.raises(ConfigError, match=r"unknown key 'ingest\.columns\.0\.body'"):
        load_settings(config)


def test_tsv_utf16_and_a_header_only_file(tmp_path: Path) -> None:
    tsv = csv_text(["title", "date", "content"], ["Talks", "2022-02-05", BODY[2]], delimiter="\t")
    (tmp_path / "feed.tsv").write_bytes(tsv.encode("utf-16"))
    (tmp_path / "empty.csv").write_text("date,title,text\r\n")
    articles, skipped = run(tmp_path)
    assert articles["feed.tsv#1"].title == "Talks" and articles["feed.tsv#1"].text == BODY[2]
    assert skipped == {"empty.csv": "a header but no rows"}


def test_outlet_from_the_url_when_no_column_gives_it(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        csv_text(["date", "url", "text"], ["2022-02-01", "https://www.reuters.com/world/x", BODY[0]])
    )
    articles, _ = run(tmp_path)
    assert articles["a.csv#1"].outlet == "Reuters"


def test_a_line_longer_than_any_cell_stops_the_file_there(tmp_path: Path) -> None:
    good = csv_text(["date", "text"], ["2022-02-01", BODY[0]])
    (tmp_path / "big.csv").write_text(good + "2022-02-02," + "x" * (MAX_CELL_CHARS + 10) + "\n")
    articles, skipped = run(tmp_path)
    assert list(articles) == ["big.csv#1"]
    assert "the rest of the file is not read" in skipped["big.csv#2"]


def test_unchanged_tables_come_from_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.ingest
    from briefing.ingest import ingest_version
    from briefing.store import open_store

    monkeypatch.setattr(briefing.ingest, "RACY_NS", 0)  # record files however recently written

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(
        csv_text(
            ["date", "title", "text"], *[["2022-02-01", f"T{i}", BODY[i]] for i in range(4)], ["", "", ""]
        )
        + "2022-02-02,no text,\r\n"
    )
    settings = IngestSettings()
    with open_store(tmp_path / "store.sqlite") as store:
        first = ingest([folder], settings, cache=store, keep_raw=False)
        store.put_files(first.read, ingest_version(settings))
    with open_store(tmp_path / "store.sqlite") as store:
        again = ingest([folder], settings, cache=store, keep_raw=False)
    assert again.recalled == 1 and not again.read
    assert [a.path for a in again.articles] == [a.path for a in first.articles]
    assert [a.text for a in again.articles] == BODY
    assert again.skipped == first.skipped and again.skipped[0].path.endswith("a.csv#5")
    # Another column mapping is another way of reading the file: read again.
    other = IngestSettings(columns=[ColumnMapping(files="*.tsv", text="body")])
    with open_store(tmp_path / "store.sqlite") as store:
        third = ingest([folder], other, cache=store, keep_raw=False)
    assert third.recalled == 0 and len(third.read) == 1 and [a.text for a in third.articles] == BODY


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="the parquet extra is not installed")
def test_parquet_rows(tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "Headline": ["One", "Two", "Three"],
            "published_at": [dt.datetime(2022, 2, 1, 10), None, dt.datetime(2022, 2, 3)],
            "Body": [BODY[0], "", BODY[2]],
        }
    )
    pq.write_table(table, tmp_path / "rows.parquet", row_group_size=2)
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    articles, skipped = run(tmp_path)
    assert sorted(articles) == ["rows.parquet#1", "rows.parquet#3"]
    assert articles["rows.parquet#3"].published.isoformat() == "2022-02-03"
    assert "no text in column 'Body'" in skipped["rows.parquet#2"]
    assert "not a readable Parquet file" in skipped["broken.parquet"]


def test_parquet_without_the_extra_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.ingest.tables as tables

    real = importlib.util.find_spec
    monkeypatch.setattr(
        tables.importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    (tmp_path / "rows.parquet").write_bytes(b"PAR1")
    result = ingest([tmp_path], IngestSettings())
    (skip,) = result.skipped
    assert "pip install 'briefing[parquet]'" in skip.reason
    assert not result.read  # not recorded: read again once the extra is installed


def test_the_shipped_aliases_are_data() -> None:
    from briefing.ingest.formats import field_names

    names = field_names()
    assert {"date", "published", "pubdate"} <= set(names["published"])
    assert {"title", "headline"} <= set(names["title"])
    assert {"text", "body", "content"} <= set(names["text"])
    assert {"url", "link"} <= set(names["url"]) and {"outlet", "source"} <= set(names["outlet"])
    assert json.dumps(names)  # plain data
