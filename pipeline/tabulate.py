"""tabulate: NoticeResult → rows for each output table (plain dicts, document order).

Every record row carries ``notice_id`` and the ``node_id`` of the deepest
heading node that contains it, so it can be traced to its place in the tree.
"""
from __future__ import annotations

import bisect
from dataclasses import fields
from functools import lru_cache

from .types import Node, NoticeResult

Rows = dict[str, list[dict]]


@lru_cache(maxsize=None)
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def asdict(record) -> dict:
    """A flat record's fields as a dict (dataclasses.asdict deep-copies, which is slow)."""
    return {name: getattr(record, name) for name in _names(type(record))}


class _NodeIndex:
    """Find the deepest node containing an offset."""

    def __init__(self, root: Node):
        self.nodes = [n for n in root.walk() if n.node_id]
        self.starts = [n.start for n in self.nodes]

    def node_at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            node = self.nodes[i]
            if node.start <= offset < node.end:
                return node.node_id
            i -= 1
        return None


def notice_rows(result: NoticeResult) -> Rows:
    """All rows one notice contributes, keyed by table name."""
    doc, meta = result.document, result.meta
    nid = doc.notice_id
    index = _NodeIndex(result.root)
    measure_counts: dict[str, int] = {}
    for m in result.measures:
        measure_counts[m.problem_id] = measure_counts.get(m.problem_id, 0) + 1
    page = doc.raw.metadata
    notice = {
        "notice_id": nid, "source_path": doc.source_path, "text": doc.text, "char_count": len(doc.text),
        "problem_count": len(result.problems), "measure_count": len(result.measures),
        "encoding": doc.raw.encoding, "format": doc.raw.format, "script": doc.script, "cleaning_steps": ",".join(doc.steps),
        **asdict(meta),
        **{f"page_{key}": page.get(key) for key in ("title", "published", "source", "publisher", "index_no")},
    }
    return {
        "notices": [notice],
        "nodes": [
            {"notice_id": nid, "node_id": n.node_id, "parent_id": n.parent_id or None, "depth": n.depth,
             "role": n.role, "marker": n.marker, "marker_kind": n.marker_kind, "ordinal": n.ordinal,
             "title": n.title, "start": n.start, "end": n.end}
            for n in result.root.walk() if n.node_id
        ],
        "problems": [
            {"notice_id": nid, **asdict(p), "measure_count": measure_counts.get(p.problem_id, 0)}
            for p in result.problems
        ],
        "measures": [
            {"notice_id": nid, **asdict(m), "text": doc.text[m.start:m.end]} for m in result.measures
        ],
        "dates": [
            {"notice_id": nid, "node_id": index.node_at(d.start), "raw": d.raw, "char_start": d.start,
             "char_end": d.end, "start": d.date_start, "end": d.date_end, "granularity": d.granularity,
             "kind": d.kind, "year_inferred": d.year_inferred}
            for d in result.dates
        ],
        "metrics": [
            {"notice_id": nid, "node_id": index.node_at(m.start), **_metric(asdict(m))} for m in result.metrics
        ],
        "citations": [
            {"notice_id": nid, "node_id": index.node_at(c.start), **asdict(c)} for c in result.citations
        ],
        "warnings": [
            {"notice_id": nid, "node_id": i.node_id or (index.node_at(i.start) if i.start is not None else None),
             "kind": i.kind, "message": i.message, "start": i.start}
            for i in result.issues
        ],
    }


def _metric(row: dict) -> dict:
    row["value"] = float(row["value"])
    row["value_max"] = None if row["value_max"] is None else float(row["value_max"])
    return row


def error_row(source_path: str, stage: str, error: str) -> dict:
    """The ``errors`` row for a file that could not be processed."""
    return {"source_path": source_path, "stage": stage, "error": error}
