"""metrics: cleaned notice text → Metric records, the quantities it reports.

A quantity is a number (Arabic or Chinese, half- or full-width: 97.57%, １２项,
两次, 百分之三十) with a unit: ``%``, 元 (万元 and 亿元 are folded into the
value) or a measure word (件 起 名 个 个工作日 …). One regex pass finds the
candidates; named checks then drop what only looks like a quantity: calendar
years (2020年), ordinals (第三巡察组, 二轮巡察), numbers inside set phrases
(两个维护, see ``lexicon/set_phrases.txt``), names in quotes (“24小时法院”) and
a bare 一 used as the article "a" (作为一项重大政治任务). Dates such as 3月 and
heading markers such as (1) never carry a unit, so they are never candidates.
The clause around a quantity gives its subject, its comparison base
(同比/环比) and its direction (增加/减少). Units and cue words live in
``lexicon/units.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from ..numerals import DIGITS, LARGE_UNITS, NUMERAL_CHARS, SMALL_UNITS, cn_to_int, to_decimal
from ..pattern_cache import cached_compile
from ..resources import load_lines, load_yaml
from ..types import Metric
from ..scan import anchored_matches
from .metric_context import clause_before, describe
from .proportions import find_proportions
from .word_patterns import TRAD, alternation, by_first_character, unit_variants, variants
from .citations import title_spans

__all__ = ["find_metrics"]

_LEX = load_yaml("units.yaml")
_TO_SIMPLIFIED = str.maketrans({t: s for s, t in TRAD.items()})
_TO_ASCII = str.maketrans("\N{FULLWIDTH FULL STOP}", ".")
_KINDS = ("percent", "money", "duration", "count")
_UNIT_KIND: dict[str, str] = {u: kind for kind in _KINDS for u in _LEX[kind]}
_ALIASES: dict[str, str] = _LEX["aliases"]
_ARABIC_ONLY = frozenset(_LEX["arabic_only"])
_COUNTED_AFTER_LIANG = frozenset(_LEX["counted_after_liang"])
_NAMED_BY_YEAR = frozenset(_LEX["named_by_year"])
_SCORE_NOT_AFTER = tuple(_LEX["score_not_after"])
_FRACTIONAL = frozenset(_LEX["fractional"])
_APPROX = _LEX["approx"]
_SOME = "".join(_APPROX["some"])  # 数十家: read as 十
_SOME_MAGNITUDES = "".join(_APPROX["some_magnitudes"])
_ONE = _LEX["bare_one"]
_ARTICLE_BEFORE, _ARTICLE_AFTER = tuple(_ONE["article_before"]), tuple(_ONE["article_after"])
_ONCE_AFTER_VERBS = tuple(_ONE["once_after_verbs"])
_DAY_BEFORE, _DAY_AFTER = tuple(_LEX["day_duration"]["before"]), tuple(_LEX["day_duration"]["after"])
_MAGNITUDE = {**SMALL_UNITS, **LARGE_UNITS}
_ORDINAL_AFTER: dict[str, tuple[str, ...]] = {u: tuple(ws) for u, ws in _LEX["ordinal_after"].items()}
_OPENING_QUOTES = (
    "\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
    "\N{LEFT CORNER BRACKET}\N{LEFT WHITE CORNER BRACKET}"
)
# Quotes that open or close alike (ASCII ", fullwidth ＂): opening when the line before holds an even number
_NEUTRAL_QUOTES = "\"\N{FULLWIDTH QUOTATION MARK}"
_MAX_DIGITS = 15  # longer digit runs are codes (索引号, 备案号), not quantities


_DIGIT = r"0-9\N{FULLWIDTH DIGIT ZERO}-\N{FULLWIDTH DIGIT NINE}"
_DOT = r".\N{FULLWIDTH FULL STOP}"
_PERCENT = r"%\N{FULLWIDTH PERCENT SIGN}"
_DASH = r"\N{EM DASH}\N{EN DASH}\N{FULLWIDTH HYPHEN-MINUS}~\N{FULLWIDTH TILDE}\N{WAVE DASH}\-"
_ARABIC = rf"[{_DIGIT}]{{1,3}}(?:,[0-9]{{3}}){{1,6}}(?:[{_DOT}][{_DIGIT}]+)?|[{_DIGIT}]+(?:[{_DOT}][{_DIGIT}]+)?"
_CN = f"[{NUMERAL_CHARS}]+"
# 百/千 read as a magnitude unless they open a unit (120千米, 50千瓦, 2万千瓦: not 120000米)
_MAG = "[十百千拾佰仟]?[万亿萬億]|[百千佰仟]" + (
    "(?!" + "|".join(re.escape(u[1:]) for u in sorted(_UNIT_KIND, key=len, reverse=True) if u[0] in "百千") + ")")
_SPACE = r"[ \t\N{IDEOGRAPHIC SPACE}\N{NO-BREAK SPACE}]{0,2}"


def _longer_unit_rests() -> str:
    """What turns a unit into a longer one (个 → 个工作日, 人 → 人次): after a range's repeated unit
    (100元至300元) none may follow, else the high end's unit is the longer one (5个至10个工作日).

    >>> "工作日" in _longer_unit_rests().split("|"), "次" in _longer_unit_rests().split("|")
    (True, True)
    """
    units = sorted(_UNIT_KIND)
    rests = {v[len(u):] for u in units for v in units if len(v) > len(u) and v.startswith(u)}
    return alternation(rests) or "(?!)"


_UNITS_ALT = by_first_character(_UNIT_KIND, unit_variants)
_LONGER_UNIT_RESTS = _longer_unit_rests()

_RE_QUANTITY = cached_compile(
    rf"""
    (?P<pre>{by_first_character(_APPROX["prefixes"])})?  # 近60%, 约3人
    (?:
        百分之(?P<pct>{_CN}(?:点[{"".join(DIGITS)}]+)?)  # 百分之三十, 百分之三十五点五
      | (?:(?P<hi>(?<![{_DIGIT}{_DOT}_/A-Za-z\-])[{_DIGIT}]{{1,4}})(?P<himag>[亿億万萬])(?=[{_DIGIT}]{{4}}(?![{_DIGIT}])|[{_DIGIT}]{{1,4}}[千仟万萬]))?  # 1亿2000万元, 3万5000元
        (?P<num>(?<![{_DIGIT}{_DOT}_/A-Za-z\-第+＋])(?:{_ARABIC})  # not the tail of a code or number, not 第3次, K12+300
            | (?:(?<![第之{_SOME}{NUMERAL_CHARS}])|(?<=[{_SOME}])(?=[{_SOME_MAGNITUDES}])){_CN})  # not an ordinal, 三分之二; 数十
        (?:(?:(?P<pct1>[{_PERCENT}])|(?P<magl>{_MAG})?(?P<unitl>{_UNITS_ALT})?)?  # 3%—5%, 3万至5万元, 100元至300元
           (?P<sep>[{_DASH}]{{1,2}}|至|到)
           (?P<num2>{_ARABIC}|{_CN}))?                   # 3—4人, 5至7人
        {_SPACE}
        (?P<mag>{_MAG})?                                 # 66.57万元, 1.05亿元
        (?P<mid>{alternation(_APPROX["inner"])})?        # 20余份, 5380多亿元
        (?P<mag2>{_MAG})?                                # 3万余人 / 5380多亿元
        {_SPACE}
        (?!{by_first_character(_LEX["blocked_words"])})  # 十一期间, 四次全会, 元旦
        (?P<unit>(?(unitl)(?P=unitl)(?!{_LONGER_UNIT_RESTS})|(?:{_UNITS_ALT})))  # the low end's unit again
    )
    (?P<post>{alternation(_APPROX["suffixes"])}|(?<=[年天周時时])[多余餘])?  # 80%以上, 一年多
    """,
    re.VERBOSE,
)


def _candidate_pattern() -> str:
    """Where a match of _RE_QUANTITY can start: a superset of the positions, found in C.

    A quantity opens on a prefix word (近, 约 …) before a number or 百分之, on 百分之, or on
    the first character of a number (not inside a code or number, not an ordinal). From
    there the number's characters run up to the first character of what follows a number:
    a %, a range separator, a space, 万/亿, 余/多 or a unit. The pattern opens on one class of
    all those first characters, so ``re`` skips the rest of the text in C (``_quantities``);
    lookbehinds then tell which condition applies.
    """
    def first_of(words: Iterable[str]) -> str:  # first characters, simplified and traditional
        return "".join(sorted({ch for w in words for ch in (w[0], TRAD.get(w[0], w[0]))}))

    follow = re.escape("".join(sorted(set(
        first_of(_UNIT_KIND) + first_of(_APPROX["inner"]) + "十百千拾佰仟万亿萬億至到" + " \t\u3000\xa0"))))
    follow = f"[{_PERCENT}{_DASH}{follow}]"
    # a number (the rest of _ARABIC or _CN after its first character), then what follows one
    digit = rf"(?<![{_DIGIT}{_DOT}_/A-Za-z\-].)(?=[{_DIGIT}]*(?:,[0-9]{{3}}){{0,6}}(?:[{_DOT}][{_DIGIT}]+)?{follow})"
    branches = [
        rf"(?<=[{NUMERAL_CHARS}])(?<![第之{NUMERAL_CHARS}].)(?<![{_SOME}][^{_SOME_MAGNITUDES}])(?=[{NUMERAL_CHARS}]*{follow})",
        "(?<=百)(?=分之)",
    ]
    for word in _APPROX["prefixes"]:  # 近 / 将近 / 约 … before a number
        branches.append(f"(?<={variants(word[0])})(?={variants(word[1:])}[{_DIGIT}{NUMERAL_CHARS}])")
    firsts = re.escape(first_of(_APPROX["prefixes"]) + "百")
    # Most hits are digits, most of them inside a number: a digit is decided by its own branch
    # and skips the others at once (they all open on a character that is not a digit).
    return (f"[{_DIGIT}{NUMERAL_CHARS}{firsts}]"
            f"(?:(?<=[{_DIGIT}]){digit}|(?<![{_DIGIT}])(?:{'|'.join(branches)}))")


_RE_CANDIDATE = cached_compile(_candidate_pattern())

_SET_PHRASES = load_lines("set_phrases.txt")
_RE_SET_PHRASE = cached_compile(by_first_character(_SET_PHRASES))
_LONGEST_SET_PHRASE = max(map(len, _SET_PHRASES))
_RE_FREQUENCY = cached_compile(alternation(_ONE["frequency"]))  # 每月, 每季度
_PRE, _PCT, _HI, _HIMAG, _NUM, _PCT1, _MAGL, _NUM2, _MAG, _MID, _MAG2, _UNIT, _POST = (  # positions in groups()
    _RE_QUANTITY.groupindex[name] - 1
    for name in ("pre", "pct", "hi", "himag", "num", "pct1", "magl", "num2", "mag", "mid", "mag2", "unit", "post"))


def find_metrics(text: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Metric]:
    """Every quantity in ``text``, in order, with ``text[m.start:m.end] == m.raw``.

    ``exclude`` are spans (dates, heading markers) no metric may overlap; nor may a metric overlap
    a title in 《》 (三年行动方案, 九项准则: a name, not a quantity reported).

    >>> [(m.raw, str(m.value), m.unit, m.kind) for m in find_metrics("追缴资金7.132万元，问题25个")]
    [('7.132万元', '71320', '元', 'money'), ('25个', '25', '个', 'count')]
    >>> find_metrics("2020年1月，践行“两个维护”，第三巡察组")
    []
    """
    excluded = sorted([*exclude, *title_spans(text)])
    excluded_starts = [s for s, _ in excluded]
    reach = list(accumulate([e for _, e in excluded], max))  # furthest end of the spans up to each one
    metrics: list[Metric] = []
    previous: Metric | None = None
    # The loop of _quantities (scan.anchored_matches) runs here, so each match is checked as it
    # is found: no list of matches, and the names below stay local in the hot loop.
    match_at, end = _RE_QUANTITY.match, 0
    for candidate in _RE_CANDIDATE.finditer(text):
        pos = candidate.start()
        if pos < end or (match := match_at(text, pos)) is None:
            continue  # inside the last match, or no quantity starts here
        mstart, end = match.span()
        groups = match.groups()  # one call instead of a look-up per group
        pre = groups[_PRE]
        start = _start_after_false_prefix(text, mstart, pre) if pre else mstart
        if mstart and text[mstart - 1] in _SOME and not pre and text[mstart] in _SOME_MAGNITUDES:
            start -= 1  # 数十家: the number is its lower bound, approximate
        if excluded:  # no span starting before the end may end after the start
            i = bisect_left(excluded_starts, end) - 1
            if i >= 0 and reach[i] > start:
                continue  # overlaps a date or a heading marker
        unit = _unit(groups[_UNIT] or "%")
        if _rejected(text, match, groups, unit):
            continue
        metric = _metric_from_match(text, groups, mstart, start, end, unit, previous)
        if metric is not None:
            metrics.append(metric)
            previous = metric
    shares = find_proportions(text)
    return _with_shares(text, metrics, shares, excluded_starts, reach) if shares else metrics


def _with_shares(text: str, metrics: list[Metric], shares, excluded_starts: list[int], reach: list[int]) -> list[Metric]:
    """``metrics`` with the fractions and tenths (``proportions``) that overlap none of them nor an
    excluded span, as % metrics, in text order (之一 ends a set phrase, "one of", but not 三分之一)."""
    taken = [(m.start, m.end) for m in metrics]
    out = list(metrics)
    for start, end, value, approx in shares:
        i = bisect_left(excluded_starts, end) - 1
        if i >= 0 and reach[i] > start:
            continue
        j = bisect_left(taken, (end,))
        if j and taken[j - 1][1] > start:
            continue
        k = bisect_left(taken, (start,)) - 1  # the metric before it, for its subject and clause
        previous = metrics[k] if k >= 0 and taken[k][1] <= start else None
        out.append(describe(text, start, end, value, None, "%", "percent", approx, previous))
    out.sort(key=attrgetter("start"))
    return out


def _quantities(text: str) -> list[re.Match]:
    """``list(_RE_QUANTITY.finditer(text))``, trying the pattern only where a match can start."""
    return anchored_matches(_RE_QUANTITY, _RE_CANDIDATE, text)


def _start_after_false_prefix(text: str, start: int, pre: str | None) -> int:
    """Where the quantity starts: past ``pre`` when it ends a word such as 最近 or 节约."""
    if pre and any(w.endswith(pre) and text.endswith(w, 0, start + len(pre)) for w in _APPROX["false_prefixes"]):
        return start + len(pre)
    return start


def _rejected(text: str, match: re.Match, groups: tuple, unit: str) -> bool:
    """Whether a candidate only looks like a quantity (cheap checks first; all are pure)."""
    mstart = match.start()
    if mstart and (before := text[mstart - 1]) in _OPENING_QUOTES and _quotes_a_name(text, mstart):
        return True  # a name: “24小时法院”
    if mstart and before in _NEUTRAL_QUOTES and _opens_quote(text, mstart - 1) and _quotes_a_name(text, mstart):
        return True  # a name: "四类案件"
    num = groups[_NUM]
    if num:
        num_start = match.start(_NUM + 1)
        if num_start == 0 or text[num_start - 1] == "\n":  # the rare case first: a number opening a line
            gap_start, gap_end = match.end(_NUM + 1), match.start(_UNIT + 1)
            if gap_end > gap_start and not text[gap_start:gap_end].isalnum():
                return True  # a heading number at line start, a space, then a word: "1 项目管理"
    if unit == "日" and not (text.endswith(_DAY_BEFORE, 0, match.start(_PRE + 1) if groups[_PRE] else mstart)
                            or text.startswith(_DAY_AFTER, match.end(_UNIT + 1))):
        return True  # a day of the month (6日, 至28日), not a duration (由45日压缩至30日, 30日内)
    if unit == "年" and (_is_year(num) or _is_year(groups[_NUM2]) or text.startswith("度", match.end(_UNIT + 1))):
        return True  # a calendar year: 2020年, 2017-2019年, 二〇二〇年, 3年度
    if unit in _NAMED_BY_YEAR and _is_year(num):
        return True  # a cohort: 2020级
    if unit == "分" and text.endswith(_SCORE_NOT_AFTER, 0, match.start(_NUM + 1) if num else mstart):
        return True  # a clock time: 9时30分
    if num and num[0] in NUMERAL_CHARS:
        if (unit in _ARABIC_ONLY and len(num) == 1 and not (num == "两" and unit in _COUNTED_AFTER_LIANG)) or \
                (num[0] in LARGE_UNITS and not (groups[_PRE] and
                                                _start_after_false_prefix(text, mstart, groups[_PRE]) == mstart)):
            return True  # 二轮巡察, 一案双查, 万人 (but 近万人次; not 签约亿元)
        if unit in _ORDINAL_AFTER and text.endswith(_ORDINAL_AFTER[unit], 0, match.start(_NUM + 1)):
            return True  # 发电项目二期: a phase, not two periods
        if num == "一" and _is_article_one(text, match.start(_NUM + 1), match.end(_UNIT + 1), unit):
            return True
    return _in_set_phrase(text, mstart, match.end())  # 两个维护, 三会一课, 统一, 一起


def _quotes_a_name(text: str, start: int) -> bool:
    """Whether the quotation opening right before ``start`` is a name or slogan (“24小时法院”, “两个维护”),
    not a rule quoted in full, whose quantities count (“7日内程序性回复、3个月内办理过程或结果答复”制度).

    >>> _quotes_a_name("“24小时法院”", 1), _quotes_a_name("“7日内程序性回复、3个月内办理过程或结果答复”", 1)
    (True, False)
    """
    clause = _QUOTED_CLAUSE.match(text, start)
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

    >>> _in_set_phrase("践行两个维护", 2, 4), _in_set_phrase("召开两次会议", 2, 4)
    (True, False)
    """
    # the phrases finditer would find in the window, one search at a time, stopping past ``end``
    search, stop = _RE_SET_PHRASE.search, end + _LONGEST_SET_PHRASE
    p = search(text, max(0, start - _LONGEST_SET_PHRASE), stop)
    while p is not None and p.start() < end:
        if p.end() > start:
            return True
        p = search(text, p.end(), stop)
    return False


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
    >>> _is_article_one("每月调度一次整改进展", 4, 6, "次")
    False
    """
    before, after = text[max(0, num_start - 3):num_start], text[unit_end:unit_end + 3]
    if before.endswith(_ARTICLE_BEFORE) or "一" in before:
        return True  # 作为一项, 每一个, 一项一项
    one = "一" + text[num_start + 1:unit_end]  # 完成一项、验收一项、销号一项: one by one
    if after[:1] in _SERIES_MARKS and (following := text.find(one, unit_end, unit_end + 8)) >= 0 \
            and not _is_han(text[following + len(one):following + len(one) + 1]):
        return True
    if any(one + mark in text[max(0, num_start - 8):num_start] for mark in _SERIES_MARKS) and not _is_han(after[:1]):
        return True
    if after.startswith(_ARTICLE_AFTER) or "一" in after[:2]:
        return True  # 一项重大政治任务, 一人一档
    if unit in _ONE["needs_noun"] and not _is_han(after[:1]):
        return True  # 解决一个、销号一个: a pronoun
    once = unit == "次" and _is_han(after[:1])  # 一次开庭: "in one go"
    return (once and not any(after.startswith(w) for w in _ONE["once_nouns"])
            and not text.endswith(_ONCE_AFTER_VERBS, 0, num_start)  # 开展一次全面评估
            and _RE_FREQUENCY.search(clause_before(text, num_start, 0)) is None)  # 每月调度一次整改进展


_SERIES_MARKS = "、，,"


def _is_han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (False for the empty string)."""
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def _unit(published: str) -> str:
    """The unit as the tables spell it.

    >>> _unit("個"), _unit("％"), _unit("个多月"), _unit("百分点"), _unit("个工作日")
    ('个', '%', '个月', '个百分点', '个工作日')
    """
    unit = _UNITS.get(published)
    if unit is None:  # the unit group matches finitely many spellings: remember each
        unit = published.translate(_TO_SIMPLIFIED)
        if unit.startswith("个") and len(unit) > 2 and unit[1] in "多余半":
            unit = "个" + unit[2:]
        unit = _UNITS[published] = _ALIASES.get(unit, unit)
    return unit


