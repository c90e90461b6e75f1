"""dates: notice text → DateMention rows (dates, months, quarters, years, ranges).

Reads 2019年9月6日, 2023-05-04 08:46:31, 二〇二〇年四月二十九日, 3月份, 3月下旬, 2月底,
2019年四季度, 上半年, 2020年度, ranges (2019年9月6日至11月28日, 1-3月, 2017-2019年),
lists (1、2月份 → two rows), 以来/截至 around a date (kind ``since``/``until``) and the
relative words 今年, 去年, 截至目前 and a bare 年初/年底 (kind ``relative``, resolved against
``published``).

One regex pass finds the expressions (a stdlib scan for the few places where one can
start, then the full pattern there; both in ``date_patterns.py``); one linear pass over
the matches joins ranges, fills in years left out (same sentence, else the publication
date, else the text) and computes the calendar bounds. Expressions that cannot be read one way only are kept
with ``None`` dates, never guessed. Vocabulary lives in ``lexicon/dates.yaml``.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from collections.abc import Collection, Sequence
from typing import NamedTuple

import regex

from ..numerals import cn_to_int, fold_digits
from ..types import DateMention
from ..scan import anchored_matches
from .citations import title_spans
from .date_patterns import (
    _CANDIDATE, _CLAUSE_MARK, _DATE, _HEAD_DATE, _ISO_TAIL, _LEX, _MAX_RANGE_GAP, _PAGE_DATE, _PRESS_DATE, _RANGE_GAP,
    _SENTENCE_BREAK, _SIGNATURE, _STAMP, _date_captures,
)


def _date_matches(text: str) -> list[re.Match]:
    """``list(_DATE.finditer(text))``, trying _DATE only where a match can start (find_dates inlines it)."""
    return anchored_matches(_DATE, _CANDIDATE, text)


_SUBS = {**_LEX["month_words"], **_LEX["year_words"], **_LEX["halves"]}
_YEAR_SPANS = {  # sub-period of a year → (first month, last month, granularity)
    None: (1, 12, "year"), "fiscal": (1, 12, "year"), "first": (1, 1, "day"), "last": (12, 12, "day"),
    "half1": (1, 6, "half"), "half2": (7, 12, "half"),
    **{f"q{n}": (3 * n - 2, 3 * n, "quarter") for n in range(1, 5)},
    **{f"qs{n}": (1, 3 * n, "quarter") for n in range(1, 4)},
    **{f"ms{n}": (1, n, "month") for n in range(1, 12)},  # 前5个月: January to May
}
_COMPARED = frozenset(_LEX["compared_before"])  # 较上年末: a baseline, no date
_THIS_YEAR_SUBS = {"first", "last", "half1", "half2"}  # 年底, 下半年: "this year" by wording
_UNTIL_BEFORE = set(_LEX["until_before"])
_UNTIL_AFTER = set(_LEX["until_after"])
_DONE_BEFORE = tuple(_LEX["done_before"])
_DONE_REACH = max(map(len, _DONE_BEFORE))
_RECURRING = tuple(_LEX["recurring_before"])
_FUTURE_BEFORE, _FUTURE_AFTER = tuple(_LEX["future_before"]), tuple(_LEX["future_after"])
_LIST_JOINS = frozenset(("、",))  # 每年3月、9月 (not 和: 每年3月和2023年6月)
_AMOUNT_NEXT = frozenset("万亿千百元%％个项件人次")  # 2023.10.9至3.5亿元: an amount after 至, not a date
_RANGE_FIRST = frozenset(w[0] for w in _LEX["range_separators"]) | {" ", "\u3000"}  # what may follow a range's start
_REL_YEARS = _LEX["relative_years"]
_YEAR_AFTER: dict[str, int] = _LEX["year_after"]  # 同年 → 0, 次年 → 1: from the date named before
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_LIST_COMMA = "\N{IDEOGRAPHIC COMMA}"


class _Piece(NamedTuple):
    """One date as written, before its year is filled in."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    sub: str | None = None  # xun1-3 / first / last / fiscal / half1-2 / q1-4 / qs1-3 (前三季度) / ms1-11 (前5个月)
    bad: bool = False  # seen but unreadable: ambiguous lost characters


