"""report: an output folder's Parquet tables → a static review site analysts open in a browser.

    read_tables(out_dir) → render_report(tables) → (path, content) pairs → write_report: temp folder, then replace

The site is ``index.html`` (the batch page), ``notices/<notice_id>.html`` (one page per notice) and
``assets/`` (``pipeline/report_assets``: one stylesheet, one script). Nothing is fetched from the
network and nothing but the tables is read.

- The batch page embeds the notices as a JSON array that ``report.js`` sorts, filters and pages,
  so it stays fast for thousands of notices; its charts are inline SVG drawn from the tables of
  ``pipeline.stats`` and ``pipeline.compare``.
- A notice page shows the cleaned text with every date, metric and citation wrapped in exactly
  one ``<mark class="hl hl-KIND" tabindex="0">``, whose ``title`` gives the normalised value
  (shown by the browser on hover, and by report.css as a tooltip on hover and keyboard focus);
  headings are anchors the outline beside the text links to.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import Callable, Iterator, Mapping

from .compare import compare_tables, format_number
from .schemas import SPAN_COLUMNS
from .stats import StatsError, key_metrics, notice_summary, read_tables, timeline

__all__ = ["REPORT_BY", "ReportError", "ReportSummary", "describe_citation", "describe_date", "describe_metric",
           "mark_up", "render_report", "write_report"]

REPORT_BY = ("inspection_kind", "issuer", "province")  # notice columns the batch page can compare by
ASSETS = ("report.css", "report.js")
MARKER = ".zhenggai-report"  # a folder holding this file is a report write_report may replace
STATUSES = ("done", "ongoing", "planned")
KEY_METRICS_SHOWN = 15
_NUM = ' class="num"'
_SAFE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


class ReportError(Exception):
    """The report cannot be written (no tables to read, or a folder that is not a report is in the way)."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What ``write_report`` wrote."""

    index: Path  # the batch page
    notice_pages: int
    stats_reused: tuple[str, ...] = ()  # tables read from OUT/stats instead of computed


# --- what a highlight says --------------------------------------------------------------------------

def describe_date(date: Mapping) -> str:
    """A date's tooltip: what was written → its calendar value, and how it was read.

    >>> from datetime import date as d
    >>> describe_date({"raw": "12月16日", "start": d(2019, 12, 16), "end": d(2019, 12, 16),
    ...                "granularity": "day", "kind": "point", "year_inferred": True})
    '12月16日 → 2019-12-16, year inferred'
    >>> describe_date({"raw": "3月至5月", "start": d(2014, 3, 1), "end": d(2014, 5, 31),
    ...                "granularity": "month", "kind": "range", "year_inferred": False})
    '3月至5月 → 2014-03 – 2014-05'
    >>> describe_date({"raw": "目前", "start": None, "end": None, "granularity": "day", "kind": "relative"})
    '目前 → no calendar date, relative'
    """
    pattern = {"year": "%Y", "month": "%Y-%m"}.get(date.get("granularity"), "%Y-%m-%d")
    start, end = (date[k].strftime(pattern) if date.get(k) is not None else None for k in ("start", "end"))
    kind = date.get("kind")
    if start is None and end is None:
        value = "no calendar date"
    elif kind == "since" or end is None:
        value = f"since {start}"
    elif kind == "until" or start is None:
        value = f"until {end}"
    else:
        value = start if start == end else f"{start} – {end}"
    notes = [date["granularity"]] if date.get("granularity") in ("quarter", "half", "xun") else []
    notes += ["relative"] if kind == "relative" else []
    notes += ["year inferred"] if date.get("year_inferred") else []
    return ", ".join([f"{date['raw']} → {value}"] + notes)


