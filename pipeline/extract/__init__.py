"""extract: a parsed notice → its records (dates, metrics, citations, metadata, statuses).

``extract_records`` is the stage function; each extractor is a pure function
of the cleaned text, in its own module.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from operator import attrgetter

from ..types import Issue, Measure, Node, NoticeResult
from .citations import find_citations
from .dates import find_dates, find_published_date
from .metadata import extract_meta
from .metrics import find_metrics
from .status import span_statuses


def _page_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _replacer(cls):
    """``lambda record, **changes: dataclasses.replace(record, **changes)`` for a frozen slots dataclass,
    copying the slots directly (``replace`` reads the fields, then the frozen __init__ sets each
    through object.__setattr__: a third of the cost). Falls back to ``replace`` for a class with a
    __post_init__ or a field outside __init__."""
    names = tuple(f.name for f in fields(cls))
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields(cls)):
        return replace
    get_all = attrgetter(*names)
    setters = {name: getattr(cls, name).__set__ for name in names}
    set_all = tuple(setters.values())
    new = object.__new__

    def replaced(record, **changes):
        copy = new(cls)
        for set_field, value in zip(set_all, get_all(record)):
            set_field(copy, value)
        for name, value in changes.items():
            setters[name](copy, value)
        return copy
    return replaced


_replace_result = _replacer(NoticeResult)
_span = attrgetter("start", "end")

_MEASURE_FIELDS = ("measure_id", "problem_id", "node_id", "ordinal", "numbered", "title", "start", "end", "status")


def _status_setter():
    """``lambda m, status: dataclasses.replace(m, status=status)``, the slots copied one by one (the
    frozen __init__ costs twice as much, for ~70 measures a notice); ``m`` itself when its status is
    already that one. Falls back to ``replace`` if Measure's fields ever change."""
    if tuple(f.name for f in fields(Measure)) != _MEASURE_FIELDS or hasattr(Measure, "__post_init__"):
        return lambda m, status: m if m.status == status else replace(m, status=status)
    new = object.__new__
    (set_id, set_problem, set_node, set_ordinal, set_numbered, set_title, set_start, set_end,
     set_status) = (getattr(Measure, name).__set__ for name in _MEASURE_FIELDS)

    def with_status(m: Measure, status) -> Measure:
        if m.status == status:
            return m
        copy = new(Measure)
        set_id(copy, m.measure_id)
        set_problem(copy, m.problem_id)
        set_node(copy, m.node_id)
        set_ordinal(copy, m.ordinal)
        set_numbered(copy, m.numbered)
        set_title(copy, m.title)
        set_start(copy, m.start)
        set_end(copy, m.end)
        set_status(copy, status)
        return copy
    return with_status


_with_status = _status_setter()


def _marker_spans(nodes: list[Node], out: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every heading marker under ``nodes`` appended to ``out``, in document order
    (what ``Node.walk`` visits, without a generator step per node)."""
    for node in nodes:
        if node.marker:
            out.append((node.start, node.start + len(node.marker)))
        if node.children:
            _marker_spans(node.children, out)
    return out


def extract_records(result: NoticeResult) -> NoticeResult:
    """Fill in the records of a parsed notice."""
    doc = result.document
    text = doc.text
    published = find_published_date(text) or _page_date(doc.raw.metadata.get("published"))
    dates = find_dates(text, published=published)
    exclude = [(d.start, d.end) for d in dates]  # then the heading markers
    metrics = find_metrics(text, exclude=_marker_spans([result.root], exclude))
    citations = find_citations(text)
    meta = extract_meta(text, dates, published, doc.raw.metadata)
    statuses = span_statuses(text, map(_span, result.measures))
    measures = tuple(map(_with_status, result.measures, statuses))
    issues = [
        Issue(kind="unresolved_date", message=f"date '{d.raw}' left unresolved: no year in context to infer from, or more than one reading", start=d.start)
        for d in dates if d.date_start is None and d.kind != "relative"
    ]
    issues += _count_mismatches(meta.stated_problem_count, len(result.problems), "problems")
    issues += _count_mismatches(meta.stated_measure_count, len(measures), "measures")
    return _replace_result(result, meta=meta, measures=measures, dates=tuple(dates), metrics=tuple(metrics),
                           citations=tuple(citations), issues=result.issues + tuple(issues))


def _count_mismatches(stated: int | None, parsed: int, what: str) -> list[Issue]:
    if stated is None or stated == parsed:
        return []
    return [Issue(kind="count_mismatch", message=f"the notice states {stated} {what}, parsed {parsed}")]


__all__ = ["extract_records", "find_citations", "find_dates", "find_metrics", "find_published_date"]
