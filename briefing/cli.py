"""The command line: each command parses its options and calls one library function.

Exit codes: 0 brief written; 1 no usable article; 2 usage or configuration error
(bad option, config, taxonomy, missing model or Pango); 3 --strict and an input was
skipped; 4 another build holds the output folder; 5 the store is damaged (run
``briefing rebuild``); 6 the email could not be delivered. Bugs are not caught: they
keep their traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from briefing import __version__, console
from briefing.config import Settings, known_formats, load_settings
from briefing.errors import EXIT_USAGE
from briefing.formats import help_line as formats_help

app = typer.Typer(
    name="briefing",
    help="Situation briefs (HTML, PDF, JSON, Markdown) from a folder of news articles.\n\n"
    "Example: briefing build corpus/samples --out output",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

PathsArg = Annotated[list[Path], typer.Argument(help="Article files or folders (searched recursively).")]
OptionalPathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Article files or folders (searched recursively); none = the store's inbox only."),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Store file (default OUT/.briefing/store.sqlite).")
]
LockTimeoutOpt = Annotated[
    float | None,
    typer.Option("--lock-timeout", help="Seconds to wait for another build of OUT (then exit 4)."),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file (see README).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to load, by name or path.")]
ThemesOpt = Annotated[Path | None, typer.Option("--themes", help="Taxonomy file replacing the packaged one.")]
StrictOpt = Annotated[
    bool | None, typer.Option("--strict/--no-strict", help="Fail (exit 3) if any input is skipped.")
]


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise console.error(f"{flag} {value!r} is not a date (use YYYY-MM-DD)", EXIT_USAGE) from None


def _settings(config: Path | None, **sections: dict[str, Any]) -> Settings:
    return console.run(lambda: load_settings(config, sections))


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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors on stderr; nothing on success (cron).")
    ] = False,
    log_file: Annotated[
        Path | None, typer.Option("--log-file", help="Also append the log (info and up, timestamped) here.")
    ] = None,
) -> None:
    """Situation briefs from news articles."""
    console.setup_logging(verbose, quiet, log_file)


@app.command()
def build(
    paths: OptionalPathsArg = None,
    out: OutOpt = Path("output"),
    format: Annotated[str | None, typer.Option("--format", "-f", help=formats_help())] = None,
    title: Annotated[str | None, typer.Option("--title", help="The brief's title.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles published on/after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only articles published on/before (YYYY-MM-DD).")
    ] = None,
    window: Annotated[
        str | None,
        typer.Option("--window", help="Only articles of the last N days/weeks up to --today: 7d, 2w."),
    ] = None,
    archive: Annotated[
        bool | None,
        typer.Option("--archive/--no-archive", help="Write OUT/YYYY-MM-DD/brief.* and update OUT/latest."),
    ] = None,
    send: Annotated[bool, typer.Option("--send", help="Then mail the brief (see 'briefing send').")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Render even if the published brief is up to date.")
    ] = False,
    store: StoreOpt = None,
    lock_timeout: LockTimeoutOpt = None,
    today: Annotated[
        str | None, typer.Option("--today", help="The brief's 'today' (YYYY-MM-DD), for reproducible output.")
    ] = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Generation timestamp (ISO 8601); default SOURCE_DATE_EPOCH or clock."),
    ] = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")] = None,
    pdf_variant: Annotated[
        str | None,
        typer.Option("--pdf-variant", help="PDF profile: pdf/a-3b (archival, default), pdf/ua-1 or none."),
    ] = None,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="Template folder searched before the packaged one.")
    ] = None,
    marking: Annotated[
        str | None, typer.Option("--marking", help="Marking line, e.g. 'UNCLASSIFIED'.")
    ] = None,
    model: ModelOpt = None,
    themes: ThemesOpt = None,
    config: ConfigOpt = None,
    strict: StrictOpt = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes analysing articles (default 1).")
    ] = None,
    executor: Annotated[
        str | None,
        typer.Option(
            "--executor", help="Where articles are analysed: local (default) or dask (--scheduler)."
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address for --executor dask.")
    ] = None,
) -> None:
    """Build the brief: OUT/brief.html, brief.pdf, brief.json (and brief.md).

    Only new or changed articles are analysed (the store); an unchanged brief is left as it is.

    Example: briefing build corpus/samples --out output --format html,pdf,json,md
    """
    from briefing.pipeline import build as build_brief

    formats = None
    if format is not None:
        formats = [f.strip().lower() for f in format.split(",") if f.strip()]
        try:
            known_formats(formats)
        except ValueError as exc:
            raise console.error(f"--format {format!r}: {exc}", EXIT_USAGE) from None
    settings = _settings(
        config,
        brief={
            "title": title,
            "since": _date(since, "--since"),
            "until": _date(until, "--until"),
            "window": window,
            "today": _date(today, "--today"),
            "now": now,
            "marking": marking,
        },
        model={"name": model, "jobs": jobs},
        themes={"file": themes},
        ingest={"strict": strict},
        store={"path": store},
        archive={"enabled": archive, "lock_timeout": lock_timeout},
        executor={"kind": executor, "scheduler": scheduler},
        render={
            "formats": formats,
            "page_size": page_size,
            "pdf_variant": pdf_variant,
            "templates": templates,
        },
    )
    progress = console.progress()
    result = console.run(
        lambda: build_brief(paths or [], out, settings, force=force, send=send, progress=progress)
    )
    console.report_build(result)


@app.command("ingest")
def ingest_cmd(
    paths: PathsArg,
    out: OutOpt = Path("output"),
    store: StoreOpt = None,
    config: ConfigOpt = None,
    strict: StrictOpt = None,
) -> None:
    """Read an inbox folder into the store; the next 'build --out OUT' includes its articles.

    The files are left in place: they are the articles, the store is a cache of them.

    Example: briefing ingest /srv/inbox --out /srv/briefs
    """
    from briefing.pipeline import ingest_inbox

    settings = _settings(config, store={"path": store}, ingest={"strict": strict})
    report = console.run(lambda: ingest_inbox(paths, out, settings))
    console.say(
        f"{report.articles} article(s) read, {report.added} new or changed, into {report.path}", err=True
    )


@app.command()
def rebuild(
    paths: OptionalPathsArg = None,
    inbox: Annotated[
        list[Path] | None, typer.Option("--inbox", help="Inbox folder to ingest again (repeatable).")
    ] = None,
    out: OutOpt = Path("output"),
    store: StoreOpt = None,
    model: ModelOpt = None,
    themes: ThemesOpt = None,
    config: ConfigOpt = None,
    lock_timeout: LockTimeoutOpt = None,
) -> None:
    """Recreate a damaged, foreign or lost store from the articles, analysing them again.

    Example: briefing rebuild corpus/samples --inbox /srv/inbox --out /srv/briefs
    """
    from briefing.pipeline import rebuild_store

    if not paths and not inbox:
        raise console.error("rebuild needs article PATHs or --inbox folders", EXIT_USAGE)
    settings = _settings(
        config,
        store={"path": store},
        model={"name": model},
        themes={"file": themes},
        archive={"lock_timeout": lock_timeout},
    )
    progress = console.progress()
    report = console.run(lambda: rebuild_store(paths or [], inbox or [], out, settings, progress))
    console.say(
        f"store {report.path} rebuilt: {report.articles} article(s), {report.analysed} analysed", err=True
    )


@app.command("send")
def send_cmd(
    out: OutOpt = Path("output"),
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Recipient (repeatable); default [email] to.")
    ] = None,
    sender: Annotated[str | None, typer.Option("--from", help="Sender; default [email] from.")] = None,
    attach_json: Annotated[
        bool | None, typer.Option("--attach-json/--no-attach-json", help="Also attach brief.json.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write the message as a .eml file instead of sending it.")
    ] = False,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Where --dry-run writes the message (default OUT/brief.eml).")
    ] = None,
    config: ConfigOpt = None,
    lock_timeout: LockTimeoutOpt = None,
) -> None:
    """Mail the latest brief of OUT (SMTP settings in the config file's [email] section).

    Recipients who already received this brief are not mailed again. The password comes
    from email.password_env or email.password_file, never from the command line.

    Example: briefing send --out /srv/briefs --config nightly.toml --dry-run
    """
    from briefing.deliver import send

    settings = _settings(
        config,
        email={"from": sender, "attach_json": attach_json},
        archive={"lock_timeout": lock_timeout},
    )
    delivery = console.run(lambda: send(out, settings, list(to) if to else None, dry_run, eml))
    console.report_delivery(delivery)


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
    from briefing.render.extraction import jsonl

    if format != "jsonl":
        raise console.error(f"--format {format!r}: only jsonl is supported", EXIT_USAGE)
    settings = _settings(config, model={"name": model}, ingest={"strict": strict})
    records = console.run(lambda: list(extract_records(paths, settings)))
    lines = jsonl(records)
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

    from briefing.pipeline import extract as extract_records
    from briefing.render.extraction import quote_table

    settings = _settings(config, model={"name": model})
    records = console.run(lambda: list(extract_records(paths, settings)))
    table, shown = quote_table(records, all_kinds)
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
    taxonomy = console.run(
        lambda: load_taxonomy(settings.themes.file, settings.themes.model, settings.themes.vectors)
    )
    typer.echo(f"taxonomy: {taxonomy.source}")
    for theme in taxonomy.themes:
        typer.echo(f"{theme.id:<22} {theme.label}: {theme.description}")


def main() -> None:
    from briefing.threads import use_one_blas_thread

    use_one_blas_thread()  # before anything loads NumPy (see briefing/threads.py)
    app()


if __name__ == "__main__":
    main()
