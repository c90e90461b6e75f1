"""extract: a parsed notice → its records (dates, metrics, citations, metadata, statuses).

``extract_records`` is the stage function; each extractor is a pure function
of the cleaned text, in its own module.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import Issue, Measure, Node, NoticeResult
from .citations import find_citations
from .dates import find_dates
from .published_date import find_published_date, find_signed_month
from .metadata import extract_meta
from .metrics import find_metrics
from .table_cells import find_cell_metrics
from .status import measure_statuses, reports_rectification


def _page_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


_span = attrgetter("start", "end")


def _with_status(m: Measure, status: tuple) -> Measure:
    return Measure(measure_id=m.measure_id, problem_id=m.problem_id, node_id=m.node_id, ordinal=m.ordinal,
                   numbered=m.numbered, title=m.title, start=m.start, end=m.end, status=status[0],
                   status_basis=status[1])


def _marker_spans(nodes: list[Node], out: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every heading marker under ``nodes`` appended to ``out``, in document order
    (what ``Node.walk`` visits, without a generator step per node)."""
    for node in nodes:
        if node.marker:
            out.append((node.start, node.start + len(node.marker)))
        if node.children:
            _marker_spans(node.children, out)
    return out


def _forward_spans(nodes: list[Node], cues: re.Pattern, out: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the outermost sections under ``nodes`` whose title plans ahead (下一步工作打算)."""
    for node in nodes:
        if node.marker and cues.search(node.title):
            out.append((node.start, node.end))
        elif node.children:
            _forward_spans(node.children, cues, out)
    return out


@lru_cache(maxsize=1)
def _forward_cues() -> re.Pattern:
    return cached_compile("|".join(map(re.escape, load_yaml("dates.yaml")["forward_sections"])))


def extract_records(result: NoticeResult) -> NoticeResult:
    """Fill in the records of a parsed notice."""
    doc = result.document
    text = doc.text
    published = find_published_date(text) or _page_date(doc.raw.metadata.get("published"))
    markers = _marker_spans([result.root], [])
    forward = _forward_spans([result.root], _forward_cues(), [])
    cells = find_cell_metrics(text)  # a number under 金额（万元） is an amount, even when it reads like 2023.5
    headings = {start for start, _ in markers}
    # (a notice signed with a month only is read as of that month's end; it still bears no date)
    signed = None if published else find_signed_month(text)
    dates = find_dates(text, published=published or signed, month_only=signed is not None, markers=headings | {c.start for c in cells}, forward=forward,
                       headings=headings)
    metrics = find_metrics(text, exclude=[(d.start, d.end) for d in dates] + markers, cells=cells)
    citations = find_citations(text)
    meta = extract_meta(text, dates, published, doc.raw.metadata)
    statuses = measure_statuses(text, list(map(_span, result.measures)), dates, published or signed,
                                reports_rectification(meta.title))
    measures = tuple(map(_with_status, result.measures, statuses))
    issues = [
        Issue(kind="unresolved_date", message=f"date '{d.raw}' left unresolved: no year in context to infer from, or more than one reading", start=d.start)
        for d in dates if d.date_start is None and d.kind != "relative"
    ]
    issues += _count_mismatches(meta.stated_problem_count, len(result.problems), "problems")
    issues += _count_mismatches(meta.stated_measure_count, len(measures), "measures")
    return replace(result, meta=meta, measures=measures, dates=tuple(dates), metrics=tuple(metrics),
                           citations=tuple(citations), issues=result.issues + tuple(issues))


def _count_mismatches(stated: int | None, parsed: int, what: str) -> list[Issue]:
    if stated is None or stated == parsed:
        return []
    return [Issue(kind="count_mismatch", message=f"the notice states {stated} {what}, parsed {parsed}")]


__all__ = ["extract_records", "find_citations", "find_dates", "find_metrics", "find_published_date"]
