"""The word lists of data/quotes.toml."""

from __future__ import annotations

from briefing.analysis.quotes import load_quote_words


def test_word_lists_load_cues_roles_and_speakers() -> None:
    words = load_quote_words()
    assert {"say", "tell", "add", "warn", "read"} <= words.speech_verbs
    assert "spokesperson" in words.role_nouns
    assert "he" in words.person_pronouns and "it" in words.nonperson_pronouns
    assert "release" in words.documents and "ministry" in words.institutions
