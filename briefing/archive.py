"""The output folder: one build at a time, briefs published atomically, and what's new.

Layout of an output folder OUT (everything the product keeps is under OUT/.briefing):

    OUT/.briefing/lock                 held by the build writing OUT (filelock)
    OUT/.briefing/sets/<date>-<id>/    one complete brief: brief.{html,pdf,json,md}, .build.json
    OUT/.briefing/current -> sets/...  the brief of a build without --archive
    OUT/brief.html -> .briefing/current/brief.html   (one link per format)
    OUT/YYYY-MM-DD -> .briefing/sets/...             with --archive: the day's brief
    OUT/latest     -> .briefing/sets/...             with --archive: the newest
    OUT/.briefing/history/YYYY-MM-DD.json            each day's brief.json, for "what's new"
    OUT/.briefing/store.sqlite         the analysis store (default place; a cache)
    OUT/.briefing/tmp-*                a build in progress (removed by the next build)

A brief is rendered into a temporary folder, fsynced, renamed into ``sets/`` and only
then published by replacing one symbolic link (``os.replace`` of a new link), so at
every instant ``latest`` (or ``current``) names one complete brief, old or new. A killed
build leaves the previous brief as it was; its leftovers are removed by the next build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from briefing.errors import ConfigError, LockedError
from briefing.fileio import fsync_dir, write_atomic
from briefing.formats import names as format_names
from briefing.records import Brief, NewItem

log = logging.getLogger(__name__)

STATE = ".briefing"
STAMP = ".build.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NEW_ITEMS_SHOWN = 8


def state_dir(out: Path) -> Path:
    return out / STATE


def default_store_path(out: Path) -> Path:
    return state_dir(out) / "store.sqlite"


# ---- files -------------------------------------------------------------------------


def write_file(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename: never half-written."""
    write_atomic(path, data)


