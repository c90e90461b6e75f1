"""store: table rows → Parquet files in an output folder, written atomically.

Workers stream their rows into *parts* (one Parquet file per table per work
unit, see ``parts``) in the output folder's cache. ``merge_parts`` joins slices
of the parts in input order into one file per table, a few row groups at a
time, so memory does not grow with the batch; ``commit`` then moves each
finished table into place with an atomic ``os.replace``. A run killed at any
moment before ``commit`` leaves the previous outputs untouched, and no reader
ever sees a half-written Parquet file.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .schemas import TABLE_NAMES, arrow_schema
from .tabulate import num_rows

#: a part is flushed to Parquet every this many notices: a worker holds a few MB of rows at a time,
#: and row groups are big enough that per-group overhead stays small (8 → 32: writing 2× faster)
FLUSH_NOTICES = 32
#: a merged table's row group ends at this many rows, or sooner at ``GROUP_BYTES`` of data (notices
#: rows carry whole texts): memory holds about one row group per table being merged, and every row
#: group adds ~0.6 KB per column to the footer the writer keeps until the file is closed
GROUP_ROWS = 8_192
GROUP_BYTES = 8 * 2**20
TMP_PREFIX = ".zhenggai-tmp-"
#: part files kept open per table while merging, at most (the least recently read is closed first,
#: and a file is closed after its last slice): as many as there are folders whose slices interleave
#: (one per worker in a fresh run: each filled its folders with the chunks dealt to it), so none is
#: opened twice unless an incremental run draws on more folders than this; an open file holds its
#: footer, ~100 KiB for the notices part of 1,000 files
OPEN_PARTS = 32
#: parts are an intermediate cache read whole, once per run, so they are written fast: no dictionary
#: pages, no statistics (together 1.4× faster); the merged tables that users read have both
PART_OPTIONS = {"compression": "zstd", "use_dictionary": False, "write_statistics": False}
FINAL_OPTIONS = {"compression": "zstd"}
#: columns of whole texts, unique per row: a dictionary for them is wasted work (reads 2.5× slower)
NO_DICTIONARY = frozenset({"text"})


class PartWriter:
    """Streams each table's columns, notice by notice, into Parquet files in ``folder``.

    Every flush writes one row group to every table's file (an empty one where a table
    got no rows), so row group ``i`` of every file holds the same notices, and a
    caller can tell which row groups hold what it added between two flushes
    (``row_groups`` before and after).
    """

    def __init__(self, folder: Path, tables: Iterable[str] = TABLE_NAMES):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tables = tuple(tables)
        self._buffers: dict[str, dict[str, list]] = {t: {} for t in self.tables}
        self._buffered: dict[str, int] = {t: 0 for t in self.tables}
        self._writers: dict = {}
        self.counts: dict[str, int] = {t: 0 for t in self.tables}
        self.row_groups = 0

    def add(self, columns: dict[str, dict[str, list]]) -> None:
        """Buffer one notice's columns (``tabulate.Columns``); flush every ``FLUSH_NOTICES`` notices."""
        for table, table_columns in columns.items():
            rows = num_rows(table_columns)
            if not rows:
                continue
            buffer = self._buffers[table]
            for name, values in table_columns.items():
                if name in buffer:
                    buffer[name].extend(values)
                else:  # a column first seen now: earlier rows hold null in it
                    buffer[name] = [None] * self._buffered[table] + list(values)
            for name, values in buffer.items():
                if name not in table_columns:
                    values.extend([None] * rows)
            self._buffered[table] += rows
            self.counts[table] += rows
        if self._buffered.get("notices", 0) >= FLUSH_NOTICES:
            self.flush()

    def add_rows(self, table: str, rows: list[dict]) -> None:
        """Buffer rows given as dicts (error rows, extra warnings)."""
        from .columnar import columns_from_rows

        self.add({table: columns_from_rows(table, rows)})

    def flush(self) -> None:
        """Write what is buffered as one row group per table (nothing when nothing is buffered)."""
        import pyarrow.parquet as pq

        from .columnar import table_from_columns

        if not any(self._buffered.values()):
            return
        for table in self.tables:
            if table not in self._writers:
                self._writers[table] = pq.ParquetWriter(self.folder / f"{table}.parquet", arrow_schema(table),
                                                        **PART_OPTIONS)
            rows = self._buffered[table]
            # one row group per flush in every file, however many rows (pyarrow splits at 1,048,576 by default)
            self._writers[table].write_table(table_from_columns(table, self._buffers[table], rows),
                                             row_group_size=max(1, rows))
            self._buffers[table], self._buffered[table] = {}, 0
        self.row_groups += 1

    def discard(self) -> None:
        """Close the open files without writing what is buffered (their folder is about to be removed)."""
        while self._writers:
            try:
                self._writers.popitem()[1].close()
            except Exception:  # a full disk may refuse the footer too: the file is removed anyway
                pass

    def close(self) -> dict[str, int]:
        """Write what is buffered and close every file (a table that got no rows gets an empty file)."""
        import pyarrow.parquet as pq

        self.flush()
        for table in self.tables:
            writer = self._writers.pop(table, None) or pq.ParquetWriter(self.folder / f"{table}.parquet",
                                                                        arrow_schema(table), **PART_OPTIONS)
            writer.close()
        return dict(self.counts)


