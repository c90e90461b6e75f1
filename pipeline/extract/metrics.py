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

import bisect
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..numerals import DIGITS, LARGE_UNITS, NUMERAL_CHARS, SMALL_UNITS, to_decimal
from ..resources import load_lines, load_yaml
from ..types import Metric

__all__ = ["find_metrics"]

_LEX = load_yaml("units.yaml")
_TRAD: dict[str, str] = _LEX["traditional"]  # simplified character → traditional
_TO_SIMPLIFIED = str.maketrans({t: s for s, t in _TRAD.items()})
_TO_ASCII = str.maketrans("\N{FULLWIDTH FULL STOP}", ".")
_KINDS = ("percent", "money", "duration", "count")
_UNIT_KIND: dict[str, str] = {u: kind for kind in _KINDS for u in _LEX[kind]}
_ALIASES: dict[str, str] = _LEX["aliases"]
_ARABIC_ONLY = frozenset(_LEX["arabic_only"])
_APPROX = _LEX["approx"]
_ONE = _LEX["bare_one"]
_COMPARISON: dict[str, str] = _LEX["comparison"]
_DIRECTION: dict[str, list[str]] = _LEX["direction"]
_MAGNITUDE = {**SMALL_UNITS, **LARGE_UNITS}
_OPENING_QUOTES = (
    "\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
    "\N{LEFT CORNER BRACKET}\N{LEFT WHITE CORNER BRACKET}"
)
_MAX_SUBJECT = 12  # characters kept of a subject
_CLAUSE_WINDOW = 30  # characters searched back for the clause before a number
_MAX_DIGITS = 15  # longer digit runs are codes (索引号, 备案号), not quantities


def _variants(word: str) -> str:
    """A regex for ``word`` as published, simplified or traditional.

    >>> _variants("个月"), _variants("%")
    ('[个個]月', '%')
    """
    return "".join(f"[{c}{_TRAD[c]}]" if c in _TRAD else re.escape(c) for c in word)


def _unit_variants(word: str) -> str:
    """Like ``_variants``, but 个X units also match 个多X (一个多月).

    >>> _unit_variants("个月"), _unit_variants("件")
    ('[个個][多余餘]?月', '件')
    """
    if word.startswith("个") and len(word) > 1:
        return _variants("个") + "[多余餘]?" + _variants(word[1:])
    return _variants(word)


def _alternation(words: Iterable[str], variants=_variants) -> str:
    """Longest-first alternation of ``words``, so 人次 wins over 人."""
    return "|".join(variants(w) for w in sorted(set(words), key=len, reverse=True))


_DIGIT = r"0-9\N{FULLWIDTH DIGIT ZERO}-\N{FULLWIDTH DIGIT NINE}"
_DOT = r".\N{FULLWIDTH FULL STOP}"
_PERCENT = r"%\N{FULLWIDTH PERCENT SIGN}"
_DASH = r"\N{EM DASH}\N{EN DASH}\N{FULLWIDTH HYPHEN-MINUS}~\N{FULLWIDTH TILDE}\N{WAVE DASH}\-"
_ARABIC = rf"[{_DIGIT}]{{1,3}}(?:,[0-9]{{3}})+(?:[{_DOT}][{_DIGIT}]+)?|[{_DIGIT}]+(?:[{_DOT}][{_DIGIT}]+)?"
_CN = f"[{NUMERAL_CHARS}]+"
_MAG = "[十百千拾佰仟]?[万亿萬億]|[百千佰仟]"
_SPACE = r"[ \t\N{IDEOGRAPHIC SPACE}\N{NO-BREAK SPACE}]{0,2}"
_CLAUSE_BREAKS = (
    r",\N{FULLWIDTH COMMA}\N{IDEOGRAPHIC COMMA}\N{IDEOGRAPHIC FULL STOP};\N{FULLWIDTH SEMICOLON}"
    r":\N{FULLWIDTH COLON}!\N{FULLWIDTH EXCLAMATION MARK}?\N{FULLWIDTH QUESTION MARK}\n()"
    r"\N{FULLWIDTH LEFT PARENTHESIS}\N{FULLWIDTH RIGHT PARENTHESIS}\"\N{LEFT DOUBLE QUOTATION MARK}"
    r"\N{RIGHT DOUBLE QUOTATION MARK}\N{LEFT DOUBLE ANGLE BRACKET}\N{RIGHT DOUBLE ANGLE BRACKET}"
    r"\N{LEFT BLACK LENTICULAR BRACKET}\N{RIGHT BLACK LENTICULAR BRACKET}\[\]"
)
_SENTENCE_BREAKS = (
    r"\N{IDEOGRAPHIC FULL STOP};\N{FULLWIDTH SEMICOLON}!\N{FULLWIDTH EXCLAMATION MARK}"
    r"?\N{FULLWIDTH QUESTION MARK}\n"
)

