"""extract: a parsed notice → its records (dates, metrics, citations, metadata, statuses).

``extract_records`` is the stage function; each extractor is a pure function
of the cleaned text, in its own module.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..types import Issue, Measure, NoticeResult
from .citations import find_citations
from .dates import find_dates, find_published_date
from .metadata import extract_meta
from .metrics import find_metrics
from .status import measure_status


def _page_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def extract_records(result: NoticeResult) -> NoticeResult:
    """Fill in the records of a parsed notice."""
    doc = result.document
    text = doc.text
    published = find_published_date(text) or _page_date(doc.raw.metadata.get("published"))
    dates = find_dates(text, published=published)
    markers = [(n.start, n.start + len(n.marker or "")) for n in result.root.walk() if n.marker]
    metrics = find_metrics(text, exclude=[(d.start, d.end) for d in dates] + markers)
    citations = find_citations(text)
    meta = extract_meta(text, dates, published, doc.raw.metadata)
    measures = tuple(_with_status(m, measure_status(text[m.start:m.end])) for m in result.measures)
    issues = [
        Issue(kind="unresolved_date", message=f"date '{d.raw}' left unresolved: no year in context to infer from, or more than one reading", start=d.start)
        for d in dates if d.date_start is None and d.kind != "relative"
    ]
    issues += _count_mismatches(meta.stated_problem_count, len(result.problems), "problems")
    issues += _count_mismatches(meta.stated_measure_count, len(measures), "measures")
    return replace(result, meta=meta, measures=measures, dates=tuple(dates), metrics=tuple(metrics),
                   citations=tuple(citations), issues=result.issues + tuple(issues))


def _with_status(m: Measure, status) -> Measure:
    return Measure(measure_id=m.measure_id, problem_id=m.problem_id, node_id=m.node_id, ordinal=m.ordinal,
                   numbered=m.numbered, title=m.title, start=m.start, end=m.end, status=status)


def _count_mismatches(stated: int | None, parsed: int, what: str) -> list[Issue]:
    if stated is None or stated == parsed:
        return []
    return [Issue(kind="count_mismatch", message=f"the notice states {stated} {what}, parsed {parsed}")]


__all__ = ["extract_records", "find_citations", "find_dates", "find_metrics", "find_published_date"]
