"""The documentation says what the product does: the flags and config keys the README
shows exist, and brief.json matches its documented schema (docs/brief.schema.json)."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings, packaged_defaults
from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
SCHEMA = DOCS / "brief.schema.json"

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
FLAG = re.compile(r"^\[*(--?[A-Za-z][\w-]*)")
STOP = {"&&", "||", "|", ";", ">", ">>", "2>&1"}


def _blocks(path: Path, *languages: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(path.read_text(encoding="utf-8")) if m.group(1) in languages]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args], env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.output


def _command_names() -> set[str]:
    import typer.main

    group = typer.main.get_command(app)
    return set(getattr(group, "commands", {}))


def _lines(block: str) -> list[str]:
    """Shell lines with continuations joined: a trailing backslash, or an indented line
    under a line that runs briefing (the README's multi-line usage)."""
    lines: list[str] = []
    for raw in block.splitlines():
        line = re.sub(r"\s+#.*$", "", raw)  # a trailing comment
        if lines and (lines[-1].endswith("\\") or (raw[:1].isspace() and "briefing" in lines[-1])):
            lines[-1] = lines[-1].rstrip("\\") + " " + line.strip()
        elif line.strip():
            lines.append(line)
    return lines


def _invocations(paths: list[Path]) -> list[tuple[str, list[str], list[str], str]]:
    """(command or "", global flags, command flags, the line) for every briefing run shown."""
    commands = _command_names()
    found = []
    for path in paths:
        for block in _blocks(path, "sh", "cron", "ini", ""):
            for line in _lines(block):
                try:
                    tokens = shlex.split(line.replace("ExecStart=", ""), posix=True)
                except ValueError:
                    tokens = line.split()
                for i, token in enumerate(tokens):
                    if token.rsplit("/", 1)[-1] != "briefing" or i + 1 == len(tokens):
                        continue
                    following = tokens[i + 1]
                    if not (following.startswith("-") or following in commands):
                        continue
                    command, global_flags, flags = "", [], []
                    for word in tokens[i + 1 :]:
                        if word in STOP:
                            break
                        if not command and word in commands:
                            command = word
                            continue
                        match = FLAG.match(word)
                        if match:
                            (flags if command else global_flags).append(match.group(1))
                    found.append((command, global_flags, flags, line.strip()))
                    break
    return found


def test_readme_shows_briefing_commands() -> None:
    shown = {command for command, *_ in _invocations([README])}
    assert _command_names() <= shown, _command_names() - shown


@pytest.mark.parametrize("path", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_every_flag_shown_exists(path: Path) -> None:
    helps: dict[str, str] = {"": _help("--help")}
    missing = []
    for command, global_flags, flags, line in _invocations([path]):
        if command not in helps:
            helps[command] = _help(command, "--help")
        for flag in global_flags:
            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", helps[""]):
                missing.append(f"{flag} (global) in: {line}")
        for flag in flags:
            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", helps[command]):
                missing.append(f"{flag} ({command}) in: {line}")
    assert not missing, "\n".join(missing)


def _list_item_model(section: str, key: str) -> type[BaseModel]:
    section_model = Settings.model_fields[section].annotation
    assert isinstance(section_model, type) and issubclass(section_model, BaseModel)
    (item,) = typing.get_args(section_model.model_fields[key].annotation)
    assert issubclass(item, BaseModel)
    return item


def _unknown_keys(data: dict[str, Any], defaults: dict[str, Any], where: str) -> list[str]:
    unknown = []
    for key, value in data.items():
        name = f"{where}.{key}" if where else key
        if key not in defaults:
            unknown.append(name)
        elif isinstance(value, dict) and isinstance(defaults[key], dict):
            unknown += _unknown_keys(value, defaults[key], name)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            # an array of tables ([[ingest.columns]]): keys of the section's list items
            section = where.split(".")[0]
            model = _list_item_model(section, key)
            allowed = {f.alias or n for n, f in model.model_fields.items()}
            for item in value:
                unknown += [f"{name}[].{k}" for k in item if k not in allowed]
    return unknown


def _toml_blocks(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    return [(path, tomllib.loads(block)) for path in paths for block in _blocks(path, "toml")]


@pytest.mark.parametrize("path", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_every_config_key_shown_exists(path: Path) -> None:
    defaults = packaged_defaults()
    for _, data in _toml_blocks([path]):
        if "theme" in data:  # a taxonomy, not settings: the taxonomy's own checks apply
            from briefing.analysis.themes.taxonomy import parse_taxonomy

            parse_taxonomy(data, f"{path.name} example")
            continue
        assert not _unknown_keys(data, defaults, ""), data


def test_readme_config_blocks_are_settings() -> None:
    """The README's configuration examples are found (the test above is not vacuous)."""
    sections = {key for _, data in _toml_blocks([README]) for key in data}
    assert {"brief", "render", "ingest", "theme"} <= sections


def test_readme_stays_a_user_guide() -> None:
    assert len(README.read_bytes()) < 15_000


def test_readme_links_every_doc() -> None:
    text = README.read_text(encoding="utf-8")
    for doc in DOCS.iterdir():
        assert f"docs/{doc.name}" in text, doc.name


def _validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_golden_brief_matches_the_schema() -> None:
    brief = json.loads((ROOT / "tests" / "golden" / "brief.json").read_text(encoding="utf-8"))
    errors = [e.message for e in _validator().iter_errors(brief)]
    assert not errors, errors


def test_sample_brief_matches_the_schema(sample_brief: Path) -> None:
    brief = json.loads((sample_brief / "brief.json").read_text(encoding="utf-8"))
    errors = [e.message for e in _validator().iter_errors(brief)]
    assert not errors, errors


def test_schema_rejects_a_wrong_contract_type() -> None:
    brief = json.loads((ROOT / "tests" / "golden" / "brief.json").read_text(encoding="utf-8"))
    brief["articles"][0]["published"] = 20220207
    assert not _validator().is_valid(brief)
    del brief["articles"][0]["published"]
    assert not _validator().is_valid(brief)
