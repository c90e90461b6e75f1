"""pipeline.stats_stream: stats of a big batch a chunk of notices at a time.

Whatever the chunk size, the tables are those ``stats.compute_stats`` makes from the whole batch
in memory, row for row; tables not stored in the notices' order are read whole instead; a failed
write leaves the stats already in OUT/stats.
"""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli_stats import stats_command
from pipeline.stats import BATCH_IDF_MIN_NOTICES, STATS_TABLES, StatsError, compute_stats, read_tables
from pipeline import stats_stream
from pipeline.stats_stream import OutOfOrder, read_chunks, stream_stats

# three kinds of notice, each written eight times with other numbers and months: enough notices for
# keywords weighed by the batch's own IDF, and problems, measures, dates and metrics in every chunk
_TEMPLATES = (
    """中共{n}县人民法院党组关于巡察整改情况的通报
2021年{m}月12日至{m2}月30日,县委第一巡察组对县人民法院党组进行了巡察。
一、整改落实情况
(一)关于党建工作方面的问题
1.组织生活不规范
(1)规范组织生活。{m2}月,印发《党支部组织生活规范》,各党支部均已按月召开支部党员大会{k}次。
(2)开展专项检查。11月,对各党支部“三会一课”记录进行检查,正在督促整改。
2.执行款发放不及时
(1)清理执行款。截至目前,执行款清查发放进度已完成9{k}.5%,诉讼收案同比减少1{k}.2%。
""",
    """中共{n}县财政局党组关于巡察整改进展情况的通报
根据县委统一部署,2022年{m}月,县委第三巡察组对县财政局党组开展了常规巡察。
一、整改工作开展情况
(一)关于预算管理方面的问题
1.预算执行进度偏慢。{m2}月,印发《预算执行管理办法》,预算执行率已达到8{k}%,收回结余资金{k}6.5万元。
2.政府采购管理不规范。修订《政府采购内部控制制度》,对{k}个项目开展复查。
二、下一步工作打算
继续抓好未完成的{k}项整改任务,力争12月底前全部完成。
""",
    """某{n}县审计局关于审计整改情况的报告
根据审计工作安排,县审计局对县卫健局2022年度预算执行情况进行了审计。
一、审计发现问题的整改情况
(一)关于专项资金管理方面的问题
1.专项资金拨付滞后
(1)加快资金拨付。2023年{m}月,拨付专项资金{k}28万元,拨付率达到9{k}%。
(2)建立台账。对{k}家医疗机构逐一建立资金台账。
""",
)
_COUNTIES = "甲乙丙丁戊己庚辛"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream")
    (folder / "in").mkdir()
    for i, county in enumerate(_COUNTIES):
        for j, template in enumerate(_TEMPLATES):
            text = template.format(n=county, m=1 + i, m2=3 + i, k=1 + (i + j) % 8)
            (folder / "in" / f"{i}{j}.txt").write_text(text, encoding="utf-8")
    run([folder / "in"], folder / "out")
    assert len(_TEMPLATES) * len(_COUNTIES) >= BATCH_IDF_MIN_NOTICES
    return folder / "out"


