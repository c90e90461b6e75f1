"""parts: a batch's work units, and the part folders they leave in the cache.

The chunks of a run (``manifest.split_chunks``) that need processing become
part folders of about ``UNIT_NOTICES`` files each. Local workers take the chunks
one at a time, in input order, off a counter they share (``forking.Dispatch``),
each task filling one folder (``write_dealt_unit``), so no worker waits at the end
of a batch while another works through a share planned too big. Where the work is
planned ahead (one process, or a Dask cluster), consecutive chunks are grouped
into *units* (``plan_units``) and each becomes one folder (``write_unit``).
A folder holds a Parquet file per table in which each chunk fills consecutive
row groups (the same ones in every table), and an ``index.json`` that says which
row groups hold which chunk and what happened to each of its files. A later run
reads an unchanged chunk from whichever part folder holds it; a folder that no
chunk refers to any more is removed.

A part folder is written under a temporary name (``.unit-*``) and renamed when
complete, so a part folder that exists is always whole. A folder whose writing
fails (a full disk) is removed at once; those of killed workers are swept when the
next run into the output folder starts (``drop_unfinished``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from .manifest import Chunk
from .schemas import TABLE_NAMES, arrow_schema
from .store import PartSlice, PartWriter
from .tabulate import Columns

#: files per work unit (and so per part file) when the batch is big enough
UNIT_NOTICES = 1_000
INDEX = "index.json"
#: the name prefix of a part folder being written (renamed when sealed)
UNFINISHED = ".unit-"


@dataclass(frozen=True, slots=True)
class Entry:
    """What happened to one input file: its notice, or its errors row."""

    path: str
    notice_id: str | None
    error: dict | None


#: separates the files of a chunk in ``ChunkPart.paths`` and ``ChunkPart.notice_ids`` (no path holds it)
SEP = "\0"


@dataclass(frozen=True, slots=True)
class ChunkPart:
    """Where a processed chunk's rows are: row groups ``first … first + count - 1`` of ``folder``,
    and what happened to each of its files.

    The parent keeps one of these per chunk for the whole run, so the files are not one object
    each: ``paths`` and ``notice_ids`` are single strings (``SEP`` between files; an empty id for
    a file that failed), and ``errors`` holds ``(file index, errors row)`` for the files that failed.
    ``entries`` gives them back one by one.
    """

    key: str
    folder: Path
    first: int
    count: int
    paths: str
    notice_ids: str
    errors: tuple[tuple[int, dict], ...]

    @staticmethod
    def of(key: str, folder: Path, first: int, count: int, entries: list[Entry]) -> "ChunkPart":
        return ChunkPart(key, folder, first, count, SEP.join(e.path for e in entries),
                         SEP.join(e.notice_id or "" for e in entries),
                         tuple((i, e.error) for i, e in enumerate(entries) if e.error is not None))

    def file_paths(self) -> list[str]:
        return self.paths.split(SEP) if self.paths else []

    def file_notices(self) -> list[tuple[str, str]]:
        """``(notice id, path)`` of each file that became a notice, in order."""
        if not self.paths:
            return []
        return [(i, p) for i, p in zip(self.notice_ids.split(SEP), self.paths.split(SEP)) if i]

    @property
    def entries(self) -> tuple[Entry, ...]:
        errors = dict(self.errors)
        ids = self.notice_ids.split(SEP) if self.paths else []
        return tuple(Entry(path, ids[i] or None, errors.get(i)) for i, path in enumerate(self.file_paths()))

    @property
    def slice(self) -> PartSlice:
        return PartSlice(self.folder, self.first, self.count)


def plan_units(chunks: list[Chunk], workers: int, size: Callable[[str], int] | None = None) -> list[list[Chunk]]:
    """Consecutive chunks grouped into units of about ``UNIT_NOTICES`` files, or, when the batch
    is smaller than that per worker, into one unit per worker of about equal bytes (``size``
    of a path; equal file counts when not given): with as many units as workers, a unit that
    takes longer than the others leaves a worker idle, and time goes with bytes, not files."""
    size = size or (lambda path: 1)
    weights = [sum(max(0, size(p)) for p in c.paths) for c in chunks]
    share = max(1.0, sum(weights) / max(1, workers))  # empty files weigh nothing: never a unit each
    units: list[list[Chunk]] = []
    current: list[Chunk] = []
    files = weight = 0
    for chunk, chunk_weight in zip(chunks, weights):
        current.append(chunk)
        files += len(chunk.paths)
        weight += chunk_weight
        if files >= UNIT_NOTICES or weight >= share:
            units.append(current)
            current, files, weight = [], 0, 0
    if current:
        units.append(current)
    return units


def unit_folder(parts_root: Path, unit: list[Chunk]) -> Path:
    """The part folder of a unit, named by its chunks' keys."""
    return _folder_of(parts_root, [chunk.key for chunk in unit])


def _folder_of(parts_root: Path, keys: list[str]) -> Path:
    digest = hashlib.blake2b(digest_size=12)
    for key in keys:
        digest.update(key.encode())
    return Path(parts_root) / digest.hexdigest()


Process = Callable[[str], "tuple[Columns | None, dict | None]"]  # path → (columns, None) or (None, errors row)


