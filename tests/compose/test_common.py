"""The incremental id lists give what merging the lists afresh gives."""

from __future__ import annotations

import random
from collections.abc import Iterable

from briefing.compose.common import IdList, id_key, stands_alone


def merge_ids(*lists: Iterable[str]) -> list[str]:
    """The reference: the ids of all lists merged afresh, each once, in article order
    (kept as they came while they come in order, else sorted stably by number)."""
    out: list[str] = []
    seen: set[str] = set()
    ordered, last = True, -1
    for ids in lists:
        for i in ids:
            if i in seen:
                continue
            seen.add(i)
            key = id_key(i)
            if key >= last:
                last = key
            else:
                ordered = False
            out.append(i)
    return out if ordered else sorted(out, key=id_key)


def test_id_list_matches_merge_ids_in_and_out_of_order() -> None:
    rng = random.Random(7)
    for trial in range(300):
        width = rng.choice([5, 40, 400])
        batches = [
            [f"a{rng.randint(1, width)}" for _ in range(rng.randint(0, 4))] for _ in range(rng.randint(1, 12))
        ]
        if trial % 3 == 0:  # mostly increasing, as articles merge in order
            batches = sorted(batches, key=lambda b: min((int(i[1:]) for i in b), default=0))
        if trial % 5 == 0:
            batches.append(["x", "b2", "x"])  # ids without a number sort first, stably
        ids = IdList(batches[0])
        expected = merge_ids(batches[0])
        for batch in batches[1:]:
            ids.add(batch)
            expected = merge_ids(expected, batch)
            assert ids.ids() == expected and len(ids) == len(expected)


def test_a_line_stands_alone_unless_it_is_a_fragment_a_question_or_in_the_first_person() -> None:
    from briefing.compose.common import stands_alone

    assert stands_alone("Russia has moved more than 100,000 troops to the border with Ukraine.")
    assert stands_alone("US officials said the deployment is designed to reinforce the eastern flank.")
    for text in (
        "But they misread Article 5 of NATO's charter: collective action is for protection.",
        "Will NATO countries have to defend each other in the event of an attack?",
        "We will defend our land on February 16, March 1 and in the days after.",
        ", a key commercial partner of Russia, refused to name Moscow's activities as an invasion.",
        "To draft an effective package of preventive sanctions to deter the Russian Federation.",
        "As it was in April.",
    ):
        assert not stands_alone(text), text


def test_an_id_list_restored_whole_goes_on_as_one_made_id_by_id() -> None:
    rng = random.Random(11)
    for trial in range(300):
        saved = IdList([f"a{rng.randint(1, 60)}" for _ in range(rng.randint(0, 8))]).ids()
        if trial % 7 == 0:
            saved = [*saved, "x"]  # not in increasing order: made id by id
        later = [f"a{rng.randint(1, 60)}" for _ in range(rng.randint(0, 6))]
        restored, made = IdList.ordered(saved), IdList(saved)
        assert restored.ids() == made.ids() == saved or trial % 7 == 0
        restored.add(later)
        made.add(later)
        assert restored.ids() == made.ids() and len(restored) == len(made)


def test_a_line_dated_by_an_event_told_before_does_not_stand_alone() -> None:
    assert not stands_alone("The day before, the adviser said that an invasion could come at any time.")
    assert not stands_alone("A day later, the ministers met again in Geneva for five hours of talks.")
    assert stands_alone("The daylight attack on the convoy killed four soldiers near the river.")