class _Hit(NamedTuple):
    """One match: its pieces, how they relate ("one" / "range" / "list" / "rel") and its kind."""

    start: int
    end: int
    pieces: tuple[_Piece, ...]
    link: str
    kind: str
    rel_offset: int | None = None  # 今年 → 0, 去年 → -1; None for 目前-words
    rel_sub: str | None = None
    # how it looks forward: "by" a date before 前/之前/以前 (9月底前完成), "planned" a date said to come
    # (计划于10月, 7月起将); "" not at all. Truthy either way.
    deadline: str = ""
    after: int | None = None  # 同年 → 0, 次年 → 1: years after the date named before


def _num(text: str | None) -> int | None:
    """Read a captured number: Arabic in either width, or Chinese.

    >>> _num("１２"), _num("二〇二〇"), _num("二十九"), _num(None)
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


def _days_in_month(year: int, month: int) -> int:
    """Like ``calendar.monthrange(year, month)[1]``, without building the weekday.

    >>> _days_in_month(2020, 2), _days_in_month(1900, 2), _days_in_month(2000, 2), _days_in_month(2019, 12)
    (29, 28, 29, 31)
    """
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def _valid(year: int, month: int, day: int) -> bool:
    """True when year-month-day exists.

    >>> _valid(2020, 2, 29), _valid(2019, 2, 29), _valid(2020, 13, 1)
    (True, False, False)
    """
    return 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)


def _read_day_number(digits: str, split_two: bool = True) -> list[tuple[int | None, int | None, int]]:
    """Readings (year, month, day) of digits before 日; a plain day has no month.

    Web copies lose 年 and 月 (20211228日); the digits are split only where a
    valid month/day exists. Several readings mean ambiguous, none means not a date.

    Two digits that are no day (85日) are split only when ``split_two``: at the start of a clause
    (。85日、89日, a lost 月); after a word (审结期限由45日) they are a duration, not 4月5日.

    >>> _read_day_number("18"), _read_day_number("85"), _read_day_number("45", False), _read_day_number("1116")
    ([(None, None, 18)], [(None, 8, 5)], [], [(None, 11, 16)])
    >>> _read_day_number("20211228"), _read_day_number("202442")
    ([(2021, 12, 28)], [(2024, 4, 2)])
    >>> _read_day_number("112"), _read_day_number("60")
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
    return [(year, m, d) for m, d in splits if _valid(year or 2000, m, d)]


def _at(*names: str) -> tuple[int, ...]:
    return tuple(_DATE.groupindex[name] - 1 for name in names)  # positions in m.groups()


(_RY, _NOW, _RW, _PRE, _POST, _DNUM, _Y0, _Y1, _M0, _M1, _M2, _D0, _D1, _D2, _MW1, _MW2, _YW1, _YW2,
 _HALF1, _HALF2, _Q1, _Q2, _QS1, _QS2, _MS1, _DHEAD1, _DHEAD2, _MHEAD1, _MHEAD2, _YHEAD, _QHEAD1, _QHEAD2, _QW1,
 _QW2) = _at(
    "ry", "now", "rw", "pre", "post", "dnum", "y0", "y1", "m0", "m1", "m2", "d0", "d1", "d2", "mw1", "mw2",
    "yw1", "yw2", "half1", "half2", "q1", "q2", "qs1", "qs2", "ms1", "dhead1", "dhead2", "mhead1", "mhead2", "yhead",
    "qhead1", "qhead2", "qw1", "qw2")
_CORE = _DATE.groupindex["core"]
_HEADS = (  # (head group, its group names, the field it fills), day heads before month and year heads
    (_DHEAD1, ("dhead1", "dsep1", "d1"), 4), (_DHEAD2, ("dhead2", "dsep2", "d2"), 4),
    (_MHEAD1, ("mhead1", "msep1", "m1"), 3), (_MHEAD2, ("mhead2", "msep2", "m2"), 3),
    (_YHEAD, ("yhead", "ysep", "y1"), 2),
    (_QHEAD1, ("qhead1", "qsep1", "q1"), 5), (_QHEAD2, ("qhead2", "qsep2", "q2"), 5),  # 1-3季度: the sub q1..q3
)


