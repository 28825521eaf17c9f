"""Discovery: every file found is read once, every other input is listed with its reason,
and each is named relative to the input folder it was found in."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from briefing.config import IngestSettings
from briefing.ingest import ingest
from briefing.ingest.discovery import name_date
from tests.ingest.test_ingest import STORY, run


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    result = ingest([tmp_path / "nope"], IngestSettings())
    assert [s.reason for s in result.skipped] == ["no such file or folder"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_leaving_the_folder_or_looping_are_skipped(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    inside.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text(STORY)
    (inside / "story.txt").write_text(STORY)
    (inside / "link.txt").symlink_to(outside)
    (inside / "loop").symlink_to(inside, target_is_directory=True)
    articles, skipped = run(inside)
    assert set(articles) == {"story.txt"}
    assert "outside the input folder" in skipped["link.txt"]


def test_hidden_links_pipes_and_orphan_sidecars_are_listed(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY)
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / ".git").mkdir()
    (tmp_path / "orphan.meta.json").write_text("{}")
    (tmp_path / "story.meta.json").write_text('{"outlet": "Wire"}')
    (tmp_path / "dir-link").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "again.txt").symlink_to(tmp_path / "story.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    articles, skipped = run(tmp_path)
    assert set(articles) == {"story.txt"}
    assert skipped == {
        ".hidden.txt": "hidden file (name starts with '.'), not read",
        ".git": "hidden folder (name starts with '.'), not read",
        "orphan.meta.json": "metadata sidecar without an article file of the same name",
        "dir-link": "symbolic link to a folder, not followed",
        "loop.txt": "symbolic link loop",
        "again.txt": "the same file as story.txt, read once",
        "pipe.txt": "not a regular file (pipe, socket or device)",
    }


def test_a_folders_documentation_is_listed_not_read(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "SOURCE.md").write_text("# Where these articles come from\n\nCollected by hand.\n")
    (tmp_path / "readme.txt").write_text("Articles for the brief.\n")
    articles, skipped = run(tmp_path)
    assert set(articles) == {"story.txt"}
    assert set(skipped) == {"SOURCE.md", "readme.txt"}
    assert "documentation" in skipped["SOURCE.md"]
    # Named on the command line, such a file is what the user asked to read.
    result = ingest([tmp_path / "SOURCE.md"], IngestSettings())
    assert len(result.articles) == 1 and not result.skipped


def test_inputs_not_used_are_named_relative_to_the_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "deep").mkdir(parents=True)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "deep" / "empty.txt").write_text("")
    (folder / ".hidden.txt").write_text(STORY, encoding="utf-8")
    (folder / "rows.csv").write_text("title,text\nA title,\n", encoding="utf-8")
    result = ingest([folder.resolve()], IngestSettings())
    paths = sorted(s.path for s in result.skipped)
    assert paths == [".hidden.txt", "deep/empty.txt", "rows.csv#1"]
    # Several inputs: each is named under its folder's name; a file given by path, by its name.
    other = tmp_path / "other"
    other.mkdir()
    (other / "empty.md").write_text("")
    result = ingest([folder.resolve(), other.resolve(), (tmp_path / "gone.txt").resolve()], IngestSettings())
    paths = sorted(s.path for s in result.skipped)
    assert paths == [
        "gone.txt",
        "inbox/.hidden.txt",
        "inbox/deep/empty.txt",
        "inbox/rows.csv#1",
        "other/empty.md",
    ]


def test_a_date_opening_a_files_name_is_read_only_as_a_last_resort(tmp_path: Path) -> None:
    (tmp_path / "20220406T001500Z_US_en_a13e88f8ad.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "2022-04-07-talks.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "2022-04-08 talks.txt").write_text("Published: April 1, 2022\n\n" + STORY, encoding="utf-8")
    (tmp_path / "20220409_side.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "20220409_side.meta.json").write_text(json.dumps({"published": "2022-03-30"}))
    (tmp_path / "report-2022-04-10.txt").write_text(STORY, encoding="utf-8")
    articles, _ = run(tmp_path)
    published = {name: a.published for name, a in articles.items()}  # type: ignore[attr-defined]
    assert published == {
        "20220406T001500Z_US_en_a13e88f8ad.txt": dt.date(2022, 4, 6),
        "2022-04-07-talks.txt": dt.date(2022, 4, 7),
        "2022-04-08 talks.txt": dt.date(2022, 4, 1),  # the text's date line wins
        "20220409_side.txt": dt.date(2022, 3, 30),  # and the sidecar's
        "report-2022-04-10.txt": None,  # a date inside a name dates nothing
    }


def test_a_name_date_must_be_a_calendar_date_at_the_start() -> None:
    assert name_date("20221301_story.txt") is None
    assert name_date("2022-0406-story.txt") is None
    assert name_date("202204061_story.txt") is None
    assert name_date("20220406.txt") == dt.date(2022, 4, 6)
