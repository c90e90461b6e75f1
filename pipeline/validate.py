"""validate: an output folder → the list of everything wrong with it (empty when sound).

Checks, for every table: the declared columns and types (``schemas.COLUMNS``),
unique keys, foreign keys that resolve, and that every record's offsets cut
its ``raw`` text (or, for nodes, a span starting with the marker) out of
``notices.text``. All failures are collected, not just the first.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .schemas import SPAN_COLUMNS, TABLE_NAMES, arrow_schema

#: columns that identify a row
KEYS: dict[str, tuple[str, ...]] = {
    "notices": ("source_path",),
    "nodes": ("notice_id", "node_id"),
    "problems": ("notice_id", "problem_id"),
    "measures": ("notice_id", "measure_id"),
    "dates": ("notice_id", "char_start"),
    "metrics": ("notice_id", "start"),
    "citations": ("notice_id", "start"),
    "errors": ("source_path",),
}

#: (table, columns) → (referenced table, columns); null references are allowed
FOREIGN_KEYS: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {
    ("nodes", ("notice_id",)): ("notices", ("notice_id",)),
    ("nodes", ("notice_id", "parent_id")): ("nodes", ("notice_id", "node_id")),
    ("problems", ("notice_id", "problem_id")): ("nodes", ("notice_id", "node_id")),
    ("problems", ("notice_id", "category_id")): ("nodes", ("notice_id", "node_id")),
    ("measures", ("notice_id", "problem_id")): ("problems", ("notice_id", "problem_id")),
    ("measures", ("notice_id", "node_id")): ("nodes", ("notice_id", "node_id")),
    ("dates", ("notice_id", "node_id")): ("nodes", ("notice_id", "node_id")),
    ("metrics", ("notice_id", "node_id")): ("nodes", ("notice_id", "node_id")),
    ("citations", ("notice_id", "node_id")): ("nodes", ("notice_id", "node_id")),
    ("warnings", ("notice_id",)): ("notices", ("notice_id",)),
    ("notices", ("duplicate_of",)): ("notices", ("source_path",)),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an output folder."""

    table: str
    check: str  # schema / key / foreign_key / span / missing
    message: str

    def __str__(self) -> str:
        return f"{self.table}: {self.check}: {self.message}"


def validate_output(out_dir: str | Path) -> list[Problem]:
    """Every problem found in ``out_dir``; an empty list means the folder is sound."""
    from .store import read_arrow, table_path

    out_dir = Path(out_dir)
    problems: list[Problem] = []
    tables = {}
    for table in TABLE_NAMES:
        path = table_path(out_dir, table)
        if not path.exists():
            problems.append(Problem(table, "missing", f"{path} does not exist"))
            continue
        try:
            data = read_arrow(out_dir, table)
        except Exception as exc:  # unreadable or wrong columns: report, check the rest
            problems.append(Problem(table, "schema", f"cannot be read with the declared columns: {exc}"))
            continue
        expected = arrow_schema(table)
        if not data.schema.equals(expected, check_metadata=False):
            problems.append(Problem(table, "schema", f"columns {data.schema.names} do not match the declared "
                                                     f"{expected.names} (or their types differ)"))
            continue
        tables[table] = data.to_pandas()
    problems += _check_keys(tables)
    problems += _check_foreign_keys(tables)
    problems += _check_spans(tables)
    return problems


def _check_keys(tables) -> list[Problem]:
    found = []
    for table, columns in KEYS.items():
        if table in tables:
            dupes = tables[table].duplicated(list(columns)).sum()
            if dupes:
                found.append(Problem(table, "key", f"{dupes} rows repeat the key {columns}"))
    return found


def _check_foreign_keys(tables) -> list[Problem]:
    found = []
    for (table, columns), (target, target_columns) in FOREIGN_KEYS.items():
        if table not in tables or target not in tables:
            continue
        rows = tables[table][list(columns)].dropna()
        if rows.empty:
            continue
        known = set(map(tuple, tables[target][list(target_columns)].itertuples(index=False)))
        missing = [r for r in map(tuple, rows.itertuples(index=False)) if r not in known]
        if missing:
            found.append(Problem(table, "foreign_key", f"{len(missing)} values of {columns} do not resolve in "
                                                       f"{target}.{target_columns}, e.g. {missing[0]}"))
    return found


def _check_spans(tables) -> list[Problem]:
    if "notices" not in tables:
        return []
    texts = dict(zip(tables["notices"]["notice_id"], tables["notices"]["text"]))
    found = []
    for table, (start, end) in SPAN_COLUMNS.items():
        if table not in tables:
            continue
        bad = 0
        example = None
        for row in tables[table].itertuples(index=False):
            text = texts.get(row.notice_id, "")
            span = text[getattr(row, start):getattr(row, end)]
            if hasattr(row, "raw"):
                ok = span == row.raw
            elif table == "measures":
                ok = span == row.text
            else:
                ok = span.startswith(row.marker or "")
            if not ok or getattr(row, end) > len(text) or getattr(row, start) > getattr(row, end):
                bad += 1
                example = example or (row.notice_id, getattr(row, start), getattr(row, end))
        if bad:
            found.append(Problem(table, "span", f"{bad} rows do not match notices.text at their offsets, "
                                                f"e.g. {example}"))
    return found
