"""cli: the `zhenggai` command, a thin click shell over pipeline.batch.

Heavy libraries (pandas, pyarrow, lxml) are imported inside the commands
that need them, so `zhenggai --help` starts fast.
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="zhenggai")
def cli() -> None:
    """zhenggai: Chinese rectification notices (整改情况通报) → analysis-ready Parquet tables.

    \b
    Example:
        zhenggai run data/raw -o data/processed
        zhenggai parse data/raw/seed.txt
    """


@cli.command("run")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder for the Parquet tables.")
@click.option("-w", "--workers", default=os.cpu_count() or 1, show_default="all cores",
              type=click.IntRange(1, 256, clamp=True),
              help="Worker processes (or Dask threads without --scheduler); at most 256.")
@click.option("--max-mb", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="Files larger than this many MiB are recorded as errors, not read.")
@click.option("--force", is_flag=True, help="Process every input again, ignoring what the last run cached.")
@click.option("--partition-by", type=click.Choice(["year", "province", "inspection_kind"]),
              help="Write Hive-partitioned datasets OUT/<table>/by_<key>=<value>/ instead of single files.")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Where the work runs: local worker processes, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --executor dask; a local cluster if omitted.")
def run_command(inputs: tuple[Path, ...], out_dir: Path, workers: int, max_mb: int, force: bool,
                partition_by: str | None, executor: str, scheduler: str | None) -> None:
    """Process notice files and folders (recursively) into OUT/<table>.parquet.

    Writes notices, nodes, problems, measures, dates, metrics, citations,
    warnings and errors. A file that cannot be processed is recorded in the
    errors table; the rest goes on, and the exit code is 1. Inputs unchanged
    since the last run into OUT are reused, not processed again.

    \b
    Example:
        zhenggai run data/raw -o data/processed
        zhenggai run notices/ more/notice.html -o out --workers 2
        zhenggai run province/ -o out --partition-by year
        zhenggai run notices/ -o /shared/out --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from .batch import NoticeFailed, OutputBusy, RunError, discover, run
    from .store import write_failure

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler is for --executor dask: add --executor dask, or leave --scheduler out")
    total = len(discover(inputs)[0])
    show_bar = sys.stderr.isatty()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeFailed)  # reported below, once each
        warnings.simplefilter("always", OutputBusy)
        warnings.showwarning = notes_shown(warnings.showwarning, OutputBusy)
        try:
            with click.progressbar(length=total, label="notices", file=sys.stderr,
                                   hidden=not show_bar) as bar:
                summary = run(inputs, out_dir, workers=workers, max_bytes=max_mb * 1024 * 1024,
                              progress=lambda _path: bar.update(1), force=force, partition_by=partition_by,
                              executor=executor, scheduler=scheduler)
        except RunError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:  # the output folder: full, read-only, not writable (inputs fail one by one)
            raise click.ClickException(write_failure(out_dir, exc)) from exc
    counts = summary.counts
    click.echo(
        f"{counts['notices']} notices, {counts['problems']} problems, {counts['measures']} measures, "
        f"{counts['dates']} dates, {counts['metrics']} metrics, {counts['citations']} citations, "
        f"{counts['warnings']} warnings, {counts['errors']} errors → {out_dir}"
    )
    if summary.skipped:
        click.echo(f"skipped {len(summary.skipped)} files that are not notices (by extension)", err=True)
    for error in summary.errors:
        click.echo(f"error: {error['source_path']}: {error['error']}", err=True)
    if summary.failed:
        sys.exit(1)


def notes_shown(show, category: type[Warning], prefix: str = "note"):
    """A ``warnings.showwarning`` that prints warnings of ``category`` as one plain line on stderr,
    ``PREFIX: …`` (not Python's two lines with a source line), and hands the others to ``show``."""
    def shown(message, warned: type[Warning], *args, **kwargs) -> None:
        if issubclass(warned, category):
            click.echo(f"{prefix}: {message}", err=True)
        else:
            show(message, warned, *args, **kwargs)

    return shown


@cli.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON.")
def parse_command(file: Path, as_json: bool) -> None:
    """Print one notice's heading tree as an indented outline.

    \b
    Example:
        zhenggai parse data/raw/seed.txt
        zhenggai parse notice.html --json
    """
    from .errors import ZhenggaiError
    from .ingest import load
    from .batch import analyse

    try:
        result = analyse(load(file))
    except ZhenggaiError as exc:
        raise click.ClickException(str(exc)) from exc
    nodes = [n for n in result.root.walk() if n.node_id]
    if as_json:
        click.echo(json.dumps([
            {"node_id": n.node_id, "parent_id": n.parent_id or None, "depth": n.depth, "role": n.role,
             "marker": n.marker, "marker_kind": n.marker_kind, "ordinal": n.ordinal, "title": n.title,
             "start": n.start, "end": n.end}
            for n in nodes
        ], ensure_ascii=False, indent=1))
        return
    click.echo(result.meta.title or result.document.source_path)
    for n in nodes:
        click.echo(f"{'  ' * (n.depth - 1)}{n.marker} {n.title}  [{n.role}]")
    for issue in result.issues:
        click.echo(f"warning: {issue.kind}: {issue.message}", err=True)


@cli.command("validate")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate_command(out_dir: Path) -> None:
    """Check an output folder: schemas, unique keys, foreign keys, and every record's offsets.

    Prints each problem found and exits 1 when there is any.

    \b
    Example:
        zhenggai validate data/processed
    """
    from .validate import validate_output

    problems = validate_output(out_dir)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{out_dir}: valid")


def _register() -> None:
    from .cli_report import report_command
    from .cli_stats import compare_command, query_command, stats_command

    for command in (stats_command, compare_command, query_command, report_command):
        cli.add_command(command)


_register()


#: environment defaults of the command (a value the user set wins), applied before pyarrow loads:
#: Arrow's system allocator halves the parent's peak while merging (257 → 131 MiB on the
#: 2,000-notice bench batch; mimalloc keeps freed pages) at the same speed
ARROW_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
#: glibc's mmap threshold for the command's processes (M_MMAP_THRESHOLD, bytes). Left dynamic, glibc
#: raises it every time a big block is freed, after which the merge's Parquet pages (hundreds of KB
#: to MBs) are carved from the heap and fragment it: the merge's peak then grew with the batch
#: (141 → 205 → 248 MiB for 2,000, 20,000 and 60,000 notices). Fixed, big blocks are mapped and
#: unmapped whole (122 → 148 → 160 MiB); the merge takes ~1.3× as long, the workers the same.
MMAP_THRESHOLD = 256 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h


def process_defaults() -> None:
    """Apply the command's allocator settings to this process (and so to the workers it forks)."""
    for key, value in ARROW_ENV.items():
        os.environ.setdefault(key, value)
    if sys.platform.startswith("linux") and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        try:
            import ctypes

            ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        except (OSError, AttributeError):  # not glibc: its own allocator, its own behaviour
            pass


def main() -> None:
    """Entry point of the console script."""
    process_defaults()
    cli(prog_name="zhenggai")
