"""batch_page: the batch's tables → ``index.html``: the notices table, the charts, the files that failed.

The notices are embedded as a JSON array (``notice_rows``) that report.js sorts, filters and
pages, so the page stays fast for thousands of notices.
"""
from __future__ import annotations

import json

from .elements import NUM, attr, esc, page_html, table_html
from .rows import int_or_none, inspection_period, region, text_or_none, to_records

__all__ = ["COUNTED", "NOTICE_COLUMNS", "batch_page", "notice_rows"]

#: (key in the JSON rows, column header, sort type) of the notices table
NOTICE_COLUMNS = (("title", "Notice", "text"), ("issuer", "Issuer", "text"), ("kind", "Kind", "text"),
                  ("region", "Region", "text"), ("period", "Inspection", "text"), ("feedback", "Feedback", "text"),
                  ("published", "Published", "text"), ("problems", "Problems", "num"),
                  ("measures", "Measures", "num"), ("done", "Done", "num"), ("warnings", "Warnings", "num"))


#: the tables whose rows the batch page counts
COUNTED = ("problems", "measures", "dates", "metrics", "citations", "warnings", "errors")


def batch_page(counts: dict[str, int], errors, rows: list[dict], charts: str, by: str) -> str:
    """The batch page: the notices table (rows as embedded JSON, drawn by report.js), the charts, the errors
    (``counts``: rows per table of ``COUNTED``; ``errors``: the errors table)."""
    tables = {"errors": errors}
    counts = ", ".join(f"{counts[t]} {t}" for t in COUNTED)
    body = f"""<a class="skip" href="#main">Skip to the notices</a>
<header class="page">
<h1>Review report</h1>
<p>{len(rows)} notices, {counts}.</p>
<nav aria-label="Sections"><a href="#notices-heading">Notices</a> · <a href="#charts-heading">Across the batch</a> ·
<a href="#compare-heading">Compared by {esc(by.replace("_", " "))}</a>{' · <a href="#errors-heading">Files that failed</a>' if len(tables["errors"]) else ""}</nav>
</header>
<main id="main">
{_notices_html(rows)}
{charts}
{_errors_html(tables["errors"])}
</main>"""
    return page_html("Review report", body)


def notice_rows(notices, summary, warnings, files: dict) -> list[dict]:
    """One JSON row per notice for the batch table (``files``: notice_id → its page's file name)."""
    warned = warnings.groupby("notice_id").size().to_dict() if len(warnings) else {}
    summaries = {row["notice_id"]: row for row in to_records(summary)}
    rows = []
    for notice in to_records(notices):
        counts = summaries[notice["notice_id"]]
        measures = counts["measures"]
        rows.append({"href": f"notices/{files[notice['notice_id']]}", "title": notice["title"],
                     "source": notice["source_path"],
                     "issuer": notice["issuer"], "kind": notice["inspection_kind"], "region": region(notice),
                     "period": inspection_period(notice) or None, "feedback": text_or_none(notice["feedback_date"]),
                     "published": text_or_none(notice["published_date"]), "problems": counts["problems"],
                     "measures": measures, "measures_stated": int_or_none(counts["measures_stated"]),
                     "done": round(100 * counts["measures_done"] / measures) if measures else None,
                     "warnings": int(warned.get(notice["notice_id"], 0))})
    return rows


def _notices_html(rows: list[dict]) -> str:
    """The notices section: filters, an empty table and pager for report.js, and the rows as JSON."""
    kinds = sorted({row["kind"] for row in rows if row["kind"]})
    options = "".join(f'<option value="{attr(k)}">{esc(k)}</option>' for k in kinds)
    head = "".join(f'<th scope="col" data-key="{key}" data-type="{kind}"{NUM if kind == "num" else ""}>'
                   f'<button type="button">{label}</button></th>' for key, label, kind in NOTICE_COLUMNS)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<section aria-labelledby="notices-heading">
<h2 id="notices-heading">Notices</h2>
<noscript><p>The notices table needs JavaScript; each notice's page is in the <code>notices/</code> folder.</p></noscript>
<div id="table-controls" hidden>
<div class="filters">
<label>Search title, issuer, region or file<input type="search" id="filter-text"></label>
<label>Kind<select id="filter-kind"><option value="">all</option>{options}</select></label>
<label class="check"><input type="checkbox" id="filter-warned"> with warnings only</label>
<label>Rows per page<select id="page-size"><option>25</option><option selected>50</option><option>100</option><option>500</option></select></label>
</div>
<p id="table-status" role="status" aria-live="polite"></p>
<div class="table-wrap"><table id="notices-table"><caption class="visually-hidden">Notices; select a column header to sort</caption>
<thead><tr>{head}</tr></thead><tbody lang="zh-CN"></tbody></table></div>
<nav class="pager" aria-label="Pages of the table"><button type="button" id="prev-page">Previous</button>
<span id="page-label"></span><button type="button" id="next-page">Next</button></nav>
</div>
<script type="application/json" id="notices-data">{data}</script>
</section>"""


def _errors_html(errors) -> str:
    if not len(errors):
        return ""
    rows = [[esc(e["source_path"]), esc(e["stage"]), esc(e["error"])] for e in to_records(errors)]
    return (f'<section aria-labelledby="errors-heading"><h2 id="errors-heading">Files that failed</h2>'
            f'{table_html(["File", "Stage", "Error"], rows)}</section>')
