"""What importing the package does to the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_THREADS = "import briefing, numpy, os; print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])"


def _run(code: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | env
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_process_stays_single_threaded_once_numpy_is_loaded() -> None:
    assert _run(_THREADS) == "1 1"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_users_own_choice_of_blas_threads_stands() -> None:
    threads, setting = _run(_THREADS, OPENBLAS_NUM_THREADS="2").split()
    assert setting == "2"
    assert int(threads) == min(2, os.cpu_count() or 1)
