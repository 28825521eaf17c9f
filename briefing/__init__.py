"""briefing: situation briefs from news articles."""

import os

__version__ = "0.1.0"

# spaCy runs about 10% faster in a process with a single thread: the C allocator and other
# runtime paths skip their locks and atomic operations then, and spaCy allocates a great
# deal. NumPy's OpenBLAS starts a pool of threads when it loads, one per core, which spaCy's
# small models never need (their matrix products do not go through it). So, before NumPy
# loads, OpenBLAS is asked for one thread unless the user has chosen a number; analysis
# workers inherit the setting. It has no effect if NumPy was loaded before this package.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
