"""What a number counts: the counted noun from the parse and what the lexicon says of it.

``counted_noun`` finds the noun a number counts ("130,000 troops", "957 of them", past a
model name: "2,400 Shahed-136 drones"); ``describe`` reads it into a ``Read``: the unit and
category from the lexicon (``briefing/data/figures.toml``), the counted words as written
("Russian soldiers"), whose count it is (a nationality or actor on the noun, or the one who
has, sends or moves them: "Russia has amassed 100,000 troops") and what happened to the
people counted (killed, wounded, fled...). Together they make the key by meaning,
``unit|side|event``, that merging and grouping compare. ``antecedent`` finds what an
elliptical count ("There are 150,000 along the border") counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from briefing.analysis.clauses import clause_head
from briefing.analysis.doccache import children, sentences
from briefing.analysis.numbers import Lexicon, Number


def compound_key(noun: Token, lex: Lexicon) -> str | None:
    """The lexicon's entry for a counted noun, with the word before it when that makes an entry."""
    lemma = noun.lemma_.lower()
    lower = noun.lower_
    doc = noun.doc
    if noun.i > 0:
        prev = doc[noun.i - 1]
        for word in (prev.lemma_.lower(), prev.lower_):
            for tail in (lemma, lower):
                if f"{word} {tail}" in lex.units:
                    return f"{word} {tail}"
        if noun.i > 1:
            three = f"{doc[noun.i - 2].lower_} {prev.lower_} {lemma}"
            if three in lex.units:
                return three
    for key in (lemma, lower):
        if key in lex.units:
            return key
    return None


def _modifiers(noun: Token) -> list[Token]:
    """Adjectives, compounds and possessives on the counted noun, in text order (not the
    number itself, even when the parse took it for a name: '"8 machines')."""
    return [
        c
        for c in noun.lefts
        if c.dep_ in ("amod", "compound", "poss", "nmod") and not any(ch.isdigit() for ch in c.text)
    ]


def _event(noun: Token, lex: Lexicon) -> str:
    """What happened to the people or things counted, from the parse around the noun."""
    for _ in range(4):
        if noun.dep_ != "conj" or noun.head is noun:
            break
        found = _own_event(noun, lex)
        if found:
            return found
        noun = noun.head  # "Kiriyenko and three businessmen": what the first conjunct is
    return _own_event(noun, lex)


def _own_event(noun: Token, lex: Lexicon) -> str:
    for child in noun.rights:
        if child.dep_ in ("acl", "amod", "relcl", "oprd", "conj") and child.lemma_.lower() in lex.events:
            return lex.events[child.lemma_.lower()]
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.lemma_.lower() in lex.events:
        return lex.events[noun.head.lemma_.lower()]
    for child in noun.head.children if noun.dep_ == "dobj" else ():
        if child.dep_ in ("oprd", "acomp", "xcomp") and child.lemma_.lower() in lex.events:
            return lex.events[child.lemma_.lower()]  # "left 13 people dead"
    return ""


def counted_noun(doc: Doc, num: Number, limit: int, lex: Lexicon) -> Token | None:
    """The noun the number counts, from the parse ("130,000 troops", "957 of them"); past
    names and models the parse took for it ("2,400 Shahed-136 drones", "120 Bushmaster
    vehicles"), the first noun the lexicon counts among the next few words."""
    tokens = [doc[k] for k in range(num.start, num.end)]
    heads = [t for t in tokens if not num.start <= t.head.i < num.end or t.head is t]
    head = heads[-1] if heads else tokens[-1]
    found: Token | None = None
    if head.dep_ in _NUMBER_DEPS and head.head.pos_ in ("NOUN", "PROPN") and head.head.i >= num.end:
        found = head.head
    elif num.end < limit and doc[num.end].lower_ == "of":
        return next((c for c in children(doc[num.end]) if c.dep_ == "pobj"), None)
    if found is not None and (found.pos_ == "NOUN" or compound_key(found, lex) is not None):
        return found
    for k in range(num.end, min(num.end + 4, limit)):
        t = doc[k]
        if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and compound_key(t, lex) is not None):
            return t if compound_key(t, lex) is not None or (found is None and t.head.i == head.i) else found
        if t.pos_ not in ("ADJ", "PROPN", "PUNCT", "X", "NUM") or t.lower_ in ("and", "or"):
            break
    return found