def describe_metric(metric: Mapping) -> str:
    """A metric's tooltip: what was written → value and unit, then kind, comparison and subject.

    >>> describe_metric({"raw": "28个", "value": 28.0, "unit": "个", "kind": "count", "subject": "具体问题"})
    '28个 → 28 个, count, subject 具体问题'
    >>> describe_metric({"raw": "下降27.7%", "value": 27.7, "unit": "%", "kind": "percent",
    ...                  "comparison": "同比", "direction": "decrease", "subject": "诉讼收案"})
    '下降27.7% → 27.7 %, percent, 同比 decrease, subject 诉讼收案'
    >>> describe_metric({"raw": "20至30家", "value": 20.0, "value_max": 30.0, "unit": "家", "kind": "count", "approx": True})
    '20至30家 → 20–30 家, count, approximate'
    """
    value = format_number(metric["value"]) if metric.get("value") is not None else "?"
    if metric.get("value_max") is not None:
        value += f"–{format_number(metric['value_max'])}"
    notes = [f"{value} {metric['unit']}" if metric.get("unit") else value, metric.get("kind")]
    notes += ["approximate"] if metric.get("approx") else []
    notes += [" ".join(filter(None, (metric.get("comparison"), metric.get("direction"))))]
    notes += [f"subject {metric['subject']}"] if metric.get("subject") else []
    return f"{metric['raw']} → " + ", ".join(filter(None, notes))


def describe_citation(citation: Mapping) -> str:
    """A citation's tooltip: the title → document type, what the notice did with it, whether it issued it.

    >>> describe_citation({"raw": "《巡察整改工作方案》", "title": "巡察整改工作方案", "doc_type": "工作方案",
    ...                    "action": "制定", "issued_here": True})
    '《巡察整改工作方案》 → 工作方案, 制定, issued by this notice’s issuer'
    >>> describe_citation({"raw": "《意见》", "title": "意见", "doc_type": None, "action": None, "issued_here": False})
    '《意见》 → document'
    """
    notes = [citation.get("doc_type") or "document", citation.get("action")]
    notes += ["issued by this notice’s issuer"] if citation.get("issued_here") else []
    return f"{citation['raw']} → " + ", ".join(filter(None, notes))


#: (kind, table, id prefix, tooltip) of the records highlighted in a notice's text
HIGHLIGHTS: tuple[tuple[str, str, str, Callable[[Mapping], str]], ...] = (
    ("date", "dates", "d", describe_date),
    ("metric", "metrics", "m", describe_metric),
    ("citation", "citations", "c", describe_citation),
)


# --- the marked-up text ---------------------------------------------------------------------------------

@dataclass(slots=True)
class _Span:
    start: int
    end: int
    open: str  # the opening tag
    close: str
    fixed: bool = True  # a record's highlight; else a decoration (heading, anchor) that may grow to nest


def mark_up(text: str, spans: list[_Span]) -> str:
    """``text`` as escaped HTML with each span's tags around its characters, always properly nested.

    Spans open in order of start, longer first. A span that would cross one already open is cut to
    end inside it (and marked ``data-clipped``), unless the open one is a decoration, which grows.

    >>> mark_up("a<b>c", [_Span(1, 4, "<i>", "</i>")])
    'a<i>&lt;b&gt;</i>c'
    >>> mark_up("abcdef", [_Span(0, 3, "<i>", "</i>"), _Span(2, 5, "<b>", "</b>")])
    '<i>ab<b data-clipped="true">c</b></i>def'
    >>> mark_up("abcdef", [_Span(0, 3, "<h>", "</h>", fixed=False), _Span(2, 5, "<b>", "</b>")])
    '<h>ab<b>cde</b></h>f'
    """
    out, stack, pos = [], [], 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(html.escape(text[pos:top.end], quote=False) + top.close)
            pos = top.end

    for span in sorted(spans, key=lambda s: (s.start, s.end > s.start, -s.end)):
        close_until(span.start)
        out.append(html.escape(text[pos:span.start], quote=False))
        pos = span.start
        limit = min((s.end for s in stack if s.fixed), default=len(text))
        opening = span.open
        if span.end > limit:
            span.end = limit
            opening = opening[:-1] + ' data-clipped="true">'
        for open_span in stack:
            open_span.end = max(open_span.end, span.end)  # only decorations can be shorter than limit
        out.append(opening)
        stack.append(span)
    close_until(len(text))
    return "".join(out) + html.escape(text[pos:], quote=False)


