"""dates: notice text → DateMention rows (dates, months, quarters, years, ranges).

Reads 2019年9月6日, 2023-05-04 08:46:31, 二〇二〇年四月二十九日, 3月份, 3月下旬, 2月底,
2019年四季度, 上半年, 2020年度, ranges (2019年9月6日至11月28日, 1-3月, 2017-2019年),
lists (1、2月份 → two rows), 以来/截至 around a date (kind ``since``/``until``) and the
relative words 今年, 去年, 截至目前 and a bare 上半年/年初 (kind ``relative``, resolved against
``published``).

One regex pass finds the expressions (a stdlib scan for the few places where one can
start, then the full pattern there; both in ``date_patterns.py``); one linear pass over
the matches joins ranges, fills in years left out (``date_years``) and computes the calendar
bounds (``date_parts``). Expressions that cannot be read one way only are kept with ``None``
dates, never guessed. Vocabulary lives in ``lexicon/dates.yaml``. The notice's own date is
``published_date``'s.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from ..numerals import fold_digits
from ..pattern_cache import cached_compile
from ..scan import anchored_matches
from ..types import DateMention
from .date_parts import CLAUSE_OPENERS, Hit, Piece, bounds_of, num, read_day_number
from .date_patterns import (
    _CANDIDATE, _DATE, _ISO_TAIL, _LEX, _MAX_RANGE_GAP, _RANGE_GAP, _SENTENCE_BREAK, _date_captures,
)
from .date_years import REMEDY_LABEL, YearContext, resolve, year_context, year_of_the_same


def _date_matches(text: str) -> list[re.Match]:
    """``list(_DATE.finditer(text))``, trying _DATE only where a match can start (find_dates inlines it)."""
    return anchored_matches(_DATE, _CANDIDATE, text)


_SUBS = {**_LEX["month_words"], **_LEX["year_words"], **_LEX["halves"]}
_SERIAL_AFTER = cached_compile(_LEX["serial_after"])
_LOOKED_AT_SUBS = frozenset({"fiscal", "school1", "school2"})  # 2022年度, 2023—2024学年: periods looked at
_DAY_RANGE_END = cached_compile(r"[至到\-—－~～]([0-9０-９]{1,2})日")  # the end of a range of days: 至6日
_RELATIVE_BARE_YEAR_WORDS = frozenset(_LEX["relative_bare_year_words"])  # 年初预算, 年末结转
_COMPARED = frozenset(_LEX["baseline_before"])  # 较上年末: a baseline, no date
_UNTIL_BEFORE = set(_LEX["until_before"])
_UNTIL_AFTER = set(_LEX["until_after"])
_DONE_BEFORE = tuple(_LEX["done_before"])
_DONE_REACH = max(map(len, _DONE_BEFORE))
_DONE_AFTER = tuple(_LEX["done_after"])
_RECURRING = tuple(_LEX["recurring_before"])
_FUTURE_BEFORE, _FUTURE_AFTER = tuple(_LEX["future_before"]), tuple(_LEX["future_after"])
_LIST_JOINS = frozenset(("、",))  # 每年3月、9月 (not 和: 每年3月和2023年6月)
_AMOUNT_NEXT = frozenset("万亿千百元%％个项件人次")  # 2023.10.9至3.5亿元: an amount after 至, not a date
_RANGE_FIRST = frozenset(w[0] for w in _LEX["range_separators"]) | {" ", "\u3000"}  # what may follow a range's start
_REL_YEARS = _LEX["relative_years"]
_YEAR_AFTER: dict[str, int] = _LEX["year_after"]  # 同年 → 0, 次年 → 1: from the date named before
_LIST_COMMA = "\N{IDEOGRAPHIC COMMA}"


def _at(*names: str) -> tuple[int, ...]:
    return tuple(_DATE.groupindex[name] - 1 for name in names)  # positions in m.groups()


(_RY, _NOW, _RW, _PRE, _POST, _DNUM, _Y0, _Y1, _M0, _M1, _M2, _D0, _D1, _D2, _MW1, _MW2, _YW1, _YW2,
 _HALF1, _HALF2, _Q1, _Q2, _QS1, _QS2, _MS1, _DHEAD1, _DHEAD2, _MHEAD1, _MHEAD2, _YHEAD, _QHEAD1, _QHEAD2, _QW1,
 _QW2, _YDOT, _MDOT, _SY0) = _at(
    "ry", "now", "rw", "pre", "post", "dnum", "y0", "y1", "m0", "m1", "m2", "d0", "d1", "d2", "mw1", "mw2",
    "yw1", "yw2", "half1", "half2", "q1", "q2", "qs1", "qs2", "ms1", "dhead1", "dhead2", "mhead1", "mhead2", "yhead",
    "qhead1", "qhead2", "qw1", "qw2", "ydot", "mdot", "sy0")
_CORE = _DATE.groupindex["core"]
_HEADS = (  # (head group, its group names, the field it fills), day heads before month and year heads
    (_DHEAD1, ("dhead1", "dsep1", "d1"), 4), (_DHEAD2, ("dhead2", "dsep2", "d2"), 4),
    (_MHEAD1, ("mhead1", "msep1", "m1"), 3), (_MHEAD2, ("mhead2", "msep2", "m2"), 3),
    (_YHEAD, ("yhead", "ysep", "y1"), 2),
    (_QHEAD1, ("qhead1", "qsep1", "q1"), 5), (_QHEAD2, ("qhead2", "qsep2", "q2"), 5),  # 1-3季度: the sub q1..q3
)


def _hit(m: re.Match) -> Hit | None:
    """Turn one match into a Hit, or None when it is not a date after all."""
    g = m.groups()  # one call, then plain indexing; captured groups are never empty, so ``or`` picks
    if g[_RY] or g[_NOW]:  # the one that took part
        return Hit(m.start(), m.end(), (), "rel", "relative", _REL_YEARS.get(g[_RY]), _SUBS.get(g[_RW]),
                    after=_YEAR_AFTER.get(g[_RY]))
    pre, post = g[_PRE], g[_POST]
    kind = "until" if pre in _UNTIL_BEFORE or post in _UNTIL_AFTER else "since" if pre or post else "point"
    start, end = m.span(_CORE)
    # a deadline (9月底前) or a date said to come (7月起将, 计划于10月) looks forward, unless already met
    # (已于9月15日前将多收费用退还: 将 after 前 marks the object)
    met = m.string.endswith(_DONE_BEFORE, max(0, m.start() - _DONE_REACH), m.start()) or (
        post in _UNTIL_AFTER and m.string.startswith(_DONE_AFTER, m.end()))
    deadline = "" if met else \
        "planned" if m.string.endswith(_FUTURE_BEFORE, 0, m.start()) or (
            kind == "since" and post is not None and m.string.startswith(_FUTURE_AFTER, m.end())) else \
        "by" if post in _UNTIL_AFTER else ""
    if g[_SY0]:  # 2023—2024学年: September to August
        first = Piece(*m.span("sy0"), num(g[_SY0]), sub="school1")
        last = Piece(m.start("sy1"), m.end(_CORE), num(m["sy1"]), sub="school2")
        return Hit(m.start(), m.end(), (first, last), "range", "range" if kind == "point" else kind, deadline=deadline,
                   met=met)
    dnum = g[_DNUM]
    if dnum:
        before = m.string[start - 1:start]
        # 由45日 is no 4月5日, but a range's end after a day may have lost its 月 too (2022610日至85日)
        month_lost = not ("\u4e00" <= before <= "\u9fff") or (before in "至到" and m.string[start - 2:start - 1] == "日")
        readings = read_day_number(fold_digits(dnum), month_lost)
        if len(readings) > 1 and (tail := _DAY_RANGE_END.match(m.string, m.end())):
            # 124日至6日 (12月4日至6日, its 月 lost): a range's start is before its end, in the same month
            end_day = int(fold_digits(tail.group(1)))
            readings = [r for r in readings if r[2] < end_day] or readings
        if len(readings) != 1:
            pieces = (Piece(start, end, bad=True),) if readings else ()
        else:
            year, month, day = readings[0]
            pieces = (Piece(start, end, year, month, day),)
        return Hit(m.start(), m.end(), pieces, "one", kind, deadline=deadline, met=met) if pieces else None
    # the sub-period word: 下旬 → xun3, 底 → last, 四季度 → q4
    word = g[_MW1] or g[_MW2] or g[_YW1] or g[_YW2] or g[_HALF1] or g[_HALF2]
    if word:
        sub = _SUBS[word]
        if g[_HALF2] or g[_YW2] in _RELATIVE_BARE_YEAR_WORDS:
            kind = "relative"  # a bare 上半年, 年初 or 年末 names no year (年初预算, 年末结转: budget terms): a
            # relative word, still resolved like 今年; a bare 年底 is a date like a bare 6月底, its year
            # inferred (年底前完成: the notice's year)
    elif q := g[_Q1] or g[_Q2]:
        sub = f"q{num(q)}"
        if qw := g[_QW1] or g[_QW2]:  # 一季度末: the quarter's last (or first) day, through its month
            quarter, sub = num(q), _LEX["quarter_words"][qw]
            main = Piece(*m.span(_CORE), num(g[_Y1]), 3 * quarter if sub == "last" else 3 * quarter - 2, None, sub)
            return Hit(m.start(), m.end(), (main,), "one", kind, deadline=deadline, met=met)
    elif qs := g[_QS1] or g[_QS2]:
        sub = f"qs{num(qs)}"
    elif ms := g[_MS1]:
        sub = f"ms{num(ms)}"
    else:
        sub = None
    main = Piece(start, end, num(g[_Y0] or g[_Y1] or g[_YDOT]), num(g[_M0] or g[_M1] or g[_M2] or g[_MDOT]),
                  num(g[_D0] or g[_D1] or g[_D2]), sub)
    if g[_DHEAD1] is None and g[_DHEAD2] is None and g[_MHEAD1] is None and g[_MHEAD2] is None \
            and g[_YHEAD] is None and g[_QHEAD1] is None and g[_QHEAD2] is None:
        if main.month is None and sub is None and _SERIAL_AFTER.match(m.string, m.end()):
            return None  # （2023年第3号）: an announcement's serial number, not a date
        return Hit(m.start(), m.end(), (main,), "one", kind, deadline=deadline, met=met)
    names, field = next((names, field) for at, names, field in _HEADS if g[at] is not None)
    pieces, link = _head_pieces(m, main, names, field)
    return Hit(m.start(), m.end(), pieces, link, kind, deadline=deadline, met=met)


def _with(p: Piece, field: int, value, start: int, end: int) -> Piece:
    """``p`` with field number ``field`` (2 year, 3 month, 4 day, 5 quarter) set to ``value``, at [start, end)."""
    sub = (value if isinstance(value, str) else f"q{value}") if field == 5 else p.sub
    return Piece(start, end, value if field == 2 else p.year, value if field == 3 else p.month,
                  value if field == 4 else p.day, sub, p.bad)


def _head_pieces(m: re.Match, main: Piece, names: tuple[str, str, str], field: int):
    """The dates of a range (1-3月: one range) or a list (1、2月份: one row each) of heads."""
    head, sep, level = names
    every = _date_captures().match(m.string, m.start())  # the same match, with every repetition
    heads, seps = every.captures(head), every.captures(sep)
    values = [num(h) for h in heads]
    if len(heads) == 1 and seps[0] != _LIST_COMMA:  # 1-3月: one row for the whole range
        return (_with(main, field, values[0], main.start, main.end), main), "range"
    rows = [_with(main, field, v, main.start if i == 0 else s, e)
            for i, (v, (s, e)) in enumerate(zip(values, every.spans(head)))]
    return (*rows, _with(main, field, main[field], m.start(level), main.end)), "list"


def _joined(hits: list[Hit], text: str) -> list[Hit]:
    """Join two single dates separated only by 至/到/— into one range hit; an end that names its year
    by a relative word (12月至次年2月, 去年12月至今年2月) keeps the word's offset on the range."""
    out: list[Hit] = []
    gap = _RANGE_GAP.fullmatch
    prev = None
    i, n = 0, len(hits)
    while i < n:
        hit = hits[i]
        i += 1
        if prev is None or prev.link != "one" or hit.start - prev.end > _MAX_RANGE_GAP \
                or not gap(text, prev.end, hit.start):
            out.append(hit)
            prev = hit
        elif hit.link == "one":
            out[-1] = prev = Hit(prev.start, hit.end, prev.pieces + hit.pieces, "range", "range",
                                 deadline=prev.deadline, met=prev.met)  # 请于9月15日至10月14日: a range said to come
        elif hit.link == "rel" and hit.rel_sub is None and (hit.after is not None or hit.rel_offset is not None) \
                and i < n and hits[i].link == "one" and hits[i].start == hit.end:
            end = hits[i]
            i += 1
            out[-1] = prev = Hit(prev.start, end.end, prev.pieces + end.pieces, "range", "range",
                                 rel_offset=hit.rel_offset, after=hit.after)
        elif hit.link == "rel" and hit.rel_sub is not None and (hit.after is not None or hit.rel_offset is not None):
            # 2023年5月至今年底: the end is the day the relative word names
            end_piece = Piece(hit.start, hit.end, None, 12 if hit.rel_sub == "last" else 1, None, hit.rel_sub)
            out[-1] = prev = Hit(prev.start, hit.end, prev.pieces + (end_piece,), "range", "range",
                                 rel_offset=hit.rel_offset, after=hit.after)
        else:
            out.append(hit)
            prev = hit
    return out


