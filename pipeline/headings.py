"""headings: cleaned text → the numbered heading markers it contains, in order.

Line-start kinds (一、 · (一) · 1. · (1)) are headings when they open a
line; (一) and (1) also inside a paragraph after a sentence boundary when
the paragraph holds the next or previous number too (整改措施：(1)……；(2)……).
一是/二是, 第一， and ① items are also found in the middle of a
paragraph, after a sentence boundary. Full-width and half-width forms match
alike; the text is never rewritten.

>>> [(h.kind, h.ordinal, h.title) for h in find_headings("一、总体情况\\n(1)调整组成人员。2020年1月印发了")]
[('cn_dun', 1, '总体情况'), ('arabic_paren', 1, '调整组成人员')]
>>> find_headings("投入1.5亿元,完成97.57%")
[]
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from operator import itemgetter, methodcaller

from .numerals import cn_to_int, fold_digits
from .pattern_cache import cached_compile
from .resources import load_yaml
from .types import Heading, MarkerKind

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"  # U+2460..U+2473, contiguous
_PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # U+3220.. parenthesized ideographs
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # U+2474..
_DOT_DIGIT = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"  # U+2488..

# Markers that must open a line (after optional indentation). Each alternative is one named
# group, the marker kind, so ``m.lastgroup`` names the kind and ``m.end(kind)`` ends the marker.
# Damaged copies put spaces inside markers (一 、 · （ 一 ） · 1 .); they are allowed.
# 一、二级 · 三、四季度 name a range of numbers, not a heading: see headings.yaml.
_HEADINGS_LEXICON = load_yaml("headings.yaml")
_RANGE_WORDS = "|".join(map(re.escape, _HEADINGS_LEXICON["number_range_words"]))
# 1、 may be followed by a number (1、5个部门……) unless that names a list: 2、3月份 · 1、2号 · 1、2、3.
_DIGIT_RANGE_WORDS = "|".join(map(re.escape, sorted(
    _HEADINGS_LEXICON["number_range_words"] + _HEADINGS_LEXICON["digit_range_words"], key=len, reverse=True)))
_DIGIT_AFTER_DUN = rf"、(?![0-9０-９]{{1,2}}(?:[、,，.．]|{_DIGIT_RANGE_WORDS}))"
# 1．2023年10月，…… and 2.7月,修订……: a heading whose title opens with a date (a decimal is no year, nor a month)
# (3．2017—2019年度结转的项目: a span of years too)
_OR_A_DATE = "|[.．。](?=[12１２][0-9０-９]{3}(?:[—–\\-－至~～][12１２][0-9０-９]{3})?年|[0-9０-９]{1,2}月)"
#: what may precede a line-start marker on its line: indentation and one decoration (▲（一）)
LINE_LEAD = " \t\u3000" + _HEADINGS_LEXICON["decorations"]
_DECORATIONS = re.escape(_HEADINGS_LEXICON["decorations"])
_LINE_MARKER = rf"""
    [ \t\u3000]*(?:[{_DECORATIONS}][ \t\u3000]*)?
    (?:
        (?P<cn_dun>(?P<n1>[{_CN}]{{1,3}})[ \t\u3000]*[、\N{{IDEOGRAPHIC FULL STOP}}]?[、,，.．]
                   (?![{_CN}]{{1,2}}(?:{_RANGE_WORDS})))                                  # 一、
      | (?P<cn_paren>[(\N{{FULLWIDTH LEFT PARENTHESIS}}][ \t\u3000]*(?P<n2>[{_CN}]{{1,3}})[ \t\u3000]*[)\N{{FULLWIDTH RIGHT PARENTHESIS}}][、,，.．]?
                     |(?P<n2b>[{_PAREN_CN}]))                                             # (一) （一） ㈠
      | (?P<arabic_paren>[(\N{{FULLWIDTH LEFT PARENTHESIS}}]?[ \t\u3000]*(?P<n4>[0-9０-９]{{1,2}})[ \t\u3000]*[)\N{{FULLWIDTH RIGHT PARENTHESIS}}][、,，.．]?
                     |(?P<n4b>[{_PAREN_DIGIT}]))                                          # (1) （1） 1） ⑴
      | (?P<arabic_dot>(?P<n3>[0-9０-９]{{1,2}})[ \t\u3000]*(?:[.．。](?![0-9０-９]){_OR_A_DATE}|{_DIGIT_AFTER_DUN})
                     |(?P<n3b>[{_DOT_DIGIT}]))                                            # 1. 1． 1、 1。 ⒈
    )
    """
# The title after a marker: to the line end or the first 。；：, after indentation; a colon after at
# most three characters names a field or a place and the title goes on (问题:……, 红星村:……; not 整改目标:),
# and so does one after a body's name (县水利局:……, lexicon name_suffixes).
_NAME_PREFIXES, _NAME_SUFFIXES = ("|".join(map(re.escape, sorted(_HEADINGS_LEXICON[key], key=len, reverse=True)))
                                  for key in ("name_prefixes", "name_suffixes"))
_TITLE_BODY = (rf"(?:(?:[^。；;：:！!？?\n]{{1,3}}|(?:{_NAME_PREFIXES})[\u4e00-\u9fff]{{0,12}}?(?:{_NAME_SUFFIXES}))"
               r"[：:](?=[^\s。；;：:]))?(?:[^。；;：:！!？?\n]|\?{2,}|(?<![吗呢么何哪])\?(?=[\u4e00-\u9fff]))*")  # 对??名: lost characters
_TITLE_TEXT = rf"[ \t\u3000]*(?P<title>{_TITLE_BODY})"
# The first line is matched on its own; every later line through the newline that opens it.
# A pattern that starts with a literal "\n" is scanned in C at memchr speed, while a multiline
# ``^`` is tried at every position (~8x slower); the lookahead consumes only the newline, so
# every line is tried. The title is captured by the same match (it always matches, so it
# never changes which marker is found).
_FIRST_LINE = cached_compile(_LINE_MARKER + _TITLE_TEXT, re.VERBOSE)
_NEXT_LINE = cached_compile(rf"\n(?={_LINE_MARKER}{_TITLE_TEXT})", re.VERBOSE)
assert _FIRST_LINE.groupindex == _NEXT_LINE.groupindex
_TITLE_GROUP = _FIRST_LINE.groupindex["title"]


def _line_kind(kind: str, number: str, char: str, table: str) -> tuple[int, str, int, int, str]:
    """(index in ``m.groups()`` of the kind's group, kind, of its number, of its one-character form, table)."""
    index = _FIRST_LINE.groupindex
    return index[kind] - 1, kind, index[number] - 1, index[char] - 1, table


#: per line-start kind: where ``m.groups()`` holds its marker, its number or its one-character form
_LINE_KINDS = (
    _line_kind("cn_dun", "n1", "n1", ""),
    _line_kind("cn_paren", "n2", "n2b", _PAREN_CN),
    _line_kind("arabic_paren", "n4", "n4b", _PAREN_DIGIT),
    _line_kind("arabic_dot", "n3", "n3b", _DOT_DIGIT),
)

# Markers that may also sit inside a paragraph: 一是 and 第一， after a sentence boundary, ① anywhere.
# Each is scanned on its own, anchored on a rare literal (是 / 第; a pattern that starts with a class
# of common numerals is ~10× slower); the numerals before 是 and the boundary are checked in code.
# No inline marker can contain another one's first character, so the separate scans find exactly
# what one left-to-right scan of the three alternatives would.
_SHI = cached_compile(r"是(?![非否的])")  # 一是 (not 一是否 / 是非)
# 是以 also reads "therefore", 是为 "is for": 三是以巡察整改为契机, 二是为基层减负 are headings only as part of
# a series (_in_series)
_SHI_THEREFORE = ("以", "为")
_DI = cached_compile(rf"第([{_CN}]{{1,3}})(?:[,，:：]|、(?![{_CN}]{{1,2}}(?:{_RANGE_WORDS})))")  # 第一， (not 第二、三季度)
_CIRCLED_RE = cached_compile(f"[{_CIRCLED[0]}-{_CIRCLED[-1]}]")  # ①
_CIRCLED_UTF8 = _CIRCLED[0].encode()[:2]  # the UTF-8 lead bytes shared by ①..⑳ (and 63 neighbours)
# (1) and (一) inside a paragraph (整改措施：（1）……；（2）……): only right after a sentence boundary,
# and only as part of a series (its paragraph holds the number before or after it), since a parenthesised number is often no
# list item: 第（3）项 · 〔2023〕12号 · 《……》(2021) · 见第（1）（2）条. One pattern per parenthesis,
# each anchored on its literal: a pattern that opens with the class [(（] is ~4x slower.
_PAREN_NUMBER = rf"[ \t\u3000]*(?:(?P<digits>[0-9０-９]{{1,2}})|(?P<cn>[{_CN}]{{1,3}}))[ \t\u3000]*[)\N{{FULLWIDTH RIGHT PARENTHESIS}}]"
_PAREN_INLINE = tuple((left, cached_compile(re.escape(left) + _PAREN_NUMBER)) for left in "(\N{FULLWIDTH LEFT PARENTHESIS}")
_BOUNDARY = frozenset("。；;：:！!？?\n")
_BREAK = cached_compile("[" + "".join(sorted(_BOUNDARY)) + "]")
# 一、 and 1. / 1、 inside a paragraph (……予以公布。一、整改工作基本情况 …… 问题。1.执行难问题……): only
# right after a full stop (1. also after ：, not 一、 after ：or ，, where it lists things), and only as part of a series
# (the paragraph holds the number before or after it). One pattern per sentence mark, led by it.
_DUN_NUMBER = rf"""[ \t\u3000]*(?:
    (?P<cn>[{_CN}]{{1,3}})[ \t\u3000]*、(?![{_CN}]{{1,2}}(?:{_RANGE_WORDS}))
  | (?P<digits>[0-9０-９]{{1,2}})[ \t\u3000]*(?:[.．](?![0-9０-９]){_OR_A_DATE}|{_DIGIT_AFTER_DUN}))"""
_DUN_INLINE = tuple((mark, cached_compile(re.escape(mark) + _DUN_NUMBER, re.VERBOSE)) for mark in "。；;！!？?")
# 1. (never 一、) may open a series right after a colon too: 整改情况：1．优化支部设置。……2．加强……
_DIGITS_AFTER_COLON = rf"[ \t\u3000]*(?P<digits>[0-9０-９]{{1,2}})[ \t\u3000]*(?:[.．](?![0-9０-９]){_OR_A_DATE}|{_DIGIT_AFTER_DUN})"
_DUN_INLINE += tuple((mark, cached_compile(re.escape(mark) + _DIGITS_AFTER_COLON)) for mark in "：:")
_LIST_LABELS = tuple(_HEADINGS_LEXICON["list_labels"])  # 附件：1.……: attachments, no headings
_DUN_KINDS = {"cn": "cn_dun", "digits": "arabic_dot"}
# In text run together on a few long lines (a page copy that lost its line breaks), 1. may follow a
# heading's title with no mark at all (……的问题1.廉政风险防控): digits glued to a word, a point and a
# word, which no decimal number is. Only in such text, and only as part of a series.
_RUN_TOGETHER = 250  # characters per line on average
_NOT_GLUED_AFTER = ("附件", "附表", "表", "图", "第", "条", "款", "号")
_GLUED_DOT = cached_compile(r"(?<=[\u4e00-\u9fff])(?P<digits>[0-9０-９]{1,2})[.．](?=[\u4e00-\u9fff])")
_CN_SET = frozenset(_CN)

# A title runs from the marker (after indentation) to the line end or the first 。；： (as _TITLE_TEXT).
_TITLE = cached_compile(rf"[ \t\u3000]*({_TITLE_BODY})")
_TRAILING = " \t\u3000,，、.．】]"

_number_cache: dict[str, int | None] = {}


def _number(digits: str) -> int | None:
    """The value of a marker's number: Arabic (either width) or Chinese; cached, numbers repeat."""
    value = _number_cache.get(digits, _number_cache)
    if value is _number_cache:
        folded = fold_digits(digits)
        value = int(folded) if folded.isdigit() else cn_to_int(digits)
        _number_cache[digits] = value
    return value  # type: ignore[return-value]


def _after_boundary(text: str, start: int) -> bool:
    """True at the start of a line or right after a sentence mark (indentation allowed)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] in _BOUNDARY


def _at_line_start(text: str, start: int) -> bool:
    """True when only indentation stands between ``start`` and the start of its line."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] == "\n"


def _after_comma(text: str, start: int) -> bool:
    """True right after a comma or an opening quote (一是……，二是……: a series of clauses in one
    sentence; 他说，“第一，……；第二，……”: a series an official lists)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i >= 0 and text[i] in ",，“「‘"


def _shi_series(text: str, inline: list[tuple[int, int, str, str | int]]) -> set[tuple[int, str, int | None]]:
    """(line start, kind, ordinal) of every 一是/二是 and 第一/第二 candidate, wherever it stands."""
    return {(_line_start(text, start), kind, _number(number))  # type: ignore[arg-type]
            for start, _, kind, number in inline if kind in _SERIES_KINDS}


_SERIES_KINDS = ("cn_shi", "cn_di")


def _in_series(text: str, start: int, kind: str, ordinal: int | None,
               series: set[tuple[int, str, int | None]]) -> bool:
    """An 一是 or 第一 after a comma is a heading when its paragraph also holds the one before or after it."""
    if ordinal is None:
        return False
    line = _line_start(text, start)
    return (line, kind, ordinal - 1) in series or (line, kind, ordinal + 1) in series


def _line_start(text: str, pos: int) -> int:
    """Where the line holding ``pos`` starts: searched back a short way, as most lines are short, else by
    bisect over the line breaks found once, so that a page run together on one line stays linear."""
    near = text.rfind("\n", pos - _NEAR if pos > _NEAR else 0, pos)
    if near >= 0 or pos <= _NEAR:
        return near + 1
    breaks = _line_breaks(text)
    i = bisect.bisect_left(breaks, pos)
    return breaks[i - 1] + 1 if i else 0


_NEAR = 256  # characters searched back for a line break before the line breaks are listed


@lru_cache(maxsize=2)  # the text being scanned (and the one before): listed once, only for long lines
def _line_breaks(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE_RE.finditer(text)]


_NEWLINE_RE = cached_compile("\n")


def _title_on_next_line(text: str, end: int) -> tuple[str, int]:
    """The title of a marker that ends its line: the next line, unless that opens a heading too."""
    if end >= len(text) or text[end] != "\n" or _FIRST_LINE.match(text, end + 1):
        return "", end
    t = _TITLE.match(text, end + 1)
    title = t.group(1).rstrip(_TRAILING)
    return title, t.start(1) + len(title)


#: one heading as scanned: (start, marker, kind, ordinal, title, title_end, line_start)
HeadingRow = tuple[int, str, MarkerKind, int, str, int, bool]
_row_start = itemgetter(0)
_match_start = methodcaller("start")


def scan_headings(text: str) -> list[HeadingRow]:
    """Every heading marker in ``text`` as plain tuples, in document order (see ``find_headings``).

    The outline builds its tree straight from these rows: ~100 headings per notice, and a
    tuple costs a fraction of a frozen dataclass.
    """
    rows: list[HeadingRow] = []
    title_match = _TITLE.match

    # Line-start markers: at most one per line, always at the line start, so in order.
    # ``m.groups()`` is read once: one call instead of one per group.
    first = _FIRST_LINE.match(text)
    for m in ([first] if first else []) + list(_NEXT_LINE.finditer(text)):
        groups = m.groups()
        for index, kind, number_index, char_index, table in _LINE_KINDS:
            if groups[index] is not None:
                break
        digits = groups[number_index]
        if digits:
            ordinal = _number(digits)
        else:
            char = groups[char_index]
            ordinal = table.index(char) + 1 if char else None
        if ordinal is None:
            continue
        title = groups[_TITLE_GROUP - 1].rstrip(_TRAILING)
        title_end = m.start(_TITLE_GROUP) + len(title)
        if not title:  # a marker alone on its line (copied from a PDF): its title is the next line
            title, title_end = _title_on_next_line(text, m.end(_TITLE_GROUP))
        rows.append((m.start(kind), groups[index], kind, ordinal, title,  # type: ignore[arg-type]
                     title_end, True))

    # Inline markers: (start, end of the marker, kind, its numerals or the circled number)
    inline: list[tuple[int, int, str, str | int]] = []
    therefore: set[int] = set()  # starts of 一是以 candidates: headings only inside a series
    for m in _SHI.finditer(text):
        shi = m.start()
        start = shi
        while start > shi - 3 and start > 0 and text[start - 1] in _CN_SET:
            start -= 1
        if start != shi:  # 是 needs its numeral
            inline.append((start, shi + 1, "cn_shi", text[start:shi]))
            if text.startswith(_SHI_THEREFORE, shi + 1):
                therefore.add(start)
    for m in _DI.finditer(text):
        inline.append((m.start(), m.end(), "cn_di", m.group(1)))
    # a cheap test first: a UTF-8 encode costs a quarter of a charset scan
    if _CIRCLED_UTF8 in text.encode("utf-8", "surrogatepass"):
        for m in _CIRCLED_RE.finditer(text):
            inline.append((m.start(), m.end(), "circled", _CIRCLED.index(m.group()) + 1))
    # (1)/(一) after a boundary: those that open a line are found above, and count here only as
    # the neighbours of inline ones; most notices have none inline, and then nothing more is done.
    inside: list[re.Match] = []
    opening: list[re.Match] = []
    embedded: list[re.Match] = []  # (一) run into the text before it: see _opens_in_title
    for left, pattern in _PAREN_INLINE:
        if left not in text:
            continue
        for m in pattern.finditer(text):
            start = m.start()
            before = text[start - 1] if start else "\n"
            if before == "\n":
                opening.append(m)
            elif before in _BOUNDARY:
                if not _quoted(text, _line_start(text, start), start):
                    inside.append(m)
            elif before in " \t\u3000" and _after_boundary(text, start):
                (opening if _at_line_start(text, start) else inside).append(m)
            elif _number(m.group(m.lastgroup)) == 1:
                # a series may open after a comma (以此为契机，（一）持续推进……；（二）……): still one with its (二),
                # not a reference (第五条，（一）款)
                if before not in "，,":
                    embedded.append(m)
                elif not text.startswith(_REFERENCE_AFTER, m.end()):
                    inside.append(m)
    if inside:
        lines = {(_line_start(text, m.start()), m.lastgroup, _number(m.group(m.lastgroup)))
                 for m in inside + opening}
        for m in inside:
            start, digits = m.start(), m.lastgroup
            number = m.group(digits)
            ordinal = _number(number)
            if ordinal is not None and _next_to(text, start, lines, digits, ordinal):
                inline.append((start, m.end(), "arabic_paren" if digits == "digits" else "cn_paren", number))
    glued = _dun_inline(text, rows, inline)
    if not inline:
        if embedded and inside:
            _opens_in_title(text, rows, embedded, inside)
        return rows
    taken = {row[0] for row in rows}
    # where each marker found so far ends (line-start headings, 一、 inside a paragraph), for _in_a_title
    marker_ends = sorted([row[0] + len(row[1]) for row in rows]
                         + [end for _, end, kind, _ in inline if kind in _DUN_KINDS.values()])
    series = None  # cn_shi ordinals per line, built only when one follows a comma
    breaks = None  # where the sentence marks are, found once when a marker may be run into a title
    for start, marker_end, kind, number in inline:
        if start in therefore:  # 三是以……: after a boundary or a comma, and only next to 二是 or 四是
            if not (_after_boundary(text, start) or _after_comma(text, start)):
                continue
            if series is None:
                series = _shi_series(text, inline)
            if not _in_series(text, start, kind, _number(number), series):  # type: ignore[arg-type]
                continue
        elif kind not in _CHECKED_KINDS and start not in glued and not _after_boundary(text, start):
            # after a comma, or run into a heading's title (三、下一步工作打算一是……，二是……)
            if kind not in _SERIES_KINDS:
                continue
            if not _after_comma(text, start):
                if breaks is None:
                    breaks = [m.start() for m in _BREAK.finditer(text)]
                if not _in_a_title(breaks, marker_ends, start):
                    continue
            if series is None:
                series = _shi_series(text, inline)
            if not _in_series(text, start, kind, _number(number), series):  # type: ignore[arg-type]
                continue
        if start in taken:
            continue
        ordinal = _number(number) if isinstance(number, str) else number
        if ordinal is None:
            continue
        t = title_match(text, marker_end)
        title = t.group(1).rstrip(_TRAILING)
        title_end = t.start(1) + len(title)
        if not title and kind != "circled":  # a line broken right after the marker (……；二是\n深化以案促改): its
            title, title_end = _title_on_next_line(text, t.end())  # title is the next line (not a footnote's ①)
        if not title:
            continue
        taken.add(start)
        rows.append((start, text[start:marker_end], kind, ordinal, title,  # type: ignore[arg-type]
                     title_end, _at_line_start(text, start)))
    rows.sort(key=_row_start)
    if embedded and inside:
        _opens_in_title(text, rows, embedded, inside)
    _end_titles_at_next(text, rows)
    return rows


# inline kinds kept whatever comes before them: ① and the (一) after a comma whose (二) was found (_next_to)
_CHECKED_KINDS = frozenset({"circled", "cn_paren", "arabic_paren"})
_REFERENCE_AFTER = ("款", "项", "条", "目")  # （一）款, （二）项: a clause of a rule, no heading


def _next_to(text: str, start: int, lines: set[tuple[int, str, int]], digits: str, ordinal: int) -> bool:
    """Whether the (n) at ``start`` has its (n-1) or (n+1) on its line (``lines``: line start, numerals,
    ordinal), or its (n-1) on the line before and its (n+1) on the line after where the break between
    them falls mid-sentence: a copy that broke a paragraph (……坚决整改。（一）强化组织领导。……认领问题\n24个。
    （二）细化整改任务。), not two paragraphs (整改措施：（1）建立台账。\n另外：（2）明确责任。)."""
    line = _line_start(text, start)
    if (line, digits, ordinal - 1) in lines or (line, digits, ordinal + 1) in lines:
        return True
    if line > 1 and text[line - 2] not in _BOUNDARY and (_line_start(text, line - 1), digits, ordinal - 1) in lines:
        return True
    end = text.find("\n", start)
    return end > 0 and text[end - 1] not in _BOUNDARY and (end + 1, digits, ordinal + 1) in lines


def _in_a_title(breaks: list[int], marker_ends: list[int], start: int) -> bool:
    """Whether ``start`` lies in the title of a heading marker ending before it, four characters or more
    after it (三、下一步工作打算一是……: a marker run into the title; not 一、一是), with no sentence mark between
    (``breaks``: where the marks are, found once)."""
    i = bisect.bisect_right(marker_ends, start) - 1
    return (i >= 0 and marker_ends[i] + 4 <= start
            and bisect.bisect_left(breaks, marker_ends[i]) == bisect.bisect_left(breaks, start))


def _end_titles_at_next(text: str, rows: list[HeadingRow]) -> None:
    """A title never runs over the next heading: 一是加强组织领导，二是完善工作机制 gives two titles."""
    for i in range(len(rows) - 1):
        row_start, marker, kind, ordinal, title, title_end, line_start = rows[i]
        next_start = rows[i + 1][0]
        title_start = title_end - len(title)
        if title_start < next_start < title_end:
            cut = text[title_start:next_start].rstrip(_TRAILING + ",，、 \t\u3000")
            if cut:
                rows[i] = (row_start, marker, kind, ordinal, cut, title_start + len(cut), line_start)


# the headings a (一) or a (1) may be run into, and the kind it then has (see _opens_in_title)
_RUN_INTO = {"cn": (("cn_dun",), "cn_paren"), "digits": (("cn_dun", "cn_paren", "arabic_dot"), "arabic_paren")}


def _opens_in_title(text: str, rows: list[HeadingRow], embedded: list[re.Match], inside: list[re.Match]) -> None:
    """A (一) run into the title of a 一、 heading (二、整改落实情况（一）关于……的问题。（二）……), or a (1) into
    the title of one above it (（一）关于……的问题 (1)城镇老旧小区改造推进迟缓。……(2)……), opens the next level when
    the paragraph holds its (二) or (2) after a sentence mark: the title ends before it."""
    seconds: dict[tuple[int, str], list[re.Match]] = {}  # the (二)s after a sentence mark, per line and numerals
    for m in sorted(inside, key=_match_start):  # in text order per line, for the bisect below
        if _number(m.group(m.lastgroup)) == 2:
            seconds.setdefault((_line_start(text, m.start()), m.lastgroup), []).append(m)
    taken = {row[0] for row in rows}
    for m in sorted(embedded, key=lambda m: (m.lastgroup != "cn", m.start())):  # (一) first: a (1) may be run into it
        start = m.start()
        hosts, own_kind = _RUN_INTO[m.lastgroup]
        on_line = seconds.get((_line_start(text, start), m.lastgroup), [])
        after = bisect.bisect_right(on_line, start, key=_match_start)  # the first (二) after it
        if text[start - 1] == "第" or after == len(on_line):  # 第（一）项: a reference
            continue
        for i, (row_start, marker, kind, ordinal, title, title_end, line_start) in enumerate(rows):
            if row_start > start:
                break
            title_start = title_end - len(title)
            if kind not in hosts or not title_start < start < title_end:
                continue
            head = text[title_start:start].rstrip(_TRAILING)
            t = _TITLE.match(text, m.end())
            rest = t.group(1).rstrip(_TRAILING)
            if len(head) >= 4 and rest:  # 见(一)规定: too short a title for a heading
                rows[i] = (row_start, marker, kind, ordinal, head, title_start + len(head), line_start)
                rows.insert(i + 1, (start, m.group(), own_kind, 1, rest, t.start(1) + len(rest), False))
                second = on_line[after]
                t = _TITLE.match(text, second.end())
                rest = t.group(1).rstrip(_TRAILING)
                if second.start() not in taken and rest:  # its (二), now part of a series
                    taken.add(second.start())
                    rows.append((second.start(), second.group(), own_kind, 2, rest, t.start(1) + len(rest), False))
                    rows.sort(key=_row_start)
            break


def _quoted(text: str, line: int, start: int) -> bool:
    """Whether ``start`` lies inside a “quotation” opened on its line: a list quoted from a document
    (要求“1．建立台账；2．实行销号”) is not the notice's own headings.

    Looked at within ``_QUOTE_REACH`` characters on either side, and only when the quotation closes
    after ``start``: a quote left open by a damaged copy (“两个维护") must not swallow the rest of a
    page run together on one line, and a long line must not be counted over for every marker.

    >>> _quoted("要求“1．建立台账；2．实行销号”", 0, 10), _quoted("“两个维护”。2．实行销号", 0, 7)
    (True, False)
    >>> _quoted('践行“两个维护"。一、整改情况。二、下一步', 0, 11)
    False
    """
    window = max(line, start - _QUOTE_REACH)
    return (text.count("“", window, start) > text.count("”", window, start)
            and text.find("”", start, start + _QUOTE_REACH) >= 0)


_QUOTE_REACH = 200  # longer than a list quoted from a document


def _dun_inline(text: str, rows: list[HeadingRow], inline: list[tuple[int, int, str, str | int]]) -> set[int]:
    """一、 and 1. after a full stop inside a paragraph, when the paragraph holds the number before or after it.

    Returns the starts of the 1. markers accepted glued to the word before them (run-together text)."""
    found: list[tuple[int, int, str, str, int, int]] = []  # start, end, kind, numerals, ordinal, line start
    for mark, pattern in _DUN_INLINE:
        if mark not in text:
            continue
        for m in pattern.finditer(text):
            group = m.lastgroup
            number = m.group(group)
            ordinal = _number(number)
            if ordinal is not None and not (mark in "：:" and text.endswith(_LIST_LABELS, 0, m.start())):
                start = m.start(group)
                line = _line_start(text, start)
                if not _quoted(text, line, start):
                    found.append((start, m.end(), _DUN_KINDS[group], number, ordinal, line))
    if len(text) > _RUN_TOGETHER * (text.count("\n") + 1):  # a page that lost its line breaks
        line, looked = 0, 0  # the line start, found from where the last match was (linear, not per match)
        for m in _GLUED_DOT.finditer(text):  # ……的问题1.廉政风险防控: "1." then a word is no decimal
            start = m.start()
            newline = text.rfind("\n", looked, start)
            line, looked = (newline + 1 if newline >= 0 else line), start
            if text.endswith(_NOT_GLUED_AFTER, max(0, start - 2), start):
                continue  # 附件1.整改任务清单: a name, not a heading
            number = m.group("digits")
            if not _quoted(text, line, start):
                found.append((start, m.end(), "arabic_dot", number, _number(number), line))
    if not found:
        return set()
    lines = {(line, kind, ordinal) for _, __, kind, ___, ordinal, line in found}
    lines.update((_line_start(text, row[0]), row[2], row[3]) for row in rows if row[2] in _DUN_KINDS.values())
    glued = set()
    for start, end, kind, number, ordinal, line in found:
        if (line, kind, ordinal - 1) in lines or (line, kind, ordinal + 1) in lines:
            inline.append((start, end, kind, number))
            if start and "\u4e00" <= text[start - 1] <= "\u9fff":
                glued.add(start)
    return glued


def find_headings(text: str) -> list[Heading]:
    """Every heading marker in ``text``, in document order."""
    return [Heading(marker=marker, kind=kind, ordinal=ordinal, start=start, title=title,
                    title_end=title_end, line_start=line_start)
            for start, marker, kind, ordinal, title, title_end, line_start in scan_headings(text)]