_UNITS: dict[str, str] = {}
_HALF = Decimal("0.5")


def _read_number(num: str, magnitudes: Iterable[str | None]) -> Decimal | None:
    """The value of a number and the 万/亿 after it.

    >>> _read_number("7.132", ["万", None]), _read_number("5380", [None, "亿"]), _read_number("近", [])
    (Decimal('71320'), Decimal('538000000000'), None)
    >>> _read_number("三十五点五", []), _read_number("1,200", ["千"])
    (Decimal('35.5'), Decimal('1200000'))
    """
    if num.isascii() and num.isdigit() and len(num) <= _MAX_DIGITS and not any(magnitudes):
        return Decimal(num)  # plain digits: already whole, as quantize would leave them
    head, _, decimals = num.partition("点")
    if len(head) > _MAX_DIGITS and sum(map(str.isdigit, head)) > _MAX_DIGITS:
        return None
    if head and not head.strip(NUMERAL_CHARS):  # a Chinese numeral: what to_decimal reads after Decimal fails
        value = cn_to_int(head)
        value = None if value is None else Decimal(value)
    else:
        value = to_decimal(head)
    if value is None:
        return None
    if decimals:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in decimals))
    for mag in magnitudes:
        for char in mag or "":
            value *= _MAGNITUDE[char]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@lru_cache(maxsize=4096)  # notices repeat their numbers (1个, 2个, 三个); a Decimal is immutable
