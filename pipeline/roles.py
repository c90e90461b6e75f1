"""roles: heading tree → the same tree with each node's role, plus problems and measures.

In the part of a notice that lists what was found and how it was fixed, the
levels under the section are category → problem → measure (problem → measure
when there is one level fewer), whatever marker kinds carry them. Elsewhere
(summaries, plans) numbered nodes are ``item``s. A problem whose body is a
plain paragraph, or whose heading line runs on into a remedy label (整改情况：……), gets one
unnumbered measure holding that text.
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
def _one_finding() -> regex.Pattern:
    """A title that names one finding: ``problem_section`` in roles.yaml, or a problem cue but the generic ones."""
    data = load_yaml("roles.yaml")
    generic = set(data["problem_section_not"])
    return regex.compile("|".join([*data["problem_section"], *(c for c in data["problem"] if c not in generic)]))


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
        levels_of = {id(s): _findings_levels(s, findings, summary, text) for s in sections}
        itself = _sections_that_are_problems(sections, levels_of, summary, text)
        for child in root.children:
            child.role = "section" if child.marker_kind == "cn_dun" else "item"
            if child.marker_kind == "cn_dun":
                levels = levels_of[id(child)]
                if id(child) in itself:
                    parts.append((child, _ITSELF))
                elif levels:
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
        if levels == _ITSELF:
            _problem(part, None, text, problems, measures)
        else:
            _assign_part(part, levels, text, problems, measures)
    return problems, measures


_ITSELF = -1  # in ``parts``: a section that is itself a problem


@lru_cache(maxsize=1)
def _never_one_finding() -> tuple[regex.Pattern, regex.Pattern]:
    """Titles of sections that name no one finding, and of headings that name an area (see roles.yaml)."""
    data = load_yaml("roles.yaml")
    return regex.compile("|".join(data["problem_section_never"])), regex.compile(data["problem_section_areas"])


def _sections_that_are_problems(sections: list[Node], levels_of: dict[int, int], summary: regex.Pattern,
                                text: str) -> set[int]:
    """The ids of the sections that each name one finding (一、关于财务管理不规范的问题), with at most one line
    level under them that does not read like problems: their headings (1．清退……, or inline 一是……) are
    their measures. Taken as a notice's way of listing: two such sections at least, or one beside sections
    that list findings (not one case among a 通报's cases); and not a section with numbered lines beside
    sections whose lines read like problems (一、关于……的问题 1．学校食堂财务管理混乱 lists problems too)."""
    findings, _, _ = _cues()
    never, areas = _never_one_finding()
    alike = [s for s in sections if levels_of[id(s)] <= 1 and not summary.search(s.title) and findings.search(s.title)
             and not never.search(s.title) and not any(areas.search(c.title) for c in s.children)
             and not _titles_read_like_problems([c for c in s.children if not _is_inline(c, text)])]
    found = [s for s in alike if _one_finding().search(s.title)]
    if len(found) >= 2 and len(found) * 2 >= len(alike):
        found = alike  # most name one finding: so do the others (八、河道非法采砂问题)
    listing = [s for s in sections if levels_of[id(s)] and s not in found]
    if len(found) < 2 and not listing:
        return set()
    categories = any(_titles_read_like_problems([c for c in s.children if not _is_inline(c, text)]) for s in listing)
    return {id(s) for s in found if not (categories and levels_of[id(s)] == 1)}


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


@lru_cache(maxsize=1)
def _remedy_label() -> re.Pattern:
    """整改情况：, 整改措施及进展： and the like: see ``remedy_label`` in roles.yaml."""
    return cached_compile(load_yaml("roles.yaml")["remedy_label"])


def _body(node: Node, text: str) -> tuple[int, int] | None:
    """What was done about a problem with no numbered measures: the paragraph under its heading line, or
    the rest of the heading line from a remedy label on (1．关于……的问题。整改情况：已完成。……)."""
    newline = text.find("\n", node.start, node.end)
    label = _remedy_label().search(text, node.start, node.end if newline < 0 else newline)
    if label is not None:
        start = label.end()
        while start < node.end and text[start] in " \t\u3000\n":
            start += 1
    elif newline < 0:
        return None
    else:
        start = newline + 1
    end = _before_closing(text, start - 1, node.end)  # from the line break or label: the body may open with one
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
