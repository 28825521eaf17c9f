"""Tests for briefing.compose.people: the who's who from the quotes."""

from __future__ import annotations

from briefing.compose.people import display_name, is_named, people_of
from briefing.records import BriefQuote


def _q(
    text: str, speaker: str | None, articles: list[str], themes: list[str] | None = None, **kw: object
) -> BriefQuote:
    return BriefQuote(text, speaker, kw.pop("role", None), articles, themes=themes or [], **kw)  # type: ignore[arg-type]


def test_unnamed_speakers_documents_and_unattributed_quotes_are_not_a_who() -> None:
    assert is_named("Ned Price") and is_named("the White House") and is_named("NATO")
    for speaker in (None, "", "a senior administration official", "officials", "the ministry",
                    "All institutions", "the press release", "the US intelligence inputs"):  # fmt: skip
        assert not is_named(speaker), speaker


def test_names_lose_the_role_and_description_before_them() -> None:
    assert display_name("German Chancellor Olaf Scholz") == "Olaf Scholz"
    assert display_name("the chairman of the European Council Charles Michel yesterday") == "Charles Michel"
    assert display_name("European Commission President Ursula von der Leyen") == "Ursula von der Leyen"
    assert display_name("the deputy minister of foreign affairs of Russia Sergei Ryabkov") == "Sergei Ryabkov"
    assert display_name("the White House") == "the White House"  # not a name to cut down
    assert display_name("Joe Biden") == "Joe Biden"


def test_one_person_gathers_the_forms_of_their_name_and_each_quote_once() -> None:
    quotes = [
        _q("We will respond decisively to any invasion of Ukraine.", "President Joe Biden", ["a1"], ["sanctions"],
           role="US president"),
        _q("Diplomacy remains the best path forward for everyone.", "Biden", ["a2"], ["diplomacy"],
           role="US president"),
        _q("The costs would be severe and swift for Moscow.", "Joe Biden", ["a3"], ["sanctions"]),
        _q("Russia does not want a war in Europe at all.", "Russia", ["a4"], ["russian-denials"]),
        _q("We reject these claims about our troop movements.", "the deputy minister of Russia Sergei Ryabkov",
           ["a4"], ["russian-denials"]),
        _q("appeasement", "Biden", ["a5"], kind="scare"),
        _q("Nobody here wants this crisis to get worse.", None, ["a5"]),
        _q("Officials are watching every move closely now.", "a senior official", ["a5"]),
    ]  # fmt: skip
    people = people_of(quotes, ["sanctions", "diplomacy", "russian-denials"])
    by_name = {p.name: p for p in people}
    assert set(by_name) == {"Joe Biden", "Russia", "Sergei Ryabkov"}  # "Russia" is not Ryabkov's name
    biden = by_name["Joe Biden"]
    assert len(biden.quotes) == 3 and biden.articles == ["a1", "a2", "a3"]  # the scare quote is no quote
    assert biden.names == ["Joe Biden", "Biden", "President Joe Biden"]
    assert biden.role == "US president" and biden.themes == ["sanctions", "diplomacy"]
    assert people[0] is biden and biden.anchor == "speaker-joe-biden"
    assert len({p.anchor for p in people}) == len(people)
    assert all(q.speaker for p in people for q in p.quotes)


def test_people_rank_by_the_outlets_quoting_them_on_the_themes() -> None:
    quotes = [
        # Many quotes, but one outlet's copies of one story (a1..a3 count once) and off the themes.
        _q("The rehearsals ran late into the night again.", "Adam Dancer", ["a1"]),
        _q("My partner taught me every single step.", "Adam Dancer", ["a2"]),
        _q("Nobody expected us to reach the final round.", "Adam Dancer", ["a3"]),
        _q("Sanctions will follow any further incursion into Ukraine.", "Ned Price", ["a4"], ["sanctions"]),
        _q("The alliance stands ready to defend every inch of territory.", "Jens Stoltenberg", ["a5", "a6"],
           ["nato-posture"]),
    ]  # fmt: skip
    one_outlet = {"a1": "x", "a2": "x", "a3": "x", "a4": "y", "a5": "z", "a6": "w"}

    def outlets(ids: list[str]) -> int:
        return len({one_outlet[i] for i in ids})

    people = people_of(quotes, ["nato-posture", "sanctions"], 2, outlets)
    assert [p.name for p in people] == ["Jens Stoltenberg", "Ned Price", "Adam Dancer"]
    assert people[0].independent_sources == 2 and people[2].independent_sources == 1
    assert len(people[2].shown) == 2  # the quotes read together are bounded


def test_a_role_run_into_the_name_loses_the_name() -> None:
    quotes = [
        _q("We stand with Ukraine in this hour of need.", "Liz Truss", ["a1"], role="head of diplomacy Liz")
    ]
    assert people_of(quotes)[0].role == "head of diplomacy"


def test_the_start_of_a_sentence_and_a_part_of_the_world_are_not_a_who() -> None:
    for speaker in ("Notwithstanding Russia", "Modern Russia", "the West", "The world"):
        assert not is_named(speaker), speaker
    assert is_named("Russia") and is_named("West Point") and is_named("the World Bank")


def test_a_country_quoted_across_the_brief_is_no_surname_of_a_name_it_ends() -> None:
    """ "Russia", quoted in three articles, does not join "Greater Russia" one article names,
    nor a role naming a country; "Lukashenko" still joins "Alexander Lukashenko"."""
    quotes = [
        _q("The alliance is preparing for a war against us.", "Russia", ["a1"]),
        _q("Our troops are only conducting planned exercises.", "Russia", ["a2"]),
        _q("Sanctions will not change our course in any way.", "Russia", ["a3"]),
        _q("The empire must be restored to its old borders.", "Greater Russia", ["a4"]),
        _q(
            "The talks must resume without any conditions.",
            "the deputy Minister of Foreign Affairs of China",
            ["a5"],
        ),
        _q("We will not allow anyone to divide our people.", "China", ["a6"]),
        _q("Belarus will stand with its ally to the very end.", "Alexander Lukashenko", ["a7"]),
        _q("Our army is ready to defend the western border.", "Alexander Lukashenko", ["a8"]),
        _q("Nobody will drag Belarus into this conflict.", "Lukashenko", ["a9"]),
    ]
    by_name = {p.name: p for p in people_of(quotes)}
    assert len(by_name["Russia"].quotes) == 3 and len(by_name["Greater Russia"].quotes) == 1
    assert len(by_name["China"].quotes) == 1
    assert len(by_name["Alexander Lukashenko"].quotes) == 3


def test_a_name_without_the_generation_is_another_person() -> None:
    quotes = [
        _q("The rally will be the biggest we have ever had.", "Donald Trump", ["a1"]),
        _q("Nobody has ever been tougher on that country than me.", "Trump", ["a2"]),
        _q("They are blaming the crisis on the wrong people again.", "Donald Trump Jr.", ["a3"]),
    ]
    by_name = {p.name: p for p in people_of(quotes)}
    assert len(by_name["Donald Trump"].quotes) == 2 and len(by_name["Donald Trump Jr."].quotes) == 1