_RE_QUANTITY = re.compile(
    rf"""
    (?P<pre>{_alternation(_APPROX["prefixes"])})?       # 近60%, 约3人
    (?:
        百分之(?P<pct>{_CN}(?:点[{"".join(DIGITS)}]+)?)  # 百分之三十, 百分之三十五点五
      | (?P<num>(?<![{_DIGIT}{_DOT}_/A-Za-z\-])(?:{_ARABIC})  # not the tail of a code or number
            | (?<![第数几之{NUMERAL_CHARS}]){_CN})         # not an ordinal, 数十, 三分之二
        (?:(?P<pct1>[{_PERCENT}])?                      # 3%—5%
           (?P<sep>[{_DASH}]{{1,2}}|至|到)
           (?P<num2>{_ARABIC}|{_CN}))?                   # 3—4人, 5至7人
        {_SPACE}
        (?P<mag>{_MAG})?                                 # 66.57万元, 1.05亿元
        (?P<mid>{_alternation(_APPROX["inner"])})?        # 20余份, 5380多亿元
        (?P<mag2>{_MAG})?                                # 3万余人 / 5380多亿元
        {_SPACE}
        (?!{_alternation(_LEX["blocked_words"])})         # 十一期间, 四次全会, 元旦
        (?P<unit>{_alternation(_UNIT_KIND, _unit_variants)})
    )
    (?P<post>{_alternation(_APPROX["suffixes"])}|(?<=[年天周時时])[多余餘])?  # 80%以上, 一年多
    """,
    re.VERBOSE,
)
_SET_PHRASES = load_lines("set_phrases.txt")
_RE_SET_PHRASE = re.compile(_alternation(_SET_PHRASES))
_LONGEST_SET_PHRASE = max(map(len, _SET_PHRASES))
_RE_LAST_BREAK = re.compile(rf".*[{_CLAUSE_BREAKS}]", re.S)
_RE_SENTENCE_BREAK = re.compile(f"[{_SENTENCE_BREAKS}]")
_RE_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{1,%d}" % _MAX_SUBJECT)
_RE_STOP = re.compile(_alternation(_LEX["subject_stops"]))
_RE_NOUN_START = re.compile(_alternation(
    [*_LEX["subject_verbs"], *(w for w in _LEX["subject_stops"] if len(w) > 1 or w in "的和与及对向从将把")]
))
_RE_LEAD = re.compile(
    rf"^(?:{_alternation(_LEX['subject_lead'])}|中(?![央国华共层])|[0-9０-９]{{4}}年度?|[\s\-—]+)+"
)
_RE_TAIL = re.compile(
    rf"(?:{_alternation([*_LEX['subject_tail'], *_COMPARISON, *(w for ws in _DIRECTION.values() for w in ws)])}"
    r"|(?<![行作认成较更最因])为|\s+)+$"
)
_RE_COMPARISON = re.compile(_alternation(_COMPARISON))
_RE_DIRECTION = re.compile(
    "(?:" + "|".join(f"(?P<{d}>{_alternation(_DIRECTION[d])})" for d in ("level", "increase", "decrease")) + ")[了为]?$"
)


