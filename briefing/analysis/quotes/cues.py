"""Cues: what attributes a quote to a speaker.

A verb of saying ('said', 'told', 'added') or of stance ('urged', 'called') with its
subject, 'according to' (or 'citing', 'quoting') with its object, and, with no verb at
all, a speaker named by a colon. ``attribute`` finds a quote's cue in order of trust and
returns it with the head token of the speaker phrase, unresolved: who that is, is for
``quotes.speakers`` to say. What each token offers as a cue is worked out once per article
(``Cues``): the root of a run-on sentence is above every quote in it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from briefing.analysis.doccache import TokenTable, children, token_table
from briefing.analysis.quotes.marks import BAR, DASHES, Segment
from briefing.analysis.quotes.sentences import tokens_between
from briefing.analysis.quotes.words import QuoteWords, load_quote_words, quotes_data

_WINDOW = 60  # tokens either side of a quote searched for a cue


@dataclass
class Attribution:
    cue: str
    speaker_token: Token | None  # the head of the speaker phrase, unresolved


def _cue_strength(tok: Token, words: QuoteWords) -> int:
    """2 for a verb of saying, 1 for a verb of stance, 0 otherwise."""
    lemma = tok.lemma_.lower()
    if lemma not in words.speech_verbs and lemma not in words.stance_verbs:
        return 2 if _phrasal_speech(tok, lemma, words) else 0
    if tok.pos_ in ("VERB", "AUX"):
        if tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl"):
            return 0  # 'the so-called', 'a report called ...'
    elif not (tok.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass") for c in children(tok))):
        return 0  # a mis-tagged verb ('the press release read') still counts when it heads a clause
    return 2 if lemma in words.speech_verbs else 1


def _phrasal_speech(tok: Token, lemma: str, words: QuoteWords) -> bool:
    """A verb and its particle that say with no object or verb of their own ('"...?" Trump went
    on'; not 'he went on to win')."""
    if tok.pos_ != "VERB" or not words.phrasal_speech:
        return False
    kids = children(tok)
    if any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in kids):
        return False
    return any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in words.phrasal_speech for c in kids)


def _cue_text(tok: Token) -> str:
    parts = [tok.text]
    table, after = token_table(tok.doc), tok.i + 1  # (only the next word can be the particle)
    if after < len(table.heads) and table.heads[after] == tok.i and table.dep[after] == "prt":
        parts.append(tok.doc[after].text)
    return " ".join(parts)


