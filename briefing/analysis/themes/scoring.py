"""Scoring passages with the taxonomy's rules: evidence weighed in context.

- the longest match wins: "NATO's military activity" is NATO posture, not the
  "military activity" of a build-up; "military aid" is not "military";
- a hypothetical ("if Russia invades") counts ``HYPOTHETICAL`` of its weight;
- a negated action ("did not impose sanctions") counts ``negated_weight`` of its
  weight; a negated actor cue ("Moscow did not deny") does not count at all;
- a theme with ``requires_actor`` is about what its actors say and do: its terms
  count in full only where one of its actors is a subject of the passage ("Moscow
  denied ...", "It said ..." after a Moscow sentence), not where the actor is the
  object ("the US accused Moscow"); and the content of an actor's statement
  ("Moscow accuses Kyiv of massing troops") weighs ``HYPOTHETICAL`` for other themes.

A *passage* is a sentence, or a sentence with the pronoun-led sentences that follow it
in the same paragraph ("Moscow denied the report. It said ..."). The rules' verdict
places a passage under a theme whose score reaches the floor with at least one piece
of strong evidence (weak words never place it alone), unless the theme is an aside
(``SECONDARY_SHARE`` of the passage's best).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import TokenTable, children, doc_text, sentences, token_table
from briefing.analysis.spans import within
from briefing.analysis.themes.matching import (
    Evidence,
    PatternMatch,
    doc_pattern_matches,
    pattern_evidence,
    phrase_evidence,
)
from briefing.analysis.themes.taxonomy import WEAK, Taxonomy, Theme
from briefing.analysis.themes.words import CONDITION_MARKS, DENIAL_VERBS, PRONOUN_LEADS, SPEECH_VERBS

HYPOTHETICAL = 0.5  # factor for evidence inside a condition or inside an actor's claim
SECONDARY_SHARE = 0.25  # a theme below this share of the passage's best theme is an aside
MAX_PASSAGE = 3  # sentences in one passage at most
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


def _negated(token: Token) -> bool:
    """Is ``token`` (or the clause it sits in) negated? Follows control chains up ("not
    planning to invade"), clausal complements ("did not believe ... invade") and what
    a denial rejects ("denied reports that Kyiv was preparing an offensive")."""
    t = token_table(token.doc)
    node = token.i
    while True:
        if any(t.dep[c] == "neg" or (t.dep[c] == "det" and t.lower[c] == "no") for c in t.kids[node]):
            return True
        if t.pos[node] in ("VERB", "AUX") and t.dep[node] not in ("xcomp", "ccomp"):
            break
        if t.heads[node] == node:
            break
        node = t.heads[node]
    node = token.i
    while t.heads[node] != node:  # the token's ancestors
        node = t.heads[node]
        if t.pos[node] == "VERB" and t.lemma[node].lower() in DENIAL_VERBS:
            return True
    return False


def _condition(node: Token) -> bool:
    """Is ``node`` the verb of a condition: "if Russia invades", "should Moscow attack"?"""
    if node.dep_ != "advcl":
        return False
    for child in children(node):
        if child.dep_ == "mark" and child.lower_ in CONDITION_MARKS:
            return True
        if child.dep_ == "aux" and child.lower_ in ("should", "were") and child.i < node.i:
            subjects = [c for c in children(node) if c.dep_ in _SUBJECTS]
            if subjects and child.i < subjects[0].i:
                return True
    return False


def _hypothetical(token: Token) -> bool:
    """Inside a condition: "if Russia invades", "should Moscow attack", "unless ..."."""
    return any(_condition(node) for node in [token, *token.ancestors])


_DENIED = {"ccomp", "dobj", "xcomp"}  # what a denial verb rejects: "denied (reports) that ..."


def _reported(sentence: Span) -> list[Token]:
    """The sentence's tokens that report something: not inside a condition ("if Russia
    invades") nor inside what is denied ("denied reports that it was preparing an
    offensive"). One walk down the parse, so linear in the sentence."""
    out = []
    stack = [(sentence.root, False)]
    while stack:
        node, hidden = stack.pop()
        hidden = hidden or _condition(node)
        if not hidden:
            out.append(node)
        denial = node.pos_ == "VERB" and node.lemma_.lower() in DENIAL_VERBS
        stack.extend((c, hidden or (denial and c.dep_ in _DENIED)) for c in children(node))
    return out


def _head(doc: Doc, first: int, last: int) -> Token:
    span = doc[first : last + 1]
    return span.root


@functools.lru_cache(maxsize=256)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return index


def _names_actor(tokens: Iterable[Token], phrases: Sequence[tuple[str, ...]]) -> bool:
    """Do ``tokens`` contain one of ``phrases`` (word or lemma match)?"""
    return _keys_name_actor([(t.lower_, t.lemma_.lower()) for t in tokens], phrases)


def _keys_name_actor(keys: Sequence[tuple[str, str]], phrases: Sequence[tuple[str, ...]]) -> bool:
    """``_names_actor`` on the words' (form, lemma) keys, made once for several themes."""
    if any(not phrase for phrase in phrases):
        return True  # an empty phrase is found anywhere
    index = _by_first_word(tuple(phrases))
    for i, key in enumerate(keys):
        for word in dict.fromkeys(key):
            for phrase in index.get(word, ()):
                n = len(phrase)
                if i + n <= len(keys) and all(a in keys[i + k] for k, a in enumerate(phrase)):
                    return True
    return False


def _own_words(table: TokenTable, i: int) -> list[int]:
    """Token ``i``'s own words, by index: its subtree without relative clauses and
    modifiers' clauses (``_OWN_WORDS_END``), in the order they are reached."""
    out = []
    stack = [i]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in table.kids[node] if table.dep[c] not in _OWN_WORDS_END)
    return out


