"""Speakers: who said each quote.

``assign_speakers`` is the one place that decides it, in passes whose order is the rule
(see its docstring); each speaker phrase is resolved to a ``Speaker`` by the
``SpeakerResolver`` (``resolver``), the way a reader would.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from briefing.analysis.doccache import children, doc_text
from briefing.analysis.quotes.cues import Attribution, colon_speaker
from briefing.analysis.quotes.marks import BAR, DASHES, Segment
from briefing.analysis.quotes.resolver import Speaker, SpeakerResolver
from briefing.analysis.quotes.sentences import TERMINAL, tokens_between
from briefing.records import QuoteKind


@dataclass
class Candidate:
    """A quoted segment on its way to a ``Quote``: its sentence, cue, speaker and kind."""

    segment: Segment
    sentence: tuple[int, int]  # token range of the outer sentence
    attribution: Attribution | None = None
    speaker: Speaker | None = None
    kind: QuoteKind = "direct"
    nobody: bool = False  # its cue's subject names nobody ('the rain said'): a bare quote's speaker may do
    source: str = ""  # the pass that gave the speaker: cue, shared, colon, signed or bare


def assign_speakers(
    candidates: list[Candidate],
    resolver: SpeakerResolver,
    cue_subjects: list[tuple[int, Token]],
    text: str,
    paras: list[tuple[int, int]],
    starts: list[int],
    banned: set[int],
) -> None:
    """Who said each quote (``candidates``, in text order). The passes run in this order,
    and no pass replaces a speaker that an earlier one found:

    1. The speaker phrase of each quote's cue is resolved, in text order together with the
       subjects of all other cues outside quotes (``cue_subjects``), so that a pronoun or
       'the official' can refer back to any of them. A phrase that names nobody (a
       first-person pronoun) leaves the quote with its cue and no speaker.
    2. A quotation continued across paragraphs: each part with no speaker takes the
       speaker (and, lacking a cue of its own, the cue) of the first part that has one,
       even a part whose own cue named nobody in pass 1.
    3. A quote with neither cue nor speaker gets the speaker a colon names, headline style.
    3b. A quote signed on its line after a dash ('"We need order." ― Jane Roe') gets the
       name that signs it.
    4. A quote with neither cue nor speaker that is a whole sentence, or one whose cue's
       subject names nobody ('the rain said'), gets the speaker of the quote or cue just
       before it.
    4b. A quote of three words or more with neither cue nor speaker inside a sentence whose
       subject is a person named before it ('Cruz blamed the law on "knuckleheaded Democratic
       politicians."') gets that person.
    5. Pass 2 again: a continued quotation whose first part got its speaker in pass 3 or 4.

    ``banned``: the tokens inside quotes and their marks, never part of a speaker phrase.
    """
    _cue_speakers(candidates, resolver, cue_subjects, banned)
    _transcript_speakers(candidates, resolver, text)
    _share_within_groups(candidates)
    _colon_speakers(candidates, resolver, text, paras, starts, banned)
    _signed_quotes(candidates, resolver, text, starts, banned)
    _bare_quotes(candidates, resolver, text, paras)
    _subject_quotes(candidates, resolver, banned)
    _share_within_groups(candidates)


def _cue_speakers(
    candidates: list[Candidate],
    resolver: SpeakerResolver,
    cue_subjects: list[tuple[int, Token]],
    banned: set[int],
) -> None:
    """Pass 1: resolve speakers in text order, keeping the history pronouns refer back to."""
    events: list[tuple[int, int, Token | None, Candidate | None]] = []
    for pos, subj in cue_subjects:
        events.append((pos, 1, subj, None))
    for item in candidates:
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
            spk = resolver.resolve(tok, banned)
            resolved[tok.i] = spk
            if spk is not None:
                resolver.history.remember(spk, quoted=maybe_item is not None)
        if maybe_item is not None:
            maybe_item.speaker = spk
            maybe_item.source = "cue"
            maybe_item.nobody = spk is None and tok.lower_ not in resolver.mentions.words.first_person


# a transcript's speaker label opening a quote: 'PENCE: Well, look, ...', 'Wallace: Do you ...'
_LABEL = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}):\s")


def _transcript_speakers(candidates: list[Candidate], resolver: SpeakerResolver, text: str) -> None:
    """Pass 1b: a transcript ('"PENCE: Well, the question ...' / '"WALLACE: Do you ...'): a quote
    with no speaker that opens with a label in capitals, or naming a person the article names, is
    that person's, and so are the paragraphs of the same quotation after it up to the next label."""
    mentions, words = resolver.mentions, resolver.mentions.words
    current: dict[int, Speaker | None] = {}  # per quotation (group): the speaker of the last label
    for item in candidates:
        seg = item.segment
        m = _LABEL.match(text, seg.start, seg.end)
        label = m.group(1) if m is not None else ""
        known = label.split()[-1].lower() in mentions.known_tokens if label else False
        if label and (label.isupper() or known) and label.lower() not in words.not_labels and len(label) > 2:
            name = " ".join(w.capitalize() if w.isupper() else w for w in label.split())
            full = mentions.full_name(name)
            current[seg.group] = Speaker(full, "person", mentions.earlier_role(full), seg.start)
        elif seg.group not in current:
            continue
        if item.speaker is not None or (item.attribution is not None and not item.nobody):
            continue
        item.speaker = current[seg.group]
        item.source = "transcript"
        item.attribution = Attribution(":", None)
        item.nobody = False


def _share_within_groups(candidates: list[Candidate]) -> None:
    """Passes 2 and 5: segments of one quotation (split by paragraphs) share the speaker
    found for any of them."""
    by_group: dict[int, list[Candidate]] = {}
    for item in candidates:
        by_group.setdefault(item.segment.group, []).append(item)
    for members in by_group.values():
        if len(members) < 2:
            continue
        source = next((m for m in members if m.speaker is not None), None)
        if source is None:
            continue
        for m in members:
            if m.speaker is None and m.source != "transcript":
                m.speaker = source.speaker
                m.source = "shared"
                m.attribution = m.attribution or source.attribution


def _colon_speakers(
    candidates: list[Candidate],
    resolver: SpeakerResolver,
    text: str,
    paras: list[tuple[int, int]],
    starts: list[int],
    banned: set[int],
) -> None:
    """Pass 3: 'Minister: "No more delays"' (see ``cues.colon_speaker``)."""
    doc = resolver.mentions.doc
    for item in candidates:
        if item.speaker is not None or item.attribution is not None:
            continue
        seg = item.segment
        head = colon_speaker(doc, text, seg, paras[seg.para], starts, banned)
        if head is None:
            continue
        spk = resolver.resolve(head, banned)
        if spk is not None:
            item.speaker = spk
            item.source = "colon"
            item.attribution = Attribution(":", head)


# the dash, the name, then the end of the line or the next quotation's opening mark (lines of
# signed quotes joined into one paragraph: '"..." ― Jane Roe "..." ― John Doe'); a hyphen may
# join the parts of the name, the other dashes end it
_SIGNATURE = re.compile(
    rf"[^\S\n]*[{re.escape(BAR + DASHES)}][^\S\n]*"
    rf"([A-Z][^\n{re.escape(BAR + DASHES.replace('-', ''))}“”\"«»]{{0,80}}?)"
    r"[^\S\n.]*\.?[^\S\n]*(?:\n|$|(?=[“\"«]))"
)


def _signed_quotes(
    candidates: list[Candidate], resolver: SpeakerResolver, text: str, starts: list[int], banned: set[int]
) -> None:
    """Pass 3b: '"We need order." ― Jane Roe, a teacher': the name after the dash that ends the line."""
    doc = resolver.mentions.doc
    for item in candidates:
        seg = item.segment
        if item.speaker is not None or seg.close_mark is None:
            continue
        if item.attribution is not None and not item.nobody:
            continue
        m = _SIGNATURE.match(text, seg.close_mark + 1)
        if m is None:
            continue
        name = m.group(1).split(",")[0].rstrip(" .")
        toks = [t for t in tokens_between(doc, starts, m.start(1), m.start(1) + len(name)) if t.is_alpha]
        if not toks or not toks[0].text[:1].isupper():
            continue
        spk = resolver.resolve(toks[-1], banned)
        if spk is not None:
            item.speaker = spk
            item.source = "signed"
            item.attribution = Attribution("", toks[-1])
            item.nobody = False


def _bare_quotes(
    candidates: list[Candidate], resolver: SpeakerResolver, text: str, paras: list[tuple[int, int]]
) -> None:
    """Pass 4: a whole quoted sentence with no cue: the speaker of the quote or cue just before
    it, or the person named as a sentence's subject after that ('Clinton restricted comments to
    ... "If any bank can't be managed effectively, it should be broken up."')."""
    history, mentions = resolver.history, resolver.mentions
    latest = _LatestIn([spk.pos for spk in history.speakers])
    last = -1  # the last item so far with a speaker (candidates are in text order)
    for index, item in enumerate(candidates):
        if item.speaker is not None or (item.attribution is not None and not item.nobody):
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
            and quoted[-1:] in TERMINAL
            and index > 0
            and candidates[index - 1].segment.para == seg.para
            and candidates[index - 1].speaker is not None
        )
        if len(words) < 4 and not short_ok and not item.nobody:
            continue
        prev: Speaker | None = None
        since = paras[max(0, seg.para - 1)][0]  # in this paragraph or the one before
        prev_at = -1
        if last >= 0 and seg.para - candidates[last].segment.para <= 1:
            prev = candidates[last].speaker
            prev_at = candidates[last].segment.end
        if prev is None:
            k = latest.find(since, seg.open_mark)
            prev = history.speakers[k] if k is not None else None
            prev_at = prev.pos if prev is not None else -1
        subject = mentions.last_subject(seg.open_mark, quoted=resolver.quoted)
        if subject is not None and subject[0] > max(prev_at, since):
            full = subject[1]
            prev = Speaker(full, "person", mentions.earlier_role(full), subject[0])
        if prev is not None:
            item.speaker = prev
            item.source = "bare"
            item.attribution = item.attribution or Attribution("", None)
            last = index


