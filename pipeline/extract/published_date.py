"""published_date: notice text → the date the notice bears (its signature, date line or dateline)."""
from __future__ import annotations

import datetime as dt

import regex

from .date_parts import days_in_month, num, valid
from .date_patterns import _CLAUSE_MARK, _HEAD_DATE, _PAGE_DATE, _PRESS_DATE, _SIGNATURE, _SIGNED_MONTH, _STAMP


def _date_of(m: regex.Match) -> dt.date | None:
    year, month, day = num(m.group("y")), num(m.group("m")), num(m.group("d"))
    return dt.date(year, month, day) if year and month and day and valid(year, month, day) else None


def find_published_date(text: str) -> dt.date | None:
    """The notice's own date: the signature date, else a date line right under the title, else a
    newspaper's dateline at the top, else a 发布时间-style page date, else a page timestamp.

    >>> find_published_date("中共某某党组\\n2020年4月29日\\n打印本页")
    datetime.date(2020, 4, 29)
    >>> find_published_date("来源:某网站  发布时间：2025-05-12  浏览量:0\\n正文")
    datetime.date(2025, 5, 12)
    >>> find_published_date("正文没有日期。") is None
    True
    """
    for line in _last_lines(text):
        m = _SIGNATURE.search(line)
        if m and len(line) <= 40 and not _CLAUSE_MARK.search(line, 0, m.start()) and (date := _date_of(m)):
            return date  # alone on its line, or after the issuer's name: not "完成时限：2020年6月30日"
    head = text[:600].splitlines()
    for line in head[1:4]:  # a date line right under the title is the document's date
        m = _HEAD_DATE.search(line.strip())
        if m and (date := _date_of(m)):
            return date
    for line in head[:4]:  # a newspaper's dateline: 《人民日报》（2023年04月13日 第11版）
        m = _PRESS_DATE.search(line)
        if m and (date := _date_of(m)):
            return date
    for m in (_PAGE_DATE.search(text), _STAMP.search(text, 0, 1500)):
        if m and (date := _date_of(m)):
            return date
    return None


def find_signed_month(text: str) -> dt.date | None:
    """The last day of the month a notice signed with a month only (中共某某委员会, 二〇二六年三月) bears: no
    date of its own, but the time it is written at, from which year-less dates are read as from a date.

    >>> find_signed_month("中共某某委员会\\n二〇二六年三月\\n"), find_signed_month("完成时限：2026年3月")
    (datetime.date(2026, 3, 31), None)
    """
    for line in _last_lines(text):
        m = _SIGNED_MONTH.match(line)  # alone on its line (not 整改时限 2025年12月)
        if m:
            year, month = num(m.group("y")), num(m.group("m"))
            if year and month and 1 <= month <= 12:
                return dt.date(year, month, days_in_month(year, month))
    return None


def _last_lines(text: str) -> list[str]:
    """The last six non-empty lines, stripped, last first: where a signature is."""
    lines = [line.strip() for line in text[-3000:].splitlines() if line.strip()]
    return lines[:-7:-1]
