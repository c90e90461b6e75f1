"""table_cells: numbers in the cells of a table whose unit is only in the column header.

A ledger copied from a web page or a spreadsheet arrives as lines of cells: ``| 序号 | 涉及金额（万元） |``
or tab-separated. A header cell that ends with a unit in brackets (反馈问题（个）, 涉及金额（万元）,
完成率（%）) gives that unit to the bare numbers below it (``8600`` → 86 000 000 元), row by row, until
the table ends (a line that is no row of it). The header's name is the metric's subject. Numbers that
carry a unit of their own are ``metrics``' already; this reads only the bare ones.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, NamedTuple

from ..numerals import fold_digits
from ..pattern_cache import cached_compile
from ..types import Metric
from .metric_patterns import _UNIT_KIND

_MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000), "": Decimal(1)}
_HEADER_UNIT = cached_compile(
    r"^(?P<name>.*?)[ \t\u3000]*[(\N{FULLWIDTH LEFT PARENTHESIS}][ \t\u3000]*"
    rf"(?P<mag>[万亿]|千(?!{'|'.join(u[1:] for u in _UNIT_KIND if u.startswith('千') and len(u) > 1)}))?"
    rf"(?P<unit>{'|'.join(map(re.escape, sorted(_UNIT_KIND, key=lambda u: (-len(u), u))))}|\N{{FULLWIDTH PERCENT SIGN}})"
    r"[ \t\u3000]*"
    r"[)\N{FULLWIDTH RIGHT PARENTHESIS}][ \t\u3000]*$")
_BARE_NUMBER = cached_compile(r"[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?")
_MAX_HEADER = 40  # a header cell is a short name
_RULE_ROW = cached_compile(r"^[ \t\u3000|:\-\N{FULLWIDTH VERTICAL LINE}]*$")  # | --- | :---: |
_PIPES = "|\N{FULLWIDTH VERTICAL LINE}"
_SEPARATOR = {"pipe": cached_compile("[|\N{FULLWIDTH VERTICAL LINE}]"), "tab": cached_compile("\t")}
_PIPE_SPLIT = cached_compile("[|\N{FULLWIDTH VERTICAL LINE}][^\n|\N{FULLWIDTH VERTICAL LINE}]*[|\N{FULLWIDTH VERTICAL LINE}]")  # two pipes


class _Column(NamedTuple):
    name: str
    unit: str
    magnitude: Decimal


def find_cell_metrics(text: str) -> list[Metric]:
    """The bare numbers under a header cell that names a unit, as metrics, in text order.

    >>> rows = "| 序号 | 单位 | 反馈问题（个） | 金额（万元） |\\n| --- | --- | --- | --- |\\n| 1 | 县农业局 | 31 | 8,600.5 |"
    >>> [(m.raw, str(m.value), m.unit, m.subject) for m in find_cell_metrics(rows)]
    [('31', '31', '个', '反馈问题'), ('8,600.5', '86005000', '元', '金额')]
    """
    if "\t" not in text and "|" not in text and "\N{FULLWIDTH VERTICAL LINE}" not in text:
        return []
    out: list[Metric] = []
    for table in _tables(text):
        header, rows = table[0], table[1:]
        columns = _columns(header)
        for row in rows:
            if (named := _columns(row)) or not columns:
                header, columns = row, named  # a second header row starts another table
                continue
            if len(row) != len(header):
                continue  # a row that lost or gained a cell: which column is which is not known
            for i, column in columns.items():
                cell, start, _ = row[i]
                number = _BARE_NUMBER.fullmatch(cell.strip(" \t\u3000"))
                if number is None:
                    continue
                start += len(cell) - len(cell.lstrip(" \t\u3000"))
                raw = number.group()
                value = Decimal(fold_digits(raw).replace(",", "")) * column.magnitude
                value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
                unit = "%" if column.unit == "\N{FULLWIDTH PERCENT SIGN}" else column.unit
                kind = _UNIT_KIND.get(unit, "count")
                out.append(Metric(raw=raw, start=start, end=start + len(raw), value=value, unit=unit, kind=kind,
                                  subject=column.name or None))
    return out


def _columns(row: list[tuple[str, int, int]]) -> dict[int, _Column]:
    """The columns of a header row that name a unit, by position."""
    return {i: column for i, (cell, _, _) in enumerate(row) if (column := _column(cell))}


def _column(cell: str) -> _Column | None:
    cell = cell.strip(" \t\u3000")
    if len(cell) > _MAX_HEADER or cell[-1:] not in ")\N{FULLWIDTH RIGHT PARENTHESIS}":
        return None
    m = _HEADER_UNIT.match(cell)
    if m is None:
        return None
    return _Column(m.group("name"), m.group("unit"), _MAGNITUDES[m.group("mag") or ""])


def _tables(text: str) -> Iterator[list[list[tuple[str, int, int]]]]:
    """Runs of consecutive rows of one kind (pipe rows, tab rows), each row its (cell, start, end)s."""
    table: list[list[tuple[str, int, int]]] = []
    kind = None
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        first = line.lstrip(" \t\u3000")[:1]
        row_kind = (None if not first  # a blank line ends a table
                    else "pipe" if first in _PIPES or _PIPE_SPLIT.search(line) is not None
                    else "tab" if line.count("\t") >= 2 else None)
        if row_kind == "pipe" and _RULE_ROW.match(line):
            continue  # the rule under a Markdown header
        if row_kind != kind or row_kind is None:
            if len(table) > 1:
                yield table
            table, kind = [], row_kind
        if row_kind is not None:
            table.append(_cells(line, start, row_kind))
    if len(table) > 1:
        yield table


def _cells(line: str, start: int, kind: str) -> list[tuple[str, int, int]]:
    """The cells of a row with their offsets in the text (the outer pipes of a pipe row dropped)."""
    cells, last = [], 0
    for m in _SEPARATOR[kind].finditer(line):
        cells.append((line[last:m.start()], start + last, start + m.start()))
        last = m.end()
    cells.append((line[last:], start + last, start + len(line)))
    if kind == "pipe":
        if cells and not cells[0][0].strip(" \t\u3000"):
            cells = cells[1:]
        if cells and not cells[-1][0].strip(" \t\u3000"):
            cells = cells[:-1]
    return cells