def _hit(m: re.Match) -> _Hit | None:
    """Turn one match into a _Hit, or None when it is not a date after all."""
    g = m.groups()  # one call, then plain indexing; captured groups are never empty, so ``or`` picks
    if g[_RY] or g[_NOW]:  # the one that took part
        return _Hit(m.start(), m.end(), (), "rel", "relative", _REL_YEARS.get(g[_RY]), _SUBS.get(g[_RW]),
                    after=_YEAR_AFTER.get(g[_RY]))
    pre, post = g[_PRE], g[_POST]
    kind = "until" if pre in _UNTIL_BEFORE or post in _UNTIL_AFTER else "since" if pre or post else "point"
    start, end = m.span(_CORE)
    # a deadline (9月底前) or a date said to come (7月起将, 计划于10月) looks forward, unless already met
    # (已于9月15日前将多收费用退还: 将 after 前 marks the object)
    deadline = "" if m.string.endswith(_DONE_BEFORE, max(0, m.start() - _DONE_REACH), m.start()) else \
        "planned" if m.string.endswith(_FUTURE_BEFORE, 0, m.start()) or (
            kind == "since" and post is not None and m.string.startswith(_FUTURE_AFTER, m.end())) else \
        "by" if post in _UNTIL_AFTER else ""
    dnum = g[_DNUM]
    if dnum:
        before = m.string[start - 1:start]
        # 由45日 is no 4月5日, but a range's end after a day may have lost its 月 too (2022610日至85日)
        month_lost = not ("\u4e00" <= before <= "\u9fff") or (before in "至到" and m.string[start - 2:start - 1] == "日")
        readings = _read_day_number(fold_digits(dnum), month_lost)
        if len(readings) != 1:
            pieces = (_Piece(start, end, bad=True),) if readings else ()
        else:
            year, month, day = readings[0]
            pieces = (_Piece(start, end, year, month, day),)
        return _Hit(m.start(), m.end(), pieces, "one", kind, deadline=deadline) if pieces else None
    # the sub-period word: 下旬 → xun3, 底 → last, 四季度 → q4
    word = g[_MW1] or g[_MW2] or g[_YW1] or g[_YW2] or g[_HALF1] or g[_HALF2]
    if word:
        sub = _SUBS[word]
        if g[_HALF2] or (g[_YW2] and sub == "first"):  # a bare 上半年 or 年初 (年初预算: a budget term)
            kind = "relative"  # names no year: a relative word, still resolved like 今年; a bare 年底 is a
            # date like a bare 6月底, its year inferred (年底前完成: the notice's year)
    elif q := g[_Q1] or g[_Q2]:
        sub = f"q{_num(q)}"
        if qw := g[_QW1] or g[_QW2]:  # 一季度末: the quarter's last (or first) day, through its month
            quarter, sub = _num(q), _LEX["quarter_words"][qw]
            main = _Piece(*m.span(_CORE), _num(g[_Y1]), 3 * quarter if sub == "last" else 3 * quarter - 2, None, sub)
            return _Hit(m.start(), m.end(), (main,), "one", kind, deadline=deadline)
    elif qs := g[_QS1] or g[_QS2]:
        sub = f"qs{_num(qs)}"
    elif ms := g[_MS1]:
        sub = f"ms{_num(ms)}"
    else:
        sub = None
    main = _Piece(start, end, _num(g[_Y0] or g[_Y1]), _num(g[_M0] or g[_M1] or g[_M2]),
                  _num(g[_D0] or g[_D1] or g[_D2]), sub)
    if g[_DHEAD1] is None and g[_DHEAD2] is None and g[_MHEAD1] is None and g[_MHEAD2] is None \
            and g[_YHEAD] is None and g[_QHEAD1] is None and g[_QHEAD2] is None:
        return _Hit(m.start(), m.end(), (main,), "one", kind, deadline=deadline)
    names, field = next((names, field) for at, names, field in _HEADS if g[at] is not None)
    pieces, link = _head_pieces(m, main, names, field)
    return _Hit(m.start(), m.end(), pieces, link, kind, deadline=deadline)


def _with(p: _Piece, field: int, value, start: int, end: int) -> _Piece:
    """``p`` with field number ``field`` (2 year, 3 month, 4 day, 5 quarter) set to ``value``, at [start, end)."""
    sub = (value if isinstance(value, str) else f"q{value}") if field == 5 else p.sub
    return _Piece(start, end, value if field == 2 else p.year, value if field == 3 else p.month,
                  value if field == 4 else p.day, sub, p.bad)


