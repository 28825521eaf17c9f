"""What importing the package does to the process, and what its entry points do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The command line's path: `briefing themes` loads NumPy (through the themes' matcher); then
# the threads of the process are counted.
_CLI_THREADS = """
import os, sys
from briefing.cli import main
sys.argv = ["briefing", "themes"]
try:
    main()
except SystemExit:
    pass
loaded = "numpy" in sys.modules
print(len(os.listdir("/proc/self/task")), os.environ["OPENBLAS_NUM_THREADS"], loaded)
"""


def _run(code: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | env
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True
    )
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_command_line_stays_single_threaded_once_numpy_is_loaded() -> None:
    assert _run(_CLI_THREADS) == "1 1 True"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_users_own_choice_of_blas_threads_stands() -> None:
    threads, setting, loaded = _run(_CLI_THREADS, OPENBLAS_NUM_THREADS="2").split()
    assert (setting, loaded) == ("2", "True")
    assert int(threads) == min(2, os.cpu_count() or 1)


def test_importing_the_package_leaves_the_environment_alone() -> None:
    assert _run("import os, briefing; print('OPENBLAS_NUM_THREADS' in os.environ)") == "False"


def test_worker_processes_get_one_blas_thread_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.threads import one_blas_thread_environ

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert one_blas_thread_environ()["OPENBLAS_NUM_THREADS"] == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert one_blas_thread_environ()["OPENBLAS_NUM_THREADS"] == "3"
