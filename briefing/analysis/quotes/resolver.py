"""Who a speaker phrase names. ``SpeakerResolver.resolve`` turns the head token of a
speaker phrase into a ``Speaker`` the way a reader would: a surname or a pronoun becomes
the full name used earlier in the article, an institution or a document stays as written,
a role is taken from the title words before the name, an appositive, or an earlier
mention of the same person ('the official' -> the official named earlier).

Earlier speakers are reached through indexes (``SpeakerHistory``), never read one by one
for each quote: a hostile article can hold thousands.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Token

from briefing.analysis.doccache import children
from briefing.analysis.quotes.names import (
    DETERMINERS,
    GENDER_REACH,
    PersonMentions,
    appos_role,
    clean_name,
    looks_like_name,
    role_before,
    strip_possessive,
)
from briefing.analysis.quotes.plausible import honest_speaker, plausible_head, speaking_word
from briefing.analysis.quotes.words import QuoteWords, load_quote_words

SpeakerKind = Literal["person", "group", "institution", "document", "description"]


@dataclass
class Speaker:
    name: str
    kind: SpeakerKind
    role: str | None = None
    pos: int = 0  # offset of the mention in doc.text
    head_lemma: str = ""


@dataclass
class SpeakerHistory:
    """The speakers met so far, in text order, that later pronouns and descriptions may
    refer back to, indexed by kind, by a description's head noun and by a person's role word."""

    speakers: list[Speaker] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    by_head: dict[str, list[int]] = field(default_factory=dict)  # descriptions by head lemma
    by_role: dict[str, list[int]] = field(default_factory=dict)  # persons by role word
    quoted: list[int] = field(default_factory=list)  # persons who are the speakers of quotes

    def remember(self, spk: Speaker, quoted: bool = False) -> None:
        index = len(self.speakers)
        self.speakers.append(spk)
        if quoted and spk.kind == "person":
            self.quoted.append(index)
        self.by_kind.setdefault(spk.kind, []).append(index)
        if spk.kind == "description":
            self.by_head.setdefault(spk.head_lemma, []).append(index)
        elif spk.kind == "person" and spk.role:
            for word in set(spk.role.lower().split()):
                self.by_role.setdefault(word, []).append(index)

    def latest(self, indexes: list[int], pos: int) -> int:
        """The last of ``indexes`` (ascending) whose speaker comes before ``pos``, or -1.
        Speakers are remembered in text order, so this looks at one or two."""
        for k in reversed(indexes):
            if self.speakers[k].pos < pos:
                return k
        return -1


_NP_DROP = {"relcl", "acl", "appos", "advcl", "punct", "parataxis", "cc", "prep", "case"}


def _noun_phrase(head: Token, banned: set[int], affiliation: bool = False) -> str:
    """Text of the noun phrase headed by ``head`` (without clauses and most PPs; with
    ``affiliation``, the head's own 'for'/'at'/'with'/'from' phrase is kept)."""
    words = load_quote_words()
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in children(tok):
            if child.i in banned:
                continue
            of_pp = child.dep_ == "prep" and (
                child.lower_ == "of"
                or (affiliation and tok.i == head.i and child.lower_ in words.affiliation)
                or (tok.dep_ == "amod" and tok.lemma_.lower() in words.siding)
            )
            head_cc = child.dep_ == "cc" and tok.i == head.i
            owner = child.dep_ == "case" and tok.dep_ == "poss"  # "Obama['s] former strategist"
            hyphen = child.dep_ == "punct" and _in_word(child)  # 'the GOP front[-]runner'
            # an adjective after the head ends the phrase ('a diplomat [familiar with the talks]')
            # unless it tells whose side the speaker is on: 'a person close to the Clintons'
            trailing = (
                child.dep_ == "amod"
                and child.i > tok.i
                and tok.i == head.i
                and child.lemma_.lower() not in words.siding
            )
            # a verb of saying the parser hung on the name after it ('- [said] Scholz') is no part of it
            saying = child.pos_ == "VERB" and child.lemma_.lower() in words.speech_verbs
            if (
                trailing
                or saying
                or (child.dep_ in _NP_DROP and not of_pp and not head_cc and not owner and not hyphen)
            ):
                continue
            keep.add(child.i)
            stack.append(child)
    lo = hi = head.i
    while lo - 1 in keep or (lo - 2 in keep and _in_word(head.doc[lo - 1])):  # 'two-term senator'
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    while hi > head.i and head.doc[hi].lower_ in words.affiliation:  # 'Clinton's campaign [of]'
        hi -= 1
    span = head.doc[lo : hi + 1]
    return strip_possessive(span.text.strip(" ,"))


def _in_word(tok: Token) -> bool:
    """A hyphen joining the words either side of it into one ('front-runner', 'right-hand')."""
    doc = tok.doc
    return (
        tok.text == "-"
        and not tok.whitespace_
        and 0 < tok.i < len(doc) - 1
        and not doc[tok.i - 1].whitespace_
        and doc[tok.i - 1].is_alpha
        and doc[tok.i + 1].is_alpha
    )


@dataclass
class SpeakerResolver:
    """Speakers from the head tokens of the phrases naming them, in one article."""

    mentions: PersonMentions
    history: SpeakerHistory = field(default_factory=SpeakerHistory)
    quoted: set[int] = field(default_factory=set)  # tokens inside quotes: names there speak for no one

    def kind(self, head: Token) -> SpeakerKind:
        words = self.mentions.words
        low = head.lower_
        lemma = head.lemma_.lower()
        if head.ent_type_ == "PERSON":
            return "person"
        if lemma in words.documents or low in words.documents:
            return "document"
        if (
            head.ent_type_ in ("ORG", "GPE", "NORP")
            or lemma in words.institutions
            or low in words.institutions
        ):
            return "institution"
        if head.tag_ in ("NNS", "NNPS") or _conjoined(head):
            return "group"
        return "description"

    def resolve(self, head: Token, banned: set[int]) -> Speaker | None:
        """A speaker from the head token of the phrase naming it (``banned``: tokens that are
        no part of it, those inside quotes and their marks)."""
        mentions, words, doc = self.mentions, self.mentions.words, self.mentions.doc
        low = head.lower_
        if (head.tag_ in ("WP", "WDT") or low in ("who", "which", "that")) and head.head.dep_ == "relcl":
            head = head.head.head
            low = head.lower_
        if (
            head.pos_ == "PRON"
            or low in words.person_pronouns | words.nonperson_pronouns | words.group_pronouns
        ):
            if low in words.first_person:
                return None
            return self._pronoun(head)
        named = self._appos_person(head) or self._trailing_person(head, banned)
        if named is not None:  # 'His lawyer, Grace Nwosu, said': the name, with the role it was given
            return named
        ent = mentions.person_ent(head)
        if ent is None and head.is_title and head.ent_type_ != "DATE":
            known = mentions.known_tokens
            if low in known:  # a surname NER missed or mislabelled here but knows elsewhere
                ent = doc[head.i : head.i + 1]
                while (
                    ent.start > 0
                    and doc[ent.start - 1].pos_ == "PROPN"
                    and doc[ent.start - 1].lower_ in known
                ):
                    ent = doc[ent.start - 1 : ent.end]
        # a surname the tagger took for a common noun ('Hannity said'), no word of the lists, may
        # be completed the same way
        surname_noun = (
            head.pos_ == "NOUN" and low not in words.speaking_heads and not speaking_word(low, words)
        )
        if (
            ent is None
            and (head.pos_ == "PROPN" or surname_noun)
            and head.is_title
            and not any(c.dep_ == "compound" for c in children(head))
        ):
            full = mentions.full_name(head.text)  # a surname NER mislabelled, completed from a run of names
            if full != head.text:
                role = (
                    role_before(head.i, doc, words) or appos_role(head, words) or mentions.earlier_role(full)
                )
                return Speaker(full, "person", role, head.idx, head.lemma_.lower())
        if ent is not None:
            name, _, first = clean_name(list(ent), words)
            full = mentions.full_name(name)
            role = (
                role_before(first, doc, words)
                or appos_role(head, words)
                or appos_role(ent.root, words)
                or mentions.earlier_role(full)
            )
            if _conjoined(head):  # "Blinken and Truss said"
                return Speaker(_noun_phrase(head, banned), "group", None, head.idx, head.lemma_.lower())
            return Speaker(full, "person", role, head.idx, head.lemma_.lower())
        kind = self.kind(head)
        if not plausible_head(head, words):  # 'the rain said', 'his decision shows': nobody
            return None
        text = _noun_phrase(
            head, banned, affiliation=kind == "description" and head.lemma_.lower() in words.role_nouns
        )
        if not text or not honest_speaker(text, words):
            return None
        spk = Speaker(text, kind, None, head.idx, head.lemma_.lower())
        det = text.split()[0].lower()
        if (
            kind == "description"
            and det in ("the", "this", "that")
            and head.lemma_.lower() in words.role_nouns
        ):
            return self._definite(spk) or spk
        return spk

    def _pronoun(self, tok: Token) -> Speaker | None:
        """The latest earlier speaker of a kind the pronoun can stand for; with none, the last
        plural subject (for 'they') or the last person named (for 'he', 'she')."""
        low = tok.lower_
        words, history = self.mentions.words, self.history
        if low in words.person_pronouns:
            wanted: tuple[SpeakerKind, ...] = ("person", "description")
        elif low in words.nonperson_pronouns:
            wanted = ("institution", "document")
        elif low in words.group_pronouns:
            wanted = ("group", "institution")
        else:
            return None
        gender = self.mentions.pronoun_gender(low)
        k = max(self._latest(history.by_kind.get(kind, []), tok.idx, gender) for kind in wanted)
        if low in words.person_pronouns:
            # 'Sen. Marco Rubio offered a blunter response. "...," he told HuffPost': a person
            # who is the subject of a sentence after the last speaker is whom 'he' means
            subject = self.mentions.last_subject(tok.idx, gender, self.quoted)
            if subject is not None and (k < 0 or subject[0] > history.speakers[k].pos):
                full = subject[1]
                return Speaker(full, "person", self.mentions.earlier_role(full), tok.idx)
        if k >= 0:
            spk = history.speakers[k]
            return Speaker(spk.name, spk.kind, spk.role, tok.idx, spk.head_lemma)
        if low in words.group_pronouns:
            # no earlier group speaker: the last plural subject, or a body named as one ('Politifact
            # then pointed out ... They checked the Chicago Tribune')
            for i in range(tok.i - 1, max(-1, tok.i - 120), -1):
                cand = self.mentions.doc[i]
                if (
                    cand.dep_ not in ("nsubj", "nsubjpass")
                    or cand.i in self.quoted  # ('"..., Hispanics are living in hell," he said')
                    or not plausible_head(cand, self.mentions.words)
                ):
                    continue
                if cand.tag_ in ("NNS", "NNPS"):
                    return Speaker(_noun_phrase(cand, set()), "group", None, tok.idx, cand.lemma_.lower())
                if cand.ent_type_ in ("ORG", "") and cand.pos_ == "PROPN":
                    return Speaker(
                        _noun_phrase(cand, set()), "institution", None, tok.idx, cand.lemma_.lower()
                    )
        if low in words.person_pronouns:  # no earlier speaker: the last person named outside quotes
            k = bisect.bisect_right(self.mentions.name_ends, tok.idx) - 1
            for j in range(k, max(-1, k - GENDER_REACH), -1):
                ent, name, _first = self.mentions.names[j]
                if ent.start in self.quoted:
                    continue
                full = self.mentions.full_name(name)
                return Speaker(full, "person", self.mentions.earlier_role(full), tok.idx)
        return None

    def _latest(self, indexes: list[int], pos: int, gender: str | None) -> int:
        """``SpeakerHistory.latest`` among the speakers a pronoun of ``gender`` may mean: the
        last few before ``pos`` are looked at, a person the article tells is of the other
        gender passed over ('Truss said Lavrov told her ... "...," she said')."""
        history = self.history
        k = history.latest(indexes, pos)
        if k < 0 or gender is None:
            return k
        at = indexes.index(k)
        for j in range(at, max(-1, at - GENDER_REACH), -1):
            spk = history.speakers[indexes[j]]
            if spk.kind != "person" or self.mentions.agrees(spk.name, gender):
                return indexes[j]
        return -1

    def _appos_person(self, head: Token) -> Speaker | None:
        """A role or description whose appositive names a person: the person, role from the head."""
        mentions = self.mentions
        if head.ent_type_ == "PERSON" or head.pos_ not in ("NOUN", "PROPN"):
            return None
        # the appositive may hang on the end of the role's phrase: 'His former business partner
        # at Lenox, Lawrence B. Cummings'
        ends = [head] + [
            obj
            for prep in children(head)
            if prep.dep_ == "prep" and prep.i > head.i
            for obj in children(prep)
            if obj.dep_ == "pobj"
        ]
        named = self._named_as(head)
        if named is not None:
            return named
        for child in (c for end in ends for c in children(end)):
            if child.dep_ != "appos" or (child.head.i != head.i and child.ent_type_ != "PERSON"):
                continue
            ent = mentions.person_ent(child)
            if ent is not None:
                name, _, _first = clean_name(list(ent), mentions.words)
                full = mentions.full_name(name)
            elif head.lemma_.lower() in mentions.words.role_nouns and looks_like_name(child):
                # 'his chief of staff, Nadia Petrenko,' with the name mislabelled by NER
                first_i = min([c.i for c in children(child) if c.dep_ == "compound"] + [child.i])
                full = mentions.full_name(head.doc[first_i : child.i + 1].text)
            else:
                continue
            # the title ends where the name begins: a place the parser hung on the name stays
            # in it ('The Ukrainian ambassador to [Poland] Andrij Deszczyca')
            stop = child.left_edge.i
            if ent is not None and all(
                head.doc[k].ent_type_ in ("GPE", "LOC", "ORG", "NORP") for k in range(stop, ent.start)
            ):
                stop = ent.start
            title = [t for t in head.subtree if t.i < stop and not (t.is_punct and t.text not in "-'’")]
            while title and title[0].lower_ in DETERMINERS:
                title = title[1:]
            while title and title[-1].lower_ in mentions.words.affiliation | mentions.words.role_connectors:
                title.pop()
            role = head.doc[title[0].i : title[-1].i + 1].text.strip(" ,") if title else None
            return Speaker(full, "person", role or None, head.idx, head.lemma_.lower())
        return None

    def _named_as(self, head: Token) -> Speaker | None:
        """'the sailor, identified as 55-year-old Taras Ostapchuk,': the person a participle of
        naming ([roles] naming_verbs) gives the description, with the description as role."""
        mentions = self.mentions
        for verb in children(head):
            if verb.dep_ != "acl" or verb.lemma_.lower() not in mentions.words.naming_verbs:
                continue
            for prep in children(verb):
                objs = [o for o in children(prep) if o.dep_ == "pobj"] if prep.lower_ == "as" else []
                ent = mentions.person_ent(objs[0]) if objs else None
                if ent is not None:
                    name, _, _first = clean_name(list(ent), mentions.words)
                    role = head.lemma_.lower() if head.pos_ == "NOUN" else None
                    return Speaker(mentions.full_name(name), "person", role, head.idx, head.lemma_.lower())
        return None

    def _trailing_person(self, head: Token, banned: set[int]) -> Speaker | None:
        """A role whose phrase ends in a person's name after the body or field of the role: 'the
        spokeswoman for the Ministry of Foreign Affairs of Russia Maria Zakharova', 'the head of
        American diplomacy Antony Blinken' are those people, with the words before the name as
        the role. 'An adviser to (President) Joe Biden' is not Joe Biden."""
        mentions, doc = self.mentions, self.mentions.doc
        if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() not in mentions.words.role_nouns:
            return None
        last = _phrase_end(head, banned)
        dated = _dated_name(doc[last], banned)  # '... of Great Britain on Sunday [Boris Johnson]'
        if dated is not None:
            last = dated.i
        ent = mentions.person_ent(doc[last])
        known = mentions.known_tokens
        if ent is None and doc[last].is_title and doc[last].lower_ in known:
            # a name NER mislabelled here but calls a person elsewhere ('... diplomacy Antony Blinken')
            ent = doc[last : last + 1]
            while doc[ent.start - 1].pos_ == "PROPN" and doc[ent.start - 1].lower_ in known:
                ent = doc[ent.start - 1 : ent.end]
        if ent is None or not ent.start <= last < ent.end or ent.start <= head.i + 1:
            return None
        before = doc[ent.start - 1]
        if before.pos_ not in ("NOUN", "PROPN") or before.lower_ in mentions.words.role_nouns:
            return None
        name, _, _first = clean_name(list(ent), mentions.words)
        stop = dated.head.i if dated is not None else ent.start  # the title ends before 'on Sunday'
        title = [t for t in head.subtree if t.i < stop and t.i not in banned and not t.is_punct]
        while title and title[0].lower_ in DETERMINERS:
            title = title[1:]
        role = doc[title[0].i : title[-1].i + 1].text if title else None
        return Speaker(mentions.full_name(name), "person", role, head.idx, head.lemma_.lower())

    def _definite(self, spk: Speaker) -> Speaker | None:
        """'the official' -> an earlier 'a senior Biden administration official' or a named
        spokesperson; 'the expert' -> the person last quoted, when no one else has that title.
        The description's common words must all be among the earlier speaker's: 'the prime
        minister' is not the foreign minister."""
        # its common words ('the prime minister'); names of places and peoples are written in
        # too many ways ('American', 'US') to be matched
        mods = {w for w in spk.name.split()[1:] if w[:1].islower() and w not in _LINKS}
        history, mentions = self.history, self.mentions
        # the latest earlier speaker described with the same head noun or given it as a role
        descriptions = history.by_head.get(spk.head_lemma, [])
        titled = history.by_role.get(spk.head_lemma, [])
        for k in heapq.merge(reversed(descriptions), reversed(titled), reverse=True):
            prev = history.speakers[k]
            if prev.pos >= spk.pos:
                continue
            if mods <= _words_of(prev.name, prev.role):
                return Speaker(prev.name, prev.kind, prev.role, spk.pos, prev.head_lemma)
        # a person introduced with that title: 'spokesperson Ned Price'
        roles = mentions.roles_of_mentions()
        introduced = mentions.mentions_by_role.get(spk.head_lemma, [])
        k = bisect.bisect_right(introduced, spk.pos, key=lambda m: mentions.name_ends[m]) - 1
        while k >= 0:
            _ent, name, _first = mentions.names[introduced[k]]
            if mods <= _words_of(name, roles[introduced[k]]):
                full = mentions.full_name(name)
                return Speaker(full, "person", roles[introduced[k]], spk.pos, spk.head_lemma)
            k -= 1
        # 'the head of the German government', 'the Ukrainian leader': the one person the article
        # gives a title with those names of places and peoples ('German Chancellor Olaf Scholz')
        places = {strip_possessive(w).lower() for w in spk.name.split()[1:] if w[:1].isupper()}
        if spk.head_lemma not in mentions.words.generic_roles:
            places.add(spk.head_lemma)  # 'the US president': a president
        if places - {spk.head_lemma}:
            named = {
                mentions.full_name(name)
                for (_ent, name, _first), role in zip(mentions.names, roles, strict=True)
                if role and places <= _words_of("", role)
            }
            if len(named) == 1:
                full = named.pop()
                return Speaker(full, "person", mentions.earlier_role(full), spk.pos, spk.head_lemma)
        leader = self._leader(spk, roles)
        if leader is not None:
            return leader
        if len(mods) == 1 and (descriptions or titled or introduced):
            return None  # 'the minister' with ministers about, none of them the one
        # no one holds the title: the person last named as a speaker, given none ('..., said Adam
        # Eberhardt. [...] "...," the expert added'); for a word of what a person is to the
        # article ('the expert', 'the guest', [roles] describing), the person last quoted
        last = history.latest(history.by_kind.get("person", []), spk.pos)
        if len(mods) == 1 and last >= 0:
            prev = history.speakers[last]
            if prev.role is None:
                return Speaker(prev.name, prev.kind, spk.name.split(None, 1)[1], spk.pos, prev.head_lemma)
        quoted = history.latest(history.quoted, spk.pos)
        if len(mods) == 1 and quoted >= 0 and spk.head_lemma in mentions.words.describing:
            prev = history.speakers[quoted]
            return Speaker(prev.name, prev.kind, prev.role, spk.pos, prev.head_lemma)
        return None

    def _leader(self, spk: Speaker, roles: list[str | None]) -> Speaker | None:
        """'The British prime minister', 'the head of the German government', 'the Ukrainian
        leader': a description of a country's leader is the one person the article gives a
        leader's title ([roles] leading) with the same names of places and peoples ('the head
        of the British government Boris Johnson'). With none, the person last quoted or last
        named as a sentence's subject, when the article gives them a leader's title without
        such names ('Chancellor Olaf Scholz', 'President Zelensky')."""
        mentions, words = self.mentions, self.mentions.words
        if not _leading(spk.name, words):
            return None
        places = _place_words(spk.name, words)
        named = {
            mentions.full_name(name)
            for (_ent, name, _first), role in zip(mentions.names, roles, strict=True)
            if role and _leading(role, words) and places & _place_words(role, words)
        }
        if len(named) == 1:
            full = named.pop()
            return Speaker(full, "person", mentions.earlier_role(full), spk.pos, spk.head_lemma)
        if named:
            return None
        # the person last quoted or last named as a sentence's subject, when a leader by title
        last = self.history.latest(self.history.by_kind.get("person", []), spk.pos)
        spoke = self.history.speakers[last] if last >= 0 else None
        subject = mentions.last_subject(spk.pos, quoted=self.quoted)
        if subject is not None and (spoke is None or subject[0] > spoke.pos):
            full = subject[1]
        elif spoke is not None:
            full = spoke.name
        else:
            return None
        role = mentions.earlier_role(full)
        if role and _leading(role, words) and not _place_words(role, words):
            return Speaker(full, "person", role, spk.pos, spk.head_lemma)
        return None


_LINKS = {"of", "the", "for", "'s", "’s", "-"}


@functools.lru_cache(maxsize=4)
def _title_words(words: QuoteWords) -> frozenset[str]:
    """Words of titles, not of places: role nouns, their connectors, determiners and the words
    of leaders' titles (worked out once per word set, not for every mention compared)."""
    return (
        words.role_nouns
        | words.role_connectors
        | DETERMINERS
        | {w for title in words.leading_titles for w in title.split()}
    )


def _place_words(text: str, words: QuoteWords) -> set[str]:
    """The names of places and peoples in a role or description: its capitalised words that are
    no title words ('British' in 'the British prime minister', 'Great Britain')."""
    titles = _title_words(words)
    return {
        low for w in text.split() if w[:1].isupper() and (low := strip_possessive(w).lower()) not in titles
    }


def _leading(text: str, words: QuoteWords) -> bool:
    """A role or description holds a leader's title once its names of places are left out."""
    places = _place_words(text, words)
    plain = " ".join(w for w in text.lower().split() if strip_possessive(w) not in places)
    return any(f" {title} " in f" {plain} " for title in words.leading_titles)


def _dated_name(end: Token, banned: set[int]) -> Token | None:
    """A name the parser made the object of a time phrase after a role ('the Prime Minister of
    Great Britain on Sunday Boris Johnson': 'Johnson', object of 'on' with 'Sunday' a part of it)."""
    owner = end.head.head if end.dep_ == "pobj" else end  # the role itself, or the last 'of' phrase's head
    for prep in children(owner):
        if prep.dep_ != "prep" or prep.i <= end.i or prep.i in banned or prep.lower_ in ("of", "for"):
            continue
        for obj in children(prep):
            before = [t for t in obj.doc[prep.i + 1 : obj.i] if t.ent_type_ != "PERSON"]
            dated = bool(before) and all(t.ent_type_ in ("DATE", "TIME") for t in before)
            if obj.dep_ == "pobj" and obj.ent_type_ == "PERSON" and dated:
                return obj
    return None


def _phrase_end(head: Token, banned: set[int]) -> int:
    """The last word of a role's chain of 'of'/'for' phrases ('the spokeswoman for the Ministry
    of Foreign Affairs of Russia [Maria Zakharova]'), without the clauses and other phrases
    after it ('... Antony Blinken [during the meeting]')."""
    tok = head
    for _ in range(8):
        preps = [c for c in children(tok) if c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "for")]
        objs = [c for p in preps[-1:] for c in children(p) if c.dep_ == "pobj" and c.i not in banned]
        if not objs:
            break
        tok = objs[0]
    return tok.i


def _conjoined(head: Token) -> bool:
    """Another name or noun is joined to the head ('Blinken and Truss'); a verb the parser
    joined to it ('Trump and has aides', a typo) is none."""
    return any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON") for c in children(head))


def _words_of(name: str, role: str | None) -> set[str]:
    """The lower-case words of a name and its role, with the role's plain form of a possessive."""
    return {strip_possessive(w) for w in f"{name} {role or ''}".lower().split()}