def next_noun(doc: Doc, num: Number, limit: int, lex: Lexicon) -> Token | None:
    """After digits glued to the next word ("150,000.Russian soldiers"), the parse is not
    to be trusted: the counted noun is the next word or the one after, if the lexicon has it."""
    for k in range(num.end, min(num.end + 2, limit)):
        if doc[k].pos_ in ("NOUN", "PROPN") and compound_key(doc[k], lex) is not None:
            return doc[k]
    return None


_NUMBER_DEPS = ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")


@dataclass
class Read:
    """What a number counts: its unit, the counted words, the key by meaning and the category."""

    unit: str
    counts: str
    key: str
    category: str = ""


def describe(noun: Token, lex: Lexicon, event: str | None = None) -> Read | None:
    """The reading of a counted noun, or None if the lexicon does not count it. ``event``
    overrides what the parse says happened to them."""
    entry = compound_key(noun, lex)
    lemma = noun.lemma_.lower()
    mods = _modifiers(noun)
    if entry is None:
        if noun.ent_type_ != "NORP":
            return None
        unit, category = "people", "people"
        side = lex.sides.get(noun.lower_) or lex.sides.get(lemma) or noun.text
    else:
        unit, category = lex.units[entry], lex.categories[entry]
        side = _side(noun, mods, lex)
    happened = _event(noun, lex) if event is None else event
    first = min((m.left_edge.i for m in mods), default=noun.i)
    while first < noun.i and (noun.doc[first].is_punct or any(ch.isdigit() for ch in noun.doc[first].text)):
        first += 1
    counts = noun.doc[first : noun.i + 1].text  # "combat-hardened military reservists"
    if happened and happened not in counts:
        counts += f" {happened}"
    return Read(unit, counts, f"{unit}|{side}|{happened}", category)


_ACTORS = ("GPE", "NORP", "ORG", "PERSON")

_PRONOUNS_BACK = 40  # tokens searched back for what a pronoun stands for
_PRONOUN_KINDS = {
    **dict.fromkeys(("he", "him", "his", "she", "her"), ("PERSON",)),
    **dict.fromkeys(("it", "its", "they", "them", "their"), ("GPE", "NORP", "ORG")),
}


def _side(noun: Token, mods: list[Token], lex: Lexicon) -> str:
    """Whose count it is: a nationality or actor on the noun ("Russian troops", "Russia's
    forces", "its troops"), else the one that has, sends or moves them ("Russia has amassed
    100,000 troops", "getting him to withdraw 100,000 troops")."""
    for m in mods:
        if side := _side_word(m, lex):
            return side
    if noun.dep_ not in ("dobj", "pobj"):
        return ""
    verb = noun.head if noun.dep_ == "dobj" else noun.head.head
    agents = [c for c in children(verb) if c.dep_ == "nsubj"]
    if not agents and verb.dep_ == "xcomp":  # "getting him to withdraw ...": him
        agents = [c for c in children(verb.head) if c.dep_ in ("dobj", "nsubj")]
    if verb.dep_ == "relcl" and any(a.lower_ in ("who", "which", "that") for a in agents):
        agents = [verb.head]  # "Putin, who has deployed 100,000 troops"
    for agent in agents:
        if side := _side_word(agent, lex):
            return side
    return ""


def subject(token: Token) -> str:
    """The lemma of the subject of the clause a number stands in ("Kharkiv sits about 30
    miles from the border": kharkiv), through a relative clause to the noun it describes
    ("Kyiv, which is located 56 miles south": kyiv); "" if none. What a distance or a
    share without an "of" measures."""
    node = clause_head(token)
    for child in children(node):
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("which", "that", "who") and node.dep_ == "relcl":
                return node.head.lemma_.lower()
            if child.left_edge.i <= token.i <= child.right_edge.i:
                return ""  # the count is the subject: "only about 18% were employed"
            lemma = child.lemma_.lower()
            # a pronoun, or a number ("About 2 in 3 Americans, or 66 percent, say"), names nothing
            return "" if child.pos_ == "PRON" or not any(c.isalpha() for c in lemma) else lemma
    return ""


