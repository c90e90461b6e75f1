"""query: an output folder → a DuckDB connection with one view per Parquet table.

The views are named after the files: ``notices``, ``nodes``, ``problems``, ``measures``, ``dates``,
``metrics``, ``citations``, ``warnings``, ``errors`` from OUT/, and every table in OUT/stats/
(``notice_summary``, ``key_metrics``, ``themes``, ``keywords``, ``timeline``, ``compare_*``). Views
read the files when queried, so nothing is loaded or copied up front. A table written with
``zhenggai run --partition-by`` (a Hive-partitioned folder) is one view too, with its partition
column. A stats table older than OUT's tables (computed before the last run) is left out, with a
``StaleStats`` warning that names it: it would describe notices that are no longer there.
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
import warnings
from pathlib import Path

from .schemas import TABLE_NAMES, arrow_schema

__all__ = ["QueryError", "StaleStats", "connect", "run_query", "stale_stats", "table_paths", "to_jsonable"]


class QueryError(Exception):
    """The SQL failed (syntax, unknown table or column); the message is DuckDB's."""


class StaleStats(UserWarning):
    """Emitted (with warnings.warn) by ``connect`` for the stats tables it leaves out as stale."""


def table_paths(out_dir: str | Path) -> dict[str, Path]:
    """View name → Parquet file (or Hive-partitioned folder), for the tables of ``out_dir`` and ``out_dir/stats``."""
    out_dir = Path(out_dir)
    paths = {path.stem: path for path in sorted(out_dir.glob("*.parquet"))}
    paths.update({name: out_dir / name for name in TABLE_NAMES if (out_dir / name).is_dir() and name not in paths})
    paths.update({path.stem: path for path in sorted((out_dir / "stats").glob("*.parquet"))
                  if path.stem not in paths})
    return paths


def stale_stats(out_dir: str | Path) -> list[str]:
    """The tables in ``out_dir``/stats written before ``out_dir``'s own tables (by a `zhenggai stats`
    or `compare` before the last run), by name; ``stats.read_fresh_stats`` tells which are fresh."""
    from .stats import read_fresh_stats

    names = tuple(path.stem for path in sorted((Path(out_dir) / "stats").glob("*.parquet")))
    fresh = read_fresh_stats(out_dir, names, columns=dict.fromkeys(names, []))  # no column: footers only
    return [name for name in names if name not in fresh]


def _stale_message(out_dir: str | Path, stale: list[str]) -> str:
    """What ``connect`` says of the stats tables it leaves out.

    >>> print(_stale_message("out", ["themes", "compare_issuer"]))
    left out the stats tables computed before the last run into out: themes, compare_issuer; \
refresh them with `zhenggai stats out` (compare_*: `zhenggai compare out --by …`)
    """
    refresh = f"`zhenggai stats {out_dir}`"
    if any(name.startswith("compare_") for name in stale):
        refresh += f" (compare_*: `zhenggai compare {out_dir} --by …`)"
    return (f"left out the stats tables computed before the last run into {out_dir}: {', '.join(stale)}; "
            f"refresh them with {refresh}")


def connect(out_dir: str | Path):
    """An in-memory DuckDB connection with a view per table of ``out_dir`` (see ``table_paths``), but
    for the stats tables older than the last run: those are left out with a ``StaleStats`` warning."""
    import duckdb

    paths = table_paths(out_dir)
    if not paths:
        raise QueryError(f"{out_dir} holds no Parquet tables: run `zhenggai run INPUTS -o {out_dir}` first")
    stale = stale_stats(out_dir)
    if stale:
        warnings.warn(_stale_message(out_dir, stale), StaleStats, stacklevel=2)
        for name in stale:
            if paths.get(name) == Path(out_dir) / "stats" / f"{name}.parquet":
                del paths[name]
    connection = duckdb.connect(":memory:")
    for name, path in paths.items():
        if path.is_dir() and not any(path.rglob("*.parquet")):  # an empty partitioned table
            connection.execute(f'CREATE VIEW "{name}" AS {_empty_select(name)}')
            continue
        source = _quote(path.resolve() / "**" / "*.parquet" if path.is_dir() else path.resolve())
        options = ", hive_partitioning = true" if path.is_dir() else ""
        connection.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet({source}{options})')
    return connection


_SQL_TYPES = {"string": "VARCHAR", "int16": "SMALLINT", "int32": "INTEGER", "int64": "BIGINT",
              "double": "DOUBLE", "bool": "BOOLEAN", "date32[day]": "DATE"}


def _empty_select(table: str) -> str:
    """A SELECT with ``table``'s columns and types and no rows.

    >>> _empty_select("errors").replace("CAST(NULL AS VARCHAR)", "…")
    'SELECT … AS "source_path", … AS "stage", … AS "error" WHERE false'
    """
    columns = ", ".join(f'CAST(NULL AS {_SQL_TYPES.get(str(f.type), "VARCHAR")}) AS "{f.name}"'
                        for f in arrow_schema(table))
    return f"SELECT {columns} WHERE false"


def _quote(path: Path) -> str:
    """``path`` as an SQL string literal.

    >>> _quote(Path("/tmp/o'neil/notices.parquet"))
    "'/tmp/o''neil/notices.parquet'"
    """
    return "'" + str(path).replace("'", "''") + "'"


def run_query(out_dir: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run ``sql`` over the views of ``out_dir``; return the column names and the rows."""
    import duckdb

    connection = connect(out_dir)
    try:
        relation = connection.sql(sql)
        if relation is None:  # a statement without a result (CREATE, SET …)
            return [], []
        return list(relation.columns), relation.fetchall()
    except duckdb.Error as exc:
        raise QueryError(str(exc).strip()) from exc
    finally:
        connection.close()


def to_jsonable(value):
    """A DuckDB value as JSON can hold it: dates as ISO text, NaN and ±inf as null (JSON has neither),
    decimals as floats.

    >>> to_jsonable(dt.date(2020, 4, 29)), to_jsonable(float("nan")), to_jsonable(decimal.Decimal("97.57"))
    ('2020-04-29', None, 97.57)
    >>> to_jsonable(float("inf")), to_jsonable([float("-inf"), 1.5])
    (None, [None, 1.5])
    """
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value
