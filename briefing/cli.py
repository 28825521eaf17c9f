"""The command line: each command parses its options and calls one library function.

Exit codes: 0 brief written; 1 no usable article; 2 usage or configuration error
(bad option, config, taxonomy, missing model or Pango); 3 --strict and an input was
skipped. Bugs are not caught: they keep their traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from briefing import __version__
from briefing.config import FORMATS, Settings, load_settings
from briefing.errors import EXIT_USAGE, UserError

app = typer.Typer(
    name="briefing",
    help="Situation briefs (HTML, PDF, JSON, Markdown) from a folder of news articles.\n\n"
    "Example: briefing build corpus/samples --out output",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
log = logging.getLogger("briefing")
T = TypeVar("T")

PathsArg = Annotated[list[Path], typer.Argument(help="Article files or folders (searched recursively).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file (see README).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to load, by name or path.")]
ThemesOpt = Annotated[Path | None, typer.Option("--themes", help="Taxonomy file replacing the packaged one.")]
StrictOpt = Annotated[
    bool | None, typer.Option("--strict/--no-strict", help="Fail (exit 3) if any input is skipped.")
]


def _error(message: str, code: int) -> typer.Exit:
    typer.echo(f"briefing: error: {message}", err=True)
    return typer.Exit(code)


def _run(fn: Callable[[], T]) -> T:
    """Call the library; a user error becomes one line on stderr and its exit code."""
    try:
        return fn()
    except UserError as exc:
        raise _error(str(exc), exc.exit_code) from None


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _error(f"{flag} {value!r} is not a date (use YYYY-MM-DD)", EXIT_USAGE) from None


def _settings(config: Path | None, **sections: dict[str, Any]) -> Settings:
    return _run(lambda: load_settings(config, sections))


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = (
        logging.ERROR
        if quiet
        else logging.DEBUG
        if verbose > 1
        else logging.INFO
        if verbose
        else logging.WARNING
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("briefing: %(levelname)s: %(message)s"))
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Situation briefs from news articles."""
    _setup_logging(verbose, quiet)


@app.command()
def build(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Comma-separated: html,pdf,json,md.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The brief's title.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles published on/after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only articles published on/before (YYYY-MM-DD).")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="The brief's 'today' (YYYY-MM-DD), for reproducible output.")
    ] = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Generation timestamp (ISO 8601); default SOURCE_DATE_EPOCH or clock."),
    ] = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")] = None,
    marking: Annotated[
        str | None, typer.Option("--marking", help="Marking line, e.g. 'UNCLASSIFIED'.")
    ] = None,
    model: ModelOpt = None,
    themes: ThemesOpt = None,
    config: ConfigOpt = None,
    strict: StrictOpt = None,
) -> None:
    """Build the brief: OUT/brief.html, brief.pdf, brief.json (and brief.md).

    Example: briefing build corpus/samples --out output --format html,pdf,json,md
    """
    from briefing.pipeline import build as build_brief

    formats = None
    if format is not None:
        formats = [f.strip().lower() for f in format.split(",") if f.strip()]
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise _error(
                f"--format {format!r}: unknown format {bad[0] if bad else '(none)'}; use {','.join(FORMATS)}",
                EXIT_USAGE,
            )
    settings = _settings(
        config,
        brief={
            "title": title,
            "since": _date(since, "--since"),
            "until": _date(until, "--until"),
            "today": _date(today, "--today"),
            "now": now,
            "marking": marking,
        },
        model={"name": model},
        themes={"file": themes},
        ingest={"strict": strict},
        render={"formats": formats, "page_size": page_size},
    )
    result = _run(lambda: build_brief(paths, out, settings))
    for skipped in result.brief.skipped:
        log.debug("skipped %s: %s", skipped.path, skipped.reason)
    brief = result.brief
    typer.echo(
        f"brief from {len(brief.sources)} article(s), {len(brief.skipped)} skipped: "
        f"{sum(len(t.points) for t in brief.themes)} theme points, {len(brief.quotes)} quotes, "
        f"{len(brief.developments)} developments",
        err=True,
    )
    for path in result.written:
        typer.echo(str(path))


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    strict: StrictOpt = None,
) -> None:
    """Per-article extraction records: quotes and temporal expressions with source offsets.

    Example: briefing extract corpus/samples --format jsonl > extract.jsonl
    """
    from briefing.pipeline import extract as extract_records

    if format != "jsonl":
        raise _error(f"--format {format!r}: only jsonl is supported", EXIT_USAGE)
    settings = _settings(config, model={"name": model}, ingest={"strict": strict})
    records = _run(lambda: list(extract_records(paths, settings)))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if output is None:
        sys.stdout.write(lines)
    else:
        from briefing.render import write_atomic

        write_atomic(output, lines.encode("utf-8"))


@app.command()
def quotes(
    paths: PathsArg,
    all_kinds: Annotated[
        bool, typer.Option("--all", help="Also show scare quotes (single terms, titles).")
    ] = False,
    model: ModelOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print every quote found, with speaker, role and cue, as a table for a quick look.

    Example: briefing quotes corpus/samples
    """
    from rich.console import Console
    from rich.table import Table

    from briefing.pipeline import extract as extract_records

    settings = _settings(config, model={"name": model})
    records = _run(lambda: list(extract_records(paths, settings)))
    table = Table("source", "speaker", "role", "cue", "quote", show_lines=False, expand=True)
    shown = 0
    for record in records:
        for q in record["quotes"]:
            if q["kind"] == "scare" and not all_kinds:
                continue
            shown += 1
            table.add_row(
                Path(record["path"]).name,
                q["speaker"] or "?",
                q["speaker_role"] or "",
                q["cue"] or "",
                q["text"],
            )
    Console(soft_wrap=False).print(table)
    typer.echo(f"{shown} quote(s) in {len(records)} article(s)", err=True)


@app.command()
def doctor(
    model: ModelOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder to check.")] = Path("output"),
    config: ConfigOpt = None,
) -> None:
    """Check Python, spaCy, the model and its integrity, WeasyPrint with Pango, fonts, the output folder.

    Example: briefing doctor --out output
    """
    from briefing.doctor import format_check, run_checks

    settings = _settings(config, model={"name": model})
    checks = run_checks(settings.model.name, out)
    for check in checks:
        typer.echo(format_check(check))
    if not all(c.ok for c in checks):
        raise typer.Exit(EXIT_USAGE)


@app.command("themes")
def themes_cmd(themes: ThemesOpt = None, config: ConfigOpt = None) -> None:
    """List the theme taxonomy in force.

    Example: briefing themes --themes my-taxonomy.toml
    """
    from briefing.analysis.themes import load_taxonomy

    settings = _settings(config, themes={"file": themes})
    taxonomy = _run(lambda: load_taxonomy(settings.themes.file))
    typer.echo(f"taxonomy: {taxonomy.source}")
    for theme in taxonomy.themes:
        typer.echo(f"{theme.id:<22} {theme.label}: {theme.description}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
