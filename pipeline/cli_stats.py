"""cli_stats: the `zhenggai stats`, `compare` and `query` commands, thin click shells over
pipeline.stats, pipeline.compare and pipeline.query (registered on the group in cli.py).

Heavy libraries (pandas, duckdb, jieba) are imported inside the commands.
"""
from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
import warnings
from pathlib import Path

import click

__all__ = ["compare_command", "query_command", "stats_command"]

_OUT_DIR = click.argument("out_dir", metavar="OUT", type=click.Path(exists=True, file_okay=False, path_type=Path))
_MAX_WIDTH = 36  # characters of a cell shown in a terminal table


@click.command("stats")
@_OUT_DIR
@click.option("--rows", default=10, show_default=True, type=click.IntRange(1, 10_000),
              help="Rows of each table to print.")
@click.option("-q", "--quiet", is_flag=True, help="Write the tables; print only where they went.")
@click.option("-w", "--workers", default=os.cpu_count() or 1, show_default="all cores",
              type=click.IntRange(1, 256, clamp=True),
              help="Processes that cut a big batch's notices into words for keywords (forked: Linux only).")
def stats_command(out_dir: Path, rows: int, quiet: bool, workers: int) -> None:
    """Compute analysis tables from OUT's Parquet tables into OUT/stats/ and print them.

    Writes notice_summary, key_metrics, themes, keywords and timeline as
    OUT/stats/<name>.parquet. Only the tables in OUT are read, so this reruns
    on any earlier output folder.

    \b
    Example:
        zhenggai run data/raw -o data/processed
        zhenggai stats data/processed
    """
    from concurrent.futures.process import BrokenProcessPool

    from .stats import StatsError
    from .stats_stream import stream_stats
    from .store import write_failure

    try:
        written = stream_stats(out_dir, workers=workers)
    except StatsError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenProcessPool as exc:  # a process cutting words was killed (out of memory?)
        from .batch import WORKER_DIED

        raise click.ClickException(WORKER_DIED) from exc
    except OSError as exc:  # OUT/stats: full, read-only, not writable
        raise click.ClickException(write_failure(out_dir / "stats", exc)) from exc
    if not quiet:
        _print_stats(out_dir / "stats", rows)
    click.echo(f"wrote {len(written)} tables → {out_dir / 'stats'}")


def _print_stats(folder: Path, rows: int) -> None:
    """Print the tables `stats` wrote to ``folder``, reading only the columns and rows shown, so
    that a batch of any size prints in little memory."""
    import pandas as pd
    import pyarrow.parquet as pq

    def read(name: str, columns=None, filters=None):
        return pd.read_parquet(folder / f"{name}.parquet", columns=columns, filters=filters)

    def first(name: str, columns: list[str]):
        """The first ``rows`` rows of a table and how many it has."""
        with pq.ParquetFile(folder / f"{name}.parquet") as file:
            head = next(file.iter_batches(batch_size=rows, columns=columns), None)
            return (pd.DataFrame(columns=columns) if head is None else head.to_pandas()), file.metadata.num_rows

    summary = read("notice_summary")
    if len(summary) <= 3:
        _show("notice_summary", summary.drop(columns=["notice_id"]).set_index("title").T.reset_index(names="field"),
              None)
    else:
        _show("notice_summary", summary[["title", "problems", "measures", "measures_done", "documents_issued",
                                         "metrics", "measures_diff"]], rows)
    per_notice = rows if summary.shape[0] == 1 else 3
    top = read("key_metrics", ["rank", "tier", "signed_value", "unit", "subject", "comparison", "context", "mentions"],
               [("rank", "<=", per_notice)])
    top = top.assign(figure=_figures(top))
    _show(f"key_metrics (top {per_notice} per notice, {pq.read_metadata(folder / 'key_metrics.parquet').num_rows} "
          f"in all)", top[["rank", "tier", "figure", "subject", "comparison", "context", "mentions"]], rows)
    themed = pq.read_table(folder / "themes.parquet", columns=["theme", "theme_group"])
    counts = themed.group_by(["theme", "theme_group"]).aggregate([([], "count_all")]).to_pandas()
    counts = counts.rename(columns={"count_all": "problems"}).sort_values(["theme", "theme_group"])
    counts = counts.sort_values("problems", ascending=False).reset_index(drop=True)
    counts["share"] = (counts.problems / counts.problems.sum()).round(3)
    _show(f"themes ({themed.num_rows} problems)", counts, rows)
    per_problem, problems = first("themes", ["notice_id", "problem_id", "title", "theme", "score", "words"])
    if len(summary) > 1:  # say which notice each problem is from
        from .compare import notice_labels

        per_problem.insert(0, "notice", per_problem.notice_id.map(notice_labels(summary)).values)
    _show("themes: per problem", per_problem.drop(columns="notice_id"), rows, total=problems)
    keywords = read("keywords", ["notice_id", "keyword", "idf"], [("scope", "==", "notice")])
    notice_keywords = keywords.groupby("notice_id").keyword.agg(" ".join)
    _show(f"keywords (idf: {', '.join(sorted(set(keywords.idf))) or '-'})",
          notice_keywords.rename("top keywords").reset_index(), rows, width=100)
    timeline = read("timeline", ["month", "measures", "date_mentions", "documents_issued"]).groupby("month").sum()
    _show("timeline (all notices, per month)", timeline.reset_index(), rows)


