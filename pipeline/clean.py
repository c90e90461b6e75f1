"""clean: RawDoc → Document (clean text + OffsetMap back to the raw text).

An ordered tuple of named cleaners, each ``str -> Cleaned`` (the edits it
wants plus any issues it noticed). Every edit is recorded in the OffsetMap so
that any span of the clean text can be traced to the raw file, and
``Document.steps`` names the cleaners that changed something.

Cleaning removes furniture; it never rewrites what was published: full-width
punctuation stays full-width (the patterns downstream match both widths).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Callable, NamedTuple

import re

from .errors import EmptyInput
from .pattern_cache import cached_compile
from .resources import load_lines, load_yaml
from .clean_pages import join_wrapped_lines, remove_page_numbers
from .offsets import Cleaned, Edit, apply_edits, compose, forward
from .scan import LineScan, first_chars, line_scan, literal_anchored_matches, required_chars, whole_lines
from .types import Document, Issue, OffsetMap, RawDoc

_ASCII_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # a character class body
_WIDE_CONTROLS = "\ufeff\u200b\u200c\u200d\u2060\ufffe"
_CONTROL = cached_compile(f"[{_ASCII_CONTROLS}{_WIDE_CONTROLS}]+")
_ASCII_CONTROL = cached_compile(f"[{_ASCII_CONTROLS}]".encode())
_LINE = cached_compile(r"[^\n]*")
_STRIP = " \t\u3000\xa0\r"
_SPACES = frozenset(" \t\u3000\xa0")
_SENTENCE_END = frozenset("。！？!?；;：:”’」』）)】…")


class CleanConfig(NamedTuple):
    """One switch per cleaner, named after it."""

    remove_control_chars: bool = True
    remove_boilerplate: bool = True
    remove_page_markers: bool = True
    remove_page_numbers: bool = True
    join_wrapped_lines: bool = True
    strip_pinyin_annotations: bool = True
    convert_traditional: bool = True
    fix_doubled_punctuation: bool = True
    remove_stray_spaces: bool = True
    flag_damage: bool = True
    tidy_whitespace: bool = True


_SENTENCE_MARKS = cached_compile("[。；;！!？?]")


@lru_cache(maxsize=1)
def _link_lists() -> tuple[LineScan, int]:
    """The heading line of a list of links and the longest link title."""
    data = load_yaml("boilerplate.yaml")
    return line_scan(data["link_lists"]), int(data["link_item_max_chars"])


def _link_list_spans(text: str) -> list[Edit]:
    """A 相关链接 line with the link titles under it, up to the first line that reads like text."""
    scan, longest = _link_lists()
    starts = [start for start, _ in whole_lines(scan, text)]
    edits: list[Edit] = []
    for start in starts:
        if edits and start < edits[-1].end:  # a heading line inside the list before it
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        while end < len(text):
            stop = text.find("\n", end)
            stop = len(text) if stop < 0 else stop + 1
            item = text[end:stop].strip(_STRIP + "\n")
            if len(item) > longest or _SENTENCE_MARKS.search(item):
                break
            end = stop
        edits.append(Edit(start, end))
    return edits


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[LineScan, tuple[tuple[re.Pattern, frozenset[str] | None, str, str], ...],
                            tuple[re.Pattern, frozenset[str] | None, str]]:
    """Furniture patterns: whole lines, fragments and page markers.

    Fragments and markers come with the characters their matches start with and the ones
    every match contains (``scan.first_chars``, ``scan.required_chars``) for a fast scan.
    """
    data = load_yaml("boilerplate.yaml")
    fragments = tuple((pattern, first_chars(pattern), required_chars(pattern), f["after"])
                      for f in data["fragments"] for pattern in [cached_compile(f["pattern"], re.MULTILINE)])
    markers = cached_compile("|".join(f"(?:{p})" for p in data["page_markers"]))
    return line_scan(data["lines"]), fragments, (markers, first_chars(markers), required_chars(markers))


def _furniture_lines(text: str) -> list[Edit]:
    """Whole furniture lines (what ``^(?:line)`` in multiline mode finds), non-empty ones."""
    return [Edit(start, end) for start, end in whole_lines(_boilerplate()[0], text) if end > start]


def _merge_link_lists(lines: list[Edit], lists: list[Edit]) -> list[Edit]:
    """Furniture lines and link lists, without the furniture lines a list already covers."""
    if not lists:
        return lines
    kept = [e for e in lines if not any(block.start <= e.start < block.end for block in lists)]
    return sorted(kept + lists, key=lambda e: e.start)


def remove_control_chars(text: str) -> Cleaned:
    """Drop NUL and other control characters, BOMs and zero-width characters."""
    # Almost no notice has any: test cheaply first. The ASCII subset of a Chinese text is
    # short, and a one-character ``in`` runs at memchr speed; the charset scan costs ~10x both.
    if (_ASCII_CONTROL.search(text.encode("ascii", "ignore")) is None
            and not any(char in text for char in _WIDE_CONTROLS)):
        return Cleaned()
    return Cleaned([Edit(m.start(), m.end()) for m in _CONTROL.finditer(text)])


def remove_boilerplate(text: str) -> Cleaned:
    """Drop web-furniture lines (打印本页, 关闭窗口, 浏览量 …), lists of links (相关链接) and furniture fragments."""
    _, fragments, _ = _boilerplate()
    edits = _furniture_lines(text)
    edits = _merge_link_lists(edits, _link_list_spans(text))
    removed = {e.start for e in edits}
    for pattern, chars, needs, after in fragments:
        for f in literal_anchored_matches(pattern, chars, text, needs):
            start = f.start()
            while start and text[start - 1] in _SPACES:
                start -= 1
            line_start = start == 0 or text[start - 1] == "\n"
            if (after == "space" and start == f.start()) or (after == "line_start" and not line_start):
                continue
            if text.rfind("\n", 0, f.start()) + 1 not in removed:
                edits.append(Edit(start, f.end()))
    return Cleaned(edits)


def remove_page_markers(text: str) -> Cleaned:
    """Drop newspaper continuation markers such as (下转第七版); warn where one cuts a sentence."""
    _, _, (markers, chars, needs) = _boilerplate()
    edits: list[Edit] = []
    issues: list[Issue] = []
    for m in literal_anchored_matches(markers, chars, text, needs):
        start = m.start()
        while start and text[start - 1] in " \t\u3000":
            start -= 1
        end = m.end()
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        if edits and start <= edits[-1].end:  # (下转第七版) (上接第六版): one cut
            edits[-1] = Edit(edits[-1].start, end)
            continue
        edits.append(Edit(start, end))
        before = text[:start].rstrip()
        if before and before[-1] not in _SENTENCE_END:
            issues.append(Issue(
                kind="text_cut",
                message=f"a newspaper page marker '{m.group()}' cuts a sentence: text may be missing",
                start=start,
            ))
    return Cleaned(edits, issues)


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
    8 9 .2%, 3 8.6公里. Every group is one digit, but one that holds the decimal point; the number
    follows a word (not a space: 合计 4 3 2个 is a column of figures) and a unit follows it."""
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
        if len(wide) > 1 or (wide and not any(p in wide[0] for p in ".．")) or not _ONE_NUMBER.fullmatch("".join(groups)):
            continue  # 1 2 30 · 12 3 4 · 3.5 4.2: separate numbers
        after = end + 1 if text[end:end + 1] == " " else end  # 1 8 个问题: the space before the unit goes too
        if _spaced_number_ends(text, after):
            edits.extend(Edit(i, i + 1) for i in range(start, end) if text[i] == " ")
    return edits


