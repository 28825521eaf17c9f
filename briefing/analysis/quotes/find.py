"""``find_quotes``: the steps from a parsed article to its quotes, in order.

    marks     the quoted segments of each paragraph (``find_segments``)
    cues      each segment's cue, in the sentence around it (``attribute``)
    speakers  who said it (``assign_speakers``: the one place, in ordered passes)
    kinds     speech or scare quote (``decide_kind``)

The work is linear in the size of the text: quote marks are found in one pass over each
paragraph; attribution looks at a window of the sentence around a quote and the
dependency heads above its words, with what each token offers as a cue worked out once
per article; earlier speakers and name mentions are reached through indexes, never read
one by one for each quote (``benchmarks/adversarial.py`` measures the growth on hostile
text).
"""

from __future__ import annotations

import bisect

from spacy.attrs import IS_PUNCT
from spacy.tokens import Doc, Token

from briefing.analysis.doccache import children, doc_text, token_table
from briefing.analysis.quotes.cues import Attribution, Cues, attribute, cue_subjects
from briefing.analysis.quotes.kinds import decide_kind, is_heading
from briefing.analysis.quotes.marks import DASHES, Segment, dateline_spans, find_segments, paragraph_spans
from briefing.analysis.quotes.names import PersonMentions
from briefing.analysis.quotes.plausible import speaking_word
from briefing.analysis.quotes.ranker import Option, Ranker, load_ranker, rerank
from briefing.analysis.quotes.resolver import SpeakerResolver
from briefing.analysis.quotes.sentences import outer_sentences, sentence_text, token_index, tokens_between
from briefing.analysis.quotes.speakers import Candidate, assign_speakers
from briefing.analysis.quotes.transcript import Turn, transcript_turns
from briefing.analysis.quotes.words import QuoteWords, load_quote_words
from briefing.records import Quote


def find_quotes(
    doc: Doc, ranker: Ranker | None = None, record: list[tuple[Candidate, list[Option]]] | None = None
) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker, role, cue, kind and sentence.

    ``ranker``: the weights that take a second look at each speaker (``ranker``; by default
    those of the data file); ``record`` collects each quote's options for training."""
    words = load_quote_words()
    text = doc_text(doc)
    paras = paragraph_spans(text)
    # an interview's answers are quotes; marks inside an answer are its speaker quoting others
    turns = transcript_turns(doc, text, paras, words) if len(paras) > 1 else []
    segments = [s for s in find_segments(text) if not any(t.start <= s.start < t.end for t in turns)]
    if not segments:
        return _turn_quotes(text, turns)
    para_starts = [p[0] for p in paras]
    starts = token_index(doc)
    for seg in segments:
        _cut_dash_tail(doc, starts, seg, text, words.speech_verbs)
    resolver = SpeakerResolver(PersonMentions.of(doc, words))

    # tokens inside quotes (words and marks) and the positions of closing marks
    inside: set[int] = set()
    closing: set[int] = set()
    seg_tokens: list[list[Token]] = []
    for seg in segments:
        toks = tokens_between(doc, starts, seg.start, seg.end)
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
    # tokens no speaker is taken from: those and any paragraph's dateline ('LONDON (Reuters) –')
    not_speaker = inside_or_mark | {
        t.i for lo, hi in dateline_spans(text, paras) for t in tokens_between(doc, starts, lo, hi)
    }

    resolver.quoted = inside
    sents = outer_sentences(doc, text, paras, inside, closing)
    sent_starts = [s[0] for s in sents]

    cues = Cues(doc, not_speaker, words)
    # next_word[i]: the first token from i on that is a word outside the quotes (len(doc) if none)
    next_word = [len(doc)] * (len(doc) + 1)
    punct, space = doc.to_array(IS_PUNCT).tolist(), token_table(doc).space
    for i in range(len(doc) - 1, -1, -1):
        quiet = i in inside_or_mark or punct[i] or space[i]
        next_word[i] = next_word[i + 1] if quiet else i

    candidates: list[Candidate] = []
    for seg, toks in zip(segments, seg_tokens, strict=True):
        first = toks[0].i if toks else bisect.bisect_right(starts, seg.start) - 1
        s_index = max(0, bisect.bisect_right(sent_starts, first) - 1)
        sent = sents[s_index]
        item = Candidate(seg, sent)
        since = _dash_at(seg, text, starts)
        item.attribution = _after_dash(cues, seg, text, starts) if since else None
        if item.attribution is None:
            item.attribution = attribute(cues, toks, sent, since) if toks else None
        if item.attribution is None and s_index + 1 < len(sents):
            # '"...." Price said.' split off as a short sentence of its own
            nxt = sents[s_index + 1]
            quote_ends_sentence = next_word[toks[-1].i + 1 if toks else sent[1]] >= sent[1]
            same_para = bisect.bisect_right(para_starts, doc[nxt[0]].idx) - 1 == seg.para
            short = nxt[1] - nxt[0] <= 10
            if quote_ends_sentence and same_para:
                # (a quotation inside a sentence that opens with the speaker is a title or a term:
                # '"...?" Clinton remarked, alluding to the actor's turn in "The Revenant."')
                clean = not any(i in inside for i in range(*nxt))
                found = attribute(cues, [], nxt)
                if found is not None and ((short and clean) or _opens_with_speaker(found, nxt, words)):
                    item.attribution = found
                    item.sentence = (sent[0], nxt[1])
        candidates.append(item)

    subjects = cue_subjects(doc, not_speaker, words)
    assign_speakers(candidates, resolver, subjects, text, paras, starts, not_speaker)
    rerank(candidates, resolver, paras, not_speaker, ranker or load_ranker(), record)

    quotes: list[Quote] = []
    headings: dict[int, bool] = {}  # per paragraph, not per quote: a paragraph may hold thousands
    for item, toks in zip(candidates, seg_tokens, strict=True):
        seg = item.segment
        if seg.para not in headings:
            p_lo, p_hi = paras[seg.para]
            headings[seg.para] = is_heading(text[p_lo:p_hi])
        attributed = item.speaker is not None or item.attribution is not None
        item.kind = decide_kind(text, seg, toks, attributed, headings[seg.para], words)
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
                sentence=sentence_text(doc, text, item.sentence, seg),
            )
        )
    return sorted(quotes + _turn_quotes(text, turns), key=lambda q: q.start) if turns else quotes