def _subject_phrase(subject: Token) -> list[Token]:
    """The subject's own words (``_own_words``) as tokens."""
    doc = subject.doc
    return [doc[k] for k in _own_words(token_table(doc), subject.i)]


_OWN_WORDS_END = ("relcl", "acl", "advcl", "ccomp")  # clauses a subject's own words stop at


@dataclass(frozen=True)
class _Subject:
    """A subject in a sentence, read once for every theme with actors."""

    verb: Token  # the verb it is the subject of
    keys: list[tuple[str, str]]  # (form, lemma) of the subject's own words (``_subject_phrase``)
    pronoun: bool  # a pronoun that may stand for an actor named before ("It said ...")


def _subjects(sentence: Span) -> list[_Subject]:
    """The sentence's subjects, read from the Doc's token table: a ``Token`` is made for
    each subject's verb only, not for every word of every sentence of every passage."""
    doc = sentence.doc
    table = token_table(doc)
    dep, heads, lower, lemma = table.dep, table.heads, table.lower, table.lemma
    out = []
    for i in range(sentence.start, sentence.end):
        agent = dep[i] == "pobj" and dep[heads[i]] == "agent"  # "dismissed by Moscow"
        if dep[i] not in _SUBJECTS and not agent:
            continue
        phrase = _own_words(table, i)
        out.append(
            _Subject(
                doc[heads[heads[i]] if agent else heads[i]],
                [(lower[k], lemma[k].lower()) for k in phrase],
                lower[i] in PRONOUN_LEADS and table.pos[i] == "PRON",
            )
        )
    return out


def _actor_subjects(subjects: Sequence[_Subject], theme: Theme, carried: bool) -> list[Token]:
    """Verbs of a sentence (its ``_subjects``) whose subject names one of the theme's actors,
    or is a pronoun standing for an actor named as a subject earlier in the passage (``carried``)."""
    return [s.verb for s in subjects if _keys_name_actor(s.keys, theme.actors) or (carried and s.pronoun)]


def _done_by(token: Token, phrases: Sequence[tuple[str, ...]]) -> bool:
    """Is the subject of the clause ``token`` sits in one of ``phrases``
    ("Moscow has moved fuel and ammunition": the ammunition is Moscow's)?"""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return any(_names_actor(_subject_phrase(s), phrases) for s in _clause_subjects(node))


