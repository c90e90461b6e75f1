"""Nothing half-written, nothing order-dependent: SIGKILL mid-run, input order, worker count."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from pipeline import run
from pipeline.schemas import TABLE_NAMES
from pipeline.validate import validate_output

from conftest import CORPUS, assert_same_tables, needs_corpus, read_all, write_seed_variants


@pytest.fixture()
def batch(tmp_path):
    return write_seed_variants(tmp_path / "batch", 120)


def test_sigkill_leaves_previous_output_intact(batch, tmp_path):
    run([batch], tmp_path / "reference")
    after = read_all(tmp_path / "reference")
    out = tmp_path / "out"
    run([batch / "n000.txt", batch / "n001.txt"], out)
    before = read_all(out)
    killed = 0
    for delay in (0.3, 0.8, 1.5, None):  # the last run is left to finish
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(batch), "-o", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay is not None:
            time.sleep(delay)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=300)
        assert validate_output(out) == []
        if proc.returncode == 0:  # finished: the new outputs are complete
            assert len(pd.read_parquet(out / "notices.parquet")) == 120
            break
        killed += 1
        now = read_all(out)  # killed: the previous outputs untouched, or (killed after the commit) the new ones
        if len(now["notices"]) == len(before["notices"]):
            assert_same_tables(before, now)
        else:
            assert_same_tables(after, now)
    assert killed >= 1 and proc.returncode == 0


@needs_corpus
def test_same_tables_whatever_the_input_order_or_worker_count(tmp_path):
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    run(files, tmp_path / "a", workers=1)
    run(list(reversed(files)), tmp_path / "b", workers=2)
    assert_same_tables(read_all(tmp_path / "a"), read_all(tmp_path / "b"))
    assert validate_output(tmp_path / "a") == []


def test_rerun_replaces_outputs_and_leaves_no_temporary_folders(batch, tmp_path):
    out = tmp_path / "out"
    run([batch / "n000.txt"], out)
    run([batch / "n001.txt", batch / "n002.txt"], out)
    assert len(pd.read_parquet(out / "notices.parquet")) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.parquet" for t in TABLE_NAMES]
                                                           + [".zhenggai-cache", ".zhenggai-lock"])
    assert not list((out / ".zhenggai-cache" / "parts").glob("*.tmp-*"))