def _iso_range_ends(hits: list[Hit], text: str) -> list[Hit]:
    """An ISO date and a month-day after 至/— in the same notation (2023-10-9至10-20): one range."""
    out: list[Hit] = []
    for hit in hits:
        if out and hit.start < out[-1].end:
            continue  # inside a range just extended
        piece = hit.pieces[0] if hit.link == "one" and text[hit.end:hit.end + 1] in _RANGE_FIRST else None
        if piece is not None and piece.day and piece.year and not piece.bad:
            separator = text[piece.start + 4:piece.start + 5]
            gap = _RANGE_GAP.match(text, hit.end)
            tail = _ISO_TAIL.match(text, gap.end()) if gap and gap.end() - hit.end <= _MAX_RANGE_GAP else None
            if tail and tail.group("sep") == separator and text[tail.end():tail.end() + 1] not in _AMOUNT_NEXT:
                month, day = num(tail.group("m")), num(tail.group("d"))
                year = piece.year + 1 if (month, day) < (piece.month, piece.day) else piece.year  # 2022.12.15—1.15
                hit = Hit(hit.start, tail.end(), (piece, Piece(tail.start(), tail.end(), year, month, day)),
                           "range", "range")
        out.append(hit)
    return out


def _with_relative_year(hit: Hit, first: Piece, last: Piece, lent_year: int | None, ctx: YearContext,
                        published: dt.date | None) -> tuple[Piece, Piece]:
    """A range whose end's year a relative word names (次年: the start's year after; 今年: the
    notice's), with both years filled in: the start keeps its own, not the end's."""
    start_year = first.year or lent_year or (None if first.bad else ctx.infer_year(first))
    if hit.after is not None:
        year = start_year + hit.after if start_year else None
    else:
        year = ctx.present + hit.rel_offset if published else None
    if not year or not start_year:
        return first, last
    return first._replace(year=start_year), last._replace(year=year)


