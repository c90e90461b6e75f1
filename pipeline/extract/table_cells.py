"""table_cells: numbers in the cells of a table whose unit is only in the column header.

A ledger copied from a web page or a spreadsheet arrives as lines of cells: ``| 序号 | 涉及金额（万元） |``
or tab-separated. A header cell that ends with a unit in brackets (反馈问题（个）, 涉及金额（万元）,
完成率（%）) gives that unit to the bare numbers below it (``8600`` → 86 000 000 元), row by row, until
the table ends (a line that is no row of it); so does a header that names its unit in a word (问题个数,
涉及人次), and one that holds amounts (问题金额) under a line that gives the table's unit (单位：万元).
A row whose first cell names the unit (制造业贷款余额（亿元）	286.4	331.9	+45.5) gives it to the
numbers beside it. The header's (or row's) name is the metric's subject. Numbers that carry a unit of
their own are ``metrics``' already; this reads only the bare ones.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, NamedTuple

from ..numerals import fold_digits
from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import Metric
from .metric_patterns import _UNIT_KIND

_MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000), "": Decimal(1)}
_HEADER_UNIT = cached_compile(
    r"^(?P<name>.*?)[ \t\u3000]*[(\N{FULLWIDTH LEFT PARENTHESIS}][ \t\u3000]*"
    rf"(?P<mag>[万亿]|千(?!{'|'.join(u[1:] for u in _UNIT_KIND if u.startswith('千') and len(u) > 1)}))?"
    rf"(?P<unit>{'|'.join(map(re.escape, sorted(_UNIT_KIND, key=lambda u: (-len(u), u))))}|\N{{FULLWIDTH PERCENT SIGN}})"
    r"[ \t\u3000]*"
    r"[)\N{FULLWIDTH RIGHT PARENTHESIS}][ \t\u3000]*$")
_BARE_NUMBER = cached_compile(r"[+＋\-−－]?(?:[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)")
_YEAR = cached_compile(r"(?:19|20)[0-9]{2}")  # a cell that is a year alone
_LEXICON = load_yaml("units.yaml")
_COUNT_HEADERS = _LEXICON["count_headers"]  # 问题个数 → 个
_TABLE_UNIT = cached_compile(_LEXICON["table_unit_line"])  # 单位：万元
_MONEY_HEADER = tuple(_LEXICON["money_headers"])  # a header ending so holds amounts
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
    for table, table_unit in _tables(text):
        header, rows = table[0], table[1:]
        columns = _columns(header, table_unit)
        for row in rows:
            numbers = [i for i, (cell, _, _) in enumerate(row) if _BARE_NUMBER.fullmatch(cell.strip(" \t\u3000"))]
            if len(numbers) >= 2 and all(_YEAR.fullmatch(row[i][0].strip(" \t\u3000")) for i in numbers):
                numbers = []  # 项目	2022	2023: a header of years, no data
            if len(numbers) == len(row) - 1 and numbers and numbers[0] == 1 and (own := _column(row[0][0])):
                out += [_metric(row[i], own) for i in numbers]  # 绿色贷款余额（亿元）	158.7	192.3: the row's unit
                continue
            if not numbers and ((named := _columns(row, table_unit)) or not columns):
                header, columns = row, named  # a second header row starts another table
                continue
            if len(row) != len(header):
                continue  # a row that lost or gained a cell: which column is which is not known
            out += [_metric(row[i], column) for i, column in columns.items() if i in numbers]
    return out


def _metric(cell: tuple[str, int, int], column: "_Column") -> Metric:
    """The metric of a cell holding a bare number, in its column's (or row's) unit."""
    text, start, _ = cell
    raw = text.strip(" \t\u3000")
    start += len(text) - len(text.lstrip(" \t\u3000"))
    sign = -1 if raw[:1] in "-−－" else 1  # a change in a table: 较巡视时变动 -20
    value = sign * Decimal(fold_digits(raw).lstrip("+＋-−－").replace(",", "")) * column.magnitude
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    unit = "%" if column.unit == "\N{FULLWIDTH PERCENT SIGN}" else column.unit
    return Metric(raw=raw, start=start, end=start + len(raw), value=value, unit=unit, kind=_UNIT_KIND.get(unit, "count"),
                  subject=column.name or None)


def _columns(row: list[tuple[str, int, int]], table_unit: _Column | None = None) -> dict[int, _Column]:
    """The columns of a header row that name a unit, by position."""
    return {i: column for i, (cell, _, _) in enumerate(row) if (column := _column(cell, table_unit))}


def _column(cell: str, table_unit: _Column | None = None) -> _Column | None:
    """The unit a header cell names: in brackets (金额（万元）), in a word (问题个数), or, for amounts
    (问题金额), the table's (``table_unit``, from a line 单位：万元 over it)."""
    cell = cell.strip(" \t\u3000")
    if len(cell) > _MAX_HEADER:
        return None
    if cell[-1:] not in ")\N{FULLWIDTH RIGHT PARENTHESIS}":
        for word, unit in _COUNT_HEADERS.items():
            if cell.endswith(word):
                return _Column(cell, unit, Decimal(1))
        if table_unit is not None and cell.endswith(_MONEY_HEADER):
            return _Column(cell, table_unit.unit, table_unit.magnitude)
        return None
    m = _HEADER_UNIT.match(cell)
    if m is None:
        return None
    return _Column(m.group("name"), m.group("unit"), _MAGNITUDES[m.group("mag") or ""])


def _tables(text: str) -> Iterator[tuple[list[list[tuple[str, int, int]]], _Column | None]]:
    """Runs of consecutive rows of one kind (pipe rows, tab rows), each row its (cell, start, end)s, with
    the unit a line right over the run gives its amounts (单位：万元), if any."""
    table: list[list[tuple[str, int, int]]] = []
    kind = None
    pos = 0
    unit_line = previous = None  # the unit of the line before the run, and of the line before this one
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
                yield table, unit_line
            table, kind, unit_line = [], row_kind, previous
        if row_kind is not None:
            table.append(_cells(line, start, row_kind))
            previous = None
        else:
            m = _TABLE_UNIT.match(line) if "单位" in line else None
            previous = _Column("", "元", _MAGNITUDES[m.group("unit")[:-1]]) if m else None
    if len(table) > 1:
        yield table, unit_line


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
