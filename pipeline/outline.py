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

from .headings import scan_headings
from .types import Issue, MarkerKind, Node

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
    # The open path from the root, as nodes and as their kinds and ranks (kept side by side:
    # this loop runs for every heading, ~100 per notice).
    stack: list[Node] = [root]
    kinds: list[MarkerKind | None] = [None]
    ranks: list[int] = [-1]
    rank_of = _RANK
    for start, marker, kind, ordinal, title, _, line_start in scan_headings(text):
        if kind in kinds:  # a sibling of the open heading of this kind: close it and all below
            level = kinds.index(kind)
            _close(stack, level, start)
            del stack[level:], kinds[level:], ranks[level:]
        else:  # a new kind nests, unless it is senior to the open ones (line-start headings only)
            rank = rank_of[kind]
            while len(stack) > 1 and ranks[-1] > rank and line_start:
                _close(stack, len(stack) - 1, start)
                stack.pop(), kinds.pop(), ranks.pop()
        parent = stack[-1]
        siblings = parent.children
        # ids are final on placement: a node's position among its siblings never changes
        position = str(len(siblings) + 1)
        parent_id = parent.node_id
        node = Node(node_id=f"{parent_id}.{position}" if parent_id else position, parent_id=parent_id,
                    depth=parent.depth + 1, role="item", marker=marker, marker_kind=kind, ordinal=ordinal,
                    title=title, start=start, end=-1)
        siblings.append(node)
        stack.append(node)
        kinds.append(kind)
        ranks.append(rank_of[kind])
    _close(stack, 1, len(text))
    return Outline(root=root, issues=tuple(_check_numbering(root)))


def _close(stack: list[Node], level: int, end: int) -> None:
    """End the open nodes ``stack[level:]`` at ``end`` (a node spans at least its marker)."""
    for node in stack[level:]:
        if node.end < 0:
            node.end = max(end, node.start + len(node.marker or ""))


def _check_numbering(root: Node) -> list[Issue]:
    """A warning for every heading whose number does not follow its previous sibling of its kind.

    Runs over every node of every notice and warns often (~70 times on a bench notice), so
    the warning's kind and message are built inline.
    """
    issues: list[Issue] = []
    for node in root.walk():
        children = node.children
        if not children:
            continue
        previous: dict[str | None, Node] = {}
        for child in children:
            before = previous.get(child.marker_kind)
            ordinal = child.ordinal
            if before is None:
                if ordinal != 1:
                    issues.append(Issue(kind="numbering_gap", node_id=child.node_id, start=child.start,
                                        message=f"heading '{child.marker}' ({child.title[:20]}) "
                                                "as the first of its level: expected number 1"))
            elif ordinal != before.ordinal + 1:  # type: ignore[operator]
                if ordinal == before.ordinal:
                    kind = "numbering_repeat"
                elif ordinal < before.ordinal:  # type: ignore[operator]
                    kind = "numbering_restart"
                else:
                    kind = "numbering_gap"
                issues.append(Issue(kind=kind, node_id=child.node_id, start=child.start,
                                    message=f"heading '{child.marker}' ({child.title[:20]}) after "
                                            f"'{before.marker}': expected number {before.ordinal + 1}"))  # type: ignore[operator]
            previous[child.marker_kind] = child
    return issues
