"""offsets: edits applied to a text, and the OffsetMap that traces them back.

A cleaner describes what it changes as ``Edit``s (a raw span and its
replacement); ``apply_edits`` returns the new text and the map from new
offsets to old ones; ``compose`` chains maps so that a span in the final
cleaned text can be traced to the raw file.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Iterable

from .types import Issue, OffsetMap

IDENTITY = OffsetMap()
_raw_of = itemgetter(1)  # (clean, raw) anchor → raw offset


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What one cleaner wants to change, in the coordinates of its input."""

    edits: list[Edit] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits; return the new text and its map to ``text``.

    >>> new, m = apply_edits("ab--cd", [Edit(2, 4)])
    >>> new, m.to_raw(2), m.to_raw(1)
    ('abcd', 4, 1)
    """
    parts: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    pos = clean = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < pos:  # overlapping edit: keep the first one
            continue
        parts.append(text[pos:edit.start])
        clean += edit.start - pos
        anchors.append((clean, edit.start))
        parts.append(edit.replacement)
        clean += len(edit.replacement)
        anchors.append((clean, edit.end))
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(tuple(anchors))


def compose(first: OffsetMap, second: OffsetMap) -> OffsetMap:
    """Chain maps: ``first`` maps text1 → raw, ``second`` maps text2 → text1.

    >>> _, m1 = apply_edits("xxabc", [Edit(0, 2)])      # 'abc' → raw
    >>> _, m2 = apply_edits("abc", [Edit(1, 2, "")])    # 'ac'  → 'abc'
    >>> m = compose(m1, m2)
    >>> m.to_raw(0), m.to_raw(1)
    (2, 4)
    """
    if first.anchors == IDENTITY.anchors:
        return second
    if second.anchors == IDENTITY.anchors:
        return first
    # ``first.to_raw`` for every anchor of ``second``, with the bisect keys built once
    firsts = first.anchors
    first_clean = [c for c, _ in firsts]
    anchors = set()
    for c2, c1 in second.anchors:
        clean_at, raw_at = firsts[max(bisect.bisect_right(first_clean, c1) - 1, 0)]
        anchors.add((c2, raw_at + (c1 - clean_at)))
    seconds = second.anchors
    keys = [c1 for _, c1 in seconds]
    for c1, raw in first.anchors:
        i = bisect.bisect_right(keys, c1) - 1
        if i < 0:
            continue
        a2, a1 = seconds[i]
        length = (seconds[i + 1][0] - a2) if i + 1 < len(seconds) else float("inf")
        if c1 - a1 < length:
            anchors.add((a2 + (c1 - a1), raw))
    return OffsetMap(tuple(sorted(anchors)))


def forward(offsets: OffsetMap, old: int) -> int:
    """Map an offset of the old text to the new text (the inverse of ``to_raw``).

    An offset inside deleted text maps to where the deletion happened.

    >>> _, m = apply_edits("ab--cd", [Edit(2, 4)])
    >>> forward(m, 1), forward(m, 3), forward(m, 5)
    (1, 2, 3)
    """
    # clamp into the segment that starts at the last anchor not after ``old``
    i = bisect.bisect_right(offsets.anchors, old, key=_raw_of) - 1
    clean_at, raw_at = offsets.anchors[max(i, 0)]
    if i + 1 < len(offsets.anchors):
        next_clean = offsets.anchors[i + 1][0]
        return min(clean_at + (old - raw_at), next_clean)
    return clean_at + (old - raw_at)
