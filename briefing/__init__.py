"""briefing: situation briefs from news articles."""

import os

__version__ = "0.1.0"

# spaCy runs about 10% faster in a process that has never had a second thread: the C
# library's allocator then skips its locks and atomic operations (glibc's single-thread
# flag, which is never set back once a thread has started), and spaCy allocates a great
# deal. NumPy's OpenBLAS starts a pool of threads when it loads, one per core, which
# spaCy's small models never need (their matrix products do not go through it). So,
# before NumPy loads, OpenBLAS is asked for one thread unless the user has chosen a
# number; analysis workers inherit the setting. It has no effect if NumPy was loaded
# before this package.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
