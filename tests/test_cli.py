"""The CLI through Typer's runner: commands, outputs and exit codes."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import __version__
from briefing.cli import app
from tests.conftest import FIXED_CLOCK, SAMPLES

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"briefing {__version__}"


@pytest.mark.parametrize("command", ["build", "extract", "quotes", "doctor", "themes"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: briefing" in result.output


def test_build_writes_every_format_and_prints_paths(sample_brief: Path) -> None:
    for fmt in ("html", "pdf", "json", "md"):
        assert (sample_brief / f"brief.{fmt}").stat().st_size > 1000
    assert not list(sample_brief.glob(".*.tmp"))


def test_build_default_formats(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text((SAMPLES / "004_de08d329854fef43.txt").read_text())
    result = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), *FIXED_CLOCK])
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(p.name for p in written) == ["brief.html", "brief.json", "brief.pdf"]


def test_no_usable_article_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 1
    assert "no usable article" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "brief.json").exists()


def test_strict_fails_on_a_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text((SAMPLES / "004_de08d329854fef43.txt").read_text())
    (tmp_path / "b.txt").write_text("")
    args = ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-f", "json", *FIXED_CLOCK]
    result = runner.invoke(app, [*args, "--strict"])
    assert result.exit_code == 3 and "b.txt" in result.stderr
    assert runner.invoke(app, args).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "unknown format docx"),
        (["--since", "yesterday"], "is not a date"),
        (["--model", "no_such_model"], "not installed"),
        (["--page-size", "A3"], "page_size"),
        (["--config", "/nonexistent/briefing.toml"], "cannot read config file"),
        (["--themes", "/nonexistent/themes.toml"], "cannot read taxonomy"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["build", str(SAMPLES), "--out", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: error:") and message in lines[0]


def test_since_until_select_articles(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "build",
            str(SAMPLES),
            "--out",
            str(tmp_path),
            "-f",
            "json",
            "--since",
            "2021-12-25",
            "--until",
            "2022-01-31",
            *FIXED_CLOCK,
        ],
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((tmp_path / "brief.json").read_text())
    assert [a["published"] for a in brief["articles"]] == ["2021-12-30", "2022-01-03"]
    reasons = {Path(s["path"]).stem: s["reason"] for s in brief["skipped"]}
    assert "no published date" in reasons["001_5f7bd8d975fe57df"]
    assert "outside the period" in reasons["000_8cd047cc1c9b84ac"]


def test_extract_records_with_source_offsets() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    for record in records:
        raw = Path(record["path"]).read_text(encoding="utf-8")
        assert record["timexes"], record["path"]
        for item in record["quotes"] + record["timexes"]:
            if item["start"] is not None:
                assert raw[item["start"] : item["end"]] == item["text"]
        assert all(t["type"] in {"DATE", "TIME", "DURATION", "SET"} for t in record["timexes"])


def test_themes_lists_the_taxonomy() -> None:
    result = runner.invoke(app, ["themes"])
    assert result.exit_code == 0
    assert "sanctions" in result.stdout and "nato-posture" in result.stdout


def test_bad_taxonomy_file_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.toml"
    bad.write_text('[[theme]]\nid = "x"\n')
    result = runner.invoke(app, ["themes", "--themes", str(bad)])
    assert result.exit_code == 2 and "no evidence" in result.stderr


def test_doctor_reports_each_check(tmp_path: Path) -> None:
    result = runner.invoke(app, ["doctor", "--out", str(tmp_path)])
    names = [line.split()[1] for line in result.stdout.splitlines()]
    assert names == ["python", "spacy", "model", "weasyprint", "fonts", "output"]
    assert result.exit_code == (0 if all(line.startswith("ok") for line in result.stdout.splitlines()) else 2)
    assert "match the wheel's RECORD" in result.stdout


def test_doctor_flags_a_missing_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["doctor", "--model", "no_such_model", "--out", str(tmp_path)])
    assert result.exit_code == 2
    (model_line,) = [line for line in result.stdout.splitlines() if " model " in line]
    assert model_line.startswith("FAIL") and "fix:" in model_line


def test_a_story_run_by_two_outlets_is_analysed_once_and_cites_both(tmp_path: Path) -> None:
    src = SAMPLES / "004_de08d329854fef43.txt"
    (tmp_path / "in").mkdir()
    for name, outlet in (("wire", "Wire A"), ("copy", "Paper B")):
        (tmp_path / "in" / f"{name}.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "in" / f"{name}.meta.json").write_text(
            json.dumps({"outlet": outlet, "published": "2022-01-03"})
        )
    result = runner.invoke(
        app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-f", "json", *FIXED_CLOCK]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((tmp_path / "out" / "brief.json").read_text())
    assert {a["outlet"] for a in brief["articles"]} == {"Wire A", "Paper B"}
    assert sum(a["duplicate_of"] is not None for a in brief["articles"]) == 1
    items = brief["quotes"] + brief["developments"] + [p for t in brief["themes"] for p in t["points"]]
    assert items and all(sorted(i["articles"]) == ["a1", "a2"] for i in items)


def test_quotes_table() -> None:
    result = runner.invoke(app, ["quotes", str(SAMPLES / "004_de08d329854fef43.txt")], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for expected in ("Antony Blinken", "U.S. Secretary of State", "Joe Biden", "respond decisively"):
        assert expected in result.stdout


@pytest.mark.parametrize("command", ["ingest", "rebuild", "send"])
def test_nightly_commands_have_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: briefing" in result.output


def test_verbose_build_prints_one_line_per_stage(tmp_path: Path) -> None:
    import re

    result = runner.invoke(
        app, ["-v", "build", str(SAMPLES), "--out", str(tmp_path), "--format", "json", *FIXED_CLOCK]
    )
    assert result.exit_code == 0, result.output
    stages = re.findall(r"^briefing: INFO: (ingest|analysis|compose|render) \d+\.\d s$", result.output, re.M)
    assert stages == ["ingest", "analysis", "compose", "render"]


def test_a_build_returns_its_stage_timings(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from briefing.pipeline import build

    result = build([SAMPLES], tmp_path, settings.model_copy(update={}))
    assert list(result.timings) == ["ingest", "analysis", "compose", "render"]
    assert all(seconds >= 0 for seconds in result.timings.values())
    assert result.timings["analysis"] > 0


def test_the_command_line_starts_without_loading_spacy() -> None:
    # Every run builds the commands (their --format help lists the formats): that must not
    # load the analysis, which costs a nightly run with nothing new seconds.
    import subprocess
    import sys

    code = (
        "import sys, typer.main; from briefing.cli import app; typer.main.get_command(app); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
