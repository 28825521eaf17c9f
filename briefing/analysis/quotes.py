"""Quotation extraction and attribution.

``find_quotes(doc)`` finds every quoted passage of a parsed article (paragraphs are
separated by a blank line), decides whether it is speech (``direct``/``partial``) or a
scare quote, and attributes it to a speaker resolved the way a reader would: a
surname or a pronoun becomes the full name used earlier in the article, an
institution or a document stays as written, a role is taken from the title words
before the name, an appositive, or an earlier mention of the same person.

The work is linear in the size of the text: quote marks are found in one pass
over each paragraph; attribution looks at a window of the sentence around a quote and
the dependency heads above its words, with what each token offers as a cue worked out
once per article (the root of a run-on sentence is above every quote in it); earlier
speakers and name mentions are reached through indexes, never read one by one for each
quote (``benchmarks/adversarial.py`` measures the growth on hostile text).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, doc_text
from briefing.records import Quote, QuoteKind, Timex

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "quotes.toml"

SpeakerKind = Literal["person", "group", "institution", "document", "description"]

# Quote marks. Straight marks are opening or closing by context.
_OPEN_DOUBLE = "“„‟«"
_CLOSE_DOUBLE = "”»"
_STRAIGHT_DOUBLE = '"'
_OPEN_SINGLE = "‘‚‛"
_CLOSE_SINGLE = "’"
_STRAIGHT_SINGLE = "'"
_ALL_MARKS = _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE + _CLOSE_SINGLE + _STRAIGHT_SINGLE
# Any quotation mark: ``find_segments`` jumps from one to the next (every other character is passed over).
_ANY_MARK = re.compile(f"[{re.escape(_ALL_MARKS)}]")
_BEFORE_OPEN = " \t\n([{—–-/:;,"  # characters after which a mark opens a quote
_AFTER_CLOSE = " \t\n)]}.,;:!?—–-/…"  # characters before which a mark closes a quote
_MAX_SINGLE_QUOTE = 300  # a single-quoted passage longer than this is not a quotation
_PARA_SEP = re.compile(r"\n[ \t]*\n\s*")
_TERMINAL = ".?!…"
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_MAX_SENTENCE = 1200  # characters of context kept for a quote in a run-on sentence
_WINDOW = 60  # tokens either side of a quote searched for a cue
_NAME_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"}


@dataclass(frozen=True)
class Lexicon:
    """The lexicons of ``briefing/data/quotes.toml``, lower-cased."""

    speech_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    prepositions: tuple[str, ...]
    role_nouns: frozenset[str]
    role_connectors: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    nonperson_pronouns: frozenset[str]
    first_person: frozenset[str]
    institutions: frozenset[str]
    documents: frozenset[str]
    scare_markers: tuple[str, ...]


def _words(values: Iterable[object]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = DATA_FILE) -> Lexicon:
    """Read the cue, role, pronoun and speaker lexicons."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    cues, roles, pron, spk = data["cues"], data["roles"], data["pronouns"], data["speakers"]
    return Lexicon(
        speech_verbs=_words(cues["speech_verbs"]),
        stance_verbs=_words(cues["stance_verbs"]),
        prepositions=tuple(str(p).lower() for p in cues["prepositions"]),
        role_nouns=_words(roles["nouns"]),
        role_connectors=_words(roles["connectors"]),
        person_pronouns=_words(pron["person"]),
        group_pronouns=_words(pron["group"]),
        nonperson_pronouns=_words(pron["nonperson"]),
        first_person=_words(pron["first_person"]),
        institutions=_words(spk["institutions"]),
        documents=_words(spk["documents"]),
        scare_markers=tuple(str(m).lower() for m in spk["scare_markers"]),
    )


# ---------------------------------------------------------------------------
# 1. Quote marks -> quoted segments
# ---------------------------------------------------------------------------


