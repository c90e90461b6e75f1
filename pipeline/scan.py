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
from typing import NamedTuple

from .pattern_cache import cached_compile


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


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters every match of ``pattern`` starts with, or None when unknown or not a short list.

    Read from the parse tree ``re`` builds for the pattern; anything the walk does not know
    (lookarounds, ``.``, classes such as ``\\d``, wide ranges, case folding, an optional start)
    gives None, so a caller falls back to a full scan.

    >>> sorted(first_chars(re.compile(r"[【\\[][ ]*字")))
    ['[', '【']
    >>> first_chars(re.compile(r"\\d+元")) is None
    True
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _constants as sre, _parser  # the parser behind re.compile (Python 3.11+)

        tree = _parser.parse(pattern.pattern, pattern.flags)
        if tree.state.flags & re.IGNORECASE:
            return None
        chars = _first(list(tree), sre)
    except Exception:  # an unknown parse tree: give up, the caller scans everything
        return None
    return frozenset(chars) if chars else None


def _first(items: list, sre) -> set[str] | None:
    for op, av in items:
        if op is sre.AT:  # ^ $ \b: zero width, look further
            continue
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE and value[1] - value[0] < 16:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                else:  # a negated class, \d \s \w, a wide range
                    return None
            return chars
        if op is sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None
            return _first(list(av[3]), sre)
        if op is sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                chars = _first(list(branch), sre)
                if chars is None:
                    return None
                union |= chars
            return union
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            return _first(list(av[2]), sre)
        return None  # anything else, or an item that may match nothing
    return None  # the pattern may match the empty string


def required_chars(pattern: re.Pattern) -> str:
    """Characters that every match of ``pattern`` contains (some of them; "" when none is known).

    Literals outside alternatives, optional parts and lookarounds, read from ``re``'s parse tree.

    >>> required_chars(re.compile(r"[(（][ ]*(下转|上接)第?[一二三\\d]+[ ]*版[ ]*[)）]"))
    '版'
    >>> required_chars(re.compile(r"(?i)abc"))
    ''
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return ""
    try:
        from re import _constants as sre, _parser

        tree = _parser.parse(pattern.pattern, pattern.flags)
        if tree.state.flags & re.IGNORECASE:
            return ""
        found: list[str] = []
        _required(list(tree), sre, found)
    except Exception:  # an unknown parse tree: claim nothing
        return ""
    return "".join(dict.fromkeys(found))


def _required(items: list, sre, found: list[str]) -> None:
    for op, av in items:
        if op is sre.LITERAL:
            found.append(chr(av))
        elif op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            _required(list(av[3]), sre, found)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            _required(list(av[2]), sre, found)
        # anything else (a class, an alternative, an optional part, a lookaround) adds nothing


_literal_scans: dict[str, re.Pattern] = {}


def literal_anchored_matches(pattern: re.Pattern, chars: frozenset[str] | None, text: str,
                             needs: str = "") -> list[re.Match]:
    """``list(pattern.finditer(text))`` for a pattern whose matches start with one of ``chars``.

    ``needs`` (from ``required_chars(pattern)``) are characters every match contains: when one
    is missing from the text there is nothing to find, and a one-character ``in`` says so.

    With two to four first characters, one literal scan per character (memchr speed) finds
    the candidate positions, and ``pattern`` is tried only there, left to right and without
    overlaps; a pattern that opens on a class is otherwise tried at every position (~8x
    slower). ``chars`` comes from ``first_chars(pattern)``; None means a plain ``finditer``.
    """
    for char in needs:
        if char not in text:
            return []
    if chars is None or len(chars) == 1 or len(chars) > 4:  # one literal: re's own scan is as fast
        return list(pattern.finditer(text))
    positions: list[int] = []
    for char in chars:
        scan = _literal_scans.get(char)
        if scan is None:
            scan = _literal_scans[char] = cached_compile(re.escape(char))
        positions.extend(m.start() for m in scan.finditer(text))
    positions.sort()
    match = pattern.match
    out = []
    end = 0
    for pos in positions:
        if pos >= end and (m := match(text, pos)) is not None:
            out.append(m)
            end = m.end()
    return out


class LineScan(NamedTuple):
    """Patterns that find whole lines matching one of some alternatives (see ``line_scan``)."""

    first: re.Pattern
    later: re.Pattern


def line_scan(patterns: list[str]) -> LineScan:
    """Whole lines that match one of ``patterns``, with their indentation and their newline.

    The first line is matched on its own, every later one through the newline before it: a
    pattern that opens on a literal is scanned at memchr speed, a multiline ``^`` is tried at
    every position. The lookahead consumes only that newline, so every line is tried.
    """
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    line = rf"[ \t\u3000\xa0]*(?:{alternatives})[ \t\u3000\xa0\r]*(?:\n|\Z)"
    return LineScan(cached_compile(line), cached_compile(rf"\n(?=(?P<line>{line}))"))


def whole_lines(scan: LineScan, text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text`` that ``scan`` finds, its newline included, in order.

    >>> whole_lines(line_scan(["- [0-9]+ -"]), "- 1 -\\n正文\\n  - 2 -")
    [(0, 6), (9, 16)]
    """
    spans = [m.span("line") for m in scan.later.finditer(text)]
    first = scan.first.match(text)
    if first:
        spans.insert(0, first.span())
    return spans
