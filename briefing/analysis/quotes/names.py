"""The people an article names, and the titles it gives them.

``PersonMentions`` indexes the article's PERSON mentions once: each mention's clean name,
the fullest name a surname abbreviates ("Price" -> "Ned Price"), the title words a person
is introduced with ("US State Department spokesperson Ned Price", "Ned Price, the
spokesperson"). Look-ups go through indexes, never through every mention for each quote:
a hostile article can hold thousands of mentions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, entities, sentence_starts, token_table
from briefing.analysis.quotes.marks import CLOSE_DOUBLE, OPEN_DOUBLE, STRAIGHT_DOUBLE
from briefing.analysis.quotes.words import QuoteWords

_MENTIONS = "briefing.person_mentions"  # (the Doc's user_data key)
GENDER_REACH = 8  # earlier people looked at for one whose gender agrees with a pronoun
_PRONOUN_REACH = 60  # tokens of the next sentence searched for its subject
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_VARIANT_LENGTH = 5  # a surname this long or longer may be matched to another spelling of it
_OBJECT_PRONOUNS = {"her", "him"}  # not the reflexive 'herself', which is the subject
_NAME_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"}


def _headline_name(ent: Span) -> bool:
    """A name that opens its paragraph before a colon, a headline's ('Kamala Harris: A commitment
    to NATO is holy'): the person the paragraphs after it are about, as a sentence's subject is."""
    doc = ent.doc
    opens = ent.start == 0 or "\n" in doc[ent.start - 1].text or "\n" in doc[ent.start - 1].whitespace_
    return opens and ent.end < len(doc) and doc[ent.end].text == ":"


def _titled_subject(ent: Span, words: QuoteWords) -> bool:
    """A name ending the role phrase that is a main clause's subject ('the head of the European
    Commission Ursula von der Leyen spoke'), after the body the role is of: the subject's person."""
    doc = ent.doc
    if ent.start == 0 or doc[ent.start - 1].pos_ not in ("NOUN", "PROPN"):
        return False
    if doc[ent.start - 1].lower_ in words.role_nouns:
        return False
    tok = ent.root
    for _ in range(6):  # up the chain of 'of' phrases to the role
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "for"):
            tok = tok.head.head
        else:
            break
    main = tok.head.dep_ == "ROOT" or (tok.head.dep_ == "conj" and tok.head.head.dep_ == "ROOT")
    return (
        tok.i < ent.start
        and tok.dep_ in ("nsubj", "nsubjpass")
        and main
        and tok.lemma_.lower() in words.role_nouns
    )


def _titled_name(ent: Span, words: QuoteWords) -> bool:
    """An entity NER gave another label that a person's title introduces: two to four
    capitalised proper nouns right after a role noun ("Chancellor [Olaf Scholz]" taken for an
    organisation) are a person's name, outside quote marks."""
    doc = ent.doc
    if not 2 <= len(ent) <= 4 or ent.start == 0 or in_quote_marks(doc, ent.start, ent.end):
        return False
    if doc[ent.start - 1].lower_ not in words.role_nouns:
        return False
    return all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in ent)


