"""The registry of output formats: the packaged ones, and one added from outside the
package through the ``briefing.formats`` entry point."""

import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.formats import registry
from tests.conftest import FIXED_CLOCK, SAMPLES


def test_packaged_formats_in_write_order() -> None:
    assert list(registry()) == ["json", "html", "md", "pdf"]
    assert {f.mail for f in registry().values()} == {
        "optional-attachment",
        "html-body",
        "text-body",
        "attachment",
    }


@pytest.fixture()
def txt_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A package outside briefing that registers a plain-text format by its entry point."""
    site = tmp_path / "site"
    package = site / "brief_txt"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            from briefing.formats import OutputFormat

            def render(job):
                lines = [job.brief.title, ""]
                for theme in job.brief.themes:
                    lines += [theme.label.upper(), *("- " + p.text for p in theme.points[:3]), ""]
                return "\\n".join(lines).encode("utf-8")

            FORMAT = OutputFormat("txt", "plain text", render, mail="attachment", order=60)
            """
        ),
        encoding="utf-8",
    )
    info = site / "brief_txt-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brief-txt\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[briefing.formats]\ntxt = brief_txt:FORMAT\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    registry.cache_clear()
    yield
    registry.cache_clear()
    sys.modules.pop("brief_txt", None)


def test_a_format_from_another_package_is_built_and_mailed(txt_format, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert list(registry()) == ["json", "html", "md", "pdf", "txt"]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(SAMPLES), "--out", str(out), "--format", "json,html,txt", *FIXED_CLOCK]
    )
    assert result.exit_code == 0, result.output
    text = (out / "brief.txt").read_text(encoding="utf-8")
    assert text.startswith("Situation brief") and "SANCTIONS" in text
    helped = CliRunner().invoke(app, ["build", "--help"]).output
    assert "txt (plain text)" in helped

    from briefing.config import load_settings
    from briefing.mail import build_message

    message = build_message(out, load_settings(), "a@example.org", ["b@example.org"])
    names = [part.get_filename() for part in message.iter_attachments()]
    assert any(name and name.endswith(".txt") for name in names)


def test_an_unknown_format_in_the_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[render]\nformats = ["html", "docx"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(SAMPLES), "--config", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "unknown format docx" in result.output
