"""Quotes across articles: merging, ranking and key-quote selection."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from briefing.compose.quotes import merge_quotes, rank_quotes, same_speaker, select_key_quotes
from briefing.records import Article, ArticleAnalysis, BriefQuote, Paragraph, Quote


def analysis(aid: str, *quotes: Quote) -> ArticleAnalysis:
    art = Article(aid, f"{aid}.txt", "", [Paragraph("x", 0)], published=dt.date(2024, 3, 1))
    return ArticleAnalysis(art, quotes=list(quotes))


def quote(text: str, speaker: str | None, kind: str = "direct", date: str | None = None) -> Quote:
    return Quote(text, 0, len(text), speaker, None, "said", kind, date=date)  # type: ignore[arg-type]


def bq(
    text: str, speaker: str | None, articles: list[str], themes: list[str] | None = None, kind: str = "direct"
) -> BriefQuote:
    return BriefQuote(text, speaker, None, articles, kind=kind, themes=themes or [])  # type: ignore[arg-type]


def test_same_words_same_speaker_merge_with_all_sources_and_earliest_date() -> None:
    words = "We will not allow the bridge to close again this winter"
    merged = merge_quotes(
        [
            analysis("a1", quote(words, "Price", date="2024-03-02")),
            analysis("a2", quote(words + ".", "Ned Price", date="2024-02-29")),
        ],
        {"a1": ["a1"], "a2": ["a2", "a3"]},
    )
    assert len(merged) == 1
    assert merged[0].articles == ["a1", "a2", "a3"]
    assert merged[0].speaker == "Ned Price"  # the fuller name
    assert merged[0].date == "2024-02-29"


def test_same_words_from_different_speakers_stay_apart() -> None:
    merged = merge_quotes(
        [
            analysis("a1", quote("severe costs", "Antony Blinken", "partial")),
            analysis("a2", quote("severe costs", "Liz Truss", "partial")),
        ],
        {"a1": ["a1"], "a2": ["a2"]},
    )
    assert [q.speaker for q in merged] == ["Antony Blinken", "Liz Truss"]


def test_same_speaker_accepts_a_surname_and_unknown() -> None:
    assert same_speaker("Price", "Ned Price") and same_speaker(None, "Ned Price")
    assert not same_speaker("Ned Price", "Liz Truss")


def test_rank_prefers_sources_prominent_speakers_and_themes_and_sinks_scare_quotes() -> None:
    quotes = [
        bq("peacekeepers", "Ned Price", ["a1", "a2", "a3"], kind="scare"),
        bq("The talks will resume in Geneva once both sides agree on the agenda", "Jo Bloggs", ["a1"]),
        bq("The talks will resume in Vienna once both sides agree on the agenda", "Ned Price", ["a1"]),
        bq("Our forces will stay in the region for as long as it takes", "the White House", ["a1", "a2"]),
    ]
    prominence: Counter[str] = Counter({"Ned Price": 3, "Price": 3, "White House": 2})
    rank_quotes(quotes, prominence, {2: ["diplomacy"]})
    order = [q.text.split()[-1] if q.kind != "scare" else "scare" for q in quotes]
    assert order == ["takes", "agenda", "agenda", "scare"]
    assert quotes[1].speaker == "Ned Price"  # prominent and on a theme beats an unknown speaker
    assert quotes[0].score > quotes[1].score > quotes[2].score > quotes[3].score


def test_select_is_bounded_per_theme_novel_and_skips_unattributed_and_scare() -> None:
    quotes = [
        bq("We will send more air defence systems to the front this month", "A", ["a1"], ["military"]),
        bq("We will send more air defence systems to the front this month.", "B", ["a2"], ["military"]),
        bq("The brigade has pushed back two assaults along the river since dawn", "C", ["a1"], ["military"]),
        bq("The sanctions package will target the central bank reserves", "D", ["a1"], ["sanctions"]),
        bq("Nobody knows when the shelling will finally stop around here", None, ["a3"]),
        bq("special military operation", "E", ["a1"], kind="scare"),
        bq("Aid convoys will reach the eastern towns before the weekend", "F", ["a2"], ["humanitarian"]),
    ]
    chosen = select_key_quotes(quotes, limit=10, per_theme=1)
    assert [q.speaker for q in chosen] == ["A", "D", "F"]
    assert len(select_key_quotes(quotes, limit=2, per_theme=5)) == 2
    assert [q.speaker for q in select_key_quotes(quotes, limit=10, per_theme=2)] == ["A", "C", "D", "F"]


def test_a_quote_cut_across_a_sentence_end_is_no_key_quote() -> None:
    quotes = [
        bq(".He emphasized that Russia intends to continue talking to the United States", "A", ["a1"]),
        bq("We intend to continue talking to the United States about guarantees", "B", ["a2"]),
    ]
    assert [q.speaker for q in select_key_quotes(quotes, limit=10, per_theme=5)] == ["B"]


def test_whole_statements_come_before_pieces_of_a_sentence() -> None:
    quotes = [
        bq("was a land where careers were going to be made", "A", ["a1"]),
        bq("We intend to continue talking to the United States about guarantees", "B", ["a2"]),
        bq("“2,000 more troops will arrive at the border this week”", "C", ["a3"]),
    ]
    assert [q.speaker for q in select_key_quotes(quotes, limit=2, per_theme=5)] == ["B", "C"]
    assert [q.speaker for q in select_key_quotes(quotes, limit=5, per_theme=5)] == ["B", "C", "A"]


def test_a_surname_alone_takes_the_full_name_another_article_gives() -> None:
    from briefing.compose.quotes import full_names

    names = full_names(
        ["McCord", "AnnaLynne McCord", "Ukraine", "Johnson", "Boris Johnson", "Lyndon Johnson"]
    )
    assert names == {"McCord": "AnnaLynne McCord"}


def test_merged_quotes_keep_the_fuller_words() -> None:
    merged = merge_quotes(
        [
            analysis("a1", quote("other scenarios", "Joe Biden", kind="partial")),
            analysis("a2", quote("equally prepared for other scenarios.", "Joe Biden", kind="partial")),
        ],
        {"a1": ["a1"], "a2": ["a2"]},
    )
    assert [q.text for q in merged] == ["equally prepared for other scenarios."]