@dataclass
class PersonMentions:
    """The PERSON mentions of one article, with indexes and caches over them."""

    doc: Doc
    words: QuoteWords
    persons: list[Span] = field(default_factory=list)
    names: list[tuple[Span, str, int]] = field(default_factory=list)  # mention, clean name, first token
    name_counts: dict[str, int] = field(default_factory=dict)
    known_tokens: set[str] = field(default_factory=set)
    person_at: dict[int, Span] = field(default_factory=dict)
    full_cache: dict[str, str] = field(default_factory=dict)
    role_cache: dict[str, str | None] = field(default_factory=dict)
    name_ends: list[int] = field(default_factory=list)  # end of each mention in names (ascending)
    names_by_last: dict[str, list[str]] = field(default_factory=dict)  # distinct names by last word
    mentions_by_first: dict[str, list[int]] = field(default_factory=dict)  # names' indexes by first word
    mention_roles: list[str | None] | None = None  # each mention's title words, when first wanted
    mentions_by_role: dict[str, list[int]] = field(default_factory=dict)  # names' indexes by role word
    runs_by_last: dict[str, dict[str, int]] = field(default_factory=dict)  # capitalised runs NER missed
    subject_ends: list[int] = field(default_factory=list)  # end of each mention that is a sentence's subject
    subjects: list[int] = field(default_factory=list)  # those mentions' indexes in names
    genders: dict[str, str] | None = None  # full name -> 'f' or 'm', when the article tells

    @classmethod
    def of(cls, doc: Doc, words: QuoteWords) -> PersonMentions:
        """The Doc's mentions, built once for it (quotes and themes both read them)."""
        found: PersonMentions | None = doc.user_data.get(_MENTIONS)
        if found is None or found.words is not words:
            found = doc.user_data[_MENTIONS] = cls.build(doc, words)
        return found

    @classmethod
    def build(cls, doc: Doc, words: QuoteWords) -> PersonMentions:
        mentions = cls(
            doc,
            words,
            [_whole_name(e, words) for e in entities(doc) if e.label_ == "PERSON" or _titled_name(e, words)],
        )
        for ent in mentions.persons:
            name, _, first = clean_name(list(ent), words)
            parts = name.lower().split()
            if parts:
                mentions.mentions_by_first.setdefault(parts[0], []).append(len(mentions.names))
                if name not in mentions.name_counts:
                    mentions.names_by_last.setdefault(parts[-1], []).append(name)
            verb = ent.root.head
            main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") and main
            if name and (subject or _headline_name(ent) or _titled_subject(ent, words)):
                mentions.subject_ends.append(ent.end_char)
                mentions.subjects.append(len(mentions.names))
            mentions.names.append((ent, name, first))
            mentions.name_ends.append(ent.end_char)
            mentions.name_counts[name] = mentions.name_counts.get(name, 0) + 1
            mentions.known_tokens.update(t.lower_ for t in ent if t.is_title)
            for i in range(ent.start, ent.end):
                mentions.person_at[i] = ent
        mentions._index_runs()
        return mentions

    def _index_runs(self) -> None:
        """Runs of two to four capitalised words (with 'von', 'de' and the like inside) that
        may be a name NER did not call a person or mislabelled ('Kharkiv Mayor Ihor Terekhov'), by last
        word, after the last title word: a surname can be completed from them."""
        doc, words = self.doc, self.words
        table = token_table(doc)
        lower, title, alpha, pos = table.lower, table.title, table.alpha, table.pos
        n = len(lower)
        run: list[int] = []  # token indexes (a Token is made for a run's words only)
        for i in range(n + 1):
            if i < n and (
                (title[i] and alpha[i] and pos[i] == "PROPN")
                or (run and lower[i] in words.name_particles and i + 1 < n and title[i + 1])
            ):
                run.append(i)
                continue
            if run:
                self._count_run(run)
                run = []

    def _count_run(self, run: list[int]) -> None:
        """Count one run of name-like words (token indexes) under its last word, without
        the title words before the name."""
        doc, words, lower = self.doc, self.words, token_table(self.doc).lower
        if run[0] > 0 and lower[run[0] - 1] in words.role_connectors:
            run = run[1:]  # 'Secretary of [State] Antony Blinken': the end of a title
        while run and (lower[run[0]] in words.role_nouns or lower[run[0]].rstrip(".") in _NAME_TITLES):
            run = run[1:]
        cut = max((k for k, i in enumerate(run) if lower[i] in words.role_nouns), default=-1)
        name = run[cut + 1 :]
        if 2 <= len(name) <= 4 and not in_quote_marks(doc, name[0], name[-1] + 1):
            text = joined([doc[i] for i in name])
            counts = self.runs_by_last.setdefault(lower[name[-1]], {})
            counts[text] = counts.get(text, 0) + 1

    def last_subject(
        self, pos: int, gender: str | None = None, quoted: set[int] | frozenset[int] = frozenset()
    ) -> tuple[int, str] | None:
        """The last person named as a sentence's subject before ``pos`` (of ``gender``, or not
        known to be of another, among the last few), outside the tokens ``quoted``: where the
        mention ends, and the fullest name it abbreviates."""
        k = bisect.bisect_right(self.subject_ends, pos) - 1
        for j in range(k, max(-1, k - GENDER_REACH), -1):
            ent, name, _first = self.names[self.subjects[j]]
            if ent.start in quoted:
                continue
            full = self.full_name(name)
            if self.agrees(full, gender):
                return self.subject_ends[j], full
        return None

    def pronoun_gender(self, word: str) -> str | None:
        low = word.lower()
        return "f" if low in self.words.feminine else "m" if low in self.words.masculine else None

    def agrees(self, full: str, gender: str | None) -> bool:
        """A person may be meant by a pronoun of ``gender``: the article does not tell otherwise."""
        if gender is None:
            return True
        return self.gender(full) in (None, gender)

    def gender(self, full: str) -> str | None:
        """'f' or 'm' when the article tells: a title ('Mrs.', 'Mr.') before the name, or the
        pronoun that is the subject of the sentence after one whose subject the person is,
        when these agree."""
        if self.genders is None:
            self.genders = self._genders()
        return self.genders.get(full)

    def _genders(self) -> dict[str, str]:
        doc = self.doc
        votes: dict[str, list[int]] = {}
        for _ent, name, first in self.names:
            if first > 0 and (g := self.pronoun_gender(doc[first - 1].lower_)) and doc[first - 1].is_title:
                votes.setdefault(self.full_name(name), [0, 0])[g == "m"] += 2
        for ent, name, _first in self.names:
            # 'Lavrov told her', 'Truss asked him': the pronoun the person's verb has as its object
            # is someone else, most likely of the other gender
            if ent.root.dep_ != "nsubj":
                continue
            for obj in children(ent.root.head):
                if obj.dep_ in ("dobj", "dative") and obj.pos_ == "PRON" and obj.lower_ in _OBJECT_PRONOUNS:
                    g = self.pronoun_gender(obj.lower_)
                    if g:
                        votes.setdefault(self.full_name(name), [0, 0])[g == "f"] += 1
        starts = sentence_starts(doc)
        for k in self.subjects:
            ent, name, _first = self.names[k]
            s = bisect.bisect_right(starts, ent.start) - 1
            if s + 2 >= len(starts):
                continue
            # the next sentence's own subject, when it is a pronoun: 'Obama spoke. He said ...'
            for i in range(starts[s + 1], min(starts[s + 2], starts[s + 1] + _PRONOUN_REACH)):
                tok = doc[i]
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                    g = self.pronoun_gender(tok.lower_) if tok.pos_ == "PRON" else None
                    if g:
                        votes.setdefault(self.full_name(name), [0, 0])[g == "m"] += 1
                    break
        return {full: ("f" if f > m else "m") for full, (f, m) in votes.items() if f != m}

    def person_ent(self, tok: Token) -> Span | None:
        """The PERSON mention ``tok`` is part of (its last word NER may have called otherwise)."""
        return self.person_at.get(tok.i)

    def full_name(self, name: str) -> str:
        """The fullest PERSON name in the article that ``name`` abbreviates."""
        if name in self.full_cache:
            return self.full_cache[name]
        parts = name.split()
        if not parts:
            return name
        last = parts[-1].lower()
        wanted = {p.lower() for p in parts}
        best: tuple[int, int, str] | None = None
        for text in self.names_by_last.get(last, []):  # in first-seen order, as name_counts holds them
            count = self.name_counts[text]
            tokens = [t.lower() for t in text.split()]
            if len(tokens) <= len(parts) or tokens[-1] != last or not wanted <= set(tokens):
                continue
            key = (count, -len(tokens), text)
            if best is None or key[:2] > best[:2]:
                best = key
        if (
            best is None and len(parts) == 1
        ):  # a fuller name NER missed: the commonest capitalised run that holds this surname
            for text, count in self.runs_by_last.get(last, {}).items():
                tokens = [t.lower() for t in text.split()]
                if len(tokens) <= len(parts) or not wanted <= set(tokens):
                    continue
                key = (count, -len(tokens), text)
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is None and len(parts) == 1 and len(last) >= _VARIANT_LENGTH:
            # a surname spelled another way ('Pieskow', 'Roscoe'): the one fuller name whose last
            # word is a letter away ('Dmitry Pieskov', 'Ayesha Rascoe')
            fuller = {
                text
                for other, texts in self.names_by_last.items()
                if other != last and one_letter_apart(other, last)
                for text in texts
                if len(text.split()) > 1
            }
            if len(fuller) == 1:
                text = fuller.pop()
                if _straight(text.split()[-1]) == _straight(parts[-1]):
                    # the same name with the other apostrophe ('James O’Neill' for "O'Neill"):
                    # spelled as at this mention
                    text = f"{text.rsplit(None, 1)[0]} {parts[-1]}"
                best = (0, 0, text)
        if best is None and len(parts) == 1:  # a first name alone ('Kamila'): the one person so named
            fuller = {
                self.names[k][1]
                for k in self.mentions_by_first.get(last, [])
                if len(self.names[k][1].split()) > 1
            }
            if len(fuller) == 1:
                best = (0, 0, fuller.pop())
        self.full_cache[name] = best[2] if best else name
        return self.full_cache[name]

    def earlier_role(self, full: str) -> str | None:
        """Role given to the same person at another mention (earliest first)."""
        if full in self.role_cache:
            return self.role_cache[full]
        full_tokens = set(full.lower().split())
        # 'Donald Trump Jr.' takes no title of a mention without his 'Jr.' ('Former President
        # Donald Trump' is his father)
        generation = {w.strip(".,") for w in full_tokens} & self.words.generations
        found: str | None = None
        candidates = sorted({k for word in full_tokens for k in self.mentions_by_first.get(word, [])})
        for ent, name, first in (self.names[k] for k in candidates):
            if not name or not set(name.lower().split()) <= full_tokens:
                continue
            if generation and not generation <= {w.strip(".,") for w in name.lower().split()}:
                continue
            found = role_before(first, self.doc, self.words) or appos_role(ent.root, self.words)
            if found:
                break
        self.role_cache[full] = found
        return found

    def roles_of_mentions(self) -> list[str | None]:
        """The title words each PERSON mention is introduced with (worked out once)."""
        if self.mention_roles is None:
            self.mention_roles = []
            for k, (ent, _name, first) in enumerate(self.names):
                role = role_before(first, self.doc, self.words) or appos_role(ent.root, self.words)
                self.mention_roles.append(role)
                for word in set(role.lower().split()) if role else ():
                    self.mentions_by_role.setdefault(word, []).append(k)
        return self.mention_roles