def _clause_subjects(verb: Token) -> list[Token]:
    subjects = [c for c in children(verb) if c.dep_ in _SUBJECTS]
    if not subjects and verb.dep_ == "conj":  # "Washington was pumping weapons ... and fuelling tensions"
        subjects = [c for c in children(verb.head) if c.dep_ in _SUBJECTS]
    return subjects


def _core_phrase(subject: Token) -> list[Token]:
    """The subject's name itself: "the West's statements", "Washington and London",
    not what hangs on it ("the talks with Washington")."""
    out, stack = [], [subject]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(
            c for c in children(node) if c.dep_ in ("compound", "amod", "poss", "conj", "appos", "nmod")
        )
    return out


def _targets_in_claim(verb: Token, theme: Theme) -> bool:
    """Does the actor's statement say something about one of the theme's targets
    ("Lavrov said Washington was pumping weapons into Ukraine")?"""
    clauses = [c for c in children(verb) if c.dep_ == "ccomp"]
    # "told a news conference that NATO had ..." is often parsed as a relative clause.
    clauses += [
        r
        for o in children(verb)
        if o.dep_ == "dobj"
        for r in children(o)
        if r.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in children(r))
    ]
    for clause in clauses:
        for subject in _clause_subjects(clause):
            words = _core_phrase(subject)
            if _names_actor(words, theme.targets) and not _names_actor(words, theme.actors):
                return True
    return False


