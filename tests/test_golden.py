"""brief.json of the sample corpus against its golden file.

After an intended change of output: `make golden` (pytest --update-golden), then
review the diff of tests/golden/brief.json before committing it.
"""

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "brief.json"


def test_brief_json_matches_golden(sample_brief: Path, request: pytest.FixtureRequest) -> None:
    produced = json.loads((sample_brief / "brief.json").read_text(encoding="utf-8"))
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(produced, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip("golden file rewritten")
    assert GOLDEN.exists(), "no golden file: run `make golden`"
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key in expected:
        assert produced[key] == expected[key], f"brief.json '{key}' differs from the golden file"
    assert set(produced) == set(expected)


def test_brief_json_keeps_the_contract(sample_brief: Path) -> None:
    brief = json.loads((sample_brief / "brief.json").read_text(encoding="utf-8"))
    ids = {a["id"] for a in brief["articles"]}
    for article in brief["articles"]:
        assert {"id", "path", "title", "outlet", "published"} <= set(article)
    for theme in brief["themes"]:
        assert {"id", "label", "points"} <= set(theme)
        for point in theme["points"]:
            assert point["text"] and set(point["articles"]) <= ids and point["articles"]
    for quote in brief["quotes"]:
        assert {"text", "speaker", "speaker_role", "articles"} <= set(quote)
        assert set(quote["articles"]) <= ids and quote["articles"]
    for dev in brief["developments"]:
        assert {"date", "date_text", "text", "articles"} <= set(dev)
        assert dev["date"] is None or len(dev["date"]) in (4, 7, 8, 10)
        assert set(dev["articles"]) <= ids and dev["articles"]