def _head_pieces(m: re.Match, main: _Piece, names: tuple[str, str, str], field: int):
    """The dates of a range (1-3月: one range) or a list (1、2月份: one row each) of heads."""
    head, sep, level = names
    every = _date_captures().match(m.string, m.start())  # the same match, with every repetition
    heads, seps = every.captures(head), every.captures(sep)
    values = [_num(h) for h in heads]
    if len(heads) == 1 and seps[0] != _LIST_COMMA:  # 1-3月: one row for the whole range
        return (_with(main, field, values[0], main.start, main.end), main), "range"
    rows = [_with(main, field, v, main.start if i == 0 else s, e)
            for i, (v, (s, e)) in enumerate(zip(values, every.spans(head)))]
    return (*rows, _with(main, field, main[field], m.start(level), main.end)), "list"


def _joined(hits: list[_Hit], text: str) -> list[_Hit]:
    """Join two single dates separated only by 至/到/— into one range hit."""
    out: list[_Hit] = []
    gap = _RANGE_GAP.fullmatch
    prev = None
    for hit in hits:
        if (prev is not None and hit.start - prev.end <= _MAX_RANGE_GAP and prev.link == "one"
                and hit.link == "one" and gap(text, prev.end, hit.start)):
            out[-1] = prev = _Hit(prev.start, hit.end, prev.pieces + hit.pieces, "range", "range")
        else:
            out.append(hit)
            prev = hit
    return out


def _iso_range_ends(hits: list[_Hit], text: str) -> list[_Hit]:
    """An ISO date and a month-day after 至/— in the same notation (2023-10-9至10-20): one range."""
    out: list[_Hit] = []
    for hit in hits:
        if out and hit.start < out[-1].end:
            continue  # inside a range just extended
        piece = hit.pieces[0] if hit.link == "one" and text[hit.end:hit.end + 1] in _RANGE_FIRST else None
        if piece is not None and piece.day and piece.year and not piece.bad:
            separator = text[piece.start + 4:piece.start + 5]
            gap = _RANGE_GAP.match(text, hit.end)
            tail = _ISO_TAIL.match(text, gap.end()) if gap and gap.end() - hit.end <= _MAX_RANGE_GAP else None
            if tail and tail.group("sep") == separator and text[tail.end():tail.end() + 1] not in _AMOUNT_NEXT:
                month, day = _num(tail.group("m")), _num(tail.group("d"))
                year = piece.year + 1 if (month, day) < (piece.month, piece.day) else piece.year  # 2022.12.15—1.15
                hit = _Hit(hit.start, tail.end(), (piece, _Piece(tail.start(), tail.end(), year, month, day)),
                           "range", "range")
        out.append(hit)
    return out


def _bounds(year: int, p: _Piece) -> tuple[dt.date, dt.date, str] | None:
    """Calendar bounds and granularity of a piece in ``year``; None when impossible.

    >>> _bounds(2020, _Piece(0, 0, month=2, sub="last"))[:2]
    (datetime.date(2020, 2, 29), datetime.date(2020, 2, 29))
    >>> _bounds(2020, _Piece(0, 0, month=3, sub="xun3"))
    (datetime.date(2020, 3, 21), datetime.date(2020, 3, 31), 'xun')
    >>> _bounds(2019, _Piece(0, 0, sub="q4"))
    (datetime.date(2019, 10, 1), datetime.date(2019, 12, 31), 'quarter')
    >>> _bounds(2019, _Piece(0, 0, month=2, day=30)) is None
    True
    """
    return _bounds_of(year, p.month, p.day, p.sub)


@lru_cache(maxsize=4096)
def _bounds_of(year: int, month: int | None, day: int | None, sub: str | None):
    """``_bounds`` by value: the dates are immutable, so a year's bounds are built once."""
    if month is None:
        lo, hi, gran = _YEAR_SPANS[sub]
        if sub == "first":
            start = dt.date(year, lo, 1)
            return start, start, gran
        end = dt.date(year, hi, _days_in_month(year, hi))
        if sub == "last":
            return end, end, gran
        return dt.date(year, lo, 1), end, gran
    if not 1 <= month <= 12:
        return None
    last_day = _days_in_month(year, month)
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


