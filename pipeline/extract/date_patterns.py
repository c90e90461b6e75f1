"""date_patterns: the regular expressions of ``pipeline.extract.dates``.

``_DATE`` reads one date expression (stdlib ``re``; ``_date_captures`` is its ``regex`` twin,
for the repeated heads of 1-3月 and 1、2月份); ``_CANDIDATE`` finds the few positions where a
match of ``_DATE`` can start, so ``_DATE`` is tried only there. The rest read the publication
date (signature, page date, time stamp) and join ranges. Vocabulary lives in ``lexicon/dates.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from ..numerals import DIGITS
from ..pattern_cache import cached_compile
from ..resources import load_yaml

_LEX = load_yaml("dates.yaml")
# 由45日, 压缩至30日: a duration in days (units.yaml reads it as a metric), never a day of the month
_DURATION_BEFORE = "".join(f"(?<!{regex.escape(w)})" for w in load_yaml("units.yaml")["day_duration"]["before"])


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


def _iso(n: str = "") -> str:
    """2023-05-04, 2023/5/4, 2023.05.04; group names end in ``n``."""
    return (rf"(?P<y{n}>{_YEAR})(?P<sep{n}>[-\N{{FULLWIDTH HYPHEN-MINUS}}/\N{{FULLWIDTH SOLIDUS}}.\N{{FULLWIDTH FULL STOP}}])"
            rf"(?P<m{n}>{_MONTH})(?P=sep{n})(?P<d{n}>{_DAY})(?!{_D}|[/\N{{FULLWIDTH SOLIDUS}}]|[.\N{{FULLWIDTH FULL STOP}}]{_D})")


_ISO = _iso()
_FULL = (rf"(?:(?P<y>{_YEAR}|{_CN_YEAR}){_SP}年{_SP}(?P<m>{_MONTH}|{_CN_MONTH}){_SP}月{_SP}"
         rf"(?P<d>{_DAY}|{_CN_DAY}){_SP}[日号]|{_ISO})")
# not inside 1.5 or 12368; but right after a heading number that opens its line (1．2023年10月，……; 2.7月,修订……)
_DOT = "[.\N{FULLWIDTH FULL STOP}]"
# (or inline after a sentence: ……记录。3．2017—2019年度结转的项目)
_MARKER_LEADS = (r"[\n \t\N{IDEOGRAPHIC SPACE}。；;：:]", "^")
_MARKER_BEFORE = "|".join(rf"(?<={lead}{_D}{{{n}}}{_DOT})" for lead in _MARKER_LEADS for n in (1, 2))
_NOT_BEFORE_NUMBER = rf"(?<!{_D})(?:(?<!{_DOT})|{_MARKER_BEFORE})"
# A year and month alone (2023.12, 2024-6), as ledgers write a deadline: a recent year, and the cell
# ends right after it (a tab, a pipe, a space, a line end, 前; or a range on to the next: 2023.1—2023.6),
# with no unit after a space (not 2023.8万元, 2011.1 万元, 投入资金2023.5，; not a version 2019.1.2)
_LEDGER_YEAR = f"(?:{_dg('1')}{_dg('9')}{_dg('9')}|{_dg('2')}{_dg('0')}{_dg('0-3')}){_D}"  # 1990-2039
_LEDGER_END = (r"(?![\x20\t\N{IDEOGRAPHIC SPACE}]*[万亿千百元%\N{FULLWIDTH PERCENT SIGN}])"
               rf"(?:[\s|\N{{FULLWIDTH VERTICAL LINE}}]|前|以前|之前|$|{_RSEP})")


def _right_after(char: str) -> str:
    """``(?<=char{_SP})`` as fixed-width lookbehinds: right after ``char``, maybe and a stray space."""
    return rf"(?:(?<={char})|(?<={char}[\x20\N{{IDEOGRAPHIC SPACE}}]))"


# A month in Chinese numerals (六月) only where a date goes on: after 年, or after a range or list
# separator (二〇二三年五月六日至六月三十日, 一至六月, 十一、十二月); alone it is too often a word. After a
# list's 、 it is no slogan's 一月一X (一周一调度、一月一通报: once a month).
_CN_MONTH_AFTER = "|".join([*(_right_after(regex.escape(w)) for w in ["年", *_LEX["range_separators"]]),
                            _right_after("\N{IDEOGRAPHIC COMMA}") + r"(?!一月一(?![日号]))"])


# …or where what follows makes it one: a day, a part of the month, or a range on to another month (四月六日,
# 三月下旬至五月中旬, 二月至六月; not 阳春三月, 一月一通报)
_CN_MONTH_GOES_ON = (rf"月(?:{_CN_DAY}[日号]|{_alt([w for w in _LEX['month_words'] if w])}"
                     rf"|(?:{_RSEP})[一二三四五六七八九十]{{1,2}}月)")


# …and not inside a word (统一月底前, 同一月份, 逐一月底): after no Han character but 于 在 自 从
_CN_MONTH_ALONE = r"(?:(?<![\u4e00-\u9fff])|(?<=[于在自从]))"


def _month_part(n: str) -> str:
    """3月, 3月份, 3月下旬, 12月16日, 1-3月, 1、2月份, 3月5-7日; group names end in ``n``."""
    return rf"""
    (?:(?P<mhead{n}>{_MONTH}|{_CN_MONTH}){_SP}(?P<msep{n}>{_RSEP}|{_COMMA}){_SP}){{0,3}}   # 1-3月, 1、2月份
    (?P<m{n}>{_MONTH}|(?=[一二三四五六七八九十])(?:(?:{_CN_MONTH_AFTER}){_CN_MONTH}|{_CN_MONTH_ALONE}{_CN_MONTH}(?={_CN_MONTH_GOES_ON}))){_SP}月
    (?: {_SP}(?:(?P<dhead{n}>{_DAY}){_SP}(?P<dsep{n}>{_RSEP}|{_COMMA}){_SP}){{0,3}}  # 3月5-7日, 3 月 5 日
        (?P<d{n}>{_DAY}|{_right_after("月")}{_CN_DAY}){_SP}[日号]
      | (?P<mw{n}>{_alt(_LEX["month_words"])})                          # 3月份, 3月下旬, 2月底
    )?"""


_Q_NUM = f"(?:[一二三四]|{_dg('1-4')})"


def _quarter(n: str) -> str:
    """第三季度, 4季度, 一季度末, 前三季度, and runs of heads: 1-3季度, 一至三季度, 第一、二季度."""
    return (rf"(?:(?:第{_SP})?(?:(?P<qhead{n}>{_Q_NUM}){_SP}(?P<qsep{n}>{_RSEP}|{_COMMA}){_SP}){{0,3}}"
            rf"(?P<q{n}>{_Q_NUM}){_SP}季度(?P<qw{n}>{_alt(_LEX['quarter_words'])})?|前(?P<qs{n}>[一二三])季度)")


def _half(n: str) -> str:
    return rf"(?P<half{n}>{_alt(_LEX['halves'])})"


_NOT_AFTER = {"起": "草|诉|点|步|来|到|码|色", "前": "往|后|期|述|移|列|行|来|提|夕|沿|线",
              "至今": "年(?=[0-9０-９一二三四五六七八九十底初末])"}  # 12月至今年2月, 5月至今年底: a range, not "since"
_AFTER = "|".join(
    regex.escape(w) + (f"(?!{_NOT_AFTER[w]})" if w in _NOT_AFTER else "")
    for w in sorted(_LEX["since_after"] + _LEX["until_after"], key=len, reverse=True)
)

# Every group has a name of its own (stdlib ``re`` allows no duplicates): suffix 0 is the
# ISO form, 1 what follows an explicit year, 2 a date whose year is left out.
_DATE_SOURCE = rf"""
    (?P<pre>{_alt(_LEX["until_before"] + _LEX["since_before"])})?
    (?P<core>
        (?<!{_D}|[A-Za-z/._\-\N{{FULLWIDTH SOLIDUS}}]){_iso("0")}(?P<clock>{_CLOCK})?  # 2023-05-04 08:46:31
      | (?<!{_D}|[A-Za-z/._\-\N{{FULLWIDTH SOLIDUS}}])(?P<ydot>{_LEDGER_YEAR})[-\N{{FULLWIDTH HYPHEN-MINUS}}/\N{{FULLWIDTH SOLIDUS}}.\N{{FULLWIDTH FULL STOP}}]
        (?P<mdot>{_MONTH})(?={_LEDGER_END})                          # 2023.12 in a ledger's 整改时限 column
      | {_NOT_BEFORE_NUMBER}                                         # 2019年…, 2017-2019年, 2018、2019年度
        (?:(?P<yhead>{_YEAR}|{_CN_YEAR}){_SP}(?P<ysep>{_RSEP}|{_COMMA}){_SP}){{0,3}}
        (?P<y1>{_YEAR}|{_CN_YEAR}){_SP}年
        (?: {_SP}{_month_part("1")} | 度?{_half("1")} | 度?{_quarter("1")} | 年?(?P<yw1>{_alt(_LEX["year_words"])})
          | 前(?P<ms1>1[01]|[1-9]|十一|[一二三四五六七八九十])个月 )?                # 2025年前5个月
      | {_NOT_BEFORE_NUMBER}(?<![第每近]){_month_part("2")}          # year left out: 12月16日
      | (?<![每本上下该各同近]){_quarter("2")}                       # 第一季度, 一季度
      | (?<![每本该同近]){_half("2")}                                # 上半年
      | (?<![每今去明本上前当全次该同近历往十{_CN_ZERO}一二三四五六七八九]|{_D})
        年(?P<yw2>[初底末])                                          # 年底
      | {_NOT_BEFORE_NUMBER}(?<![月个每第前后近约数余多号年]){_DURATION_BEFORE}
        (?P<dnum>{_D}{{1,8}})日(?!内|以内|之内|元|均)                 # 9日; lost 年/月: 2024919日
      | {_NOT_BEFORE_NUMBER}(?P<sy0>{_YEAR}){_SP}(?:{_RSEP}){_SP}(?P<sy1>{_YEAR}){_SP}(?:{_alt(_LEX["school_year"])})  # 2023—2024学年
    )
    (?P<post>{_AFTER})?
    | (?<![以基成资根样版日文课标如])(?P<ry>{_alt([*_LEX["relative_years"], *_LEX["year_after"]])})
      (?![轻纪龄华])度?(?P<rw>[初底末])?                             # 今年, 去年底
    | (?P<now>{_alt(_LEX["relative_now"])})(?!年)                   # 截至目前; not 截至今年
    """
# stdlib ``re`` matches this about twice as fast as ``regex``. The ``regex`` twin (same source,
# same matches) is asked only for the rare runs of heads (1-3月, 1、2月份): stdlib keeps the
# last repetition of a group, ``regex`` captures every one. It is compiled on first use.
_DATE = cached_compile(_DATE_SOURCE, re.VERBOSE)


@lru_cache(maxsize=None)
def _date_captures() -> regex.Pattern:
    return regex.compile(_DATE_SOURCE, regex.VERBOSE)


# ---- candidate starts: where a match of _DATE can begin ----
# Trying _DATE at every character of a notice costs more than all the rest of find_dates.
# _CANDIDATE finds every position where a match can start: a superset, one necessary
# condition per alternative of _DATE, checked on the next few characters. Its alternatives
# all open on a literal character, so ``re`` skips the rest of the text in C.
# ``dates.find_dates`` then tries _DATE only there, left to right, exactly as ``finditer``
# would (a match never starts elsewhere, and none is empty).
def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


_DIGIT_CHARS = "0123456789" + "0123456789".translate(_TO_FULLWIDTH)
_CN_DATE_NUM = _CN_ZERO + "一二三四五六七八九十"  # numerals in 二〇二〇年, 十二月, 一季度
_SP_CLS = _cls("\x20\N{IDEOGRAPHIC SPACE}") + "?"  # what _SP allows
_COMMA_CHAR = "\N{IDEOGRAPHIC COMMA}"
_ISO_SEPS = "-\N{FULLWIDTH HYPHEN-MINUS}/\N{FULLWIDTH SOLIDUS}.\N{FULLWIDTH FULL STOP}"
# first characters of the core alternatives: digits, 二〇二〇年, 十二月, 第一季度, 前三季度, 年底, 上半年
_CORE_FIRST = _DIGIT_CHARS + _CN_DATE_NUM + "第前年" + "".join(w[0] for w in _LEX["halves"])


def _candidate_pattern() -> str:
    """One alternative per first character: the character, then what must follow it.

    Alternatives that all open on a literal give ``re`` a class of first characters, so it
    skips the other characters in C; at a hit it skips the alternatives of the other
    characters on their first literal, and checks only the conditions of this one (one
    class followed by lookbehinds tried every condition at every hit: ~1.4x slower).
    """
    conditions: dict[str, list[str]] = {}  # first characters → what may follow them

    def add(chars: str, condition: str) -> None:
        conditions.setdefault(chars, []).append(condition)

    # a digit not inside a number (_NOT_BEFORE_NUMBER, or ISO's stricter lookbehind), then up
    # to 8 digits and a year/month/day/quarter mark or a range or list separator, or 4 digits
    # and an ISO separator (2023.05.04; not the heading numbers 1． 2.)
    follow = _cls("年月日季" + _COMMA_CHAR + "".join(w[0] for w in _LEX["range_separators"]))
    inside_number = _cls(_DIGIT_CHARS + ".\N{FULLWIDTH FULL STOP}")
    digit = _cls(_DIGIT_CHARS)
    marker = "|".join(rf"(?<={lead}{digit}{{{n}}}[.\N{{FULLWIDTH FULL STOP}}].)" for lead in _MARKER_LEADS
                      for n in (1, 2))  # 1．2023年: a date right after a heading number
    then = rf"(?:(?={digit}{{0,7}}{_SP_CLS}{follow})|(?={digit}{{3}}{_cls(_ISO_SEPS)}))"
    add(_DIGIT_CHARS, rf"(?<!{inside_number}.){then}")
    # (a one-character check first: most digits follow a digit, and fail it at once)
    add(_DIGIT_CHARS, rf"(?<=[.\N{{FULLWIDTH FULL STOP}}].)(?:{marker}){then}")
    add(_CN_DATE_NUM, f"(?={_cls(_CN_DATE_NUM)}{{0,3}}{_SP_CLS}[年月季])")  # 二〇二〇年, 十二月, 一季度
    add("1234" + "1234".translate(_TO_FULLWIDTH), f"(?={_SP_CLS}季)")  # 12季度: 2季度 (no lookbehind)
    q_num = "[一二三四1-4\uff11-\uff14]"
    q_next = _cls("季" + _COMMA_CHAR + "".join(w[0] for w in _LEX["range_separators"]))
    add("第", f"(?={_SP_CLS}{q_num}{_SP_CLS}{q_next})")  # 第一季度, 第一、二季度
    list_or_range = _cls(_COMMA_CHAR + "".join(w[0] for w in _LEX["range_separators"]))
    add(_CN_DATE_NUM, f"(?={_cls(_CN_DATE_NUM)}{{0,3}}{_SP_CLS}{list_or_range})")  # 一至三季度, 十一、十二月, 二〇二四—
    add("前", "(?=[一二三]季)")  # 前三季度
    add("年", "(?=[初底末])")  # 年底
    for word in _LEX["until_before"] + _LEX["since_before"]:  # 截至 / 自 + a date
        add(word[0], f"(?={re.escape(word[1:])}{_cls(_CORE_FIRST)})")
    for word in [*_LEX["relative_years"], *_LEX["year_after"], *_LEX["relative_now"], *_LEX["halves"]]:
        add(word[0], f"(?={re.escape(word[1:])})" if len(word) > 1 else "")
    by_char: dict[str, list[str]] = {}
    for chars, conds in conditions.items():
        for char in chars:
            by_char.setdefault(char, []).extend(conds)
    return "|".join(re.escape(char) + ("(?:" + "|".join(conds) + ")" if all(conds) else "")
                    for char, conds in by_char.items())


_CANDIDATE = cached_compile(_candidate_pattern())


# the years of a plan in brackets after its name (干部交流轮岗规划(2023—2025年)): they lend themselves to no
# date nearby, as the years of a title in 《》 do not
# …and so do the months of a phase in brackets after its name (集中整改阶段（2019年10月—2020年1月）): a label,
# not the time the story has reached
_PLAN_YEARS = cached_compile(rf"[(\N{{FULLWIDTH LEFT PARENTHESIS}}](?<=[\u4e00-\u9fff].){_SP}{_YEAR}{_SP}年?{_SP}"  # bracket first: a fast scan
                             rf"(?:{_MONTH}{_SP}月{_SP})?(?:{_RSEP}){_SP}"
                             rf"(?:{_YEAR}{_SP}年{_SP}(?:{_MONTH}{_SP}月{_SP})?|{_MONTH}{_SP}月{_SP})"
                             rf"[)\N{{FULLWIDTH RIGHT PARENTHESIS}}]")
_RANGE_GAP = cached_compile(rf"{_SP}(?:{_RSEP}){_SP}")
# the end of a range after an ISO date, written without its year: 2023-10-9至10-20
_ISO_TAIL = cached_compile(rf"(?P<m>{_MONTH})(?P<sep>[-\N{{FULLWIDTH HYPHEN-MINUS}}/\N{{FULLWIDTH SOLIDUS}}.\N{{FULLWIDTH FULL STOP}}])"
                       rf"(?P<d>{_DAY})(?!{_D}|[-\N{{FULLWIDTH HYPHEN-MINUS}}/\N{{FULLWIDTH SOLIDUS}}.\N{{FULLWIDTH FULL STOP}}]{_D})")
_MAX_RANGE_GAP = 2 + max(map(len, _LEX["range_separators"]))
_SENTENCE_BREAK = cached_compile(  # 。！？；and 【】 in full width, and their ASCII forms
    r"[!?;\n\N{IDEOGRAPHIC FULL STOP}\N{FULLWIDTH EXCLAMATION MARK}\N{FULLWIDTH QUESTION MARK}"
    r"\N{FULLWIDTH SEMICOLON}\N{LEFT BLACK LENTICULAR BRACKET}\N{RIGHT BLACK LENTICULAR BRACKET}]")
_SIGNATURE = regex.compile(rf"(?:{_FULL})\s*$")
_SIGNED_MONTH = regex.compile(rf"(?P<y>{_YEAR}|{_CN_YEAR}){_SP}年{_SP}(?P<m>{_MONTH}|{_CN_MONTH}){_SP}月\s*$")  # 二〇二六年三月
_CLAUSE_MARK = regex.compile(  # ：，；。、 and ASCII :,; (a signature line has none before its date)
    r"[:,;\N{FULLWIDTH COLON}\N{FULLWIDTH COMMA}\N{FULLWIDTH SEMICOLON}"
    r"\N{IDEOGRAPHIC FULL STOP}\N{IDEOGRAPHIC COMMA}]")
# a date line right under the title, as under a report to a standing committee:
# ——2023年12月26日在某县人大常委会第十五次会议上 (dashes, the date, then where it was given),
# or above a page's article: 2019年12月27日 来源:中央纪委国家监委网站, or in brackets: （2023年6月30日）
_HEAD_DATE = regex.compile(
    rf"^[-\N{{EM DASH}}\N{{EN DASH}}\N{{FULLWIDTH HYPHEN-MINUS}}\N{{BOX DRAWINGS LIGHT HORIZONTAL}}\s(\N{{FULLWIDTH LEFT PARENTHESIS}}]*"
    rf"(?:{_FULL})\s*[)\N{{FULLWIDTH RIGHT PARENTHESIS}}]?"
    rf"\s*(?:在[^\n]{{0,60}}上[^\n]{{0,10}}|\s(?:来源|來源|作者|编辑|稿源|信息来源)\s*{_COLON}[^\n]*)?\s*$")
# a newspaper's dateline near the top: 《人民日报》（2023年04月13日 第11版）, 湖南日报　2018年06月21日　07:30
# (a weekday may follow: 江岚日报　2023年6月14日　星期三　第01版), or a page header that opens with the date
# and names the page: 2023年12月28日　星期四　第03版：综合新闻
_WEEKDAY = r"(?:星期|周)[一二三四五六日天]"
_PRESS_DATE = regex.compile(rf"\p{{Han}}报》?[\s\N{{IDEOGRAPHIC SPACE}}（(]*(?:{_FULL})"
                            rf"(?=\s*(?:{_WEEKDAY})?\s*(?:[)）]|第|{_D}{{1,2}}[:：]{_D}{{2}}|$))"
                            rf"|^\s*(?:{_FULL})(?=\s*(?:{_WEEKDAY})?\s*第\s*{_D}{{1,3}}\s*版)")
_PAGE_DATE = regex.compile(
    rf"(?<!\p{{Han}})(?:发布|發佈|發布|成文|发文|印发|更新)?(?:时间|日期|時間)\s*{_COLON}\s*(?:{_FULL})"
)
# a page time stamp: an ISO date, or a full date opening a line (a news byline), then a clock time
_STAMP = regex.compile(rf"(?:(?<!{_D})(?:{_ISO})|(?<![^\n])[\x20\t\N{{IDEOGRAPHIC SPACE}}]*(?:{_FULL})){_CLOCK}")