def _highlight_spans(records: dict, length: int) -> tuple[list[_Span], Counter]:
    """One ``<mark>`` per date, metric and citation with valid offsets; the count of each kind."""
    spans, shown = [], Counter()
    for kind, table, prefix, describe in HIGHLIGHTS:
        start_column, end_column = SPAN_COLUMNS[table]
        for i, row in enumerate(records[table]):
            start, end = row[start_column], row[end_column]
            if start is None or end is None or not 0 <= start < end <= length:
                continue
            tip = _attr(describe(row))
            spans.append(_Span(int(start), int(end), f'<mark class="hl hl-{kind}" id="{prefix}-{i}" tabindex="0" '
                                                     f'title="{tip}">', "</mark>"))
            shown[kind] += 1
    return spans, shown


def _heading_spans(nodes: list[dict], statuses: dict, text: str) -> list[_Span]:
    """Each heading's marker and title (up to the end of its line) as a focusable heading with the node's id."""
    spans = []
    for node in nodes:
        start = node["start"]
        if start is None or not 0 <= start <= len(text):
            continue
        line_end = len(text) if text.find("\n", start) < 0 else text.find("\n", start)
        found = text.find(node["title"], start, line_end) if node["title"] else -1
        end = found + len(node["title"]) if found >= 0 else min(line_end, start + len(node["marker"] or ""))
        status = f' data-status="{statuses[node["node_id"]]}"' if statuses.get(node["node_id"]) else ""
        spans.append(_Span(start, end, f'<span class="h h-{_attr(node["role"])}" id="n-{_attr(node["node_id"])}" '
                                       f'role="heading" aria-level="{min(node["depth"] + 2, 6)}" tabindex="-1"'
                                       f'{status}>', "</span>", fixed=False))
    return spans


def _point_spans(records: dict, node_starts: dict, anchors: dict) -> list[_Span]:
    """Empty elements at a position: a flag for each warning with a place, an anchor for unnumbered measures."""
    spans = [_Span(at, at, f'<span class="anchor" id="{_attr(anchor)}">', "</span>", fixed=False)
             for anchor, at in anchors.items()]
    for i, warning in enumerate(records["warnings"]):
        at = warning["start"] if warning["start"] is not None else node_starts.get(warning["node_id"])
        if at is not None:
            tip = _attr(f"{warning['kind']}: {warning['message']}")
            spans.append(_Span(int(at), int(at), f'<span class="flag" id="w-{i}" tabindex="0" role="note" '
                                                 f'aria-label="Warning: {tip}" title="{tip}">',
                                 "</span>", fixed=False))
    return spans


# --- the notice page --------------------------------------------------------------------------------------

def notice_page(notice: dict, records: dict, ranked: list[dict], files: list[str]) -> str:
    """One notice's page: metadata and warnings, the outline beside the marked-up text, problems, key metrics."""
    text = notice["text"] or ""
    node_starts = {n["node_id"]: n["start"] for n in records["nodes"]}
    measure_links = {m["measure_id"]: _measure_link(m, node_starts) for m in records["measures"]}
    statuses = {m["node_id"]: m["status"] for m in records["measures"]  # a measure with its own heading
                if m["status"] and measure_links[m["measure_id"]] == f"#n-{m['node_id']}"}
    anchors = {measure_links[m["measure_id"]][1:]: m["start"] for m in records["measures"]
               if measure_links[m["measure_id"]].startswith("#measure-") and m["start"] is not None}
    highlights, shown = _highlight_spans(records, len(text))
    spans = highlights + _heading_spans(records["nodes"], statuses, text) + _point_spans(records, node_starts, anchors)
    warned = defaultdict(list)
    for warning in records["warnings"]:
        warned[warning["node_id"]].append(f"{warning['kind']}: {warning['message']}")
    title = notice["title"] or PurePath(files[0]).name
    body = f"""<a class="skip" href="#text">Skip to the text</a>
<header class="page">
<p><a href="../index.html">← All notices</a></p>
<h1 lang="zh-CN">{_esc(title)}</h1>
{_meta_html(notice, records, files)}
{_legend_html(records, shown)}
</header>
<div class="layout">
<nav class="outline" aria-labelledby="outline-heading">
<h2 id="outline-heading">Outline</h2>
<p class="tools" hidden><button type="button" data-action="expand">Expand all</button><button type="button" data-action="collapse">Collapse all</button></p>
{_outline_html(records["nodes"], statuses, warned) if records["nodes"] else '<p class="empty">No numbered headings found.</p>'}
</nav>
<main class="notice" id="main">
{_warnings_html(records["warnings"], node_starts)}
<section aria-labelledby="text-heading"><h2 id="text-heading">Text</h2>
<div class="notice-text" id="text" lang="zh-CN">{mark_up(text, spans)}</div></section>
<section aria-labelledby="problems-heading"><h2 id="problems-heading">Problems and measures</h2>
{_problems_html(records["problems"], records["measures"], measure_links)}</section>
<section aria-labelledby="metrics-heading"><h2 id="metrics-heading">Key metrics</h2>
{_key_metrics_html(ranked, records["metrics"])}</section>
</main>
</div>"""
    return _page(title, body, root="../")


