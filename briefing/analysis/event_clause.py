"""The clause of a sentence that reports a dated event, and its text.

The verb that governs a date (climbing through infinitives: "talks set to take place on
January 10"), or, for a relative clause, the noun phrase it describes ("the meeting with
Putin, which will be held on Monday"), heads the event's clause. Branches of it carrying
*another* date are cut out; the rest is read back as the article words it, trimmed to stand
alone as a sentence.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from importlib import resources

from spacy.tokens import Doc, Span, Token

from briefing.analysis.clauses import clause_head
from briefing.analysis.doccache import children, doc_text, sentence_of
from briefing.analysis.quotes import load_quote_words
from briefing.analysis.quotes.marks import CURLY_CLOSE, CURLY_OPEN, DASHES, ENDING_MARKS, STRAIGHT_DOUBLE
from briefing.analysis.standalone import standalone_words

_WORDS = tomllib.loads(resources.files("briefing.data").joinpath("timeline.toml").read_text("utf-8"))[
    "clauses"
]
# Connectives that open a sentence without adding to what happened.
_OPENERS = re.compile(rf"^({'|'.join(map(re.escape, _WORDS['openers']))}),\s+", re.I)
QUOTE_PAIRS = [(CURLY_OPEN, CURLY_CLOSE), (STRAIGHT_DOUBLE, STRAIGHT_DOUBLE)]
CLOSING_MARKS = frozenset(closing for _, closing in QUOTE_PAIRS)
# Dependencies whose subtree may be cut from a clause when it carries another date.
_DETACHABLE = {
    "advcl", "relcl", "acl", "prep", "conj", "ccomp", "parataxis", "advmod", "npadvmod", "xcomp", "pcomp",
    "appos", "dobj", "pobj",
}  # fmt: skip
# Dependencies that open a clause with its own verb and subject ("..., from which it was
# expelled in 2014"): a date inside one belongs to that clause alone.
_OWN_CLAUSES = {"relcl", "advcl"}
# A clause shorter than this many words is not worth a timeline entry.
MIN_WORDS = 5


def trim(text: str) -> str:
    """A clause's text as a sentence of its own: spaces folded, an opening connective dropped,
    no space before punctuation nor punctuation left by a cut, a capital and a final stop."""
    text = re.sub(r"\s+", " ", text.strip())
    text = _OPENERS.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]+([.!?])", r"\1", text)  # a list cut short: "on February 16,."
    text = text.strip(" ,;:-\u2013\u2014")
    if text and text[-1] not in ".!?)" + ENDING_MARKS:
        text += "."
    return text[:1].upper() + text[1:]


def event_head(token: Token) -> Token:
    """The token heading the clause that reports the event the date belongs to."""
    node = clause_head(token)
    # Infinitives and open complements report the event of the verb that governs them.
    for _ in range(10):
        if node.dep_ in ("xcomp",) and node.head is not node and node.head.pos_ in ("VERB", "AUX"):
            node = node.head
        else:
            break
    # A relative or participle clause stands with the noun phrase it describes, including
    # the phrase it may have been attached inside ("the meeting with Putin, which ...").
    if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
    return node


def cut_clause(
    head: Token, own: tuple[int, int], others: list[tuple[int, int]], token_starts: list[int]
) -> list[Token]:
    """The tokens of ``head``'s subtree, without the branches carrying another date.

    ``token_starts`` are the character offsets of the Doc's tokens (in order): the tokens
    of another date are found by bisection, not by a walk over the subtree per date."""
    subtree = list(head.subtree)
    order = {t.i: k for k, t in enumerate(subtree)}
    removed: set[int] = set()
    for o_start, o_end in others:
        lo, hi = bisect.bisect_left(token_starts, o_start), bisect.bisect_left(token_starts, o_end)
        first = min((order[i] for i in range(lo, hi) if i in order), default=None)
        if first is None:
            continue
        # The highest branch under ``head`` holding the other date but not this one, or,
        # when the other date lies in a clause of its own inside that branch, that clause:
        # "he tried to have Russia readmitted to the G7, from which it was expelled ... in
        # 2014" loses the relative clause, not all it tried.
        node = subtree[first]
        branch: Token | None = None
        clause: Token | None = None
        while node is not head and node.head is not node:
            span = (node.left_edge.idx, node.right_edge.idx + len(node.right_edge))
            holds_own = span[0] <= own[0] and own[1] <= span[1]
            if holds_own:
                break
            if node.dep_ in _DETACHABLE:
                branch = node
            if clause is None and node.dep_ in _OWN_CLAUSES:
                clause = node
            node = node.head
        if clause is not None and branch is not None and branch.dep_ not in _OWN_CLAUSES:
            branch = clause
        if branch is not None and branch.dep_ == "conj" and own[0] <= branch.head.idx < own[1]:
            continue  # two dates of one event ("a signal today and tomorrow"): both stay
        if branch is not None:
            removed.update(t.i for t in branch.subtree)
            # The conjunction or comma that joined the branch goes with it.
            left = branch.left_edge.i - 1
            if left >= 0 and head.doc[left].dep_ in ("cc", "punct"):
                removed.add(left)
    return [t for t in subtree if t.i not in removed]


def worded(text: str) -> tuple[str, int]:
    """The text trimmed, and how many words it has."""
    text = trim(text)
    return text, len(text.split())


def text_of(tokens: list[Token]) -> str:
    """The clause as it reads in the article, with a cut branch leaving no gap."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    pieces: list[str] = []
    run_start = tokens[0]
    prev = tokens[0]
    for tok in tokens[1:]:
        if tok.i != prev.i + 1:
            pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
            run_start = tok
        prev = tok
    pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
    return " ".join(p.strip() for p in pieces)


