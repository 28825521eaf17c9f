"""One BLAS thread for the processes the product starts.

spaCy runs about 10% faster in a process that has never had a second thread: the C
library's allocator then skips its locks and atomic operations (glibc's single-thread
flag, which is never set back once a thread has started), and spaCy allocates a great
deal. NumPy's OpenBLAS starts a pool of threads when it loads, one per core, which
spaCy's small models never need (their matrix products do not go through it). So each
entry point (the command line, ``python -m briefing``, the analysis workers, the PDF
worker) asks OpenBLAS for one thread before NumPy loads, unless the user has chosen a
number. Importing the package changes nothing; a program that uses it as a library
decides for itself.
"""

from __future__ import annotations

import os

VARIABLE = "OPENBLAS_NUM_THREADS"


def use_one_blas_thread() -> None:
    """Ask OpenBLAS for one thread in this process and those it starts, unless the user has
    chosen a number. It has no effect on a process that has already loaded NumPy."""
    os.environ.setdefault(VARIABLE, "1")


def one_blas_thread_environ() -> dict[str, str]:
    """The environment for a child process: this one's, with one BLAS thread unless chosen."""
    return {VARIABLE: "1", **os.environ}
