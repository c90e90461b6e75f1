"""scan: find a pattern's matches only where a cheap candidate pattern says one can start.

A full extractor pattern tried at every position of a notice is slow in
Python's ``re``; a candidate pattern that opens on one character class is
scanned in C. Trying the full pattern only at candidate positions, left to
right and without overlaps, gives exactly what ``finditer`` would.

>>> import re
>>> [m.group() for m in anchored_matches(re.compile(r"\\d+元"), re.compile(r"\\d"), "3元和45元")]
['3元', '45元']
"""
from __future__ import annotations

import re


def anchored_matches(pattern: re.Pattern, candidates: re.Pattern, text: str) -> list[re.Match]:
    """``list(pattern.finditer(text))``, trying ``pattern`` only where ``candidates`` match."""
    match = pattern.match
    out = []
    end = 0
    for candidate in candidates.finditer(text):
        pos = candidate.start()
        if pos >= end and (m := match(text, pos)) is not None:
            out.append(m)
            end = m.end()
    return out
