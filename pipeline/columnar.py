"""columnar: table columns (lists of Python values) → a pyarrow Table, built from raw buffers.

``pyarrow.Table.from_pylist`` (and every ``pa.array`` on Python objects) asks
pyarrow's pandas shim whether the values are pandas objects, which imports
pandas (~0.2 s, ~40 MiB) in every process that writes Parquet, even though no
pandas object is ever involved. The few column types of ``schemas.COLUMNS``
are simple enough to lay out directly as Arrow buffers (validity bitmap,
offsets, data) with numpy, which pyarrow imports anyway; this is also a
little faster than ``from_pylist``.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from itertools import repeat
from operator import is_not

import numpy as np
import pyarrow as pa

from .schemas import COLUMNS, arrow_schema

_EPOCH = dt.date(1970, 1, 1).toordinal()
_BOUNDS = {kind: (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) for kind, bits in (("int16", 16), ("int32", 32),
                                                                         ("int64", 64))}
_NUMPY = {"int16": np.int16, "int32": np.int32, "int64": np.int64, "float64": np.float64}


@lru_cache(maxsize=None)
def _types(table: str) -> tuple[tuple[str, str, pa.DataType], ...]:
    schema = arrow_schema(table)
    return tuple((name, kind, schema.field(name).type) for name, kind in COLUMNS[table])


def table_from_columns(table: str, columns: dict[str, list], num_rows: int) -> pa.Table:
    """``table`` from its columns (a missing column is all null) as a pyarrow Table of ``num_rows`` rows."""
    nulls = [None] * num_rows
    arrays = [column_array(kind, columns.get(name, nulls), type_) for name, kind, type_ in _types(table)]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def check_fits(columns: dict[str, dict[str, list]]) -> None:
    """Raise ``ValueError`` when a value of one notice's columns (``tabulate.Columns``) cannot be
    stored in its column: an int out of range, a string that is not valid Unicode.

    Run per notice, so that such a value fails its own file (an errors row) instead of the
    flush of a whole part, which would stop the batch. Only what can go wrong is checked: every
    column of ``notices``; offsets into the text nowhere else, as ``notices.char_count`` bounds
    them; strings nowhere else, as they are slices of the text or words of the lexicons.
    """
    for table, table_columns in columns.items():
        for name, (low, high) in _checked_ints(table):
            values = table_columns.get(name)
            if values:
                present = [v for v in values if v is not None] if None in values else values
                if present and (min(present) < low or max(present) > high):
                    raise ValueError(f"{table}.{name}: a value out of range for its column")
    notice = columns.get("notices", {})
    try:
        "".join(v for name, kind in COLUMNS["notices"] if kind == "string"
                for v in notice.get(name, ()) if v is not None).encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"notices: text that is not valid Unicode ({e.reason})") from None


@lru_cache(maxsize=None)
def _checked_ints(table: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    offsets = {"start", "end", "char_start", "char_end"} if table != "notices" else set()
    return tuple((name, _BOUNDS[kind]) for name, kind in COLUMNS[table] if kind in _BOUNDS and name not in offsets)


def columns_from_rows(table: str, rows: list[dict]) -> dict[str, list]:
    """The rows of ``table`` (dicts keyed by its columns; a missing key is null) as its columns."""
    return {name: [row.get(name) for row in rows] for name, _ in COLUMNS[table]}


def table_from_rows(table: str, rows: list[dict]) -> pa.Table:
    """The rows of ``table`` as a pyarrow Table."""
    return table_from_columns(table, columns_from_rows(table, rows), len(rows))


def column_array(kind: str, values: list, type_: pa.DataType | None = None) -> pa.Array:
    """One column of a ``schemas.COLUMNS`` type name (string, int16/32/64, float64, bool, date32)."""
    type_ = type_ or (pa.bool_() if kind == "bool" else getattr(pa, kind)())
    n = len(values)
    nulls = values.count(None)
    validity = _validity(values) if nulls else None
    if kind == "string":
        return _strings(values, type_, validity, nulls)
    if kind == "bool":
        flags = bytes(map(bool, values)) if not nulls else bytes(v is not None and bool(v) for v in values)
        bits = np.packbits(np.frombuffer(flags, dtype=bool), bitorder="little")
        return pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(bits)], null_count=nulls)
    if kind == "date32":
        days = np.array([0 if v is None else v.toordinal() - _EPOCH for v in values], dtype=np.int32)
        return pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(days)], null_count=nulls)
    dtype = _NUMPY[kind]
    filler = 0.0 if kind == "float64" else 0
    # numpy (>= 2) raises OverflowError for an int that does not fit, as pa.array would
    data = np.array([filler if v is None else v for v in values] if nulls else values, dtype=dtype)
    return pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(data)], null_count=nulls)


def _validity(values: list) -> pa.Buffer:
    present = np.fromiter(map(is_not, values, repeat(None)), dtype=bool, count=len(values))
    return pa.py_buffer(np.packbits(present, bitorder="little"))


#: mean characters per value above which a string column is encoded value by value: long texts
#: are costed by their bytes, and the separators of the one-go encoding would only add passes
_LONG_VALUES = 64


def _strings(values: list, type_: pa.DataType, validity, nulls: int) -> pa.Array:
    """A string column as Arrow buffers.

    Columns of short values (ids, words, dates as written) are encoded in one go: the values
    joined by NUL, encoded once, and the offsets read off where the separators landed, which
    saves an ``encode`` call per value. Columns of long values, or with a NUL in a value, are
    encoded value by value.
    """
    n = len(values)
    if nulls:
        values = ["" if v is None else v for v in values]
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = 0
    data = None
    if n > 1 and sum(map(len, values)) <= _LONG_VALUES * n:
        data = np.frombuffer("\0".join(values).encode("utf-8"), dtype=np.uint8)
        separators = np.flatnonzero(data == 0)
        if len(separators) == n - 1:  # the i-th separator follows the i-th value, after i others
            offsets[1:n] = separators - np.arange(n - 1)
            offsets[n] = len(data) - (n - 1)
            data = data[data != 0]
        else:  # a value holds a NUL itself
            data = None
    if data is None:
        encoded = [v.encode("utf-8") for v in values]
        np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=offsets[1:])
        data = b"".join(encoded)
    if offsets[-1] > _BOUNDS["int32"][1]:  # 32-bit offsets: a column this big must be split (never in one flush)
        raise OverflowError("more than 2 GiB of text in one string column; write fewer rows at a time")
    return pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(offsets.astype(np.int32)),
                                            pa.py_buffer(data)], null_count=nulls)
