"""word_patterns: lexicon words as regular expressions that match them as published.

Words are listed Simplified in the lexicons; notices may be Simplified or Traditional. Each
character with a Traditional form becomes a two-character class, and an alternation of words is
grouped under its first character so that ``re`` skips non-starting positions in C.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..resources import load_yaml

TRAD: dict[str, str] = load_yaml("units.yaml")["traditional"]  # simplified character → traditional


def variants(word: str) -> str:
    """A regex for ``word`` as published, simplified or traditional.

    >>> variants("个月"), variants("%")
    ('[个個]月', '%')
    """
    return "".join(f"[{c}{TRAD[c]}]" if c in TRAD else re.escape(c) for c in word)


def unit_variants(word: str) -> str:
    """Like ``variants``, but 个X units also match 个多X (一个多月).

    >>> unit_variants("个月"), unit_variants("件")
    ('[个個][多余餘半]?月', '件')
    """
    if word.startswith("个") and len(word) > 1:
        return variants("个") + "[多余餘半]?" + variants(word[1:])  # 一个多月, 一个半月
    return variants(word)


def alternation(words: Iterable[str], variants=variants) -> str:
    """Longest-first alternation of ``words``, so 人次 wins over 人."""
    return "|".join(variants(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))  # one order in every process


def by_first_character(words: Iterable[str], variants=variants) -> str:
    """``alternation(words, variants)`` regrouped under the first character, simplified and traditional.

    At any position it matches what the plain alternation matches (the longest word there:
    every word that can match at a position shares its first character), but every branch
    opens on a literal, so ``re`` skips the other positions in C and the other branches at once.

    >>> by_first_character(["两个维护", "统一", "两学一做"])
    '两(?:[个個][维維][护護]|学一做)|兩(?:[个個][维維][护護]|学一做)|统(?:一)'
    >>> by_first_character(["个月", "人"], unit_variants)
    '个(?:[多余餘半]?月)|個(?:[多余餘半]?月)|人(?:)'
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):  # longest first, ties in a fixed order
        rest = variants(word)[len(variants(word[0])):]  # what follows the first character's class
        for first in dict.fromkeys((word[0], TRAD.get(word[0], word[0]))):
            groups.setdefault(first, []).append(rest)
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
