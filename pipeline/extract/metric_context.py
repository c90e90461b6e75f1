"""metric_context: what a quantity measures, read from the clause around it.

The subject is the noun phrase after a measure word (268起|案件) or the one the number closes
(诉讼收案同比减少|27.7%), without time words and verbs; the comparison base is 同比/环比 named
in the clause; the direction is the verb that ends it (增加/减少). Cue words live in
``lexicon/units.yaml``.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import Metric
from .word_patterns import TRAD, alternation, by_first_character

_LEX = load_yaml("units.yaml")
_COMPARISON: dict[str, str] = _LEX["comparison"]
_DIRECTION: dict[str, list[str]] = _LEX["direction"]
_MAX_SUBJECT = 12  # characters kept of a subject
_CLAUSE_WINDOW = 30  # characters searched back for the clause before a number
_CLAUSE_BREAKS = (
    r",\N{FULLWIDTH COMMA}\N{IDEOGRAPHIC COMMA}\N{IDEOGRAPHIC FULL STOP};\N{FULLWIDTH SEMICOLON}"
    r":\N{FULLWIDTH COLON}!\N{FULLWIDTH EXCLAMATION MARK}?\N{FULLWIDTH QUESTION MARK}\n()"
    r"\N{FULLWIDTH LEFT PARENTHESIS}\N{FULLWIDTH RIGHT PARENTHESIS}\"\N{LEFT DOUBLE QUOTATION MARK}"
    r"\N{RIGHT DOUBLE QUOTATION MARK}\N{LEFT DOUBLE ANGLE BRACKET}\N{RIGHT DOUBLE ANGLE BRACKET}"
    r"\N{LEFT BLACK LENTICULAR BRACKET}\N{RIGHT BLACK LENTICULAR BRACKET}\[\]"
)
_SENTENCE_BREAKS = (
    r"\N{IDEOGRAPHIC FULL STOP};\N{FULLWIDTH SEMICOLON}!\N{FULLWIDTH EXCLAMATION MARK}"
    r"?\N{FULLWIDTH QUESTION MARK}\n"
)
_RE_LAST_BREAK = cached_compile(rf".*[{_CLAUSE_BREAKS}]", re.S)
_RE_SENTENCE_BREAK = cached_compile(f"[{_SENTENCE_BREAKS}]")
_RE_HAN_RUN = cached_compile(r"[\u4e00-\u9fff]{1,%d}" % _MAX_SUBJECT)
_COMPOUNDS = frozenset(_LEX["subject_compounds"])  # matched before the stop word they hold (scans go left to right)
_RE_STOP = cached_compile(by_first_character([*_LEX["subject_stops"], *_COMPOUNDS]))
_NOUN_STARTS = [*_LEX["subject_verbs"], *(w for w in _LEX["subject_stops"] if len(w) > 1 or w in "的和与及并对向从将把")]
_RE_NOUN_START = cached_compile(by_first_character(
    [*_NOUN_STARTS, *(c for c in _COMPOUNDS if any(w in c for w in _NOUN_STARTS))]  # 党组织 holds 组织
))
_PASSIVE_NOUNS = tuple(_LEX["subject_passive_nouns"])
_RE_COMPOUND_HEAD = cached_compile(alternation(_LEX["subject_compound_heads"]))
_RE_LEAD = cached_compile(
    rf"^(?:{alternation(_LEX['subject_lead'])}|中(?![央国华共层])|[0-9０-９]{{4}}年度?|[\s\-—]+)+"
)
_RE_TAIL = cached_compile(
    rf"(?:{alternation([*_LEX['subject_tail'], *_COMPARISON, *(w for ws in _DIRECTION.values() for w in ws)])}"
    r"|(?<![行作认成较更最因])为|\s+)+$"
)
_RE_COMPARISON = cached_compile(alternation(_COMPARISON))
_RE_DIRECTION = cached_compile(
    "(?:" + "|".join(f"(?P<{d}>{alternation(_DIRECTION[d])})" for d in ("level", "increase", "decrease")) + ")[了为]?$"
)


_DIRECTION_LAST = {  # _RE_DIRECTION ends the clause: its last character is one of these
    *(c for ws in _DIRECTION.values() for w in ws for c in (w[-1], TRAD.get(w[-1], w[-1]))), "了", "为", "\n"}
_TAIL_LAST = {  # _RE_TAIL ends the subject: its last character is one of these or a space
    *(c for w in [*_LEX["subject_tail"], *_COMPARISON, *(w for ws in _DIRECTION.values() for w in ws)]
      for c in (w[-1], TRAD.get(w[-1], w[-1]))), "为"}


def describe(text: str, start: int, end: int, value: Decimal, value_max: Decimal | None, unit: str, kind: str,
               approx: bool, previous: Metric | None) -> Metric:
    """The Metric for a quantity at [start, end): its subject, comparison and direction read around it."""
    clause = clause_before(text, start, previous.end if previous else 0)
    subject = _subject_after(text, end) if kind == "count" else None
    subject = subject or _subject_before(clause)
    if subject is None and previous and previous.unit == unit and not _RE_SENTENCE_BREAK.search(
        text, previous.end, start
    ):
        subject = previous.subject  # 25个问题，已完成整改19个: the 问题 named before
    comparison = _RE_COMPARISON.search(clause)  # a search in C: cheaper than any pre-check
    direction = _RE_DIRECTION.search(clause) if clause and clause[-1] in _DIRECTION_LAST else None
    return Metric(
        raw=text[start:end], start=start, end=end, value=value, value_max=value_max,
        unit=unit, kind=kind, approx=approx, subject=subject,
        comparison=_COMPARISON[comparison.group()] if comparison else None,
        direction=direction.lastgroup if direction and direction.lastgroup != "level" else None,
    )


def clause_before(text: str, start: int, floor: int) -> str:
    """The text between the last clause break (or the previous metric) and ``start``.

    >>> clause_before("截至目前，共走访企业35家", 10, 0)
    '共走访企业'
    """
    window_start = max(floor, start - _CLAUSE_WINDOW)
    last = _RE_LAST_BREAK.match(text, window_start, start)  # no slice of the window: pos/endpos
    return text[last.end() if last else window_start:start]


def _subject_after(text: str, end: int) -> str | None:
    """The noun phrase right after a measure word: 268起|案件|，.

    >>> _subject_after("268起案件，诉讼", 4), _subject_after("4个方面的问题", 2), _subject_after("35家，", 3)
    ('案件', '方面', None)
    >>> _subject_after("40家被巡察单位党组织全面反馈", 3), _subject_after("3人被留置", 2), _subject_after("9个党组织", 2)
    ('被巡察单位党组织', None, '党组织')
    >>> _subject_after("2名村党组织书记兼任", 2)
    '村党组织书记'

    """
    run = _RE_HAN_RUN.match(text, end)
    if not run:
        return None
    stop = _RE_STOP.search(text, end, run.end())  # within the run, in place: endpos is the run's end
    if stop is not None and stop.start() == end and text.startswith(_PASSIVE_NOUNS, end):
        stop = _RE_STOP.search(text, end + 1, run.end())  # 40家被巡察单位: a noun, not 被 after a count
    if stop is not None and stop.group() in _COMPOUNDS:  # 3个党组织: the noun ends with it, or with its head
        head = _RE_COMPOUND_HEAD.match(text, stop.end(), run.end())
        return text[end:head.end() if head else stop.end()]
    if stop is None:
        noun = run.group()
    elif stop.start() == end:
        return None  # a verb or preposition: 4人到均川镇
    else:
        noun = text[end:stop.start()]
    return noun.removesuffix("中") if len(noun) > 2 else noun  # 817个问题中，


@lru_cache(maxsize=4096)  # pure, and clauses recur (其中, 共发现问题, 已完成整改)
def _subject_before(clause: str) -> str | None:
    """The noun phrase a number closes, without time words and verbs around it.

    >>> _subject_before("截止目前清查发放进度已完成"), _subject_before("诉讼收案同比减少"), _subject_before("占民商事结案")
    ('清查发放进度', '诉讼收案', '民商事结案')
    >>> _subject_before("同比上升")
    """
    subject = clause
    for _ in range(3):  # lead and tail words may uncover each other: 其中|已|完成
        lead = _RE_LEAD.match(subject)  # anchored at the start: what .sub("", …) would remove
        trimmed = subject[lead.end():] if lead else subject
        if trimmed and (trimmed[-1] in _TAIL_LAST or trimmed[-1].isspace()):  # else _RE_TAIL cannot match
            trimmed = _RE_TAIL.sub("", trimmed)
        if trimmed == subject:
            break  # nothing left to strip: further rounds change nothing
        subject = trimmed
    search, limit, after, scanned = _RE_NOUN_START.search, max(0, len(subject) - 2), 0, 0
    while stop := search(subject, scanned, limit):  # the last of finditer's matches…
        scanned = stop.end()
        if stop.group() not in _COMPOUNDS or not (scanned == len(subject) or _RE_COMPOUND_HEAD.match(subject, scanned)):
            after = scanned  # …but a noun holding a stop word that the subject ends with (村党组织书记, 基层党组织)
    if after:  # 速裁团队共|结案: keep what follows the last function word
        subject = subject[after:]
    return subject[-_MAX_SUBJECT:] or None
