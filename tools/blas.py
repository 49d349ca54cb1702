"""BLAS on one thread for the many small matrix products of profiling, checks and CI tests.

OpenBLAS starts a thread per core for every product and waits for them by spinning. For the
small matrices of a data profile (2,000 x 60 least squares), a correlation matrix or a batch of
regressions, the threads cost far more than the work: on a busy 2-core machine the profile of
a 100-column table took 5 to 13 s with two BLAS threads and 0.4 s with one. `one_blas_thread()`
limits BLAS for the duration of a block and restores it afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Modules whose import loads another BLAS library (numpy's, SciPy's own, torch's): when the
#: set of these that are loaded changes, the libraries are looked up again.
_BLAS_OWNERS = ("numpy", "scipy.linalg", "torch", "sklearn")
_controller: tuple[tuple[bool, ...], Any] | None = None


def _threadpools() -> Any:
    """threadpoolctl's view of the loaded BLAS libraries (scanning them takes tens of ms)."""
    global _controller
    loaded = tuple(m in sys.modules for m in _BLAS_OWNERS)
    if _controller is None or _controller[0] != loaded:
        from threadpoolctl import ThreadpoolController

        _controller = (loaded, ThreadpoolController())
    return _controller[1]


@contextmanager
def one_blas_thread(threads: int = 1) -> Iterator[None]:
    """Run the block with BLAS limited to `threads` threads."""
    with _threadpools().limit(limits=int(threads), user_api="blas"):
        yield
