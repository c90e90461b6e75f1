"""write: an output folder → its report folder, written whole in a temporary folder and then moved into place.

    read_tables(out_dir) + read_fresh_stats → render_report → temporary folder → replaces report_dir
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..stats import StatsError, read_fresh_stats, read_tables
from ..schemas import arrow_schema
from .render import ReportError, render_report, render_report_in_chunks

__all__ = ["MARKER", "ReportSummary", "read_fresh_stats", "stats_used", "write_report"]

MARKER = ".zhenggai-report"  # a folder holding this file is a report write_report may replace


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What ``write_report`` wrote."""

    index: Path  # the batch page
    notice_pages: int
    stats_reused: tuple[str, ...] = ()  # tables read from OUT/stats instead of computed


def stats_used(by: str) -> tuple[str, ...]:
    """The stats tables a report compared by ``by`` draws on."""
    return ("notice_summary", "timeline", "key_metrics", f"compare_{by}", f"compare_{by}_themes",
            f"compare_{by}_metrics")


def write_report(out_dir: str | Path, report_dir: str | Path, *, by: str = "inspection_kind",
                 notices_per_chunk: int | None = None) -> ReportSummary:
    """Build the site from OUT's tables in a temporary folder beside ``report_dir``, then move it into place.

    An existing ``report_dir`` is replaced only when it is empty or an earlier report (it holds
    ``MARKER``); until the new site is complete the old one stays untouched. A batch of more than
    ``notices_per_chunk`` notices (default: ``stats_stream.NOTICES_PER_CHUNK``) is read that many
    notices at a time (``render_report_in_chunks``), with the same files as a whole read.
    """
    from ..stats_stream import NOTICES_PER_CHUNK, OutOfOrder
    from ..store import count_rows, table_path

    out_dir, report_dir = Path(out_dir), Path(report_dir)
    _check_target(out_dir, report_dir)
    if not table_path(out_dir, "notices").exists():
        try:
            read_tables(out_dir)  # raises with the folder's story
        except StatsError as exc:
            raise ReportError(str(exc)) from exc
    notices_per_chunk = notices_per_chunk or NOTICES_PER_CHUNK
    chunked = count_rows(out_dir, "notices") > notices_per_chunk
    # (read a chunk at a time, the notice pages rank each chunk's key metrics themselves)
    stats = read_fresh_stats(out_dir, tuple(name for name in stats_used(by) if not (chunked and name == "key_metrics")))
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in report_dir.parent.glob(f".{report_dir.name}.tmp-*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    workspace = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.tmp-", dir=report_dir.parent))
    pages = 0
    try:
        try:
            pages = _write_files(_files(out_dir, by, stats, chunked, notices_per_chunk), workspace)
        except OutOfOrder:  # tables not stored notice by notice (edited, another tool): read them whole
            shutil.rmtree(workspace)
            workspace.mkdir()
            pages = _write_files(_files(out_dir, by, stats, False, notices_per_chunk), workspace)
        (workspace / MARKER).write_text("written by `zhenggai report`; the folder is replaced on the next run\n",
                                        encoding="utf-8")
        os.chmod(workspace, 0o755)
        _replace_folder(workspace, report_dir)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return ReportSummary(index=report_dir / "index.html", notice_pages=pages, stats_reused=tuple(stats))


def _files(out_dir: Path, by: str, stats: dict, chunked: bool, notices_per_chunk: int):
    """The site's (path, content) pairs, from the tables read whole or a chunk of notices at a time."""
    if not chunked:
        try:
            tables = read_tables(out_dir)
        except StatsError as exc:
            raise ReportError(str(exc)) from exc
        return render_report(tables, by, stats)
    from ..stats import as_frames
    from ..stats_stream import read_chunks
    from ..store import count_rows, read_arrow, table_path
    from .batch_page import COUNTED

    schema_names = [f.name for f in arrow_schema("notices") if f.name != "text"]
    frames = as_frames({"notices": read_arrow(out_dir, "notices", schema_names), "errors": read_arrow(out_dir, "errors")})
    batch = {"notices": frames["notices"], "errors": frames["errors"],
             "warnings": read_arrow(out_dir, "warnings", ("notice_id",)).to_pandas(),
             "measures": read_arrow(out_dir, "measures", ("notice_id", "problem_id", "status")).to_pandas(),
             "counts": {name: count_rows(out_dir, name) if table_path(out_dir, name).exists() else 0
                        for name in COUNTED}}

    def chunks(warnings: bool = False):
        read = read_chunks(out_dir, notices_per_chunk)
        return _with_warnings(read, out_dir) if warnings else read

    return render_report_in_chunks(batch, chunks, by, stats)


def _with_warnings(chunks, out_dir: Path):
    """Each chunk with its notices' warnings, read along (they are stored notice by notice, in the
    notices' order, but for the duplicate-notice warnings of a batch, which come last and belong to
    the first copy's notice). Raises ``OutOfOrder`` when other rows are left over."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from ..stats import as_frames
    from ..stats_stream import OutOfOrder, RowCursor
    from ..store import arrow_batches, read_arrow, table_path

    if not table_path(out_dir, "warnings").exists():
        yield from chunks
        return
    copies = read_arrow(out_dir, "warnings", filter=ds.field("kind") == "duplicate_notice")
    cursor = RowCursor(arrow_batches(out_dir, "warnings"))
    for tables in chunks:
        ids = pa.array(tables["notices"].notice_id.tolist(), pa.string())
        taken = cursor.take(ids)
        mine = copies.filter(pc.is_in(copies.column("notice_id"), value_set=ids))
        if taken:  # (the last notice's duplicate-notice rows may be taken along: they come from ``copies``)
            own = pa.Table.from_batches(taken, schema=copies.schema)
            rows = pa.concat_tables([own.filter(pc.not_equal(own.column("kind"), "duplicate_notice")), mine])
        else:
            rows = mine
        yield dict(tables, warnings=as_frames({"notices": None, "warnings": rows})["warnings"])
    if any(batch.filter(pc.not_equal(batch.column("kind"), "duplicate_notice")).num_rows for batch in cursor.rest()):
        raise OutOfOrder(f"{out_dir}: the warnings are not in the notices' order")


def _write_files(files, workspace: Path) -> int:
    """Write (path, content) pairs under ``workspace``; how many notice pages."""
    pages = 0
    for path, content in files:
        target = workspace / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        pages += path.startswith("notices/")
    return pages


def _check_target(out_dir: Path, report_dir: Path) -> None:
    """Refuse a report folder whose replacement would delete something that is not a report."""
    target, tables = report_dir.resolve(), out_dir.resolve()
    if target == tables or target in tables.parents:
        raise ReportError(f"{report_dir} holds the tables in {out_dir}: write the report to another folder")
    if report_dir.exists() and not report_dir.is_dir():
        raise ReportError(f"{report_dir} is a file: choose a folder for the report")
    if report_dir.is_dir() and any(report_dir.iterdir()) and not (report_dir / MARKER).is_file():
        raise ReportError(f"{report_dir} is not empty and holds no earlier report ({MARKER}): "
                          "choose a new or empty folder")


def _replace_folder(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``; an earlier ``target`` is moved aside first and deleted after."""
    if target.is_dir() and any(target.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        os.replace(target, old / "previous")
        try:
            os.replace(new, target)
        except OSError:
            os.replace(old / "previous", target)
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)  # replaces an empty folder too
