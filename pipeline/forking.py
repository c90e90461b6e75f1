"""forking: a process pool whose workers are forked from this process, for `run` and `stats`.

On Linux the workers are forked, so they share what the parent built before the pool opened
(lexicons, compiled patterns, jieba's dictionary) without loading it again; the garbage
collector is kept off those objects so that it does not copy their pages into every worker.
macOS's system libraries are not fork-safe, so there and on Windows the platform's default
start method applies. A worker exits when its parent is gone (killed), instead of waiting for
work forever.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["FORKS", "forked_pool"]

FORKS = sys.platform.startswith("linux")  # workers start with the parent's memory, shared


@contextmanager
def forked_pool(workers: int) -> Iterator:
    """A ``ProcessPoolExecutor`` of ``workers`` processes forked from this one (where FORKS)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if FORKS else None)
    freeze = gc.get_freeze_count() == 0  # a caller that froze objects itself keeps them frozen
    if freeze:
        gc.freeze()  # objects that exist now are shared with the workers: keep the collector off their pages
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            yield pool
    finally:
        if freeze:
            gc.unfreeze()


def _die_with_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent is gone (killed), instead of waiting for work forever."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
