"""clean_repairs: cleaners that mend the text of a damaged or converted copy, and flag what they cannot.

Pinyin a broken converter put after characters (根據(jù)), Traditional script (kept as published beside
the Simplified text the patterns read), doubled punctuation, stray spaces inside words and numbers
(2 0 2 3年, 3 276.5万元), and characters lost in the copy (?, �), reported as an issue. Each cleaner is
``str -> Cleaned``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .offsets import Cleaned, Edit
from .pattern_cache import cached_compile
from .resources import load_lines, load_yaml
from .types import Issue

_LINE = cached_compile(r"[^\n]*")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han character followed by a bracketed pinyin syllable with a tone mark: 根據(jù) 統(tǒng)一.
# One pattern per opening bracket: a pattern that opens on a literal is scanned at memchr speed,
# one that opens on a class ~8x slower. A match holds no opening bracket after its first
# character, so the two scans never overlap and together find what one scan of both would.
_PINYIN_SYLLABLE = r"[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)\N{FULLWIDTH RIGHT PARENTHESIS}]"
_PINYIN = (cached_compile(r"\(" + _PINYIN_SYLLABLE), cached_compile("\N{FULLWIDTH LEFT PARENTHESIS}" + _PINYIN_SYLLABLE))
_DOUBLED = cached_compile(r"[,，、;；。](?=[,，、;；。])")
# Patterns are anchored on the rare character; what must precede it is checked in code
# (a lookbehind over a large character class makes the scan ~80x slower).
_IS_HAN = cached_compile(f"[{_HAN}]")
_STRAY_SPACE = cached_compile(rf" (?=[{_HAN}%％])")
_UNITS = ("万元", "亿元", "元", "%", "％")
# A number printed with spaces between its digits (2 0 2 3年 · 2 0 8 6.3万元 · 1 6项 · 8 9 .2%): found
# from the space literal, the run around it read in code. Table columns (问题个数 4 3 2 · 4 1256.30)
# are not joined: the run must follow a word, not a space, and be followed by a Han character (a
# unit: 年, 万元, 个) or %.
_DIGIT_GAP = cached_compile(r"(?<=[0-9.．]) (?=[0-9.．])")  # opens on a literal space: a memchr scan
_ONE_NUMBER = cached_compile(r"[0-9]+(?:[.．][0-9]+)?")
_NUMBERED_AFTER = frozenset("表图件第号条款页版年月日至按")  # 表1, 第3, 3月12 15日, 按1 10比例: no one number
_DIGIT_OR_POINT = frozenset("0123456789.．")
# groups of three digits set off by a (thin) space, as audit reports and newspapers print them: 3 276.5万元
_THOUSANDS = cached_compile(r"(?<![0-9.．])[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9])")
_THOUSANDS_GAP = cached_compile(r"(?<=[0-9]) (?=[0-9]{3})")  # opens on a literal space: a fast first look
_LOST = cached_compile(rf"\N{{REPLACEMENT CHARACTER}}|\?(?=[{_HAN}])")
_QUESTION_WORDS = cached_compile(r"是否|有没有|吗|呢|怎么|什么|如何|为何|为什么|哪|能否|可否|是不是")


def _han_before(text: str, offset: int) -> bool:
    return offset > 0 and _IS_HAN.match(text, offset - 1) is not None


def strip_pinyin_annotations(text: str) -> Cleaned:
    """Drop pinyin that broken converters put after characters: 根據(jù) → 根據."""
    matches = [m for pattern in _PINYIN for m in pattern.finditer(text)]
    matches.sort(key=lambda m: m.start())
    edits = [Edit(m.start(), m.end()) for m in matches if _han_before(text, m.start())]
    issues = [Issue(kind="pinyin_annotations", start=edits[0].start,
                    message=f"{len(edits)} pinyin annotations from a broken converter removed")] if edits else []
    return Cleaned(edits, issues)


@lru_cache(maxsize=1)
def _traditional_markers() -> re.Pattern:
    return cached_compile("[" + "".join(load_lines("traditional_markers.txt")) + "]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified script (OpenCC t2s), for matching it against the lexicons."""
    return _t2s().convert(text) if text else text


def convert_traditional(text: str) -> Cleaned:
    """Traditional script → Simplified (OpenCC t2s), line by line, when the text is Traditional.

    The conversion keeps every line's length (a phrase conversion that would not is redone
    character by character), so the published text can be kept beside the converted one with
    the same offsets (``Document.published``).
    """
    found = _traditional_markers().finditer(text)
    if sum(1 for _, __ in zip(range(5), found)) < 5:
        return Cleaned()
    converter = _t2s()
    edits = []
    for m in _LINE.finditer(text):
        line = m.group()
        converted = converter.convert(line) if line else line
        if len(converted) != len(line):
            converted = "".join(c if len(s := converter.convert(c)) != 1 else s for c in line)
        if converted != line:
            edits.append(Edit(m.start(), m.end(), converted))
    return Cleaned(edits)


def fix_doubled_punctuation(text: str) -> Cleaned:
    """Drop the first of two adjacent clause marks (,, ,。 、、) left by damaged copies."""
    edits = [Edit(m.start(), m.end()) for m in _DOUBLED.finditer(text)]
    issues = [Issue(kind="text_damaged", start=edits[0].start,
                    message=f"{len(edits)} doubled punctuation marks removed")] if edits else []
    return Cleaned(edits, issues)


def _spaced_number_ends(text: str, end: int) -> bool:
    """True when a run of spaced digits ending at ``end`` is followed by a unit, at once or after decimals."""
    if end < len(text) and text[end] in ".．":
        end += 1
        if end >= len(text) or not text[end].isdigit():
            return False
        while end < len(text) and text[end].isdigit():
            end += 1
    if end >= len(text):
        return False
    return text[end] in "%％" or _IS_HAN.match(text, end) is not None