@pytest.fixture(scope="module")
def messy_batch(batch, tmp_path_factory):
    """The batch with a file that fails (an error row, no notice_id) and a copy of a notice (its
    duplicate_notice warning is written after every other row)."""
    folder = tmp_path_factory.mktemp("messy")
    (folder / "in").mkdir()
    for path in sorted((batch.parent / "in").iterdir()):
        (folder / "in" / path.name).write_bytes(path.read_bytes())
    (folder / "in" / "99.txt").write_bytes((batch.parent / "in" / "00.txt").read_bytes())  # the first notice again
    (folder / "in" / "98.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.warns(Warning):
        run([folder / "in"], folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def whole(batch) -> dict:
    return compute_stats(read_tables(batch))


def _written(out) -> dict:
    return {name: pd.read_parquet(out / "stats" / f"{name}.parquet") for name in STATS_TABLES}


def _assert_same(got: dict, want: dict) -> None:
    for name in STATS_TABLES:
        assert len(got[name]) == len(want[name]), name
        pd.testing.assert_frame_equal(got[name].reset_index(drop=True), want[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)


@pytest.mark.parametrize("per_chunk", [1, 5, 7, 23])
def test_streamed_stats_equal_the_whole_batch_in_memory(batch, whole, per_chunk):
    stream_stats(batch, notices_per_chunk=per_chunk)
    got = _written(batch)
    _assert_same(got, whole)
    assert set(got["keywords"].idf) == {"batch"}  # the batch's IDF, though no chunk has 20 notices


def test_a_batch_with_failed_files_and_copies_streams_too(messy_batch):
    assert not pd.read_parquet(messy_batch / "errors.parquet").empty
    assert len(list(read_chunks(messy_batch, 5))) == 5  # no OutOfOrder: 24 notices (and the copy) in chunks of 5
    want = compute_stats(read_tables(messy_batch))
    stream_stats(messy_batch, notices_per_chunk=5)
    _assert_same(_written(messy_batch), want)


def test_a_failed_write_of_a_small_batch_leaves_every_table_as_it_was(batch, monkeypatch):
    stream_stats(batch)  # 24 notices: read whole
    before = {name: (batch / "stats" / f"{name}.parquet").read_bytes() for name in STATS_TABLES}
    written = []
    original = pd.DataFrame.to_parquet

    def third_fails(frame, path, *args, **kwargs):
        written.append(path)
        if len(written) == 3:
            raise OSError("disk full")
        return original(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", third_fails)
    with pytest.raises(OSError, match="disk full"):
        stream_stats(batch)
    assert {name: (batch / "stats" / f"{name}.parquet").read_bytes() for name in STATS_TABLES} == before


def test_a_workspace_is_swept_only_when_its_process_is_gone(tmp_path):
    import subprocess
    import sys

    from pipeline.store import TMP_PREFIX, new_workspace

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ours, dead = tmp_path / f"{TMP_PREFIX}{alive.pid}-a", tmp_path / f"{TMP_PREFIX}999999999-b"
        ours.mkdir(), dead.mkdir()
        new_workspace(tmp_path)
        assert ours.exists() and not dead.exists()
    finally:
        alive.kill()
        alive.wait()


def test_each_chunk_holds_the_rows_of_its_notices_only(batch):
    seen = set()
    for tables in read_chunks(batch, 5):
        notices = set(tables["notices"].notice_id)
        assert 0 < len(notices) <= 5 and not notices & seen
        for name in ("nodes", "problems", "measures", "dates", "metrics", "citations"):
            assert set(tables[name].notice_id) <= notices, name
        seen |= notices
    assert seen == set(read_tables(batch)["notices"].notice_id)


def test_a_table_out_of_the_notices_order_is_read_whole(batch, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for path in batch.glob("*.parquet"):
        table = pq.read_table(path)
        if path.stem == "dates":  # the last notices' rows first
            table = table.take(list(range(len(table) - 1, -1, -1)))
        pq.write_table(table, out / path.name)
    with pytest.raises(OutOfOrder):
        list(read_chunks(out, 5))
    stream_stats(out, notices_per_chunk=5)
    _assert_same(_written(out), compute_stats(read_tables(out)))


def test_a_failed_write_leaves_the_stats_before_it(batch, monkeypatch):
    stream_stats(batch, notices_per_chunk=7)
    before = {name: (batch / "stats" / f"{name}.parquet").read_bytes() for name in STATS_TABLES}

    def broken(paths, target):
        raise OSError("disk full")

    monkeypatch.setattr(stats_stream, "_join", broken)
    with pytest.raises(OSError, match="disk full"):
        stream_stats(batch, notices_per_chunk=7)
    assert {name: (batch / "stats" / f"{name}.parquet").read_bytes() for name in STATS_TABLES} == before
    assert not [p for p in (batch / "stats").iterdir() if p.name.startswith(".")]  # no workspace left


def test_stats_of_a_partitioned_batch_stream_too(batch, whole, tmp_path):
    run([batch.parent / "in"], tmp_path / "out", partition_by="inspection_kind")
    stream_stats(tmp_path / "out", notices_per_chunk=4)
    got = _written(tmp_path / "out")
    # partitions hold the notices kind by kind: the same rows, notices in another order
    for name in STATS_TABLES:
        key = [c for c in ("notice_id", "problem_id", "scope", "rank", "month", "start") if c in got[name]]
        pd.testing.assert_frame_equal(got[name].sort_values(key).reset_index(drop=True),
                                      whole[name].sort_values(key).reset_index(drop=True), check_dtype=False)


def test_stats_command_prints_a_chunked_batch_as_a_whole_one(batch, monkeypatch):
    whole_output = CliRunner().invoke(stats_command, [str(batch), "--workers", "1"])
    monkeypatch.setattr(stream_stats, "__defaults__", (1, 5))  # the command's batch, 5 notices at a time
    chunked_output = CliRunner().invoke(stats_command, [str(batch), "--workers", "1"])
    assert whole_output.exit_code == chunked_output.exit_code == 0, chunked_output.output
    assert chunked_output.output == whole_output.output
    assert "more rows (all in the Parquet table)" in chunked_output.output


def test_stream_stats_on_a_folder_without_tables_says_what_to_do(tmp_path):
    with pytest.raises(StatsError, match="zhenggai run"):
        stream_stats(tmp_path)


@pytest.mark.parametrize("chunk", [1, 2])
def test_a_chunk_whose_column_has_no_value_takes_the_type_of_the_others(chunk, tmp_path):
    """A chunk of notices without a problem category stores themes.category as double (pandas' empty
    column); joining it with chunks that have categories (strings) crashed before (review)."""
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("needs ../shared/corpus/dev")
    out = tmp_path / "out"
    run([CORPUS], out)
    stream_stats(out, notices_per_chunk=chunk)
    whole = compute_stats(read_tables(out))
    for name, frame in whole.items():
        got = pd.read_parquet(out / "stats" / f"{name}.parquet")
        pd.testing.assert_frame_equal(got.reset_index(drop=True), frame.reset_index(drop=True), check_dtype=False)