@dataclass
class Segment:
    """The words between one pair of quote marks, inside one paragraph."""

    start: int  # offsets of the quoted words (marks excluded) in doc.text
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when it runs to paragraph end
    para: int
    group: int  # segments of one quotation continued across paragraphs share a group
    single: bool = False


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text`` (blank-line separated)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SEP.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    """A straight or misused mark at ``i`` stands where an opening mark would."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before in _BEFORE_OPEN or before in _ALL_MARKS) and not after.isspace()


def _closes(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return not before.isspace() and (after in _AFTER_CLOSE or after in _ALL_MARKS)


def _find_single_close(text: str, i: int, hi: int) -> int | None:
    """The closing single mark of a single-quoted passage opening at ``i``."""
    limit = min(hi, i + _MAX_SINGLE_QUOTE)
    j = i + 1
    while j < limit:
        ch = text[j]
        if ch in _OPEN_DOUBLE:  # a quotation nested in the single-quoted one: skip to its close
            k = j + 1
            while k < limit and text[k] not in _CLOSE_DOUBLE and text[k] not in _OPEN_DOUBLE:
                k += 1
            if k >= limit or text[k] not in _CLOSE_DOUBLE:
                return None
            j = k + 1
            continue
        if ch in _CLOSE_DOUBLE or ch == _STRAIGHT_DOUBLE:
            return None
        if ch in _CLOSE_SINGLE or ch == _STRAIGHT_SINGLE:
            after = text[j + 1] if j + 1 < hi else " "
            before = text[j - 1]
            if not before.isspace() and not after.isalnum():
                return j
        j += 1
    return None


def find_segments(text: str) -> list[Segment]:
    """Quoted segments of ``text`` in order; one linear pass per paragraph."""
    segments: list[Segment] = []
    group = 0
    pending_group: int | None = None  # an unclosed quotation at the end of the last paragraph
    for p_index, (lo, hi) in enumerate(paragraph_spans(text)):
        carried = pending_group
        pending_group = None
        open_at: int | None = None
        i = lo
        while i < hi:
            mark = _ANY_MARK.search(text, i, hi)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
            is_double = ch in _OPEN_DOUBLE or ch in _CLOSE_DOUBLE or ch == _STRAIGHT_DOUBLE
            if is_double:
                if open_at is None:
                    if ch in _OPEN_DOUBLE or _opens(text, i, lo, hi):  # '”' misused as opening too
                        open_at = i
                elif ch in _CLOSE_DOUBLE or _closes(text, i, lo, hi) or ch == _STRAIGHT_DOUBLE:
                    if ch in _OPEN_DOUBLE and not _closes(text, i, lo, hi):
                        open_at = i  # the earlier mark was never closed: a stray
                    else:
                        in_group = carried if (carried is not None and open_at == lo) else None
                        if in_group is None:
                            group += 1
                            in_group = group
                        segments.append(Segment(open_at + 1, i, open_at, i, p_index, in_group))
                        carried = None
                        open_at = None
                i += 1
                continue
            single = ch in _OPEN_SINGLE or ch in (_STRAIGHT_SINGLE, _CLOSE_SINGLE)
            if single and open_at is None and _opens(text, i, lo, hi) and text[i + 1 : i + 2].isalpha():
                close = _find_single_close(text, i, hi)
                if close is not None and close > i + 1:
                    group += 1
                    segments.append(Segment(i + 1, close, i, close, p_index, group, single=True))
                    i = close + 1
                    continue
            i += 1
        if open_at is not None:
            nxt = _next_paragraph_start(text, hi)
            continues = nxt is not None and (text[nxt] in _OPEN_DOUBLE or text[nxt] == _STRAIGHT_DOUBLE)
            words = len(text[open_at + 1 : hi].split())
            starts_clause = open_at == lo or text[lo:open_at].rstrip()[-1:] in (":", ",")
            if continues or (starts_clause and words >= 4):
                in_group = carried if (carried is not None and open_at == lo) else None
                if in_group is None:
                    group += 1
                    in_group = group
                segments.append(Segment(open_at + 1, hi, open_at, None, p_index, in_group))
                if continues:
                    pending_group = in_group
    return [s for s in (_trim(text, seg) for seg in segments) if s is not None]


def _next_paragraph_start(text: str, hi: int) -> int | None:
    j = hi
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    return j if j < n else None


def _trim(text: str, seg: Segment) -> Segment | None:
    start, end = seg.start, seg.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    seg.start, seg.end = start, end
    return seg


# ---------------------------------------------------------------------------
# 2. Speakers
# ---------------------------------------------------------------------------


@dataclass
class Speaker:
    name: str
    kind: SpeakerKind
    role: str | None = None
    pos: int = 0  # offset of the mention in doc.text
    head_lemma: str = ""


@dataclass
class Attribution:
    cue: str
    speaker_token: Token | None  # the head of the speaker phrase, unresolved


@dataclass
class _Item:
    segment: Segment
    sentence: tuple[int, int]  # token range of the outer sentence
    attribution: Attribution | None = None
    speaker: Speaker | None = None
    kind: QuoteKind = "direct"


@dataclass
class _Context:
    doc: Doc
    lex: Lexicon
    text: str = ""
    persons: list[Span] = field(default_factory=list)
    history: list[Speaker] = field(default_factory=list)
    # caches over the PERSON mentions (computed once per document)
    names: list[tuple[Span, str, int]] = field(default_factory=list)  # mention, clean name, first token
    name_counts: dict[str, int] = field(default_factory=dict)
    known_tokens: set[str] = field(default_factory=set)
    person_at: dict[int, Span] = field(default_factory=dict)
    full_cache: dict[str, str] = field(default_factory=dict)
    role_cache: dict[str, str | None] = field(default_factory=dict)
    # Indexes, so that no look-up reads every mention or every earlier speaker: a hostile
    # article can hold thousands of each, and a look-up per quote would be quadratic.
    name_ends: list[int] = field(default_factory=list)  # end of each mention in names (ascending)
    names_by_last: dict[str, list[str]] = field(default_factory=dict)  # distinct names by last word
    mentions_by_first: dict[str, list[int]] = field(default_factory=dict)  # names' indexes by first word
    mention_roles: list[str | None] | None = None  # each mention's title words, when first wanted
    mentions_by_role: dict[str, list[int]] = field(default_factory=dict)  # names' indexes by role word
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # history indexes by speaker kind
    by_head: dict[str, list[int]] = field(default_factory=dict)  # ... of descriptions by head lemma
    by_role: dict[str, list[int]] = field(default_factory=dict)  # ... of persons by role word

    @classmethod
    def build(cls, doc: Doc, lex: Lexicon) -> _Context:
        ctx = cls(doc, lex, doc_text(doc), [e for e in doc.ents if e.label_ == "PERSON"])
        for ent in ctx.persons:
            name, _, first = _clean_name(list(ent), lex)
            words = name.lower().split()
            if words:
                ctx.mentions_by_first.setdefault(words[0], []).append(len(ctx.names))
                if name not in ctx.name_counts:
                    ctx.names_by_last.setdefault(words[-1], []).append(name)
            ctx.names.append((ent, name, first))
            ctx.name_ends.append(ent.end_char)
            ctx.name_counts[name] = ctx.name_counts.get(name, 0) + 1
            ctx.known_tokens.update(t.lower_ for t in ent if t.is_title)
            for i in range(ent.start, ent.end):
                ctx.person_at[i] = ent
        return ctx

    def remember(self, spk: Speaker) -> None:
        """Add a speaker to the history later pronouns and descriptions may refer back to."""
        index = len(self.history)
        self.history.append(spk)
        self.by_kind.setdefault(spk.kind, []).append(index)
        if spk.kind == "description":
            self.by_head.setdefault(spk.head_lemma, []).append(index)
        elif spk.kind == "person" and spk.role:
            for word in set(spk.role.lower().split()):
                self.by_role.setdefault(word, []).append(index)

    def latest(self, indexes: list[int], pos: int) -> int:
        """The last of ``indexes`` (history indexes, ascending) whose speaker comes before
        ``pos``, or -1. Speakers are remembered in text order, so this looks at one or two."""
        for k in reversed(indexes):
            if self.history[k].pos < pos:
                return k
        return -1

    def roles_of_mentions(self) -> list[str | None]:
        """The title words each PERSON mention is introduced with (worked out once)."""
        if self.mention_roles is None:
            self.mention_roles = []
            for k, (ent, _name, first) in enumerate(self.names):
                role = _role_before(first, self.doc, self.lex) or _appos_role(ent.root, self.lex)
                self.mention_roles.append(role)
                for word in set(role.lower().split()) if role else ():
                    self.mentions_by_role.setdefault(word, []).append(k)
        return self.mention_roles


def _strip_possessive(text: str) -> str:
    return re.sub(r"\s*['’]s?$", "", text.strip())


def _clean_name(ent_tokens: list[Token], lex: Lexicon) -> tuple[str, str | None, int]:
    """Name text of a PERSON mention, any title words NER put inside it, and the index
    of the first token of the name proper."""
    toks = [t for t in ent_tokens if not t.is_punct or t.text in "-."]
    title: list[Token] = []
    while len(toks) > 1 and (toks[0].lower_ in lex.role_nouns or toks[0].lower_.rstrip(".") in _NAME_TITLES):
        title.append(toks.pop(0))
    while toks and toks[-1].text in ("'s", "’s", "'", "’"):
        toks.pop()
    name = _strip_possessive(" ".join(t.text for t in toks))
    role = " ".join(t.text for t in title if t.lower_.rstrip(".") not in _NAME_TITLES) or None
    first = toks[0].i if toks else (ent_tokens[0].i if ent_tokens else 0)
    return name, role, first


def _person_ent(ctx: _Context, tok: Token) -> Span | None:
    return ctx.person_at.get(tok.i) if tok.ent_type_ == "PERSON" else None


def _full_name(ctx: _Context, name: str, pos: int) -> str:
    """The fullest PERSON name in the article that ``name`` abbreviates."""
    if name in ctx.full_cache:
        return ctx.full_cache[name]
    parts = name.split()
    if not parts:
        return name
    last = parts[-1].lower()
    wanted = {p.lower() for p in parts}
    best: tuple[int, int, str] | None = None
    for text in ctx.names_by_last.get(last, []):  # in first-seen order, as name_counts holds them
        count = ctx.name_counts[text]
        tokens = [t.lower() for t in text.split()]
        if len(tokens) <= len(parts) or tokens[-1] != last or not wanted <= set(tokens):
            continue
        key = (count, -len(tokens), text)
        if best is None or key[:2] > best[:2]:
            best = key
    ctx.full_cache[name] = best[2] if best else name
    return ctx.full_cache[name]


def _role_before(tok_start: int, doc: Doc, lex: Lexicon) -> str | None:
    """Title words right before a name: 'US State Department spokesperson [Ned Price]'."""
    run: list[Token] = []
    i = tok_start - 1
    while i >= max(0, tok_start - 15):
        t = doc[i]
        low = t.lower_
        if t.is_space or (t.is_punct and t.text not in ("-", "&")):
            break
        if t.ent_type_ == "PERSON" and low not in lex.role_nouns:
            break
        if low in _DETERMINERS or t.pos_ in ("VERB", "AUX", "PRON", "ADV", "SCONJ", "CCONJ", "NUM"):
            break
        if t.pos_ == "ADP" and low not in lex.role_connectors:
            break
        if not (
            t.is_title
            or t.is_upper
            or low in lex.role_nouns
            or low in lex.role_connectors
            or t.ent_type_ in ("ORG", "GPE", "NORP")
            or t.pos_ == "ADJ"
        ):
            break
        run.append(t)
        i -= 1
    run.reverse()
    # drop leading words that are neither title words nor named bodies ("Earlier", "Meanwhile")
    while run and not (
        run[0].lower_ in lex.role_nouns
        or run[0].ent_type_ in ("ORG", "GPE", "NORP")
        or (run[0].is_upper and len(run[0]) > 1)
    ):
        run.pop(0)
    while run and run[-1].lower_ in lex.role_connectors:
        run.pop()
    if not any(t.lower_ in lex.role_nouns for t in run):
        return None
    return doc[run[0].i : run[-1].i + 1].text


def _appos_role(head: Token, lex: Lexicon) -> str | None:
    for child in children(head):
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            words = [t for t in child.subtree if not t.is_punct]
            if words and words[0].lower_ in _DETERMINERS:
                words = words[1:]
            if words and any(t.lower_ in lex.role_nouns for t in words):
                return head.doc[words[0].i : words[-1].i + 1].text
    return None


def _earlier_role(ctx: _Context, full: str) -> str | None:
    """Role given to the same person at another mention (earliest first)."""
    if full in ctx.role_cache:
        return ctx.role_cache[full]
    full_tokens = set(full.lower().split())
    found: str | None = None
    candidates = sorted({k for word in full_tokens for k in ctx.mentions_by_first.get(word, [])})
    for ent, name, first in (ctx.names[k] for k in candidates):
        if not name or not set(name.lower().split()) <= full_tokens:
            continue
        found = _role_before(first, ctx.doc, ctx.lex) or _appos_role(ent.root, ctx.lex)
        if found:
            break
    ctx.role_cache[full] = found
    return found


_NP_DROP = {"relcl", "acl", "appos", "advcl", "punct", "parataxis", "cc", "prep", "case"}


_AFFILIATION = {"of", "for", "at", "with", "from"}  # 'a spokesperson for the Red Cross'


def _noun_phrase(head: Token, banned: set[int], affiliation: bool = False) -> str:
    """Text of the noun phrase headed by ``head`` (without clauses and most PPs; with
    ``affiliation``, the head's own 'for'/'at'/'with'/'from' phrase is kept)."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in children(tok):
            if child.i in banned:
                continue
            of_pp = child.dep_ == "prep" and (
                child.lower_ == "of" or (affiliation and tok.i == head.i and child.lower_ in _AFFILIATION)
            )
            head_cc = child.dep_ == "cc" and tok.i == head.i
            if child.dep_ in _NP_DROP and not of_pp and not head_cc:
                continue
            keep.add(child.i)
            stack.append(child)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    span = head.doc[lo : hi + 1]
    return _strip_possessive(span.text.strip(" ,"))


def _speaker_kind(head: Token, lex: Lexicon) -> SpeakerKind:
    low = head.lower_
    lemma = head.lemma_.lower()
    if head.ent_type_ == "PERSON":
        return "person"
    if lemma in lex.documents or low in lex.documents:
        return "document"
    if head.ent_type_ in ("ORG", "GPE", "NORP") or lemma in lex.institutions or low in lex.institutions:
        return "institution"
    if head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in children(head)):
        return "group"
    return "description"


