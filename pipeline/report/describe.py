"""describe: a date, metric or citation record → the one line its highlight's tooltip shows.

What was written, an arrow, then the normalised value and how it was read: the text a reader
sees on hover or keyboard focus, and the highlight's accessible name.
"""
from __future__ import annotations

from typing import Mapping

from ..compare import format_number

__all__ = ["describe_citation", "describe_date", "describe_metric"]

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
