"""The word lists of theme placement, read from ``briefing/data/theme_words.toml``."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

_WORDS = tomllib.loads(resources.files("briefing.data").joinpath("theme_words.toml").read_text("utf-8"))

NEGATIONS = frozenset(_WORDS["negations"])
DENIAL_VERBS = frozenset(_WORDS["denial_verbs"])
CONDITION_MARKS = frozenset(_WORDS["condition_marks"])
SPEECH_VERBS = frozenset(_WORDS["speech_verbs"])
PRONOUN_LEADS = frozenset(_WORDS["pronoun_leads"])
SKIPPED = frozenset(_WORDS["skipped_tokens"])
SPLIT_DEPS = frozenset(_WORDS["split_deps"])
SPLIT_JOINERS = frozenset(_WORDS["split_joiners"])

# A phrase word as it is matched: letters and digits (with inner dots: "u.s."), or one sign
# other than an apostrophe, a hyphen or a quotation mark.
PHRASE_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*\.?|[^\w\s'’\-\"“”‘«»]")
