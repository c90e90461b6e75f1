"""date_parts: the parts of a written date (Piece, Hit) and their calendar bounds.

A ``Piece`` is one date as written (2019年9月, 3月下旬, 第四季度), its year possibly left out; a
``Hit`` is what one match of the date pattern found: one piece, a range or a list of them, or a
relative word (今年, 同年). ``bounds`` gives a piece's first and last day in a year. Pure functions
of integers and strings; the readings of captured numbers and the bounds are cached.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from ..numerals import cn_to_int, fold_digits

_YEAR_SPANS = {  # sub-period of a year → (first month, last month, granularity)
    None: (1, 12, "year"), "fiscal": (1, 12, "year"), "first": (1, 1, "day"), "last": (12, 12, "day"),
    "half1": (1, 6, "half"), "half2": (7, 12, "half"),
    **{f"q{n}": (3 * n - 2, 3 * n, "quarter") for n in range(1, 5)},
    **{f"qs{n}": (1, 3 * n, "quarter") for n in range(1, 4)},
    **{f"ms{n}": (1, n, "month") for n in range(1, 12)},  # 前5个月: January to May
    # a school year's two years (2023—2024学年): from September of the first to August of the second
    "school1": (9, 12, "school_year"), "school2": (1, 8, "school_year"),
}
# sub-periods that name a period looked at (2020年度, 2023—2024学年), never lending their year to a date nearby
NOT_ANCHORS = frozenset({"fiscal", "school1", "school2"})
CLAUSE_OPENERS = frozenset("，,；;。：:、\n")  # what a date that opens its clause follows
_MONTH_SPANS = {"xun1": (1, 10, "xun"), "xun2": (11, 20, "xun"), "xun3": (21, 0, "xun"),  # 0: the last day
                "xun12": (1, 20, "xun"), "xun23": (11, 0, "xun"), "xun13": (1, 0, "xun"),  # 上中旬, 中下旬, 上旬至下旬
                "first": (1, 1, "day"), "last": (0, 0, "day")}
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Piece(NamedTuple):
    """One date as written, before its year is filled in."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    sub: str | None = None  # xun1-3 / first / last / fiscal / half1-2 / q1-4 / qs1-3 (前三季度) / ms1-11 (前5个月)
    # / school1-2 (the two years of 2023—2024学年)
    bad: bool = False  # seen but unreadable: ambiguous lost characters


class Hit(NamedTuple):
    """One match: its pieces, how they relate ("one" / "range" / "list" / "rel") and its kind."""

    start: int
    end: int
    pieces: tuple[Piece, ...]
    link: str
    kind: str
    rel_offset: int | None = None  # 今年 → 0, 去年 → -1; None for 目前-words
    rel_sub: str | None = None
    # how it looks forward: "by" a date before 前/之前/以前 (9月底前完成), "planned" a date said to come
    # (计划于10月, 7月起将); "" not at all. Truthy either way.
    deadline: str = ""
    after: int | None = None  # 同年 → 0, 次年 → 1: years after the date named before
    met: bool = False  # a deadline already met (已于5月底前退还, 9月底前已实现): no date the text stands at


def num(text: str | None) -> int | None:
    """Read a captured number: Arabic in either width, or Chinese.

    >>> num("１２"), num("二〇二〇"), num("二十九"), num(None)
    (12, 2020, 29, None)
    """
    if text is None:
        return None
    value = _NUMS.get(text, _NUMS)
    if value is _NUMS:  # captured numbers have at most 4 characters: remember each reading
        folded = fold_digits(text)
        value = _NUMS[text] = int(folded) if folded.isdigit() else cn_to_int(folded)
    return value


_NUMS: dict = {}


def days_in_month(year: int, month: int) -> int:
    """Like ``calendar.monthrange(year, month)[1]``, without building the weekday.

    >>> days_in_month(2020, 2), days_in_month(1900, 2), days_in_month(2000, 2), days_in_month(2019, 12)
    (29, 28, 29, 31)
    """
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def valid(year: int, month: int, day: int) -> bool:
    """True when year-month-day exists.

    >>> valid(2020, 2, 29), valid(2019, 2, 29), valid(2020, 13, 1)
    (True, False, False)
    """
    return 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)


def read_day_number(digits: str, split_two: bool = True) -> list[tuple[int | None, int | None, int]]:
    """Readings (year, month, day) of digits before 日; a plain day has no month.

    Web copies lose 年 and 月 (20211228日); the digits are split only where a
    valid month/day exists. Several readings mean ambiguous, none means not a date.

    Two digits that are no day (85日) are split only when ``split_two``: at the start of a clause
    (。85日、89日, a lost 月); after a word (审结期限由45日) they are a duration, not 4月5日.

    >>> read_day_number("18"), read_day_number("85"), read_day_number("45", False), read_day_number("1116")
    ([(None, None, 18)], [(None, 8, 5)], [], [(None, 11, 16)])
    >>> read_day_number("20211228"), read_day_number("202442")
    ([(2021, 12, 28)], [(2024, 4, 2)])
    >>> read_day_number("112"), read_day_number("60")
    ([(None, 1, 12), (None, 11, 2)], [])
    """
    if len(digits) <= 2 and (1 <= int(digits) <= 31 or not split_two):
        return [(None, None, int(digits))] if 1 <= int(digits) <= 31 else []
    year, rest = None, digits
    if len(digits) >= 6 and digits[:2] in ("19", "20"):
        year, rest = int(digits[:4]), digits[4:]
    if not 2 <= len(rest) <= 4:
        return []
    splits = ((int(rest[:i]), int(rest[i:])) for i in (1, 2) if 1 <= len(rest) - i <= 2)
    return [(year, m, d) for m, d in splits if valid(year or 2000, m, d)]


def bounds(year: int, p: Piece) -> tuple[dt.date, dt.date, str] | None:
    """Calendar bounds and granularity of a piece in ``year``; None when impossible.

    >>> bounds(2020, Piece(0, 0, month=2, sub="last"))[:2]
    (datetime.date(2020, 2, 29), datetime.date(2020, 2, 29))
    >>> bounds(2020, Piece(0, 0, month=3, sub="xun3"))
    (datetime.date(2020, 3, 21), datetime.date(2020, 3, 31), 'xun')
    >>> bounds(2019, Piece(0, 0, sub="q4"))
    (datetime.date(2019, 10, 1), datetime.date(2019, 12, 31), 'quarter')
    >>> bounds(2019, Piece(0, 0, month=2, day=30)) is None
    True
    """
    return bounds_of(year, p.month, p.day, p.sub)


@lru_cache(maxsize=4096)
def bounds_of(year: int, month: int | None, day: int | None, sub: str | None):
    """``bounds`` by value: the dates are immutable, so a year's bounds are built once."""
    if month is None:
        lo, hi, gran = _YEAR_SPANS[sub]
        if sub == "first":
            start = dt.date(year, lo, 1)
            return start, start, gran
        end = dt.date(year, hi, days_in_month(year, hi))
        if sub == "last":
            return end, end, gran
        return dt.date(year, lo, 1), end, gran
    if not 1 <= month <= 12:
        return None
    last_day = days_in_month(year, month)
    if day is not None:
        if 1 <= day <= last_day:
            d = dt.date(year, month, day)
            return d, d, "day"
        return None
    spans = _MONTH_SPANS.get(sub)
    if spans is None:
        return dt.date(year, month, 1), dt.date(year, month, last_day), "month"
    lo, hi, gran = spans
    return dt.date(year, month, lo or last_day), dt.date(year, month, hi or last_day), gran
