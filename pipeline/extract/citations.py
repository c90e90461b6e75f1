"""citations: cleaned text → documents cited in 《》, with type, action and origin.

>>> [(c.title, c.doc_type, c.action, c.issued_here) for c in find_citations("2020年2月,制定了《关于加强和规范司法建议工作的实施方案》。")]
[('关于加强和规范司法建议工作的实施方案', '实施方案', '制定', True)]
>>> [(c.title, c.action, c.issued_here) for c in find_citations("认真学习《人民法院诉讼收费办法》《山东省高级人民法院关于执行收费的暂行规定》")]
[('人民法院诉讼收费办法', '学习', False), ('山东省高级人民法院关于执行收费的暂行规定', '学习', False)]
>>> find_citations("没有书名号")
[]
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..resources import load_yaml
from ..types import Citation

# 《title》 with at most one level of nested 《》 or 〈〉 inside; never across a line.
_CITATION = regex.compile(r"《(?P<title>(?:[^《》\n]|《[^《》\n]*》)+)》")
_TRAILING_NOTE = regex.compile(r"[(（][^()（）]{1,8}[)）]$")
_CLAUSE_START = regex.compile(r"[。；;！!？?\n]")
_LOOKBACK = 40


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, ...], regex.Pattern, frozenset[str]]:
    data = load_yaml("citations.yaml")
    types = tuple(sorted(data["doc_types"], key=len, reverse=True))
    verbs = sorted(data["issuing"] + data["receiving"], key=len, reverse=True)
    return types, regex.compile("|".join(map(regex.escape, verbs))), frozenset(data["issuing"])


def _doc_type(title: str, types: tuple[str, ...]) -> str | None:
    core = _TRAILING_NOTE.sub("", title)
    return next((t for t in types if core.endswith(t)), None)


def _action(text: str, start: int, verbs: regex.Pattern) -> str | None:
    """The nearest action verb before ``start`` within its clause."""
    window_start = max(0, start - _LOOKBACK)
    boundary = None
    for boundary in _CLAUSE_START.finditer(text, window_start, start):
        pass
    if boundary is not None:
        window_start = boundary.end()
    window = text[window_start:start]
    hits = list(verbs.finditer(window))
    return hits[-1].group() if hits else None


def find_citations(text: str) -> list[Citation]:
    """Every 《》 title in order, duplicates kept."""
    types, verbs, issuing = _lexicon()
    found: list[Citation] = []
    action_for_run: str | None = None
    previous_end = -1
    for m in _CITATION.finditer(text):
        title = m.group("title").strip()
        if m.start() == previous_end and found:  # 《A》《B》: one list shares the verb
            action = action_for_run
        else:
            action = _action(text, m.start(), verbs)
        action_for_run, previous_end = action, m.end()
        found.append(Citation(
            raw=m.group(), start=m.start(), end=m.end(), title=title,
            doc_type=_doc_type(title, types), action=action,
            issued_here=action in issuing,
        ))
    return found
