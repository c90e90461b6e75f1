"""schemas: every output table's columns and types, declared once.

``notices`` has one row per input file; ``notice_id`` is a hash of the cleaned
text, so two files with the same text share it: the later ones name the first
in ``duplicate_of``, and their records are stored once.

Offsets into ``notices.text`` are ``start``/``end`` in every table except
``dates``, where ``start``/``end`` are the calendar bounds of the date and
the offsets are ``char_start``/``char_end``.
"""
from __future__ import annotations

from functools import lru_cache

# (column, arrow type name) per table; type names are resolved by ``arrow_schema``.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "notices": (
        ("notice_id", "string"), ("source_path", "string"), ("title", "string"), ("text", "string"),
        ("char_count", "int32"), ("problem_count", "int32"), ("measure_count", "int32"),
        ("encoding", "string"), ("format", "string"), ("script", "string"), ("cleaning_steps", "string"),
        ("issuer", "string"), ("inspected_unit", "string"), ("inspection_body", "string"),
        ("inspection_kind", "string"), ("inspection_start", "date32"), ("inspection_end", "date32"),
        ("feedback_date", "date32"), ("published_date", "date32"),
        ("province", "string"), ("city", "string"), ("county", "string"), ("admin_code", "string"),
        ("phone", "string"), ("email", "string"),
        ("stated_problem_count", "int32"), ("stated_measure_count", "int32"), ("stated_rule_count", "int32"),
        ("page_title", "string"), ("page_published", "string"), ("page_source", "string"),
        ("page_publisher", "string"), ("page_index_no", "string"), ("duplicate_of", "string"),
    ),
    "nodes": (
        ("notice_id", "string"), ("node_id", "string"), ("parent_id", "string"), ("depth", "int16"),
        ("role", "string"), ("marker", "string"), ("marker_kind", "string"), ("ordinal", "int32"),
        ("title", "string"), ("start", "int32"), ("end", "int32"),
    ),
    "problems": (
        ("notice_id", "string"), ("problem_id", "string"), ("category_id", "string"), ("category", "string"),
        ("ordinal", "int32"), ("title", "string"), ("measure_count", "int32"),
    ),
    "measures": (
        ("notice_id", "string"), ("measure_id", "string"), ("problem_id", "string"), ("node_id", "string"),
        ("ordinal", "int32"), ("numbered", "bool"), ("title", "string"), ("text", "string"),
        ("status", "string"), ("status_basis", "string"), ("start", "int32"), ("end", "int32"),
    ),
    "dates": (
        ("notice_id", "string"), ("node_id", "string"), ("raw", "string"),
        ("char_start", "int32"), ("char_end", "int32"),
        ("start", "date32"), ("end", "date32"), ("granularity", "string"), ("kind", "string"),
        ("year_inferred", "bool"),
    ),
    "metrics": (
        ("notice_id", "string"), ("node_id", "string"), ("raw", "string"), ("start", "int32"), ("end", "int32"),
        ("value", "float64"), ("value_max", "float64"), ("unit", "string"), ("kind", "string"),
        ("approx", "bool"), ("subject", "string"), ("comparison", "string"), ("direction", "string"),
    ),
    "citations": (
        ("notice_id", "string"), ("node_id", "string"), ("raw", "string"), ("start", "int32"), ("end", "int32"),
        ("title", "string"), ("doc_type", "string"), ("action", "string"), ("issued_here", "bool"),
    ),
    "warnings": (
        ("notice_id", "string"), ("node_id", "string"), ("kind", "string"), ("message", "string"),
        ("start", "int32"),
    ),
    "errors": (("source_path", "string"), ("stage", "string"), ("error", "string")),
}

TABLE_NAMES: tuple[str, ...] = tuple(COLUMNS)

#: (start column, end column) of the span every row of these tables points to in notices.text
SPAN_COLUMNS: dict[str, tuple[str, str]] = {
    "nodes": ("start", "end"),
    "measures": ("start", "end"),
    "dates": ("char_start", "char_end"),
    "metrics": ("start", "end"),
    "citations": ("start", "end"),
}


@lru_cache(maxsize=None)
def arrow_schema(table: str):
    """The pyarrow schema of ``table``."""
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, "bool_" if kind == "bool" else kind)()) for name, kind in COLUMNS[table]])