@lru_cache(maxsize=1)
def _co_issuers() -> tuple[frozenset[str], tuple[str, ...]]:
    data = load_yaml("boilerplate.yaml")["co_issuers"]
    return frozenset(data["ends"]), tuple(data["starts"])


def remove_stray_spaces(text: str) -> Cleaned:
    """Drop a single space inside a run of Han characters (组 织; not between co-issuers, 中共中央办公厅
    国务院办公厅), before a unit (47 万元), between the digits of a number printed digit by digit
    (2 0 2 3年) or between its groups of three (3 276.5万元)."""
    edits = []
    ends, starts = _co_issuers()
    for m in _STRAY_SPACE.finditer(text):
        if (_han_before(text, m.start()) and _IS_HAN.match(text, m.end())
                and not (text[m.start() - 1] in ends and text.startswith(starts, m.end()))) or (
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


def tidy_whitespace(text: str) -> Cleaned:
    """Strip spaces at line edges and drop empty lines (paragraphs are lines)."""
    edits: list[Edit] = []
    offset = 0
    kept_any = False
    strip = _STRIP
    for line in text.split("\n"):
        end = offset + len(line)
        if line and line[0] not in strip and line[-1] not in strip:  # the usual line: nothing to do
            kept_any = True
            offset = end + 1
            continue
        body = line.strip(strip)
        if not body:  # an empty line goes with its newline (the last one with the one before it)
            if end < len(text):
                edits.append(Edit(offset, end + 1))
            elif offset:
                edits.append(Edit(offset - 1, end))
        else:
            lead = len(line) - len(line.lstrip(_STRIP))
            trail = len(line) - len(line.rstrip(_STRIP))
            if lead:
                edits.append(Edit(offset, offset + lead))
            if trail:
                edits.append(Edit(end - trail, end))
            kept_any = True
        offset = end + 1
    if not kept_any:
        return Cleaned([Edit(0, len(text))]) if text else Cleaned()
    return Cleaned(_merge_adjacent(edits))


def _merge_adjacent(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in edits:
        if merged and merged[-1].end >= edit.start:
            merged[-1] = Edit(merged[-1].start, max(edit.end, merged[-1].end))
        else:
            merged.append(edit)
    return merged


Cleaner = Callable[[str], Cleaned]
CLEANERS: tuple[tuple[str, Cleaner], ...] = (
    ("remove_control_chars", remove_control_chars),
    ("remove_boilerplate", remove_boilerplate),
    ("remove_page_markers", remove_page_markers),
    ("remove_page_numbers", remove_page_numbers),
    ("join_wrapped_lines", join_wrapped_lines),
    ("strip_pinyin_annotations", strip_pinyin_annotations),
    ("convert_traditional", convert_traditional),
    ("fix_doubled_punctuation", fix_doubled_punctuation),
    ("remove_stray_spaces", remove_stray_spaces),
    ("flag_damage", flag_damage),
    ("tidy_whitespace", tidy_whitespace),
)


def notice_id_for(text: str) -> str:
    """A stable id from the cleaned text: same text, same id, whatever the file is called.

    >>> notice_id_for("abc") == notice_id_for("abc"), len(notice_id_for("abc"))
    (True, 16)
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def clean(raw: RawDoc, config: CleanConfig = CleanConfig()) -> Document:
    """Run the enabled cleaners in order; raise EmptyInput when nothing is left."""
    text, offsets = raw.text, OffsetMap()
    published = None  # the text as published, kept once a cleaner converts the script
    steps: list[str] = []
    issues: list[Issue] = []
    for name, cleaner in CLEANERS:
        if not getattr(config, name):
            continue
        result = cleaner(text)
        if not result.edits:
            issues.extend(result.issues)
            continue
        if name == "convert_traditional":
            published = text  # same length as the converted text: later edits apply to both
        elif published is not None:
            published = apply_edits(published, result.edits)[0]
        text, step_map = apply_edits(text, result.edits)
        issues = [_moved(i, step_map) for i in issues] + [_moved(i, step_map) for i in result.issues]
        offsets = compose(offsets, step_map)
        steps.append(name)
    if not text or text.isspace():  # what strip() would leave empty, without copying the text
        raise EmptyInput("no text left after removing page furniture")
    if "+" in raw.encoding:  # decoded part by part (ingest): say so
        issues.append(Issue(kind="mixed_encoding",
                            message=f"the file mixes encodings ({raw.encoding}); each part was decoded on its own"))
    return Document(
        notice_id=notice_id_for(text),
        source_path=raw.source_path,
        text=text,
        offsets=offsets,
        raw=raw,
        steps=tuple(steps),
        issues=tuple(issues),
        published=published if published is not None and len(published) == len(text) else None,
    )


def _moved(issue: Issue, step_map: OffsetMap) -> Issue:
    if issue.start is None:
        return issue
    return Issue(kind=issue.kind, message=issue.message, start=forward(step_map, issue.start), node_id=issue.node_id)