_MONTH_SPANS = {"xun1": (1, 10, "xun"), "xun2": (11, 20, "xun"), "xun3": (21, 0, "xun"),  # 0: the last day
                "xun12": (1, 20, "xun"), "xun23": (11, 0, "xun"),  # 上中旬, 中下旬
                "first": (1, 1, "day"), "last": (0, 0, "day")}


def _resolve(first: _Piece, last: _Piece, year_hint: int | None, ctx: _Context):
    """Fill in the year (and a range end's month); return (last, (start, end) or None, granularity)."""
    year = first.year or last.year or year_hint or (None if first.bad else ctx.infer_year(first))
    last_month = last.month or (first.month if last.day is not None else None)
    if last.year != (last.year or year) or last.month != last_month:
        last = _Piece(last.start, last.end, last.year or year, last_month, last.day, last.sub, last.bad)
    lo = _bounds(year, first) if year and not first.bad else None
    hi = _bounds(last.year, last) if lo and not last.bad else None
    if not hi or hi[1] < lo[0]:
        return last, None, lo[2] if lo else "day"
    return last, (lo[0], hi[1]), lo[2]


class _Context:
    """What year inference looks at: explicit years, sentence breaks, the publication date."""

    __slots__ = ("text", "anchor_at", "anchor_year", "anchor_month", "published", "dated_at", "dated_year",
                 "forward")

    def __init__(self, text: str, anchor_at: list[int], anchor_year: list[int], published: dt.date | None,
                 dated_at: list[int] | None = None, dated_year: list[int] | None = None,
                 anchor_month: list[int | None] | None = None, forward: list[tuple[int, int]] | None = None):
        self.text, self.anchor_at, self.anchor_year, self.published = text, anchor_at, anchor_year, published
        self.forward = forward or []  # spans of sections that plan ahead
        self.anchor_month = anchor_month or [None] * len(anchor_at)
        # the anchors that name a month, quarter or half (2024年11月底), not a bare year (2021年以来)
        self.dated_at, self.dated_year = dated_at or [], dated_year or []

    def infer_year(self, p: _Piece, deadline: str = "", as_of: bool = False) -> int | None:
        """Year of a year-less piece: same sentence, else publication, else nearest in text.

        With a publication date, a date later in the year than the notice is taken from the year
        before (a report looks back), unless it is a deadline (力争9月底前完成) or in a section that
        plans ahead (三、下一步工作打算): the notice's year. A date things stand at (截至5月底) after a
        bare year in its sentence (2022年计划改造的86个小区……截至5月底) counts from the notice too.

        Past a sentence break, with no publication date, the nearest earlier date that names a
        month, quarter or half wins over a bare year: 2021年以来 opens a period, it does not
        move the notice's timeline (…2024年11月底…2021年以来的合同…。8月下旬 is 2024).
        """
        i = bisect.bisect_left(self.anchor_at, p.start)
        if i and _SENTENCE_BREAK.search(self.text, self.anchor_at[i - 1], p.start) is None:
            # no sentence break between the year and the piece: its year, except for a deadline
            # after a bare year (对2019—2021年建成的……，计划于10月底前完成: the notice's year), and a
            # deadline earlier in the year than the month before it comes the year after (去年12月……，4月中旬前完成)
            month = self.anchor_month[i - 1]
            if not ((deadline or as_of) and self.published and month is None):
                later = bool(deadline) and month is not None and p.month is not None and p.month < month
                return self.anchor_year[i - 1] + later
        if deadline == "by" and i and self.published and (month := self.anchor_month[i - 1]) is not None \
                and p.month is not None and "\n" not in self.text[self.anchor_at[i - 1]:p.start] \
                and not _inside(self.forward, p.start):
            # a deadline set in the story of the same paragraph (2024年9月……巡察。11月20日反馈……，要求于
            # 12月底前整改到位) falls in that story's year, or the year after when earlier in the year; a
            # date said to come (计划3月投入) is the writer's future: the notice's year, below
            return self.anchor_year[i - 1] + (p.month < month)
        if self.published:
            year = self.published.year
            bounds = _bounds(year, p)
            this_year = p.month is None and p.sub in _THIS_YEAR_SUBS
            if not this_year and not deadline and bounds and bounds[0] > self.published \
                    and not _inside(self.forward, p.start):
                year -= 1
            return year
        if i:
            j = bisect.bisect_left(self.dated_at, p.start)
            return self.dated_year[j - 1] if j else self.anchor_year[i - 1]
        line_end = self.text.find("\n", p.start)  # else a later year in the same paragraph
        return (self.anchor_year[0] if self.anchor_at and (line_end < 0 or self.anchor_at[0] < line_end)
                else None)


