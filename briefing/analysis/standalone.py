"""The words of ``briefing/data/standalone.toml``, read once: what keeps a line from reading
on its own (a line shown first in a section, as a key point or in the Outlook, and a clause
cut from inside a sentence). Used by ``briefing/compose/common.py`` (``stands_alone``) and
``briefing/analysis/event_clause.py`` (``leans_back``)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class StandaloneWords:
    personal: frozenset[str]  # first- and second-person words: what someone says
    leaning: frozenset[str]  # words opening a sentence that leans on the one before
    leaning_openings: tuple[str, ...]  # openings dating what follows by an event told before
    pointing: frozenset[str]  # words pointing back at something told before
    cut: frozenset[str]  # characters opening a line cut from a longer sentence


@functools.lru_cache(maxsize=1)
def standalone_words() -> StandaloneWords:
    data = tomllib.loads(resources.files("briefing.data").joinpath("standalone.toml").read_text("utf-8"))
    return StandaloneWords(
        personal=frozenset(data["personal"]),
        leaning=frozenset(data["leaning"]),
        leaning_openings=tuple(data["leaning_openings"]),
        pointing=frozenset(data["pointing"]),
        cut=frozenset(data["cut"]),
    )