def _resolve_pronoun(ctx: _Context, tok: Token) -> Speaker | None:
    low = tok.lower_
    lex = ctx.lex
    if low in lex.person_pronouns:
        wanted: tuple[SpeakerKind, ...] = ("person", "description")
    elif low in lex.nonperson_pronouns:
        wanted = ("institution", "document")
    elif low in lex.group_pronouns:
        wanted = ("group", "institution")
    else:
        return None
    k = max(ctx.latest(ctx.by_kind.get(kind, []), tok.idx) for kind in wanted)
    if k >= 0:  # the latest earlier speaker of a kind the pronoun can stand for
        spk = ctx.history[k]
        return Speaker(spk.name, spk.kind, spk.role, tok.idx, spk.head_lemma)
    if low in lex.group_pronouns:  # no earlier group speaker: the last plural subject
        for i in range(tok.i - 1, max(-1, tok.i - 120), -1):
            cand = ctx.doc[i]
            if cand.dep_ in ("nsubj", "nsubjpass") and cand.tag_ in ("NNS", "NNPS"):
                return Speaker(_noun_phrase(cand, set()), "group", None, tok.idx, cand.lemma_.lower())
    if low in lex.person_pronouns:  # no earlier speaker: the last person named
        k = bisect.bisect_right(ctx.name_ends, tok.idx) - 1
        if k >= 0:
            ent, name, _first = ctx.names[k]
            full = _full_name(ctx, name, ent.start_char)
            return Speaker(full, "person", _earlier_role(ctx, full), tok.idx)
    return None


