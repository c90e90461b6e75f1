"""roles: heading tree → the same tree with each node's role, plus problems and measures.

In the part of a notice that lists what was found and how it was fixed, the
levels under the section are category → problem → measure (problem → measure
when there is one level fewer), whatever marker kinds carry them. Elsewhere
(summaries, plans) numbered nodes are ``item``s. A problem whose body is a
plain paragraph gets one unnumbered measure holding that paragraph.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from .headings import LINE_LEAD
from .pattern_cache import cached_compile
from .resources import load_yaml
from .types import Measure, Node, Problem

_INLINE_KINDS = frozenset({"cn_shi", "cn_di", "circled"})
_PAREN_KINDS = frozenset({"cn_paren", "arabic_paren"})  # line-start kinds also found inside a paragraph


@lru_cache(maxsize=1)
def _cues() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    data = load_yaml("roles.yaml")
    return tuple(regex.compile("|".join(data[k])) for k in ("findings", "summary", "problem"))  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _closing() -> re.Pattern:
    """A line that opens the close of a notice (欢迎……监督, 联系电话：): see boilerplate.yaml."""
    lines = load_yaml("boilerplate.yaml")["closing_lines"]
    return cached_compile(r"\n[ \t\u3000]*(?:" + "|".join(f"(?:{p})" for p in lines) + ")")


def _before_closing(text: str, start: int, end: int) -> int:
    """``end``, or the end of the last line before a closing line in ``text[start:end]``."""
    m = _closing().search(text, start, end)
    return m.start() if m else end


def _is_inline(node: Node, text: str) -> bool:
    """True for a heading inside a paragraph: 一是/第一/①, or (1)/(一) after a sentence mark."""
    kind = node.marker_kind
    if kind in _INLINE_KINDS:
        return True
    if kind not in _PAREN_KINDS:
        return False
    return bool(text[text.rfind("\n", 0, node.start) + 1:node.start].strip(LINE_LEAD))


def assign_roles(root: Node, text: str) -> tuple[list[Problem], list[Measure]]:
    """Set ``role`` on every node (in place) and return the problems and measures."""
    findings, summary, _ = _cues()
    sections = [c for c in root.children if c.marker_kind == "cn_dun"]
    parts: list[tuple[Node, int]] = []  # a part that lists findings, with its line levels
    if sections:
        for child in root.children:
            child.role = "section" if child.marker_kind == "cn_dun" else "item"
            if child.marker_kind == "cn_dun":
                levels = _findings_levels(child, findings, summary, text)
                if levels:
                    parts.append((child, levels))
                else:
                    _mark_items(child.children)
    elif (levels := _line_levels(root, text)) >= 2 or _titles_read_like_problems(root.children):
        parts.append((root, levels))  # no sections: the whole notice lists findings
    else:
        _mark_items(root.children)  # a summary or a list of requirements, not findings
    problems: list[Problem] = []
    measures: list[Measure] = []
    for part, levels in parts:
        _assign_part(part, levels, text, problems, measures)
    return problems, measures


def _findings_levels(section: Node, findings: regex.Pattern, summary: regex.Pattern, text: str) -> int:
    """The line levels below a section that lists findings; 0 when it does not."""
    if not section.children or summary.search(section.title) or not findings.search(section.title):
        return 0
    return _line_levels(section, text)


def _line_levels(node: Node, text: str) -> int:
    """How many levels of line-start headings lie below ``node``."""
    deepest = -1
    for child in node.children:
        if not _is_inline(child, text):
            levels = _line_levels(child, text)
            if levels > deepest:
                deepest = levels
    return deepest + 1


def _assign_part(part: Node, levels: int, text: str, problems: list[Problem], measures: list[Measure]) -> None:
    if levels >= 3 or (levels == 2 and _looks_like_problems(part, text)):
        for category in part.children:
            category.role = "category"
            for problem in category.children:
                _problem(problem, category, text, problems, measures)
    elif levels >= 1 or part.children:
        for problem in part.children:
            _problem(problem, None, text, problems, measures)


def _titles_read_like_problems(nodes: list[Node]) -> bool:
    """At least half of the titles name a shortcoming (不到位, 有差距 …)."""
    _, _, cue = _cues()
    return bool(nodes) and sum(bool(cue.search(n.title)) for n in nodes) * 2 >= len(nodes)


def _looks_like_problems(part: Node, text: str) -> bool:
    """Two line-start levels: category → problem (findings only) when the second level reads like problems."""
    return _titles_read_like_problems([g for c in part.children for g in c.children
                                       if not _is_inline(g, text)])


def _problem(node: Node, category: Node | None, text: str, problems: list[Problem], measures: list[Measure]) -> None:
    node.role = "problem"
    problems.append(Problem(
        problem_id=node.node_id,
        category_id=category.node_id if category else None,
        category=category.title if category else None,
        ordinal=node.ordinal,
        title=node.title,
    ))
    for child in node.children:
        child.role = "measure"
        measures.append(Measure(measure_id=child.node_id, problem_id=node.node_id, node_id=child.node_id,
                                ordinal=child.ordinal, numbered=True, title=child.title,
                                start=child.start, end=_before_closing(text, child.start, child.end)))
        _mark_items(child.children)
    if not node.children:
        body = _body(node, text)
        if body is not None:
            start, end = body
            measures.append(Measure(measure_id=f"{node.node_id}.0", problem_id=node.node_id, node_id=node.node_id,
                                    ordinal=None, numbered=False, title=_first_sentence(text, start, end),
                                    start=start, end=end))


def _body(node: Node, text: str) -> tuple[int, int] | None:
    """The paragraph under a heading line, when there is one."""
    newline = text.find("\n", node.start, node.end)
    if newline < 0:
        return None
    start = newline + 1
    end = _before_closing(text, newline, node.end)  # from the newline: the body may open with one
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_SENTENCE_END = cached_compile(r"[。；;！!？?\n]")


def _first_sentence(text: str, start: int, end: int) -> str:
    """``text[start:end]`` up to its first sentence mark (searched in place, not on a copy)."""
    stop = _SENTENCE_END.search(text, start, end)
    return text[start:stop.start()] if stop else text[start:end]


def _mark_items(nodes: list[Node]) -> None:
    for node in nodes:
        for inner in node.walk():
            inner.role = "item"
