"""Tests for briefing.analysis.actors: the keys that compare actors across articles."""

from __future__ import annotations

from briefing.analysis.actors import actor_keys


def test_actor_keys() -> None:
    assert actor_keys(["Joe Biden", "Jean-Yves Le Drian", "Putin's"]) == {"biden", "drian", "putin"}
