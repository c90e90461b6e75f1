"""forking.Dispatch: items dealt once each to a pool's workers, results back as they come, failures raised."""
from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from pipeline.forking import FORKS, Dispatch, forked_pool, worker_dispatch

pytestmark = pytest.mark.skipif(not FORKS, reason="workers share the test module only where they are forked")


def _send_each(label: str) -> int:
    dispatch = worker_dispatch()
    sent = 0
    for item in dispatch.take():
        dispatch.send((label, os.getpid(), item))
        sent += 1
    return sent


def _fail_on(bad: int) -> int:
    dispatch = worker_dispatch()
    for item in dispatch.take():
        if item == bad:
            raise ValueError(f"item {item}")
        dispatch.send(item)
    return 0


def _die_on(bad: int) -> int:
    dispatch = worker_dispatch()
    for item in dispatch.take():
        if item == bad:
            os._exit(3)
    return 0


@pytest.mark.parametrize("workers, items", [(1, 5), (2, 0), (2, 1), (2, 200), (3, 50)])
def test_every_item_is_dealt_once_and_every_result_arrives(workers, items):
    dispatch = Dispatch(list(range(items)))
    with forked_pool(workers, dispatch) as pool:
        tasks = [pool.submit(_send_each, f"task{i}") for i in range(workers)]
        got = list(dispatch.results(tasks))
    assert sorted(item for _, _, item in got) == list(range(items))
    assert sum(task.result() for task in tasks) == items
    for label in {label for label, _, _ in got}:  # a worker takes items in the order they are dealt
        mine = [item for lbl, _, item in got if lbl == label]
        assert mine == sorted(mine)


def test_a_task_that_raises_raises_in_the_parent():
    dispatch = Dispatch(list(range(100)))
    with forked_pool(2, dispatch) as pool:
        tasks = [pool.submit(_fail_on, 30) for _ in range(2)]
        with pytest.raises(ValueError, match="item 30"):
            list(dispatch.results(tasks))


def test_a_worker_that_dies_breaks_the_run_instead_of_hanging_it():
    dispatch = Dispatch(list(range(20)))
    with pytest.raises(BrokenProcessPool):
        with forked_pool(2, dispatch) as pool:
            tasks = [pool.submit(_die_on, 7) for _ in range(2)]
            list(dispatch.results(tasks))


def test_worker_dispatch_outside_a_dispatching_pool_says_so():
    with pytest.raises(RuntimeError, match="not in a worker"):
        worker_dispatch()
