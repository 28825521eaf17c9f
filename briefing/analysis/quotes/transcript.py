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

from spacy.tokens import Doc

from briefing.analysis.quotes.names import PersonMentions, appos_role, role_before
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


def transcript_turns(doc: Doc, text: str, paras: list[tuple[int, int]], words: QuoteWords) -> list[Turn]:
    """The answers of ``text`` if it is a transcript (see the module), in order; else []."""
    labelled: list[tuple[int, str, int]] = []  # paragraph, label, where its words start
    for k, (lo, hi) in enumerate(paras):
        m = _LABEL.match(text, lo, hi)
        if m is not None:
            labelled.append((k, m.group(1), m.end()))
    if len(labelled) < MIN_TURNS:
        return []
    mentions = PersonMentions.of(doc, words)
    turns = _answers(text, paras, labelled, mentions, words) + _named(text, paras, labelled, mentions, words)
    return sorted(turns, key=lambda t: t.start)


def _answers(
    text: str,
    paras: list[tuple[int, int]],
    labelled: list[tuple[int, str, int]],
    mentions: PersonMentions,
    words: QuoteWords,
) -> list[Turn]:
    """Turns under an answer label, said by the interviewee."""
    answers = [x for x in labelled if x[1].lower() in words.answer_labels]
    if len(answers) < MIN_TURNS:
        return []
    marks = words.question_labels | words.answer_labels
    first = paras[min(k for k, label, _ in labelled if label.lower() in marks)][0]
    who = _interviewee(mentions, first)
    if who is None:
        return []
    role = _role(mentions, who)
    return [Turn(start, _end(text, paras[k][1]), who, role) for k, _, start in answers]


def _named(
    text: str,
    paras: list[tuple[int, int]],
    labelled: list[tuple[int, str, int]],
    mentions: PersonMentions,
    words: QuoteWords,
) -> list[Turn]:
    """Turns under a name in capitals ("FALLIN:", "JAKE TAPPER:"): a person the article names
    elsewhere, or a full name whose surname labels other turns ("JAKE TAPPER:", then
    "TAPPER:"). A transcript has at least ``MIN_TURNS`` of them."""
    labels = {
        label
        for _, label, _ in labelled
        if label.isupper()
        and label.lower() not in words.not_labels | words.question_labels | words.answer_labels
    }
    known = {name.lower() for name in mentions.name_counts} | mentions.known_tokens
    fuller: dict[str, str] = {}  # a surname label -> the full name labelling a turn
    for label in labels:
        parts = label.split()
        if len(parts) > 1 and parts[-1] in labels:
            fuller[parts[-1]] = label
    names: dict[str, str] = {}
    for label in labels:
        low = label.lower()
        if label in fuller or (len(label.split()) > 1 and label.split()[-1] in fuller):
            names[label] = _title(fuller.get(label, label))
        elif low in known or low.split()[-1] in known:
            names[label] = mentions.full_name(_title(label))
    turns = [
        Turn(start, _end(text, paras[k][1]), names[label], _role(mentions, names[label]))
        for k, label, start in labelled
        if label in names
    ]
    return turns if len(turns) >= MIN_TURNS else []


def _role(mentions: PersonMentions, full: str) -> str | None:
    """The title the article gives the person where it names them in full ("Former first
    lady Laura Bush"), not one of a namesake's mentions ("President Bush")."""
    for ent, name, first in mentions.names:
        if name == full:
            role = role_before(first, mentions.doc, mentions.words) or appos_role(ent.root, mentions.words)
            if role:
                return role
    return None


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


def _end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
