"""charts: the stats and compare tables → the batch page's charts (inline SVG) and its groups side by side.

Drawn from the tables of ``pipeline.stats`` (``timeline``) and ``pipeline.compare``
(``compare_<by>``, ``compare_<by>_themes``, ``compare_<by>_metrics``); nothing is fetched.
"""
from __future__ import annotations

from ..compare import format_number
from .elements import STATUSES, attr, esc, table_html
from .rows import text_or_none, to_records

__all__ = ["charts_html"]


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
    rows = [[esc(r[by]), str(r["notices"]), str(r["problems"]), str(r["measures"]),
             esc(text_or_none(r["measures_per_problem"])), _shares_bar(r), esc(r["note"])] for r in to_records(summary)]
    groups = list(summary[by][:12])
    side = themes[themes.group.isin(groups)].pivot_table(index="theme", columns="group", values="problems",
                                                         aggfunc="sum", fill_value=0)
    side = side.reindex(columns=[g for g in groups if g in side.columns])
    top = side.values.max() if side.size else 1
    theme_rows = [[esc(theme)] + [_heat(v, top) for v in values] for theme, values in zip(side.index, side.values)]
    shared = metrics[metrics.groups >= 2]
    if shared.empty:
        aligned = f'<p class="empty">No subject is reported by two groups or more ({len(metrics)} figures, one group each).</p>'
    else:
        wide = shared.pivot_table(index=["subject_norm", "unit", "comparison"], columns="group", values="values",
                                  aggfunc="first", fill_value="").head(40)
        aligned = table_html(["Subject", "Unit", "Compared", *map(esc, wide.columns)],
                             [[esc(v) for v in (*key, *values)] for key, values in zip(wide.index, wide.values)])
    label = esc(by.replace("_", " "))
    return f"""<section aria-labelledby="compare-heading"><h2 id="compare-heading">Compared by {label}</h2>
{table_html([label.capitalize(), "Notices", "Problems", "Measures", "Per problem", "Done / ongoing / planned / unknown", "Note"], rows, numeric={1, 2, 3, 4})}
<h3>Problems per theme</h3>{table_html(["Theme", *map(esc, side.columns)], theme_rows, numeric=set(range(1, len(side.columns) + 1))) if theme_rows else '<p class="empty">No problems.</p>'}
<h3>Key metrics side by side</h3>{aligned}</section>"""


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
        bars.append(f'<g><title>{esc(label)}: {format_number(value)} {unit}</title>'
                    f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{esc(short)}</text>'
                    f'<rect class="bar" x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" rx="2"/>'
                    f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{format_number(value)}</text></g>')
    height = len(pairs) * (bar + gap)
    return (f'<svg class="chart" role="img" aria-label="{attr(title)}" viewBox="0 0 {width} {height}" '
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