def _meta_html(notice: dict, records: dict, files: list[str]) -> str:
    period = " – ".join(str(notice[k]) for k in ("inspection_start", "inspection_end") if notice[k] is not None)
    fields = [("Issuer", notice["issuer"]), ("Inspected unit", notice["inspected_unit"]),
              ("Inspection body", notice["inspection_body"]), ("Kind", notice["inspection_kind"]),
              ("Inspection", period), ("Feedback", notice["feedback_date"]), ("Published", notice["published_date"]),
              ("Region", _region(notice))]
    items = [f'<div><dt>{label}</dt><dd lang="zh-CN">{_esc(value)}</dd></div>' for label, value in fields if value]
    for label, parsed, stated in (("Problems", len(records["problems"]), notice["stated_problem_count"]),
                                  ("Measures", len(records["measures"]), notice["stated_measure_count"])):
        differs = stated is not None and int(stated) != parsed
        note = f" ({int(stated)} stated)" if stated is not None else ""
        css = ' class="mismatch"' if differs else ""
        items.append(f"<div><dt>{label}</dt><dd{css}>{parsed}{note}</dd></div>")
    items.append(f'<div><dt>Source</dt><dd class="path">{"<br>".join(_esc(f) for f in files)}</dd></div>')
    return f'<dl class="meta">{"".join(items)}</dl>'


def _legend_html(records: dict, shown: Counter) -> str:
    items = []
    for kind, table, _prefix, _describe in HIGHLIGHTS:
        missing = len(records[table]) - shown[kind]
        note = f", {missing} with offsets outside the text not shown" if missing else ""
        items.append(f'<li><span class="key-{kind}">{kind.capitalize()}s</span> {shown[kind]}{note}</li>')
    return (f'<ul class="legend" aria-label="Highlighted in the text">{"".join(items)}'
            f'<li class="muted">Hover or focus (Tab) a highlight for its value</li></ul>')


def _warnings_html(warnings: list[dict], node_starts: dict) -> str:
    if not warnings:
        return ""
    items = []
    for i, warning in enumerate(warnings):
        placed = warning["start"] is not None or warning["node_id"] in node_starts
        where = f' <a href="#w-{i}">show in the text</a>' if placed else ""
        items.append(f"<li><strong>{_esc(warning['kind'])}</strong>: {_esc(warning['message'])}{where}</li>")
    return (f'<section class="warnings" aria-labelledby="warnings-heading"><h2 id="warnings-heading">Warnings</h2>'
            f'<ul>{"".join(items)}</ul></section>')


def _outline_html(nodes: list[dict], statuses: dict, warned: dict) -> str:
    """Nested lists of links to the headings; a toggle button (shown by report.js) on every branch."""
    ids = {n["node_id"] for n in nodes}
    children = defaultdict(list)
    for node in nodes:
        children[node["parent_id"] if node["parent_id"] in ids else None].append(node)

    def branch(parent_id, list_id: str) -> str:
        items = []
        for node in children[parent_id]:
            node_id = _attr(node["node_id"])
            kids = branch(node["node_id"], f"o-{node_id}") if node["node_id"] in children else ""
            collapsed = " data-collapsed" if kids and (node["role"] == "problem" or node["depth"] >= 3) else ""
            toggle = (f'<button type="button" class="toggle" aria-expanded="true" aria-controls="o-{node_id}" '
                      f'aria-label="Headings under {_attr(node["marker"])}" hidden></button>') if kids else ""
            status = statuses.get(node["node_id"])
            badge = f' <span class="status status-{status}">{status}</span>' if status else ""
            tips = _attr("; ".join(warned.get(node["node_id"], ())))
            flag = f' <span class="flag" title="{tips}" aria-label="Warning: {tips}"></span>' if tips else ""
            items.append(f'<li class="o-{_attr(node["role"])}"{collapsed}>{toggle}<a href="#n-{node_id}">'
                         f'{_esc(node["marker"])} {_esc(node["title"])}</a>{badge}{flag}{kids}</li>')
        return f'<ul id="{list_id}" lang="zh-CN">{"".join(items)}</ul>'

    return branch(None, "outline")