def _number(num: str, mag: str | None, mag2: str | None) -> Decimal | None:
    """``_read_number(num, (mag, mag2))``, remembered."""
    return _read_number(num, (mag, mag2))


def _metric_from_match(text: str, groups: tuple, mstart: int, start: int, end: int, unit: str,
                       previous: Metric | None) -> Metric | None:
    """Build the Metric for an accepted candidate, or None when its number does not read."""
    pct, mag, mag2, unit_raw = groups[_PCT], groups[_MAG], groups[_MAG2], groups[_UNIT]
    pair = None
    if pct:
        value, value_max = _number(pct, None, None), None
    elif (pair := _approx_pair(groups[_NUM])) is not None:  # 七八个, 一两次, 三四十人: a range
        value, value_max = _number(pair[0], mag, mag2), _number(pair[1], mag, mag2)
    else:
        magl = groups[_MAGL]  # 3万至5万元: the low end has its own magnitude
        value = _number(groups[_NUM], magl, None) if magl else _number(groups[_NUM], mag, mag2)
        num2 = groups[_NUM2]
        value_max = _number(num2, mag, mag2) if num2 else None
        if groups[_HI] and value is not None:  # 1亿2000万元: the higher part written before
            if value >= _MAGNITUDE[groups[_HIMAG]]:
                return None  # 2023万5个: not one number
            value += _number(groups[_HI], groups[_HIMAG], None)
    kind = _UNIT_KIND.get(unit, "count")
    if value is None or (groups[_PCT1] and unit != "%"):
        return None
    if unit_raw and "半" in unit_raw:
        value += _HALF  # 一个半月
    if kind == "count" and not mag and not mag2 and value != value.to_integral_value() and unit not in _FRACTIONAL \
            and _opens_item(text, mstart):
        return None  # 1．12项: a heading "1." glued to a count (人均结案21.5件 is a count)
    inner = groups[_MID] or pair or (unit_raw and ("多" in unit_raw or "余" in unit_raw or "餘" in unit_raw))  # 一个多月
    approx = bool(start == mstart and groups[_PRE] or start < mstart or inner or groups[_POST])
    return describe(text, start, end, value, value_max, unit, kind, approx, previous)


