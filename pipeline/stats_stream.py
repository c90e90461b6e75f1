"""stats_stream: a big output folder's tables → OUT/stats/, a chunk of notices at a time.

    read_chunks(out_dir) → per chunk: word_counts → per_notice_stats → chunk files, words kept on disk
                         → keyword_idf of the whole batch → keyword_rows per chunk
                         → one Parquet file per stats table → OUT/stats/ (os.replace)

Every table stores a notice's rows together and the notices in the same order (``store`` merges
the parts in input order), so the rows of a chunk of notices are the next rows of every table.
Memory holds one chunk's tables and words and the batch's document frequencies, whatever the size
of the batch; the words counted wait on disk until the batch's IDF is known. The tables are those
``stats.compute_stats`` makes from the whole batch in memory, row for row: each stage sorts a
chunk as its part of the whole. A folder whose tables are not in that order (edited, or written
by another tool) is read whole instead, with the same result.
"""
from __future__ import annotations

import pickle
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .schemas import TABLE_NAMES
from .stats import (STATS_TABLES, as_frames, compute_stats, keyword_idf, keyword_rows, per_notice_stats, read_tables,
                    replace_all, word_counts, write_stats)
from .store import arrow_batches, count_rows, new_workspace, table_path

__all__ = ["NOTICES_PER_CHUNK", "OutOfOrder", "RowCursor", "read_chunks", "stream_stats"]

#: notices whose tables are in memory at once: ~120 MB of frames and words at the bench's notices
#: (37 KB of text, 100 measures and 80 dates each); a batch of at most this many is read whole
NOTICES_PER_CHUNK = 500


#: the tables read a chunk at a time besides notices: those the stats stages read (warnings, whose
#: duplicate-notice rows come last, and errors, which name files, not notices, are not)
CHUNKED = ("nodes", "problems", "measures", "dates", "metrics", "citations")


class OutOfOrder(Exception):
    """A table's rows are not stored notice by notice in the notices table's order."""


def stream_stats(out_dir: str | Path, workers: int = 1, notices_per_chunk: int = NOTICES_PER_CHUNK) -> list[Path]:
    """Compute every stats table of OUT's tables into OUT/stats/<name>.parquet; the paths written.

    Up to ``notices_per_chunk`` notices are held at a time; keywords of each chunk are counted by
    ``workers`` processes. The files replace the old ones only once all are written.
    """
    out_dir = Path(out_dir)
    if not table_path(out_dir, "notices").exists():
        read_tables(out_dir)  # raises StatsError with the folder's story
    if count_rows(out_dir, "notices") <= notices_per_chunk:
        return write_stats(compute_stats(read_tables(out_dir), workers), out_dir)
    folder = out_dir / "stats"
    workspace = new_workspace(folder)  # (a killed run's is swept away)
    try:
        try:
            files = _write_chunks(out_dir, workspace, workers, notices_per_chunk)
        except OutOfOrder:
            return write_stats(compute_stats(read_tables(out_dir), workers), out_dir)
        for name, paths in files.items():
            _join(paths, workspace / f"{name}.parquet")
        return replace_all(workspace, folder, list(STATS_TABLES))
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def _write_chunks(out_dir: Path, workspace: Path, workers: int, notices_per_chunk: int) -> dict[str, list[Path]]:
    """Pass 1 writes each chunk's per-notice tables and keeps its words; pass 2 weighs the words
    by the batch's IDF into keywords. Returns each table's chunk files, in order."""
    files: dict[str, list[Path]] = {name: [] for name in STATS_TABLES}
    document_frequency, notices, words = Counter(), 0, []
    for index, tables in enumerate(read_chunks(out_dir, notices_per_chunk)):
        counts = word_counts(tables["notices"], tables["problems"], tables["nodes"], workers)
        for name, frame in per_notice_stats(tables, counts).items():
            files[name].append(_write_frame(frame, workspace / f"{name}-{index:06d}.parquet"))
        document_frequency.update(counts.document_frequency)
        notices += len(tables["notices"])
        problem_keys = list(tables["problems"][["notice_id", "problem_id"]].itertuples(index=False, name=None))
        words.append(workspace / f"words-{index:06d}.pickle")
        with open(words[-1], "wb") as handle:
            pickle.dump((counts.notices, problem_keys), handle, protocol=pickle.HIGHEST_PROTOCOL)
    idf = keyword_idf(document_frequency, notices)
    for index, path in enumerate(words):
        with open(path, "rb") as handle:
            counted, problem_keys = pickle.load(handle)
        path.unlink()
        files["keywords"].append(_write_frame(keyword_rows(counted, problem_keys, idf),
                                              workspace / f"keywords-{index:06d}.parquet"))
    return files