def _resolve(ctx: _Context, head: Token, banned: set[int]) -> Speaker | None:
    """A speaker from the head token of the phrase naming it."""
    lex = ctx.lex
    doc = ctx.doc
    low = head.lower_
    if (head.tag_ in ("WP", "WDT") or low in ("who", "which", "that")) and head.head.dep_ == "relcl":
        head = head.head.head
        low = head.lower_
    if head.pos_ == "PRON" or low in lex.person_pronouns | lex.nonperson_pronouns | lex.group_pronouns:
        if low in lex.first_person:
            return None
        return _resolve_pronoun(ctx, head)
    named = _appos_person(ctx, head)
    if named is not None:  # 'His lawyer, Grace Nwosu, said': the name, with the role it was given
        return named
    ent = _person_ent(ctx, head)
    if ent is None and head.is_title and head.ent_type_ != "DATE":
        known = ctx.known_tokens
        if low in known:  # a surname NER missed or mislabelled here but knows elsewhere
            ent = doc[head.i : head.i + 1]
            while ent.start > 0 and doc[ent.start - 1].pos_ == "PROPN" and doc[ent.start - 1].lower_ in known:
                ent = doc[ent.start - 1 : ent.end]
    if ent is not None:
        name, _, first = _clean_name(list(ent), lex)
        full = _full_name(ctx, name, ent.start_char)
        role = (
            _role_before(first, doc, lex)
            or _appos_role(head, lex)
            or _appos_role(ent.root, lex)
            or _earlier_role(ctx, full)
        )
        conj = [c for c in children(head) if c.dep_ == "conj"]
        if conj:  # "Blinken and Truss said"
            return Speaker(_noun_phrase(head, banned), "group", None, head.idx, head.lemma_.lower())
        return Speaker(full, "person", role, head.idx, head.lemma_.lower())
    kind = _speaker_kind(head, lex)
    text = _noun_phrase(
        head, banned, affiliation=kind == "description" and head.lemma_.lower() in lex.role_nouns
    )
    if not text:
        return None
    spk = Speaker(text, kind, None, head.idx, head.lemma_.lower())
    det = text.split()[0].lower()
    if kind == "description" and det in ("the", "this", "that") and head.lemma_.lower() in lex.role_nouns:
        return _resolve_definite(ctx, spk) or spk
    return spk


def _appos_person(ctx: _Context, head: Token) -> Speaker | None:
    """A role or description whose appositive names a person: the person, role from the head."""
    if head.ent_type_ == "PERSON" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in children(head):
        if child.dep_ != "appos":
            continue
        ent = _person_ent(ctx, child)
        if ent is not None:
            name, _, _first = _clean_name(list(ent), ctx.lex)
            full = _full_name(ctx, name, ent.start_char)
        elif head.lemma_.lower() in ctx.lex.role_nouns and _looks_like_name(child):
            # 'his chief of staff, Nadia Petrenko,' with the name mislabelled by NER
            first_i = min([c.i for c in children(child) if c.dep_ == "compound"] + [child.i])
            full = _full_name(ctx, head.doc[first_i : child.i + 1].text, child.idx)
        else:
            continue
        words = [t for t in head.subtree if t.i < child.i and not (t.is_punct and t.text not in "-'’")]
        while words and words[0].lower_ in _DETERMINERS:
            words = words[1:]
        role = head.doc[words[0].i : words[-1].i + 1].text.strip(" ,") if words else None
        return Speaker(full, "person", role or None, head.idx, head.lemma_.lower())
    return None


def _looks_like_name(tok: Token) -> bool:
    """A proper noun of two or more capitalised words ('Nadia Petrenko'), whatever NER called it."""
    parts = [c for c in children(tok) if c.dep_ == "compound" and c.i < tok.i] + [tok]
    return (
        tok.pos_ == "PROPN"
        and len(parts) >= 2
        and all(t.pos_ == "PROPN" and t.is_title for t in parts)
        and tok.ent_type_ not in ("GPE", "LOC", "DATE", "TIME")
    )


def _resolve_definite(ctx: _Context, spk: Speaker) -> Speaker | None:
    """'the official' -> an earlier 'a senior Biden administration official' or a named spokesperson."""
    mods = set(spk.name.lower().split()[1:])
    # the latest earlier speaker described with the same head noun or given it as a role
    descriptions = ctx.by_head.get(spk.head_lemma, [])
    titled = ctx.by_role.get(spk.head_lemma, [])
    for k in heapq.merge(reversed(descriptions), reversed(titled), reverse=True):
        prev = ctx.history[k]
        if prev.pos >= spk.pos:
            continue
        if prev.kind == "person" or mods <= set(prev.name.lower().split()):
            return Speaker(prev.name, prev.kind, prev.role, spk.pos, prev.head_lemma)
    # a person introduced with that title: 'spokesperson Ned Price'
    roles = ctx.roles_of_mentions()
    introduced = ctx.mentions_by_role.get(spk.head_lemma, [])
    k = bisect.bisect_right(introduced, spk.pos, key=lambda m: ctx.name_ends[m]) - 1
    if k >= 0:
        ent, name, _first = ctx.names[introduced[k]]
        full = _full_name(ctx, name, ent.start_char)
        return Speaker(full, "person", roles[introduced[k]], spk.pos, spk.head_lemma)
    return None


