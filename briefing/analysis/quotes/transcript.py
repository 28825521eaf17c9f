"""Interview transcripts: each answer is a quote of the person who gave it.

An interview printed as a transcript sets its turns apart by a label at the start of a
paragraph, not by quotation marks: "Q:" for the interviewer's question and "A:" for the
answer (``[transcripts]`` of ``quotes.toml``), or the speaker's name ("BIDEN: Well, ...").
An article is read as a transcript when at least ``MIN_TURNS`` paragraphs carry such a label:

- question and answer labels: each answer is said by the interviewee, the person the
  article names most often before the first label ("Q&A with Vice President Joe Biden ...
  Biden complained ..."); the questions, the interviewer's words, are not quoted;
- name labels, in capitals as transcripts print them: each turn is said by the person
  named, given the fullest name the article has ("BIDEN" -> "Joe Biden"); a label that
  names no person of the article ("UPDATE") is not a turn, nor a headline's "Scholz: ...".

Quotation marks inside an answer are the interviewee quoting others: the answer is the quote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc

from briefing.analysis.quotes.names import PersonMentions
from briefing.analysis.quotes.words import QuoteWords

MIN_TURNS = 2  # labelled paragraphs that make an article a transcript
# A label at the start of a paragraph: one to three capitalised words and a colon.
_LABEL = re.compile(r"([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})[ \t]*:[ \t]+(?=\S)")


@dataclass(frozen=True)
class Turn:
    """One answer of a transcript: its words (offsets in the text, after the label) and who said them."""

    start: int
    end: int
    speaker: str
    role: str | None


class _Labelled(NamedTuple):
    """A paragraph that opens with a label: the label, where the paragraph starts, and its words."""

    label: str
    para: int
    start: int
    end: int


def transcript_turns(doc: Doc, text: str, paras: list[tuple[int, int]], words: QuoteWords) -> list[Turn]:
    """The answers of ``text`` if it is a transcript (see the module), in order; else []."""
    labelled = [
        _Labelled(m.group(1), lo, m.end(), lo + len(text[lo:hi].rstrip()))
        for lo, hi in paras
        if (m := _LABEL.match(text, lo, hi)) is not None
    ]
    if len(labelled) < MIN_TURNS:
        return []
    mentions = PersonMentions.of(doc, words)
    turns = _answers(labelled, mentions, words) + _named(labelled, mentions, words)
    return sorted(turns, key=lambda t: t.start)


def _answers(labelled: list[_Labelled], mentions: PersonMentions, words: QuoteWords) -> list[Turn]:
    """Turns under an answer label, said by the interviewee."""
    answers = [x for x in labelled if x.label.lower() in words.answer_labels]
    if len(answers) < MIN_TURNS:
        return []
    marks = words.question_labels | words.answer_labels
    who = _interviewee(mentions, min(x.para for x in labelled if x.label.lower() in marks))
    if who is None:
        return []
    role = _role(mentions, who)
    return [Turn(x.start, x.end, who, role) for x in answers]


def _named(labelled: list[_Labelled], mentions: PersonMentions, words: QuoteWords) -> list[Turn]:
    """Turns under a name in capitals ("FALLIN:", "JAKE TAPPER:"): a person the article names
    elsewhere, or a full name whose surname labels other turns ("JAKE TAPPER:", then
    "TAPPER:"). A transcript has at least ``MIN_TURNS`` of them."""
    not_names = words.not_labels | words.question_labels | words.answer_labels
    labels = {x.label for x in labelled if x.label.isupper() and x.label.lower() not in not_names}
    known = {name.lower() for name in mentions.name_counts} | mentions.known_tokens
    # a surname labelling turns -> the full name labelling another ('TAPPER' -> 'JAKE TAPPER')
    fuller = {label.split()[-1]: label for label in labels if " " in label and label.split()[-1] in labels}
    names: dict[str, str] = {}
    for label in labels:
        surname = label.split()[-1]
        if surname in fuller:
            names[label] = _title(fuller[surname])
        elif label.lower() in known or surname.lower() in known:
            names[label] = mentions.full_name(_title(label))
    turns = [
        Turn(x.start, x.end, names[x.label], _role(mentions, names[x.label]))
        for x in labelled
        if x.label in names
    ]
    return turns if len(turns) >= MIN_TURNS else []


def _role(mentions: PersonMentions, full: str) -> str | None:
    """The title the article gives the person where it names them in full ("Former first
    lady Laura Bush"), not one of a namesake's mentions ("President Bush")."""
    roles = mentions.roles_of_mentions()
    return next(
        (r for (_, name, _), r in zip(mentions.names, roles, strict=True) if name == full and r), None
    )


def _title(label: str) -> str:
    """A name in capitals as a name is written ("JAKE TAPPER" -> "Jake Tapper")."""
    return " ".join(w[:1] + w[1:].lower() for w in label.split())


def _interviewee(mentions: PersonMentions, before: int) -> str | None:
    """The person named most often ahead of ``before`` (the first turn), the first named on a tie."""
    counts: Counter[str] = Counter()
    for ent, name, _first in mentions.names:
        if ent.start_char >= before:
            break
        if name:
            counts[mentions.full_name(name)] += 1
    return counts.most_common(1)[0][0] if counts else None
