"""dates: notice text → DateMention rows (dates, months, quarters, years, ranges).

Reads 2019年9月6日, 2023-05-04 08:46:31, 二〇二〇年四月二十九日, 3月份, 3月下旬, 2月底,
2019年四季度, 上半年, 2020年度, ranges (2019年9月6日至11月28日, 1-3月, 2017-2019年),
lists (1、2月份 → two rows), 以来/截至 around a date (kind ``since``/``until``) and the
relative words 今年, 去年, 截至目前 (kind ``relative``, resolved against ``published``).

One regex pass finds the expressions; one linear pass over the matches joins ranges,
fills in years left out (same sentence, else the publication date, else the text) and
computes the calendar bounds. Expressions that cannot be read one way only are kept
with ``None`` dates, never guessed. Vocabulary lives in ``lexicon/dates.yaml``.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass, replace

import regex

from ..numerals import DIGITS, cn_to_int, fold_digits
from ..resources import load_yaml
from ..types import DateMention

_LEX = load_yaml("dates.yaml")


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first.

    >>> _alt(["至", "——", "-"])
    '——|至|\\\\-'
    """
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_TO_FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))


def _dg(digits: str) -> str:
    """A character class of ``digits`` in both widths.

    >>> _dg("0-2") == "[0-2" + "\N{FULLWIDTH DIGIT ZERO}-\N{FULLWIDTH DIGIT TWO}]"
    True
    """
    return f"[{digits}{digits.translate(_TO_FULLWIDTH)}]"


# ---- building blocks: both digit widths, Chinese numerals where notices use them ----
_D = _dg("0-9")
_YEAR = f"(?:{_dg('1')}{_dg('89')}|{_dg('2')}{_dg('0')}){_D}{{2}}"  # 1800-2099
_CN_ZERO = "".join(ch for ch, value in DIGITS.items() if value == 0)  # 零 〇 ○ Ｏ
_CN_YEAR = f"(?:一九|二[{_CN_ZERO}])[{_CN_ZERO}一二三四五六七八九]{{2}}"  # 二〇二〇
_MONTH = f"(?:{_dg('1')}{_dg('0-2')}|{_dg('0')}?{_dg('1-9')})"
_DAY = f"(?:{_dg('3')}{_dg('01')}|{_dg('12')}{_D}|{_dg('0')}?{_dg('1-9')})"
_CN_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = "(?:三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_SP = r"[\x20\N{IDEOGRAPHIC SPACE}]?"  # a stray space between parts
_COMMA = r"\N{IDEOGRAPHIC COMMA}"  # 1、2月份
_RSEP = _alt(_LEX["range_separators"])
_COLON = r"[:\N{FULLWIDTH COLON}]"
_CLOCK = rf"[\x20\t\N{{IDEOGRAPHIC SPACE}}]+{_D}{{1,2}}{_COLON}{_D}{{2}}(?:{_COLON}{_D}{{2}})?"  # 08:46:31
_ISO = (rf"(?P<y>{_YEAR})(?P<sep>[-\N{{FULLWIDTH HYPHEN-MINUS}}/\N{{FULLWIDTH SOLIDUS}}.\N{{FULLWIDTH FULL STOP}}])"
        rf"(?P<m>{_MONTH})(?P=sep)(?P<d>{_DAY})(?!{_D}|[/\N{{FULLWIDTH SOLIDUS}}]|[.\N{{FULLWIDTH FULL STOP}}]{_D})")
_FULL = (rf"(?:(?P<y>{_YEAR}|{_CN_YEAR}){_SP}年{_SP}(?P<m>{_MONTH}|{_CN_MONTH}){_SP}月{_SP}"
         rf"(?P<d>{_DAY}|{_CN_DAY}){_SP}[日号]|{_ISO})")
_NOT_BEFORE_NUMBER = rf"(?<!{_D}|[.\N{{FULLWIDTH FULL STOP}}])"  # not inside 1.5 or 12368