# ---------------------------------------------------------------------------
# 3. Cues
# ---------------------------------------------------------------------------


def _cue_strength(tok: Token, lex: Lexicon) -> int:
    """2 for a verb of saying, 1 for a verb of stance, 0 otherwise."""
    lemma = tok.lemma_.lower()
    if lemma not in lex.speech_verbs and lemma not in lex.stance_verbs:
        return 0
    if tok.pos_ in ("VERB", "AUX"):
        if tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl"):
            return 0  # 'the so-called', 'a report called ...'
    elif not (tok.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass") for c in children(tok))):
        return 0  # a mis-tagged verb ('the press release read') still counts when it heads a clause
    return 2 if lemma in lex.speech_verbs else 1


def _cue_text(tok: Token) -> str:
    parts = [tok.text]
    for child in children(tok):
        if child.dep_ == "prt" and child.i == tok.i + 1:
            parts.append(child.text)
    return " ".join(parts)


def _verb_subject(verb: Token, inside: set[int], depth: int = 0) -> Token | None:
    """Whoever is doing the saying: subject, inverted subject/object, or the subject up the chain."""
    for child in children(verb):
        if child.dep_ in ("nsubj", "nsubjpass") and child.i not in inside:
            return child
    for child in children(verb):
        if child.dep_ == "agent" and child.i not in inside:
            for grand in children(child):
                if grand.dep_ == "pobj":
                    return grand
    for child in children(verb):  # inverted: '..., read the press release' / '..., said Price'
        inverted = child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i
        if inverted and child.i not in inside and child.pos_ in ("NOUN", "PROPN"):
            return child
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") and verb.head.i != verb.i:
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head if verb.head.i not in inside else None
        head = verb.head
        if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_.lower() in _cue_lemmas():
            # 'Moss said the cuts were "painful" and insisted ...': coordinated with 'said'
            return _verb_subject(head.head, inside, depth + 1)
        return _verb_subject(head, inside, depth + 1)
    if depth == 0:
        return _person_before(verb, inside)
    return None


def _cue_lemmas() -> frozenset[str]:
    lex = load_lexicon()
    return lex.speech_verbs | lex.stance_verbs


_PERSON_REACH = 12  # tokens left of a subject-less verb searched for the name the parser missed


def _person_before(verb: Token, inside: set[int]) -> Token | None:
    """A name standing right before a verb the parser gave no subject: 'Grieving gran Maureen
    Pike, 72, sobbed:' (only titles, ages and commas may lie between)."""
    for i in range(verb.i - 1, max(-1, verb.i - _PERSON_REACH), -1):
        tok = verb.doc[i]
        if (
            i in inside
            or tok.is_space
            or tok.text in (".", "!", "?", ";", ":")
            or tok.pos_ in ("VERB", "AUX")
        ):
            return None
        if tok.ent_type_ == "PERSON":
            return tok
    return None


def _according_to(tok: Token, lex: Lexicon) -> Token | None:
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
    elif low in lex.prepositions:
        for child in children(tok):
            if child.dep_ in ("pobj", "dobj"):
                return child
    return None


def _verb_cue(tok: Token, inside: set[int], lex: Lexicon, strength: int) -> Attribution | None:
    if tok.i in inside or _cue_strength(tok, lex) != strength:
        return None
    return Attribution(_cue_text(tok), _verb_subject(tok, inside))


def _prep_cue(tok: Token, inside: set[int], lex: Lexicon) -> Attribution | None:
    if tok.i in inside:
        return None
    obj = _according_to(tok, lex)
    if obj is None or obj.i in inside:
        return None
    return Attribution("according to" if tok.lower_ == "according" else tok.lower_, obj)


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


_Found = tuple[str, Token | None] | None  # a cue's text and its speaker's head, as _Cues keeps them


def _found(attribution: Attribution | None) -> _Found:
    return (attribution.cue, attribution.speaker_token) if attribution is not None else None


def _attribution(found: _Found) -> Attribution | None:
    return Attribution(*found) if found is not None else None


class _Cues:
    """The cue look-ups of one ``find_quotes`` call, each worked out once per token.

    The tokens inside quotes are fixed for the call, so what a token offers as a cue is
    too. Every quote of a run-on sentence has that sentence's root among its heads, and
    the root of a long one heads thousands of words: scanning its dependents again for
    each quote made attribution quadratic. Here each token's dependents are scanned once.
    """

    def __init__(self, doc: Doc, inside: set[int], lex: Lexicon) -> None:
        self.doc = doc
        self.inside = inside
        self.lex = lex
        self._verb: dict[tuple[int, int], _Found] = {}
        self._prep: dict[int, _Found] = {}
        self._prep_child: dict[int, _Found] = {}
        self._stance: dict[int, _Found] = {}

    def verb(self, tok: Token, strength: int) -> Attribution | None:
        """``tok`` as a verb of saying (2) or of stance (1), with whoever does the saying."""
        key = (tok.i, strength)
        if key not in self._verb:
            self._verb[key] = _found(_verb_cue(tok, self.inside, self.lex, strength))
        return _attribution(self._verb[key])

    def prep(self, tok: Token) -> Attribution | None:
        """``tok`` as 'according to' (or 'citing', 'quoting') with its object."""
        if tok.i not in self._prep:
            self._prep[tok.i] = _found(_prep_cue(tok, self.inside, self.lex))
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
            if tok.i not in self.inside and _cue_strength(tok, self.lex) == 1:
                for child in children(tok):
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i not in self.inside:
                        found = Attribution(_cue_text(tok), child)
                        break
            self._stance[tok.i] = _found(found)
        return _attribution(self._stance[tok.i])


def _attribute(cues: _Cues, seg_tokens: list[Token], sent: tuple[int, int]) -> Attribution | None:
    """The cue attributing a quote, in order of trust: a verb of saying above the quote, a
    quoted predicate with its subject outside, a verb of saying elsewhere in the sentence,
    a stance verb or 'according to' above the quote, then anywhere in the sentence.

    The work per quote is bounded: the quote's own words, 15 heads above each of its
    roots, a window of ``_WINDOW`` tokens either side, and look-ups ``cues`` answers once
    per token."""
    doc, inside = cues.doc, cues.inside
    quoted = {t.i for t in seg_tokens}
    roots = [t for t in seg_tokens if t.head.i not in quoted or t.head.i == t.i]
    above = _ancestors(roots, quoted)
    if above:
        # 'the leaders agreed that their teams would "remain in close contact"': the stance verb
        # right above the quote, with a subject of its own, outranks a verb of saying elsewhere
        found = cues.stance(above[0])
        if found is not None:
            return found
    for tok in above:
        found = cues.verb(tok, 2)
        if found is not None:
            return found
    # a quoted predicate whose subject is outside: Blinken "underscored the commitment"
    for root in roots:
        if root.tag_ in ("VBD", "VBZ", "VBP") and root.i in quoted:
            for child in children(root):
                if child.dep_ in ("nsubj", "nsubjpass") and child.i not in inside and child.i < root.i:
                    return Attribution(root.text, child)
    q_start = seg_tokens[0].idx if seg_tokens else doc[sent[0]].idx
    lo, hi = sent
    if seg_tokens:  # a window around the quote keeps a run-on 'sentence' from costing quadratic time
        lo, hi = max(lo, seg_tokens[0].i - _WINDOW), min(hi, seg_tokens[-1].i + _WINDOW)
    frame = [doc[i] for i in range(lo, hi) if i not in inside and not doc[i].is_space]
    frame.sort(key=lambda t: abs(t.idx - q_start))
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
        found = cues.verb(tok, 1)
        if found is not None and found.speaker_token is not None:
            return found
    return None


# ---------------------------------------------------------------------------
# 4. Sentences around quotes
# ---------------------------------------------------------------------------


def _outer_sentences(
    doc: Doc, text: str, paras: list[tuple[int, int]], inside: set[int], closing: set[int]
) -> list[tuple[int, int]]:
    """Sentences of the article, not split inside quotes nor after '...,"'."""
    para_starts = [p[0] for p in paras]
    sents: list[tuple[int, int]] = []
    start = 0
    prev_para = -1
    prev_real: Token | None = None
    for tok in doc:
        para = bisect.bisect_right(para_starts, tok.idx) - 1
        boundary = False
        if tok.is_space and "\n\n" in tok.text:
            continue
        if para != prev_para:
            boundary = True
        elif tok.is_sent_start and tok.i not in inside and tok.idx not in closing:
            boundary = True
            if prev_real is not None and prev_real.idx in closing:
                before = text[prev_real.idx - 1] if prev_real.idx > 0 else ""
                if before in ",:;" or tok.text[:1].islower():
                    boundary = False
            if prev_real is not None and prev_real.text in (",", ":", ";"):
                boundary = False
        if boundary and tok.i > start:
            sents.append((start, tok.i))
            start = tok.i
        elif boundary:
            start = tok.i
        prev_para = para
        if not tok.is_space:
            prev_real = tok
    if start < len(doc):
        sents.append((start, len(doc)))
    return sents


def _sentence_text(doc: Doc, text: str, sent: tuple[int, int], seg: Segment) -> str:
    """The sentence around a quote; a run-on one is cut to a window around the quote."""
    if sent[1] <= sent[0]:
        return ""
    lo = doc[sent[0]].idx
    last = doc[sent[1] - 1]
    hi = last.idx + len(last.text)
    if hi - lo > _MAX_SENTENCE:
        lo = max(lo, seg.open_mark - _MAX_SENTENCE // 2)
        hi = min(hi, seg.end + _MAX_SENTENCE // 2)
    return text[lo:hi].strip()


# ---------------------------------------------------------------------------
# 5. Kinds
# ---------------------------------------------------------------------------


def _is_clause(text: str, seg_tokens: list[Token]) -> bool:
    """The quoted words make a sentence or clause of their own."""
    words = text.split()
    if len(words) < 3:
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in seg_tokens)
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in seg_tokens)
    if has_verb and has_subject:
        return True
    return text[-1] in _TERMINAL and text[0].isupper() and has_verb


def _looks_like_title(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)]
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and len(words) <= 8 and all(w[0].isupper() for w in content)


