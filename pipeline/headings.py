"""headings: cleaned text → the numbered heading markers it contains, in order.

Line-start kinds (一、 · (一) · 1. · (1)) are headings only when they open a
line; 一是/二是, 第一， and ① items are also found in the middle of a
paragraph, after a sentence boundary. Full-width and half-width forms match
alike; the text is never rewritten.

>>> [(h.kind, h.ordinal, h.title) for h in find_headings("一、总体情况\\n(1)调整组成人员。2020年1月印发了")]
[('cn_dun', 1, '总体情况'), ('arabic_paren', 1, '调整组成人员')]
>>> find_headings("投入1.5亿元,完成97.57%")
[]
"""
from __future__ import annotations

import re

from .numerals import cn_to_int, fold_digits
from .scan import anchored_matches
from .types import Heading, MarkerKind

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # U+3220.. parenthesized ideographs
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # U+2474..
_DOT_DIGIT = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"  # U+2488..

# Markers that must open a line (after optional indentation).
_LINE_START = re.compile(
    rf"""
    ^[ \t\u3000]*
    (?:
        (?P<cn_dun>(?P<n1>[{_CN}]{{1,3}})[、\N{{IDEOGRAPHIC FULL STOP}}]?[、,，.．])       # 一、
      | (?P<cn_paren>[(\N{{FULLWIDTH LEFT PARENTHESIS}}](?P<n2>[{_CN}]{{1,3}})[)\N{{FULLWIDTH RIGHT PARENTHESIS}}][、,，.．]?
                     |(?P<n2b>[{_PAREN_CN}]))                                             # (一) （一） ㈠
      | (?P<arabic_paren>[(\N{{FULLWIDTH LEFT PARENTHESIS}}](?P<n4>[0-9０-９]{{1,2}})[)\N{{FULLWIDTH RIGHT PARENTHESIS}}][、,，.．]?
                     |(?P<n4b>[{_PAREN_DIGIT}]))                                          # (1) （1） ⑴
      | (?P<arabic_dot>(?P<n3>[0-9０-９]{{1,2}})[.．、](?![0-9０-９])
                     |(?P<n3b>[{_DOT_DIGIT}]))                                            # 1. 1． 1、 ⒈
    )
    """,
    re.MULTILINE | re.VERBOSE,
)

# Markers that may also sit inside a paragraph: 一是 and 第一， after a sentence boundary, ① anywhere.
# The scan is anchored on the rare characters 是 / 第 / ① (a pattern that starts with a class of
# common numerals is ~10× slower); the numerals before 是 and the boundary are checked in code.
_INLINE = re.compile(
    rf"""
        (?P<shi>是)(?![非否的以为])                           # 一是 (not 一是否 / 是非)
      | (?P<cn_di>第(?P<n6>[{_CN}]{{1,3}})[,，、:：])         # 第一，
      | (?P<circled>(?P<n7>[{_CIRCLED}]))                    # ①
    """,
    re.VERBOSE,
)
_INLINE_CANDIDATE = re.compile(f"[是第{_CIRCLED}]")  # a charset scan runs in C, ~7x faster than _INLINE
_BOUNDARY = frozenset("。；;：:！!？?\n")
_CN_SET = frozenset(_CN)


def _inline_groups(text: str, m: re.Match) -> dict[str, str | None] | None:
    """Named groups of an inline marker, or None when it is not one (一是 needs its numeral)."""
    if m.group("shi") is None:
        return m.groupdict()
    start = m.start()
    while start > m.start() - 3 and start > 0 and text[start - 1] in _CN_SET:
        start -= 1
    if start == m.start():
        return None
    numeral = text[start:m.start()]
    return {"cn_shi": text[start:m.end()], "n5": numeral, "_start": start}  # type: ignore[dict-item]


_TITLE_END = re.compile(r"[。；;：:！!？?\n]")
_TRAILING = " \t\u3000,，、.．"


def _ordinal(groups: dict[str, str | None]) -> int | None:
    for name in ("n1", "n2", "n3", "n4", "n5", "n6"):
        digits = groups.get(name)
        if digits:
            folded = fold_digits(digits)
            return int(folded) if folded.isdigit() else cn_to_int(digits)
    for name, table in (("n2b", _PAREN_CN), ("n4b", _PAREN_DIGIT), ("n3b", _DOT_DIGIT), ("n7", _CIRCLED)):
        char = groups.get(name)
        if char:
            return table.index(char) + 1
    return None


def _kind(groups: dict[str, str | None]) -> MarkerKind:
    for kind in ("cn_dun", "cn_paren", "arabic_dot", "arabic_paren", "cn_shi", "cn_di", "circled"):
        if groups.get(kind) is not None:
            return kind  # type: ignore[return-value]
    raise AssertionError("a marker pattern matched without a kind")


def _title(text: str, start: int) -> tuple[str, int]:
    """Title after a marker: the whole line, or up to the first 。；： when the heading runs on."""
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    stop = _TITLE_END.search(text, start)
    end = stop.start() if stop else len(text)
    title = text[start:end].rstrip(_TRAILING)
    return title, start + len(title)


def _at_line_start(text: str, start: int) -> bool:
    """True when only indentation stands between ``start`` and the start of its line."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] == "\n"


def _after_boundary(text: str, start: int) -> bool:
    """True at the start of a line or right after a sentence mark (indentation allowed)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] in _BOUNDARY


def find_headings(text: str) -> list[Heading]:
    """Every heading marker in ``text``, in document order."""
    found: dict[int, Heading] = {}
    line_start_matches = _LINE_START.finditer(text)
    inline_matches = anchored_matches(_INLINE, _INLINE_CANDIDATE, text)
    for pattern, matches in ((_LINE_START, line_start_matches), (_INLINE, inline_matches)):
        for m in matches:
            groups = m.groupdict() if pattern is _LINE_START else _inline_groups(text, m)
            if groups is None:
                continue
            kind = _kind(groups)
            marker_start = groups.pop("_start") if "_start" in groups else m.start(kind)  # type: ignore[assignment]
            if kind in ("cn_shi", "cn_di") and not _after_boundary(text, marker_start):
                continue
            if marker_start in found:
                continue
            ordinal = _ordinal(groups)
            if ordinal is None:
                continue
            title, title_end = _title(text, m.end())
            marker = groups[kind].strip()  # type: ignore[union-attr]
            if not title and kind in ("cn_shi", "cn_di", "circled"):
                continue
            line_start = _at_line_start(text, marker_start)
            found[marker_start] = Heading(
                marker=marker,
                kind=kind,
                ordinal=ordinal,
                start=marker_start,
                title=title,
                title_end=title_end,
                line_start=line_start,
            )
    return [found[k] for k in sorted(found)]
