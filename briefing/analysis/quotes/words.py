"""The word lists of ``briefing/data/quotes.toml``: cues, roles, pronouns and speakers."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "quotes.toml"


@dataclass(frozen=True)
class QuoteWords:
    """The words that find and attribute quotes, lower-cased."""

    speech_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    prepositions: tuple[str, ...]
    opinion_nouns: frozenset[str]
    role_nouns: frozenset[str]
    role_connectors: frozenset[str]
    generic_roles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    nonperson_pronouns: frozenset[str]
    first_person: frozenset[str]
    feminine: frozenset[str]
    masculine: frozenset[str]
    institutions: frozenset[str]
    documents: frozenset[str]
    people: frozenset[str]
    siding: frozenset[str]
    scare_markers: tuple[str, ...]
    name_particles: frozenset[str]  # lower-case words inside a name: 'von', 'de', 'bin'
    leading_titles: tuple[str, ...] = ()  # titles of a country's leader: 'prime minister', 'chancellor'
    describing: frozenset[str] = frozenset()  # 'the expert', 'the guest': the person last quoted
    objectless_speech: frozenset[str] = frozenset()  # 'continue': saying only with no object
    naming_verbs: frozenset[str] = frozenset()  # 'the sailor, identified as Taras Ostapchuk'
    affiliation: frozenset[str] = frozenset()  # 'a spokesperson for the Red Cross'
    not_labels: frozenset[str] = frozenset()  # 'VIDEO:', 'UPDATE:': no transcript's speaker
    as_it_verbs: frozenset[str] = frozenset()  # 'as a memo put it'
    phrasal_speech: frozenset[str] = frozenset()  # '"...," Trump went on'
    own_clause_stance: frozenset[str] = frozenset()  # 'a report found "..."': only its own clause's quote
    question_labels: frozenset[str] = frozenset()  # 'Q:' opening a transcript's question
    answer_labels: frozenset[str] = frozenset()  # 'A:' opening a transcript's answer
    generations: frozenset[str] = frozenset()  # 'Jr.', 'III': a son is not his father

    @functools.cached_property
    def speaking_heads(self) -> frozenset[str]:
        """Nouns that can head a speaker phrase: roles, institutions, documents, people."""
        return self.role_nouns | self.institutions | self.documents | self.people

    @functools.cached_property
    def cue_lemmas(self) -> frozenset[str]:
        """Verbs that can be a quote's cue: of saying and of stance."""
        return self.speech_verbs | self.stance_verbs

    @functools.cached_property
    def cue_heads(self) -> frozenset[str]:
        """The words a cue can open with: its verbs, and the verb of a phrasal one ('go' of 'go on')."""
        return self.cue_lemmas | {p.split()[0] for p in self.phrasal_speech}

    @functools.cached_property
    def pronouns(self) -> frozenset[str]:
        """Every pronoun of the lists: person, group, non-person and first person."""
        return self.person_pronouns | self.group_pronouns | self.nonperson_pronouns | self.first_person


def _words(values: Iterable[object]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@functools.lru_cache(maxsize=4)
def quotes_data(path: Path = DATA_FILE) -> dict[str, Any]:
    """The data file as read (its ``marks`` table is read by ``quotes.marks``)."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


@functools.lru_cache(maxsize=4)
def load_quote_words(path: Path = DATA_FILE) -> QuoteWords:
    """Read the cue, role, pronoun and speaker word lists."""
    data = quotes_data(path)
    cues, roles, pron, spk = data["cues"], data["roles"], data["pronouns"], data["speakers"]
    return QuoteWords(
        speech_verbs=_words(cues["speech_verbs"]),
        stance_verbs=_words(cues["stance_verbs"]),
        prepositions=tuple(str(p).lower() for p in cues["prepositions"]),
        opinion_nouns=_words(cues["opinion_nouns"]),
        role_nouns=_words(roles["nouns"]),
        role_connectors=_words(roles["connectors"]),
        generic_roles=_words(roles["generic"]),
        person_pronouns=_words(pron["person"]),
        group_pronouns=_words(pron["group"]),
        nonperson_pronouns=_words(pron["nonperson"]),
        first_person=_words(pron["first_person"]),
        feminine=_words(pron["feminine"]),
        masculine=_words(pron["masculine"]),
        institutions=_words(spk["institutions"]),
        documents=_words(spk["documents"]),
        people=_words(spk["people"]),
        siding=_words(spk["siding"]),
        scare_markers=tuple(str(m).lower() for m in spk["scare_markers"]),
        name_particles=_words(data["whos_who"]["name_particles"]),
        leading_titles=tuple(str(t).lower() for t in roles["leading"]),
        describing=_words(roles["describing"]),
        objectless_speech=_words(cues["objectless_speech"]),
        naming_verbs=_words(roles["naming_verbs"]),
        affiliation=_words(roles["affiliation"]),
        not_labels=_words(spk["not_labels"]),
        own_clause_stance=_words(cues["own_clause_stance"]),
        as_it_verbs=_words(cues["as_it_verbs"]),
        phrasal_speech=_words(cues["phrasal_speech"]),
        question_labels=_words(data["transcripts"]["question"]),
        answer_labels=_words(data["transcripts"]["answer"]),
        generations=_words(data["whos_who"]["generations"]),
    )
