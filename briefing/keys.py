"""Keys: what a stored or published result depends on, as digests.

An article's analysis is stored under its ``content_hash`` (what the analysis reads) and
the ``analysis_version`` (what it runs with: the spaCy model, the taxonomy, the minimum
theme score, the packaged rules and analysis code, the records' version). A change of
any of them makes the stored results unreachable, so those articles are analysed again.
A published brief is stamped with its ``fingerprint`` (the code, templates, settings,
analysis version and articles): an equal fingerprint means the same brief.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import briefing
from briefing import __version__
from briefing.config import Settings
from briefing.records import Article, Skipped

# The records an analysis holds: 2 added key figures, 3 the events reported after the stamp
# (an analysis stored before is redone).
RECORDS_VERSION = 3


def content_hash(article: Article) -> str:
    """What the analysis of an article depends on: its clean paragraphs and published date."""
    payload = {
        "paragraphs": [[p.text, p.kind] for p in article.paragraphs],
        "published": article.published.isoformat() if article.published else None,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def hash_files(paths: Iterable[Path], digest: Any = None) -> str:
    """One digest over files (name and content), in a stable order; missing files count as absent."""
    digest = digest or hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return str(digest.hexdigest())


@functools.lru_cache(maxsize=1)
def rules_version() -> str:
    """The product version plus a digest of the packaged data and the analysis code."""
    root = Path(briefing.__file__).parent
    files = [
        *(root / "data").glob("*.toml"),
        *(root / "data").glob("*.json"),
        *(root / "data").glob("*.npz"),
        *(root / "analysis").rglob("*.py"),
        root / "records.py",
    ]
    return f"{__version__}+{hash_files(files)[:16]}"


def model_version(name: str) -> str:
    """The spaCy pipeline's version without loading it: its package's or its meta.json's."""
    folder = Path(name)
    if folder.is_dir():
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
        except (OSError, ValueError):
            return "unknown"
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def analysis_version(
    model_name: str,
    taxonomy_file: Path | None,
    min_score: float,
    theme_model: str = "",
    theme_vectors: str = "",
) -> str:
    """The key part that changes when the analysis would give different results."""
    try:
        spacy_version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        spacy_version = "unknown"
    taxonomy = hash_files([taxonomy_file])[:16] if taxonomy_file is not None else "packaged"
    placement = theme_model if theme_model in ("", "none") else hash_files([Path(theme_model)])[:16]
    if theme_vectors and theme_model != "none":  # (the packaged table is in rules_version)
        placement += "+" + hash_files([Path(theme_vectors)])[:16]
    return "|".join(
        [
            f"model={model_name}@{model_version(model_name)}",
            f"spacy={spacy_version}",
            f"taxonomy={taxonomy}",
            f"min_score={min_score}",
            f"placement={placement or 'packaged'}",
            f"rules={rules_version()}",
            f"records={RECORDS_VERSION}",
        ]
    )


def analysis_version_for(settings: Settings) -> str:
    """The analysis version a build's settings give (model, taxonomy, minimum score, placement)."""
    themes = settings.themes
    return analysis_version(settings.model.name, themes.file, themes.min_score, themes.model, themes.vectors)


def _templates_digest(settings: Settings) -> str:
    extras = tuple(
        value
        for value in (
            settings.render.templates,
            getattr(settings.render, "stylesheet", None),
            getattr(settings.render, "logo", None),
        )
        if isinstance(value, Path)
    )
    return _files_digest(extras)


@functools.lru_cache(maxsize=8)
def _files_digest(extras: tuple[Path, ...]) -> str:
    """Templates, stylesheet and logo as one digest (once per process, like the code)."""
    root = Path(briefing.__file__).parent
    folders = [root / "templates", root.parent / "templates", *(p for p in extras if p.is_dir())]
    files = [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()]
    files += [p for p in extras if not p.is_dir()]
    return hash_files(files)


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    root = Path(briefing.__file__).parent
    return hash_files([*root.rglob("*.py"), *(root / "data").glob("*.toml")])


def fingerprint(
    articles: Sequence[Article],
    skipped: Sequence[Skipped],
    settings: Settings,
    previous: str | None,
) -> str:
    """Everything a brief depends on except the generation time: equal -> same brief."""
    config = settings.model_dump(
        mode="json", by_alias=True, exclude={"store": True, "email": True, "executor": True}
    )
    config["brief"].pop("now", None)
    config["model"].pop("jobs", None)  # where the analysis runs does not change the brief
    payload = {
        "version": __version__,
        "code": _code_digest(),
        "templates": _templates_digest(settings),
        "analysis": analysis_version_for(settings),
        "taxonomy": hash_files([settings.themes.file]) if settings.themes.file else None,
        "settings": config,
        "today": settings.today().isoformat(),
        "articles": [
            [
                a.id,
                content_hash(a),
                a.path,
                a.title,
                a.outlet,
                a.url,
                a.published.isoformat() if a.published else None,
                a.author,
                a.duplicate_of,
                a.format,
            ]
            for a in articles
        ],
        "skipped": [[s.path, s.reason] for s in skipped],
        "previous": previous,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()