def write_failure(folder: str | Path, exc: OSError) -> str:
    """The one-line message for ``exc``, met while writing into ``folder`` (a full disk, a read-only
    or unwritable folder): what the commands print instead of a traceback.

    >>> import errno
    >>> write_failure(Path("out"), OSError(errno.ENOSPC, "No space left on device", "out/x"))
    'cannot write out: no space left on device'
    >>> write_failure(Path("out"), OSError("disk quota"))
    'cannot write out: disk quota'
    """
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return f"cannot write {folder}: {reason[:1].lower()}{reason[1:]}" if reason else \
        f"cannot write {folder} ({type(exc).__name__})"


def new_workspace(out_dir: Path) -> Path:
    """A fresh temporary folder inside ``out_dir`` (same filesystem, so moves are atomic), named after
    this process; those of processes no longer running (killed runs) are removed, not those of a
    command still at work on the same folder (`zhenggai stats` beside `zhenggai compare`)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f"{TMP_PREFIX}*"):
        if not _running(stale.name[len(TMP_PREFIX):].partition("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=out_dir))


def _running(pid: str) -> bool:
    """Whether the process ``pid`` (a workspace's owner) is alive; False for a name without one."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


RowFilter = Callable[[int, str, "object"], "object"]  # (source index, table, pyarrow.Table) → pyarrow.Table


@dataclass(frozen=True, slots=True)
class PartSlice:
    """Row groups ``first … first + count - 1`` of every table file in the part folder ``folder``."""

    folder: Path
    first: int
    count: int


def merge_parts(sources: list[PartSlice], target: Path, keep: RowFilter | None = None,
                extra: dict[str, list[dict]] | None = None) -> dict[str, int]:
    """Concatenate the slices of part folders (in order) into one file per table in ``target``.

    ``keep(source_index, table, data)`` may filter or rewrite each slice's rows before they are
    written; ``extra`` rows are appended at the end of their table. Slices are read a part row group
    at a time and coalesced into row groups of about ``GROUP_ROWS`` rows (or ``GROUP_BYTES``), so
    memory holds about one row group per table being merged, whatever the size of the batch.
    Tables are merged two at a time in threads: Parquet decoding, encoding and compression
    release the GIL. Returns the rows written per table.
    """
    from concurrent.futures import ThreadPoolExecutor

    target.mkdir(parents=True, exist_ok=True)
    extra = extra or {}

    def merge(table: str) -> int:
        return _merge_table(table, sources, target / f"{table}.parquet", keep, extra.get(table) or [])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(TABLE_NAMES, pool.map(merge, TABLE_NAMES)))


def _interleaved(sources: list[PartSlice], last_use: dict[Path, int]) -> int:
    """How many part folders are between their first and last slice at once, at most (2 to ``OPEN_PARTS``)."""
    active, most, seen = 0, 0, set()
    for index, source in enumerate(sources):
        if source.count and source.folder not in seen:
            seen.add(source.folder)
            active += 1
            most = max(most, active)
        if source.count and last_use[source.folder] == index:
            active -= 1
    return max(2, min(OPEN_PARTS, most))


