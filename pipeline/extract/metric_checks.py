"""metric_checks: what only looks like a quantity.

A candidate of ``metric_patterns._RE_QUANTITY`` is dropped when it is a calendar year (2020年), a
cohort (2020级), an ordinal (第三巡察组, 二轮巡察), a clock time (9时30分), a day of the month (6日), a
heading number opening a line, a name in quotes (“24小时法院”), a number inside a set phrase (两个维护,
``lexicon/set_phrases.txt``) or a bare 一 read as the article "a" (作为一项重大政治任务). Each check is
a pure function of the text and the match; the cue words live in ``lexicon/units.yaml``.
"""
from __future__ import annotations

import re

from ..numerals import DIGITS, LARGE_UNITS, NUMERAL_CHARS
from ..pattern_cache import cached_compile
from ..resources import load_lines
from .metric_context import clause_before
from .metric_patterns import _APPROX, _LEX, _NUM, _NUM2, _PRE, _UNIT
from .word_patterns import alternation, by_first_character

_TO_ASCII = str.maketrans("\N{FULLWIDTH FULL STOP}", ".")
_ARABIC_ONLY = frozenset(_LEX["arabic_only"])
_CHINESE_ONLY = frozenset(_LEX["chinese_only"])
_CHINESE_ONLY_NOT_BEFORE = tuple(_LEX["chinese_only_not_before"])
_NOT_COUNTED_WORDS = frozenset({"一", "零", "〇"})  # 一点 (a little), 零点 (midnight)
_COUNTED_AFTER_LIANG = frozenset(_LEX["counted_after_liang"])
_NAMED_BY_YEAR = frozenset(_LEX["named_by_year"])
_SCORE_NOT_AFTER = tuple(_LEX["score_not_after"])
_ONE = _LEX["bare_one"]
_ARTICLE_BEFORE, _ARTICLE_AFTER = tuple(_ONE["article_before"]), tuple(_ONE["article_after"])
_ONCE_AFTER_VERBS = tuple(_ONE["once_after_verbs"])
_TOGETHER_BEFORE = tuple(_ONE["together_before"])
_DAY_BEFORE, _DAY_AFTER = tuple(_LEX["day_duration"]["before"]), tuple(_LEX["day_duration"]["after"])
_ORDINAL_AFTER: dict[str, tuple[str, ...]] = {u: tuple(ws) for u, ws in _LEX["ordinal_after"].items()}
_ORDINAL_BEFORE: dict[str, tuple[str, ...]] = {u: tuple(ws) for u, ws in _LEX["ordinal_before"].items()}
_CLASS_BEFORE: dict[str, tuple[str, ...]] = {u: tuple(ws) for u, ws in _LEX["class_before"].items()}
_RATE_BASES = tuple(_LEX["rate_bases"])
_ORDINAL_IN_WORDS = frozenset(_LEX["ordinal_in_words"])
_MAGNITUDE_WORDS = "百千万亿"  # 百亿元营业收入: no digit, only magnitudes (十万元 is an amount)
_OPENING_QUOTES = (
    "\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
    "\N{LEFT CORNER BRACKET}\N{LEFT WHITE CORNER BRACKET}"
)
# Quotes that open or close alike (ASCII ", fullwidth ＂): opening when the line before holds an even number
_NEUTRAL_QUOTES = "\"\N{FULLWIDTH QUOTATION MARK}"
_SET_PHRASES = load_lines("set_phrases.txt")
_RE_SET_PHRASE = cached_compile(by_first_character(_SET_PHRASES))
_LONGEST_SET_PHRASE = max(map(len, _SET_PHRASES))
_RE_FREQUENCY = cached_compile(alternation(_ONE["frequency"])  # 每月, 每季度, and 每3个工作日 / 每两周
                               + "|每[0-9０-９一二三四五六七八九十两]+个?(?:工作日|天|日|周|星期|月|季度|年)")


def start_after_false_prefix(text: str, start: int, pre: str | None) -> int:
    """Where the quantity starts: past ``pre`` when it ends a word such as 最近 or 节约."""
    if pre and any(w.endswith(pre) and text.endswith(w, 0, start + len(pre)) for w in _APPROX["false_prefixes"]):
        return start + len(pre)
    return start


# a number set off by spaces inside a sentence (专项督查 3 轮, from a PDF copy): where the lines
# before one at a line start space their numbers so, it is no heading's (对进度滞后的\n9 个单位)
_SPACED_NUMBER = cached_compile(r"[\u4e00-\u9fff][ \u3000][0-9０-９]+(?:[.．][0-9０-９]+)?[ \u3000][\u4e00-\u9fff]")
_SPACED_REACH = 200