def _context(hits: list[_Hit], text: str, published: dt.date | None,
             forward: list[tuple[int, int]]) -> _Context:
    titles = title_spans(text)
    pieces = [p for h in hits for p in h.pieces if p.year is not None and p.sub != "fiscal" and not p.bad
              and not _inside(titles, p.start)]  # 《……（2021—2035年）》 names a plan, not the time
    anchors = [(p.start, p.year, p.month) for p in pieces]
    if published:
        anchors += [(h.start, published.year + h.rel_offset, None) for h in hits if h.rel_offset is not None]
        anchors.sort(key=lambda a: a[0])
        return _Context(text, [a for a, _, _ in anchors], [y for _, y, _ in anchors], published,
                        anchor_month=[m for _, _, m in anchors], forward=forward)
    dated = [(p.start, p.year) for p in pieces if p.month is not None or p.sub is not None]
    return _Context(text, [a for a, _, _ in anchors], [y for _, y, _ in anchors], None,
                    [a for a, _ in dated], [y for _, y in dated], [m for _, _, m in anchors])


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]



def _relative_row(hit: _Hit, text: str, published: dt.date | None, year_before: int | None) -> DateMention:
    start = end = None
    gran = "day" if (hit.rel_offset is None and hit.after is None) or hit.rel_sub else "year"
    if hit.after is not None:  # year_before: here the year 同年/次年 counts from
        if year_before:
            start, end, gran = _bounds_of(year_before + hit.after, None, None, hit.rel_sub)
    elif published and hit.rel_offset is None:
        start = end = published
    elif published:
        start, end, gran = _bounds_of(published.year + hit.rel_offset, None, None, hit.rel_sub)
    # 去年底, 今年初, 同年底: a day, its year named by a relative word (as 今年3月 is a month); but after
    # 较/比 it is a baseline of a comparison, as 上年同期 is (较上年末下降21.3%)
    dated = hit.rel_sub is not None and start is not None and text[hit.start - 1:hit.start] not in _COMPARED
    return DateMention(raw=text[hit.start:hit.end], start=hit.start, end=hit.end, date_start=start,
                       date_end=end, granularity=gran, kind="point" if dated else "relative", year_inferred=dated)


