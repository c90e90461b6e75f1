"""markup: a notice's text + its records → the text as escaped HTML, every highlight, heading and flag properly nested.

    records → spans (highlights, headings, flags and anchors) → mark_up(text, spans) → HTML

Every date, metric and citation becomes exactly one ``<mark class="hl hl-KIND" tabindex="0">``
whose ``aria-label`` is its normalised value (``describe``): report.css shows that label as a
tooltip on hover and keyboard focus, and there is no ``title``, so no second, native tooltip.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping

from ..schemas import SPAN_COLUMNS
from .describe import describe_citation, describe_date, describe_metric
from .elements import attr

__all__ = ["HIGHLIGHTS", "mark_up", "mark_up_notice"]

#: (kind, table, id prefix, tooltip) of the records highlighted in a notice's text
HIGHLIGHTS: tuple[tuple[str, str, str, Callable[[Mapping], str]], ...] = (
    ("date", "dates", "d", describe_date),
    ("metric", "metrics", "m", describe_metric),
    ("citation", "citations", "c", describe_citation),
)


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


def mark_up_notice(text: str, records: dict, statuses: dict, anchors: dict) -> tuple[str, Counter]:
    """A notice's text as HTML: its records highlighted, its headings and warnings placed; how many of each kind show.

    ``statuses``: node_id → the status of the measure that heading is; ``anchors``: id → position
    of an empty anchor (for measures without a heading of their own).
    """
    node_starts = {n["node_id"]: n["start"] for n in records["nodes"]}
    highlights, shown = _highlight_spans(records, len(text))
    spans = highlights + _heading_spans(records["nodes"], statuses, text) + _point_spans(records, node_starts, anchors)
    return mark_up(text, spans), shown


def _highlight_spans(records: dict, length: int) -> tuple[list[_Span], Counter]:
    """One ``<mark>`` per date, metric and citation with valid offsets; the count of each kind."""
    spans, shown = [], Counter()
    for kind, table, prefix, describe in HIGHLIGHTS:
        start_column, end_column = SPAN_COLUMNS[table]
        for i, row in enumerate(records[table]):
            start, end = row[start_column], row[end_column]
            if start is None or end is None or not 0 <= start < end <= length:
                continue
            tip = attr(describe(row))
            spans.append(_Span(int(start), int(end), f'<mark class="hl hl-{kind}" id="{prefix}-{i}" tabindex="0" '
                                                     f'aria-label="{tip}">', "</mark>"))
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
        spans.append(_Span(start, end, f'<span class="h h-{attr(node["role"])}" id="n-{attr(node["node_id"])}" '
                                       f'role="heading" aria-level="{min(node["depth"] + 2, 6)}" tabindex="-1"'
                                       f'{status}>', "</span>", fixed=False))
    return spans


def _point_spans(records: dict, node_starts: dict, anchors: dict) -> list[_Span]:
    """Empty elements at a position: a flag for each warning with a place, an anchor for unnumbered measures."""
    spans = [_Span(at, at, f'<span class="anchor" id="{attr(anchor)}">', "</span>", fixed=False)
             for anchor, at in anchors.items()]
    for i, warning in enumerate(records["warnings"]):
        at = warning["start"] if warning["start"] is not None else node_starts.get(warning["node_id"])
        if at is not None:
            tip = attr(f"{warning['kind']}: {warning['message']}")
            spans.append(_Span(int(at), int(at), f'<span class="flag" id="w-{i}" tabindex="0" role="note" '
                                                 f'aria-label="Warning: {tip}" data-tip="{tip}">',
                                 "</span>", fixed=False))
    return spans