def rejected(text: str, match: re.Match, groups: tuple, unit: str) -> bool:
    """Whether a candidate only looks like a quantity (cheap checks first; all are pure)."""
    mstart = match.start()
    # a name in quotes (“24小时法院”, "四类案件", “四类”违法行为), not a quantity quoted alone (实现“３～５天”内发放)
    if mstart and (before := text[mstart - 1]) in _OPENING_QUOTES and _quotes_a_name(text, mstart) \
            and not _quoted_alone(text, match):
        return True
    if mstart and before in _NEUTRAL_QUOTES and _opens_quote(text, mstart - 1) and _quotes_a_name(text, mstart) \
            and not _quoted_alone(text, match):
        return True
    num = groups[_NUM]
    if num:
        num_start = match.start(_NUM + 1)
        if (num_start == 0 or text[num_start - 1] == "\n") and len(num) <= 2:  # rare: a heading's number
            gap_start, gap_end = match.end(_NUM + 1), match.start(_UNIT + 1)
            if gap_end > gap_start and not text[gap_start:gap_end].isalnum() \
                    and not _SPACED_NUMBER.search(text, max(0, num_start - _SPACED_REACH), num_start):
                return True  # a heading number at line start, a space, then a word: "1 项目管理"
    if unit == "日" and not (text.endswith(_DAY_BEFORE, 0, match.start(_PRE + 1) if groups[_PRE] else mstart)
                            or groups[_PRE] in _DAY_BEFORE or text.startswith(_DAY_AFTER, match.end(_UNIT + 1))):
        return True  # a day of the month (6日, 至28日), not a duration (由45日压缩至30日, 30日内)
    if unit == "年" and (_is_year(num) or _is_year(groups[_NUM2]) or text.startswith("度", match.end(_UNIT + 1))):
        return True  # a calendar year: 2020年, 2017-2019年, 二〇二〇年, 3年度
    if unit in _NAMED_BY_YEAR and _is_year(num):
        return True  # a cohort: 2020级
    if unit == "分" and (text.endswith(_SCORE_NOT_AFTER, 0, match.start(_NUM + 1) if num else mstart)
                        or (num and "点" in num)):
        return True  # a clock time: 9时30分, 九点五分
    if unit in _CHINESE_ONLY and (not num or num[0] not in NUMERAL_CHARS or num in _NOT_COUNTED_WORDS
                                  or text.startswith(_CHINESE_ONLY_NOT_BEFORE, match.end(_UNIT + 1))):
        return True  # a clock hour or "a little": 8点30分, 十点半, 有一点 (三点意见 counts)
    if unit in _CLASS_BEFORE and text.startswith(_CLASS_BEFORE[unit], match.end(_UNIT + 1)):
        return True  # 3类声环境功能区: a class of a standard
    if num and num[0] in NUMERAL_CHARS:
        if unit in _ORDINAL_IN_WORDS:
            return True  # 十四届县委: an ordinal
        if (unit in _ARABIC_ONLY and len(num) == 1 and not (num == "两" and unit in _COUNTED_AFTER_LIANG)) or \
                (num[0] in LARGE_UNITS and not (groups[_PRE] and
                                                start_after_false_prefix(text, mstart, groups[_PRE]) == mstart)):
            return True  # 二轮巡察, 一案双查, 万人 (but 近万人次; not 签约亿元)
        if unit in _ORDINAL_AFTER and text.endswith(_ORDINAL_AFTER[unit], 0, match.start(_NUM + 1)):
            return True  # 发电项目二期: a phase, not two periods
        if unit in _ORDINAL_BEFORE and text.startswith(_ORDINAL_BEFORE[unit], match.end(_UNIT + 1)):
            return True  # 三期扩建, 二期码头: a phase
        if unit == "元" and not num.strip(_MAGNITUDE_WORDS) and text.startswith(_RATE_BASES, match.end()):
            return True  # 百亿元营业收入生产安全事故: the base of a rate
        if num == "一" and _is_article_one(text, match.start(_NUM + 1), match.end(_UNIT + 1), unit):
            return True
    return _in_set_phrase(text, mstart, match.end())  # 两个维护, 三会一课, 统一, 一起


