"""The actors of a dated development: the people and organisations its clause names, and
the places or groups acting as its subject; and the keys that compare actors across articles."""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, entities

_PEOPLE = ("PERSON", "ORG")  # always actors
_GROUPS = ("GPE", "NORP")  # actors when they are the subject ("Moscow annexed ...")


class Actors:
    """People and organisations named in a clause, and places or groups acting as its subject.

    The Doc's entities are listed once (``Doc.ents`` builds them anew on every read) and a
    clause only looks at those inside its own stretch of tokens; a whole sentence's people
    are listed once per sentence. A long article with many dated clauses stays linear."""

    def __init__(self, doc: Doc) -> None:
        self.ents = entities(doc)
        self.starts = [e.start for e in self.ents]
        self.group_at: dict[int, list[int]] = {}  # a token -> the groups (by number) it is the root of
        for k, ent in enumerate(self.ents):
            if ent.label_ in _GROUPS:
                self.group_at.setdefault(ent.root.i, []).append(k)
        self.subjects: dict[int, tuple[set[int], list[int], str | None]] = {}
        self.people: dict[int, list[tuple[int, str]]] = {}

    def _subject(self, head: Token) -> tuple[set[int], list[int], str | None]:
        """The tokens of ``head``'s subject, the groups they are the root of (by number), and
        the subject as a name when it is a proper noun."""
        if head.i not in self.subjects:
            subjects = [c for c in children(head) if c.dep_ in ("nsubj", "nsubjpass")]
            tokens = {t.i for c in subjects for t in c.subtree}
            groups = sorted(k for i in tokens for k in self.group_at.get(i, ()))
            name = None
            if subjects and subjects[0].pos_ == "PROPN":
                name = " ".join(t.text for t in subjects[0].subtree if t.dep_ != "det")
            self.subjects[head.i] = (tokens, groups, name)
        return self.subjects[head.i]

    def _range(self, lo: int, hi: int) -> range:
        """The entities (by number) that start in tokens ``lo`` to ``hi`` (inclusive)."""
        return range(bisect.bisect_left(self.starts, lo), bisect.bisect_right(self.starts, hi))

    def of(self, tokens: list[Token], head: Token, sentence: Span | None) -> list[str]:
        """The actors of the clause ``tokens`` headed by ``head``; ``sentence`` when the clause
        is that whole sentence."""
        subject, groups, name = self._subject(head)
        if sentence is None:
            ids = {t.i for t in tokens}
            named = [
                k
                for k in self._range(min(ids), max(ids))
                if self.starts[k] in ids
                and (
                    self.ents[k].label_ in _PEOPLE
                    or (self.ents[k].label_ in _GROUPS and self.ents[k].root.i in subject)
                )
            ]
            found = [(k, self.ents[k].text) for k in named]
        else:
            if sentence.start not in self.people:
                self.people[sentence.start] = _first_of_each(
                    (k, self.ents[k].text)
                    for k in self._range(sentence.start, sentence.end - 1)
                    if self.ents[k].label_ in _PEOPLE
                )
            inside = self._range(sentence.start, sentence.end - 1)
            lo, hi = bisect.bisect_left(groups, inside.start), bisect.bisect_left(groups, inside.stop)
            found = list(
                heapq.merge(self.people[sentence.start], ((k, self.ents[k].text) for k in groups[lo:hi]))
            )
        names = [text for _, text in _first_of_each(found)]
        if not names and name is not None:
            names.append(name)
        return names


def _first_of_each(named: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first of each name, in order."""
    seen: set[str] = set()
    out = []
    for k, text in named:
        if text not in seen:
            seen.add(text)
            out.append((k, text))
    return out


def actor_keys(actors: list[str]) -> set[str]:
    """Comparable keys for actor names: the last word, lower-cased ("Joe Biden" -> "biden")."""
    keys = set()
    for name in actors:
        key = _actor_key(name)
        if key is not None:
            keys.add(key)
    return keys


@functools.lru_cache(maxsize=65536)
def _actor_key(name: str) -> str | None:
    words = re.findall(r"[A-Za-z][\w-]*", name.replace("\u2019s", "").replace("'s", ""))
    return words[-1].lower() if words else None