def _merge_table(table: str, sources: list[PartSlice], target: Path, keep: RowFilter | None,
                 extra: list[dict]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .columnar import table_from_rows

    schema = arrow_schema(table)
    dictionary = [name for name in schema.names if name not in NO_DICTIONARY]
    last_use = {source.folder: index for index, source in enumerate(sources) if source.count}
    open_parts = _interleaved(sources, last_use)
    files: dict[Path, pq.ParquetFile] = {}
    written = 0
    pending: list = []
    pending_rows = pending_bytes = 0
    with pq.ParquetWriter(target, schema, use_dictionary=dictionary, **FINAL_OPTIONS) as writer:
        def emit() -> None:
            nonlocal pending, pending_rows, pending_bytes, written
            if pending_rows:
                writer.write_table(pa.concat_tables(pending), row_group_size=max(GROUP_ROWS, pending_rows))
                written += pending_rows
            pending, pending_rows, pending_bytes = [], 0, 0
            _trim()

        for index, source in enumerate(sources):
            if not source.count:
                continue
            file = files.pop(source.folder, None) or pq.ParquetFile(source.folder / f"{table}.parquet")
            files[source.folder] = file  # most recently used last
            if len(files) > open_parts:  # bounded: slices of an incremental run may alternate between many
                files.pop(next(iter(files))).close()
            # a row group at a time (a part's row group holds at most FLUSH_NOTICES notices): reading a
            # whole slice at once would hold the biggest chunk of the batch, and a bigger batch has bigger
            # chunks
            for group in range(source.first, source.first + source.count):
                data = file.read_row_group(group, use_threads=False)
                if keep is not None:
                    data = keep(index, table, data)
                if data.num_rows:
                    pending.append(data)
                    pending_rows += data.num_rows
                    pending_bytes += data.nbytes
                    if pending_rows >= GROUP_ROWS or pending_bytes >= GROUP_BYTES:
                        emit()
                del data
            if last_use[source.folder] == index:  # its footer (~1 KB per column per row group) is not needed again
                files.pop(source.folder).close()
        if extra:
            pending.append(table_from_rows(table, extra))
            pending_rows += len(extra)
        emit()
    for file in files.values():
        file.close()
    return written


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None on another C library."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _trim() -> None:
    """Give the pages freed in the middle of the C heaps back to the system (glibc returns only the
    top of a heap by itself). Each merged row group frees a row group's worth of Parquet pages and
    Arrow buffers of every size; without this, the holes they leave add up over a long merge and
    the parent's peak grew with the batch (by ~3 MiB from 2,000 to 20,000 notices)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


PARTITION_KEYS = ("year", "province", "inspection_kind")
UNKNOWN = "unknown"


def partition(merged: Path, target: Path, key: str) -> None:
    """Rewrite the merged tables as Hive-partitioned datasets (``<table>/by_<key>=<value>/``).

    Every row is partitioned by its notice's value: ``year`` of the publication date,
    ``province`` or ``inspection_kind`` (``unknown`` when the notice does not say), in an
    extra column ``by_<key>`` so that the notice's own columns keep their values.

    Files holding the same notice (``duplicate_of``) share a ``notice_id``, and their
    records are stored once. Each ``notices`` row is filed by its own value (a copy
    published in 2023 is under ``by_year=2023`` even if the first copy is from 2022);
    every other table's rows, the shared records, are filed with the first copy (the
    row whose ``duplicate_of`` is empty), whose text and dates they were extracted from,
    so that a notice's records are in one partition whichever copy a reader filters on.
    ``errors`` rows name files, not notices: they are filed by their file's notices row
    (``unknown`` when there is none, as for every file that failed).
    """
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if key not in PARTITION_KEYS:
        raise ValueError(f"cannot partition by {key!r}: choose one of {', '.join(PARTITION_KEYS)}")
    column_name = f"by_{key}"
    notices = pq.read_table(merged / "notices.parquet",
                            columns=["notice_id", "source_path", "duplicate_of", *_KEY_COLUMNS[key]])
    by_notice = _first_copy_values(notices, key)
    by_path = dict(zip(notices.column("source_path").to_pylist(), _partition_values(notices, key)))
    del notices
    for table in TABLE_NAMES:
        source = pq.ParquetFile(merged / f"{table}.parquet")

        def batches(source=source, table=table):
            for group in range(source.num_row_groups):
                data = source.read_row_group(group)
                if table == "notices":
                    keys = _partition_values(data, key)
                elif table == "errors":
                    keys = [by_path.get(v, UNKNOWN) for v in data.column("source_path").to_pylist()]
                else:
                    keys = [by_notice.get(v, UNKNOWN) for v in data.column("notice_id").to_pylist()]
                yield from data.append_column(column_name, pa.array(keys, pa.string())).to_batches()

        schema = arrow_schema(table).append(pa.field(column_name, pa.string()))
        ds.write_dataset(pa.RecordBatchReader.from_batches(schema, batches()),
                         target / table, format="parquet", partitioning=[column_name], partitioning_flavor="hive",
                         existing_data_behavior="overwrite_or_ignore",
                         basename_template="part-{i}.parquet")
        (target / table).mkdir(parents=True, exist_ok=True)  # an empty table is an empty dataset
    (target / "_partitioning.json").write_text(json.dumps({"key": key, "column": column_name}), encoding="utf-8")


#: the notices columns a partition key is computed from
_KEY_COLUMNS = {"year": ["published_date"], "province": ["province"], "inspection_kind": ["inspection_kind"]}


def _partition_values(notices, key: str) -> list[str]:
    """The partition value of each row of ``notices`` (a pyarrow Table with the key's column)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if key == "year":
        values = pc.cast(pc.year(notices.column("published_date")), pa.string())
    else:
        values = notices.column(key)
    return pc.fill_null(values, UNKNOWN).to_pylist()


def _first_copy_values(notices, key: str) -> dict[str, str]:
    """notice_id → the partition value of its first copy: the row whose ``duplicate_of`` is empty
    (the first row of the id when none is, as in a folder written by another tool)."""
    values: dict[str, str] = {}
    firsts: set[str] = set()
    for notice_id, copy_of, value in zip(notices.column("notice_id").to_pylist(),
                                         notices.column("duplicate_of").to_pylist(), _partition_values(notices, key)):
        if copy_of is None and notice_id not in firsts:
            firsts.add(notice_id)
            values[notice_id] = value
        else:
            values.setdefault(notice_id, value)
    return values


def commit(workspace: Path, out_dir: Path, tables: Iterable[str] = TABLE_NAMES,
           partitioned: bool = False) -> list[Path]:
    """Move the finished tables from ``workspace`` into ``out_dir``; drop the other layout.

    Single files are replaced atomically with ``os.replace``; a partitioned
    table (a folder) is swapped in with two renames.
    """
    written = []
    for table in tables:
        file, folder = Path(out_dir) / f"{table}.parquet", Path(out_dir) / table
        if partitioned:
            if folder.exists():
                os.replace(folder, workspace / f".old-{table}")
            os.replace(workspace / table, folder)
            if file.exists():
                file.unlink()
            written.append(folder)
        else:
            os.replace(workspace / f"{table}.parquet", file)
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            written.append(file)
    marker = Path(out_dir) / "_partitioning.json"
    if partitioned:
        os.replace(workspace / "_partitioning.json", marker)
    elif marker.exists():
        marker.unlink()
    shutil.rmtree(workspace, ignore_errors=True)
    return written


def table_path(out_dir: Path, table: str) -> Path:
    """Where ``table`` lives in an output folder: ``<table>.parquet``, or ``<table>/`` when partitioned."""
    file = Path(out_dir) / f"{table}.parquet"
    return file if file.exists() else Path(out_dir) / table


def read_arrow(out_dir: Path, table: str, columns: Iterable[str] | None = None, filter=None):
    """Read one table as a pyarrow Table: its declared columns that are present, in declared order;
    with ``columns``, those of them, a column the file lacks as nulls; with ``filter`` (a pyarrow dataset
    expression), the rows it keeps. A missing table reads empty.

    Works on single files and Hive-partitioned folders (partition columns are dropped).
    """
    schema = arrow_schema(table)
    wanted = [f.name for f in schema if columns is None or f.name in set(columns)]
    if not table_path(Path(out_dir), table).exists():  # a table an older run did not write: empty
        return schema.empty_table().select(wanted)
    dataset, present = _dataset(out_dir, table, columns)
    if dataset is None:
        return schema.empty_table().select(wanted)
    data = dataset.to_table(columns=present, filter=filter)
    if columns is None:  # what the file has (``validate`` tells what it lacks)
        return data
    for name in wanted:  # a column asked for that the file lacks (an older run): nulls
        if name not in present:
            import pyarrow as pa

            data = data.append_column(schema.field(name), pa.nulls(data.num_rows, schema.field(name).type))
    return data.select(wanted)


def arrow_batches(out_dir: Path, table: str, rows: int = GROUP_ROWS, columns: Iterable[str] | None = None):
    """One table's record batches of at most ``rows`` rows, in stored order (a partitioned table's
    files in the order of their paths), with the columns ``read_arrow`` reads: a table read a
    little at a time (``stats_stream``), one row group of each file decoded at a time."""
    import pyarrow.parquet as pq

    dataset, columns = _dataset(out_dir, table, columns)
    for path in ([] if dataset is None else sorted(dataset.files)):
        with pq.ParquetFile(path) as file:
            yield from file.iter_batches(batch_size=rows, columns=columns)


def count_rows(out_dir: Path, table: str) -> int:
    """Rows of a table, from the Parquet footers."""
    dataset, _ = _dataset(out_dir, table)
    return 0 if dataset is None else dataset.count_rows()


def _dataset(out_dir: Path, table: str, wanted: Iterable[str] | None = None):
    """(pyarrow dataset, the declared columns it has, of ``wanted`` when given) of a table; (None, [])
    for an empty folder."""
    import pyarrow.dataset as ds

    path = table_path(out_dir, table)
    if path.is_dir():
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        if not dataset.files:
            return None, []
    else:
        dataset = ds.dataset(path, format="parquet")
    present = set(dataset.schema.names) if wanted is None else set(dataset.schema.names) & set(wanted)
    return dataset, [f.name for f in arrow_schema(table) if f.name in present]


def read_table(out_dir: Path, table: str):
    """Read one table of an output folder as a DataFrame."""
    return read_arrow(out_dir, table).to_pandas()
