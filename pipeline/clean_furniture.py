"""clean_furniture: cleaners that remove what a web page or a newspaper put around the notice.

Lines of page furniture (打印本页 关闭窗口, 浏览量, 字号 大 中 小; ``lexicon/boilerplate.yaml``), lists of
links to other articles (相关阅读, 往期推荐) and newspaper page markers ((下转第七版)), which are
removed where they cut a sentence and reported as an issue. Each cleaner is ``str -> Cleaned``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .clean_pages import _SENTENCE_END
from .offsets import Cleaned, Edit
from .pattern_cache import cached_compile
from .resources import load_yaml
from .scan import LineScan, first_chars, line_scan, literal_anchored_matches, required_chars, whole_lines
from .types import Issue

_STRIP = " \t\u3000\xa0\r"  # what line edges may carry
_SPACES = frozenset(" \t\u3000\xa0")
_SENTENCE_MARKS = cached_compile("[。；;！!？?]")


@lru_cache(maxsize=1)
def _link_lists() -> tuple[LineScan, int]:
    """The heading line of a list of links and the longest link title."""
    data = load_yaml("boilerplate.yaml")
    return line_scan(data["link_lists"]), int(data["link_item_max_chars"])


def _link_list_spans(text: str) -> list[Edit]:
    """A 相关链接 line with the link titles under it, up to the first line that reads like text."""
    scan, longest = _link_lists()
    starts = [start for start, _ in whole_lines(scan, text)]
    edits: list[Edit] = []
    for start in starts:
        if edits and start < edits[-1].end:  # a heading line inside the list before it
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        while end < len(text):
            stop = text.find("\n", end)
            stop = len(text) if stop < 0 else stop + 1
            item = text[end:stop].strip(_STRIP + "\n")
            if len(item) > longest or _SENTENCE_MARKS.search(item):
                break
            end = stop
        edits.append(Edit(start, end))
    return edits


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[LineScan, tuple[tuple[re.Pattern, frozenset[str] | None, str, str], ...],
                            tuple[re.Pattern, frozenset[str] | None, str]]:
    """Furniture patterns: whole lines, fragments and page markers.

    Fragments and markers come with the characters their matches start with and the ones
    every match contains (``scan.first_chars``, ``scan.required_chars``) for a fast scan.
    """
    data = load_yaml("boilerplate.yaml")
    fragments = tuple((pattern, first_chars(pattern), required_chars(pattern), f["after"])
                      for f in data["fragments"] for pattern in [cached_compile(f["pattern"], re.MULTILINE)])
    markers = cached_compile("|".join(f"(?:{p})" for p in data["page_markers"]))
    return line_scan(data["lines"]), fragments, (markers, first_chars(markers), required_chars(markers))


def _furniture_lines(text: str) -> list[Edit]:
    """Whole furniture lines (what ``^(?:line)`` in multiline mode finds), non-empty ones."""
    return [Edit(start, end) for start, end in whole_lines(_boilerplate()[0], text) if end > start]


def _merge_link_lists(lines: list[Edit], lists: list[Edit]) -> list[Edit]:
    """Furniture lines and link lists, without the furniture lines a list already covers."""
    if not lists:
        return lines
    kept = [e for e in lines if not any(block.start <= e.start < block.end for block in lists)]
    return sorted(kept + lists, key=lambda e: e.start)


_TABLE_ROW = ("|", "\N{FULLWIDTH VERTICAL LINE}")  # a line opening with one is a table row: its pipes are cells


def remove_boilerplate(text: str) -> Cleaned:
    """Drop web-furniture lines (打印本页, 关闭窗口, 浏览量 …), lists of links (相关链接) and furniture fragments."""
    _, fragments, _ = _boilerplate()
    edits = _furniture_lines(text)
    edits = _merge_link_lists(edits, _link_list_spans(text))
    removed = {e.start for e in edits}
    for pattern, chars, needs, after in fragments:
        for f in literal_anchored_matches(pattern, chars, text, needs):
            start = f.start()
            while start and text[start - 1] in _SPACES:
                start -= 1
            line_start = start == 0 or text[start - 1] == "\n"
            if (after == "space" and start == f.start()) or (after == "line_start" and not line_start):
                continue
            line = text.rfind("\n", 0, f.start()) + 1
            if line in removed or text[line:f.start()].lstrip(" \t\u3000\xa0")[:1] in _TABLE_ROW:
                continue  # a line already gone, or a row of a table pasted as text (| 合计 |  | 1,891.50 |  |)
            edits.append(Edit(start, f.end()))
    return Cleaned(edits)


def remove_page_markers(text: str) -> Cleaned:
    """Drop newspaper continuation markers such as (下转第七版); warn where one cuts a sentence."""
    _, _, (markers, chars, needs) = _boilerplate()
    edits: list[Edit] = []
    issues: list[Issue] = []
    for m in literal_anchored_matches(markers, chars, text, needs):
        start = m.start()
        while start and text[start - 1] in " \t\u3000":
            start -= 1
        end = m.end()
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        if edits and start <= edits[-1].end:  # (下转第七版) (上接第六版): one cut
            edits[-1] = Edit(edits[-1].start, end)
            continue
        edits.append(Edit(start, end))
        before = text[:start].rstrip()
        if before and before[-1] not in _SENTENCE_END:
            issues.append(Issue(
                kind="text_cut",
                message=f"a newspaper page marker '{m.group()}' cuts a sentence: text may be missing",
                start=start,
            ))
    return Cleaned(edits, issues)