def swap_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` (relative) atomically: a new link renamed over the old one."""
    if link.exists() and link.is_dir() and not link.is_symlink():
        raise ConfigError(
            f"{link} is a folder, not a link the brief can replace",
            "move it away; briefing keeps dated briefs and 'latest' as links into OUT/.briefing",
        )
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.tmp-link")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(link.parent)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- the lock ----------------------------------------------------------------------


@contextlib.contextmanager
def output_lock(out: Path, timeout: float) -> Iterator[None]:
    """Hold OUT's build lock; after ``timeout`` seconds of waiting, LockedError (exit 4).

    The lock is an OS file lock: a killed holder releases it with its process.
    """
    state_dir(out).mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(state_dir(out) / "lock"), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"another briefing process is writing {out} (waited {timeout:g} s for it)",
            "let it finish, or raise --lock-timeout",
        ) from None
    try:
        yield
    finally:
        lock.release()


# ---- sets and links ----------------------------------------------------------------


def _sets(out: Path) -> Path:
    return state_dir(out) / "sets"


def _links(out: Path) -> Iterator[Path]:
    """Every link that can name a set: current, latest, dated folders."""
    yield state_dir(out) / "current"
    yield out / "latest"
    if out.is_dir():
        for entry in out.iterdir():
            if _DATE.match(entry.name) and entry.is_symlink():
                yield entry


def clean_stale(out: Path) -> list[Path]:
    """Remove what a killed build left: temporary folders, files and links, and sets no link names."""
    removed: list[Path] = []
    state = state_dir(out)
    if not state.is_dir():
        return removed
    for tmp in state.glob("tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp)
    for folder in (out, state, state / "history"):
        if folder.is_dir():
            for tmp in [*folder.glob(".*.tmp"), *folder.glob(".*.tmp-link")]:
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    sets = _sets(out)
    if sets.is_dir():
        named = {link.resolve() for link in _links(out) if link.is_symlink()}
        for entry in sets.iterdir():
            if entry.resolve() not in named:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    for path in removed:
        log.info("removed leftover %s", path)
    return removed


def new_workdir(out: Path) -> Path:
    state_dir(out).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="tmp-", dir=state_dir(out)))


def write_stamp(workdir: Path, fingerprint: str) -> None:
    files = {p.name: file_digest(p) for p in sorted(workdir.iterdir()) if p.name.startswith("brief.")}
    stamp = {"fingerprint": fingerprint, "files": files}
    write_file(workdir / STAMP, json.dumps(stamp, indent=2).encode("utf-8"))


def read_stamp(set_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((set_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def publish(out: Path, workdir: Path, today: dt.date, archive: bool) -> Path:
    """Move a finished work folder into place and switch the links to it; returns the folder
    the brief is read from (OUT/YYYY-MM-DD or OUT)."""
    for path in workdir.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    fsync_dir(workdir)
    sets = _sets(out)
    sets.mkdir(parents=True, exist_ok=True)
    final = sets / f"{today.isoformat()}-{uuid.uuid4().hex[:8]}"
    os.rename(workdir, final)
    fsync_dir(sets)
    relative = f"{STATE}/sets/{final.name}"
    if archive:
        swap_link(out / today.isoformat(), relative)
        swap_link(out / "latest", relative)
        return out / today.isoformat()
    swap_link(state_dir(out) / "current", f"sets/{final.name}")
    names = {p.name for p in final.iterdir() if p.name.startswith("brief.")}
    for name in sorted(names):
        link = out / name
        target = f"{STATE}/current/{name}"
        if not (link.is_symlink() and os.readlink(link) == target):
            swap_link(link, target)
    for link in out.glob("brief.*"):
        if link.is_symlink() and os.readlink(link).startswith(f"{STATE}/current/") and link.name not in names:
            link.unlink()
    return out


def published_dir(out: Path, today: dt.date, archive: bool) -> Path | None:
    """The set a build of this day and mode would replace, if it is in place."""
    if archive:
        day, latest = out / today.isoformat(), out / "latest"
        if day.is_symlink() and latest.is_symlink() and day.resolve() == latest.resolve():
            return day.resolve() if day.resolve().is_dir() else None
        return None
    current = state_dir(out) / "current"
    return current.resolve() if current.is_symlink() and current.resolve().is_dir() else None


def is_up_to_date(out: Path, today: dt.date, archive: bool, fingerprint: str, formats: Sequence[str]) -> bool:
    """True when the published brief was built from exactly these inputs and is intact."""
    folder = published_dir(out, today, archive)
    stamp = read_stamp(folder) if folder is not None else None
    if folder is None or stamp is None or stamp.get("fingerprint") != fingerprint:
        return False
    files = stamp.get("files", {})
    if set(files) != {f"brief.{fmt}" for fmt in formats}:
        return False
    for name, digest in files.items():
        try:
            if file_digest(folder / name) != digest:
                return False
        except OSError:
            return False
        if not archive and not (out / name).exists():
            return False
    return True


def latest_dir(out: Path) -> Path | None:
    """The folder holding the newest brief of OUT: OUT/latest, else OUT itself."""
    latest = out / "latest"
    if latest.is_dir():
        return latest.resolve()
    if any((out / f"brief.{fmt}").is_file() for fmt in format_names() if fmt != "json"):
        current = state_dir(out) / "current"
        return current.resolve() if current.is_symlink() else out
    return None


# ---- history and what's new -----------------------------------------------------------


def _history(out: Path) -> Path:
    return state_dir(out) / "history"


def save_history(out: Path, today: dt.date, brief_json: bytes, keep_days: int) -> None:
    write_file(_history(out) / f"{today.isoformat()}.json", brief_json)
    for path in _history(out).glob("*.json"):
        with contextlib.suppress(ValueError):
            if (today - dt.date.fromisoformat(path.stem)).days > keep_days:
                path.unlink(missing_ok=True)


def previous_brief(out: Path, today: dt.date) -> tuple[dt.date, dict[str, Any], str] | None:
    """The newest earlier brief of OUT: (its date, its brief.json, a digest of it)."""
    dated = []
    for path in _history(out).glob("*.json"):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(path.stem)
            if day < today:
                dated.append((day, path))
    for day, path in sorted(dated, reverse=True):
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except (OSError, ValueError):
            log.warning("earlier brief %s unreadable; ignored", path)
            continue
        if isinstance(data, dict):
            return day, data, hashlib.sha256(raw).hexdigest()
    return None


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _items(previous: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = previous.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _keys(previous: dict[str, Any]) -> dict[str, set[Any]]:
    def items(key: str) -> list[dict[str, Any]]:
        return _items(previous, key)

    points = set()
    for theme in items("themes"):
        for point in theme.get("points") or []:
            if isinstance(point, dict):
                points.add((theme.get("id"), _norm(point.get("text"))))
    return {
        "articles": {(a.get("path"), _norm(a.get("title"))) for a in items("articles")},
        "quotes": {_norm(q.get("text")) for q in items("quotes")},
        "developments": {(d.get("date"), _norm(d.get("text"))) for d in items("developments")},
        "points": points,
    }


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} new {word}{'' if count == 1 else 's'}"


def mark_new(brief: Brief, previous: tuple[dt.date, dict[str, Any]] | None) -> None:
    """Flag every source, development, quote and theme point not in the previous brief,
    choose the key points again with their novelty, and fill the brief's "New since <date>"
    fields. No previous brief: nothing is flagged."""
    if previous is None:
        return
    day, data = previous
    seen = _keys(data)
    brief.new_since = day
    for source in brief.sources:
        source.new = (source.path, _norm(source.title)) not in seen["articles"]
    for dev in brief.developments:
        dev.new = (dev.date, _norm(dev.text)) not in seen["developments"]
    for dev in brief.summary:
        dev.new = (dev.date, _norm(dev.text)) not in seen["developments"]
    for quote in brief.quotes:
        quote.new = _norm(quote.text) not in seen["quotes"]
    for section in brief.themes:
        for point in section.points:
            point.new = (section.id, _norm(point.text)) not in seen["points"]
        for quote in section.quotes:
            quote.new = _norm(quote.text) not in seen["quotes"]
    for quote in brief.key_quotes:
        quote.new = _norm(quote.text) not in seen["quotes"]
    # Key points chosen again now that novelty is known: what is new gains, a key point the
    # previous brief already had loses.
    from briefing.compose.keypoints import select_key_points

    brief.key_points = select_key_points(brief, [str(k.get("text")) for k in _items(data, "key_points")])
    brief.new_articles = [s.id for s in brief.sources if s.new]
    brief.new_items = _selection(brief)
    brief.new_summary = _summary_line(brief, day)


def _selection(brief: Brief) -> list[NewItem]:
    """The short list opening the brief: newest dated developments, then key quotes, then points."""
    items: list[NewItem] = []
    devs = sorted(
        (d for d in brief.developments if d.new and d.date), key=lambda d: d.date or "", reverse=True
    )
    items += [NewItem("development", d.text, d.articles, date=d.date) for d in devs[:4]]
    quotes = [q for q in brief.key_quotes if q.new] or [
        q for q in brief.quotes if q.new and q.kind != "scare"
    ]
    items += [NewItem("quote", q.text, q.articles, speaker=q.speaker) for q in quotes[:2]]
    points = sorted(
        ((p, s.label) for s in brief.themes for p in s.points if p.new),
        key=lambda x: x[0].score,
        reverse=True,
    )
    items += [NewItem("point", p.text, p.articles, theme=label) for p, label in points]
    return items[:NEW_ITEMS_SHOWN]


def _summary_line(brief: Brief, day: dt.date) -> str:
    since = _long_date(day)
    if not brief.new_articles:
        return f"No new articles since {since}."
    counts = [
        _plural(sum(d.new for d in brief.developments), "development"),
        _plural(sum(q.new for q in brief.quotes), "quote"),
        _plural(sum(p.new for s in brief.themes for p in s.points), "theme point"),
    ]
    articles = _plural(len(brief.new_articles), "article")
    return f"New since {since}: {articles}; {', '.join(counts)}."