def _scare_marked(doc_text: str, seg: Segment, lex: Lexicon) -> bool:
    before = doc_text[max(0, seg.open_mark - 25) : seg.open_mark].lower().rstrip()
    return any(before.endswith(m) for m in lex.scare_markers)


def _decide_kind(
    doc_text: str, item: _Item, seg_tokens: list[Token], is_heading: bool, lex: Lexicon
) -> QuoteKind:
    seg = item.segment
    text = doc_text[seg.start : seg.end]
    n_words = len(text.split())
    if _scare_marked(doc_text, seg, lex) and n_words <= 6:
        return "scare"
    clause = _is_clause(text, seg_tokens)
    if item.speaker is None and item.attribution is None:
        if clause and not is_heading and n_words >= 4:
            return "direct"
        return "scare"
    if n_words == 1:
        return "scare"
    if clause and n_words >= 3:
        return "direct"
    if _looks_like_title(text) and n_words <= 4:
        return "scare"
    return "partial"


# ---------------------------------------------------------------------------
# 6. Putting it together
# ---------------------------------------------------------------------------


def _token_index(doc: Doc) -> list[int]:
    return [t.idx for t in doc]


def _tokens_between(doc: Doc, starts: list[int], lo: int, hi: int) -> list[Token]:
    a = bisect.bisect_left(starts, lo)
    if a > 0 and doc[a - 1].idx + len(doc[a - 1].text) > lo:
        a -= 1
    b = bisect.bisect_left(starts, hi)
    return [doc[i] for i in range(a, b) if not doc[i].is_space]