def _measure_link(measure: dict, node_starts: dict) -> str:
    """The fragment a measure links to: its heading, else an anchor placed at its start."""
    if measure["node_id"] is not None and node_starts.get(measure["node_id"]) == measure["start"]:
        return f"#n-{measure['node_id']}"
    return f"#measure-{measure['measure_id']}"


def _problems_html(problems: list[dict], measures: list[dict], links: dict) -> str:
    if not problems:
        return '<p class="empty">No problems found.</p>'
    by_problem = defaultdict(list)
    for measure in measures:
        by_problem[measure["problem_id"]].append(measure)
    parts, category = [], object()
    for problem in problems:
        if problem["category_id"] != category:
            category = problem["category_id"]
            label = _esc(problem["category"] or "Without a category")
            heading = f'<a href="#n-{_attr(category)}">{label}</a>' if category else label
            parts.append(f'{"</ol>" if parts else ""}<h3 lang="zh-CN">{heading}</h3><ol class="problems" lang="zh-CN">')
        own = by_problem[problem["problem_id"]]
        counts = Counter(m["status"] or "status unknown" for m in own)
        tally = ", ".join(f"{counts[s]} {s}" for s in (*STATUSES, "status unknown") if counts[s])
        items = "".join(f'<li>{_status_badge(m["status"])} <a href="{_attr(links[m["measure_id"]])}">'
                        f'{_esc(m["title"] or (m["text"] or m["measure_id"])[:40])}</a></li>' for m in own)
        nested = f'<ol class="measures">{items}</ol>' if items else ""
        parts.append(f'<li><a href="#n-{_attr(problem["problem_id"])}">{_esc(problem["title"])}</a> '
                     f'<span class="muted" lang="en">{len(own)} measures{": " + tally if tally else ""}</span>'
                     f'{nested}</li>')
    return "".join(parts) + "</ol>"


def _status_badge(status) -> str:
    return f'<span class="status status-{status}" lang="en">{status}</span>' if status else \
        '<span class="status" lang="en">status unknown</span>'


def _key_metrics_html(ranked: list[dict], metrics: list[dict]) -> str:
    if not ranked:
        return '<p class="empty">No key metrics.</p>'
    index = {(m["start"], m["end"]): i for i, m in enumerate(metrics)}
    rows = []
    for row in ranked[:KEY_METRICS_SHOWN]:
        target = index.get((row["start"], row["end"]))
        raw = f'<a href="#m-{target}">{_esc(row["raw"])}</a>' if target is not None else _esc(row["raw"])
        rows.append([str(row["rank"]), raw, _esc(f"{format_number(row['signed_value'])}{row['unit'] or ''}"),
                     _esc(row["tier"]), _esc(row["subject"]), _esc(row["comparison"]), _esc(row["context"]),
                     str(row["mentions"])])
    note = (f'<p class="muted">The {KEY_METRICS_SHOWN} most quotable of {len(ranked)}; every metric is highlighted '
            f'in the text.</p>') if len(ranked) > KEY_METRICS_SHOWN else ""
    return _table(["#", "As written", "Value", "Tier", "Subject", "Compared", "Context", "Mentions"], rows,
                  numeric={0, 7}) + note


# --- the batch page ---------------------------------------------------------------------------------------

#: (key in the JSON rows, column header, sort type) of the notices table
NOTICE_COLUMNS = (("title", "Notice", "text"), ("issuer", "Issuer", "text"), ("kind", "Kind", "text"),
                  ("region", "Region", "text"), ("period", "Inspection", "text"), ("feedback", "Feedback", "text"),
                  ("published", "Published", "text"), ("problems", "Problems", "num"),
                  ("measures", "Measures", "num"), ("done", "Done", "num"), ("warnings", "Warnings", "num"))