def _quoted_alone(text: str, match: re.Match) -> bool:
    """Whether the quotation holds this quantity, in digits, as a time limit: alone (实现“３～５天”内发放: a target
    quoted) or opening a promise (“1个月内拿出解决办法”); not “15分钟”便民服务圈 or “24小时”自助服务, names, nor
    “四类”, a category in words."""
    end = match.end()
    return ((text.startswith(_WITHIN, end) or text.startswith(_QUOTES_CLOSED, end) and text.startswith(_WITHIN, end + 1))
            and any(c.isdigit() for c in match.group()))


_WITHIN = ("内", "以内", "之内")


def _quotes_a_name(text: str, start: int) -> bool:
    """Whether the quotation opening right before ``start`` is a name or slogan (“24小时法院”, “两个维护”),
    not a rule quoted in full, whose quantities count (“7日内程序性回复、3个月内办理过程或结果答复”制度).

    >>> _quotes_a_name("“24小时法院”", 1), _quotes_a_name("“7日内程序性回复、3个月内办理过程或结果答复”", 1)
    (True, False)
    """
    clause = _QUOTED_CLAUSE.match(text, start, start + _QUOTE_REACH)  # bounded: a garbled page stays linear
    return clause is None or len(clause.group()) <= _NAME_LENGTH


_QUOTED_CLAUSE = cached_compile(r"[^”’」』\"＂、，,；;。\n]*[、，,；;]")  # up to a clause mark inside the quote
_NAME_LENGTH = 8  # a quoted name's first clause is short (一个问题、一名领导); a rule's is longer


def _opens_quote(text: str, quote: int) -> bool:
    """Whether the undirected quote at ``quote`` opens a quotation: its line holds an even number of them before it.

    >>> _opens_quote('明确"四类案件"范围', 2), _opens_quote('"四类"案件3件', 3)
    (True, False)
    """
    char = text[quote]
    # counted over at most _QUOTE_REACH characters: a run-together page is one long line, and
    # counting from its start for every quote would take time quadratic in its length
    start = max(text.rfind("\n", max(0, quote - _QUOTE_REACH), quote) + 1, quote - _QUOTE_REACH)
    return text.count(char, start, quote) % 2 == 0


_QUOTE_REACH = 500  # longer than any quoted name or phrase


def _in_set_phrase(text: str, start: int, end: int) -> bool:
    """Whether [start, end) overlaps a set phrase of ``set_phrases.txt``.

    A phrase of numerals only inside a longer number is part of the number (二万一千人, not 万一).

    >>> _in_set_phrase("践行两个维护", 2, 4), _in_set_phrase("召开两次会议", 2, 4), _in_set_phrase("二万一千人", 0, 5)
    (True, False, False)
    """
    # the phrases finditer would find in the window, one search at a time, stopping past ``end``
    search, stop = _RE_SET_PHRASE.search, end + _LONGEST_SET_PHRASE
    p = search(text, max(0, start - _LONGEST_SET_PHRASE), stop)
    while p is not None and p.start() < end:
        if p.end() > start and not (start < p.start() and text[p.end():p.end() + 1] in _NUMERAL_SET
                                    and all(c in _NUMERAL_SET for c in p.group())):
            return True
        p = search(text, p.end(), stop)
    return False


_NUMERAL_SET = frozenset(NUMERAL_CHARS)


def _is_year(num: str | None) -> bool:
    """Whether a number before 年 names a calendar year.

    >>> _is_year("2020"), _is_year("２０２０"), _is_year("二〇二〇"), _is_year("3"), _is_year("三"), _is_year(None)
    (True, True, True, False, False, False)
    """
    if not num:
        return False
    if num[0] in NUMERAL_CHARS:
        return len(num) > 1 and all(c in DIGITS for c in num)
    return len(num.translate(_TO_ASCII).rpartition(".")[2]) == 4  # 2020年; 1.2020年 is a heading "1." and a year


