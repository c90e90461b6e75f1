"""`zhenggai query OUT "SQL"` through click's runner: views, the three formats, errors."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli_stats import query_command, stats_command
from pipeline.query import QueryError, run_query, table_paths
from pipeline.schemas import COLUMNS, TABLE_NAMES
from pipeline.stats import STATS_TABLES


@pytest.fixture(scope="module")
def out(seed_out, tmp_path_factory) -> Path:
    """The sample's tables plus its stats tables, in a folder of this module's own."""
    folder = tmp_path_factory.mktemp("query") / "out"
    shutil.copytree(seed_out, folder)
    assert CliRunner().invoke(stats_command, [str(folder), "-q"]).exit_code == 0
    return folder


def query(out: Path, sql: str, *options: str):
    return CliRunner().invoke(query_command, [str(out), sql, *options])


def test_every_table_and_stats_table_is_a_view(out):
    assert set(table_paths(out)) == set(TABLE_NAMES) | set(STATS_TABLES)
    result = query(out, "SELECT table_name FROM information_schema.tables ORDER BY 1", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["table_name", *sorted(set(TABLE_NAMES) | set(STATS_TABLES))]


def test_table_format_prints_aligned_rows_and_a_count(out):
    result = query(out, "SELECT status, count(*) AS n FROM measures GROUP BY status ORDER BY n DESC, status")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        " status  n",
        "   done 81",
        "planned  7",
        "ongoing  6",
        "(3 rows)",
    ]


def test_csv_format(out):
    result = query(out, "SELECT theme, count(*) AS problems FROM themes GROUP BY theme "
                        "ORDER BY problems DESC, theme LIMIT 3", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == "theme,problems\n财务管理,6\n审判质效,5\n执行,5\n"


def test_json_format_joins_base_and_stats_tables(out):
    sql = """SELECT k.raw, k.signed_value, k.comparison, k.mentions, p.title AS problem
             FROM key_metrics k JOIN problems p USING (notice_id, problem_id)
             WHERE k.tier = 'change'"""
    result = query(out, sql, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"raw": "27.7%", "signed_value": -27.7, "comparison": "同比", "mentions": 2, "problem": "服务发展措施不严实"}]


def test_json_writes_dates_as_iso_text_and_nulls_as_null(out):
    result = query(out, "SELECT raw, start, node_id FROM dates ORDER BY char_start LIMIT 1", "--format", "json")
    assert json.loads(result.output) == [{"raw": "2019年9月6日至11月28日", "start": "2019-09-06", "node_id": None}]


def test_bad_sql_is_a_clean_error(out):
    result = query(out, "SELECT * FROM nodez")
    assert result.exit_code == 1
    assert result.output.startswith("Error: Catalog Error") and "nodes" in result.output
    with pytest.raises(QueryError):
        run_query(out, "SELEC 1")


def test_a_folder_without_tables_says_what_to_do(tmp_path):
    result = query(tmp_path, "SELECT 1")
    assert result.exit_code == 1
    assert "holds no Parquet tables: run `zhenggai run" in result.output


def test_the_commands_module_imports_no_heavy_library():
    """`zhenggai --help` stays fast: pandas, duckdb and jieba load only inside the commands."""
    code = ("import sys, pipeline.cli_stats; "
            "print(sorted(m for m in ('pandas', 'duckdb', 'jieba', 'matplotlib') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_partitioned_output_folders_are_views_too(tmp_path):
    """`zhenggai run --partition-by` writes OUT/<table>/by_<key>=<value>/: each table is still one view."""
    import inspect

    from pipeline import run
    from pipeline.stats import compute_stats, read_tables

    if "partition_by" not in inspect.signature(run).parameters:
        pytest.skip("this build of `run` does not partition")
    from conftest import SEED

    out = tmp_path / "out"
    run([SEED], out, partition_by="year")
    assert (out / "notices").is_dir() and not (out / "notices.parquet").exists()
    result = query(out, "SELECT * FROM problems", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 28
    partition = set(rows[0]) - {column for column, _ in COLUMNS["problems"]}  # the partition key, e.g. year
    assert len(partition) == 1
    assert {str(row[key]) for row in rows for key in partition} == {"2020"}
    assert query(out, "SELECT count(*) AS n FROM errors", "--format", "csv").output == "n\n0\n"
    assert compute_stats(read_tables(out))["themes"].shape[0] == 28


def test_json_writes_infinities_as_null(out):
    result = query(out, "SELECT 2 / 0 AS ratio, -1 / 0 AS below, 1.5 AS fine, 'nan'::DOUBLE AS nan", "--format", "json")
    assert result.exit_code == 0, result.output

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    assert json.loads(result.output, parse_constant=refuse) == [{"ratio": None, "below": None, "fine": 1.5,
                                                                 "nan": None}]


@pytest.fixture()
def stale(seed_out, tmp_path) -> Path:
    """A folder whose stats tables were computed before its last run (tables newer than stats)."""
    import os

    folder = tmp_path / "out"
    shutil.copytree(seed_out, folder)
    assert CliRunner().invoke(stats_command, [str(folder), "-q", "-w", "1"]).exit_code == 0
    earlier = min(p.stat().st_mtime for p in folder.glob("*.parquet")) - 60
    for table in (folder / "stats").glob("*.parquet"):  # as if a `zhenggai run` had rewritten OUT's tables since
        os.utime(table, (earlier, earlier))
    return folder


def test_stats_tables_older_than_the_last_run_are_left_out_with_a_warning(stale):
    result = query(stale, "SELECT table_name FROM information_schema.tables ORDER BY 1", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["table_name", *sorted(TABLE_NAMES)]  # stdout: only the result
    warning = result.stderr.strip()
    assert len(warning.splitlines()) == 1 and warning.startswith("warning: ")
    assert all(name in warning for name in STATS_TABLES) and f"zhenggai stats {stale}" in warning
    result = query(stale, "SELECT count(*) FROM themes")  # what the README's example would have read
    assert result.exit_code == 1 and "themes" in result.output


def test_connect_leaves_stale_stats_out_and_stats_brings_them_back(stale):
    from pipeline.query import StaleStats, connect

    with pytest.warns(StaleStats, match="zhenggai stats"):
        views = {name for (name,) in connect(stale).execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()}
    assert views == set(TABLE_NAMES)
    assert CliRunner().invoke(stats_command, [str(stale), "-q", "-w", "1"]).exit_code == 0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", StaleStats)
        assert set(table_paths(stale)) == set(TABLE_NAMES) | set(STATS_TABLES)
        views = {name for (name,) in connect(stale).execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()}
    assert views == set(TABLE_NAMES) | set(STATS_TABLES)
