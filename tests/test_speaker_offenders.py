"""No speaker in a brief of real articles is a common noun, a date, a number or a pronoun
left unresolved: a quote whose speaker cannot be found is printed as unattributed. Checked
over the development set and PolNeAR's development split (skipped without ../shared)."""

import json
from pathlib import Path

import pytest

from briefing.analysis.quotes import load_quote_words
from briefing.analysis.quotes.plausible import honest_speaker


def _offenders(brief_dir: Path) -> list[str]:
    brief = json.loads((brief_dir / "brief.json").read_text(encoding="utf-8"))
    words = load_quote_words()
    speakers = {q["speaker"] for q in brief["quotes"] if q.get("speaker")}
    return sorted(s for s in speakers if not honest_speaker(s, words))


@pytest.mark.parametrize("which", ["dev_brief", "polnear_dev_brief"])
def test_no_speaker_is_a_common_noun_date_number_or_pronoun(
    which: str, request: pytest.FixtureRequest
) -> None:
    offenders = _offenders(request.getfixturevalue(which))
    assert not offenders, f"{len(offenders)} speakers name nobody: {offenders}"


@pytest.mark.parametrize(
    ("name", "honest"),
    [
        ("Olaf Scholz", True),
        ("the head of the German government", True),
        ("NATO countries", True),
        ("protesters", True),
        ("a senior Biden administration official", True),
        ("The UK and the US", True),
        ("rain", False),
        ("ultimatum", False),
        ("such a denial", False),
        ("steps down later this year", False),
        ("the concentration of Russian troops", False),
        ("Monday", False),
        ("two", False),
        ("he", False),
    ],
)
def test_what_names_a_speaker(name: str, honest: bool) -> None:
    assert honest_speaker(name, load_quote_words()) is honest