def _relative_row(hit: Hit, text: str, published: dt.date | None, year_before: int | None,
                  now: int | None, month_only: bool = False) -> DateMention:
    """The row of a relative word: 今年/去年 counted from ``now``, the year a notice dated ``published`` is
    written in; 同年/次年 from ``year_before``; 截至目前 the notice's date (its month, with ``month_only``)."""
    start = end = None
    gran = "day" if (hit.rel_offset is None and hit.after is None) or hit.rel_sub else "year"
    if hit.after is not None:  # year_before: here the year 同年/次年 counts from
        if year_before:
            start, end, gran = bounds_of(year_before + hit.after, None, None, hit.rel_sub)
    elif published and hit.rel_offset is None:
        start, end, gran = bounds_of(published.year, published.month, None, None) if month_only else \
            (published, published, gran)
    elif published:
        start, end, gran = bounds_of(now + hit.rel_offset, None, None, hit.rel_sub)
    # 去年底, 今年初, 同年底: a day, its year named by a relative word (as 今年3月 is a month); but after
    # 较/比 it is a baseline of a comparison, as 上年同期 is (较上年末下降21.3%)
    dated = hit.rel_sub is not None and start is not None and text[hit.start - 1:hit.start] not in _COMPARED
    return DateMention(raw=text[hit.start:hit.end], start=hit.start, end=hit.end, date_start=start,
                       date_end=end, granularity=gran, kind="point" if dated else "relative", year_inferred=dated)


