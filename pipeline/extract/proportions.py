"""proportions: a share written as a fraction or in tenths (三分之一, 1/3, 四成), as a percentage.

``find_proportions`` gives the span, the value in percent and whether it is approximate;
``metrics.find_metrics`` turns them into ``%`` metrics beside the other quantities. 百分之三十 is
read there already (it names a percentage), so it is left out here.

>>> [(text[s:e], str(v), a) for text in ["约占三分之二，结余资金1/3收回，下降约一成"] for s, e, v, a in find_proportions(text)]
[('三分之二', '66.67', False), ('1/3', '33.33', False), ('约一成', '10', True)]
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..numerals import DIGITS, NUMERAL_CHARS, cn_to_int, to_decimal
from ..pattern_cache import cached_compile
from ..resources import load_yaml

_LEX = load_yaml("units.yaml")["proportions"]
_PREFIXES = tuple(sorted(_LEX["prefixes"], key=len, reverse=True))  # 约, 近, 超过 … (longest first)
_SUFFIXES = tuple(_LEX["suffixes"])  # 以上, 左右
_NUMERAL = f"[{NUMERAL_CHARS}0-9０-９]+"
_NUMERATOR = cached_compile(rf"{_NUMERAL}(?:点[{''.join(DIGITS)}]+|[.．][0-9０-９]+)?")
_DENOMINATOR_CHARS = frozenset(NUMERAL_CHARS + "0123456789０１２３４５６７８９")
_PER_CENT = frozenset(_LEX["not_denominators"])  # 百分之: a percentage, read with the other quantities
_TENTHS = frozenset(_LEX["tenths_numerals"])  # 一成 … 九成, 两成
_TENTHS_AFTER = tuple(_LEX["tenths_followed_by"])  # 四成以上, 约一成。 (一成不变 is an idiom)
_SLASH = cached_compile(r"(?<![0-9０-９./／\-])([1-9])[/／]([2-9]|10)(?![0-9０-９./／\-])")
_NOT_A_SHARE_AFTER = frozenset("号楼栋层决版期")  # 1/2号楼, 第1/4决赛: numbers of things, not shares
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _value(text: str) -> Decimal | None:
    head, _, decimals = text.partition("点")
    value = to_decimal(head) if head[0] not in NUMERAL_CHARS else (
        None if (n := cn_to_int(head)) is None else Decimal(n))
    if value is not None and decimals:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in decimals))
    return value


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator or numerator > denominator:
        return None
    share = (numerator * _HUNDRED / denominator).quantize(_CENT, ROUND_HALF_UP)
    return share.quantize(Decimal(1)) if share == share.to_integral_value() else share.normalize()


def _widen(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The span with an approximating word before (约, 近) or after (以上, 左右) it."""
    approx = False
    for word in _PREFIXES:
        if text.endswith(word, 0, start):
            start, approx = start - len(word), True
            break
    for word in _SUFFIXES:
        if text.startswith(word, end):
            end, approx = end + len(word), True
            break
    return start, end, approx


def find_proportions(text: str) -> list[tuple[int, int, Decimal, bool]]:
    """(start, end, percent, approximate) of every fraction or tenths share in ``text``, in order."""
    found = _fractions(text) + _tenths(text)
    if "/" in text or "／" in text:
        found += _slashed(text)
    return sorted(found)


def _fractions(text: str) -> list[tuple[int, int, Decimal, bool]]:
    """三分之一, 四分之一以上, 千分之五 (not 百分之三十: a percentage, read with the other quantities)."""
    found = []
    at = text.find("分之")
    while at > 0:
        start = at
        while start > 0 and text[start - 1] in _DENOMINATOR_CHARS:
            start -= 1
        numerator = _NUMERATOR.match(text, at + 2)
        if start < at and numerator and text[start:at] not in _PER_CENT and (start == 0 or text[start - 1] != "第"):
            low, high = _value(numerator.group()), _value(text[start:at])
            share = _percent(low, high) if low is not None and high is not None else None
            if share is not None:
                start, end, approx = _widen(text, start, numerator.end())
                found.append((start, end, share, approx))
        at = text.find("分之", at + 2)
    return found


def _tenths(text: str) -> list[tuple[int, int, Decimal, bool]]:
    """四成, 约一成, 七成以上: tenths; not 一成不变 (a Han character after 成 makes a word)."""
    found = []
    at = text.find("成")
    while at > 0:
        numeral, after = text[at - 1], text[at + 1:at + 2]
        if numeral in _TENTHS and (at < 2 or (text[at - 2] not in _DENOMINATOR_CHARS and text[at - 2] != "第")) \
                and (not "\u4e00" <= after <= "\u9fff" or text.startswith(_TENTHS_AFTER, at + 1)):
            tenths = cn_to_int(numeral)
            if tenths:
                start, end, approx = _widen(text, at - 1, at + 1)
                found.append((start, end, Decimal(tenths * 10), approx))
        at = text.find("成", at + 1)
    return found


def _slashed(text: str) -> list[tuple[int, int, Decimal, bool]]:
    """1/3 after a word (资金1/3收回, 项目的1/3。), not inside a number, date or code, nor 第1/4决赛, 1/2号楼."""
    found = []
    for m in _SLASH.finditer(text):
        s, e = m.span()
        if s and "\u4e00" <= text[s - 1] <= "\u9fff" and text[s - 1] != "第" and text[e:e + 1] not in _NOT_A_SHARE_AFTER:
            share = _percent(Decimal(m.group(1)), Decimal(m.group(2)))
            if share is not None:
                start, end, approx = _widen(text, s, e)
                found.append((start, end, share, approx))
    return found