def read_chunks(out_dir: str | Path, notices_per_chunk: int = NOTICES_PER_CHUNK) -> Iterator[dict]:
    """OUT's tables (as ``stats.read_tables`` gives them) for each run of ``notices_per_chunk``
    notices in stored order. Raises ``OutOfOrder`` after the last chunk when a table holds rows
    that none of the chunks took: rows not stored in the notices' order, or of no notice."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out_dir = Path(out_dir)
    cursors = {name: RowCursor(arrow_batches(out_dir, name)) for name in CHUNKED if table_path(out_dir, name).exists()}
    for notices in _notice_runs(out_dir, notices_per_chunk):
        ids = pc.unique(notices.column("notice_id"))
        arrow = dict.fromkeys(TABLE_NAMES)  # warnings and errors: none (the stats do not read them)
        arrow["notices"] = notices
        for name, cursor in cursors.items():
            taken = cursor.take(ids)
            arrow[name] = pa.Table.from_batches(taken) if taken else None
        yield as_frames(arrow)
    if not all(cursor.exhausted() for cursor in cursors.values()):
        raise OutOfOrder(f"{out_dir}: a table's rows are not in the notices' order")


def _notice_runs(out_dir: Path, size: int) -> Iterator:
    """The notices table as pyarrow Tables of ``size`` rows (the last may be shorter)."""
    import pyarrow as pa

    pending, rows = [], 0
    for batch in arrow_batches(out_dir, "notices", rows=size):
        pending.append(pa.Table.from_batches([batch]))
        rows += batch.num_rows
        if rows >= size:
            run = pa.concat_tables(pending)
            yield run.slice(0, size)
            pending, rows = [run.slice(size)], rows - size
    if rows:
        yield pa.concat_tables(pending)


class RowCursor:
    """The rows of one table not handed out yet, read a record batch at a time."""

    def __init__(self, batches):
        self._batches = iter(batches)
        self._batch = None
        self._at = 0

    def take(self, notice_ids) -> list:
        """The next rows whose notice_id is in ``notice_ids``, up to the first that is not."""
        import pyarrow.compute as pc

        taken = []
        while self._fill():
            rest = self._batch.slice(self._at)
            inside = pc.is_in(rest.column("notice_id"), value_set=notice_ids)
            stop = pc.index(inside, False).as_py()
            taken.append(rest if stop < 0 else rest.slice(0, stop))
            self._at += rest.num_rows if stop < 0 else stop
            if stop >= 0:
                break
        return [batch for batch in taken if batch.num_rows]

    def exhausted(self) -> bool:
        return not self._fill()

    def rest(self) -> Iterator:
        """The record batches of the rows not handed out yet."""
        while self._fill():
            yield self._batch.slice(self._at)
            self._batch = None

    def _fill(self) -> bool:
        """Whether a row is left, reading batches until one holds it."""
        while self._batch is None or self._at >= self._batch.num_rows:
            self._batch, self._at = next(self._batches, None), 0
            if self._batch is None:
                return False
        return True


def _write_frame(frame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path


def _join(paths: list[Path], target: Path) -> None:
    """The chunk files of one table as one Parquet file, a chunk in memory at a time; a column that
    is all null in one chunk takes the type the others give it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # a column with no value in a chunk says nothing of its type (pandas stores an empty column of words
    # as double): it takes the type of the chunks that have values, or else the first chunk's
    first = pq.read_schema(paths[0])
    typed = []
    for path in paths:
        data = pq.read_table(path)
        typed.append(pa.schema([pa.field(f.name, pa.null()) if data.column(i).null_count == data.num_rows else f
                                for i, f in enumerate(data.schema)]))
    unified = pa.unify_schemas(typed, promote_options="permissive")
    schema = pa.schema([first.field(f.name) if pa.types.is_null(f.type) and f.name in first.names else f
                        for f in unified], metadata=first.metadata)
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for path in paths:
            writer.write_table(pq.read_table(path).cast(schema))
            path.unlink()