_SUBJECT_QUOTE_WORDS = 3


def _subject_quotes(candidates: list[Candidate], resolver: SpeakerResolver, banned: set[int]) -> None:
    """Pass 4b: the named person who is the subject of the sentence a cue-less quote stands in."""
    doc = resolver.mentions.doc
    text = doc_text(doc)
    roots: dict[tuple[int, int], Token | None] = {}  # each sentence's first root outside quotes, once
    for item in candidates:
        seg = item.segment
        if item.speaker is not None or item.attribution is not None:
            continue
        if len(text[seg.start : seg.end].split()) < _SUBJECT_QUOTE_WORDS:
            continue
        lo, hi = item.sentence
        if item.sentence not in roots:
            roots[item.sentence] = next(
                (doc[i] for i in range(lo, hi) if doc[i].dep_ == "ROOT" and i not in banned), None
            )
        root = roots[item.sentence]
        if root is None:
            continue
        subject = next((c for c in children(root) if c.dep_ == "nsubj" and c.i not in banned), None)
        if subject is None and any(c.dep_ == "acl" and c.pos_ == "VERB" for c in children(root)):
            # 'Aaron Kall, the director of ..., compared Trump to ...' parsed with the name as
            # the root and its verb as a clause of it
            subject = root
        if subject is None or subject.ent_type_ != "PERSON" or subject.idx >= seg.open_mark:
            continue
        spk = resolver.resolve(subject, banned)
        if spk is not None and spk.kind == "person":
            item.speaker = spk
            item.source = "subject"
            item.attribution = Attribution("", subject)


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