def _is_article_one(text: str, num_start: int, unit_end: int, unit: str) -> bool:
    """Whether a bare 一 + measure word reads "a", not a count of one.

    >>> _is_article_one("作为一项重大政治任务", 2, 4, "项"), _is_article_one("各配备一名人民调解员", 3, 5, "名")
    (True, False)
    >>> _is_article_one("探索提高一次开庭", 4, 6, "次"), _is_article_one("每季度清缴一次，", 5, 7, "次")
    (True, False)
    >>> _is_article_one("一人一档", 0, 2, "人"), _is_article_one("每一个司法案件", 1, 3, "个")
    (True, True)
    >>> _is_article_one("每月调度一次整改进展", 4, 6, "次"), _is_article_one("每月召开一次重大项目推进会", 4, 6, "次")
    (False, False)
    """
    before, after = text[max(0, num_start - 3):num_start], text[unit_end:unit_end + 3]
    if before.endswith(_ARTICLE_BEFORE) or "一" in before:
        return True  # 作为一项, 每一个, 一项一项
    if text[num_start] == "一" and text.startswith(text[num_start + 1:unit_end], unit_end):
        return True  # 一份份成绩单, 一个个难题: one after another
    one = "一" + text[num_start + 1:unit_end]  # 完成一项、验收一项、销号一项: one by one
    if after[:1] in _SERIES_MARKS and (following := text.find(one, unit_end, unit_end + 8)) >= 0 \
            and not _is_han(text[following + len(one):following + len(one) + 1]):
        return True
    if any(one + mark in text[max(0, num_start - 8):num_start] for mark in _SERIES_MARKS) and not _is_han(after[:1]):
        return True
    if unit == "次" and _counts_an_event(text, num_start):
        return False  # 开展一次全面评估, 每月召开一次重大项目推进会
    if after.startswith(_ARTICLE_AFTER) or "一" in after[:2]:
        return True  # 一项重大政治任务, 一人一档
    if unit in _ONE["needs_noun"] and not _is_han(after[:1]):
        return True  # 解决一个、销号一个: a pronoun
    if unit == "块" and after.startswith(_TOGETHER_BEFORE):
        return True  # 一块推进: together
    if _in_quoted_slogan(text, num_start, unit_end):
        return True  # “一个问题、一套方案、一名责任领导”, “整改一个问题”: a slogan
    once = unit == "次" and _is_han(after[:1])  # 一次开庭: "in one go"
    return once and not any(after.startswith(w) for w in _ONE["once_nouns"])


def _counts_an_event(text: str, num_start: int) -> bool:
    """Whether 一次 at ``num_start`` follows a verb that holds events (开展一次全面评估) or a frequency
    in its clause (每月调度一次整改进展): a count of one either way."""
    return (text.endswith(_ONCE_AFTER_VERBS, 0, num_start)
            or _RE_FREQUENCY.search(clause_before(text, num_start, 0)) is not None)


_SERIES_MARKS = "、，,"
_CLOSING_QUOTES = "”’」』"
_QUOTES_CLOSED = tuple(_CLOSING_QUOTES + _NEUTRAL_QUOTES)
_SLOGAN_CLAUSE = 8  # the clause of a slogan holding 一 + unit: 整改一个问题, 一名责任领导


def _in_quoted_slogan(text: str, start: int, end: int) -> bool:
    """Whether [start, end) sits in a short clause of a quotation: from an opening quote or a 、 inside
    it to a 、 or the closing quote, at most _SLOGAN_CLAUSE characters.

    >>> _in_quoted_slogan("实行“一个问题、一套方案”", 8, 10), _in_quoted_slogan("“整改一个问题”", 3, 5)
    (True, True)
    >>> _in_quoted_slogan("开展“回头看”，整改一个问题", 10, 12)
    False
    """
    lo = start
    while lo > 0 and start - lo <= _SLOGAN_CLAUSE and text[lo - 1] not in _OPENING_QUOTES + "、\n" + _CLOSING_QUOTES:
        lo -= 1
    if lo == 0 or text[lo - 1] in _CLOSING_QUOTES + "\n" or start - lo > _SLOGAN_CLAUSE:
        return False
    if text[lo - 1] == "、" and not _opened_before(text, lo - 1):
        return False
    hi = end
    while hi < len(text) and hi - lo <= _SLOGAN_CLAUSE and text[hi] not in _CLOSING_QUOTES + "、\n" + _OPENING_QUOTES:
        hi += 1
    return hi < len(text) and hi - lo <= _SLOGAN_CLAUSE and text[hi] in _CLOSING_QUOTES + "、"


def _opened_before(text: str, pos: int) -> bool:
    """Whether a quotation is open at ``pos``: an opening quote after the last closing one, on its line."""
    line = max(text.rfind("\n", max(0, pos - _QUOTE_REACH), pos) + 1, pos - _QUOTE_REACH)  # bounded: linear
    opened = max(text.rfind(q, line, pos) for q in _OPENING_QUOTES)
    return opened >= 0 and opened > max(text.rfind(q, line, pos) for q in _CLOSING_QUOTES)


def _is_han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (False for the empty string)."""
    return bool(char) and "\u4e00" <= char <= "\u9fff"
