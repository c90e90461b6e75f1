"""forking: a process pool whose workers are forked from this process, for `run` and `stats`.

On Linux the workers are forked, so they share what the parent built before the pool opened
(lexicons, compiled patterns, jieba's dictionary) without loading it again; the garbage
collector is kept off those objects so that it does not copy their pages into every worker.
macOS's system libraries are not fork-safe, so there and on Windows the platform's default
start method applies. A worker exits when its parent is gone (killed), instead of waiting for
work forever.

``Dispatch`` deals items to the workers one at a time, in order, for tasks that each take as
many items as they need (a part folder's worth): no worker is left with a share planned too big.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

__all__ = ["FORKS", "Dispatch", "forked_pool", "worker_dispatch"]

FORKS = sys.platform.startswith("linux")  # workers start with the parent's memory, shared


def _context():
    import multiprocessing

    return multiprocessing.get_context("fork" if FORKS else None)


@contextmanager
def forked_pool(workers: int, dispatch: "Dispatch | None" = None) -> Iterator:
    """A ``ProcessPoolExecutor`` of ``workers`` processes forked from this one (where FORKS);
    with ``dispatch``, its workers find it with ``worker_dispatch()`` (passed at their start, as queues
    must be, not with each task)."""
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    freeze = gc.get_freeze_count() == 0  # a caller that froze objects itself keeps them frozen
    if freeze:
        gc.freeze()  # objects that exist now are shared with the workers: keep the collector off their pages
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                 initargs=(os.getpid(), dispatch)) as pool:
            yield pool
    finally:
        if freeze:
            gc.unfreeze()


_DISPATCH: "Dispatch | None" = None  # in a worker: what its pool was opened with


def worker_dispatch() -> "Dispatch":
    """In a worker of ``forked_pool(…, dispatch)``: that dispatch."""
    if _DISPATCH is None:
        raise RuntimeError("not in a worker of a pool opened with a Dispatch")
    return _DISPATCH


def _start_worker(parent: int, shared: "Dispatch | None") -> None:
    global _DISPATCH
    _DISPATCH = shared
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent is gone (killed), instead of waiting for work forever."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class Dispatch:
    """Items dealt to a pool's workers one at a time, in order, off a counter they share.

    The parent makes it before opening the pool (``forked_pool(workers, dispatch)``); a task in a
    worker iterates ``worker_dispatch().take()`` for as long as it wants (to fill one part folder,
    say) and returns what it made through its future, so a task's error and a worker's death reach
    the parent as they would from any task. The parent submits tasks while ``left()``, and calls
    ``stop()`` when it gives up, so that running tasks end after their current item.
    """

    def __init__(self, items: Sequence):
        self.items = items  # forked workers share the parent's copy
        self._next = _context().Value("q", 0)

    def take(self) -> Iterator:
        """In a worker: the next item no worker has taken, until none are left."""
        while True:
            with self._next.get_lock():
                index = self._next.value
                if index >= len(self.items):
                    return
                self._next.value = index + 1
            yield self.items[index]

    def left(self) -> bool:
        """Whether any item has not been taken yet."""
        return self._next.value < len(self.items)

    def stop(self) -> None:
        """Deal no more items."""
        with self._next.get_lock():
            self._next.value = len(self.items)