def _verb_subject(verb: Token, inside: set[int], depth: int = 0) -> Token | None:
    """Whoever is doing the saying: the agent of a passive ('Rubio was asked by moderator Gerard
    Baker'), the subject, inverted subject/object, or the subject up the chain."""
    for child in children(verb):
        if child.dep_ == "agent" and child.i not in inside:
            for grand in children(child):
                if grand.dep_ == "pobj" and grand.i not in inside:
                    return grand
    # of several subjects the parser gave the verb, a person's name, the nearest before it first
    # ('Tuesday at ... in Berea, OH, after winning Ohio ..., Gov. John Kasich (R-OH), said': Kasich)
    subjects = sorted(
        (c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")),
        key=lambda c: (c.ent_type_ != "PERSON", c.i > verb.i, abs(verb.i - c.i)),
    )
    for child in subjects:  # (a dash the parser made a subject is none: '― Trump boasted')
        if not any(map(str.isalnum, child.text)):
            continue
        if child.i not in inside and child.pos_ in ("VERB", "AUX"):
            # a clause the parser made the subject ('But Wicker, who ... after Inhofe steps down,
            # argued'): the first subject inside it
            inner = [c for c in children(child) if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside]
            if inner and inner[0].pos_ in ("NOUN", "PROPN"):
                return inner[0]
        if child.i not in inside:
            return child
        # a dateline the parser made the subject, with the speaker its appositive:
        # 'WASHINGTON -- President Obama, ..., said'
        appos = next((c for c in children(child) if c.dep_ == "appos" and c.i not in inside), None)
        if appos is not None and appos.pos_ in ("NOUN", "PROPN") and appos.i > child.i:
            return appos
    # inverted: '..., read the press release' / '..., said Price': a verb (not a participle) right after a
    # quote or a comma ('telling one person', 'urged people not to' have their object there)
    # (inverted: only a verb of saying: '"...," Reeves, also running, sent a similar email' is not)
    inverting = (
        verb.tag_ != "VBG"
        and _after_break(verb, inside)
        and verb.lemma_.lower() in load_quote_words().cue_lemmas
    )
    for child in children(verb):
        inverted = child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i
        if inverted and inverting and child.i not in inside and child.pos_ in ("NOUN", "PROPN"):
            return child
    if inverting:  # a phrase between verb and speaker: '"...," wrote on Twitter the head of the government'
        for prep in children(verb):
            if prep.dep_ != "prep" or prep.i < verb.i:
                continue
            for obj in children(prep):
                # right after the object, no comma between: 'to Smith, the head of X' is the addressee
                named = [
                    c
                    for c in children(obj)
                    if c.dep_ == "appos"
                    and c.i not in inside
                    and not any(t.is_punct for t in c.doc[obj.i : c.i])
                ]
                if (
                    obj.dep_ == "pobj"
                    and obj.ent_type_ != "PERSON"
                    and named
                    and named[0].pos_ in ("NOUN", "PROPN")
                ):
                    return named[0]
    if inverting:  # a name the parser attached elsewhere: 'said retired neurosurgeon Ben Carson, asked ...'
        found = _person_after(verb, inside)
        if found is not None:
            return found
    for clause in children(verb):
        # no subject of its own, but a clause before it has a person's: 'Sen. Bryce Reeves, also
        # running for Congress, sent a similar email saying ...' (Reeves the subject of 'running')
        if clause.dep_ == "advcl" and clause.i < verb.i:
            named = [
                c for c in children(clause) if c.dep_ == "nsubj" and c.i < clause.i and c.i not in inside
            ]
            if named and named[0].ent_type_ == "PERSON":
                return named[0]
    # a subject-less verb of saying under another ('Roberts said that she thinks ... but said
    # "..."', parsed as a clause of the first) shares its subject, as a coordinated one does
    under_cue = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in load_quote_words().cue_lemmas
    chained = verb.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") or under_cue
    prep = verb.head
    if (
        depth < 3
        and verb.dep_ == "pcomp"
        and prep.dep_ == "prep"
        and prep.head.pos_ in ("VERB", "AUX")
        and prep.i > prep.head.i
    ):
        # the object of a preposition after a verb: 'Netanyahu rallied supporters by warning that
        # "..."', 'Trump said ... before claiming that ...': the subject of that verb
        found = _verb_subject(verb.head.head, inside, depth + 1)
        if found is not None:
            return found
    if depth < 3 and chained and verb.head.i != verb.i:
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            issuer = _issuer(verb.head, inside)  # 'Scalise issued a statement pledging ...': Scalise
            if issuer is not None:
                return issuer
            return verb.head if verb.head.i not in inside else None
        head = verb.head
        if (
            verb.dep_ == "conj"
            and head.dep_ == "ccomp"
            and head.head.lemma_.lower() in load_quote_words().cue_lemmas
        ):
            # 'Moss said the cuts were "painful" and insisted ...': coordinated with 'said'
            head = head.head
        found = _verb_subject(head, inside, depth + 1)
        if found is not None or depth:
            return found
    if depth == 0:
        return _person_before(verb, inside)
    return None


@functools.lru_cache(maxsize=1)
def _quote_breaks() -> frozenset[str]:
    """What ends a quote or a clause before an inverted cue: a comma, a closing quotation mark
    (``quotes.toml``'s marks), a dash or a horizontal bar."""
    marks = quotes_data()["marks"]
    closing = "".join(
        marks[k] for k in ("close_double", "straight_double", "close_single", "straight_single")
    )
    return frozenset("," + BAR + DASHES + closing)


def _after_break(verb: Token, inside: set[int]) -> bool:
    """The verb follows a quote or a comma (with at most a name between: '", Skelly said')."""
    for i in range(verb.i - 1, max(-1, verb.i - 4), -1):
        tok = verb.doc[i]
        if tok.is_space:
            continue
        if i in inside or tok.text in _quote_breaks():
            return True
        if not (tok.pos_ == "PROPN" and tok.is_title):
            return False
    return False


_NAME_AFTER = 6  # tokens after an inverted verb searched for the speaker's name


def _person_after(verb: Token, inside: set[int]) -> Token | None:
    """The name right after an inverted verb of saying ('said retired neurosurgeon Ben Carson'),
    or right before it when the parser made it a modifier of the verb ('”, Skelly said'):
    the name's last word."""
    doc = verb.doc
    for child in children(verb):
        named = child.ent_type_ == "PERSON" or _name_like(child)
        if child.dep_ in ("advmod", "compound") and named and child.i not in inside:
            return child
    for i in range(verb.i + 1, min(len(doc), verb.i + 1 + _NAME_AFTER)):
        tok = doc[i]
        clause = tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")  # not 'retired'
        if i in inside or tok.is_punct or clause or tok.pos_ in ("PRON", "ADP"):
            return None
        if tok.ent_type_ == "PERSON":
            while i + 1 < len(doc) and doc[i + 1].ent_type_ == "PERSON" and doc[i + 1].ent_iob_ == "I":
                i += 1
            return doc[i]
    return None


def _noun_after(verb: Token, inside: set[int]) -> Token | None:
    """The last word of the run of nouns right after ``verb`` ('said [Scholz]', 'said the
    [chancellor]'), determiners and adjectives before it allowed."""
    doc = verb.doc
    last: Token | None = None
    for i in range(verb.i + 1, min(len(doc), verb.i + 1 + _NAME_AFTER)):
        tok = doc[i]
        if i in inside:
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            last = tok
        elif last is not None or tok.pos_ not in ("DET", "ADJ"):
            break
    return last


def _name_like(tok: Token) -> bool:
    """A capitalised word mid-sentence that NER called nothing and the tagger no noun or verb
    of its own kind: a surname it missed ('said Skelly', tagged as an adverb)."""
    return (
        tok.is_title
        and tok.is_alpha
        and not tok.is_sent_start
        and not tok.ent_type_
        and tok.pos_ in ("PROPN", "ADV")
    )


def _issuer(thing: Token, inside: set[int]) -> Token | None:
    """The named subject of the verb whose object ``thing`` is ('Rep. Steve Scalise issued a
    statement'): who put out the statement, email or post a participle says something through."""
    if thing.dep_ != "dobj" or thing.lemma_.lower() not in load_quote_words().documents:
        return None
    for child in children(thing.head):
        if child.dep_ == "nsubj" and child.i not in inside:
            named = child.ent_type_ in ("PERSON", "ORG") or child.pos_ == "PROPN"
            return child if named else None
    return None


_PERSON_REACH = 12  # tokens left of a subject-less verb searched for the name the parser missed


def _person_before(verb: Token, inside: set[int]) -> Token | None:
    """A name standing right before a verb the parser gave no subject: 'Grieving gran Maureen
    Pike, 72, sobbed:' (only titles, ages and commas may lie between)."""
    governing = verb.head if verb.head.tag_ == "VBG" and verb.head.i < verb.i else None
    for i in range(verb.i - 1, max(-1, verb.i - _PERSON_REACH), -1):
        tok = verb.doc[i]
        if governing is not None and i == governing.i:
            continue  # 'Sanders said, going on to say that': past the participle to the verb before
        if (
            tok.pos_ == "VERB"
            and governing is not None
            and tok.lemma_.lower() in load_quote_words().cue_lemmas
        ):
            said = [c for c in children(tok) if c.dep_ == "nsubj" and c.i not in inside and c.i < tok.i]
            return said[0] if said else None
        if (
            i in inside
            or tok.is_space
            or tok.text in (".", "!", "?", ";", ":")
            or tok.pos_ in ("VERB", "AUX", "PRON")
        ):
            return None
        # a name the parser made part of the verb ('Bozell answers' with 'Bozell' a compound)
        compound = tok.dep_ == "compound" and tok.head.i == verb.i and tok.pos_ == "PROPN" and tok.is_title
        if tok.ent_type_ == "PERSON" or (_name_like(tok) and tok.dep_ == "advmod") or compound:
            # an object is not the speaker: 'Blige sings to Clinton before asking her'
            return tok if tok.dep_ not in ("pobj", "dative") else None
    return None


def _according_to(tok: Token, words: QuoteWords) -> Token | None:
    """The object of 'according to' (or 'citing', 'quoting') headed by ``tok``."""
    low = tok.lower_
    if low == "according":
        for child in children(tok):
            if child.lower_ == "to":
                for grand in children(child):
                    if grand.dep_ == "pobj":
                        return grand
            if child.dep_ == "pobj":
                return child
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            for grand in children(nxt):
                if grand.dep_ == "pobj":
                    return grand
    elif low == "in":  # 'in his opinion', 'in the words of the minister'
        for child in children(tok):
            if child.dep_ == "pobj" and child.lemma_.lower() in words.opinion_nouns:
                for grand in children(child):
                    if grand.dep_ == "poss":
                        return grand
                    if grand.dep_ == "prep" and grand.lower_ == "of":
                        return next((g for g in children(grand) if g.dep_ == "pobj"), None)
    elif low in words.prepositions:
        for child in children(tok):
            if child.dep_ in ("pobj", "dobj"):
                return child
    return None


# what a verb of saying only without them does not speak with (nor in the passive: 'troops are
# pressed near the border by Putin')
_OBJECTS = {"dobj", "xcomp", "ccomp", "auxpass", "nsubjpass", "agent"}


def _busy(tok: Token, inside: set[int], words: QuoteWords) -> bool:
    """A verb of saying only with no object of its own has one outside the quotes: 'Russia
    continues dialogue', 'they continue to build up'; or an infinitive inside them: 'The U.S. will
    continue "to reduce Europe's addiction"' (the quote is no speech of the verb's subject)."""
    return tok.lemma_.lower() in words.objectless_speech and any(
        c.dep_ in _OBJECTS and (c.i not in inside or c.dep_ == "xcomp") for c in children(tok)
    )


def _verb_cue(tok: Token, inside: set[int], words: QuoteWords, strength: int) -> Attribution | None:
    if tok.i in inside or _cue_strength(tok, words) != strength:
        return None
    if _busy(tok, inside, words):
        return None
    return Attribution(_cue_text(tok), _verb_subject(tok, inside))


def _prep_cue(tok: Token, inside: set[int], words: QuoteWords) -> Attribution | None:
    if tok.i in inside:
        return None
    obj = _according_to(tok, words)
    if obj is None or obj.i in inside:
        return None
    cue = {"according": "according to", "in": "in the view of"}.get(tok.lower_, tok.lower_)
    return Attribution(cue, obj)


def _ancestors(roots: list[Token], quoted: set[int]) -> list[Token]:
    """Heads above the quoted words, nearest first, outside the quote."""
    out: list[Token] = []
    seen: set[int] = set()
    for root in roots:
        tok = root
        for _ in range(15):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i in seen:
                break
            seen.add(tok.i)
            if tok.i not in quoted:
                out.append(tok)
    return out


_Found = tuple[str, Token | None] | None  # a cue's text and its speaker's head, as Cues keeps them


def _found(attribution: Attribution | None) -> _Found:
    return (attribution.cue, attribution.speaker_token) if attribution is not None else None


def _attribution(found: _Found) -> Attribution | None:
    return Attribution(*found) if found is not None else None


class Cues:
    """The cue look-ups of one ``find_quotes`` call, each worked out once per token.

    The tokens inside quotes are fixed for the call, so what a token offers as a cue is
    too. Every quote of a run-on sentence has that sentence's root among its heads, and
    the root of a long one heads thousands of words: scanning its dependents again for
    each quote made attribution quadratic. Here each token's dependents are scanned once.
    """

    def __init__(self, doc: Doc, inside: set[int], words: QuoteWords) -> None:
        self.doc = doc
        self.inside = inside
        self.words = words
        self._verb: dict[tuple[int, int], _Found] = {}
        self._prep: dict[int, _Found] = {}
        self._prep_child: dict[int, _Found] = {}
        self._stance: dict[int, _Found] = {}

    def verb(self, tok: Token, strength: int) -> Attribution | None:
        """``tok`` as a verb of saying (2) or of stance (1), with whoever does the saying."""
        key = (tok.i, strength)
        if key not in self._verb:
            self._verb[key] = _found(_verb_cue(tok, self.inside, self.words, strength))
        return _attribution(self._verb[key])

    def after_dash_verb(self, tok: Token) -> Attribution | None:
        """``tok`` as a verb of saying right after a closing dash that the parser made no verb of
        its own ('- said Scholz', 'said' a modifier of 'Scholz'), with the name after it."""
        if tok.i in self.inside or tok.pos_ != "VERB" or tok.lemma_.lower() not in self.words.speech_verbs:
            return None
        if tok.dep_ not in ("amod", "acl", "compound"):
            return None
        speaker = _person_after(tok, self.inside) or _noun_after(tok, self.inside)
        return Attribution(_cue_text(tok), speaker) if speaker is not None else None

    def prep(self, tok: Token) -> Attribution | None:
        """``tok`` as 'according to' (or 'citing', 'quoting') with its object."""
        if tok.i not in self._prep:
            self._prep[tok.i] = _found(_prep_cue(tok, self.inside, self.words))
        return _attribution(self._prep[tok.i])

    def prep_child(self, tok: Token) -> Attribution | None:
        """The first prepositional dependent of ``tok`` that is such a cue."""
        if tok.i not in self._prep_child:
            found = None
            for child in children(tok):
                if child.dep_ == "prep":
                    found = self.prep(child)
                    if found is not None:
                        break
            self._prep_child[tok.i] = _found(found)
        return _attribution(self._prep_child[tok.i])

    def stance(self, tok: Token) -> Attribution | None:
        """A stance verb outside the quotes with a subject of its own."""
        if tok.i not in self._stance:
            found = None
            if tok.i not in self.inside and _cue_strength(tok, self.words) == 1:
                for child in children(tok):
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i not in self.inside:
                        found = Attribution(_cue_text(tok), child)
                        break
            self._stance[tok.i] = _found(found)
        return _attribution(self._stance[tok.i])


_CLOSING_REACH = 6  # words after a quote's comma and closing mark searched for '..., the chief said'


def _closing_cue(cues: Cues, seg_tokens: list[Token]) -> Attribution | None:
    """'... in an effort to rid “toxic disinformation,” the EU’s chief said Sunday': a quote closed
    by a comma and its mark, then a verb of saying with its speaker within a few words. That
    shape names whose words they are, whatever verb the sentence hangs the quote under."""
    if not seg_tokens:
        return None
    doc = cues.doc
    i = seg_tokens[-1].i + 1
    comma = seg_tokens[-1].text == ","
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and i - seg_tokens[-1].i <= 3:
        comma = comma or doc[i].text == ","
        i += 1
    if not comma:
        return None
    for tok in doc[i : min(len(doc), i + _CLOSING_REACH)]:
        if tok.is_punct:
            return None
        found = cues.verb(tok, 2)
        if found is not None and found.speaker_token is not None and found.speaker_token.i >= i:
            return found
        if tok.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):  # '..., and said border officials had told'
            return None
    return None


