"""published_date: notice text → the date the notice bears (its signature, date line or dateline)."""
from __future__ import annotations

import datetime as dt

import regex

from .date_parts import num, valid
from .date_patterns import _CLAUSE_MARK, _HEAD_DATE, _PAGE_DATE, _PRESS_DATE, _SIGNATURE, _STAMP


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
    lines = [line.strip() for line in text[-3000:].splitlines() if line.strip()]
    for line in reversed(lines[-6:]):
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
