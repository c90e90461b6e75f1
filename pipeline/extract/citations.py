"""citations: cleaned text → documents cited in 《》, with type, action and origin.

>>> [(c.title, c.doc_type, c.action, c.issued_here) for c in find_citations("2020年2月,制定了《关于加强和规范司法建议工作的实施方案》。")]
[('关于加强和规范司法建议工作的实施方案', '实施方案', '制定', True)]
>>> [(c.title, c.action, c.issued_here) for c in find_citations("认真学习《人民法院诉讼收费办法》《山东省高级人民法院关于执行收费的暂行规定》")]
[('人民法院诉讼收费办法', '学习', False), ('山东省高级人民法院关于执行收费的暂行规定', '学习', False)]
>>> find_citations("没有书名号")
[]
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import Citation

# 《title》 with at most one level of nested 《》 or 〈〉 inside. Written as an unrolled loop (runs of
# plain characters between nested pairs): the same matches as 《(?:[^《》\n]|《[^《》\n]*》)+》,
# without one backtracking step per character. A title may run over one line break (a long
# title wrapped in a PDF or a narrow page column) when both of its parts are short: see _WRAP.
_CITATION = cached_compile(r"(《(?!》)(?P<title>[^《》\n]*(?:《[^《》\n]*》[^《》\n]*)*(?:\n[^《》\n]+)?)》)")


def title_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every 《title》 in ``text``, as ``find_citations`` finds them, in order.

    Dates and quantities inside a title name the document (《三年行动方案》, 《……（2021—2035年）》):
    ``metrics`` takes no metric from them, ``dates`` no year to lend.

    >>> title_spans("印发《三年行动方案》，整改3项")
    [(2, 10)]
    """
    return [m.span() for m in _CITATION.finditer(text)] if "《" in text else []


_WRAP = 60  # the longest part of a title on either side of a line break
_TRAILING_NOTE = cached_compile(r"[(（][^()（）]{1,8}[)）]$")
_CLAUSE_CHARS = "。；;！!？?\n"
_LOOKBACK = 40


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], tuple[int, ...], re.Pattern, frozenset[str], frozenset[str]]:
    data = load_yaml("citations.yaml")
    types = data["doc_types"]
    verbs = data["issuing"] + data["receiving"]
    if any(c in verb for verb in verbs for c in _CLAUSE_CHARS):
        raise ValueError("citations.yaml: an action verb contains a clause boundary")  # _action relies on it
    # The longest type that ends the title: look up the title's last 5, 4, … characters.
    by_suffix = {t: t for t in types}
    lengths = tuple(sorted({len(t) for t in types}, reverse=True))
    # A verb (longest first) with no clause boundary after it up to the end of the window: see _action.
    verbs_in_clause = cached_compile("(?:" + "|".join(map(re.escape, sorted(verbs, key=len, reverse=True)))
                                 + ")(?=[^" + re.escape(_CLAUSE_CHARS) + "]*\\Z)")
    if not set(data["revising"]) <= set(data["issuing"]):
        raise ValueError("citations.yaml: a revising verb is not an issuing one")
    return by_suffix, lengths, verbs_in_clause, frozenset(data["issuing"]), frozenset(data["revising"])


@lru_cache(maxsize=8192)  # the same regulations are cited again and again
def _doc_type(title: str) -> str | None:
    by_suffix, lengths = _lexicon()[:2]
    core = _TRAILING_NOTE.sub("", title) if title.endswith((")", "）")) else title
    for size in lengths:
        found = by_suffix.get(core[-size:])
        if found is not None:
            return found
    return None


def _action(text: str, start: int, verbs_in_clause: re.Pattern) -> str | None:
    """The nearest action verb before ``start`` within its clause.

    The window is scanned from its start rather than from the clause start, keeping only verbs
    with no boundary after them: no verb holds a boundary, so after the last boundary the scan
    finds the verbs a scan from there finds, and the last one is the answer.
    """
    hits = verbs_in_clause.findall(text, start - _LOOKBACK if start > _LOOKBACK else 0, start)
    return hits[-1] if hits else None


def issued_at(text: str, start: int, *, revised: bool = True) -> bool:
    """Whether the title opening at ``start`` (its 《) names a document the notice's body issued
    (印发《……》), by the nearest action verb before it in its clause, with no verb before that which
    receives it (未按县政府印发《……》执行: applied, not issued). With ``revised=False`` a document the body
    only reworked (修订《……》) does not count: its number may be the old one's."""
    verbs, issuing, revising = _lexicon()[2:]
    hits = verbs.findall(text, start - _LOOKBACK if start > _LOOKBACK else 0, start)
    return bool(hits) and hits[-1] in issuing and all(verb in issuing for verb in hits) and (
        revised or hits[-1] not in revising)


def find_citations(text: str) -> list[Citation]:
    """Every 《》 title in order, duplicates kept."""
    if "《" not in text:
        return []
    verbs, issuing = _lexicon()[2:4]
    doc_type, action_of, find = _doc_type, _action, text.find
    found: list[Citation] = []
    action: str | None = None
    end = 0
    # findall spares a match object per citation; each one starts where its text first occurs
    # after the previous one (an earlier copy would be an earlier match).
    for raw, title in _CITATION.findall(text):
        if "\n" in title:
            head, _, tail = title.partition("\n")
            if len(head) > _WRAP or len(tail) > _WRAP:
                continue  # a stray 《 and a stray 》 on the next line, not one title
            title = head.rstrip() + tail.lstrip()
        start = find(raw, end)
        if start != end or not found:  # 《A》《B》: one list shares the verb
            action = action_of(text, start, verbs)
        end = start + len(raw)
        title = title.strip()
        found.append(Citation(raw=raw, start=start, end=end, title=title, doc_type=doc_type(title), action=action,
                              issued_here=action in issuing))
    return found