def _spaced_digit_edits(text: str) -> list[Edit]:
    """The spaces inside a number printed with spaces between its digits: 2 0 2 3年 → 2023年, 1 6项,
    8 9 .2%, 3 8.6公里, 图斑1 26个. Every group is one digit, but one that holds the decimal point, or
    there are two groups right after a Han word; the number follows a word (not a space: 合计 4 3 2个 is
    a column of figures) and a unit follows it."""
    edits: list[Edit] = []
    done = 0
    for gap in _DIGIT_GAP.finditer(text):
        if gap.start() < done:
            continue  # inside the run just read
        start, end = gap.start(), gap.end()
        while start and (text[start - 1] in _DIGIT_OR_POINT
                         or (text[start - 1] == " " and start > 1 and text[start - 2] in _DIGIT_OR_POINT)):
            start -= 1
        while end < len(text) and (text[end] in _DIGIT_OR_POINT
                                   or (text[end] == " " and end + 1 < len(text) and text[end + 1] in _DIGIT_OR_POINT)):
            end += 1
        done = end
        if start and text[start - 1] in " \t\u3000":
            continue
        groups = text[start:end].split(" ")
        wide = [g for g in groups if len(g) > 1]
        # one space after a word's first digit (图斑1 26个): one number of at most four digits split by a copy;
        # not after what numbers a table or an item, a date or a ratio (表1 2023年, 第1 26个, 3月12 15日, 按1 10)
        split_once = (len(groups) == 2 and len(groups[0]) == 1 and len(groups[1]) <= 3
                      and _IS_HAN.match(text, start - 1) is not None and text[start - 1] not in _NUMBERED_AFTER)
        if (len(wide) > 1 and not split_once) or (wide and not split_once and not any(p in wide[0] for p in ".．")) \
                or not _ONE_NUMBER.fullmatch("".join(groups)):
            continue  # 1 2 30 · 12 3 4 · 3.5 4.2 · 合计 4 32: separate numbers
        after = end + 1 if text[end:end + 1] == " " else end  # 1 8 个问题: the space before the unit goes too
        if _spaced_number_ends(text, after):
            edits.extend(Edit(i, i + 1) for i in range(start, end) if text[i] == " ")
    return edits


@lru_cache(maxsize=1)
def _co_issuers() -> tuple[frozenset[str], tuple[str, ...]]:
    data = load_yaml("boilerplate.yaml")["co_issuers"]
    return frozenset(data["ends"]), tuple(data["starts"])


_FOUR_HAN = cached_compile(f"[{_HAN}]{{4}}(?![{_HAN}])")
_NOT_HAN_BEFORE_FOUR = cached_compile(f"[^{_HAN}]")


def _two_phrases(text: str, start: int, end: int) -> bool:
    """Whether the space at [start, end) parts two phrases of four characters, as a slogan or a title sets
    them (以案为鉴 警钟长鸣): a whole run of four Han characters on either side, not a word broken in two."""
    return (start >= 4 and _FOUR_HAN.match(text, start - 4) is not None
            and (start == 4 or _NOT_HAN_BEFORE_FOUR.match(text, start - 5) is not None)
            and _FOUR_HAN.match(text, end) is not None)


def remove_stray_spaces(text: str) -> Cleaned:
    """Drop a single space inside a run of Han characters (组 织; not between co-issuers, 中共中央办公厅
    国务院办公厅, nor between two phrases of four, 以案为鉴 警钟长鸣), before a unit (47 万元), between the digits of a number printed digit by digit
    (2 0 2 3年) or between its groups of three (3 276.5万元)."""
    edits = []
    ends, starts = _co_issuers()
    for m in _STRAY_SPACE.finditer(text):
        if (_han_before(text, m.start()) and _IS_HAN.match(text, m.end())
                and not (text[m.start() - 1] in ends and text.startswith(starts, m.end()))
                and not _two_phrases(text, m.start(), m.end())) or (
                m.start() and text[m.start() - 1].isdigit() and text.startswith(_UNITS, m.end())):
            edits.append(Edit(m.start(), m.end()))
    if " " in text or "\u2009" in text or "\u202f" in text or "\u00a0" in text:
        digits = _spaced_digit_edits(text) + _thousands_edits(text)
        if digits:  # a space both repairs find (3 276.5万元) is dropped once
            edits = sorted({e.start: e for e in edits + digits}.values(), key=lambda e: e.start)
    return Cleaned(edits)


def _thousands_edits(text: str) -> list[Edit]:
    """The spaces between digit groups of a number with a unit after it: 3 276.5万元 → 3276.5万元."""
    if _THOUSANDS_GAP.search(text) is None and not any(c in text for c in "\u00a0\u2009\u202f"):
        return []  # the usual case: the full scan tries every digit
    edits = []
    for m in _THOUSANDS.finditer(text):
        if _spaced_number_ends(text, m.end()):
            edits.extend(Edit(i, i + 1) for i in range(m.start(), m.end()) if not text[i].isdigit())
    return edits


def flag_damage(text: str) -> Cleaned:
    """Warn about characters lost in transmission (� or a ? inside a word); the text is kept."""
    if "\N{REPLACEMENT CHARACTER}" not in text and "?" not in text:  # the usual case, at memchr speed
        return Cleaned()
    lost = [m for m in _LOST.finditer(text)
            if m.group() != "?" or (_han_before(text, m.start())
                                    and not _QUESTION_WORDS.search(text, max(0, m.start() - 24), m.start()))]
    if not lost:
        return Cleaned()
    return Cleaned(issues=[Issue(kind="text_damaged", start=lost[0].start(),
                                 message=f"{len(lost)} characters were lost in this copy (shown as ? or �)")])