_AS_REACH = 8  # words after a quote searched for 'as the memo put it'


def _as_put_it(cues: Cues, seg_tokens: list[Token]) -> Attribution | None:
    """'... is a "lawful source of investment income," as a Homeland Security memo put it': the
    subject of 'put it' ([cues] as_it_verbs) in an 'as' clause right after the quote."""
    if not seg_tokens:
        return None
    doc, words = cues.doc, cues.words
    end = seg_tokens[-1].i + 1
    for tok in doc[end : min(len(doc), end + _AS_REACH)]:
        if tok.text in (".", "!", "?", ";") or (tok.i in cues.inside and not tok.is_punct):
            return None
        if tok.lemma_.lower() not in words.as_it_verbs:
            continue
        kids = children(tok)
        as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in kids)
        it = any(c.dep_ == "dobj" and c.lower_ == "it" for c in kids)
        subject = next((c for c in kids if c.dep_ == "nsubj" and c.i not in cues.inside), None)
        if as_clause and it and subject is not None:
            return Attribution(f"{tok.text} it", subject)
    return None


def attribute(
    cues: Cues, seg_tokens: list[Token], sent: tuple[int, int], since: int = 0
) -> Attribution | None:
    """The cue attributing a quote, in order of trust: a verb of saying above the quote, a
    quoted predicate with its subject outside, a verb of saying elsewhere in the sentence,
    a stance verb or 'according to' above the quote, then anywhere in the sentence.

    The work per quote is bounded: the quote's own words, 15 heads above each of its
    roots, a window of ``_WINDOW`` tokens either side, and look-ups ``cues`` answers once
    per token. ``since``: no cue or speaker is taken from the tokens before it (those before
    the dash that opens a quote, another sentence run into this one)."""
    doc, inside = cues.doc, cues.inside
    quoted = {t.i for t in seg_tokens}
    found = _closing_cue(cues, seg_tokens) or _as_put_it(cues, seg_tokens)
    if found is not None:
        return found
    roots = [t for t in seg_tokens if t.head.i not in quoted or t.head.i == t.i]
    above = [t for t in _ancestors(roots, quoted) if t.i >= since]
    if above:
        # 'the leaders agreed that their teams would "remain in close contact"': the stance verb
        # right above the quote, with a subject of its own, outranks a verb of saying elsewhere,
        # unless it stands in the clause a verb of saying reports ('the White House said he told
        # Putin ... that the West was committed to diplomacy but "equally prepared ..."')
        found = cues.stance(above[0])
        if found is not None:
            subject = found.speaker_token
            person = subject is not None and (subject.ent_type_ == "PERSON" or subject.pos_ == "PRON")
            return (None if person else _reported_by(cues, above[0])) or found
    for tok in above:
        found = cues.verb(tok, 2)
        if found is not None:
            return found
    # a quoted predicate whose subject is outside: Blinken "underscored the commitment"
    for root in roots:
        if root.tag_ in ("VBD", "VBZ", "VBP") and root.i in quoted:
            for child in children(root):
                if (
                    child.dep_ in ("nsubj", "nsubjpass")
                    and child.i not in inside
                    and since <= child.i < root.i
                ):
                    return Attribution(root.text, child)
    q_start = seg_tokens[0].idx if seg_tokens else doc[sent[0]].idx
    lo, hi = max(sent[0], since), sent[1]
    if seg_tokens:  # a window around the quote keeps a run-on 'sentence' from costing quadratic time
        lo, hi = max(lo, seg_tokens[0].i - _WINDOW), min(hi, seg_tokens[-1].i + _WINDOW)
    # a stance verb above the quote with a subject of its own ('Wierzynin accused Kyiv of "..."')
    # outranks a verb of saying that merely stands near it
    for tok in above:
        found = cues.stance(tok)
        if found is not None:
            return found
    frame = [doc[i] for i in range(lo, hi) if i not in inside and not doc[i].is_space]
    q_end = seg_tokens[-1].idx if seg_tokens else q_start
    # nearest the quote's edges: a cue after a long quote is as near as one right before it
    frame.sort(key=lambda t: q_start - t.idx if t.idx < q_start else max(0, t.idx - q_end))
    for tok in frame:
        found = cues.verb(tok, 2)
        if found is not None and found.speaker_token is not None:
            return found
    for tok in above:
        found = cues.verb(tok, 1)
        if found is not None and found.speaker_token is not None:
            return found
        # a child inside this quote is inside every quote: cues.prep passes it over
        found = cues.prep_child(tok)
        if found is not None:
            return found
    for tok in frame:
        found = cues.prep(tok)
        if found is not None:
            return found
    for tok in frame:
        if tok.lemma_.lower() in cues.words.own_clause_stance:
            continue
        found = cues.verb(tok, 1)
        if found is not None and found.speaker_token is not None:
            return found
    return None


