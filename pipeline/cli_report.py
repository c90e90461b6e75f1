"""cli_report: the `zhenggai report` command, a thin click shell over pipeline.report (registered in cli.py).

pandas and the stats functions are imported inside the command.
"""
from __future__ import annotations

from pathlib import Path

import click

__all__ = ["report_command"]


@click.command("report")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--out", "report_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the site: created, or replaced when it holds an earlier report.")
@click.option("--by", default="inspection_kind", show_default=True,
              type=click.Choice(["inspection_kind", "issuer", "province"]),
              help="Group the notices by this column in the batch page's comparison.")
def report_command(out_dir: Path, report_dir: Path, by: str) -> None:
    """Write a static review site for OUT's tables: REPORT_DIR/index.html and one page per notice.

    The batch page lists the notices (sortable, filterable) with charts; each
    notice page shows its outline beside the cleaned text, with every date,
    metric and citation highlighted. Open index.html in a browser: no server
    and no network are needed.

    Tables that `zhenggai stats` and `zhenggai compare --by BY` wrote to
    OUT/stats after OUT's tables are reused; the others are computed (on a
    large batch, themes take a while).

    \b
    Example:
        zhenggai run data/raw -o data/processed
        zhenggai report data/processed -o report
    """
    from .report import ReportError, write_report
    from .store import write_failure

    try:
        summary = write_report(out_dir, report_dir, by=by)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the report's folder: full, read-only, not writable
        raise click.ClickException(write_failure(report_dir, exc)) from exc
    pages = summary.notice_pages
    if summary.stats_reused:
        click.echo(f"reused {', '.join(summary.stats_reused)} from {out_dir / 'stats'}")
    click.echo(f"{pages} notice page{'s' if pages != 1 else ''} → {summary.index}")
