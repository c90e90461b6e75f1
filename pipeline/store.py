"""store: table rows → Parquet files in an output folder, written atomically.

``TableSink`` streams rows into Parquet writers inside a temporary folder
next to the output (so memory does not grow with the batch), and only
``commit`` moves the finished files into place, each with an atomic
``os.replace``. A run killed before ``commit`` leaves the previous outputs
untouched; no reader ever sees a half-written Parquet file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from .schemas import TABLE_NAMES, arrow_schema

FLUSH_ROWS = 2_000


class TableSink:
    """Collects rows table by table and writes them as Parquet on commit."""

    def __init__(self, out_dir: Path, tables: Iterable[str] = TABLE_NAMES):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_dir = Path(tempfile.mkdtemp(prefix=".zhenggai-tmp-", dir=self.out_dir))
        self.tables = tuple(tables)
        self._buffers: dict[str, list[dict]] = {t: [] for t in self.tables}
        self._writers: dict = {}
        self.counts: dict[str, int] = {t: 0 for t in self.tables}

    def add(self, rows: dict[str, list[dict]]) -> None:
        for table, table_rows in rows.items():
            self._buffers[table].extend(table_rows)
            self.counts[table] += len(table_rows)
            if len(self._buffers[table]) >= FLUSH_ROWS:
                self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema(table)
        batch = pa.Table.from_pylist(self._buffers[table], schema=schema)
        if table not in self._writers:
            self._writers[table] = pq.ParquetWriter(self.tmp_dir / f"{table}.parquet", schema, compression="zstd")
        self._writers[table].write_table(batch)
        self._buffers[table] = []

    def commit(self) -> list[Path]:
        """Finish every table and move it into ``out_dir``; return the written paths."""
        written = []
        for table in self.tables:
            self._flush(table)
            self._writers.pop(table).close()
        for table in self.tables:
            target = self.out_dir / f"{table}.parquet"
            os.replace(self.tmp_dir / f"{table}.parquet", target)
            written.append(target)
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
        return written

    def abort(self) -> None:
        """Drop everything written so far; the previous outputs stay as they were."""
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)


def read_table(out_dir: Path, table: str):
    """Read one table of an output folder as a DataFrame."""
    import pandas as pd

    return pd.read_parquet(Path(out_dir) / f"{table}.parquet")
