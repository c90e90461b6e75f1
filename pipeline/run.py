"""run: the only place the stages are wired together.

path → ingest.load → RawDoc → clean.clean → Document → outline.build_outline →
roles.assign_roles → extract.extract_records → NoticeResult →
tabulate.notice_rows → store.TableSink → Parquet.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import ingest
from .clean import clean
from .errors import ZhenggaiError
from .extract import extract_records
from .outline import build_outline
from .roles import assign_roles
from .tabulate import Rows, error_row, notice_rows
from .types import NoticeResult, RawDoc

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class NoticeFailed(UserWarning):
    """Emitted (with warnings.warn) for every input that ends up in the errors table."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a batch run produced."""

    out_dir: Path
    counts: dict[str, int]  # rows per table
    errors: tuple[dict, ...] = ()
    skipped: tuple[str, ...] = ()  # files in input folders that are not notices (.json, .tsv …)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def analyse(raw: RawDoc) -> NoticeResult:
    """One decoded notice → everything extracted from it."""
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


def discover(inputs: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files to process (sorted, each once) and files skipped in folders for their type.

    A file named directly is always processed (and fails if unsupported);
    folders are walked recursively without following symlinked folders.
    """
    chosen: dict[str, Path] = {}
    skipped: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(folder) / name
                    if _suffix(file) in ingest.SUPPORTED_SUFFIXES:
                        chosen.setdefault(str(file), file)
                    else:
                        skipped.append(str(file))
        else:
            chosen.setdefault(str(path), path)
    return sorted(chosen.values(), key=str), skipped


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _process_path(args: tuple[str, int]) -> tuple[str, Rows | None, dict | None]:
    path, max_bytes = args
    try:
        return path, process_file(path, max_bytes=max_bytes), None
    except ZhenggaiError as exc:
        return path, None, error_row(path, _stage(exc), str(exc))
    except Exception as exc:  # a bug must not stop the batch; it is recorded like bad input
        return path, None, error_row(path, "internal", f"{type(exc).__name__}: {exc}")


def _stage(exc: ZhenggaiError) -> str:
    from .errors import IngestError

    return "ingest" if isinstance(exc, IngestError) else "clean"


def _results(paths: list[Path], max_bytes: int, workers: int) -> Iterator[tuple[str, Rows | None, dict | None]]:
    jobs = [(str(p), max_bytes) for p in paths]
    if workers <= 1 or len(jobs) < 2:
        yield from map(_process_path, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_process_path, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8) or 1)))


def _duplicate(notice_id: str, path: str, first: str) -> dict:
    return {"notice_id": notice_id, "node_id": None, "kind": "duplicate_notice", "start": None,
            "message": f"{path} has the same cleaned text as {first}; its rows are kept once"}


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
) -> RunSummary:
    """Process every notice under ``inputs`` and write the tables to ``out_dir``.

    Bad files never stop the batch: each is recorded in the ``errors`` table
    and announced with a ``NoticeFailed`` warning.
    """
    from .store import TableSink

    paths, skipped = discover(inputs)
    sink = TableSink(Path(out_dir))
    errors: list[dict] = []
    seen: dict[str, str] = {}  # notice_id → the first file that had that text
    try:
        for path, rows, error in _results(paths, max_bytes, workers):
            if error is not None:
                errors.append(error)
                warnings.warn(f"{path}: {error['error']}", NoticeFailed, stacklevel=2)
                sink.add({"errors": [error]})
            else:
                notice = rows["notices"][0]
                notice_id = notice["notice_id"]
                if notice_id in seen:  # same text again: one notices row per file, records once
                    sink.add({"notices": [{**notice, "duplicate_of": seen[notice_id]}],
                              "warnings": [_duplicate(notice_id, path, seen[notice_id])]})
                else:
                    seen[notice_id] = path
                    sink.add(rows)
            if progress:
                progress(path)
        counts = dict(sink.counts)
        sink.commit()
    except BaseException:
        sink.abort()
        raise
    return RunSummary(out_dir=Path(out_dir), counts=counts, errors=tuple(errors), skipped=tuple(skipped))
