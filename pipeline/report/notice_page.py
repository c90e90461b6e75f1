"""notice_page: one notice's rows → its page: metadata and warnings, the outline beside the marked-up text,
problems and measures, key metrics.

Headings in the text are anchors (``n-<node_id>``) the outline, the problems list and the
warnings link to; a measure without a heading of its own gets an empty anchor at its start.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import PurePath

from ..compare import format_number
from .elements import STATUSES, attr, esc, page_html, table_html
from .markup import HIGHLIGHTS, mark_up_notice
from .rows import inspection_period, region

__all__ = ["KEY_METRICS_SHOWN", "notice_page"]

KEY_METRICS_SHOWN = 15


def notice_page(notice: dict, records: dict, ranked: list[dict], files: list[str]) -> str:
    """One notice's page from its row, its rows of every table (``records``), its ranked key metrics, its files."""
    node_starts = {n["node_id"]: n["start"] for n in records["nodes"]}
    measure_links = {m["measure_id"]: _measure_link(m, node_starts) for m in records["measures"]}
    statuses = {m["node_id"]: m["status"] for m in records["measures"]  # a measure with its own heading
                if m["status"] and measure_links[m["measure_id"]] == f"#n-{m['node_id']}"}
    anchors = {measure_links[m["measure_id"]][1:]: m["start"] for m in records["measures"]
               if measure_links[m["measure_id"]].startswith("#measure-") and m["start"] is not None}
    text, shown = mark_up_notice(notice["text"] or "", records, statuses, anchors)
    title = notice["title"] or PurePath(files[0]).name
    body = f"""<a class="skip" href="#text">Skip to the text</a>
<header class="page">
<p><a href="../index.html">← All notices</a></p>
<h1 lang="zh-CN">{esc(title)}</h1>
{_meta_html(notice, records, files)}
{_legend_html(records, shown)}
</header>
<div class="layout">
<nav class="outline" aria-labelledby="outline-heading">
<h2 id="outline-heading">Outline</h2>
<p class="tools" hidden><button type="button" data-action="expand">Expand all</button><button type="button" data-action="collapse">Collapse all</button></p>
{_outline_html(records["nodes"], statuses, _warnings_by_node(records["warnings"])) if records["nodes"] else '<p class="empty">No numbered headings found.</p>'}
</nav>
<main class="notice" id="main">
{_warnings_html(records["warnings"], node_starts)}
<section aria-labelledby="text-heading"><h2 id="text-heading">Text</h2>
<div class="notice-text" id="text" lang="zh-CN">{text}</div></section>
<section aria-labelledby="problems-heading"><h2 id="problems-heading">Problems and measures</h2>
{_problems_html(records["problems"], records["measures"], measure_links)}</section>
<section aria-labelledby="metrics-heading"><h2 id="metrics-heading">Key metrics</h2>
{_key_metrics_html(ranked, records["metrics"])}</section>
</main>
</div>"""
    return page_html(title, body, root="../")


def _measure_link(measure: dict, node_starts: dict) -> str:
    """The fragment a measure links to: its heading, else an anchor placed at its start."""
    if measure["node_id"] is not None and node_starts.get(measure["node_id"]) == measure["start"]:
        return f"#n-{measure['node_id']}"
    return f"#measure-{measure['measure_id']}"


def _warnings_by_node(warnings: list[dict]) -> dict[str, list[str]]:
    warned = defaultdict(list)
    for warning in warnings:
        warned[warning["node_id"]].append(f"{warning['kind']}: {warning['message']}")
    return warned


def _meta_html(notice: dict, records: dict, files: list[str]) -> str:
    fields = [("Issuer", notice["issuer"]), ("Inspected unit", notice["inspected_unit"]),
              ("Inspection body", notice["inspection_body"]), ("Kind", notice["inspection_kind"]),
              ("Inspection", inspection_period(notice)), ("Feedback", notice["feedback_date"]),
              ("Published", notice["published_date"]), ("Region", region(notice))]
    items = [f'<div><dt>{label}</dt><dd lang="zh-CN">{esc(value)}</dd></div>' for label, value in fields if value]
    for label, parsed, stated in (("Problems", len(records["problems"]), notice["stated_problem_count"]),
                                  ("Measures", len(records["measures"]), notice["stated_measure_count"])):
        differs = stated is not None and int(stated) != parsed
        note = f" ({int(stated)} stated)" if stated is not None else ""
        css = ' class="mismatch"' if differs else ""
        items.append(f"<div><dt>{label}</dt><dd{css}>{parsed}{note}</dd></div>")
    items.append(f'<div><dt>Source</dt><dd class="path">{"<br>".join(esc(f) for f in files)}</dd></div>')
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
        items.append(f"<li><strong>{esc(warning['kind'])}</strong>: {esc(warning['message'])}{where}</li>")
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
            node_id = attr(node["node_id"])
            kids = branch(node["node_id"], f"o-{node_id}") if node["node_id"] in children else ""
            collapsed = " data-collapsed" if kids and (node["role"] == "problem" or node["depth"] >= 3) else ""
            toggle = (f'<button type="button" class="toggle" aria-expanded="true" aria-controls="o-{node_id}" '
                      f'aria-label="Headings under {attr(node["marker"])}" hidden></button>') if kids else ""
            status = statuses.get(node["node_id"])
            badge = f' <span class="status status-{status}">{status}</span>' if status else ""
            tips = attr("; ".join(warned.get(node["node_id"], ())))
            flag = f' <span class="flag" data-tip="{tips}" aria-label="Warning: {tips}"></span>' if tips else ""
            items.append(f'<li class="o-{attr(node["role"])}"{collapsed}>{toggle}<a href="#n-{node_id}">'
                         f'{esc(node["marker"])} {esc(node["title"])}</a>{badge}{flag}{kids}</li>')
        return f'<ul id="{list_id}" lang="zh-CN">{"".join(items)}</ul>'

    return branch(None, "outline")


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
            label = esc(problem["category"] or "Without a category")
            heading = f'<a href="#n-{attr(category)}">{label}</a>' if category else label
            parts.append(f'{"</ol>" if parts else ""}<h3 lang="zh-CN">{heading}</h3><ol class="problems" lang="zh-CN">')
        own = by_problem[problem["problem_id"]]
        counts = Counter(m["status"] or "status unknown" for m in own)
        tally = ", ".join(f"{counts[s]} {s}" for s in (*STATUSES, "status unknown") if counts[s])
        items = "".join(f'<li>{_status_badge(m["status"])} <a href="{attr(links[m["measure_id"]])}">'
                        f'{esc(m["title"] or (m["text"] or m["measure_id"])[:40])}</a></li>' for m in own)
        nested = f'<ol class="measures">{items}</ol>' if items else ""
        parts.append(f'<li><a href="#n-{attr(problem["problem_id"])}">{esc(problem["title"])}</a> '
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
        raw = f'<a href="#m-{target}">{esc(row["raw"])}</a>' if target is not None else esc(row["raw"])
        rows.append([str(row["rank"]), raw, esc(f"{format_number(row['signed_value'])}{row['unit'] or ''}"),
                     esc(row["tier"]), esc(row["subject"]), esc(row["comparison"]), esc(row["context"]),
                     str(row["mentions"])])
    note = (f'<p class="muted">The {KEY_METRICS_SHOWN} most quotable of {len(ranked)}; every metric is highlighted '
            f'in the text.</p>') if len(ranked) > KEY_METRICS_SHOWN else ""
    return table_html(["#", "As written", "Value", "Tier", "Subject", "Compared", "Context", "Mentions"], rows,
                      numeric={0, 7}) + note