def batch_page(tables: dict, rows: list[dict], charts: str, by: str) -> str:
    """The batch page: the notices table (rows as embedded JSON, drawn by report.js), the charts, the errors."""
    counts = ", ".join(f"{len(tables[t])} {t}" for t in ("problems", "measures", "dates", "metrics", "citations",
                                                           "warnings", "errors"))
    kinds = sorted({row["kind"] for row in rows if row["kind"]})
    options = "".join(f'<option value="{_attr(k)}">{_esc(k)}</option>' for k in kinds)
    head = "".join(f'<th scope="col" data-key="{key}" data-type="{kind}"{_NUM if kind == "num" else ""}>'
                   f'<button type="button">{label}</button></th>' for key, label, kind in NOTICE_COLUMNS)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    body = f"""<a class="skip" href="#main">Skip to the notices</a>
<header class="page">
<h1>Review report</h1>
<p>{len(rows)} notices, {counts}.</p>
<nav aria-label="Sections"><a href="#notices-heading">Notices</a> · <a href="#charts-heading">Across the batch</a> ·
<a href="#compare-heading">Compared by {_esc(by.replace("_", " "))}</a>{' · <a href="#errors-heading">Files that failed</a>' if len(tables["errors"]) else ""}</nav>
</header>
<main id="main">
<section aria-labelledby="notices-heading">
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
</section>
{charts}
{_errors_html(tables["errors"])}
</main>"""
    return _page("Review report", body)


def notice_rows(notices, summary, warnings, files: dict) -> list[dict]:
    """One JSON row per notice for the batch table (``files``: notice_id → its page's file name)."""
    warned = warnings.groupby("notice_id").size().to_dict() if len(warnings) else {}
    summaries = {row["notice_id"]: row for row in _records(summary)}
    rows = []
    for notice in _records(notices):
        counts = summaries[notice["notice_id"]]
        period = " – ".join(str(notice[k]) for k in ("inspection_start", "inspection_end") if notice[k] is not None)
        measures = counts["measures"]
        rows.append({"href": f"notices/{files[notice['notice_id']]}", "title": notice["title"],
                     "source": notice["source_path"],
                     "issuer": notice["issuer"], "kind": notice["inspection_kind"], "region": _region(notice),
                     "period": period or None, "feedback": _text(notice["feedback_date"]),
                     "published": _text(notice["published_date"]), "problems": counts["problems"],
                     "measures": measures, "measures_stated": _int(counts["measures_stated"]),
                     "done": round(100 * counts["measures_done"] / measures) if measures else None,
                     "warnings": int(warned.get(notice["notice_id"], 0))})
    return rows


def charts_html(compared: dict, months, measures, by: str) -> str:
    """The batch charts: problems per theme, measures per month, measure status; then the groups side by side."""
    themes = compared[f"compare_{by}_themes"]
    per_theme = themes.groupby("theme").problems.sum().sort_values(ascending=False, kind="stable").head(20)
    per_month = months.groupby("month").measures.sum()
    step = "month"
    if len(per_month) > 36:  # a long timeline reads better by year
        per_month, step = per_month.groupby(per_month.index.str[:4]).sum(), "year"
    status = measures.status.astype("object").fillna("unknown").value_counts()
    figures = [("Problems per theme", per_theme.items(), "problems"),
               (f"Measures dated per {step}", per_month.items(), "measures"),
               ("Measures by status", ((s, status.get(s, 0)) for s in (*STATUSES, "unknown")), "measures")]
    charts = "".join(f"<figure><figcaption>{caption}</figcaption>{_bar_chart(list(pairs), caption, unit)}</figure>"
                     for caption, pairs, unit in figures)
    return (f'<section aria-labelledby="charts-heading"><h2 id="charts-heading">Across the batch</h2>'
            f'<div class="charts">{charts}</div></section>\n{_compare_html(compared, by)}')