def find_dates(text: str, *, published: dt.date | None = None, markers: Collection[int] = frozenset(),
               forward: Sequence[tuple[int, int]] = ()) -> list[DateMention]:
    """Every date expression in ``text``, in order, non-overlapping.

    ``markers`` are the starts of heading markers: no date starts on one (三、五月份以来 is the
    heading 三、 and then a month, not the months 3 and 5). ``forward`` are the (start, end) spans
    of sections that plan ahead (三、下一步工作打算), sorted: a year-less month there is to come.

    >>> [(d.raw, str(d.date_start), str(d.date_end), d.kind) for d in find_dates("2019年9月6日至11月28日")]
    [('2019年9月6日至11月28日', '2019-09-06', '2019-11-28', 'range')]
    >>> row = find_dates("12月16日反馈", published=dt.date(2020, 4, 29))[0]
    >>> row.raw, row.date_start, row.year_inferred
    ('12月16日', datetime.date(2019, 12, 16), True)
    >>> find_dates("第三巡察组〔2024〕4号12368语音热线")
    []
    """
    hits: list[_Hit] = []
    match_at, end = _DATE.match, 0  # the loop of _date_matches, here to build no list of matches
    recurring = -1  # where the last recurring date (每年3月) ended: a list goes on (每年3月、9月)
    for candidate in _CANDIDATE.finditer(text):
        pos = candidate.start()
        if pos >= end and pos not in markers and (m := match_at(text, pos)) is not None:
            end = m.end()
            if text.endswith(_RECURRING, 0, pos) or (recurring >= 0 and text[recurring:pos] in _LIST_JOINS):
                recurring = end
            elif hit := _hit(m):
                hits.append(hit)
    hits = _joined(hits, text)
    if "-" in text or "/" in text or "." in text or "－" in text or "／" in text or "．" in text:
        hits = _iso_range_ends(hits, text)
    ctx = _context(hits, text, published, sorted(forward))
    out: list[DateMention] = []
    month_ctx: tuple[int, int | None, int] | None = None  # (line start, year, month) of the last month seen
    year_before: int | None = None  # the year of the last date resolved
    first_in_sentence: tuple[int, int] | None = None  # (start, year) of the first date of its sentence
    prev: _Hit | None = None
    for hit in hits:
        link = hit.link
        if link == "rel":
            out.append(_relative_row(hit, text, published, _year_of_the_same(hit, year_before, first_in_sentence, text)))
            prev = hit
            continue
        if prev is not None and prev.end == hit.start and (prev.after is not None or prev.rel_offset is not None):
            if prev.after is not None:
                same = _year_of_the_same(prev, year_before, first_in_sentence, text)
                lent_year = same + prev.after if same else None
            else:
                lent_year = published.year + prev.rel_offset if published else None
        else:
            lent_year = None
        line = -1  # found when needed
        pieces = hit.pieces
        if link == "list" and lent_year is None and pieces[0].year is None and not pieces[0].bad:
            lent_year = ctx.infer_year(pieces[0], hit.deadline, hit.kind == "until")  # 5、6月份: one year for all
        kind = "range" if link == "range" else hit.kind
        if kind == "relative" and lent_year is not None:
            kind = "point"  # 今年上半年, 今年年底: the year is named after all
        inferred_ok = pieces[0].year is None
        for first, last in ((pieces,) if link == "range" else zip(pieces, pieces)):  # (p, p) pairs, built in C
            if first.month is None and first.day is not None:  # bare 9日: month from the same line
                if line < 0:
                    line = text.rfind("\n", 0, hit.start) + 1
                if not month_ctx or month_ctx[0] != line:
                    continue
                first = _Piece(first.start, first.end, month_ctx[1], month_ctx[2], first.day, first.sub, first.bad)
            if first is last:  # one date: what _resolve gives, without copying the piece
                year = first.year or lent_year or (None if first.bad else
                                                   ctx.infer_year(first, hit.deadline, hit.kind == "until"))
                bounds = _bounds_of(year, first.month, first.day, first.sub) if year and not first.bad else None
                granularity = bounds[2] if bounds else "day"
                last_year = first.year or year
            else:
                last, bounds, granularity = _resolve(first, last, lent_year, ctx)
                last_year = last.year
            s, e = first.start, last.end
            if bounds is None:
                out.append(DateMention(raw=text[s:e], start=s, end=e, date_start=None, date_end=None,
                                       granularity=granularity, kind=kind, year_inferred=False))
            else:
                out.append(DateMention(raw=text[s:e], start=s, end=e, date_start=bounds[0], date_end=bounds[1],
                                       granularity=granularity, kind=kind, year_inferred=inferred_ok))
            if last.month and not last.bad:
                if line < 0:
                    line = text.rfind("\n", 0, hit.start) + 1
                month_ctx = (line, last_year, last.month)
            if bounds is not None:
                year_before = bounds[1].year
                if first_in_sentence is None or _SENTENCE_BREAK.search(text, first_in_sentence[0], s):
                    first_in_sentence = (s, bounds[0].year)
        prev = hit
    return out


def _year_of_the_same(hit: _Hit, year_before: int | None, first_in_sentence: tuple[int, int] | None,
                      text: str) -> int | None:
    """The year 同年/次年 counts from: the sentence's first date (2023年3月……审计了2020年至2022年的
    账目，同年7月 is 2023), else the last date named before."""
    if first_in_sentence and not _SENTENCE_BREAK.search(text, first_in_sentence[0], hit.start):
        return first_in_sentence[1]
    return year_before

def _date_of(m: regex.Match) -> dt.date | None:
    year, month, day = _num(m.group("y")), _num(m.group("m")), _num(m.group("d"))
    return dt.date(year, month, day) if year and month and day and _valid(year, month, day) else None


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
