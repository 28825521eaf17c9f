"""Where the shared data lives (corpora and gold files kept outside the repository).

It is the folder ``shared`` beside the repository (``<repo>/../shared``), or the folder
the environment variable ``BRIEFING_SHARED`` names (a second working tree of the
repository, for one, sits elsewhere). Whatever needs it says so and stops, or, in the
tests, skips with the reason, when it is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRIEFING_SHARED") or REPO.parent / "shared")