def _compare_html(compared: dict, by: str) -> str:
    summary, themes, metrics = (compared[f"compare_{by}{suffix}"] for suffix in ("", "_themes", "_metrics"))
    rows = [[_esc(r[by]), str(r["notices"]), str(r["problems"]), str(r["measures"]),
             _esc(_text(r["measures_per_problem"])), _shares_bar(r), _esc(r["note"])] for r in _records(summary)]
    groups = list(summary[by][:12])
    side = themes[themes.group.isin(groups)].pivot_table(index="theme", columns="group", values="problems",
                                                         aggfunc="sum", fill_value=0)
    side = side.reindex(columns=[g for g in groups if g in side.columns])
    top = side.values.max() if side.size else 1
    theme_rows = [[_esc(theme)] + [_heat(v, top) for v in values] for theme, values in zip(side.index, side.values)]
    shared = metrics[metrics.groups >= 2]
    if shared.empty:
        aligned = f'<p class="empty">No subject is reported by two groups or more ({len(metrics)} figures, one group each).</p>'
    else:
        wide = shared.pivot_table(index=["subject_norm", "unit", "comparison"], columns="group", values="values",
                                  aggfunc="first", fill_value="").head(40)
        aligned = _table(["Subject", "Unit", "Compared", *map(_esc, wide.columns)],
                         [[_esc(v) for v in (*key, *values)] for key, values in zip(wide.index, wide.values)])
    label = _esc(by.replace("_", " "))
    return f"""<section aria-labelledby="compare-heading"><h2 id="compare-heading">Compared by {label}</h2>
{_table([label.capitalize(), "Notices", "Problems", "Measures", "Per problem", "Done / ongoing / planned / unknown", "Note"], rows, numeric={1, 2, 3, 4})}
<h3>Problems per theme</h3>{_table(["Theme", *map(_esc, side.columns)], theme_rows, numeric=set(range(1, len(side.columns) + 1))) if theme_rows else '<p class="empty">No problems.</p>'}
<h3>Key metrics side by side</h3>{aligned}</section>"""


def _errors_html(errors) -> str:
    if not len(errors):
        return ""
    rows = [[_esc(e["source_path"]), _esc(e["stage"]), _esc(e["error"])] for e in _records(errors)]
    return (f'<section aria-labelledby="errors-heading"><h2 id="errors-heading">Files that failed</h2>'
            f'{_table(["File", "Stage", "Error"], rows)}</section>')


# --- small HTML builders ------------------------------------------------------------------------------------

