"""Nightly runs end to end: incremental analysis, the store lost or damaged, what's new
over three nights, --window, concurrent builds and builds killed part-way."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from briefing.archive import swap_link
from briefing.cli import app
from briefing.config import load_settings
from briefing.errors import EXIT_LOCKED, EXIT_STORE
from briefing.pipeline import build
from tests.conftest import ROOT, SAMPLES

runner = CliRunner()

# (sample file, published date) for small articles cut from the sample corpus.
ARTICLES = {
    "alpha": ("001_5f7bd8d975fe57df.txt", "2021-12-01"),
    "bravo": ("002_3f6b58356c8ee2ad.txt", "2021-12-24"),
    "charlie": ("003_cb631a0298404cfb.txt", "2022-01-10"),
    "delta": ("004_de08d329854fef43.txt", "2022-02-07"),
}


def add_article(folder: Path, name: str, chars: int = 1800) -> Path:
    """A short Markdown article (front matter + the start of a sample's text)."""
    sample, published = ARTICLES[name]
    text = (SAMPLES / sample).read_text(encoding="utf-8")[:chars]
    body = text.rsplit("\n\n", 1)[0] if "\n\n" in text else text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(
        f"---\ntitle: {name.title()} report\noutlet: Test Wire\npublished: {published}\n---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def settings_for(today: str, **extra: object):  # type: ignore[no-untyped-def]
    brief = {"today": today, "now": f"{today}T06:00:00+00:00"}
    return load_settings(
        overrides={"brief": brief, "render": {"formats": ["json", "md"]}, **extra}  # type: ignore[dict-item]
    )


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_second_build_analyses_nothing_and_one_new_article_only_itself(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    for name in ("alpha", "bravo", "charlie"):
        add_article(inbox, name)
    settings = settings_for("2022-02-08")
    first = build([inbox], out, settings)
    assert first.status == "built" and len(first.analysed) == 3
    second = build([inbox], out, settings)
    assert second.status == "unchanged" and second.analysed == [] and second.brief is None
    forced = build([inbox], out, settings, force=True)
    assert forced.analysed == [] and forced.reused == 3
    new = add_article(inbox, "delta")
    third = build([inbox], out, settings)
    assert third.analysed == [str(new)]
    assert third.reused == 3 and third.brief is not None and len(third.brief.sources) == 4


def test_new_articles_after_the_others_resume_the_merge_to_the_same_brief(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A build whose articles extend the previous build's merges only the new ones, and
    writes the brief a merge of every article gives; one that does not extend them (an
    article changed) merges them all."""
    import logging
    import sqlite3

    settings = settings_for("2022-02-08")
    outs = [tmp_path / "resumed", tmp_path / "whole"]
    inbox = tmp_path / "in"
    for name in ("alpha", "bravo"):
        add_article(inbox, name)
    for out in outs:
        build([inbox], out, settings)
    add_article(inbox, "charlie")
    add_article(inbox, "delta")
    with sqlite3.connect(outs[1] / ".briefing" / "store.sqlite") as conn:
        conn.execute("DELETE FROM compose")
    caplog.set_level(logging.INFO, logger="briefing.incremental")
    for out in outs:
        caplog.clear()
        result = build([inbox], out, settings)
        assert sorted(Path(p).name for p in result.analysed) == ["charlie.md", "delta.md"]
        resumed = "resuming the previous build's merge of 2 article(s)" in caplog.text
        assert resumed == (out == outs[0])
    assert (outs[0] / "brief.json").read_bytes() == (outs[1] / "brief.json").read_bytes()

    add_article(inbox, "alpha", chars=1500)  # the first article changed: no resuming
    caplog.clear()
    result = build([inbox], outs[0], settings)
    assert "resuming" not in caplog.text and [Path(p).name for p in result.analysed] == ["alpha.md"]


def test_stored_analysis_gives_the_same_brief_and_a_taxonomy_change_reanalyses(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    add_article(inbox, "delta")
    settings = settings_for("2022-02-08")
    build([inbox], out, settings)
    first = (out / "brief.json").read_bytes()
    again = build([inbox], out, settings, force=True)
    assert again.analysed == [] and (out / "brief.json").read_bytes() == first
    taxonomy = tmp_path / "themes.toml"
    packaged = (ROOT / "briefing" / "data" / "themes.toml").read_text(encoding="utf-8")
    taxonomy.write_text(packaged + "\n# edited\n", encoding="utf-8")
    changed = build([inbox], out, settings_for("2022-02-08", themes={"file": taxonomy}))
    assert len(changed.analysed) == 2


def test_store_deleted_or_damaged_is_rebuilt_to_the_same_brief(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    add_article(inbox, "bravo")
    clock = ["--today", "2022-02-08", "--now", "2022-02-08T06:00:00+00:00", "-f", "json,md"]
    assert cli("build", str(inbox), "--out", str(out), *clock)[0] == 0
    reference = (out / "brief.json").read_bytes()
    store = out / ".briefing" / "store.sqlite"
    assert store.is_file()

    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    code, _, _ = cli("build", str(inbox), "--out", str(out), "--force", *clock)
    assert code == 0 and (out / "brief.json").read_bytes() == reference

    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"this is not a database" * 200)
    code, _, err = cli("build", str(inbox), "--out", str(out), "--force", *clock)
    assert code == EXIT_STORE
    assert "damaged" in err and "briefing rebuild" in err and "Traceback" not in err
    assert (out / "brief.json").read_bytes() == reference  # the published brief is untouched

    code, _, err = cli("rebuild", str(inbox), "--out", str(out))
    assert code == 0, err
    result = runner.invoke(app, ["-v", "build", str(inbox), "--out", str(out), "--force", *clock])
    assert result.exit_code == 0
    assert "analysed 0 article(s), 2 from the store" in result.stderr
    assert (out / "brief.json").read_bytes() == reference


def test_new_since_markers_across_three_nights(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    add_article(inbox, "bravo")

    def night(day: str) -> dict:  # type: ignore[type-arg]
        code, _, err = cli(
            "build", str(inbox), "--out", str(out), "--archive", "-f", "json,md",
            "--today", day, "--now", f"{day}T06:00:00+00:00",
        )  # fmt: skip
        assert code == 0, err
        return json.loads((out / "latest" / "brief.json").read_text(encoding="utf-8"))

    first = night("2022-02-06")
    assert first["new_since"] is None and first["new_summary"] == ""
    assert not any(d["new"] for d in first["developments"])

    add_article(inbox, "delta")
    second = night("2022-02-07")
    assert second["new_since"] == "2022-02-06"
    new_ids = {a["id"] for a in second["articles"] if a["new"]}
    assert [a["path"].endswith("delta.md") for a in second["articles"] if a["new"]] == [True]
    for kind in ("developments", "quotes"):
        for item in second[kind]:
            old = any(item["text"] == o["text"] for o in first[kind])
            assert item["new"] is (not old)
            if item["new"]:
                assert new_ids & set(item["articles"])
    points = [p for t in second["themes"] for p in t["points"]]
    assert any(p["new"] for p in points) and not all(p["new"] for p in points)
    assert second["new_items"] and second["new_summary"].startswith(
        "New since 6 February 2022: 1 new article;"
    )

    third = night("2022-02-08")
    assert third["new_since"] == "2022-02-07"
    assert third["new_summary"] == "No new articles since 7 February 2022."
    assert not any(a["new"] for a in third["articles"])
    assert not any(q["new"] for q in third["quotes"])
    assert not any(p["new"] for t in third["themes"] for p in t["points"])
    assert "No new articles since 7 February 2022." in json.dumps(third)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "2022-02-06", "2022-02-07", "2022-02-08", "latest",
    ]  # fmt: skip
    assert (out / "latest").resolve() == (out / "2022-02-08").resolve()
    assert json.loads((out / "2022-02-06" / "brief.json").read_text())["today"] == "2022-02-06"


def test_window_selects_by_published_date(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    for name in ARTICLES:
        add_article(inbox, name)
    code, _, err = cli(
        "build", str(inbox), "--out", str(out), "-f", "json", "--window", "30d", "--today", "2022-02-08",
    )  # fmt: skip
    assert code == 0, err
    brief = json.loads((out / "brief.json").read_text())
    assert sorted(a["published"] for a in brief["articles"]) == ["2022-01-10", "2022-02-07"]
    assert brief["period"] == {"start": "2022-01-10", "end": "2022-02-08"}
    assert cli("build", str(inbox), "--out", str(out), "--window", "7x")[0] == 2


def test_inbox_ingest_feeds_a_build_without_paths(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    add_article(inbox, "alpha")
    code, _, err = cli("ingest", str(inbox), "--out", str(out))
    assert code == 0 and "1 new or changed" in err
    add_article(inbox, "delta")
    assert cli("ingest", str(inbox), "--out", str(out))[0] == 0
    code, _, err = cli("build", "--out", str(out), "-f", "json", "--today", "2022-02-08")
    assert code == 0, err
    brief = json.loads((out / "brief.json").read_text())
    assert sorted(Path(a["path"]).name for a in brief["articles"]) == ["alpha.md", "delta.md"]
    assert list(inbox.iterdir())  # the inbox files are kept: the store is only a cache


def test_a_second_build_waits_then_exits_with_the_lock_code(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    (out / ".briefing").mkdir(parents=True)
    holder = FileLock(str(out / ".briefing" / "lock"))
    with holder:
        started = time.monotonic()
        code, _, err = cli("build", str(inbox), "--out", str(out), "-f", "json", "--lock-timeout", "0.5")
        waited = time.monotonic() - started
    assert code == EXIT_LOCKED and waited >= 0.5
    assert "another briefing process is writing" in err and "--lock-timeout" in err
    assert not (out / "brief.json").exists()
    assert cli("build", str(inbox), "--out", str(out), "-f", "json", "--lock-timeout", "0.5")[0] == 0


def _subprocess_build(inbox: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "briefing", "-q", "build", str(inbox), "--out", str(out), "--archive"]
    args += ["-f", "json,html,md", "--today", "2022-02-08", "--now", "2022-02-08T06:00:00+00:00", *extra]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _assert_latest_complete(out: Path) -> None:
    latest = out / "latest"
    stamp = json.loads((latest / ".build.json").read_text())
    assert sorted(stamp["files"]) == ["brief.html", "brief.json", "brief.md"]
    import hashlib

    for name, digest in stamp["files"].items():
        assert hashlib.sha256((latest / name).read_bytes()).hexdigest() == digest
    assert json.loads((latest / "brief.json").read_text())["articles"]


@pytest.mark.slow
def test_two_concurrent_builds_on_one_folder(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    first = _subprocess_build(inbox, out, "--lock-timeout", "0.5")
    second = _subprocess_build(inbox, out, "--lock-timeout", "0.5")
    results = [(p.wait(timeout=300), p.communicate()[1].decode()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, EXIT_LOCKED], results
    assert any("another briefing process is writing" in err for _, err in results)
    _assert_latest_complete(out)


@pytest.mark.slow
def test_builds_killed_at_random_points_leave_latest_complete(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    add_article(inbox, "delta")
    clock = ["--today", "2022-02-08", "--now", "2022-02-08T06:00:00+00:00", "-f", "json,html,md"]
    assert cli("build", str(inbox), "--out", str(out), "--archive", *clock)[0] == 0
    _assert_latest_complete(out)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for _ in range(3):
        proc = _subprocess_build(inbox, out, "--force")
        time.sleep(rng.uniform(0.2, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        try:
            _assert_latest_complete(out)
        except AssertionError as exc:
            raise AssertionError(f"latest incomplete after a kill (seed {seed})") from exc
    # The next build cleans what the killed ones left and publishes normally; the briefs it
    # replaces stay until the build after (a reader may still be reading them). A build
    # killed between its two link swaps leaves the day and "latest" naming different briefs:
    # both are replaced, so both stay.
    before = {(out / "latest").resolve(), (out / "2022-02-08").resolve()}
    assert cli("build", str(inbox), "--out", str(out), "--archive", "--force", *clock)[0] == 0
    _assert_latest_complete(out)
    state = out / ".briefing"
    assert not list(state.glob("tmp-*")) and not list(out.glob(".*.tmp*"))
    named = {(out / "latest").resolve(), (out / "2022-02-08").resolve()}
    assert set((state / "sets").iterdir()) <= named | before, f"seed {seed}"


def test_a_build_killed_between_its_link_swaps_is_cleaned_by_the_builds_after(tmp_path: Path) -> None:
    # The state a build killed after swapping the day's link but before "latest" leaves:
    # the day names a new complete brief, "latest" the old one.
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    clock = ["--today", "2022-02-08", "--now", "2022-02-08T06:00:00+00:00", "-f", "json,html,md"]
    assert cli("build", str(inbox), "--out", str(out), "--archive", *clock)[0] == 0
    sets = out / ".briefing" / "sets"
    old = (out / "latest").resolve()
    half = sets / "2022-02-08-0000dead"
    shutil.copytree(old, half)
    swap_link(out / "2022-02-08", f".briefing/sets/{half.name}")
    assert cli("build", str(inbox), "--out", str(out), "--archive", "--force", *clock)[0] == 0
    _assert_latest_complete(out)
    new = (out / "latest").resolve()
    assert (out / "2022-02-08").resolve() == new and new not in (old, half)
    assert set(sets.iterdir()) == {old, half, new}  # replaced briefs stay one more build
    assert cli("build", str(inbox), "--out", str(out), "--archive", "--force", *clock)[0] == 0
    assert set(sets.iterdir()) == {new, (out / "latest").resolve()}


def test_quiet_is_silent_on_success_and_log_file_records(tmp_path: Path) -> None:
    inbox, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "nightly.log"
    add_article(inbox, "alpha")
    result = runner.invoke(
        app, ["-q", "--log-file", str(log), "build", str(inbox), "--out", str(out), "-f", "json"]
    )
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert "analysed 1 article(s)" in log.read_text()


def _write_night_one(inbox: Path) -> None:
    for name in ("alpha", "bravo", "charlie"):
        add_article(inbox, name)
    (inbox / "empty.txt").write_text("")
    records = [
        {"title": "Wire one", "text": (SAMPLES / ARTICLES["delta"][0]).read_text(encoding="utf-8")[:1200]},
        {"title": "Wire two", "text": "Advertisement"},
    ]
    (inbox / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (inbox / "wire.meta.json").write_text(json.dumps({"outlet": "Wire Service"}), encoding="utf-8")


def test_incremental_build_gives_the_brief_of_a_build_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.ingest.read

    monkeypatch.setattr(briefing.ingest, "RACY_NS", 0)  # record files however recently written
    inbox, out = tmp_path / "in", tmp_path / "out"
    _write_night_one(inbox)
    settings = settings_for("2022-02-08")
    first = build([inbox], out, settings)
    assert first.ingested.recalled == 0 and len(first.ingested.read) == 5

    # The next night: one new article, a near-copy of a stored one, one changed, one deleted,
    # a sidecar changed; the rest untouched.
    add_article(inbox, "delta")
    copy = (inbox / "alpha.md").read_text(encoding="utf-8").replace("Test Wire", "Other Wire")
    (inbox / "alpha-copy.md").write_text(copy.replace("Alpha report", "Alpha copy"), encoding="utf-8")
    add_article(inbox, "charlie", chars=1400)
    (inbox / "bravo.md").unlink()
    (inbox / "wire.meta.json").write_text(json.dumps({"outlet": "Another Service"}), encoding="utf-8")
    read: list[str] = []
    real_load = briefing.ingest.read._load
    monkeypatch.setattr(
        briefing.ingest.read, "_load", lambda path, s: read.append(path.name) or real_load(path, s)
    )
    second = build([inbox], out, settings)
    assert sorted(read) == ["alpha-copy.md", "charlie.md", "delta.md", "wire.jsonl"]
    assert second.ingested.recalled == 2  # alpha.md and empty.txt
    # wire.jsonl was read again (its sidecar changed) but its text was not: analysis reused.
    assert sorted(Path(p).name for p in second.analysed) == ["charlie.md", "delta.md"]

    scratch = tmp_path / "scratch"
    build([inbox], scratch, settings_for("2022-02-08", store={"enabled": False}))
    incremental = (out / "brief.json").read_bytes()
    assert incremental == (scratch / "brief.json").read_bytes()
    brief = json.loads(incremental)
    names = {Path(a["path"]).name: a for a in brief["articles"]}
    assert "bravo.md" not in names and names["wire.jsonl#1"]["outlet"] == "Another Service"
    folded = {n: a["duplicate_of"] for n, a in names.items() if a["duplicate_of"]}
    copies = set(folded) - {"wire.jsonl#1"}
    assert len(copies) == 1 and copies <= {"alpha.md", "alpha-copy.md"}  # the new copy and the stored one
    # The wire's record is the start of delta's text: a shorter version of the same story.
    assert folded["wire.jsonl#1"] == names["delta.md"]["id"]
    assert any("empty.txt" in s["path"] for s in brief["skipped"])


def test_a_file_rewritten_with_its_old_size_and_mtime_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import briefing.ingest

    monkeypatch.setattr(briefing.ingest, "RACY_NS", 0)
    inbox, out = tmp_path / "in", tmp_path / "out"
    path = add_article(inbox, "alpha")
    before = path.stat()
    settings = settings_for("2022-02-08")
    build([inbox], out, settings)
    time.sleep(0.05)  # past the file system's clock tick
    path.write_text(path.read_text().replace("Alpha report", "Alpha update"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    again = build([inbox], out, settings)
    assert again.ingested.recalled == 0
    titles = [a["title"] for a in json.loads((out / "brief.json").read_text())["articles"]]
    assert titles == ["Alpha update"]


def test_files_written_just_before_a_build_are_read_again_next_time(tmp_path: Path) -> None:
    inbox, out = tmp_path / "in", tmp_path / "out"
    add_article(inbox, "alpha")
    settings = settings_for("2022-02-08")
    first = build([inbox], out, settings)
    assert first.ingested.read == []  # changed within the clock's resolution: not recorded
    second = build([inbox], out, settings, force=True)
    assert second.ingested.recalled == 0