def _whole_name(ent: Span, words: QuoteWords) -> Span:
    """A PERSON mention that NER ended on a particle ('Ursula von der' before 'Leyen'), with the
    capitalised word that ends the name."""
    doc, end = ent.doc, ent.end
    while (
        end < len(doc)
        and doc[end - 1].lower_ in words.name_particles
        and doc[end].is_title
        and doc[end].is_alpha
    ):
        end += 1
    return doc[ent.start : end] if end > ent.end else ent


def _straight(word: str) -> str:
    """A word with its typographic apostrophes made straight."""
    return word.replace("’", "'")


def one_letter_apart(a: str, b: str) -> bool:
    """Two words of the same first letter that differ in one letter only (one changed, added
    or left out): spellings of one name ('Pieskov', 'Pieskow')."""
    if not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def in_quote_marks(doc: Doc, start: int, end: int) -> bool:
    """The tokens ``start``..``end`` are the whole of a quoted phrase: a term the article holds
    at arm's length ('The "Great West" seems to have noticed'), no one's name."""
    return (
        start > 0
        and end < len(doc)
        and doc[start - 1].text in OPEN_DOUBLE + STRAIGHT_DOUBLE
        and doc[end].text in CLOSE_DOUBLE + STRAIGHT_DOUBLE
    )