def _figures(metrics) -> list[str]:
    """'-27.7%', '97.57%', '1580万元': each key metric's signed value with its unit."""
    from .compare import format_number

    return [f"{format_number(v)}{u if isinstance(u, str) else ''}"
            for v, u in zip(metrics.signed_value, metrics.unit)]


@click.command("compare")
@_OUT_DIR
@click.option("--by", "by", required=True, type=click.Choice(["issuer", "province", "inspection_kind", "theme"]),
              help="What to group the notices (or, for theme, the problems) by.")
@click.option("--rows", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Rows of each table to print.")
def compare_command(out_dir: Path, by: str, rows: int) -> None:
    """Compare groups of notices side by side; write OUT/stats/compare_<BY>*.parquet.

    Per group: notices, problems, measures per problem, the share of measures
    done / ongoing / planned, problems per theme, and key metrics aligned by
    subject. A group with fewer than 2 notices is marked as too few to compare.

    \b
    Example:
        zhenggai compare out --by inspection_kind
        zhenggai compare out --by theme
    """
    from .compare import MIN_NOTICES, compare_inputs, compare_tables
    from .stats import StatsError, write_stats
    from .store import write_failure

    try:
        tables = compare_tables(compare_inputs(out_dir), by)
    except StatsError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        written = write_stats(tables, out_dir)
    except OSError as exc:  # OUT/stats: full, read-only, not writable
        raise click.ClickException(write_failure(out_dir / "stats", exc)) from exc
    summary, themes, metrics = (tables[f"compare_{by}{suffix}"] for suffix in ("", "_themes", "_metrics"))
    shown = summary.set_index(by).drop(columns=["note"])
    for column in [c for c in shown.columns if c.startswith("share_")]:
        shown[column] = [f"{share:.0%}" if share == share else "-" for share in shown[column]]
    _show_side_by_side(f"compare by {by}", shown.astype("object").T, rows)
    side = themes.pivot_table(index="theme", columns="group", values="problems", aggfunc="sum", fill_value=0)
    _show_side_by_side(f"problems per theme ({'per notice' if by == 'theme' else 'per group'})", side, rows)
    shared = metrics[metrics.groups >= 2]
    if metrics.empty:
        click.echo("\nkey metrics: none (no change, percentage or amount with a subject)")
    elif shared.empty:
        click.echo(f"\nkey metrics: no subject is reported by two groups ({len(metrics)} figures, one group each)")
    else:
        aligned = shared.pivot_table(index=["subject_norm", "unit", "comparison"], columns="group", values="values",
                                     aggfunc="first", fill_value="")
        _show_side_by_side("key metrics reported by two groups or more", aligned, rows)
    too_few = summary[~summary.comparable]
    if len(too_few):
        click.echo(f"\ntoo few notices to compare (fewer than {MIN_NOTICES}): "
                   + ", ".join(f"{g} ({n})" for g, n in zip(too_few[by], too_few.notices)))
    for group, note in zip(summary[by], summary.note):
        if note and "too few" not in note:
            click.echo(f"note: {group}: {note}")
    click.echo(f"wrote {len(written)} tables → {out_dir / 'stats'}")


@click.command("query")
@_OUT_DIR
@click.argument("sql")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]),
              help="How to print the result.")