def _turn_quotes(text: str, turns: list[Turn]) -> list[Quote]:
    """A transcript's answers as quotes (``transcript``)."""
    return [
        Quote(text[t.start : t.end], t.start, t.end, t.speaker, t.role, sentence=text[t.start : t.end])
        for t in turns
    ]


def _opens_with_speaker(found: Attribution, sent: tuple[int, int], words: QuoteWords) -> bool:
    """A longer sentence after a quote that opens with the speaker of its verb of saying, the
    verb reporting nothing else ('"You think I'm going to change?" Trump asked reporters during
    a news conference late last month.', '"..." Miller, a retired worker, said into the phone.')."""
    spk = found.speaker_token
    if spk is None or spk.left_edge.i != sent[0] or spk.dep_ != "nsubj":
        return False
    for child in children(spk.head):  # the verb reports nothing of its own; it may have an addressee
        if child.dep_ in ("ccomp", "xcomp") or (child.dep_ == "dobj" and not _addressee(child, words)):
            return False
    return True


def _addressee(tok: Token, words: QuoteWords) -> bool:
    """The object of a verb of saying that is whom the words were said to ('asked reporters',
    'told CNN'), not what was said ('announced a round of sanctions', 'reported the capture')."""
    if tok.pos_ == "PRON" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    low = tok.lemma_.lower()
    return low not in words.documents and speaking_word(low, words)


def _dash_at(seg: Segment, text: str, starts: list[int]) -> int:
    """The token of the dash that opens a quote ('... calling them "hysteria".- We need war -
    commented Maria Zakharova'): its cue is found from there on, the words before it being
    another sentence run into this one; 0 for a quote a mark opens."""
    if text[seg.open_mark] not in DASHES:
        return 0
    return max(0, bisect.bisect_right(starts, seg.open_mark) - 1)


_TAIL_WORDS = 8  # the longest attribution a translation leaves inside the marks after a dash


def _cut_dash_tail(
    doc: Doc, starts: list[int], seg: Segment, text: str, speech_verbs: frozenset[str]
) -> None:
    """An attribution after a spaced dash at the end of a quotation that a mark or the
    paragraph's end closes ('- ... a disaster for Russia - Johnson told journalists on
    Monday.', also left inside the marks by a translation): the quotation ends at the dash,
    which then closes it as in dash-introduced speech ('- ... - he said')."""
    if seg.close_mark is not None and text[seg.close_mark] in DASHES:
        return
    quoted = text[seg.start : seg.end]
    dash = max((quoted.rfind(f" {d} ") for d in DASHES), default=-1)
    if dash <= 0:
        return
    at = seg.start + dash + 1
    tail = tokens_between(doc, starts, at + 1, seg.end)
    words = [t for t in tail if not (t.is_punct or t.is_space)]
    if not words or len(words) > _TAIL_WORDS or not (words[0].text[:1].isupper()):
        return
    if not any(t.lemma_.lower() in speech_verbs and t.tag_ in ("VBD", "VBZ", "VBP") for t in words[:4]):
        return
    seg.end = seg.start + len(quoted[:dash].rstrip(" ,"))
    seg.close_mark = at


_AFTER_DASH = 3  # words after a closing dash looked at for its verb of saying ('- he said')


def _after_dash(cues: Cues, seg: Segment, text: str, starts: list[int]) -> Attribution | None:
    """The verb of saying right after the dash that closes dash-introduced speech ('- We
    will not send soldiers - he said, they add that ...'), with its speaker after the dash:
    it outranks a verb the parser hung the quote under."""
    if seg.close_mark is None or text[seg.close_mark] not in DASHES:
        return None
    doc = cues.doc
    k = bisect.bisect_right(starts, seg.close_mark) - 1
    for i in range(k + 1, min(len(doc), k + 1 + _AFTER_DASH)):
        found = cues.verb(doc[i], 2)
        if found is not None and found.speaker_token is not None and found.speaker_token.i > k:
            return found
        # a verb of saying right after the dash that the parser took for a modifier of the name
        # after it ('... in this matter - said Scholz.'): that name
        named = cues.after_dash_verb(doc[i])
        if named is not None:
            return named
    return None