def _opens_item(text: str, start: int) -> bool:
    """Whether ``start`` opens a line or a sentence, where a number may be a heading's (1．12项).

    >>> _opens_item("一、\\n1．12项", 3), _opens_item("问题。2．3个", 3), _opens_item("人均增加21.5件", 4)
    (True, True, False)
    """
    before = text[text.rfind("\n", 0, start) + 1:start].strip(" \t\u3000")
    return not before or before[-1] in _ITEM_OPENERS


_ITEM_OPENERS = frozenset("。；;：:！!？?")


def _approx_pair(num: str | None) -> tuple[str, str] | None:
    """Two neighbouring Chinese digits (and a magnitude), an approximate range: the low and high numbers.

    >>> _approx_pair("七八"), _approx_pair("一两"), _approx_pair("三四十"), _approx_pair("二十"), _approx_pair("78")
    (('七', '八'), ('一', '两'), ('三十', '四十'), None, None)
    """
    if not num or not 2 <= len(num) <= 3 or num[0] not in DIGITS or num[1] not in DIGITS:
        return None
    low, high, rest = num[0], num[1], num[2:]
    if DIGITS[high] != DIGITS[low] + 1 or DIGITS[low] == 0 or (rest and rest not in SMALL_UNITS):
        return None
    return low + rest, high + rest
