"""forking: a process pool whose workers are forked from this process, for `run` and `stats`.

On Linux the workers are forked, so they share what the parent built before the pool opened
(lexicons, compiled patterns, jieba's dictionary) without loading it again; the garbage
collector is kept off those objects so that it does not copy their pages into every worker.
macOS's system libraries are not fork-safe, so there and on Windows the platform's default
start method applies. A worker exits when its parent is gone (killed), instead of waiting for
work forever.

``Dispatch`` deals items to the workers one at a time, in order, for work that each worker
keeps open across items (a part folder it fills): a task per worker takes items until none
are left, and sends what it makes back as it goes.
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
    """Items dealt to a pool's workers one at a time, in order, and what the workers send back.

    The parent makes it before opening the pool (``forked_pool(workers, dispatch)``) and submits
    one task per worker; each task iterates ``take()`` until it ends, ``send``s its results as it
    makes them, and returns how many it sent. ``results(tasks)`` yields them in the parent as
    they arrive, and raises what a task raised (a worker that died: ``BrokenProcessPool``).
    """

    def __init__(self, items: Sequence):
        context = _context()
        self.items = items  # forked workers share the parent's copy
        self._next = context.Value("q", 0)
        self._sent = context.Queue()

    def take(self) -> Iterator:
        """In a worker: the next item no worker has taken, until none are left."""
        while True:
            with self._next.get_lock():
                index = self._next.value
                self._next.value = index + 1
            if index >= len(self.items):
                return
            yield self.items[index]

    def send(self, result) -> None:
        """In a worker: hand ``result`` to the parent."""
        self._sent.put(result)

    def results(self, tasks: list) -> Iterator:
        """In the parent: what the workers send, as it arrives, until every task has returned
        and everything it sent has arrived."""
        import queue

        received, expected = 0, None
        while expected is None or received < expected:
            try:
                result = self._sent.get(timeout=0.02)  # then see whether every task is done
            except queue.Empty:
                for task in tasks:
                    if task.done() and task.exception() is not None:
                        raise task.exception()  # at once: the others may go on for long
                if expected is None and all(task.done() for task in tasks):
                    expected = sum(task.result() for task in tasks)
                continue
            received += 1
            yield result