class UnitWriter:
    """One part folder being written, a chunk at a time, under a temporary name until ``seal``.

    ``folder`` is the folder's final path; when None, ``seal`` names it after the chunks it
    got (as ``unit_folder`` would), for a worker that learns its chunks as it goes.
    """

    def __init__(self, parts_root: Path, process: Process, shown: Callable[[str], str] = str,
                 folder: Path | None = None):
        self.parts_root = Path(parts_root)
        self.parts_root.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._process, self._shown = process, shown
        # swept by drop_unfinished if the process is killed
        self._tmp = Path(tempfile.mkdtemp(prefix=UNFINISHED, dir=self.parts_root))
        self._writer = PartWriter(self._tmp)
        self._chunks: list[tuple[str, int, int, list[Entry]]] = []
        self.files = 0

    def add(self, key: str, paths: list[str]) -> None:
        """Process the files of one chunk into the next row groups.

        A notice whose text repeats within a chunk has its records written once; across
        chunks they are written again (a chunk may be reused without the other), and the
        merge keeps the first.
        """
        writer = self._writer
        first = writer.row_groups
        entries: list[Entry] = []
        written: set[str] = set()
        for path in paths:
            columns, error = self._process(path)
            if error is not None:
                writer.add_rows("errors", [error])
                entries.append(Entry(self._shown(path), None, error))
                continue
            notice_id = columns["notices"]["notice_id"][0]
            writer.add(columns if notice_id not in written else {"notices": columns["notices"]})
            written.add(notice_id)
            entries.append(Entry(self._shown(path), notice_id, None))
        writer.flush()
        self._chunks.append((key, first, writer.row_groups - first, entries))
        self.files += len(paths)

    def seal(self) -> list[ChunkPart]:
        """Close the files, write the index and move the folder to its final name; what it holds."""
        self._writer.close()
        final = self.folder or _folder_of(self.parts_root, [key for key, *_ in self._chunks])
        located = [ChunkPart.of(key, final, first, count, entries) for key, first, count, entries in self._chunks]
        index = [{"key": c.key, "first": c.first, "count": c.count, "entries": [asdict(e) for e in c.entries]}
                 for c in located]
        (self._tmp / INDEX).write_text(json.dumps(index), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(self._tmp, final)
        return located

    def abort(self) -> None:
        """Close the files and remove the unfinished folder (a full disk must not stay full)."""
        self._writer.discard()
        shutil.rmtree(self._tmp, ignore_errors=True)


def write_unit(chunks: list[tuple[str, list[str]]], folder: Path, process: Process,
               shown: Callable[[str], str] = str) -> list[ChunkPart]:
    """Process the files of each ``(chunk key, paths)`` into the part folder ``folder``."""
    unit = UnitWriter(Path(folder).parent, process, shown, folder=Path(folder))
    with _aborted_on_error(unit):
        for key, paths in chunks:
            unit.add(key, paths)
        return unit.seal()


def write_dealt_unit(chunks: Iterator[tuple[str, list[str]]], parts_root: Path, process: Process,
                     shown: Callable[[str], str] = str) -> list[ChunkPart]:
    """Take chunks off ``chunks`` (dealt to several workers) until this unit holds ``UNIT_NOTICES``
    files or none are left, into one part folder named after them; what it holds (none: no folder)."""
    unit: UnitWriter | None = None
    for key, paths in chunks:
        unit = unit or UnitWriter(parts_root, process, shown)
        with _aborted_on_error(unit):
            unit.add(key, paths)
        if unit.files >= UNIT_NOTICES:
            break
    if unit is None:
        return []
    with _aborted_on_error(unit):
        return unit.seal()


@contextmanager
def _aborted_on_error(unit: UnitWriter) -> Iterator[None]:
    """Remove ``unit``'s unfinished folder when the block raises (then re-raise)."""
    try:
        yield
    except BaseException:
        unit.abort()
        raise


def load_unit(folder: Path) -> dict[str, ChunkPart]:
    """The chunks a part folder holds, by key; none when the folder is missing, its index is
    unreadable, or a table file is missing or damaged (its chunks are then processed again)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        chunks = {}
        for c in index:
            entries = [Entry(**e) for e in c["entries"]]
            if any(SEP in e.path or SEP in (e.notice_id or "") for e in entries):
                raise ValueError(f"{folder / INDEX}: a path or notice id holds {SEP!r}")
            chunks[c["key"]] = ChunkPart.of(c["key"], folder, c["first"], c["count"], entries)
        groups = max((c.first + c.count for c in chunks.values()), default=0)
        for table in TABLE_NAMES:
            with pq.ParquetFile(folder / f"{table}.parquet") as file:
                if file.metadata.num_row_groups != groups or file.schema_arrow != arrow_schema(table):
                    return {}
        return chunks
    except (OSError, ValueError, TypeError, KeyError, pa.ArrowException):
        return {}


def drop_stale(parts_root: Path, keep: set[str]) -> None:
    """Remove part folders no chunk refers to, and leftovers of killed runs."""
    if Path(parts_root).is_dir():
        for part in Path(parts_root).iterdir():
            if part.name not in keep:
                shutil.rmtree(part, ignore_errors=True)


def drop_unfinished(parts_root: Path) -> None:
    """Remove the unfinished part folders (``.unit-*``) that killed or failed runs left behind.

    Runs into an output folder hold its lock, so none is being written while a run holds it.
    """
    for part in Path(parts_root).glob(f"{UNFINISHED}*"):
        shutil.rmtree(part, ignore_errors=True)
