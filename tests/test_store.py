"""The analysis store: round trips, and damaged or foreign files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefing.errors import EXIT_STORE, StoreError
from briefing.records import Article, ArticleAnalysis, Paragraph, Quote, ThemePlacement, Timex
from briefing.store import open_store


def article(text: str = "Troops moved on Monday.", path: str = "a.txt", inbox: str = "") -> Article:
    import datetime as dt

    return Article(
        id="a1",
        path=path + inbox,
        raw_text=text,
        paragraphs=[Paragraph("Headline", 0, "heading"), Paragraph(text, 10)],
        title="Headline",
        published=dt.date(2022, 2, 7),
    )


def test_analysis_round_trip(tmp_path: Path) -> None:
    a = article()
    analysis = ArticleAnalysis(
        a,
        quotes=[Quote("we will", 3, 10, speaker="Ned Price", cue="said")],
        timexes=[Timex("Monday", 16, 22, "DATE", "2022-02-07")],
        placements=[ThemePlacement("diplomacy", "Troops moved", 0, 12, 1.5)],
        entities={"Ned Price": 1},
    )
    with open_store(tmp_path / "s.sqlite") as store:
        store.put_analyses([analysis], "v1")
        again = article()
        again.id = "a7"
        found = store.get_analyses([again], "v1")
        assert store.get_analyses([again], "v2") == {}
    restored = found["a7"]
    assert restored.article is again
    assert restored.quotes == analysis.quotes and restored.timexes == analysis.timexes
    assert restored.placements == analysis.placements and restored.entities == analysis.entities


def test_inbox_articles_are_kept_and_updated_by_path(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        assert store.put_articles([article(path="in/a.txt")], inbox=True) == 1
        assert store.put_articles([article(path="in/a.txt")], inbox=True) == 0
        assert store.put_articles([article("Changed text.", path="in/a.txt")], inbox=True) == 1
        store.put_articles([article(path="other.txt")])
        inbox = store.inbox_articles()
    assert [a.path for a in inbox] == ["in/a.txt"] and inbox[0].paragraphs[1].text == "Changed text."


def test_garbage_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"\x00garbage" * 600)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.exit_code == EXIT_STORE
    assert "briefing rebuild" in str(info.value) and "\n" not in str(info.value)


def test_foreign_and_newer_databases_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="not a briefing store"):
        open_store(foreign)
    newer = tmp_path / "newer.sqlite"
    open_store(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer briefing"):
        open_store(newer)


def test_truncated_store_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        store.put_articles([article(path=f"{n}.txt", inbox="") for n in range(300)])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError), open_store(path) as store:
        store.inbox_articles()
        store.count()


def test_empty_file_becomes_a_store_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"")
    with open_store(path) as store:
        assert store.count() == {"articles": 0, "inbox": 0, "analyses": 0}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_version_1_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE articles (path TEXT PRIMARY KEY, hash TEXT NOT NULL, record TEXT NOT NULL,"
            " inbox INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL);"
            "CREATE TABLE analyses (hash TEXT NOT NULL, version TEXT NOT NULL, result TEXT NOT NULL,"
            " created TEXT NOT NULL, PRIMARY KEY (hash, version));"
            "INSERT INTO analyses VALUES ('h', 'v', '{}', 'now');"
            f"PRAGMA application_id = {0x42524946}; PRAGMA user_version = 1;"
        )
    with open_store(path) as store:
        assert store.count() == {"articles": 0, "inbox": 0, "analyses": 1}
        assert store.put_articles([article(path="in/a.txt")], inbox=True, signatures=[b"sig"]) == 1
        assert store.inbox_entries()[0][1] == b"sig"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_signatures_are_kept_and_updated_without_counting_as_changes(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        assert store.put_articles([article(path="in/a.txt")], inbox=True) == 1
        assert store.inbox_entries()[0][1] is None
        assert store.put_articles([article(path="in/a.txt")], inbox=True, signatures=[b"one"]) == 0
        assert store.put_articles([article(path="in/a.txt")], inbox=True) == 0  # None keeps it
        assert store.inbox_entries()[0][1] == b"one"
        retitled = article(path="in/a.txt")
        retitled.title = "Corrected headline"
        assert store.put_articles([retitled], inbox=True) == 1  # metadata changes count too
        assert store.inbox_articles()[0].title == "Corrected headline"


def test_file_outcomes_are_recalled_only_for_the_same_stamp_version_and_rows(tmp_path: Path) -> None:
    from briefing.ingest import FileOutcome
    from briefing.records import Skipped

    one, two = article(path="f.jsonl#1"), article("Talks resumed.", path="f.jsonl#2")
    outcome = FileOutcome(
        b"/in/f.jsonl",
        "10:1:1|-",
        [one, two],
        [b"s1", None],
        [Skipped("/in/f.jsonl#3", "nothing left after removing boilerplate")],
        ["/in/f.jsonl#1: a warning"],
    )
    with open_store(tmp_path / "s.sqlite") as store:
        store.put_files([outcome], "v1")
        again = store.recall_file(b"/in/f.jsonl", "10:1:1|-", "v1")
        assert again is not None
        assert [a.path for a in again.articles] == ["f.jsonl#1", "f.jsonl#2"]
        assert again.articles[1].text == two.text and again.articles[0].published == one.published
        assert again.signatures == [b"s1", None]
        assert again.skipped == outcome.skipped and again.warnings == outcome.warnings
        assert store.recall_file(b"/in/f.jsonl", "11:1:1|-", "v1") is None  # the file changed
        assert store.recall_file(b"/in/f.jsonl", "10:1:1|-", "v2") is None  # other code or settings
        assert store.recall_file(b"/in/other.jsonl", "10:1:1|-", "v1") is None
        # An article row rewritten since (e.g. by 'briefing ingest' of another version): read again.
        store.put_articles([article("Rewritten.", path="f.jsonl#2")], inbox=True)
        assert store.recall_file(b"/in/f.jsonl", "10:1:1|-", "v1") is None
