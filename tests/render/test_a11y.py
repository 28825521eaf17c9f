"""Opt-in HTML checks: the Nu Html Checker and an axe-core scan in headless Chromium.

They need tools outside the Python dependencies: Java and vnu.jar (npm package vnu-jar), and
Debian's chromium with the `browser` extra (playwright, axe-playwright-python).
`.ci/install-browser-tools` installs them all; without them these tests skip and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
# The flags this closed network needs (machine notes): no sandbox as root, no background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WIDTHS = (390, 1000)


def _vnu_jar() -> Path:
    candidates = [os.environ.get("BRIEFING_VNU_JAR", "")]
    candidates.append(str(ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip("vnu.jar not installed (run .ci/install-browser-tools, or set BRIEFING_VNU_JAR)")


def test_html_passes_the_nu_html_checker(sample_brief: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not installed (run .ci/install-browser-tools)")
    jar = _vnu_jar()
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", str(sample_brief / "brief.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == []


def test_nu_html_checker_reports_an_error(tmp_path: Path) -> None:
    """The check can fail: a page without a title is an error."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not installed (run .ci/install-browser-tools)")
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><body><p>x</p></body></html>")
    result = subprocess.run(
        [java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stderr)["messages"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} not installed (run .ci/install-browser-tools)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (run .ci/install-browser-tools)"
    )
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _scan(browser: Any, url: str, width: int) -> tuple[list[str], int, list[str]]:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    results = Axe().run(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    return serious, overflow, [u for u in requests if u != url]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_violations_and_nothing_is_fetched(
    browser: Any, sample_brief: Path, width: int
) -> None:
    serious, overflow, fetched = _scan(browser, (sample_brief / "brief.html").as_uri(), width)
    assert serious == []
    assert overflow <= 0, f"{overflow}px horizontal scroll at {width}px"  # readable at phone width
    assert fetched == []  # self-contained: no other request than the file itself


def test_axe_reports_a_violation(browser: Any, tmp_path: Path) -> None:
    """The scan can fail: an image without a text alternative is a critical violation."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><title>x</title><body><img src="data:,"></body></html>')
    serious, _, _ = _scan(browser, bad.as_uri(), 1000)
    assert serious