_MONTH_PART = rf"""
    (?:(?P<mhead>{_MONTH}){_SP}(?P<msep>{_RSEP}|{_COMMA}){_SP}){{0,3}}   # 1-3月, 1、2月份
    (?P<m>{_MONTH}|(?<=年{_SP}){_CN_MONTH}){_SP}月
    (?: (?:(?P<dhead>{_DAY}){_SP}(?P<dsep>{_RSEP}|{_COMMA}){_SP}){{0,3}}  # 3月5-7日
        (?P<d>{_DAY}|(?<=月{_SP}){_CN_DAY}){_SP}[日号]
      | (?P<mw>{_alt(_LEX["month_words"])})                          # 3月份, 3月下旬, 2月底
    )?"""
_QUARTER = rf"(?:(?:第{_SP})?(?P<q>[一二三四]|{_dg('1-4')}){_SP}季度|前(?P<qs>[一二三])季度)"
_HALF = rf"(?P<half>{_alt(_LEX['halves'])})"
_NOT_AFTER = {"起": "草|诉|点|步|来|到|码|色", "前": "往|后|期|述|移|列|行|来|提|夕|沿|线"}
_AFTER = "|".join(
    regex.escape(w) + (f"(?!{_NOT_AFTER[w]})" if w in _NOT_AFTER else "")
    for w in sorted(_LEX["since_after"] + _LEX["until_after"], key=len, reverse=True)
)

_DATE = regex.compile(
    rf"""
    (?P<pre>{_alt(_LEX["until_before"] + _LEX["since_before"])})?
    (?P<core>
        (?<!{_D}|[A-Za-z/._\-\N{{FULLWIDTH SOLIDUS}}]){_ISO}(?P<clock>{_CLOCK})?  # 2023-05-04 08:46:31
      | {_NOT_BEFORE_NUMBER}                                         # 2019年…, 2017-2019年, 2018、2019年度
        (?:(?P<yhead>{_YEAR}){_SP}(?P<ysep>{_RSEP}|{_COMMA}){_SP}){{0,3}}
        (?P<y>{_YEAR}|{_CN_YEAR}){_SP}年
        (?: {_MONTH_PART} | 年?(?P<yw>{_alt(_LEX["year_words"])}) | {_HALF} | {_QUARTER} )?
      | {_NOT_BEFORE_NUMBER}(?<![第每近]){_MONTH_PART}               # year left out: 12月16日
      | (?<![每本上下该各同近]){_QUARTER}                            # 第一季度, 一季度
      | (?<![每本该同近]){_HALF}                                     # 上半年
      | (?<![每今去明本上前当全次该同近历往十{_CN_ZERO}一二三四五六七八九]|{_D})
        年(?P<yw>[初底末])                                           # 年底
      | {_NOT_BEFORE_NUMBER}(?<![月个每第前后近约数余多号年])
        (?P<dnum>{_D}{{1,8}})日(?!内|以内|之内|元|均)                 # 9日; lost 年/月: 2024919日
    )
    (?P<post>{_AFTER})?
    | (?<![以基成资根样版日文课标如])(?P<ry>{_alt(_LEX["relative_years"])})
      (?![轻纪龄华])度?(?P<rw>[初底末])?                             # 今年, 去年底
    | (?P<now>{_alt(_LEX["relative_now"])})                         # 截至目前
    """,
    regex.VERBOSE,
)
_RANGE_GAP = regex.compile(rf"{_SP}(?:{_RSEP}){_SP}")
_SENTENCE_BREAK = regex.compile(  # 。！？；and 【】 in full width, and their ASCII forms
    r"[!?;\n\N{IDEOGRAPHIC FULL STOP}\N{FULLWIDTH EXCLAMATION MARK}\N{FULLWIDTH QUESTION MARK}"
    r"\N{FULLWIDTH SEMICOLON}\N{LEFT BLACK LENTICULAR BRACKET}\N{RIGHT BLACK LENTICULAR BRACKET}]")
_SIGNATURE = regex.compile(rf"(?:{_FULL})\s*$")
_CLAUSE_MARK = regex.compile(  # ：，；。、 and ASCII :,; (a signature line has none before its date)
    r"[:,;\N{FULLWIDTH COLON}\N{FULLWIDTH COMMA}\N{FULLWIDTH SEMICOLON}"
    r"\N{IDEOGRAPHIC FULL STOP}\N{IDEOGRAPHIC COMMA}]")
_PAGE_DATE = regex.compile(
    rf"(?<!\p{{Han}})(?:发布|發佈|發布|成文|发文|印发|更新)?(?:时间|日期|時間)\s*{_COLON}\s*(?:{_FULL})"
)
_STAMP = regex.compile(rf"(?<!{_D})(?:{_ISO}){_CLOCK}")

