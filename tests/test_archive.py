"""The output folder: atomic publication, leftovers, the lock, and what's new."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from filelock import FileLock

from briefing import archive
from briefing.errors import ConfigError, LockedError
from briefing.records import Brief, BriefDevelopment, BriefQuote, Point, Source, ThemeSection

DAY = dt.date(2022, 2, 8)


def workdir(out: Path, text: str, formats: tuple[str, ...] = ("json", "md")) -> Path:
    work = archive.new_workdir(out)
    for fmt in formats:
        (work / f"brief.{fmt}").write_text(f"{text} {fmt}")
    archive.write_stamp(work, f"fp-{text}")
    return work


def test_plain_output_is_links_switched_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert archive.publish(out, workdir(out, "one"), DAY, archive=False) == out
    assert (out / "brief.json").read_text() == "one json" and os.readlink(out / "brief.md").startswith(
        ".briefing"
    )
    first_set = (out / ".briefing" / "current").resolve()
    archive.publish(out, workdir(out, "two", ("json",)), DAY, archive=False)
    assert (out / "brief.json").read_text() == "two json"
    assert not (out / "brief.md").exists() and not (out / "brief.md").is_symlink()
    assert first_set.is_dir()  # kept for readers until the next build cleans it
    archive.clean_stale(out)
    assert not first_set.exists() and (out / "brief.json").read_text() == "two json"


def test_archive_output_is_dated_and_latest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    archive.publish(out, workdir(out, "mon"), DAY - dt.timedelta(days=1), archive=True)
    folder = archive.publish(out, workdir(out, "tue"), DAY, archive=True)
    assert folder == out / "2022-02-08"
    assert (out / "latest" / "brief.json").read_text() == "tue json"
    assert (out / "2022-02-07" / "brief.json").read_text() == "mon json"
    assert archive.latest_dir(out) == (out / "2022-02-08").resolve()
    assert archive.is_up_to_date(out, DAY, True, "fp-tue", ["json", "md"])
    assert not archive.is_up_to_date(out, DAY, True, "fp-other", ["json", "md"])
    assert not archive.is_up_to_date(out, DAY, True, "fp-tue", ["json", "md", "pdf"])
    ((out / "latest").resolve() / "brief.md").write_text("tampered")
    assert not archive.is_up_to_date(out, DAY, True, "fp-tue", ["json", "md"])


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    archive.publish(out, workdir(out, "kept"), DAY, archive=True)
    workdir(out, "killed")  # never published
    (out / ".brief.json.x1.tmp").write_text("half")
    (out / ".latest.abc.tmp-link").symlink_to("nowhere")
    orphan = out / ".briefing" / "sets" / "2022-02-08-deadbeef"
    orphan.mkdir()
    removed = archive.clean_stale(out)
    assert len(removed) == 4 and not orphan.exists()
    assert not list((out / ".briefing").glob("tmp-*"))
    assert (out / "latest" / "brief.json").read_text() == "kept json"


def test_a_real_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "latest").mkdir(parents=True)
    with pytest.raises(ConfigError, match="is a folder"):
        archive.publish(out, workdir(out, "x"), DAY, archive=True)


def test_lock_times_out_with_its_own_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".briefing").mkdir(parents=True)
    holder = FileLock(str(out / ".briefing" / "lock"))
    with holder, pytest.raises(LockedError, match="--lock-timeout"), archive.output_lock(out, 0.2):
        pass
    with archive.output_lock(out, 0.2):  # free again
        pass


def _brief(dev_texts: list[str], quotes: list[str], points: list[str], paths: list[str]) -> Brief:
    devs = [BriefDevelopment("2022-02-07", "Monday", t, ["a1"]) for t in dev_texts]
    return Brief(
        title="T",
        generated=dt.datetime(2022, 2, 8, tzinfo=dt.UTC),
        today=DAY,
        period_start=None,
        period_end=None,
        sources=[Source(n, f"a{n}", p, p.upper(), None, None, None) for n, p in enumerate(paths, 1)],
        skipped=[],
        summary=devs[:1],
        themes=[ThemeSection("diplomacy", "Diplomacy", "", [Point(t, ["a1"]) for t in points])],
        quotes=[BriefQuote(q, "Ned Price", None, ["a1"]) for q in quotes],
        key_quotes=[],
        developments=devs,
    )


def test_mark_new_against_the_previous_brief() -> None:
    from briefing.render.json_out import brief_dict

    previous = brief_dict(_brief(["Talks began."], ["We will talk"], ["Envoys met."], ["a.txt"]))
    brief = _brief(
        ["Talks  began.", "Troops moved."],
        ["We will talk", "No invasion"],
        ["Envoys met.", "New"],
        ["a.txt", "b"],
    )
    archive.mark_new(brief, (DAY - dt.timedelta(days=1), previous))
    assert [d.new for d in brief.developments] == [False, True]
    assert [q.new for q in brief.quotes] == [False, True]
    assert [p.new for p in brief.themes[0].points] == [False, True]
    assert brief.new_articles == ["a2"] and brief.new_since == DAY - dt.timedelta(days=1)
    assert [i.kind for i in brief.new_items] == ["development", "quote", "point"]
    assert brief.new_summary == (
        "New since 7 February 2022: 1 new article; 1 new development, 1 new quote, 1 new theme point."
    )
    same = _brief(["Talks began."], ["We will talk"], ["Envoys met."], ["a.txt"])
    archive.mark_new(same, (DAY - dt.timedelta(days=1), previous))
    assert same.new_summary == "No new articles since 7 February 2022." and same.new_items == []
    first = _brief(["Talks began."], [], [], ["a.txt"])
    archive.mark_new(first, None)
    assert first.new_since is None and not first.developments[0].new and first.new_summary == ""


def test_history_gives_the_newest_earlier_brief(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for day in ("2022-02-05", "2022-02-07", "2022-02-08"):
        archive.save_history(out, dt.date.fromisoformat(day), f'{{"today": "{day}"}}'.encode(), 90)
    found = archive.previous_brief(out, DAY)
    assert found is not None and found[0] == dt.date(2022, 2, 7) and found[1] == {"today": "2022-02-07"}
    archive.save_history(out, dt.date(2022, 6, 1), b"{}", 30)
    assert sorted(p.stem for p in (out / ".briefing" / "history").iterdir()) == ["2022-06-01"]
