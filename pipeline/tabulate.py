"""tabulate: NoticeResult → the rows of each output table, as columns (document order).

Every record row carries ``notice_id`` and the ``node_id`` of the deepest
heading node that contains it, so it can be traced to its place in the tree.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter

from .types import Node, NoticeResult

Rows = dict[str, list[dict]]  # table → one dict per row
Columns = dict[str, dict[str, list]]  # table → column → values


@lru_cache(maxsize=None)
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def asdict(record) -> dict:
    """A flat record's fields as a dict (dataclasses.asdict deep-copies, which is slow)."""
    return {name: getattr(record, name) for name in _names(type(record))}


class _NodeIndex:
    """Find the deepest node containing an offset."""

    def __init__(self, root: Node):
        self.nodes = [n for n in root.walk() if n.node_id]  # document order
        self.starts = [n.start for n in self.nodes]

    def node_at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            node = self.nodes[i]
            if node.start <= offset < node.end:
                return node.node_id
            i -= 1
        return None


def notice_columns(result: NoticeResult) -> Columns:
    """All rows one notice contributes, as columns (lists of values) keyed by table and column name.

    Built column by column from the records, without a dict per row: the batch
    turns these lists straight into Arrow arrays (``columnar``).
    """
    doc, meta, text = result.document, result.meta, result.document.text
    nid = doc.notice_id
    index = _NodeIndex(result.root)
    node_at = index.node_at
    measure_counts: dict[str, int] = {}
    for m in result.measures:
        measure_counts[m.problem_id] = measure_counts.get(m.problem_id, 0) + 1
    page = doc.raw.metadata
    notice = {
        "notice_id": nid, "source_path": doc.source_path, "text": text, "char_count": len(text),
        "problem_count": len(result.problems), "measure_count": len(result.measures),
        "encoding": doc.raw.encoding, "format": doc.raw.format, "script": doc.script,
        "cleaning_steps": ",".join(doc.steps),
        **asdict(meta),
        **{f"page_{key}": page.get(key) for key in ("title", "published", "source", "publisher", "index_no")},
    }
    nodes, problems, measures = index.nodes, result.problems, result.measures
    dates, metrics, citations, issues = result.dates, result.metrics, result.citations, result.issues
    columns = {
        "notices": {name: [value] for name, value in notice.items()},
        "nodes": {
            "notice_id": [nid] * len(nodes), "node_id": [n.node_id for n in nodes],
            "parent_id": [n.parent_id or None for n in nodes], "depth": [n.depth for n in nodes],
            "role": [n.role for n in nodes], "marker": [n.marker for n in nodes],
            "marker_kind": [n.marker_kind for n in nodes], "ordinal": [n.ordinal for n in nodes],
            "title": [n.title for n in nodes], "start": [n.start for n in nodes], "end": [n.end for n in nodes],
        },
        "problems": {
            "notice_id": [nid] * len(problems), **_fields(problems),
            "measure_count": [measure_counts.get(p.problem_id, 0) for p in problems],
        },
        "measures": {
            "notice_id": [nid] * len(measures), **_fields(measures),
            "text": [text[m.start:m.end] for m in measures],
        },
        "dates": {
            "notice_id": [nid] * len(dates), "node_id": [node_at(d.start) for d in dates],
            "raw": [d.raw for d in dates], "char_start": [d.start for d in dates],
            "char_end": [d.end for d in dates], "start": [d.date_start for d in dates],
            "end": [d.date_end for d in dates], "granularity": [d.granularity for d in dates],
            "kind": [d.kind for d in dates], "year_inferred": [d.year_inferred for d in dates],
        },
        "metrics": {
            "notice_id": [nid] * len(metrics), "node_id": [node_at(m.start) for m in metrics],
            **_fields(metrics),
            "value": [float(m.value) for m in metrics],
            "value_max": [None if m.value_max is None else float(m.value_max) for m in metrics],
        },
        "citations": {
            "notice_id": [nid] * len(citations), "node_id": [node_at(c.start) for c in citations],
            **_fields(citations),
        },
        "warnings": {
            "notice_id": [nid] * len(issues),
            "node_id": [i.node_id or (node_at(i.start) if i.start is not None else None) for i in issues],
            "kind": [i.kind for i in issues], "message": [i.message for i in issues],
            "start": [i.start for i in issues],
        },
    }
    if doc.published is not None:
        _as_published(columns, doc.text, doc.published)
    return columns


