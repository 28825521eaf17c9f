"""Progress on a terminal: shown under a pseudo-terminal up to N/N; nothing new under -q
or when stderr is not a terminal (cron)."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from briefing.progress import Progress
from tests.conftest import FIXED_CLOCK, ROOT, SAMPLES

BRIEFING = [sys.executable, "-m", "briefing"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_drawn_from_the_loop_at_most_every_interval_and_ended_at_n_of_n() -> None:
    now = [0.0]
    screen = Terminal()
    progress = Progress(screen, interval=1.0, clock=lambda: now[0])
    items = []
    for item in progress.track(range(10), "analysing", 10):
        now[0] += 0.3  # ten items in 3 s: drawn at 0, then about every second
        items.append(item)
    assert items == list(range(10))
    frames = screen.getvalue().split("\r\x1b[K")[1:]
    assert len(frames) == 4  # 0/10, at 1.2 s and 2.4 s, and the last
    assert frames[0] == "analysing   0/10 articles"
    assert "left" in frames[2]
    assert frames[-1].startswith("analysing   10/10 articles  3.3/s  done in 3 s") and frames[-1].endswith(
        "\n"
    )


def test_not_drawn_when_not_a_terminal_or_quiet() -> None:
    plain = io.StringIO()
    for progress in (Progress.for_terminal(plain), Progress.for_terminal(Terminal(), quiet=True)):
        assert not progress.enabled
        assert list(progress.track(range(3), "analysing", 3)) == [0, 1, 2]
        stage = progress.stage("reading", 2, "files")
        stage.advance()
        stage.finish()
    assert plain.getvalue() == ""


def under_pty(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal: (exit code, what the terminal showed, stdout)."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120"}
    child = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif child.poll() is not None:
            break
    os.close(master)
    out = child.stdout.read().decode() if child.stdout else ""
    return child.wait(timeout=60), shown.decode("utf-8", "replace"), out


def test_a_build_under_a_pseudo_terminal_shows_progress_reaching_n_of_n(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = [*BRIEFING, "build", str(SAMPLES), "--out", str(out), "--format", "json,md", *FIXED_CLOCK]
    code, shown, stdout = under_pty(build, ROOT)
    assert code == 0, shown
    for stage, unit in (("reading", "files"), ("analysing", "articles"), ("rendering", "formats")):
        counts = re.findall(rf"{stage}\s+(\d+)/(\d+) {unit}", shown)
        assert counts, shown
        assert counts[-1][0] == counts[-1][1] != "0", (stage, counts)
    assert re.search(r"analysing\s+(\d+)/\1 articles .*done in", shown)
    assert "brief.json" in stdout

    # Under -q, a terminal shows nothing at all (the brief is rendered again: --force).
    code, shown, stdout = under_pty([*BRIEFING, "-q", *build[len(BRIEFING) :], "--force"], ROOT)
    assert (code, shown, stdout) == (0, "", "")

    # Without a terminal (cron, a log file), stderr has the summary and no progress.
    result = subprocess.run(
        [*build, "--force"], cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0
    assert "\r" not in result.stderr and "analysing" not in result.stderr
    assert result.stderr.startswith("brief from ")


_PROGRESS_THEN_FLAG = """
import ctypes, io, sys
from pathlib import Path
from briefing.config import IngestSettings
from briefing.ingest import ingest
from briefing.progress import Progress

class Terminal(io.StringIO):
    def isatty(self):
        return True

progress = Progress(Terminal(), interval=0.0)
for _ in progress.track(range(1000), "analysing", 1000):
    pass
ingest([Path(sys.argv[1])], IngestSettings(), progress=progress)  # tables, Parquet among them
print(ctypes.c_char.in_dll(ctypes.CDLL(None), "__libc_single_threaded").value[0])
"""


def test_progress_and_reading_tables_start_no_thread(tmp_path: Path) -> None:
    """The analysis runs in a process that never had a second thread (briefing/__init__.py):
    neither the progress display nor reading CSV or Parquet (pyarrow runs in a child) starts one."""
    import ctypes
    import importlib.util

    import pytest

    try:
        ctypes.c_char.in_dll(ctypes.CDLL(None), "__libc_single_threaded")
    except (OSError, ValueError):
        pytest.skip("the C library has no single-thread flag to read")
    (tmp_path / "a.csv").write_text("date,text\n2022-02-01,Troops massed near the border on Tuesday.\n")
    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({"text": ["Talks resumed in Geneva on Monday."]}), tmp_path / "b.parquet")
    done = subprocess.run(
        [sys.executable, "-c", _PROGRESS_THEN_FLAG, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "1", done.stderr