def strip_possessive(text: str) -> str:
    return re.sub(r"\s*['’]s?$", "", text.strip())


def joined(tokens: list[Token]) -> str:
    """The tokens' text as the article spaces it ('Lopez-Cantera', not 'Lopez - Cantera'), with
    one space where tokens were left out between them."""
    out: list[str] = []
    for k, tok in enumerate(tokens):
        out.append(tok.text)
        if k + 1 < len(tokens):
            adjacent = tokens[k + 1].i == tok.i + 1
            out.append(tok.whitespace_ if adjacent else " ")
    return "".join(out)


def clean_name(ent_tokens: list[Token], words: QuoteWords) -> tuple[str, str | None, int]:
    """Name text of a PERSON mention, any title words NER put inside it, and the index
    of the first token of the name proper."""
    toks = [t for t in ent_tokens if not t.is_punct or t.text in "-."]
    title: list[Token] = []
    while len(toks) > 1 and (
        toks[0].lower_ in words.role_nouns or toks[0].lower_.rstrip(".") in _NAME_TITLES
    ):
        title.append(toks.pop(0))
    # a common word NER took into the name ends a title before it: 'Fox News host [Sean Hannity]'
    cut = max(
        (
            k
            for k, t in enumerate(toks[:-1])
            if t.is_alpha and t.is_lower and t.lower_ not in words.name_particles
        ),
        default=-1,
    )
    if cut >= 0 and toks[cut + 1].is_title:
        title.extend(toks[: cut + 1])
        toks = toks[cut + 1 :]
    while toks and toks[-1].text in ("'s", "’s", "'", "’"):
        toks.pop()
    name = strip_possessive(joined(toks))
    role = " ".join(t.text for t in title if t.lower_.rstrip(".") not in _NAME_TITLES) or None
    first = toks[0].i if toks else (ent_tokens[0].i if ent_tokens else 0)
    return name, role, first


