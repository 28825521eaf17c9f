"""TimeBank and AQUAINT (TempEval-3 training, TimeML) as scoring tests with pinned floors.

Each article is extracted through the CLI as ``briefing extract --format jsonl`` writes it and
scored as ``../shared/eval/score_timex.py`` scores it: strict (same span), relaxed (overlap)
and value F1 (overlap and the gold TIMEX3 value). TimeBank is tuned on; AQUAINT is a check
that is never tuned on. The floors sit just under the figures measured when they were
pinned; raise them when the tagger improves, never lower them. Skipped without the shared
folder (``benchmarks/shared.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.shared import SHARED
from tests.conftest import needs_shared

# Measured on all documents when pinned (strict, relaxed, value F1):
# TimeBank 0.898 / 0.946 / 0.847; AQUAINT 0.836 / 0.930 / 0.758.
FLOORS = {
    "timebank": {"strict": 0.895, "relaxed": 0.94, "value": 0.845},
    "aquaint": {"strict": 0.83, "relaxed": 0.93, "value": 0.75},
}
CORPUS = {"timebank": "TimeBank", "aquaint": "AQUAINT"}


def _scores(name: str, tmp: Path) -> dict[str, float]:
    out = tmp / f"{name}.jsonl"
    corpus = SHARED / "corpus" / "timebank" / CORPUS[name]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing.cli",
            "extract",
            str(corpus),
            "--format",
            "jsonl",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    score = SHARED / "eval" / "score_timex.py"
    gold = SHARED / "eval" / f"{name}.gold.json"
    scored = subprocess.run(
        [sys.executable, str(score), str(gold), "--jsonl", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    last = scored.stdout.strip().splitlines()[-1]  # timex.strict_f1=.. timex.relaxed_f1=.. timex.value_f1=..
    return {
        k.removeprefix("timex.").removesuffix("_f1"): float(v)
        for k, v in (p.split("=") for p in last.split())
    }


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    tmp = tmp_path_factory.mktemp("timebank")
    return {name: _scores(name, tmp) for name in FLOORS}


@needs_shared(
    "corpus/timebank/TimeBank", "corpus/timebank/AQUAINT", "eval/timebank.gold.json", "eval/aquaint.gold.json"
)
@pytest.mark.parametrize(("corpus", "metric"), [(c, m) for c in sorted(FLOORS) for m in sorted(FLOORS[c])])
def test_timeml_floor(measured: dict[str, dict[str, float]], corpus: str, metric: str) -> None:
    got = measured[corpus][metric]
    assert got >= FLOORS[corpus][metric], f"{corpus} {metric} F1 {got:.3f} < floor {FLOORS[corpus][metric]}"