def _side_word(token: Token, lex: Lexicon) -> str:
    """The side a word names: itself, with its name's first words ("United States"), or
    for a third-person pronoun the nearest actor before it of the kind it can stand for
    ("him": a person, "its": a country or body)."""
    if token.pos_ == "PRON":
        kinds = _PRONOUN_KINDS.get(token.lower_, ())
        doc = token.doc
        for k in range(token.i - 1, max(-1, token.i - _PRONOUNS_BACK), -1):
            t = doc[k]
            if t.ent_type_ in kinds and (side := lex.sides.get(t.lower_)):
                return side
        return ""
    if token.ent_type_ not in _ACTORS and token.pos_ != "ADJ" and token.pos_ != "PROPN":
        return ""
    compound = [c.lower_ for c in token.lefts if c.dep_ == "compound"]
    return lex.sides.get(" ".join([*compound[-1:], token.lower_]), "") or lex.sides.get(token.lower_, "")


ANTECEDENTS = (
    "military",
    "people",
    "equipment",
)  # what an elliptical count ("150,000 along the border") counts


def antecedent(doc: Doc, sent_number: int, before: int, lex: Lexicon, back: int = 2) -> Token | None:
    """The latest noun the lexicon counts (troops, people, equipment) before token ``before``,
    in its sentence or the ``back`` sentences before it."""
    spans = sentences(doc)
    first = spans[max(0, sent_number - back)].start
    for k in range(before - 1, first - 1, -1):
        t = doc[k]
        if "\n\n" in t.text_with_ws and k < before - 1:
            break  # not across a paragraph
        if t.pos_ == "NOUN":
            entry = compound_key(t, lex)
            if entry is not None and lex.categories[entry] in ANTECEDENTS:
                return t
    return None


def sources(noun: Token, lex: Lexicon) -> bool:
    """People counted as the sources of a report: "two officials said", "according to three
    diplomats", "officials told reporters"."""
    head = noun.head
    if noun.dep_ == "nsubj" and head.lemma_.lower() in lex.speech:
        return True
    return noun.dep_ == "pobj" and head.head.lemma_.lower() in lex.speech


def hyphen_modifier(doc: Doc, num: Number, noun: Token) -> bool:
    """A count joined to its noun by a hyphen that describes another noun: "a six-person
    team", "the 27-nation bloc"."""
    return (
        num.end < len(doc)
        and doc[num.end].text == "-"
        and noun.i == num.end + 1
        and noun.dep_ in ("amod", "compound", "nmod")
        and noun.head.i > noun.i
    )


def glued_entry(word: str, lex: Lexicon) -> str | None:
    """The lexicon entry of a noun glued to the digits ("100,000soldiers", "30km")."""
    w = word.lower()
    for form in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
        if form in lex.units:
            return form
    return None


def of_phrase(doc: Doc, i: int) -> str:
    """The words of the "of" phrase after token ``i`` ("Ukraine's population")."""
    j = i + 1
    if j < len(doc) and doc[j].lower_ == "of":
        objects = [c for c in children(doc[j]) if c.dep_ == "pobj"]
        if objects:
            obj = objects[0]
            return doc[obj.left_edge.i : obj.i + 1].text
    return ""


def money_counts(doc: Doc, end: int) -> str:
    """What an amount of money is for: the phrase after it ("worth of weapons", "in security
    assistance") or the nouns it stands before ("a $600 million package")."""
    j = end
    if j < len(doc) and doc[j].lower_ == "worth":
        j += 1
    if j < len(doc) and doc[j].lower_ in ("of", "in", "for"):
        objects = [c for c in children(doc[j]) if c.dep_ == "pobj"]
        if objects:
            obj = objects[0]
            return doc[max(obj.left_edge.i, j + 1) : obj.i + 1].text
    k = j
    while k < len(doc) and doc[k].pos_ in ("NOUN", "ADJ", "PROPN") and k - j < 4:
        if k > j and doc[k].pos_ == "PROPN" and doc[k - 1].pos_ == "NOUN":
            break  # a name after the common noun opens the next phrase ("package President Joe Biden signed")
        k += 1
    return doc[j:k].text


def last_word(words: str) -> str:
    parts = words.lower().split()
    return parts[-1] if parts else ""