_REPORTED = ("ccomp", "conj")  # the links up from a reported clause to the verb that reports it


def _reported_by(cues: Cues, verb: Token) -> Attribution | None:
    """The verb of saying (with its speaker) whose reported clause ``verb`` stands in: up a chain of
    clauses ('that ...', '... and that ...') to the verb the last of them is the object of."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in _REPORTED or tok.head.i == tok.i:
            return None
        link, tok = tok.dep_, tok.head
        found = cues.verb(tok, 2) if link == "ccomp" else None
        if found is not None and found.speaker_token is not None:
            return found
    return None


def cue_subjects(doc: Doc, inside: set[int], words: QuoteWords) -> list[tuple[int, Token]]:
    """Every cue verb with a subject outside quotes: the speakers a later pronoun may mean."""
    events: list[tuple[int, Token]] = []
    table = token_table(doc)
    for i, lemma in enumerate(table.lemma):
        # (a Token is made only for a word that may be a cue, as _cue_strength reads it, or
        # may open a source as _according_to reads it: 'according', or 'in' with an opinion)
        low = table.lower[i]
        if i in inside or (
            lemma.lower() not in words.cue_heads
            and low != "according"
            and not (low == "in" and _opinion_child(table, i, words))
        ):
            continue
        tok = doc[i]
        if _cue_strength(tok, words) == 0:
            source = _according_to(tok, words) if tok.lower_ in ("according", "in") else None
            if source is not None and source.i not in inside:  # 'according to a senior official'
                events.append((source.idx, source))
            continue
        subj = _verb_subject(tok, inside) if not _busy(tok, inside, words) else None
        if subj is not None:
            events.append((subj.idx, subj))
    return events


def _opinion_child(table: TokenTable, i: int, words: QuoteWords) -> bool:
    """Token ``i`` has an object that is an opinion noun ('in his opinion'), as
    ``_according_to`` looks for one."""
    return any(
        table.dep[k] == "pobj" and table.lemma[k].lower() in words.opinion_nouns for k in table.kids[i]
    )


_COLON_LEAD = 8  # words before the colon of 'Zelenko on the blackout: "..."'


def _count_words(text: str, lo: int, hi: int, most: int) -> int:
    """``len(text[lo:hi].split())``, counted from the end and given up at ``most``: the words
    right before a quote, without reading the whole paragraph before it for every quote."""
    count = 0
    i = hi
    while count < most:
        while i > lo and text[i - 1].isspace():
            i -= 1
        if i == lo:
            break
        count += 1
        while i > lo and not text[i - 1].isspace():
            i -= 1
    return count


def colon_speaker(
    doc: Doc, text: str, seg: Segment, para: tuple[int, int], starts: list[int], banned: set[int]
) -> Token | None:
    """The head of the speaker named by a colon, headline and caption style with no verb of
    saying: 'Minister: "No more delays"' (the speaker before the colon) and "'We will not be
    intimidated': Estonian PM defies threats" (the subject of the clause after the colon).
    None for a pronoun: a colon gives it nothing to refer back to."""
    p_lo, p_hi = para
    lead_end = seg.open_mark  # the paragraph's words before the quote end here
    while lead_end > p_lo and text[lead_end - 1].isspace():
        lead_end -= 1
    lead = lead_end > p_lo
    head: Token | None = None
    if (
        lead
        and text[lead_end - 1] == ":"
        and text[p_lo].isupper()
        and _count_words(text, p_lo, lead_end, _COLON_LEAD + 1) <= _COLON_LEAD
    ):
        toks = tokens_between(doc, starts, p_lo, lead_end - 1)
        nouns: list[Token] = []
        for t in toks:  # the first run of nouns: 'Zelenko', 'Grid chief Viktor Zelenko', 'Minister'
            if t.pos_ in ("PROPN", "NOUN"):
                nouns.append(t)
            elif nouns:
                break
        head = nouns[-1] if nouns else None
    elif seg.close_mark is not None and not lead and text[seg.close_mark + 1 : seg.close_mark + 2] == ":":
        toks = tokens_between(doc, starts, seg.close_mark + 2, p_hi)
        head = next(
            (
                t
                for t in toks
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.i not in banned
            ),
            None,
        )
    if head is None or head.pos_ == "PRON":
        return None
    return head
