"""Discovery: the files under the input paths, every other input accounted for.

Hidden names, links leaving the input or looping, special files, unreadable folders, a
second path to a file already found, a folder's documentation and sidecars without their
article file each become a ``Skipped`` with the reason. Also how the brief names an input
(``display_path``) and which sidecar belongs to a file.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.records import Skipped

SIDECAR = ".meta.json"


def shown(path: Path | str | bytes) -> str:
    """A path as text that can always be written out: undecodable bytes in names become U+FFFD."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


@functools.cache
def _inputs_data() -> dict[str, Any]:
    """``data/inputs.toml``, read once."""
    return tomllib.loads(resources.files("briefing.data").joinpath("inputs.toml").read_text(encoding="utf-8"))


@functools.cache
def documentation_names() -> frozenset[str]:
    """File names (without extension, lower case) that document a folder: data/inputs.toml."""
    return frozenset(n.lower() for n in _inputs_data()["documentation"]["names"])


@functools.cache
def _name_date_pattern() -> re.Pattern[str]:
    return re.compile(_inputs_data()["name_date"]["pattern"])


def name_date(name: str) -> dt.date | None:
    """The date a file's name opens with ("20220406T001500Z_US_en.txt", "2022-04-06-talks.html"),
    read only as a last resort for its published date (data/inputs.toml [name_date])."""
    m = _name_date_pattern().match(name)
    if m is None:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def is_documentation(name: str) -> bool:
    """A folder's README, SOURCE, LICENSE... file (any extension, any case): not an article."""
    return name.split(".", 1)[0].lower() in documentation_names()


def display_path(where: str, roots: Sequence[Path]) -> str:
    """How the brief names an input: relative to the input folder it was found in (prefixed
    with the folder's name when there are several), a file given by name as its name, never
    a path of the machine that built the brief. A ``#row`` suffix is kept."""
    target = os.path.abspath(where)
    for root in roots:
        base = os.path.abspath(shown(root))
        if target == base or target.startswith(base.rstrip(os.sep) + os.sep):
            inner = os.path.relpath(target, base)
            if inner == ".":
                return os.path.basename(base) or shown(root)
            return os.path.join(os.path.basename(base), inner) if len(roots) > 1 else inner
        if target.startswith(base + "#"):  # a row of a table given by name
            return os.path.basename(base) + target[len(base) :]
    return os.path.basename(target) or where


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR)


def _sidecar_owner_stem(path: Path) -> str:
    return path.name[: -len(SIDECAR)]


def discover(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[Path]:
    """Regular files under the given paths, recursively, in a stable order.

    Everything found is either yielded or accounted for in ``skipped`` with the reason:
    hidden names, symbolic links (to folders, outside the input, broken or looping),
    special files (pipes, devices), unreadable folders, a second path to a file already
    read, and sidecars without their article file.
    """
    paths = list(paths)
    seen: dict[str, Path] = {}
    found: list[Path] = []
    owners: set[tuple[Path, str]] = set()  # (folder, stem) of every article file found
    for root in paths:
        try:
            st = root.stat()
        except (OSError, ValueError) as exc:
            skipped.append(Skipped(shown(root), _missing_reason(root, exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            candidates: Iterable[Path] = sorted(_walk(root, skipped))
        elif stat.S_ISREG(st.st_mode):
            candidates = [root]
        else:
            skipped.append(Skipped(shown(root), "not a regular file (pipe, socket or device)"))
            continue
        # Real files before links to them, so a file is read under its own name.
        accepted: set[Path] = set()
        candidates = list(candidates)
        for path in sorted(candidates, key=lambda p: p.is_symlink()):
            owners.add((path.parent, path.name.rsplit(".", 1)[0]))
            try:
                key = os.path.realpath(path, strict=True)
            except (OSError, RuntimeError, ValueError) as exc:
                skipped.append(Skipped(shown(path), _missing_reason(path, exc)))
                continue
            if key in seen:
                skipped.append(
                    Skipped(
                        shown(path), f"the same file as {display_path(shown(seen[key]), paths)}, read once"
                    )
                )
                continue
            seen[key] = path
            accepted.add(path)
        found.extend(p for p in candidates if p in accepted)
    for path in found:
        if not _is_sidecar(path):
            yield path
        elif (path.parent, _sidecar_owner_stem(path)) not in owners:
            skipped.append(Skipped(shown(path), "metadata sidecar without an article file of the same name"))


def _missing_reason(path: Path, exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or (isinstance(exc, OSError) and exc.errno == errno.ELOOP):
        return "symbolic link loop"
    if isinstance(exc, ValueError):
        return "unusable path name"
    if path.is_symlink():
        return "broken symbolic link"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    # followlinks=False: a symlinked folder could loop or leave the input tree.
    base = Path(os.path.realpath(root))

    def unreadable(exc: OSError) -> None:
        skipped.append(
            Skipped(shown(exc.filename or "(unknown folder)"), f"cannot read folder: {exc.strerror or exc}")
        )

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        kept_dirs = []
        for name in sorted(dirs):
            path = Path(folder) / name
            if name.startswith("."):
                skipped.append(Skipped(shown(path), "hidden folder (name starts with '.'), not read"))
            elif path.is_symlink():
                skipped.append(Skipped(shown(path), "symbolic link to a folder, not followed"))
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                skipped.append(Skipped(shown(path), "hidden file (name starts with '.'), not read"))
                continue
            if is_documentation(name) and not _is_sidecar(path):
                skipped.append(Skipped(shown(path), "the folder's documentation, not an article"))
                continue
            try:
                target = Path(os.path.realpath(path, strict=True))
                mode = target.stat().st_mode
            except (OSError, RuntimeError, ValueError) as exc:
                skipped.append(Skipped(shown(path), _missing_reason(path, exc)))
                continue
            if path.is_symlink() and not target.is_relative_to(base):
                skipped.append(Skipped(shown(path), "symbolic link to outside the input folder"))
            elif not stat.S_ISREG(mode):
                skipped.append(Skipped(shown(path), "not a regular file (pipe, socket or device)"))
            else:
                yield path


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR)
