"""Incremental reruns, partitioned output and the Dask executor give the same tables as a fresh run."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline import run
from pipeline.schemas import COLUMNS, TABLE_NAMES
from pipeline.store import read_table
from pipeline.validate import validate_output

from conftest import CORPUS, SEED, assert_same_tables, needs_corpus, read_all, write_seed_variants


@pytest.fixture()
def inputs(tmp_path):
    return write_seed_variants(tmp_path / "in", 80)


def test_incremental_rerun_equals_fresh_run(inputs, tmp_path):
    out = tmp_path / "out"
    first = run([inputs], out)
    assert first.reused == 0
    again = run([inputs], out)
    assert again.reused == 80  # nothing changed: nothing processed
    (inputs / "n005.txt").write_text(SEED.read_text(encoding="utf-8").replace("268起", "999起"), encoding="utf-8")
    (inputs / "n010.txt").unlink()
    shutil.copy(SEED, inputs / "n100.txt")
    third = run([inputs], out)
    assert 0 < third.reused < 80
    fresh = tmp_path / "fresh"
    run([inputs], fresh)
    assert_same_tables(read_all(out), read_all(fresh))
    metrics = read_table(out, "metrics")
    assert (metrics["raw"] == "999起").sum() == 1
    assert validate_output(out) == []


def test_force_processes_everything(inputs, tmp_path):
    out = tmp_path / "out"
    run([inputs], out)
    assert run([inputs], out, force=True).reused == 0


@needs_corpus
@pytest.mark.parametrize("key", ["year", "province", "inspection_kind"])
def test_partitioned_output_reads_back_as_the_sameread_all(key, tmp_path):
    flat, parted = tmp_path / "flat", tmp_path / "parted"
    run([CORPUS], flat)
    run([CORPUS], parted, partition_by=key)
    assert (parted / "notices").is_dir() and not (parted / "notices.parquet").exists()
    assert validate_output(parted) == []
    notices = pd.read_parquet(parted / "notices")  # pandas reads the Hive layout directly
    assert f"by_{key}" in notices.columns and len(notices) == len(read_table(flat, "notices"))
    for table in TABLE_NAMES:  # same rows, whatever the layout (order may differ by partition)
        a = read_table(flat, table)
        b = read_table(parted, table)[[c for c, _ in COLUMNS[table]]]
        assert len(a) == len(b)
        keys = [c for c in a.columns if a[c].map(lambda v: isinstance(v, (str, int, float))).all()][:4]
        assert sorted(map(str, a[keys].values.tolist())) == sorted(map(str, b[keys].values.tolist()))
    run([CORPUS], parted)  # back to single files: the folders go
    assert (parted / "notices.parquet").exists() and not (parted / "notices").exists()


@needs_corpus
def test_partitioned_output_queries_in_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    run([CORPUS], out, partition_by="year")
    rows = duckdb.sql(f"select by_year, count(*) from read_parquet('{out}/notices/**/*.parquet', "
                      f"hive_partitioning=true) group by by_year order by by_year").fetchall()
    assert sum(n for _, n in rows) == len(read_table(out, "notices"))


def test_dask_executor_gives_the_sameread_all(inputs, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        run([inputs], tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    run([inputs], tmp_path / "local", workers=2)
    assert_same_tables(read_all(tmp_path / "dask"), read_all(tmp_path / "local"))


def test_dask_units_are_planned_for_the_cluster_not_the_local_cores(inputs, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from pipeline import parts

    planned = []
    plan = parts.plan_units

    def spy(todo, workers, **options):
        planned.append(workers)
        return plan(todo, workers, **options)

    monkeypatch.setattr(parts, "plan_units", spy)
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        run([inputs], tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address, workers=1)
    assert planned == [3]