def query_command(out_dir: Path, sql: str, fmt: str) -> None:
    """Run SQL (DuckDB) over OUT's tables and print the result.

    Every table is a view named after its file: notices, nodes, problems,
    measures, dates, metrics, citations, warnings, errors, and the tables in
    OUT/stats (notice_summary, key_metrics, themes, keywords, timeline, compare_*).
    A stats table computed before the last run is left out, with a warning:
    `zhenggai stats OUT` (or `compare`) computes it again.

    \b
    Example:
        zhenggai query out "SELECT status, count(*) AS n FROM measures GROUP BY status ORDER BY n DESC"
        zhenggai query out "SELECT * FROM key_metrics WHERE tier = 'change'" --format json
    """
    from .cli import notes_shown
    from .query import QueryError, StaleStats, run_query, to_jsonable

    with warnings.catch_warnings():
        warnings.simplefilter("always", StaleStats)
        warnings.showwarning = notes_shown(warnings.showwarning, StaleStats, "warning")
        try:
            columns, records = run_query(out_dir, sql)
        except QueryError as exc:
            raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, map(to_jsonable, r))) for r in records], ensure_ascii=False,
                              indent=1))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else to_jsonable(v) for v in r] for r in records])
        click.echo(buffer.getvalue(), nl=False)
    else:
        import pandas as pd

        _show(None, pd.DataFrame.from_records(records, columns=columns), None)
        click.echo(f"({len(records)} row{'s' if len(records) != 1 else ''})")


# --- terminal tables -------------------------------------------------------------------------------

def _show(title: str | None, frame, rows: int | None, width: int = _MAX_WIDTH, total: int | None = None) -> None:
    """Print ``frame`` as an aligned table (Chinese counted as two columns), at most ``rows`` rows;
    ``total``: the rows of the table ``frame`` is the head of (default: ``frame``'s own)."""
    import pandas as pd

    if title:
        click.echo(f"\n{title}")
    if frame.empty:
        click.echo("  (no rows)")
        return
    shown = _clip(frame if rows is None else frame.head(rows), width)
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 10_000,
                           "display.max_columns", None, "display.max_rows", None):
        click.echo(shown.to_string(index=False, na_rep="-"))
    total = len(frame) if total is None else total
    if rows is not None and total > rows:
        click.echo(f"  … {total - rows} more rows (all in the Parquet table)")


def _show_side_by_side(title: str, frame, rows: int, width: int = 110) -> None:
    """Print a table whose columns are groups, as many groups at a time as fit in ``width`` columns."""
    import pandas as pd

    click.echo(f"\n{title}")
    if frame.empty:
        click.echo("  (no rows)")
        return
    frame = _clip(frame.iloc[:rows].astype("object"), _MAX_WIDTH)
    frame.columns = [_clip_text(str(c), _MAX_WIDTH) for c in frame.columns]
    label = max(_width(str(i)) for i in frame.index) + 2
    blocks, used = [[]], label
    for column in frame.columns:
        need = max([_width(str(column))] + [_width(str(v)) for v in frame[column]]) + 2
        if blocks[-1] and used + need > width:
            blocks.append([])
            used = label
        blocks[-1].append(column)
        used += need
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 10_000,
                           "display.max_columns", None, "display.max_rows", None):
        for block in blocks:
            click.echo(frame[block].to_string(na_rep="-"))
    if len(frame) > rows:
        click.echo(f"  … {len(frame) - rows} more rows (all in the Parquet table)")


def _clip(frame, width: int):
    """``frame`` with every text cell on one line and cut to ``width`` columns (a Chinese character is 2)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith(("str", "string")):
            frame[column] = frame[column].map(lambda v: _clip_text(v, width) if isinstance(v, str)
                                              else "-" if v is None else v)
    return frame


def _width(text: str) -> int:
    """Display columns of ``text`` in a terminal (a Chinese character is 2).

    >>> _width("执行款"), _width("97.81%")
    (6, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip_text(text: str, width: int) -> str:
    """One line of at most ``width`` display columns.

    >>> _clip_text("执行款发放不够及时", 10), _clip_text("执行款发放", 10), _clip_text("a\\nb", 10)
    ('执行款发…', '执行款发放', 'a b')
    """
    text = " ".join(text.split())
    widths = [_width(ch) for ch in text]
    if sum(widths) <= width:
        return text
    used, cut = 0, 0
    while used + widths[cut] <= width - 1:
        used += widths[cut]
        cut += 1
    return text[:cut] + "…"