def find_metrics(text: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Metric]:
    """Every quantity in ``text``, in order, with ``text[m.start:m.end] == m.raw``.

    ``exclude`` are spans (dates, heading markers) no metric may overlap.

    >>> [(m.raw, str(m.value), m.unit, m.kind) for m in find_metrics("追缴资金7.132万元，问题25个")]
    [('7.132万元', '71320', '元', 'money'), ('25个', '25', '个', 'count')]
    >>> find_metrics("2020年1月，践行“两个维护”，第三巡察组")
    []
    """
    excluded = _merge(exclude)
    excluded_starts = [s for s, _ in excluded]
    metrics: list[Metric] = []
    for match in _RE_QUANTITY.finditer(text):
        start = _start_after_false_prefix(text, match)
        if _overlaps(excluded, excluded_starts, start, match.end()) or _rejected(text, match):
            continue
        metric = _metric_from_match(text, match, start, metrics[-1] if metrics else None)
        if metric is not None:
            metrics.append(metric)
    return metrics


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted union of possibly overlapping spans.

    >>> _merge([(5, 8), (0, 2), (6, 10)])
    [(0, 2), (5, 10)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the merged ``spans``."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def _start_after_false_prefix(text: str, match: re.Match) -> int:
    """Where the quantity starts: past ``pre`` when it ends a word such as 最近 or 节约."""
    start, pre = match.start(), match["pre"]
    if pre and any(w.endswith(pre) and text.endswith(w, 0, start + len(pre)) for w in _APPROX["false_prefixes"]):
        return start + len(pre)
    return start


def _rejected(text: str, match: re.Match) -> bool:
    """Whether a candidate only looks like a quantity."""
    num, unit = match["num"], _unit(match["unit"] or "%")
    if match.start() and text[match.start() - 1] in _OPENING_QUOTES:
        return True  # a name: “24小时法院”
    if _in_set_phrase(text, match.start(), match.end()):
        return True  # 两个维护, 三会一课, 统一, 一起
    gap = text[match.end("num"):match.start("unit")] if num else ""
    if not gap.isalnum() and gap and (match.start("num") == 0 or text[match.start("num") - 1] == "\n"):
        return True  # a heading number at line start, a space, then a word: "1 项目管理"
    if unit == "年" and (_is_year(num) or _is_year(match["num2"]) or text.startswith("度", match.end("unit"))):
        return True  # a calendar year: 2020年, 2017-2019年, 二〇二〇年, 3年度
    if num and num[0] in NUMERAL_CHARS:
        if unit in _ARABIC_ONLY or num[0] in LARGE_UNITS:
            return True  # 二轮巡察, 一案双查, 万人
        if num == "一" and _is_article_one(text, match.start("num"), match.end("unit"), unit):
            return True
    return False


def _in_set_phrase(text: str, start: int, end: int) -> bool:
    """Whether [start, end) overlaps a set phrase of ``set_phrases.txt``.

    >>> _in_set_phrase("践行两个维护", 2, 4), _in_set_phrase("召开两次会议", 2, 4)
    (True, False)
    """
    window = _RE_SET_PHRASE.finditer(text, max(0, start - _LONGEST_SET_PHRASE), end + _LONGEST_SET_PHRASE)
    return any(p.start() < end and p.end() > start for p in window)


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
    """
    before, after = text[max(0, num_start - 3):num_start], text[unit_end:unit_end + 3]
    if any(before.endswith(w) for w in _ONE["article_before"]) or "一" in before:
        return True  # 作为一项, 每一个, 一项一项
    if any(after.startswith(w) for w in _ONE["article_after"]) or "一" in after[:2]:
        return True  # 一项重大政治任务, 一人一档
    if unit in _ONE["needs_noun"] and not _is_han(after[:1]):
        return True  # 解决一个、销号一个: a pronoun
    once = unit == "次" and _is_han(after[:1])  # 一次开庭: "in one go"
    return once and not any(after.startswith(w) for w in _ONE["once_nouns"])


def _is_han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (False for the empty string)."""
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def _unit(published: str) -> str:
    """The unit as the tables spell it.

    >>> _unit("個"), _unit("％"), _unit("个多月"), _unit("百分点"), _unit("个工作日")
    ('个', '%', '个月', '个百分点', '个工作日')
    """
    unit = published.translate(_TO_SIMPLIFIED)
    if unit.startswith("个") and len(unit) > 2 and unit[1] in "多余":
        unit = "个" + unit[2:]
    return _ALIASES.get(unit, unit)


def _read_number(num: str, magnitudes: Iterable[str | None]) -> Decimal | None:
    """The value of a number and the 万/亿 after it.

    >>> _read_number("7.132", ["万", None]), _read_number("5380", [None, "亿"]), _read_number("近", [])
    (Decimal('71320'), Decimal('538000000000'), None)
    >>> _read_number("三十五点五", []), _read_number("1,200", ["千"])
    (Decimal('35.5'), Decimal('1200000'))
    """
    head, _, decimals = num.partition("点")
    value = to_decimal(head) if sum(c.isdigit() for c in head) <= _MAX_DIGITS else None
    if value is None:
        return None
    if decimals:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in decimals))
    for mag in magnitudes:
        for char in mag or "":
            value *= _MAGNITUDE[char]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _metric_from_match(text: str, match: re.Match, start: int, previous: Metric | None) -> Metric | None:
    """Build the Metric for an accepted candidate, or None when its number does not read."""
    if match["pct"]:
        value, value_max, unit = _read_number(match["pct"], []), None, "%"
    else:
        magnitudes = [match["mag"], match["mag2"]]
        value, unit = _read_number(match["num"], magnitudes), _unit(match["unit"])
        value_max = _read_number(match["num2"], magnitudes) if match["num2"] else None
    kind = _UNIT_KIND.get(unit, "count")
    if value is None or (match["pct1"] and unit != "%"):
        return None
    if kind == "count" and value != value.to_integral_value() and not match["mag"] and not match["mag2"]:
        return None  # 1．12项: a heading "1." glued to a count; counts are whole
    inner = match["mid"] or any(c in (match["unit"] or "") for c in "多余餘")  # 20余份, 一个多月
    approx = bool(start == match.start() and match["pre"] or inner or match["post"])
    clause = _clause_before(text, start, previous.end if previous else 0)
    subject = _subject_after(text, match.end()) if kind == "count" else None
    subject = subject or _subject_before(clause)
    if subject is None and previous and previous.unit == unit and not _RE_SENTENCE_BREAK.search(
        text, previous.end, start
    ):
        subject = previous.subject  # 25个问题，已完成整改19个: the 问题 named before
    comparison = _RE_COMPARISON.search(clause)
    direction = _RE_DIRECTION.search(clause)
    return Metric(
        raw=text[start:match.end()], start=start, end=match.end(), value=value, value_max=value_max,
        unit=unit, kind=kind, approx=approx, subject=subject,
        comparison=_COMPARISON[comparison.group()] if comparison else None,
        direction=direction.lastgroup if direction and direction.lastgroup != "level" else None,
    )


