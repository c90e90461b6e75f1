"""render: the tables (and stats already computed from them) → (path, content) for every file of the site.

    assets/report.css, assets/report.js   (this package's ``assets/``)
    index.html                            batch_page(notice_rows, charts_html)
    notices/<page_name(notice_id)>        notice_page, one per notice
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from importlib import resources
from typing import Callable, Iterable, Iterator

from ..compare import compare_tables
from ..pattern_cache import cached_compile
from ..stats import key_metrics, notice_summary, timeline
from .batch_page import COUNTED, batch_page, notice_rows
from .charts import charts_html
from .notice_page import notice_page
from .rows import to_records

__all__ = ["ASSETS", "REPORT_BY", "ReportError", "page_name", "render_report", "render_report_in_chunks"]

REPORT_BY = ("inspection_kind", "issuer", "province")  # notice columns the batch page can compare by
ASSETS = ("report.css", "report.js")
_SAFE_ID = cached_compile(r"[0-9A-Za-z_-]{1,64}")


class ReportError(Exception):
    """The report cannot be written (no tables to read, or a folder that is not a report is in the way)."""


def page_name(notice_id: str) -> str:
    """The file name of a notice's page: its id when that is safe in a path, else a hash of it.

    >>> page_name("56cb211053a1581d"), page_name("../x")
    ('56cb211053a1581d.html', '72e4d01dd8ef43d8.html')
    """
    safe = notice_id if _SAFE_ID.fullmatch(notice_id) else hashlib.sha1(notice_id.encode()).hexdigest()[:16]
    return f"{safe}.html"


def render_report(tables: dict, by: str = "inspection_kind", stats: dict | None = None) -> Iterator[tuple[str, str]]:
    """(path inside the report, content) for every file of the site, built from the tables alone.

    ``stats`` may hold tables of ``pipeline.stats`` and ``pipeline.compare`` already computed from
    the same tables (``notice_summary``, ``timeline``, ``key_metrics``, ``compare_<by>*``); the
    others are computed here. The tables are one chunk of ``render_report_in_chunks``.
    """
    batch = {"notices": tables["notices"], "measures": tables["measures"], "warnings": tables["warnings"],
             "errors": tables["errors"], "counts": {name: len(tables[name]) for name in COUNTED}}
    return render_report_in_chunks(batch, lambda warnings=False: [tables], by, stats)


def render_report_in_chunks(batch: dict, chunks: Callable[[], Iterable[dict]], by: str = "inspection_kind",
                            stats: dict | None = None) -> Iterator[tuple[str, str]]:
    """The site's files from a batch read a run of notices at a time: ``batch`` holds the notices
    without their texts, the measures' ``notice_id``/``problem_id``/``status``, the warnings'
    ``notice_id``, the errors and ``counts`` (rows per table); ``chunks(warnings=…)`` gives the tables
    (``read_tables``-like, with the chunk's warnings when asked) a run of notices at a time, in stored
    order. It is called once: each chunk gives its notice pages and its notices' share of the batch's
    stats that ``stats`` lacks (each notice's own, concatenated); the batch page comes last."""
    import pandas as pd

    from ..compare import text_key
    from ..stats import themes

    if by not in REPORT_BY:
        raise ReportError(f"cannot compare by {by!r}: choose one of {', '.join(REPORT_BY)}")
    stats = dict(stats or {})
    compared = all(f"compare_{by}{suffix}" in stats for suffix in ("", "_themes", "_metrics"))
    notices = batch["notices"]
    computed = bool(len(notices)) and not ("notice_summary" in stats and "timeline" in stats and compared)
    parts: dict[str, list] = {"notice_summary": [], "timeline": [], "themes": [], "key_metrics": [], "keys": []}
    for name in ASSETS:
        yield f"assets/{name}", resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")
    files = {notice_id: page_name(notice_id) for notice_id in notices.notice_id}
    for t in chunks(warnings=True):
        # (key metrics are ranked per notice: those ranked for the batch serve any chunk, and a chunk's own
        # ranking is its share of the batch's)
        ranked = stats["key_metrics"] if "key_metrics" in stats else key_metrics(t["metrics"], t["nodes"], t["problems"])
        if computed:
            parts["notice_summary"].append(notice_summary(t["notices"], t["problems"], t["measures"], t["dates"],
                                                          t["metrics"], t["citations"]))
            parts["timeline"].append(timeline(t["measures"], t["dates"], t["citations"]))
            if not compared:
                parts["themes"].append(themes(t["problems"], t["nodes"], t["notices"]))
                if "key_metrics" not in stats:
                    parts["key_metrics"].append(ranked)
        if len(t["notices"]):  # (which notices are copies of others in other widths: the charts count them once)
            parts["keys"] += [(i, text_key(x)) for i, x in zip(t["notices"].notice_id, t["notices"].text)]
        yield from _notice_pages(t, ranked, files)
    if computed:
        for name in ("notice_summary", "timeline"):
            stats.setdefault(name, pd.concat(parts[name], ignore_index=True))
        if not compared:
            keys = dict(parts["keys"])
            stats.update(compare_tables({"notices": notices.assign(text_key=notices.notice_id.map(keys).values),
                                         "measures": batch["measures"],
                                         "themes": pd.concat(parts["themes"], ignore_index=True),
                                         "key_metrics": stats["key_metrics"] if "key_metrics" in stats
                                         else pd.concat(parts["key_metrics"], ignore_index=True)}, by))
    rows = notice_rows(notices, stats["notice_summary"], batch["warnings"], files) if len(notices) else []
    copies = _copies(parts["keys"])
    charts = charts_html(stats, stats["timeline"][~stats["timeline"].notice_id.isin(copies)],
                         batch["measures"][~batch["measures"].notice_id.isin(copies)], by) if len(notices) else ""
    yield "index.html", batch_page(batch["counts"], batch["errors"], rows, charts, by)


def _copies(keys: list[tuple[str, str]]) -> set[str]:
    """The notice ids whose text key (``compare.text_key``) an earlier notice already has (a file holding the
    same notice shares its notice_id: no copy of itself)."""
    first: dict[str, str] = {}
    return {notice_id for notice_id, key in keys if first.setdefault(key, notice_id) != notice_id}


def _notice_pages(tables: dict, ranked, files: dict) -> Iterator[tuple[str, str]]:
    """(path, page) per notice, each from its own rows of every table (``files``: notice_id → file name)."""
    per_notice = {name: _grouped(tables[name]) for name in ("nodes", "problems", "measures", "dates", "metrics",
                                                             "citations", "warnings")}
    ranked_per_notice = _grouped(ranked)
    notices = tables["notices"]
    sources = _grouped(notices[["notice_id", "source_path"]])
    for notice in to_records(notices.drop_duplicates("notice_id")):
        notice_id = notice["notice_id"]
        records = {name: groups.get(notice_id, []) for name, groups in per_notice.items()}
        yield f"notices/{files[notice_id]}", notice_page(notice, records, ranked_per_notice.get(notice_id, []),
                                                         [row["source_path"] for row in sources[notice_id]])


def _grouped(frame) -> dict[str, list[dict]]:
    """notice_id → that notice's rows as dicts, in table order."""
    groups = defaultdict(list)
    for row in to_records(frame):
        groups[row["notice_id"]].append(row)
    return groups
