"""`validate` finds what is wrong with an output folder, and passes sound ones."""
from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.schemas import arrow_schema
from pipeline.validate import validate_output


def _copy(seed_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    return out


def _rewrite(out, table, df):
    pq.write_table(pa.Table.from_pandas(df, schema=arrow_schema(table), preserve_index=False),
                   out / f"{table}.parquet")


def test_sound_output_is_valid(seed_out):
    assert validate_output(seed_out) == []
    result = CliRunner().invoke(cli, ["validate", str(seed_out)])
    assert result.exit_code == 0 and "valid" in result.output


def test_shifted_offsets_are_caught(seed_out, tmp_path):
    out = _copy(seed_out, tmp_path)
    metrics = pd.read_parquet(out / "metrics.parquet")
    metrics.loc[0, "start"] += 1
    _rewrite(out, "metrics", metrics)
    assert [(p.table, p.check) for p in validate_output(out)] == [("metrics", "span")]


def test_dangling_foreign_key_and_repeated_key_are_caught(seed_out, tmp_path):
    out = _copy(seed_out, tmp_path)
    measures = pd.read_parquet(out / "measures.parquet")
    measures.loc[0, "problem_id"] = "9.9.9"
    _rewrite(out, "measures", measures)
    nodes = pd.read_parquet(out / "nodes.parquet")
    _rewrite(out, "nodes", pd.concat([nodes, nodes.iloc[:1]]))
    checks = {(p.table, p.check) for p in validate_output(out)}
    assert ("measures", "foreign_key") in checks and ("nodes", "key") in checks


def test_missing_table_and_wrong_schema_are_caught(seed_out, tmp_path):
    out = _copy(seed_out, tmp_path)
    (out / "citations.parquet").unlink()
    pq.write_table(pa.table({"x": [1]}), out / "dates.parquet")
    result = CliRunner().invoke(cli, ["validate", str(out)])
    assert result.exit_code == 1
    assert "citations: missing" in result.output and "dates: schema" in result.output
