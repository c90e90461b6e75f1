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
from .render import ReportError, render_report

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


def write_report(out_dir: str | Path, report_dir: str | Path, *, by: str = "inspection_kind") -> ReportSummary:
    """Build the site from OUT's tables in a temporary folder beside ``report_dir``, then move it into place.

    An existing ``report_dir`` is replaced only when it is empty or an earlier report (it holds
    ``MARKER``); until the new site is complete the old one stays untouched.
    """
    out_dir, report_dir = Path(out_dir), Path(report_dir)
    _check_target(out_dir, report_dir)
    try:
        tables = read_tables(out_dir)
    except StatsError as exc:
        raise ReportError(str(exc)) from exc
    stats = read_fresh_stats(out_dir, stats_used(by))
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in report_dir.parent.glob(f".{report_dir.name}.tmp-*"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    workspace = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.tmp-", dir=report_dir.parent))
    pages = 0
    try:
        for path, content in render_report(tables, by, stats):
            target = workspace / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            pages += path.startswith("notices/")
        (workspace / MARKER).write_text("written by `zhenggai report`; the folder is replaced on the next run\n",
                                        encoding="utf-8")
        os.chmod(workspace, 0o755)
        _replace_folder(workspace, report_dir)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return ReportSummary(index=report_dir / "index.html", notice_pages=pages, stats_reused=tuple(stats))


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
