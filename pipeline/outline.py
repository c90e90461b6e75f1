"""outline: Document → heading tree (Node) plus numbering warnings.

Levels follow how marker kinds nest in *this* notice: a heading whose kind is
already open on the stack closes everything below that level and becomes its
sibling; a kind not yet open nests under the current heading, unless the
conventional order of official documents (一、 → (一) → 1. → (1) → 一是/①)
puts it above the open ones. Node spans run from the marker to the next
heading that is not a descendant, so children always lie inside their parent.
"""
from __future__ import annotations

from dataclasses import dataclass

from .headings import find_headings
from .types import Heading, Issue, MarkerKind, Node

#: conventional seniority, used only for kinds the notice has not nested yet
_RANK: dict[MarkerKind, int] = {
    "cn_dun": 0, "cn_paren": 1, "arabic_dot": 2, "arabic_paren": 3, "cn_di": 4, "cn_shi": 4, "circled": 5,
}


@dataclass(frozen=True, slots=True)
class Outline:
    """The heading tree of one notice and what the numbering check found."""

    root: Node
    issues: tuple[Issue, ...]


def build_outline(text: str) -> Outline:
    """Nest the headings of ``text`` into a tree whose root spans the whole text."""
    root = Node(node_id="", parent_id=None, depth=0, role="root", marker=None, marker_kind=None,
                ordinal=None, title="", start=0, end=len(text))
    stack: list[Node] = [root]
    for heading in find_headings(text):
        _place(stack, heading)
    _close(stack, len(text))
    _assign_ids(root)
    return Outline(root=root, issues=tuple(_check_numbering(root)))


def _place(stack: list[Node], heading: Heading) -> None:
    open_kinds = [n.marker_kind for n in stack]
    if heading.kind in open_kinds:
        level = open_kinds.index(heading.kind)
        _close(stack[level:], heading.start)
        del stack[level:]
    else:
        while len(stack) > 1 and _RANK[stack[-1].marker_kind] > _RANK[heading.kind] and heading.line_start:
            _close(stack[-1:], heading.start)
            stack.pop()
    parent = stack[-1]
    node = Node(node_id="", parent_id=None, depth=parent.depth + 1, role="item", marker=heading.marker,
                marker_kind=heading.kind, ordinal=heading.ordinal, title=heading.title,
                start=heading.start, end=-1)
    parent.children.append(node)
    stack.append(node)


def _close(nodes: list[Node], end: int) -> None:
    for node in nodes:
        if node.end < 0:
            node.end = _trim_end(node, end)


def _trim_end(node: Node, end: int) -> int:
    return max(end, node.start + len(node.marker or ""))


def _assign_ids(node: Node) -> None:
    for position, child in enumerate(node.children, start=1):
        child.node_id = f"{node.node_id}.{position}" if node.node_id else str(position)
        child.parent_id = node.node_id
        _assign_ids(child)


def _check_numbering(root: Node):
    for node in root.walk():
        previous: dict[str, Node] = {}
        for child in node.children:
            before = previous.get(child.marker_kind)
            expected = 1 if before is None else before.ordinal + 1
            if child.ordinal != expected:
                yield Issue(kind=_numbering_kind(before, child), node_id=child.node_id, start=child.start,
                            message=_numbering_message(before, child, expected))
            previous[child.marker_kind] = child


def _numbering_kind(before: Node | None, child: Node) -> str:
    if before is not None and child.ordinal == before.ordinal:
        return "numbering_repeat"
    if before is not None and child.ordinal < before.ordinal:
        return "numbering_restart"
    return "numbering_gap"


def _numbering_message(before: Node | None, child: Node, expected: int) -> str:
    after = f" after '{before.marker}'" if before is not None else " as the first of its level"
    return f"heading '{child.marker}' ({child.title[:20]}){after}: expected number {expected}"
