"""forking.Dispatch: items dealt once each to a pool's workers, failures raised, the dealing stopped."""
from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool

import pytest

from pipeline.forking import FORKS, Dispatch, forked_pool, worker_dispatch

pytestmark = pytest.mark.skipif(not FORKS, reason="workers share the test module only where they are forked")


def _take(most: int) -> list[tuple[int, int]]:
    """Up to ``most`` items, each with the worker's pid."""
    taken = []
    for item in worker_dispatch().take():
        taken.append((os.getpid(), item))
        if len(taken) >= most:
            break
    return taken


def _fail_on(bad: int) -> list[int]:
    taken = []
    for item in worker_dispatch().take():
        if item == bad:
            raise ValueError(f"item {item}")
        taken.append(item)
    return taken


def _die_on(bad: int) -> list[int]:
    for item in worker_dispatch().take():
        if item == bad:
            os._exit(3)
    return []


def _deal(dispatch: Dispatch, workers: int, task, *args) -> list:
    """The parent's loop of batch._dealt_results: a task per free worker while items are left."""
    results = []
    with forked_pool(workers, dispatch) as pool:
        try:
            running = {pool.submit(task, *args) for _ in range(workers)}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    results.append(future.result())
                    if dispatch.left():
                        running.add(pool.submit(task, *args))
        finally:
            dispatch.stop()
    return results


@pytest.mark.parametrize("workers, items, most", [(1, 5, 2), (2, 0, 3), (2, 1, 3), (2, 200, 7), (3, 50, 1000)])
def test_every_item_is_dealt_once_in_order_per_task(workers, items, most):
    results = _deal(Dispatch(list(range(items))), workers, _take, most)
    assert sorted(item for taken in results for _, item in taken) == list(range(items))
    for taken in results:
        assert len(taken) <= most and [i for _, i in taken] == sorted(i for _, i in taken)
        assert len({pid for pid, _ in taken}) <= 1  # a task runs in one worker


def test_a_task_that_raises_raises_in_the_parent_and_stops_the_dealing():
    dispatch = Dispatch(list(range(100_000)))
    with pytest.raises(ValueError, match="item 30"):
        _deal(dispatch, 2, _fail_on, 30)
    assert not dispatch.left()  # the other worker ended after its item, not after the whole batch


def test_a_worker_that_dies_breaks_the_run_instead_of_hanging_it():
    with pytest.raises(BrokenProcessPool):
        _deal(Dispatch(list(range(20))), 2, _die_on, 7)


def test_worker_dispatch_outside_a_dispatching_pool_says_so():
    with pytest.raises(RuntimeError, match="not in a worker"):
        worker_dispatch()


# ------------------------------------------------------------------ the same through a whole run


@pytest.fixture()
def many_files(tmp_path, monkeypatch):
    """3,000 empty files (errors rows: cheap), one chunk each, folders of 20: many tasks to deal."""
    import faulthandler

    from pipeline import manifest, parts

    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 20)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3000):
        (folder / f"n{i:05d}.txt").write_bytes(b"")
    faulthandler.dump_traceback_later(120, exit=True)  # a hang fails the suite instead of stalling it
    yield folder
    faulthandler.cancel_dump_traceback_later()


def test_a_worker_that_cannot_write_its_part_fails_the_run_at_once(many_files, tmp_path, monkeypatch):
    import errno

    import pipeline
    from pipeline import parts

    add = parts.UnitWriter.add

    def full_disk(self, key, paths):
        if any(p.endswith("n00100.txt") for p in paths):
            raise OSError(errno.ENOSPC, "No space left on device")
        return add(self, key, paths)

    monkeypatch.setattr(parts.UnitWriter, "add", full_disk)  # before the workers are forked: theirs too
    with pytest.raises(OSError, match="No space left"):
        pipeline.run([many_files], tmp_path / "out", workers=2)
    assert not (tmp_path / "out" / "notices.parquet").exists()


def test_a_progress_callback_that_raises_stops_the_run(many_files, tmp_path):
    import pipeline

    seen = []

    def progress(path):
        seen.append(path)
        if len(seen) == 100:
            raise BrokenPipeError("stderr closed")

    with pytest.raises(BrokenPipeError):
        pipeline.run([many_files], tmp_path / "out", workers=2, progress=progress)
    assert len(seen) == 100