_SUBS = {**_LEX["month_words"], **_LEX["year_words"], **_LEX["halves"]}
_YEAR_SPANS = {  # sub-period of a year → (first month, last month, granularity)
    None: (1, 12, "year"), "fiscal": (1, 12, "year"), "first": (1, 1, "day"), "last": (12, 12, "day"),
    "half1": (1, 6, "half"), "half2": (7, 12, "half"),
    **{f"q{n}": (3 * n - 2, 3 * n, "quarter") for n in range(1, 5)},
    **{f"qs{n}": (1, 3 * n, "quarter") for n in range(1, 4)},
}
_THIS_YEAR_SUBS = {"first", "last", "half1", "half2"}  # 年底, 下半年: "this year" by wording
_UNTIL_BEFORE = set(_LEX["until_before"])
_UNTIL_AFTER = set(_LEX["until_after"])


@dataclass(frozen=True, slots=True)
class _Piece:
    """One date as written, before its year is filled in."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    sub: str | None = None  # xun1-3 / first / last / fiscal / half1-2 / q1-4 / qs1-3 (前三季度)
    bad: bool = False  # seen but unreadable: ambiguous lost characters


@dataclass(frozen=True, slots=True)
class _Hit:
    """One match: its pieces, how they relate ("one" / "range" / "list" / "rel") and its kind."""

    start: int
    end: int
    pieces: tuple[_Piece, ...]
    link: str
    kind: str
    rel_offset: int | None = None  # 今年 → 0, 去年 → -1; None for 目前-words
    rel_sub: str | None = None


def _num(text: str | None) -> int | None:
    """Read a captured number: Arabic in either width, or Chinese.

    >>> _num("１２"), _num("二〇二〇"), _num("二十九"), _num(None)
    (12, 2020, 29, None)
    """
    if text is None:
        return None
    text = fold_digits(text)
    return int(text) if text.isdigit() else cn_to_int(text)


def _valid(year: int, month: int, day: int) -> bool:
    """True when year-month-day exists.

    >>> _valid(2020, 2, 29), _valid(2019, 2, 29), _valid(2020, 13, 1)
    (True, False, False)
    """
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _read_day_number(digits: str) -> list[tuple[int | None, int | None, int]]:
    """Readings (year, month, day) of digits before 日; a plain day has no month.

    Web copies lose 年 and 月 (20211228日); the digits are split only where a
    valid month/day exists. Several readings mean ambiguous, none means not a date.

    >>> _read_day_number("18"), _read_day_number("85"), _read_day_number("1116")
    ([(None, None, 18)], [(None, 8, 5)], [(None, 11, 16)])
    >>> _read_day_number("20211228"), _read_day_number("202442")
    ([(2021, 12, 28)], [(2024, 4, 2)])
    >>> _read_day_number("112"), _read_day_number("60")
    ([(None, 1, 12), (None, 11, 2)], [])
    """
    if len(digits) <= 2 and 1 <= int(digits) <= 31:
        return [(None, None, int(digits))]
    year, rest = None, digits
    if len(digits) >= 6 and digits[:2] in ("19", "20"):
        year, rest = int(digits[:4]), digits[4:]
    if not 2 <= len(rest) <= 4:
        return []
    splits = ((int(rest[:i]), int(rest[i:])) for i in (1, 2) if 1 <= len(rest) - i <= 2)
    return [(year, m, d) for m, d in splits if _valid(year or 2000, m, d)]


def _sub(m: regex.Match) -> str | None:
    """The sub-period word of a match: 下旬 → xun3, 底 → last, 四季度 → q4."""
    for name in ("mw", "yw", "half"):
        if m.group(name):
            return _SUBS[m.group(name)]
    if m.group("q"):
        return f"q{_num(m.group('q'))}"
    return f"qs{_num(m.group('qs'))}" if m.group("qs") else None


def _hit(m: regex.Match) -> _Hit | None:
    """Turn one match into a _Hit, or None when it is not a date after all."""
    if m.group("ry") or m.group("now"):
        offset = _LEX["relative_years"].get(m.group("ry"))
        return _Hit(m.start(), m.end(), (), "rel", "relative", offset, _SUBS.get(m.group("rw")))
    pre, post = m.group("pre"), m.group("post")
    kind = "until" if pre in _UNTIL_BEFORE or post in _UNTIL_AFTER else "since" if pre or post else "point"
    start, end = m.span("core")
    pieces, link = _pieces(m, start, end)
    return _Hit(m.start(), m.end(), pieces, link, kind) if pieces else None


def _pieces(m: regex.Match, start: int, end: int) -> tuple[tuple[_Piece, ...], str]:
    """The dates one match names, and whether they form one date, a range or a list."""
    if m.group("dnum"):
        readings = _read_day_number(fold_digits(m.group("dnum")))
        if len(readings) != 1:
            return ((_Piece(start, end, bad=True),) if readings else ()), "one"
        year, month, day = readings[0]
        return (_Piece(start, end, year, month, day),), "one"
    main = _Piece(start, end, _num(m.group("y")), _num(m.group("m")), _num(m.group("d")), _sub(m))
    for level, field in (("d", "day"), ("m", "month"), ("y", "year")):
        heads = m.captures(level + "head")
        if heads:
            break
    else:
        return (main,), "one"
    values, seps, spans = [_num(h) for h in heads], m.captures(level + "sep"), m.spans(level + "head")
    if len(heads) == 1 and seps[0] != "\N{IDEOGRAPHIC COMMA}":  # 1-3月: one row for the whole range
        return (replace(main, **{field: values[0]}), main), "range"
    rows = [replace(main, start=start if i == 0 else s, end=e, **{field: v})
            for i, (v, (s, e)) in enumerate(zip(values, spans))]
    return (*rows, replace(main, start=m.start(level))), "list"


def _joined(hits: list[_Hit], text: str) -> list[_Hit]:
    """Join two single dates separated only by 至/到/— into one range hit."""
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (prev and prev.link == hit.link == "one" and _RANGE_GAP.fullmatch(text, prev.end, hit.start)):
            out[-1] = _Hit(prev.start, hit.end, prev.pieces + hit.pieces, "range", "range")
        else:
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
    if p.month is None:
        lo, hi, gran = _YEAR_SPANS[p.sub]
        start, end = dt.date(year, lo, 1), dt.date(year, hi, calendar.monthrange(year, hi)[1])
        return (start, start, gran) if p.sub == "first" else (end, end, gran) if p.sub == "last" else (start, end, gran)
    if not 1 <= p.month <= 12:
        return None
    last_day = calendar.monthrange(year, p.month)[1]
    if p.day is not None:
        return ((d := dt.date(year, p.month, p.day)), d, "day") if _valid(year, p.month, p.day) else None
    lo, hi, gran = {"xun1": (1, 10, "xun"), "xun2": (11, 20, "xun"), "xun3": (21, last_day, "xun"),
                    "first": (1, 1, "day"), "last": (last_day, last_day, "day")}.get(p.sub, (1, last_day, "month"))
    return dt.date(year, p.month, lo), dt.date(year, p.month, hi), gran


def _resolve(first: _Piece, last: _Piece, year_hint: int | None, ctx: _Context):
    """Fill in the year (and a range end's month); return (last, (start, end) or None, granularity)."""
    year = first.year or last.year or year_hint or (None if first.bad else ctx.infer_year(first))
    last = replace(last, year=last.year or year,
                   month=last.month or (first.month if last.day is not None else None))
    lo = _bounds(year, first) if year and not first.bad else None
    hi = _bounds(last.year, last) if lo and not last.bad else None
    if not hi or hi[1] < lo[0]:
        return last, None, lo[2] if lo else "day"
    return last, (lo[0], hi[1]), lo[2]


@dataclass(frozen=True, slots=True)
class _Context:
    """What year inference looks at: sentence starts, explicit years, the publication date."""

    breaks: list[int]
    newlines: list[int]
    anchor_at: list[int]
    anchor_year: list[int]
    published: dt.date | None

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def infer_year(self, p: _Piece) -> int | None:
        """Year of a year-less piece: same sentence, else publication, else nearest in text."""
        i = bisect.bisect_left(self.anchor_at, p.start)
        if i and self.anchor_at[i - 1] >= self.sentence_start(p.start):
            return self.anchor_year[i - 1]
        if self.published:
            year = self.published.year
            bounds = _bounds(year, p)
            this_year = p.month is None and p.sub in _THIS_YEAR_SUBS
            if not this_year and bounds and bounds[0] > self.published:
                year -= 1
            return year
        if i:
            return self.anchor_year[i - 1]
        j = bisect.bisect_left(self.newlines, p.start)  # else a later year in the same paragraph
        line_end = self.newlines[j] if j < len(self.newlines) else float("inf")
        return self.anchor_year[0] if self.anchor_at and self.anchor_at[0] < line_end else None


def _context(hits: list[_Hit], text: str, published: dt.date | None) -> _Context:
    anchors = sorted((p.start, p.year) for h in hits for p in h.pieces
                     if p.year is not None and p.sub != "fiscal" and not p.bad)
    if published:
        anchors = sorted(anchors + [(h.start, published.year + h.rel_offset) for h in hits
                                    if h.rel_offset is not None])
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    return _Context(breaks, [b for b in breaks if text[b] == "\n"],
                    [a for a, _ in anchors], [y for _, y in anchors], published)


def _relative_row(hit: _Hit, text: str, published: dt.date | None) -> DateMention:
    start = end = None
    gran = "day" if hit.rel_offset is None or hit.rel_sub else "year"
    if published and hit.rel_offset is None:
        start = end = published
    elif published:
        start, end, gran = _bounds(published.year + hit.rel_offset, _Piece(0, 0, sub=hit.rel_sub))
    return DateMention(raw=text[hit.start:hit.end], start=hit.start, end=hit.end, date_start=start,
                       date_end=end, granularity=gran, kind="relative")


def find_dates(text: str, *, published: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, non-overlapping.

    >>> [(d.raw, str(d.date_start), str(d.date_end), d.kind) for d in find_dates("2019年9月6日至11月28日")]
    [('2019年9月6日至11月28日', '2019-09-06', '2019-11-28', 'range')]
    >>> row = find_dates("12月16日反馈", published=dt.date(2020, 4, 29))[0]
    >>> row.raw, row.date_start, row.year_inferred
    ('12月16日', datetime.date(2019, 12, 16), True)
    >>> find_dates("第三巡察组〔2024〕4号12368语音热线")
    []
    """
    hits = _joined([h for m in _DATE.finditer(text) if (h := _hit(m))], text)
    ctx = _context(hits, text, published)
    out: list[DateMention] = []
    month_ctx: tuple[int, int | None, int] | None = None  # (line start, year, month) of the last month seen
    prev: _Hit | None = None
    for hit in hits:
        if hit.link == "rel":
            out.append(_relative_row(hit, text, published))
            prev = hit
            continue
        lent_year = (published.year + prev.rel_offset if published and prev and prev.end == hit.start
                     and prev.rel_offset is not None else None)
        line = text.rfind("\n", 0, hit.start) + 1
        pairs = [hit.pieces] if hit.link == "range" else [(p, p) for p in hit.pieces]
        for first, last in pairs:
            if first.month is None and first.day is not None:  # bare 9日: month from the same line
                if not month_ctx or month_ctx[0] != line:
                    continue
                first = replace(first, year=month_ctx[1], month=month_ctx[2])
            last, bounds, granularity = _resolve(first, last, lent_year, ctx)
            out.append(DateMention(raw=text[first.start:last.end], start=first.start, end=last.end,
                                   date_start=bounds and bounds[0], date_end=bounds and bounds[1],
                                   granularity=granularity, kind="range" if hit.link == "range" else hit.kind,
                                   year_inferred=bounds is not None and hit.pieces[0].year is None))
            if last.month and not last.bad:
                month_ctx = (line, last.year, last.month)
        prev = hit
    return out


def _date_of(m: regex.Match) -> dt.date | None:
    year, month, day = _num(m.group("y")), _num(m.group("m")), _num(m.group("d"))
    return dt.date(year, month, day) if year and month and day and _valid(year, month, day) else None


def find_published_date(text: str) -> dt.date | None:
    """The notice's own date: the signature date, else a 发布时间-style page date, else a page timestamp.

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
    for m in (_PAGE_DATE.search(text), _STAMP.search(text, 0, 1500)):
        if m and (date := _date_of(m)):
            return date
    return None