def _counted_from(named: int | None, any_named: int | None, in_story: int | None, finding_at: int, at: int,
                  text: str) -> int | None:
    """The year 次年 at ``at`` counts from: the last year named, or the one named before the finding
    that named it, once the text has turned to what was done about the finding (整改情况：)."""
    if finding_at >= 0 and in_story is not None and REMEDY_LABEL.search(text, finding_at, at):
        return in_story
    return named or any_named


def _line_start(text: str, pos: int, floor: int, scanned: int) -> int:
    """The start of ``pos``'s line, given that of an earlier position (``floor``) and that no line break lies
    between it and ``scanned``: only the stretch not yet seen is searched (one long line stays linear)."""
    found = text.rfind("\n", max(floor, scanned), pos)
    return found + 1 if found >= 0 else floor


def find_dates(text: str, *, published: dt.date | None = None, markers: Collection[int] = frozenset(),
               forward: Sequence[tuple[int, int]] = (), headings: Collection[int] | None = None,
               month_only: bool = False) -> list[DateMention]:
    """Every date expression in ``text``, in order, non-overlapping.

    ``markers`` are the starts of heading markers: no date starts on one (三、五月份以来 is the
    heading 三、 and then a month, not the months 3 and 5). ``forward`` are the (start, end) spans
    of sections that plan ahead (三、下一步工作打算), sorted: a year-less month there is to come.
    ``headings`` are the starts of the headings among ``markers`` (default: all), where a section
    may retell the story from its start. With ``month_only``, ``published`` is the last day of the month a
    notice is signed in (二〇二六年三月): 截至目前 is that month, not a day.

    >>> [(d.raw, str(d.date_start), str(d.date_end), d.kind) for d in find_dates("2019年9月6日至11月28日")]
    [('2019年9月6日至11月28日', '2019-09-06', '2019-11-28', 'range')]
    >>> row = find_dates("12月16日反馈", published=dt.date(2020, 4, 29))[0]
    >>> row.raw, row.date_start, row.year_inferred
    ('12月16日', datetime.date(2019, 12, 16), True)
    >>> find_dates("第三巡察组〔2024〕4号12368语音热线")
    []
    """
    hits: list[Hit] = []
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
    ctx = year_context(hits, text, published, sorted(forward), sorted(markers if headings is None else headings))
    out: list[DateMention] = []
    month_ctx: tuple[int, int | None, int] | None = None  # (line start, year, month) of the last month seen
    # the year of the last date resolved that is no scope (同年 counts from it), and of the last that named its
    # year (次年 counts from it: 2019年12月反馈。次年1月……次年3月 is 2020 both times)
    year_before: int | None = None
    named_before: int | None = None
    # …unless that year was a finding's (巡察指出，2022年下达的资金……) and the text has since turned to what was
    # done about it (整改情况：次年1月 counts from the story, not from 2022): then from the last year named before it
    finding_at, named_in_story = -1, None
    any_named: int | None = None  # the year of the last date naming its year, bare or a 年度, while none names a month
    first_in_sentence: tuple[int, int] | None = None  # (start, year) of the first date of its sentence
    scanned = 0  # no sentence break between first_in_sentence and here
    line_floor = 0  # the start of the line of the last date: lines are found from there on
    line_scanned = 0  # …and no line break lies between it and here
    prev: Hit | None = None
    for hit in hits:
        link = hit.link
        if link == "rel":
            same = year_of_the_same(hit, _counted_from(named_before, any_named, named_in_story, finding_at, hit.start, text)
                                    if hit.after else year_before, first_in_sentence,
                                    text, scanned)
            out.append(_relative_row(hit, text, published, same, ctx.present, month_only))
            prev = hit
            continue
        if prev is not None and prev.end == hit.start and (prev.after is not None or prev.rel_offset is not None):
            if prev.after is not None:
                same = year_of_the_same(prev, _counted_from(named_before, any_named, named_in_story, finding_at,
                                                            prev.start, text) if prev.after else year_before,
                                        first_in_sentence, text, scanned)
                lent_year = same + prev.after if same else None
            else:
                lent_year = (ctx.present + prev.rel_offset if published
                             else ctx.counted_from_now(prev.rel_offset, hit.pieces[0], hit.kind == "since")
                             if hit.pieces else None)
        else:
            lent_year = None
        line = -1  # found when needed
        as_of = hit.kind == "until" and not hit.met  # 截至5月底: where the text stands, not a deadline met
        pieces = hit.pieces
        if link == "list" and lent_year is None and pieces[0].year is None and not pieces[0].bad:
            lent_year = ctx.infer_year(pieces[0], hit.deadline, as_of)  # 5、6月份: one year for all
        kind = "range" if link == "range" else hit.kind
        if kind == "relative" and lent_year is not None:
            kind = "point"  # 今年上半年, 今年年底: the year is named after all
        inferred_ok = pieces[0].year is None
        for first, last in ((pieces,) if link == "range" else zip(pieces, pieces)):  # (p, p) pairs, built in C
            named = first.year is not None  # in the text, not lent (12月上旬至次年1月中旬 names no year)
            if first.month is None and first.day is not None:  # bare 9日: month from the same line
                if line < 0:
                    line = line_floor = _line_start(text, hit.start, line_floor, line_scanned)
                    line_scanned = hit.start
                if not month_ctx or month_ctx[0] != line:
                    continue
                first = Piece(first.start, first.end, month_ctx[1], month_ctx[2], first.day, first.sub, first.bad)
            if first is last:  # one date: what resolve gives, without copying the piece
                year = first.year or lent_year or (None if first.bad else
                                                   ctx.infer_year(first, hit.deadline, as_of,
                                                                  since=hit.kind == "since"))
                bounds = bounds_of(year, first.month, first.day, first.sub) if year and not first.bad else None
                granularity = bounds[2] if bounds else "day"
                last_year = first.year or year
                named_year = year
            else:
                named_year = None  # the end's year, unless lent by a word (2022年12月至次年2月 names 2022)
                if last.year is None and (hit.after is not None or hit.rel_offset is not None):
                    first, last = _with_relative_year(hit, first, last, lent_year, ctx, published)
                    named_year = first.year
                last, bounds, granularity = resolve(first, last, lent_year, ctx, hit.deadline)
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
                    line = line_floor = _line_start(text, hit.start, line_floor, line_scanned)
                    line_scanned = hit.start
                month_ctx = (line, last_year, last.month)
            if bounds is not None and not (first.year is not None and (ctx.is_scope(first.start) or ctx.in_title(s))):
                year_before = bounds[1].year
                if named and (first.sub not in _LOOKED_AT_SUBS or s == 0 or text[s - 1] in CLAUSE_OPENERS):
                    # a year named (2016年，……建设。次年5月建成 is 2017; 。2021年度该局列支……。次年3月 is 2022), not
                    # a 年度 looked at (对县医疗保障局2022年度医保基金……进行了审计，……于次年3月底前 counts from the story)…
                    if ctx.is_finding(first.start):
                        finding_at, named_in_story = s, (named_before if finding_at < 0 else named_in_story)
                    else:
                        finding_at, named_in_story = -1, None
                    named_before = named_year or year_before
                elif named and named_before is None:
                    any_named = year_before  # …unless there is none (2021年度少收租金……自次年1月起 is 2022)
                # searched from where the last search ended: text run together on one line stays linear
                if first_in_sentence is None or _SENTENCE_BREAK.search(text, max(first_in_sentence[0], scanned), s):
                    first_in_sentence = (s, bounds[0].year)
                scanned = s
        prev = hit
    return out


