"""clean_pages: the page layout of a text copied from a PDF, undone (two cleaners of ``clean``).

- ``remove_page_numbers``: lines that only number a page (- 3 -, —１—, 第 2 页 共 6 页) go,
  with the running header or footer beside them.
- ``join_wrapped_lines``: a text hard-wrapped at a fixed width has each wrapped line joined
  to the next, so that numbers, dates, titles and 一是 items cut by a line end read whole.

Both read ``lexicon/boilerplate.yaml`` and leave every other text untouched: a notice copied
from a web page has neither page numbers nor lines of one width.

>>> text = "　　整改完成率\\n84.2%，已整改16个问题，正在整改3个，整改率为\\n- 1 -\\n"
>>> [(e.start, e.end) for e in remove_page_numbers(text).edits]
[(35, 41)]
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import re

from .offsets import Cleaned, Edit
from .pattern_cache import cached_compile
from .resources import load_yaml
from .scan import LineScan, line_scan, whole_lines

_INDENT = " \t\u3000\xa0"
_TRAILING = " \t\u3000\xa0\r"
_SENTENCE_END = frozenset("。！？!?；;：:”’」』）)】…")
# a row of a table pasted as text (cells, not prose): tabs, wide gaps, bars, or three single spaces
_TABLE_CELLS = cached_compile(r"\t|[ \u3000]{2}\S|[|｜]|\S \S+ \S+ \S")
# a line that opens with a heading marker (一、 · （一） · 1. · 1、 · 1） · ① · ⑴ · 一是 · 第一， · ▲一、) or
# with a short label and a colon (整改情况：): never the tail of a wrapped line
_HEADING_START = cached_compile(
    rf"[ \t\u3000]*[{re.escape(load_yaml('headings.yaml')['decorations'])}]?[ \t\u3000]*"
    r"(?:[一二三四五六七八九十]{1,3}[、.．是]|[(（][一二三四五六七八九十0-9０-９]{1,3}[)）]|[0-9０-９]{1,2}(?:[.．、](?![0-9０-９])|[)）])"
    r"|[①-⑳⑴-⒇㈠-㈩]|第[一二三四五六七八九十]{1,3}[，,、]|[\u4e00-\u9fff]{2,6}[:：])")


@lru_cache(maxsize=1)
def _layout() -> tuple[LineScan, int, dict]:
    data = load_yaml("boilerplate.yaml")
    return line_scan(data["page_numbers"]), int(data["running_header_max_chars"]), data["wrapped_lines"]


def remove_page_numbers(text: str) -> Cleaned:
    """Page-number lines, and the running header or footer beside them.

    A running header (or footer) is a line that recurs, identical, next to two or more page
    numbers; only those occurrences go, so a title that happens to read the same elsewhere stays.

    >>> text = "甲\\n- 1 -\\n某局整改通报\\n乙\\n- 2 -\\n某局整改通报\\n丙"
    >>> [text[e.start:e.end] for e in remove_page_numbers(text).edits]
    ['- 1 -\\n', '某局整改通报\\n', '- 2 -\\n', '某局整改通报\\n']
    """
    scan, longest, _ = _layout()
    pages = whole_lines(scan, text)
    if not pages:
        return Cleaned()
    neighbours: list[tuple[str, int, int]] = []  # (stripped text, start, end with newline)
    for start, end in pages:
        if start > 0:
            before = text.rfind("\n", 0, start - 1) + 1
            neighbours.append((text[before:start - 1].strip(_TRAILING), before, start))
        if end < len(text):
            after = text.find("\n", end)
            after = len(text) if after < 0 else after + 1
            neighbours.append((text[end:after].strip(_TRAILING), end, after))
    counts = Counter(line for line, _, _ in neighbours)
    spans = set(pages)
    spans.update((start, end) for line, start, end in neighbours
                 if line and counts[line] >= 2 and len(line) <= longest and "。" not in line)
    edits: list[Edit] = []
    for start, end in sorted(spans):
        if edits and start < edits[-1].end:
            continue  # a header that is also a page's number line
        edits.append(Edit(start, end))
    return Cleaned(edits)


def _width(line: str) -> int:
    """Display width: a wide (CJK) character counts 2, an ASCII one 1."""
    return 2 * len(line) - len(line.encode("ascii", "ignore"))


def join_wrapped_lines(text: str) -> Cleaned:
    """Join each line of a hard-wrapped text to the next where the layout, not the author, broke it.

    The text counts as hard-wrapped when most of its prose lines end at one display width, mostly
    mid-sentence. A line that reaches that width is joined to the next unless the next is blank,
    a table row, a heading, or opens a paragraph: indented where the notice indents its
    paragraphs, else after a sentence end.

    >>> text = "　　根据县委统一部署，县委第二巡察组对县农业农村局\\n党组开展了常规巡察，共反馈各类问题19个，已完成整改1\\n6个。\\n" * 4
    >>> clean = text
    >>> for e in reversed(join_wrapped_lines(text).edits):
    ...     clean = clean[:e.start] + e.replacement + clean[e.end:]
    >>> clean.splitlines()[0]
    '　　根据县委统一部署，县委第二巡察组对县农业农村局党组开展了常规巡察，共反馈各类问题19个，已完成整改16个。'
    """
    _, _, rules = _layout()
    newlines = text.count("\n")
    if newlines + 1 < rules["min_lines"] or len(text) / (newlines + 1) > rules["max_mean_chars"]:
        return Cleaned()  # one paragraph a line (a web page), or too little to tell
    lines: list[tuple[int, int, str]] = []  # (start, end of content, content) of every line
    start = 0
    for line in text.split("\n"):
        content = line.rstrip(_TRAILING)
        lines.append((start, start + len(content), content))
        start += len(line) + 1
    prose = [_width(c) for _, _, c in lines if c.strip(_INDENT) and not _TABLE_CELLS.search(c.lstrip(_INDENT))]
    if len(prose) < rules["min_lines"]:
        return Cleaned()
    wrap = sorted(prose)[int(0.9 * (len(prose) - 1))]
    if not rules["min_width"] <= wrap <= rules["max_width"]:
        return Cleaned()
    full_width = wrap - max(4, int(wrap * rules["width_tolerance"]))
    full = [i for i, (_, _, c) in enumerate(lines)
            if _width(c) >= full_width and not _TABLE_CELLS.search(c.lstrip(_INDENT))]
    if len(full) < max(rules["min_full_lines"], rules["full_share"] * len(prose)) or \
            sum(lines[i][2][-1] not in _SENTENCE_END for i in full) * 2 < len(full):
        return Cleaned()
    indented = _indents_paragraphs(lines, set(full))
    edits: list[Edit] = []
    for i in full:
        if i + 1 >= len(lines):
            break
        _, end, content = lines[i]
        next_start, _, following = lines[i + 1]
        if not following.strip(_INDENT) or _TABLE_CELLS.search(following.lstrip(_INDENT)):
            continue
        if following[0] in _INDENT or (not indented and content[-1] in _SENTENCE_END) \
                or _HEADING_START.match(following):
            continue  # a new paragraph, a heading or a labelled field
        joint = " " if content[-1].isascii() and content[-1].isalpha() and following[0].isascii() \
            and following[0].isalpha() else ""
        edits.append(Edit(end, next_start, joint))
    return Cleaned(edits)


def _indents_paragraphs(lines: list[tuple[int, int, str]], full: set[int]) -> bool:
    """Whether the lines after short lines (the first lines of paragraphs) are mostly indented."""
    firsts = [lines[i + 1][2] for i in range(len(lines) - 1)
              if i not in full and lines[i][2].strip(_INDENT) and lines[i + 1][2].strip(_INDENT)]
    return bool(firsts) and sum(line[0] in _INDENT for line in firsts) * 2 > len(firsts)