def _clause_before(text: str, start: int, floor: int) -> str:
    """The text between the last clause break (or the previous metric) and ``start``.

    >>> _clause_before("截至目前，共走访企业35家", 10, 0)
    '共走访企业'
    """
    window = text[max(floor, start - _CLAUSE_WINDOW):start]
    last = _RE_LAST_BREAK.match(window)
    return window[last.end():] if last else window


def _subject_after(text: str, end: int) -> str | None:
    """The noun phrase right after a measure word: 268起|案件|，.

    >>> _subject_after("268起案件，诉讼", 4), _subject_after("4个方面的问题", 2), _subject_after("35家，", 3)
    ('案件', '方面', None)
    """
    run = _RE_HAN_RUN.match(text, end)
    if not run or _RE_STOP.match(run.group()):
        return None  # nothing, or a verb or preposition: 4人到均川镇
    stop = _RE_STOP.search(run.group(), 1)
    noun = run.group()[:stop.start()] if stop else run.group()
    return noun.removesuffix("中") if len(noun) > 2 else noun  # 817个问题中，


def _subject_before(clause: str) -> str | None:
    """The noun phrase a number closes, without time words and verbs around it.

    >>> _subject_before("截止目前清查发放进度已完成"), _subject_before("诉讼收案同比减少"), _subject_before("占民商事结案")
    ('清查发放进度', '诉讼收案', '民商事结案')
    >>> _subject_before("同比上升")
    """
    subject = clause
    for _ in range(3):  # lead and tail words may uncover each other: 其中|已|完成
        subject = _RE_TAIL.sub("", _RE_LEAD.sub("", subject))
    stops = list(_RE_NOUN_START.finditer(subject, 0, max(0, len(subject) - 2)))
    if stops:  # 速裁团队共|结案: keep what follows the last function word
        subject = subject[stops[-1].end():]
    return subject[-_MAX_SUBJECT:] or None
