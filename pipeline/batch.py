"""batch: the only place the stages are wired together.

path → ingest.load → RawDoc → clean.clean → Document → outline.build_outline →
roles.assign_roles → extract.extract_records → NoticeResult →
tabulate.notice_columns → parts (a part folder per work unit, written by workers) → store
(parts merged in input order, committed atomically) → Parquet.
"""
from __future__ import annotations

import os
import shutil
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import ingest
from .errors import ZhenggaiError
from .parts import ChunkPart, write_dealt_unit, write_unit
from .tabulate import Columns, Rows, error_row, notice_columns, notice_rows
from .types import NoticeResult, RawDoc

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class NoticeFailed(UserWarning):
    """Emitted (with warnings.warn) for every input that ends up in the errors table."""


class OutputBusy(UserWarning):
    """Emitted (with warnings.warn) when another run holds the output folder: this one waits for it."""


class RunError(Exception):
    """The run stopped before writing its tables (the previous ones are as they were); the message
    says why. (A folder that cannot be written raises the ``OSError`` itself.)"""


#: what a run says when a worker process was killed (by the kernel's OOM killer, most often)
WORKER_DIED = "a worker process died (out of memory?); nothing was written; rerun, perhaps with fewer --workers"
#: seconds to wait for a Dask scheduler to answer before the run gives up on it
SCHEDULER_TIMEOUT = 10


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a batch run produced."""

    out_dir: Path
    counts: dict[str, int]  # rows per table
    errors: tuple[dict, ...] = ()
    skipped: tuple[str, ...] = ()  # files in input folders that are not notices (.json, .tsv …)
    reused: int = 0  # inputs unchanged since the last run, not processed again

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def analyse(raw: RawDoc) -> NoticeResult:
    """One decoded notice → everything extracted from it."""
    # The stages (and the patterns they compile, ~0.1 s) are imported when a notice is first
    # analysed: a rerun whose inputs are all unchanged reads its parts and never needs them.
    from .clean import clean
    from .extract import extract_records
    from .outline import build_outline
    from .roles import assign_roles

    document = clean(raw)
    outline = build_outline(document.text)
    problems, measures = assign_roles(outline.root, document.text)
    result = NoticeResult(
        document=document,
        meta=None,  # type: ignore[arg-type]  # filled in by extract_records
        root=outline.root,
        problems=tuple(problems),
        measures=tuple(measures),
        issues=document.issues + outline.issues,
    )
    return extract_records(result)


def process_text(text: str, source: str = "<text>") -> Rows:
    """Process one notice given as text; return its rows, keyed by table name."""
    return notice_rows(analyse(RawDoc(source_path=source, text=text, encoding="str", format="txt")))


def process_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Rows:
    """Process one notice file; return its rows, keyed by table name."""
    return notice_rows(analyse(ingest.load(Path(path), max_bytes=max_bytes)))


def discover(inputs: Iterable[str | Path]) -> tuple[list[Path], list[str], list[dict]]:
    """Files to process (sorted, each once), files skipped in folders for their type, and an
    errors row for each folder that could not be listed.

    A file named directly is always processed (and fails if unsupported);
    folders are walked recursively without following symlinked folders.
    """
    files, skipped, unlisted = _discover(inputs)
    return [Path(file) for file in files], skipped, unlisted


def _discover(inputs: Iterable[str | Path]) -> tuple[list[str], list[str], list[dict]]:
    """``discover`` with the files as text: a run keeps a string per file, not a Path object."""
    chosen: set[str] = set()
    skipped: list[str] = []
    unlisted: list[dict] = []

    def note(error: OSError) -> None:
        reason = (error.strerror or str(error)).lower()
        unlisted.append(error_row(_shown(error.filename), "ingest", f"a folder that cannot be listed ({reason})"))

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for folder, dirs, files in os.walk(path, followlinks=False, onerror=note):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # spelled as Path(folder) / name is (Path(".") / "a" is "a", not "./a"), without a
                # Path per file: Path interns every name it parses, and the interpreter's table of
                # interned strings keeps its size after they are gone (2 MB for 20,000 files)
                base = str(Path(folder))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = name if base == "." else os.path.join(base, name)
                    if _name_suffix(name) in ingest.SUPPORTED_SUFFIXES:
                        chosen.add(file)
                    else:
                        skipped.append(file)
        else:
            chosen.add(str(path))
    return sorted(chosen), skipped, sorted(unlisted, key=lambda e: e["source_path"])


def _shown(path) -> str:
    """A path as text that can be stored: bytes that are not UTF-8 become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _name_suffix(name: str) -> str:
    """``_suffix`` of a file name, by Path's rule: from the last dot, unless the name starts or ends there."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _process_one(path: str, max_bytes: int) -> tuple[Columns | None, dict | None]:
    try:
        from .columnar import check_fits  # numpy and pyarrow: only where tables are written

        columns = notice_columns(analyse(ingest.load(Path(path), max_bytes=max_bytes)))
        check_fits(columns)
        return columns, None
    except ZhenggaiError as exc:
        return None, error_row(_shown(path), _stage(exc), _reason(_shown(path), exc))
    except Exception as exc:  # a bug must not stop the batch; it is recorded like bad input
        return None, error_row(_shown(path), "internal", f"{type(exc).__name__}: {exc}")


def _reason(path: str, exc: Exception) -> str:
    """The error message without the path, which has its own column."""
    message = str(exc)
    return message[len(path) + 2:] if message.startswith(f"{path}: ") else message


def _stage(exc: ZhenggaiError) -> str:
    from .errors import IngestError

    return "ingest" if isinstance(exc, IngestError) else "clean"


def _process_unit(job: tuple[list[tuple[str, list[str]]], str, int]) -> list[ChunkPart]:
    """Process a work unit (its chunks' files) into one part folder (runs in a worker)."""
    chunks, folder, max_bytes = job
    return write_unit(chunks, Path(folder), partial(_process_one, max_bytes=max_bytes), shown=_shown)


def _process_dealt(parts_root: str, max_bytes: int) -> list[ChunkPart]:
    """Chunks taken off the run's dispatch into one part folder of about ``UNIT_NOTICES`` files
    (runs in a worker)."""
    from .forking import worker_dispatch

    return write_dealt_unit(worker_dispatch().take(), Path(parts_root), partial(_process_one, max_bytes=max_bytes),
                            _shown)


#: the last this many chunks per worker are dealt biggest first
TAIL_CHUNKS = 4


def _deal_order(chunks: list, workers: int, size: Callable[[str], int]) -> list[tuple[str, tuple[str, ...]]]:
    """``(key, paths)`` of the chunks in the order they are dealt: input order, so that the merge
    reads each worker's folders in turn, but the last few biggest first (by bytes), so that no
    worker is left with a big chunk while the others have nothing to do."""
    tail = max(0, len(chunks) - TAIL_CHUNKS * workers)
    last = sorted(chunks[tail:], key=lambda c: -sum(size(p) for p in c.paths))  # stable: ties keep their order
    return [(c.key, c.paths) for c in chunks[:tail] + last]


def _dealt_results(chunks: list[tuple[str, tuple[str, ...]]], parts_root: Path, max_bytes: int,
                   workers: int) -> Iterator[list[ChunkPart]]:
    """What local worker processes wrote, a part folder at a time as each is sealed.

    The chunks are dealt one at a time in input order to whichever worker is free, so the
    workers finish within a chunk of each other (shares planned ahead by bytes finished up
    to 12% of the run apart: time does not follow bytes closely enough). Each task fills one
    folder; a new one is submitted while chunks are left. A task's error (or a dead worker's
    ``BrokenProcessPool``) stops the dealing, so the other workers end after their chunk.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    from .forking import Dispatch, forked_pool

    workers = min(workers, len(chunks))  # the caller has run _preload: the workers are forked from it
    dispatch = Dispatch(chunks)
    with forked_pool(workers, dispatch) as pool:
        try:
            running = {pool.submit(_process_dealt, str(parts_root), max_bytes) for _ in range(workers)}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for task in done:
                    result = task.result()
                    if dispatch.left():
                        running.add(pool.submit(_process_dealt, str(parts_root), max_bytes))
                    if result:
                        yield result
        finally:
            dispatch.stop()


def _unit_results(jobs: list[tuple[list[tuple[str, list[str]]], str, int]], workers: int, executor: str,
                  scheduler: str | None) -> Iterator[list[ChunkPart]]:
    """What every job (work unit) wrote, in the order they finish: in this process, or on a Dask cluster.

    On a cluster, jobs are handed out biggest first, so that the last one to finish is a small
    one and no worker sits idle at the end of a batch while another works through a big unit.
    """
    if executor == "dask":
        if not jobs:  # nothing to process: no cluster needed
            return
        from distributed import as_completed
        from distributed.comm import CommClosedError
        from distributed.scheduler import KilledWorker

        order = sorted(range(len(jobs)), key=lambda i: -sum(len(paths) for _, paths in jobs[i][0]))
        with _dask_client(scheduler, workers) as client:
            futures = [client.submit(_process_unit, jobs[i], pure=False) for i in order]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except CommClosedError as exc:  # an OSError, but not the output folder's
                cluster = f"the Dask scheduler at {scheduler}" if scheduler else "the local Dask cluster"
                raise RunError(f"lost the connection to {cluster}; nothing was written") from exc
            except KilledWorker as exc:  # a task whose workers died (out of memory?) one after another
                raise RunError(WORKER_DIED) from exc
        return
    yield from map(_process_unit, jobs)


def _cluster_threads(scheduler: str) -> int:
    """How many tasks the Dask cluster at ``scheduler`` runs at once: units are planned for that many."""
    with _dask_client(scheduler) as client:
        return max(1, sum(client.nthreads().values()))


def _dask_client(scheduler: str | None, workers: int = 1):
    """A Dask client of the scheduler at ``scheduler``, or of a local in-process cluster of ``workers``
    threads; ``RunError`` when the scheduler does not answer within ``SCHEDULER_TIMEOUT`` seconds."""
    from distributed import Client

    if not scheduler:
        return Client(processes=False, n_workers=workers)
    try:
        return Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except (OSError, ValueError) as exc:  # refused, timed out, no such host; ValueError: not an address
        raise RunError(f"cannot reach the Dask scheduler at {scheduler}") from exc


def _preload() -> None:
    """Import and build, once in the parent, what every worker needs, so forked workers share it."""
    import pyarrow.parquet  # noqa: F401

    from . import columnar  # noqa: F401
    from .resources import load_text

    # a small synthetic notice that reaches every lazily built lexicon and pattern
    try:
        notice_columns(analyse(RawDoc(source_path="<warm-up>", text=load_text("warmup.txt"), encoding="str",
                                      format="txt")))
    except Exception:  # only an optimisation: a failure here shows again, per file, in the errors table
        pass


def _duplicate(notice_id: str, path: str, first: str) -> dict:
    return {"notice_id": notice_id, "node_id": None, "kind": "duplicate_notice", "start": None,
            "message": f"{path} has the same cleaned text as {first}; its records are kept once"}


def _dedupe(located: list[ChunkPart]):
    """The row filter that keeps each notice's records once (from its first file), and the warnings.

    Returns ``(keep, warnings)``; ``keep`` is None when no two files share a text (the common
    case: parts are copied as they are). Otherwise it fills ``notices.duplicate_of`` and drops,
    from each part, the records of notices whose first file is in an earlier part. The filter
    keeps only the texts that repeat, not one entry per file.
    """
    first: dict[str, tuple[int, str]] = {}
    warnings_rows: list[dict] = []
    for index, chunk_part in enumerate(located):
        for notice_id, path in chunk_part.file_notices():
            if notice_id in first:
                warnings_rows.append(_duplicate(notice_id, path, first[notice_id][1]))
            else:
                first[notice_id] = (index, path)
    if not warnings_rows:
        return None, []
    first = {row["notice_id"]: first[row["notice_id"]] for row in warnings_rows}  # the repeated texts only
    dropped = {}
    for index, chunk_part in enumerate(located):
        ids = sorted({i for i, _ in chunk_part.file_notices() if i in first and first[i][0] != index})
        if ids:
            dropped[index] = ids

    def keep(part_index: int, table: str, data: "pyarrow.Table") -> "pyarrow.Table":
        import pyarrow.compute as pc

        from .columnar import column_array

        if table == "errors" or data.num_rows == 0:
            return data
        if table == "notices":  # one row per file: small enough to rewrite in Python
            ids, paths = data.column("notice_id").to_pylist(), data.column("source_path").to_pylist()
            duplicate_of = [first[i][1] if i in first and first[i][1] != p else None for i, p in zip(ids, paths)]
            return data.set_column(data.schema.get_field_index("duplicate_of"), "duplicate_of",
                                   column_array("string", duplicate_of))
        if part_index not in dropped:
            return data
        value_set = column_array("string", dropped[part_index])
        return data.filter(pc.invert(pc.is_in(data.column("notice_id"), value_set=value_set)))

    return keep, warnings_rows


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    partition_by: str | None = None,
    executor: str = "process",
    scheduler: str | None = None,
) -> RunSummary:
    """Process every notice under ``inputs`` and write the tables to ``out_dir``.

    Bad files never stop the batch: each is recorded in the ``errors`` table
    and announced with a ``NoticeFailed`` warning. Inputs unchanged since the
    last run into ``out_dir`` are not processed again (``force`` rebuilds);
    the tables are identical whatever the order of the inputs, the number of
    workers, or what was cached. ``partition_by`` (year, province or
    inspection_kind) writes Hive-partitioned datasets instead of single files;
    ``executor="dask"`` sends the chunks to the Dask cluster at ``scheduler``.

    A run that fails leaves the previous tables as they were and removes the part folders it
    wrote (a full disk is not left full). It raises ``RunError`` when a worker process dies or
    the scheduler cannot be reached, and the ``OSError`` when the output folder cannot be
    written (full, read-only); a bad input file never fails the run.
    """
    from concurrent.futures.process import BrokenProcessPool

    if scheduler and executor != "dask":
        raise ValueError("a scheduler is for executor='dask'")
    out_dir = Path(out_dir)
    with _locked(out_dir):
        try:
            return _run_locked(inputs, out_dir, workers=workers, max_bytes=max_bytes, progress=progress,
                               force=force, partition_by=partition_by, executor=executor, scheduler=scheduler)
        except BrokenProcessPool as exc:
            _drop_unsaved_parts(out_dir)
            raise RunError(WORKER_DIED) from exc
        except BaseException:
            _drop_unsaved_parts(out_dir)
            raise


def _drop_unsaved_parts(out_dir: Path) -> None:
    """After a failed run: remove the part folders the manifest does not name (what the run wrote,
    finished or not), so that a later run has the room it needs."""
    from . import manifest, parts

    parts.drop_stale(manifest.cache_dir(out_dir) / "parts", set(manifest.load_manifest(out_dir).parts.values()))


@contextmanager
def _locked(out_dir: Path):
    """Hold an exclusive lock on the output folder: concurrent runs into it wait for each other.

    Worker processes inherit the lock, so a run whose parent was killed keeps
    the folder locked until its last worker has finished.
    """
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".zhenggai-lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            warnings.warn(f"{out_dir} is in use by another zhenggai run; waiting for it", OutputBusy, stacklevel=3)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _run_locked(inputs, out_dir: Path, *, workers, max_bytes, progress, force, partition_by, executor,
                scheduler) -> RunSummary:
    from . import manifest, parts, pattern_cache, store

    version = manifest.pipeline_version()
    inputs = list(inputs)
    parts_root = manifest.cache_dir(out_dir) / "parts"
    parts.drop_unfinished(parts_root)  # a killed run's: the room they take may be what this run needs
    if executor == "process" and workers > 1 and not (len(inputs) == 1 and os.path.isfile(inputs[0])):
        _preload()  # the workers are forked from it (one worker, or one file: the parent does the work)
    # what lives for the whole run (imports, lexicons, the version) is built first, and what the run
    # keeps per file is one string (its path) until the workers are done: objects made and freed
    # per file leave gaps in the allocator's 1 MiB arenas, and an arena that keeps one live object
    # is never returned, so the parent would grow with the batch
    paths, skipped, unlisted = _discover(inputs)
    old = manifest.Manifest("", {}, {}) if force else manifest.load_manifest(out_dir)
    spool = manifest.FileSpool(out_dir)  # the file states wait there for the manifest
    try:
        sizes: dict[str, int] = {}

        def scanned():
            for path, state in manifest.iter_states(paths, old.files):
                spool.add(path, state)
                sizes[path] = state.size
                yield path, state

        # the size limit decides what a file becomes (rows or a TooLarge error): part of every chunk's key
        chunks = manifest.chunk_states(scanned(), f"{version}|max_bytes={max_bytes}")
        spool.close()
        del paths
        located: dict[str, ChunkPart] = {}
        for folder in sorted({old.parts[c.key] for c in chunks if c.key in old.parts}):
            located.update(parts.load_unit(parts_root / folder))
        del old
        todo = [c for c in chunks if c.key not in located]
        if executor == "process" and workers > 1 and len(todo) > 1:
            results = _dealt_results(_deal_order(todo, workers, sizes.__getitem__), parts_root, max_bytes, workers)
        else:
            if executor == "dask" and scheduler and todo:
                workers = _cluster_threads(scheduler)
            units = parts.plan_units(todo, workers, size=sizes.__getitem__)
            results = _unit_results([([(c.key, c.paths) for c in unit], str(parts.unit_folder(parts_root, unit)),
                                      max_bytes) for unit in units], workers, executor, scheduler)
            del units
        del sizes
        reused = 0
        for chunk in chunks:
            if chunk.key in located:
                reused += len(chunk.paths)
                if progress:
                    for path in chunk.paths:
                        progress(path)
        keys = [c.key for c in chunks]
        del chunks, todo
        for result in results:
            for chunk_part in result:
                located[chunk_part.key] = chunk_part
                if progress:
                    for path in chunk_part.file_paths():
                        progress(path)
        del results
        ordered = [located[key] for key in keys]
        del located, keys
        errors = unlisted + [row for c in ordered for _, row in c.errors]
        for error in errors:
            warnings.warn(f"{error['source_path']}: {error['error']}", NoticeFailed, stacklevel=2)
        keep, duplicate_warnings = _dedupe(ordered)
        slices, folders = [c.slice for c in ordered], {c.key: c.folder.name for c in ordered}
        del ordered  # each file's path and notice id: not needed any more
        workspace = store.new_workspace(out_dir)
        try:
            merged = workspace / "merged"
            counts = store.merge_parts(slices, merged, keep=keep,
                                       extra={"warnings": duplicate_warnings, "errors": unlisted})
            if partition_by:
                store.partition(merged, workspace / "partitioned", partition_by)
                store.commit(workspace / "partitioned", out_dir, partitioned=True)
            else:
                store.commit(merged, out_dir)
            manifest.save_manifest(out_dir, manifest.Manifest(version, spool.path, folders))
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
    finally:
        spool.discard()
    parts.drop_stale(parts_root, set(folders.values()))
    pattern_cache.save()  # what this run compiled, for the next run to skip
    return RunSummary(out_dir=out_dir, counts=counts, errors=tuple(errors), skipped=tuple(skipped),
                      reused=reused)
