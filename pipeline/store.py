"""store: table rows → Parquet files in an output folder, written atomically.

Workers stream their rows into *parts* (one Parquet file per table per chunk
of inputs) inside a temporary folder next to the outputs. ``merge_parts``
joins the parts in input order into one file per table, row group by row
group, so memory does not grow with the batch; ``commit`` then moves each
finished table into place with an atomic ``os.replace``. A run killed at any
moment before ``commit`` leaves the previous outputs untouched, and no reader
ever sees a half-written Parquet file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from .schemas import TABLE_NAMES, arrow_schema

FLUSH_ROWS = 2_000
TMP_PREFIX = ".zhenggai-tmp-"


class PartWriter:
    """Streams rows, table by table, into Parquet files in ``folder``."""

    def __init__(self, folder: Path, tables: Iterable[str] = TABLE_NAMES):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
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

        self._write(table, pa.Table.from_pylist(self._buffers[table], schema=arrow_schema(table)))
        self._buffers[table] = []

    def _write(self, table: str, data) -> None:
        import pyarrow.parquet as pq

        if table not in self._writers:
            self._writers[table] = pq.ParquetWriter(self.folder / f"{table}.parquet", arrow_schema(table),
                                                    compression="zstd")
        self._writers[table].write_table(data)

    def close(self) -> dict[str, int]:
        """Write what is buffered and close every file (empty tables get an empty file)."""
        for table in self.tables:
            self._flush(table)
            self._writers.pop(table).close()
        return dict(self.counts)


def new_workspace(out_dir: Path) -> Path:
    """A fresh temporary folder inside ``out_dir`` (same filesystem, so moves are atomic)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f"{TMP_PREFIX}*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out_dir))


RowFilter = Callable[[int, str, "object"], "object"]  # (part index, table, pyarrow.Table) → pyarrow.Table


def merge_parts(parts: list[Path], target: Path, keep: RowFilter | None = None,
                extra: dict[str, list[dict]] | None = None) -> dict[str, int]:
    """Concatenate the part folders (in order) into one file per table in ``target``.

    ``keep(part_index, table, data)`` may filter or rewrite each part's rows before they are written;
    ``extra`` rows are appended at the end of their table.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = PartWriter(target)
    for table in TABLE_NAMES:
        for index, part in enumerate(parts):
            path = part / f"{table}.parquet"
            if not path.exists():
                continue
            source = pq.ParquetFile(path)
            for group in range(source.num_row_groups):
                data = source.read_row_group(group)
                if keep is not None:
                    data = keep(index, table, data)
                if data.num_rows:
                    writer._write(table, data)
                    writer.counts[table] += data.num_rows
        if extra and extra.get(table):
            writer._write(table, pa.Table.from_pylist(extra[table], schema=arrow_schema(table)))
            writer.counts[table] += len(extra[table])
    return writer.close()


def commit(workspace: Path, out_dir: Path, tables: Iterable[str] = TABLE_NAMES) -> list[Path]:
    """Move the finished tables from ``workspace`` into ``out_dir``; drop the workspace."""
    written = []
    for table in tables:
        target = Path(out_dir) / f"{table}.parquet"
        os.replace(workspace / f"{table}.parquet", target)
        written.append(target)
    shutil.rmtree(workspace, ignore_errors=True)
    return written


def read_table(out_dir: Path, table: str):
    """Read one table of an output folder as a DataFrame."""
    import pandas as pd

    return pd.read_parquet(Path(out_dir) / f"{table}.parquet")
