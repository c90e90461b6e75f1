"""numerals: Chinese numeral strings → integers, and width folding for digits.

Used by the heading parser (ordinals such as 二十八) and the extractors
(两次, 三个工作日). Only captured numeral spans are converted, never whole texts.
"""
from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "贰": 2, "兩": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

_LARGE_UNITS_DESCENDING = sorted(LARGE_UNITS.items(), key=lambda kv: -kv[1])  # 亿 before 万, sorted once

#: every character that may appear in a Chinese numeral
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def fold_digits(text: str) -> str:
    """Fold full-width digits, dot and percent sign to ASCII (same length).

    >>> fold_digits("９７．５７％")
    '97.57%'
    """
    return text.translate(_FULLWIDTH_DIGITS)


def _below_10000(text: str) -> int | None:
    total, digit = 0, None
    for ch in text:
        if ch in "零〇○" and digit is None and total:  # 一百零五: a placeholder zero
            continue
        if ch in DIGITS:
            if digit is not None:  # two digits in a row: 二〇二〇-style reading
                return None
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def cn_to_int(text: str) -> int | None:
    """Convert a Chinese numeral to an int, or None when it is not one.

    >>> cn_to_int("二十八"), cn_to_int("十"), cn_to_int("九十九"), cn_to_int("两")
    (28, 10, 99, 2)
    >>> cn_to_int("一百零五"), cn_to_int("三千"), cn_to_int("1.2万") is None
    (105, 3000, True)
    >>> cn_to_int("二〇二〇")
    2020
    >>> cn_to_int("")
    """
    if not text:
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:  # 二〇二〇, 一九
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, rest = 0, text
    for unit, factor in _LARGE_UNITS_DESCENDING:
        if unit in rest:
            head, _, rest = rest.partition(unit)
            value = _below_10000(head) if head else 1
            if value is None:
                return None
            total += value * factor
    if rest:
        value = _below_10000(rest)
        if value is None:
            return None
        total += value
    return total


def to_decimal(text: str) -> Decimal | None:
    """Read an Arabic or Chinese number: '97.57', '１２', '二十八', '1,200'.

    >>> to_decimal("97.57"), to_decimal("１２"), to_decimal("二十八"), to_decimal("1,200")
    (Decimal('97.57'), Decimal('12'), Decimal('28'), Decimal('1200'))
    >>> to_decimal("abc")
    """
    folded = fold_digits(text).replace(",", "").replace("，", "").strip()
    if not folded:
        return None
    try:
        return Decimal(folded)
    except ArithmeticError:
        pass
    value = cn_to_int(folded)
    return None if value is None else Decimal(value)