def _bar_chart(pairs: list[tuple[str, float]], title: str, unit: str) -> str:
    """Horizontal bars as inline SVG, a label left of each bar and its value right of it."""
    if not pairs or not any(value for _, value in pairs):
        return '<p class="empty">No data.</p>'
    width, label_width, bar, gap = 520, 150, 18, 6
    top = max(value for _, value in pairs)
    bars = []
    for i, (label, value) in enumerate(pairs):
        y, length = i * (bar + gap), (width - label_width - 50) * value / top
        short = label if len(label) <= 10 else label[:9] + "…"
        bars.append(f'<g><title>{_esc(label)}: {format_number(value)} {unit}</title>'
                    f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{_esc(short)}</text>'
                    f'<rect class="bar" x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" rx="2"/>'
                    f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{format_number(value)}</text></g>')
    height = len(pairs) * (bar + gap)
    return (f'<svg class="chart" role="img" aria-label="{_attr(title)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" lang="zh-CN">{"".join(bars)}</svg>')


def _shares_bar(group: dict) -> str:
    """A group's shares of measures done / ongoing / planned / unknown: a stacked bar and the numbers."""
    shares = [(s, group[f"share_{s}"] or 0.0) for s in (*STATUSES, "unknown")]
    if group["measures"] == 0:
        return '<span class="muted">no measures</span>'
    x, rects = 0.0, []
    for status, share in shares:
        rects.append(f'<rect class="{status}" x="{x:.1f}" y="0" width="{120 * share:.1f}" height="12"/>')
        x += 120 * share
    text = " / ".join(f"{share:.0%}" for _, share in shares)
    return f'<svg class="shares" width="120" height="12" aria-hidden="true">{"".join(rects)}</svg> {text}'


def _heat(value: int, top: int) -> str:
    return f'<span style="display:block;background:rgba(37,99,235,{0.45 * value / top:.2f})">{value}</span>'


def _table(headers: list[str], rows: list[list[str]], numeric: frozenset | set = frozenset()) -> str:
    """A table from header labels and cells that are already HTML."""
    head = "".join(f'<th scope="col"{_NUM if i in numeric else ""}>{h}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{_NUM if i in numeric else ""}>{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _page(title: str, body: str, root: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}assets/report.css">
</head>
<body>
{body}
<script src="{root}assets/report.js"></script>
</body>
</html>
"""


def _esc(value) -> str:
    return "" if value is None else html.escape(str(value), quote=False)


def _attr(value) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _text(value):
    return None if value is None else str(value)


def _int(value):
    return None if value is None else int(value)


def _region(notice: dict) -> str | None:
    return " ".join(notice[k] for k in ("province", "city", "county") if notice[k]) or None


def _records(frame) -> list[dict]:
    """Rows as dicts of Python values, with None for every missing one (NaN included)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()


# --- wiring and writing -------------------------------------------------------------------------------------

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
    others are computed here.
    """
    if by not in REPORT_BY:
        raise ReportError(f"cannot compare by {by!r}: choose one of {', '.join(REPORT_BY)}")
    for name in ASSETS:
        yield f"assets/{name}", resources.files("pipeline").joinpath("report_assets", name).read_text(encoding="utf-8")
    stats, t, notices = dict(stats or {}), tables, tables["notices"]
    files = {notice_id: page_name(notice_id) for notice_id in notices.notice_id}
    if "notice_summary" not in stats:
        stats["notice_summary"] = notice_summary(notices, t["problems"], t["measures"], t["dates"], t["metrics"],
                                                 t["citations"])
    rows = notice_rows(notices, stats["notice_summary"], t["warnings"], files)
    charts = ""
    if len(notices):
        if not all(f"compare_{by}{suffix}" in stats for suffix in ("", "_themes", "_metrics")):
            stats.update(compare_tables(tables, by))
        if "timeline" not in stats:
            stats["timeline"] = timeline(t["measures"], t["dates"], t["citations"])
        charts = charts_html(stats, stats["timeline"], t["measures"], by)
    yield "index.html", batch_page(tables, rows, charts, by)
    if "key_metrics" not in stats:
        stats["key_metrics"] = key_metrics(t["metrics"], t["nodes"], t["problems"])
    per_notice = {name: _grouped(t[name]) for name in ("nodes", "problems", "measures", "dates", "metrics",
                                                        "citations", "warnings")}
    ranked = _grouped(stats["key_metrics"])
    sources = _grouped(notices[["notice_id", "source_path"]])
    for notice in _records(notices.drop_duplicates("notice_id")):
        notice_id = notice["notice_id"]
        records = {name: groups.get(notice_id, []) for name, groups in per_notice.items()}
        yield f"notices/{files[notice_id]}", notice_page(notice, records, ranked.get(notice_id, []),
                                                         [row["source_path"] for row in sources[notice_id]])


def _grouped(frame) -> dict[str, list[dict]]:
    """notice_id → that notice's rows as dicts, in table order."""
    groups = defaultdict(list)
    for row in _records(frame):
        groups[row["notice_id"]].append(row)
    return groups


def stats_used(by: str) -> tuple[str, ...]:
    """The stats tables a report compared by ``by`` draws on."""
    return ("notice_summary", "timeline", "key_metrics", f"compare_{by}", f"compare_{by}_themes",
            f"compare_{by}_metrics")


def read_fresh_stats(out_dir: Path, names: tuple[str, ...]) -> dict:
    """The tables ``names`` in OUT/stats, those written (by `zhenggai stats`, `compare`) after OUT's tables."""
    import pandas as pd

    tables = [p for p in out_dir.rglob("*.parquet") if not p.relative_to(out_dir).parts[0].startswith(("stats", "."))]
    written = max((p.stat().st_mtime for p in tables), default=float("inf"))
    paths = [out_dir / "stats" / f"{name}.parquet" for name in names]
    return {p.stem: pd.read_parquet(p) for p in paths if p.is_file() and p.stat().st_mtime >= written}


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