_BACKWARD = frozenset(_WORDS["points_back"])
# Words opening a sentence that leans on the one before it ("then on Tuesday to Russia ..."):
# a clause cut from inside a sentence that opens with one goes on from the part cut.
_LEANING = standalone_words().leaning


def leans_back(tokens: list[Token], sentence_start: int) -> bool:
    """A clause cut from inside a sentence that opens by pointing back at what was cut
    ("the latter's meeting", "which will be held", "he said", "then on Tuesday") cannot
    stand alone."""
    if not tokens or tokens[0].i == sentence_start:
        return False
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else None
    if first.tag_ in ("PRP", "PRP$", "WDT", "WP", "WP$") or first.lower_ in _BACKWARD | _LEANING:
        return True
    return first.lower_ == "the" and second is not None and second.lower_ in _BACKWARD


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_DASH_SET = frozenset(DASHES)


def finite(tokens: list[Token]) -> bool:
    """The clause has a verb that tells an event (past, present or modal), not only a
    participle or infinitive ("including probably on Tuesday to Kiev"), and not only in a
    relative clause ("any invasion outside the territory, which Russia occupied in 2014")."""
    described = {d.i for t in tokens if t.dep_ in ("relcl", "acl") for d in t.subtree}
    return any(t.tag_ in _FINITE and t.i not in described for t in tokens)


def speech_tail(tokens: list[Token]) -> bool:
    """The clause opens with the last words of a quotation a dash closes ("... a disaster
    for Russia - Johnson told journalists on Monday"): words without a verb, then the dash."""
    for k, tok in enumerate(tokens):
        if tok.text in _DASH_SET and k > 0 and tokens[k - 1].whitespace_ and tok.whitespace_:
            return not any(t.pos_ in ("VERB", "AUX") for t in tokens[:k])
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


def dangling(tokens: list[Token]) -> bool:
    """The cut took what the clause's last verb says ("The head of the German government on
    Monday is [to visit Kiev]"): the clause ends on an auxiliary or a form of "be"."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return bool(words) and (words[-1].pos_ == "AUX" or words[-1].lemma_ == "be")


def balanced(text: str) -> str:
    """Drop a dangling quotation mark left at either end by the cut."""
    for opening, closing in QUOTE_PAIRS:
        if opening == closing:
            if text.count(opening) % 2:
                text = text.replace(opening, "", 1) if text.startswith(opening) else text.rstrip(opening)
        elif text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return text


def fragment_context(sent: Span, doc: Doc) -> list[Token] | None:
    """An attribution split from the quotation before it ("he tweeted in 2013.") continues
    that quotation's sentence. A verbless fragment ("In 2019.", "In 2019, 2020, 2021.")
    continues the sentences around it: the fragment with the sentences before and after it
    in its paragraph (as many as make a clause worth showing, up to three each side), or
    None when it has a verb (a short sentence of its own) or stands alone in its paragraph."""
    text = doc_text(doc)
    if sent.start > 0 and sent[0].text[:1].islower():
        # an attribution the parser split from its quotation ("“...?” he tweeted in 2013.")
        before = sentence_of(sent.start - 1, doc)
        if before.text.rstrip()[-1:] in CLOSING_MARKS:
            return [t for t in doc[before.start : sent.end] if not t.is_space]
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    first, last = sent, sent
    # (a paragraph's last sentence holds the blank line after it)
    for _ in range(3):
        wider = False
        if first.start > 0:
            before = sentence_of(first.start - 1, doc)
            if "\n\n" not in text[before.start_char : first.start_char]:
                first, wider = before, True
        if last.end < len(doc):
            after = sentence_of(last.end, doc)
            if "\n\n" not in text[last.start_char : after.start_char]:
                last, wider = after, True
        if not wider or len(text[first.start_char : last.end_char].split()) >= MIN_WORDS:
            break
    if first is sent and last is sent:
        return None
    return [t for t in doc[first.start : last.end] if not t.is_space]


def present_state(head: Token) -> bool:
    """The clause is in the simple present with no auxiliary ("Ukrainians keep defending the
    values today", "this is the Kremlin today"): with "today", a state of things, not a
    dated event; a statement reported in the present ("says today") is one. (With
    "tomorrow" the simple present schedules an event: "the summit opens tomorrow".)"""
    if head.pos_ not in ("VERB", "AUX") or head.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in children(head)):
        return False
    return head.lemma_ not in load_quote_words().speech_verbs


def action_of(head: Token) -> str | None:
    """What the clause headed by ``head`` does: its verb's (or noun's) lemma, else None."""
    if head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
        return head.lemma_.lower()
    return None