def _actor_evidence(
    subjects: Sequence[Sequence[_Subject]], theme: Theme
) -> tuple[bool, list[Evidence], list[Token]]:
    """(an actor speaks or acts in the passage, actor-cue evidence, the cue verbs).

    A cue is a verb of the theme with an actor as its subject ("Moscow denied"), or a
    statement by an actor about one of the theme's targets ("Peskov said Washington ...");
    a negated one does not count ("Moscow did not deny")."""
    present = named = False
    cues: list[Token] = []
    for sentence in subjects:
        verbs = _actor_subjects(sentence, theme, carried=named)
        named = named or bool(verbs)
        for verb in verbs:
            # The verb itself, or a verb coordinated with it ("Moscow rejected ... and accused ...").
            for v in [verb, *(c for c in children(verb) if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]:
                lemma = v.lemma_.lower()
                if v.pos_ not in ("VERB", "AUX") or _negated(v):
                    continue
                if lemma in theme.verbs or lemma in SPEECH_VERBS:
                    present = True
                if lemma in theme.verbs or (theme.targets and _targets_in_claim(v, theme)):
                    cues.append(v)
    found = []
    if cues:
        first = min(c.i for c in cues)
        found.append(Evidence(theme.id, theme.actor_weight, True, first, first, key="actor cue"))
    return present, found, cues


def _in_claim(token: Token, cues: Sequence[Token]) -> bool:
    """Is ``token`` part of what an actor holds against someone ("accuses Kyiv of massing
    troops", "blamed the West for provoking")? What an actor warns or says that something
    is ("warned that new sanctions would ...") is not discounted."""
    for cue in cues:
        for child in children(cue):
            if child.dep_ in ("prep", "xcomp") and child.i != token.i and token in child.subtree:
                return True
    return False


def _uncovered(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence no other evidence ``covers`` (a longer phrase holding it), in order;
    found from the phrases' spans sorted, not by comparing every pair."""
    widest: dict[int, int] = {}  # first token -> the last token of the longest phrase from it
    for e in evidence:
        if e.phrase:
            widest[e.first] = max(widest.get(e.first, e.last), e.last)
    firsts = sorted(widest)
    reach = list(itertools.accumulate((widest[f] for f in firsts), max))  # furthest end so far
    out = []
    for e in evidence:
        if e.phrase:
            k = bisect.bisect_left(firsts, e.first)  # firsts[k] == e.first
            if widest[e.first] > e.last or (k > 0 and reach[k - 1] >= e.last):
                continue
        out.append(e)
    return out


def score_passage(
    sentences: Sequence[Span], taxonomy: Taxonomy, matches: Sequence[PatternMatch] | None = None
) -> dict[str, tuple[float, bool]]:
    """theme id -> (score, has strong evidence) for a passage of consecutive sentences
    (``matches``: the Doc's pattern matches, if already found with ``doc_pattern_matches``)."""
    return _score_passage(sentences, taxonomy, matches)[0]


def _score_passage(
    sentences: Sequence[Span], taxonomy: Taxonomy, matches: Sequence[PatternMatch] | None
) -> tuple[dict[str, tuple[float, bool]], dict[str, bool]]:
    """``score_passage``'s scores, and per theme with actors whether one speaks or acts."""
    doc = sentences[0].doc
    first, last = sentences[0].start, sentences[-1].end - 1
    evidence = phrase_evidence(doc, first, last, taxonomy) + pattern_evidence(
        doc, first, last, taxonomy, matches
    )
    # The longest phrase wins its words; a phrase or pattern counts once per theme and
    # passage, and words matched twice for a theme (lemma and form) count once.
    evidence = _uncovered(evidence)
    unique: dict[tuple[str, str], Evidence] = {}
    spans: set[tuple[str, int, int]] = set()
    for e in sorted(evidence, key=lambda e: -e.weight):
        if (e.theme, e.key) in unique or (e.phrase and (e.theme, e.first, e.last) in spans):
            continue
        unique[(e.theme, e.key)] = e
        if e.phrase:
            spans.add((e.theme, e.first, e.last))
    evidence = list(unique.values())

    actors_present: dict[str, bool] = {}
    claims: list[tuple[str, list[Token]]] = []
    subjects = (
        [_subjects(sentence) for sentence in sentences] if any(t.actors for t in taxonomy.themes) else []
    )
    for theme in taxonomy.themes:
        if theme.actors:
            present, cue_evidence, cues = _actor_evidence(subjects, theme)
            actors_present[theme.id] = present
            evidence.extend(cue_evidence)
            if cues and theme.requires_actor:
                claims.append((theme.id, cues))

    scores: dict[str, tuple[float, bool]] = {}
    for e in evidence:
        theme = taxonomy.by_id(e.theme)
        weight, strong = e.weight, e.strong
        head = _head(doc, e.first, e.last)
        if strong and (
            (theme.requires_actor and not actors_present.get(theme.id))
            or (theme.not_actors and _done_by(head, theme.not_actors))
        ):
            weight, strong = weight * WEAK, False
        if not e.negation_in_phrase and _negated(head):
            weight *= theme.negated_weight
        if _hypothetical(head) or any(t != e.theme and _in_claim(head, cues) for t, cues in claims):
            weight *= HYPOTHETICAL
        score, had_strong = scores.get(e.theme, (0.0, False))
        scores[e.theme] = (score + weight, had_strong or strong)
    return scores, actors_present


def score_sentence(sent: Span, taxonomy: Taxonomy) -> dict[str, float]:
    """A single sentence's score per theme (see ``score_passage``)."""
    return {theme: score for theme, (score, _) in score_passage([sent], taxonomy).items()}


def _pronoun_led(sent: Span) -> bool:
    """Does the sentence open with a pronoun subject that continues the previous one ("It said ...")?"""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words:
        return False
    lead = words[0]
    if lead.lower_ in ("he", "she", "it", "they"):
        return True
    return lead.lower_ in PRONOUN_LEADS and lead.dep_ in _SUBJECTS


def _text_start(sent: Span) -> int:
    return next((t.idx for t in sent if not t.is_space), sent.end_char)


def _text_end(sent: Span) -> int:
    return next((t.idx + len(t.text) for t in reversed(sent) if not t.is_space), sent.start_char)


def passages(doc: Doc, skip: list[tuple[int, int]] | None = None) -> list[list[Span]]:
    """The sentences a theme is decided for, one per passage (outside ``skip`` spans).

    Each sentence is judged on its own, its neighbours' words as context, so a sentence
    is never filed under the theme of the one before it; ``continues`` tells which
    sentences a brief shows together with the one before (``themes.place``)."""
    skipped = within(skip or [])  # a sentence is skipped when a span holds its start
    text = doc_text(doc)  # (a sentence's text is this slice: ``Span.text`` joins its tokens anew)
    return [
        [sent]
        for sent in sentences(doc)
        if not skipped(sent.start_char) and text[sent.start_char : sent.end_char].strip()
    ]


def continues(doc: Doc, previous: list[Span], sent: Span) -> bool:
    """Does ``sent`` carry on the passage ``previous`` ("He added ..." right after it, in the
    same paragraph, the passage under ``MAX_PASSAGE`` sentences)?"""
    return (
        len(previous) < MAX_PASSAGE
        and previous[-1].end == sent.start
        and "\n\n" not in doc_text(doc)[_text_end(previous[-1]) : _text_start(sent)]
        and _pronoun_led(sent)
    )


def rule_verdict(scores: dict[str, tuple[float, bool]], min_score: float) -> dict[str, float]:
    """The themes the rules place a passage under, from ``score_passage``'s scores: strong
    evidence, at least ``min_score``, and not an aside (``SECONDARY_SHARE`` of the best)."""
    kept = {t: s for t, (s, strong) in scores.items() if strong and s >= min_score}
    best = max(kept.values(), default=0.0)
    return {t: s for t, s in kept.items() if s >= SECONDARY_SHARE * best}


@dataclass
class ScoredPassage:
    """A passage of a Doc with the rules' reading of it (the input of placement)."""

    start: int  # character offsets of its text, stripped
    end: int
    text: str
    sentences: list[Span]
    scores: dict[str, tuple[float, bool]]  # theme id -> (rule score, strong evidence)
    placed: dict[str, float]  # the rules' verdict: theme id -> score
    actors: dict[str, bool]  # per theme with actors: does one speak or act here?
    matches: Sequence[PatternMatch] = ()  # the Doc's pattern matches that start in it


def scored_piece(sp: ScoredPassage, piece: Span, taxonomy: Taxonomy, min_score: float) -> ScoredPassage:
    """A piece of a passage's sentence (a clause, ``split.cuts``) scored by the rules on its own."""
    doc = piece.doc
    matches = [m for m in sp.matches if piece.start <= m[1] < piece.end]
    scores, actors = _score_passage([piece], taxonomy, matches)
    start, end = _text_start(piece), _text_end(piece)
    return ScoredPassage(
        start,
        end,
        doc_text(doc)[start:end],
        [piece],
        scores,
        rule_verdict(scores, min_score),
        actors,
        matches,
    )


def scored_passages(
    doc: Doc, taxonomy: Taxonomy, min_score: float, skip: list[tuple[int, int]] | None = None
) -> list[ScoredPassage]:
    """Every passage of ``doc`` of four words or more, outside ``skip`` spans, scored by the rules."""
    out = []
    matches = doc_pattern_matches(doc, taxonomy)
    groups = passages(doc, skip)
    # A match counts only in the passage holding its first token: each passage is handed
    # its own (in order), not the whole Doc's to filter.
    firsts = [group[0].start for group in groups]
    own: list[list[PatternMatch]] = [[] for _ in groups]
    for match in matches:
        k = bisect.bisect_right(firsts, match[1]) - 1
        if k >= 0 and match[1] < groups[k][-1].end:
            own[k].append(match)
    for group, group_matches in zip(groups, own, strict=True):
        start_char, end_char = group[0].start_char, group[-1].end_char
        raw = doc_text(doc)[start_char:end_char]
        text = raw.strip()
        if len(text.split()) < 4:
            continue
        scores, actors = _score_passage(group, taxonomy, group_matches)
        start = start_char + (len(raw) - len(raw.lstrip()))
        out.append(
            ScoredPassage(
                start,
                start + len(text),
                text,
                group,
                scores,
                rule_verdict(scores, min_score),
                actors,
                group_matches,
            )
        )
    return out