#: columns that quote the notice (table → (column, the column of the offset to look from)). The
#: rest are ids, numbers, words of the lexicons (units, kinds, roles) or values made to be grouped
#: and compared across notices (issuer, inspection body, a metric's subject): those keep the
#: Simplified spelling the rules read, so a reprint in either script groups with the original.
_QUOTING = {
    "notices": (("title", None),),
    "nodes": (("marker", "start"), ("title", "start")),
    "problems": (("title", "start"),),
    "measures": (("title", "start"), ("text", "start")),
    "dates": (("raw", "char_start"),),
    "metrics": (("raw", "start"),),
    "citations": (("raw", "start"), ("title", "start")),
}


def _as_published(columns: Columns, text: str, published: str) -> None:
    """Quote a converted notice (Traditional script, matched in Simplified) as it was published.

    ``text`` and ``published`` have the same length, so a quote found at an offset of ``text``
    is the same span of ``published``; a quote that is not a span (a title joined over a line
    break) is translated character by character with what this notice's own spans show.
    """
    back: dict[int, str] | None = None

    def quote(value: str | None, near: int | None) -> str | None:
        nonlocal back
        if not value:
            return value
        at = text.find(value, near or 0)
        if at < 0 and near:
            at = text.find(value)
        if at >= 0:
            return published[at:at + len(value)]
        if back is None:
            pairs = Counter((s, p) for s, p in zip(text, published) if s != p)
            back = {}
            for (s, p), _ in pairs.most_common():
                back.setdefault(ord(s), p)
        return value.translate(back)

    columns["notices"]["text"] = [published]
    for table, quoting in _QUOTING.items():
        table_columns = columns[table]
        for name, near in quoting:
            if name in table_columns:
                offsets = table_columns.get(near) if near else None
                table_columns[name] = [quote(v, offsets[i] if offsets else None)
                                       for i, v in enumerate(table_columns[name])]
    problems = columns["problems"]
    if problems.get("category_id"):  # a category is its heading's title, quoted where that heading is
        titles = dict(zip(columns["nodes"]["node_id"], columns["nodes"]["title"]))
        problems["category"] = [titles.get(c, v) for c, v in zip(problems["category_id"], problems["category"])]


def _fields(records) -> dict[str, list]:
    """Every field of a sequence of records of one dataclass, as columns (empty when there are none)."""
    if not records:
        return {}
    return {name: list(map(get, records)) for name, get in _getters(type(records[0]))}


@lru_cache(maxsize=None)
def _getters(cls: type) -> tuple[tuple[str, attrgetter], ...]:
    return tuple((name, attrgetter(name)) for name in _names(cls))


def num_rows(columns: dict[str, list]) -> int:
    """How many rows a table's columns hold."""
    return len(next(iter(columns.values()))) if columns else 0


def notice_rows(result: NoticeResult) -> Rows:
    """All rows one notice contributes, keyed by table name (one dict per row, keyed by column)."""
    return {table: to_rows(columns) for table, columns in notice_columns(result).items()}


def to_rows(columns: dict[str, list]) -> list[dict]:
    """Columns (name → values) as rows (one dict per row)."""
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def error_row(source_path: str, stage: str, error: str) -> dict:
    """The ``errors`` row for a file that could not be processed."""
    return {"source_path": source_path, "stage": stage, "error": error}
