"""metrics: cleaned notice text → Metric records, the quantities it reports.

A quantity is a number (Arabic or Chinese, half- or full-width: 97.57%, １２项,
两次, 百分之三十) with a unit: ``%``, 元 (万元 and 亿元 are folded into the
value) or a measure word (件 起 名 个 个工作日 …). One regex pass finds the
candidates (``metric_patterns``); named checks then drop what only looks like a
quantity (``metric_checks``: calendar years, ordinals, set phrases, names in
quotes, a bare 一 as the article "a"). Dates such as 3月 and heading markers such
as (1) never carry a unit, so they are never candidates. The clause around a
quantity gives its subject, its comparison base (同比/环比) and its direction
(增加/减少) (``metric_context``); shares (三分之一, 四成) are ``proportions``'.
Units and cue words live in ``lexicon/units.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from ..numerals import DIGITS, LARGE_UNITS, NUMERAL_CHARS, SMALL_UNITS, cn_to_int, to_decimal
from ..pattern_cache import cached_compile
from ..scan import anchored_matches
from ..types import Metric
from .citations import title_spans
from .metric_checks import rejected, start_after_false_prefix
from .metric_context import describe
from .metric_patterns import (
    _HI, _HIMAG, _LEX, _MAG, _MAG2, _MAGL, _MID, _NUM, _NUM2, _PCT, _PCT1, _POST, _PRE, _RE_CANDIDATE,
    _RE_QUANTITY, _SOME, _SOME_MAGNITUDES, _UNIT, _UNIT_KIND, _UNITL,
)
from .proportions import find_proportions
from .table_cells import find_cell_metrics
from .word_patterns import TRAD

__all__ = ["find_metrics"]

_TO_SIMPLIFIED = str.maketrans({t: s for s, t in TRAD.items()})
_ALIASES: dict[str, str] = _LEX["aliases"]
_FRACTIONAL = frozenset(_LEX["fractional"])
_MAGNITUDE = {**SMALL_UNITS, **LARGE_UNITS}
_MAX_DIGITS = 15  # longer digit runs are codes (索引号, 备案号), not quantities


def find_metrics(text: str, *, exclude: Sequence[tuple[int, int]] = (),
                 cells: list[Metric] | None = None) -> list[Metric]:
    """Every quantity in ``text``, in order, with ``text[m.start:m.end] == m.raw``.

    ``exclude`` are spans (dates, heading markers) no metric may overlap; nor may a metric overlap
    a title in 《》 (三年行动方案, 九项准则: a name, not a quantity reported). ``cells`` are the numbers of
    table cells under a unit-naming header (``table_cells``), when the caller found them already.

    >>> [(m.raw, str(m.value), m.unit, m.kind) for m in find_metrics("追缴资金7.132万元，问题25个")]
    [('7.132万元', '71320', '元', 'money'), ('25个', '25', '个', 'count')]
    >>> find_metrics("2020年1月，践行“两个维护”，第三巡察组")
    []
    """
    excluded = sorted([*exclude, *title_spans(text)])
    excluded_starts = [s for s, _ in excluded]
    reach = list(accumulate([e for _, e in excluded], max))  # furthest end of the spans up to each one
    metrics: list[Metric] = []
    previous: Metric | None = None
    # The loop of _quantities (scan.anchored_matches) runs here, so each match is checked as it
    # is found: no list of matches, and the names below stay local in the hot loop.
    match_at, end = _RE_QUANTITY.match, 0
    for candidate in _RE_CANDIDATE.finditer(text):
        pos = candidate.start()
        if pos < end or (match := match_at(text, pos)) is None:
            continue  # inside the last match, or no quantity starts here
        mstart, end = match.span()
        groups = match.groups()  # one call instead of a look-up per group
        pre = groups[_PRE]
        start = start_after_false_prefix(text, mstart, pre) if pre else mstart
        if mstart and text[mstart - 1] in _SOME and not pre and text[mstart] in _SOME_MAGNITUDES:
            start -= 1  # 数十家: the number is its lower bound, approximate
        if excluded:  # no span starting before the end may end after the start
            i = bisect_left(excluded_starts, end) - 1
            if i >= 0 and reach[i] > start:
                continue  # overlaps a date or a heading marker
        unit = _unit(groups[_UNIT] or "%")
        if rejected(text, match, groups, unit):
            continue
        metric = _metric_from_match(text, groups, mstart, start, end, unit, previous)
        if metric is not None:
            metrics.append(metric)
            previous = metric
    shares = find_proportions(text)
    if shares:
        metrics = _with_shares(text, metrics, shares, excluded_starts, reach)
    if cells is None:
        cells = find_cell_metrics(text)
    return _with_cells(metrics, cells, excluded_starts, reach) if cells else metrics


def _with_cells(metrics: list[Metric], cells: list[Metric], excluded_starts: list[int], reach: list[int]) -> list[Metric]:
    """``metrics`` with the bare numbers of table cells (``table_cells``) that overlap none of them nor
    an excluded span (a date in a cell, 2023.12), in text order."""
    taken = [(m.start, m.end) for m in metrics]
    out = list(metrics)
    for cell in cells:
        i = bisect_left(excluded_starts, cell.end) - 1
        j = bisect_left(taken, (cell.end,))
        if (i >= 0 and reach[i] > cell.start) or (j and taken[j - 1][1] > cell.start):
            continue
        out.append(cell)
    out.sort(key=attrgetter("start"))
    return out


def _with_shares(text: str, metrics: list[Metric], shares, excluded_starts: list[int], reach: list[int]) -> list[Metric]:
    """``metrics`` with the fractions and tenths (``proportions``) that overlap none of them nor an
    excluded span, as % metrics, in text order (之一 ends a set phrase, "one of", but not 三分之一)."""
    taken = [(m.start, m.end) for m in metrics]
    out = list(metrics)
    for start, end, value, approx in shares:
        i = bisect_left(excluded_starts, end) - 1
        if i >= 0 and reach[i] > start:
            continue
        j = bisect_left(taken, (end,))
        if j and taken[j - 1][1] > start:
            continue
        k = bisect_left(taken, (start,)) - 1  # the metric before it, for its subject and clause
        previous = metrics[k] if k >= 0 and taken[k][1] <= start else None
        out.append(describe(text, start, end, value, None, "%", "percent", approx, previous))
    out.sort(key=attrgetter("start"))
    return out


def _quantities(text: str) -> list[re.Match]:
    """``list(_RE_QUANTITY.finditer(text))``, trying the pattern only where a match can start."""
    return anchored_matches(_RE_QUANTITY, _RE_CANDIDATE, text)


def _unit(published: str) -> str:
    """The unit as the tables spell it.

    >>> _unit("個"), _unit("％"), _unit("个多月"), _unit("百分点"), _unit("个工作日")
    ('个', '%', '个月', '个百分点', '个工作日')
    """
    unit = _UNITS.get(published)
    if unit is None:  # the unit group matches finitely many spellings: remember each
        unit = published.translate(_TO_SIMPLIFIED)
        if unit.startswith("个") and len(unit) > 2 and unit[1] in "多余半":
            unit = "个" + unit[2:]
        unit = _UNITS[published] = _ALIASES.get(unit, unit)
    return unit


_UNITS: dict[str, str] = {}
_HALF = Decimal("0.5")


def _read_number(num: str, magnitudes: Iterable[str | None]) -> Decimal | None:
    """The value of a number and the 万/亿 after it.

    >>> _read_number("7.132", ["万", None]), _read_number("5380", [None, "亿"]), _read_number("近", [])
    (Decimal('71320'), Decimal('538000000000'), None)
    >>> _read_number("三十五点五", []), _read_number("1,200", ["千"])
    (Decimal('35.5'), Decimal('1200000'))
    """
    if num.isascii() and num.isdigit() and len(num) <= _MAX_DIGITS and not any(magnitudes):
        return Decimal(num)  # plain digits: already whole, as quantize would leave them
    head, _, decimals = num.partition("点")
    if len(head) > _MAX_DIGITS and sum(map(str.isdigit, head)) > _MAX_DIGITS:
        return None
    if head and not head.strip(NUMERAL_CHARS):  # a Chinese numeral: what to_decimal reads after Decimal fails
        value = cn_to_int(head)
        value = None if value is None else Decimal(value)
    else:
        value = to_decimal(head)
    if value is None:
        return None
    if decimals:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in decimals))
    for mag in magnitudes:
        for char in mag or "":
            value *= _MAGNITUDE[char]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@lru_cache(maxsize=4096)  # notices repeat their numbers (1个, 2个, 三个); a Decimal is immutable
def _number(num: str, mag: str | None, mag2: str | None) -> Decimal | None:
    """``_read_number(num, (mag, mag2))``, remembered."""
    return _read_number(num, (mag, mag2))


def _metric_from_match(text: str, groups: tuple, mstart: int, start: int, end: int, unit: str,
                       previous: Metric | None) -> Metric | None:
    """Build the Metric for an accepted candidate, or None when its number does not read."""
    pct, mag, mag2, unit_raw = groups[_PCT], groups[_MAG], groups[_MAG2], groups[_UNIT]
    pair = None
    if pct:
        value, value_max = _number(pct, None, None), None
    elif (pair := _approx_pair(groups[_NUM])) is not None:  # 七八个, 一两次, 三四十人: a range
        value, value_max = _number(pair[0], mag, mag2), _number(pair[1], mag, mag2)
    else:
        magl = groups[_MAGL]  # 3万至5万元: the low end has its own magnitude; 5000元至12万元: none
        value = _number(groups[_NUM], magl, None) if magl or groups[_UNITL] else _number(groups[_NUM], mag, mag2)
        num2 = groups[_NUM2]
        value_max = _number(num2, mag, mag2) if num2 else None
        if groups[_HI] and value is not None:  # 1亿2000万元: the higher part written before
            if value >= _MAGNITUDE[groups[_HIMAG]]:
                return None  # 2023万5个: not one number
            value += _number(groups[_HI], groups[_HIMAG], None)
    if unit == "个" and _POINTS_NEXT.match(text, end):
        unit = "个百分点"  # 分别提高4.6个和3.1个百分点: the first number's 个 is short for the second's unit
    kind = _UNIT_KIND.get(unit, "count")
    if value is None or (groups[_PCT1] and unit != "%"):
        return None
    if unit_raw and "半" in unit_raw:
        value += _HALF  # 一个半月
    if kind == "count" and not mag and not mag2 and value != value.to_integral_value() and unit not in _FRACTIONAL \
            and _opens_item(text, mstart):
        return None  # 1．12项: a heading "1." glued to a count (人均结案21.5件 is a count)
    inner = groups[_MID] or pair or (unit_raw and ("多" in unit_raw or "余" in unit_raw or "餘" in unit_raw))  # 一个多月
    approx = bool(start == mstart and groups[_PRE] or start < mstart or inner or groups[_POST])
    return describe(text, start, end, value, value_max, unit, kind, approx, previous)


_POINTS_NEXT = cached_compile(r"(?:和|及|与|、)[0-9０-９]+(?:[.．][0-9０-９]+)?个?百分点")


def _opens_item(text: str, start: int) -> bool:
    """Whether ``start`` opens a line or a sentence, where a number may be a heading's (1．12项).

    >>> _opens_item("一、\\n1．12项", 3), _opens_item("问题。2．3个", 3), _opens_item("人均增加21.5件", 4)
    (True, True, False)
    """
    before = text[text.rfind("\n", 0, start) + 1:start].strip(" \t\u3000")
    return not before or before[-1] in _ITEM_OPENERS


_ITEM_OPENERS = frozenset("。；;：:！!？?")


def _approx_pair(num: str | None) -> tuple[str, str] | None:
    """Two neighbouring Chinese digits (and a magnitude), an approximate range: the low and high numbers.

    >>> _approx_pair("七八"), _approx_pair("一两"), _approx_pair("三四十"), _approx_pair("二十"), _approx_pair("78")
    (('七', '八'), ('一', '两'), ('三十', '四十'), None, None)
    """
    if not num or not 2 <= len(num) <= 3 or num[0] not in DIGITS or num[1] not in DIGITS:
        return None
    low, high, rest = num[0], num[1], num[2:]
    if DIGITS[high] != DIGITS[low] + 1 or DIGITS[low] == 0 or (rest and rest not in SMALL_UNITS):
        return None
    return low + rest, high + rest