def _all_cue_events(doc: Doc, inside: set[int], lex: Lexicon) -> list[tuple[int, Token]]:
    """Every cue verb with a subject outside quotes: the speakers a later pronoun may mean."""
    events: list[tuple[int, Token]] = []
    for tok in doc:
        if tok.i in inside:
            continue
        if _cue_strength(tok, lex) == 0:
            source = _according_to(tok, lex) if tok.lower_ == "according" else None
            if source is not None and source.i not in inside:  # 'according to a senior official'
                events.append((source.idx, source))
            continue
        subj = _verb_subject(tok, inside)
        if subj is not None:
            events.append((subj.idx, subj))
    return events


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker, role, cue, kind and sentence."""
    lex = load_lexicon()
    text = doc_text(doc)
    segments = find_segments(text)
    if not segments:
        return []
    paras = paragraph_spans(text)
    para_starts = [p[0] for p in paras]
    starts = _token_index(doc)
    ctx = _Context.build(doc, lex)

    # tokens inside quotes (words and marks) and the positions of closing marks
    inside: set[int] = set()
    closing: set[int] = set()
    seg_tokens: list[list[Token]] = []
    for seg in segments:
        toks = _tokens_between(doc, starts, seg.start, seg.end)
        seg_tokens.append(toks)
        inside.update(t.i for t in toks)
        if seg.close_mark is not None:
            closing.add(seg.close_mark)
    mark_tokens: set[int] = set()
    for seg in segments:
        for pos in (seg.open_mark, seg.close_mark):
            if pos is None:
                continue
            k = bisect.bisect_right(starts, pos) - 1
            if k >= 0:
                mark_tokens.add(k)
    inside_or_mark = inside | mark_tokens

    sents = _outer_sentences(doc, text, paras, inside, closing)
    sent_starts = [s[0] for s in sents]

    cues = _Cues(doc, inside_or_mark, lex)
    # next_word[i]: the first token from i on that is a word outside the quotes (len(doc) if none)
    next_word = [len(doc)] * (len(doc) + 1)
    for t in reversed(doc):
        quiet = t.i in inside_or_mark or t.is_punct or t.is_space
        next_word[t.i] = next_word[t.i + 1] if quiet else t.i

    items: list[_Item] = []
    for seg, toks in zip(segments, seg_tokens, strict=True):
        first = toks[0].i if toks else bisect.bisect_right(starts, seg.start) - 1
        s_index = max(0, bisect.bisect_right(sent_starts, first) - 1)
        sent = sents[s_index]
        item = _Item(seg, sent)
        item.attribution = _attribute(cues, toks, sent) if toks else None
        if item.attribution is None and s_index + 1 < len(sents):
            # '"...." Price said.' split off as a short sentence of its own
            nxt = sents[s_index + 1]
            quote_ends_sentence = next_word[toks[-1].i + 1 if toks else sent[1]] >= sent[1]
            same_para = bisect.bisect_right(para_starts, doc[nxt[0]].idx) - 1 == seg.para
            short = nxt[1] - nxt[0] <= 10
            if short and quote_ends_sentence and same_para and not any(i in inside for i in range(*nxt)):
                item.attribution = _attribute(cues, [], nxt)
                if item.attribution is not None:
                    item.sentence = (sent[0], nxt[1])
        items.append(item)

    # resolve speakers in text order, keeping the history pronouns refer back to
    events: list[tuple[int, int, Token | None, _Item | None]] = []
    for pos, subj in _all_cue_events(doc, inside_or_mark, lex):
        events.append((pos, 1, subj, None))
    for item in items:
        tok = item.attribution.speaker_token if item.attribution else None
        pos = tok.idx if tok is not None else item.segment.start
        events.append((pos, 0, tok, item))
    events.sort(key=lambda e: (e[0], e[1]))
    resolved: dict[int, Speaker | None] = {}
    for _pos, _, tok, maybe_item in events:
        if tok is None:
            continue
        if tok.i in resolved:
            spk = resolved[tok.i]
        else:
            spk = _resolve(ctx, tok, inside_or_mark)
            resolved[tok.i] = spk
            if spk is not None:
                ctx.remember(spk)
        if maybe_item is not None:
            maybe_item.speaker = spk

    _share_within_groups(items)
    _colon_speakers(ctx, items, paras, starts, inside_or_mark)
    _bare_quotes(ctx, items, paras)
    _share_within_groups(items)  # a continued quotation whose first paragraph just got its speaker

    quotes: list[Quote] = []
    headings: dict[int, bool] = {}  # per paragraph, not per quote: a paragraph may hold thousands
    for item, toks in zip(items, seg_tokens, strict=True):
        seg = item.segment
        if seg.para not in headings:
            p_lo, p_hi = paras[seg.para]
            para_text = text[p_lo:p_hi].rstrip()
            ends_open = para_text[-1:] not in tuple(_TERMINAL + "”\"’'")
            headings[seg.para] = bool(para_text) and ends_open and len(para_text.split()) < 25
        item.kind = _decide_kind(text, item, toks, headings[seg.para], lex)
        spk = item.speaker
        quotes.append(
            Quote(
                text=text[seg.start : seg.end],
                start=seg.start,
                end=seg.end,
                speaker=spk.name if spk else None,
                speaker_role=spk.role if spk else None,
                cue=(item.attribution.cue or None) if item.attribution else None,
                kind=item.kind,
                sentence=_sentence_text(doc, text, item.sentence, seg),
            )
        )
    return quotes


def _share_within_groups(items: list[_Item]) -> None:
    """Segments of one quotation (split by paragraphs) share the speaker found for any of them."""
    by_group: dict[int, list[_Item]] = {}
    for item in items:
        by_group.setdefault(item.segment.group, []).append(item)
    for members in by_group.values():
        if len(members) < 2:
            continue
        source = next((m for m in members if m.speaker is not None), None)
        if source is None:
            continue
        for m in members:
            if m.speaker is None:
                m.speaker = source.speaker
                m.attribution = m.attribution or source.attribution


def _bare_quotes(ctx: _Context, items: list[_Item], paras: list[tuple[int, int]]) -> None:
    """A whole quoted sentence with no cue: the speaker of the quote or cue just before it."""
    text = ctx.text
    latest = _LatestIn([spk.pos for spk in ctx.history])
    last = -1  # the last item so far with a speaker (items are in text order)
    for index, item in enumerate(items):
        if item.speaker is not None or item.attribution is not None:
            last = index if item.speaker is not None else last
            continue
        seg = item.segment
        quoted = text[seg.start : seg.end]
        words = quoted.split()
        # a short one counts when it is a whole sentence right after a quote of the same paragraph:
        # '"We tried three times," the governor said. "We are holding."'
        short_ok = (
            len(words) >= 2
            and quoted[:1].isupper()
            and quoted[-1:] in _TERMINAL
            and index > 0
            and items[index - 1].segment.para == seg.para
            and items[index - 1].speaker is not None
        )
        if len(words) < 4 and not short_ok:
            continue
        prev: Speaker | None = None
        if last >= 0 and seg.para - items[last].segment.para <= 1:  # in this paragraph or the one before
            prev = items[last].speaker
        if prev is None:
            k = latest.find(paras[max(0, seg.para - 1)][0], seg.open_mark)
            prev = ctx.history[k] if k is not None else None
        if prev is not None:
            item.speaker = prev
            item.attribution = Attribution("", None)
            last = index


class _LatestIn:
    """The latest-added of some positions that lies in a range: a sparse table of maxima over
    the positions in sorted order, so that each question costs O(1) however many there are."""

    def __init__(self, positions: list[int]) -> None:
        self.order = sorted(range(len(positions)), key=lambda i: positions[i])
        self.sorted = [positions[i] for i in self.order]
        self.table = [self.order]
        width = 1
        while 2 * width <= len(self.order):
            row = self.table[-1]
            self.table.append([max(row[i], row[i + width]) for i in range(len(row) - width)])
            width *= 2

    def find(self, lo: int, hi: int) -> int | None:
        """The largest index ``i`` with ``lo <= positions[i] < hi``, or None."""
        a = bisect.bisect_left(self.sorted, lo)
        b = bisect.bisect_left(self.sorted, hi)
        if a >= b:
            return None
        level = (b - a).bit_length() - 1
        row = self.table[level]
        return max(row[a], row[b - (1 << level)])


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


def _colon_speakers(
    ctx: _Context, items: list[_Item], paras: list[tuple[int, int]], starts: list[int], banned: set[int]
) -> None:
    """Headline and caption style with no verb of saying: 'Minister: "No more delays"' (the
    speaker before the colon) and "'We will not be intimidated': Estonian PM defies threats"
    (the subject of the clause after the colon)."""
    text = ctx.text
    doc = ctx.doc
    for item in items:
        if item.speaker is not None or item.attribution is not None:
            continue
        seg = item.segment
        p_lo, p_hi = paras[seg.para]
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
            toks = _tokens_between(doc, starts, p_lo, lead_end - 1)
            nouns: list[Token] = []
            for t in toks:  # the first run of nouns: 'Zelenko', 'Grid chief Viktor Zelenko', 'Minister'
                if t.pos_ in ("PROPN", "NOUN"):
                    nouns.append(t)
                elif nouns:
                    break
            head = nouns[-1] if nouns else None
        elif seg.close_mark is not None and not lead and text[seg.close_mark + 1 : seg.close_mark + 2] == ":":
            toks = _tokens_between(doc, starts, seg.close_mark + 2, p_hi)
            head = next(
                (
                    t
                    for t in toks
                    if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.i not in banned
                ),
                None,
            )
        if head is None or head.pos_ == "PRON":
            continue
        spk = _resolve(ctx, head, banned)
        if spk is not None:
            item.speaker = spk
            item.attribution = Attribution(":", head)


# ---------------------------------------------------------------------------
# 7. When it was said
# ---------------------------------------------------------------------------

_CUE_REACH = 32  # characters between a cue and the date of saying: 'said in a statement on Monday'
_DAY_VALUE = re.compile(r"\d{4}-\d{2}(-\d{2})?(T.*)?$")


def date_quotes(quotes: list[Quote], timexes: list[Timex], text: str) -> list[Quote]:
    """Give each quote the date the article says it was said: a resolved date or time
    expression of the quote's own sentence, outside every quotation, standing next to the
    cue ('Price said on Thursday', 'on Monday, the ministry said', 'said in a statement
    on Monday'). A date inside the quoted words is what the speaker talks about, not when
    they spoke, and a quote with no cue gets no date."""
    quoted = sorted((q.start, q.end) for q in quotes)
    for q in quotes:
        if not q.cue or q.cue == ":" or not q.sentence:
            continue
        s_lo = text.find(q.sentence, max(0, q.start - len(q.sentence)))
        if s_lo < 0 or not s_lo <= q.start <= s_lo + len(q.sentence):
            continue
        s_hi = s_lo + len(q.sentence)
        cue_at = _cue_positions(text, s_lo, s_hi, q.cue.split()[0], quoted)
        best: tuple[int, Timex] | None = None
        for t in timexes:
            if t.start < s_lo or t.end > s_hi or not t.resolved or t.type not in ("DATE", "TIME"):
                continue
            if not _DAY_VALUE.match(t.value) or any(a - 1 <= t.start and t.end <= b + 1 for a, b in quoted):
                continue
            for c_lo, c_hi in cue_at:
                gap = t.start - c_hi if t.start >= c_hi else c_lo - t.end
                if (
                    0 <= gap <= _CUE_REACH
                    and _same_clause(text, t, c_lo, c_hi)
                    and (best is None or gap < best[0])
                ):
                    best = (gap, t)
        q.date = best[1].value if best else None
    return quotes


def _cue_positions(
    text: str, lo: int, hi: int, cue: str, quoted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"\b" + re.escape(cue) + r"\b", text[lo:hi], flags=re.IGNORECASE):
        a, b = lo + m.start(), lo + m.end()
        if not any(x <= a < y for x, y in quoted):
            out.append((a, b))
    return out


def _same_clause(text: str, t: Timex, c_lo: int, c_hi: int) -> bool:
    """No quotation mark, sentence end or start of a reported clause between the date and
    the cue ('said that talks would resume next week' is not dated next week)."""
    between = text[t.end : c_lo] if t.end <= c_lo else text[c_hi : t.start]
    if any(ch in _ALL_MARKS or ch in ".;!?" for ch in between):
        return False
    return not (set(re.findall(r"[a-z]+", between.lower())) & _CLAUSE_WORDS)


_CLAUSE_WORDS = {
    "that",
    "would",
    "will",
    "could",
    "should",
    "might",
    "may",
    "can",
    "must",
    "to",
    "was",
    "were",
    "is",
    "are",
    "has",
    "had",
    "have",
    "be",
    "been",
    "if",
    "when",
    "because",
    "after",
    "before",
    "until",
    "since",
    "by",
    "planned",
    "expected",
}