def role_before(tok_start: int, doc: Doc, words: QuoteWords) -> str | None:
    """Title words right before a name: 'US State Department spokesperson [Ned Price]'."""
    run: list[Token] = []
    i = tok_start - 1
    while i >= max(0, tok_start - 15):
        t = doc[i]
        low = t.lower_
        if t.is_space or (t.is_punct and t.text not in ("-", "&")):
            break
        if t.ent_type_ == "PERSON" and low not in words.role_nouns:
            break
        # 'the' inside a title's of-phrase: 'head of [the] British government'
        of_the = low == "the" and i > 0 and doc[i - 1].lower_ in words.role_connectors
        if (low in DETERMINERS and not of_the) or t.pos_ in (
            "VERB",
            "AUX",
            "PRON",
            "ADV",
            "SCONJ",
            "CCONJ",
            "NUM",
        ):
            break
        if t.pos_ == "ADP" and low not in words.role_connectors:
            break
        if not (
            t.is_title
            or t.is_upper
            or low in words.role_nouns
            or low in words.role_connectors
            or t.ent_type_ in ("ORG", "GPE", "NORP")
            or t.pos_ == "ADJ"
            or of_the
            or (t.pos_ == "NOUN" and run_has_of(doc, i, tok_start, words))
        ):
            break
        run.append(t)
        i -= 1
    run.reverse()
    # drop leading words that are neither title words nor named bodies ("Earlier", "Meanwhile"),
    # keeping a word that qualifies the title noun it stands on ("[Prime] Minister", "[Deputy] Head")
    while run and not (
        run[0].lower_ in words.role_nouns
        or run[0].ent_type_ in ("ORG", "GPE", "NORP")
        or (run[0].is_upper and len(run[0]) > 1)
        or (
            run[0].dep_ in ("compound", "amod")
            and run[0].head.lower_ in words.role_nouns
            and run[0].head in run
        )
    ):
        run.pop(0)
    while run and run[-1].lower_ in words.role_connectors:
        run.pop()
    if not any(t.lower_ in words.role_nouns for t in run):
        return None
    return doc[run[0].i : run[-1].i + 1].text


def run_has_of(doc: Doc, i: int, tok_start: int, words: QuoteWords) -> bool:
    """A common noun at ``i`` ends an of-phrase of a title before a name: a role connector
    comes before it ('head of the British [government] Boris Johnson')."""
    return any(doc[k].lower_ in words.role_connectors for k in range(max(0, i - 4), i))


def appos_role(head: Token, words: QuoteWords) -> str | None:
    """A role in an appositive of ``head``: 'Ned Price, the department's spokesperson'."""
    for child in children(head):
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            # up to a comma: a clause after it says more than the role ('vice president for
            # policy at the organization[, which is backed by ...]')
            phrase = list(itertools.takewhile(lambda t: t.text != ",", child.subtree))
            phrase = [t for t in phrase if not t.is_punct]
            if phrase and phrase[0].lower_ in DETERMINERS:
                phrase = phrase[1:]
            if phrase and any(t.lower_ in words.role_nouns for t in phrase):
                return head.doc[phrase[0].i : phrase[-1].i + 1].text
    return None


def looks_like_name(tok: Token) -> bool:
    """A proper noun of two or more capitalised words ('Nadia Petrenko'), whatever NER called it."""
    parts = [c for c in children(tok) if c.dep_ == "compound" and c.i < tok.i] + [tok]
    return (
        tok.pos_ == "PROPN"
        and len(parts) >= 2
        and all(t.pos_ == "PROPN" and t.is_title for t in parts)
        and tok.ent_type_ not in ("GPE", "LOC", "DATE", "TIME")
    )
