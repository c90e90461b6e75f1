"""metadata: a notice's text and its dates → what the notice says about itself.

Title and issuer (from the title line and the closing signature), the
inspection body, unit, kind and period, the feedback and publication dates,
the region of the issuer (province, city, county, admin code), contact phone
and e-mail, and the counts the notice states (28个具体问题, 100条整改措施).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Sequence

import regex

from ..numerals import to_decimal
from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import DateMention, NoticeMeta
from .regions import locate

_SENTENCE = regex.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_LAST_BREAK = regex.compile(r"(?r)[。；;！!？?\n]")  # reverse search: the last sentence break before a point
_TITLE_SPLIT = regex.compile(r"关于")
_TITLE_PUNCT = regex.compile(r"[。；;]")
_TITLE_REACH, _TITLE_LINES = 800, 14  # a title is looked for in the lines before the body, this far
_TITLE_MIN = 10  # characters of a title (or of its first half) found below the first line
_SIGNATURE_PUNCT = regex.compile(r"[，,。；;：:\d]")
# (a bare 审计 is not a cue: an audit report names 审计 in every sentence, its budget year and meetings
# included; an audit period comes with its 审计组)
_OPENING_CHARS = 1_500


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = load_yaml("metadata.yaml")
    return {key: regex.compile(value) for key, value in data.items() if isinstance(value, str)}


_HAN_NUMERALS = "一二三四五六七八九十百"
_NUMERALS_BEFORE = regex.compile(rf"(?r)[\d,{_HAN_NUMERALS}]*")  # reverse: the numerals ending at a point (1,418)


@lru_cache(maxsize=1)
def _anchors() -> dict[str, tuple[re.Pattern | tuple[_WordGroup, ...], int]]:
    """For a pattern ``key``: its anchor pattern ``key_anchor`` (compiled with ``re``, whose scan
    for a leading literal is fast), or its anchor words ``key_anchors`` grouped by their last
    character, and ``key_reach``; see ``_search_anchored``."""
    data = load_yaml("metadata.yaml")
    out: dict[str, tuple[re.Pattern | tuple[_WordGroup, ...], int]] = {}
    for key, value in data.items():
        if key.endswith("_anchor"):
            name = key[:-len("_anchor")]
            out[name] = (cached_compile(value), int(data[name + "_reach"]))
        elif key.endswith("_anchors"):
            name = key[:-len("_anchors")]
            by_last: dict[str, list[str]] = {}
            for word in value:
                by_last.setdefault(word[-1], []).append(word)
            out[name] = (tuple(_word_group(words) for words in by_last.values()), int(data[name + "_reach"]))
    return out


# Anchor words with the same last character: that character, the suffix they all share, and the
# words by length.
_WordGroup = tuple[str, str, tuple[tuple[int, frozenset[str]], ...]]


def _word_group(words: list[str]) -> _WordGroup:
    shared = words[0]
    while not all(word.endswith(shared) for word in words):
        shared = shared[1:]
    lengths = sorted({len(word) for word in words})
    return shared[-1], shared, tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)


def _word_starts(text: str, groups: tuple[_WordGroup, ...]) -> list[int]:
    """Where the words start in ``text`` (overlaps included, unordered). Found from their last
    characters: ``str.find`` on one character is many times faster than on two."""
    starts = []
    find, endswith = text.find, text.endswith
    for last, shared, by_length in groups:
        at = find(last)
        while at >= 0:
            end = at + 1
            if endswith(shared, 0, end):
                for size, words in by_length:
                    if text[end - size:end] in words:
                        starts.append(end - size)
            at = find(last, end)
    return starts


def _search_anchored(pattern: regex.Pattern, key: str, text: str, pos: int = 0):
    """``pattern.search(text)`` without a scan of the whole text with the pattern (slow for
    patterns that open on Han alternatives or numerals).

    A match starts at most ``reach`` characters before one of its anchors, or further back only
    across numerals; so the pattern is tried only at those positions, left to right, and the
    first that matches is where the search would have found its match. (Windows of later
    anchors never start before those of earlier ones: a run of numerals that reaches back past
    an earlier window's start covers it too.) Only matches at or after ``pos`` are looked for.
    """
    anchor, reach = _anchors()[key]
    if isinstance(anchor, re.Pattern):
        starts = (m.start() for m in anchor.finditer(text, pos))
    else:
        starts = sorted(s for s in _word_starts(text, anchor) if s >= pos)
    numerals_before, match = _NUMERALS_BEFORE.search, pattern.match
    tried = pos  # every position below this has been tried
    for start in starts:
        low = start - reach if start > reach else 0
        if low and not ("\u4e00" <= text[low - 1] <= "\u9fff" and text[low - 1] not in _HAN_NUMERALS):
            low = numerals_before(text, 0, low).start()  # (a common Han character is no numeral)
        for pos in range(max(tried, low), start + 1):
            m = match(text, pos)
            if m:
                return m
        tried = max(tried, start + 1)
    return None


_SUMMARY_CHARS = 6_000


def _find_email(pattern: regex.Pattern, text: str):
    """The first e-mail address, searched only around each @ (a scan of the whole text is slow)."""
    at = text.find("@")
    while at >= 0:
        m = pattern.search(text, max(0, at - 64), at + 256)
        if m:
            return m
        at = text.find("@", at + 1)
    return None


@lru_cache(maxsize=1)
def _kinds() -> tuple[str, ...]:
    return tuple(load_yaml("metadata.yaml")["inspection_kinds"])


def find_title(text: str, page_title: str | None = None) -> str | None:
    """The notice's title: its first line that reads as a title before the body begins, else the page's.

    >>> find_title("中共某某党组关于巡察整改情况的通报 |\\n根据区委统一部署")
    '中共某某党组关于巡察整改情况的通报'
    >>> find_title("根据区委统一部署,2019年……。", "某页") is None
    False
    """
    patterns = _patterns()
    title_words, label, not_title = patterns["title_words"], patterns["title_label"], patterns["not_title"]
    before = ""
    for i, line in enumerate(text[:_TITLE_REACH].split("\n")[:_TITLE_LINES]):
        line = label.sub("", line.strip(), count=1).rstrip(" |｜\t\u3000")
        if len(line) > 80 or _TITLE_PUNCT.search(line):
            break  # the body has begun
        if title_words.search(line) and not not_title.search(line):
            # the first line, or one under a 政府信息公开 header (索引号：……), not a short heading there
            # (整改落实情况); a title broken over two lines (关于2021年度……审计查出\n问题整改情况的报告) is joined
            if before and "关于" in before and "关于" not in line and len(before) >= _TITLE_MIN:
                return before + line
            if i == 0 or len(line) >= _TITLE_MIN:
                return line
        before = line if line and not not_title.search(line) and not title_words.search(line) else ""
    return page_title


def find_issuer(text: str, title: str | None) -> str | None:
    """The issuing body: the closing signature, else the part of the title before 关于."""
    suffix = _patterns()["issuer_suffix"]
    lines = [line.strip() for line in text.rstrip().rsplit("\n", 4)[-4:]]
    for line in reversed(lines):
        if 2 <= len(line) <= 40 and not _SIGNATURE_PUNCT.search(line) and suffix.search(line):
            return line
    if title and "关于" in title:
        head = _TITLE_SPLIT.split(title, 1)[0].strip()
        if 2 <= len(head) <= 40 and suffix.search(head):
            return head
    return _reporting_issuer(text[:_OPENING_CHARS])


def _reporting_issuer(opening: str) -> str | None:
    """The issuer of a report to a standing committee: the government it is made for (受县人民政府
    委托), named with the region of the reporter under the title (东湖县审计局局长 王建明), else
    the reporter's organisation. Nothing when the reporter names no region (市审计局局长)."""
    patterns = _patterns()
    reporter = None
    for line in opening.splitlines()[1:5]:
        m = patterns["reporter_line"].search(line.strip())
        if m:
            reporter = m.group(1)
            break
    if reporter is None:
        return None  # no reporter under the title: 受…委托 then names who inspected, not who reports
    if patterns["region_levels"].search(reporter):
        reporter = None  # 市审计局: no region to name the issuer with
    entrusted = patterns["entrusted_by"].search(opening)
    if entrusted:
        body = entrusted.group(1)
        if not patterns["region_levels"].search(body):
            return body  # named in full (国务院, 东湖县人民政府)
        at = reporter.find(body[0]) if reporter else -1
        if at > 0:
            return reporter[:at] + body  # 东湖县 + 县人民政府 → 东湖县人民政府 (the level once)
    return reporter


def find_inspection_kind(title: str | None, text: str) -> str | None:
    """巡察 / 巡视 / 审计 / 督察: named in the title, else the one the opening names most."""
    for source in (title or "", text[:600]):
        counts = {kind: source.count(kind) for kind in _kinds()}
        best = max(counts, key=lambda k: counts[k])
        if counts[best]:
            return "督察" if best == "督查" else best
    return None


def _search(key: str, text: str, pos: int = 0):
    """The pattern ``key`` searched in ``text`` from ``pos``: through its anchors when metadata.yaml
    gives some."""
    pattern = _patterns()[key]
    return _search_anchored(pattern, key, text, pos) if key in _anchors() else pattern.search(text, pos)


def _first_group(key: str, text: str) -> str | None:
    m = _search(key, text)
    if not m:
        return None
    return next((g for g in m.groups() if g), m.group())


def _inspected_unit(text: str) -> str | None:
    """The unit inspected, up to the year or tenure looked at in it."""
    unit = _first_group("inspected_unit", text)
    if unit and (end := _patterns()["inspected_unit_ends"].search(unit)) and end.start() >= 2:
        unit = unit[:end.start()].rstrip("的")
    return unit


def _inspection_body(text: str, kind: str | None) -> str | None:
    """The team that inspected, from the committee that sent it when one is named inside the match; for
    an audit, the audit office that ran it when the text names one."""
    if kind == "审计" and (office := _first_group("audit_body", text)):
        return office
    body = _first_group("inspection_body", text) or _first_group("audit_body", text)
    if not body:
        return body
    patterns = _patterns()
    cut = max((m.end() for m in patterns["inspection_body_cut_after"].finditer(body)), default=0)
    heads = list(patterns["inspection_body_heads"].finditer(body, cut))
    if heads and (head := heads[-1].start()) > cut and (  # (市委关于省委第三巡视组: the last committee named)
            cut or patterns["inspection_body_cut_before_head"].search(body, 0, head)):
        rounds = _ROUNDS_BEFORE.match(body, 0, head)  # (第二轮第六批中央…督察组 keeps its round)
        cut = max(cut, rounds.start() if rounds else head)
    return body[cut:]


_ROUNDS_BEFORE = regex.compile(r"(?r)(?:第[一二三四五六七八九十\d]{1,3}[轮批])*")  # reverse: ending at a point


#: a stated count above this is a misread run of digits, not a count (and would not fit the int32 column)
_MAX_COUNT = 1_000_000


#: how far back in its clause a progress word (已完成, 剩余 ...) qualifies a count
_PROGRESS_REACH = 12


def _count(text: str, *keys: str) -> int | None:
    """The first count the notice states as a total, by the first of ``keys`` that finds one.

    A count qualified as progress or remainder in its clause (已完成整改措施81条, 对剩余3个问题) is
    not the stated total: it is skipped and the search goes on after it.
    """
    progress = _patterns()["stated_count_progress"]
    for key in keys:
        pos = 0
        while (m := _search(key, text, pos)) is not None:
            pos = m.end()
            group = next((i for i, g in enumerate(m.groups(), 1) if g), None)
            if group is None:
                continue
            at = m.start(group)  # the qualifier may sit inside the match: 已整改问题171个
            if progress.search(text, max(0, at - _PROGRESS_REACH), at):
                continue
            value = m.group(group)
            if value == "一":  # an article, not a count: 一个问题、一名领导、一套方案
                continue
            number = to_decimal(value.replace(",", "")) if value else None
            if number is not None and 0 <= number <= _MAX_COUNT:
                return int(number)
    return None


def _sentence_dates(text: str, dates: Sequence[DateMention], cue: regex.Pattern) -> list[DateMention]:
    """The ``dates`` (already resolved, not relative) that sit in the first sentence with a ``cue``
    match and any such date.

    Sentences are runs without a break, each with its closing mark. Only the sentences that hold
    one of ``dates`` are looked at, in text order, from the dates themselves.
    """
    ordered = dates
    if any(a.start > b.start for a, b in zip(dates, dates[1:])):
        ordered = sorted(dates, key=lambda d: d.start)
    last_break, sentence_at, has_cue = _LAST_BREAK.search, _SENTENCE.match, cue.search
    end = -1
    for d in ordered:
        at = d.start
        if at < end:
            continue  # in the sentence just looked at
        brk = last_break(text, 0, at)
        sentence = sentence_at(text, brk.end() if brk else 0)
        if sentence is None or sentence.end() <= at:
            continue  # on a break, in no sentence
        start, end = sentence.span()
        if has_cue(text, start, end):
            return [d for d in dates if start <= d.start < end]
    return []


def _may_be_period(d: DateMention) -> bool:
    if d.kind == "range":
        return d.granularity != "year"
    return d.granularity not in ("year", "day")


def extract_meta(text: str, dates: Sequence[DateMention], published: dt.date | None,
                 page: dict[str, str]) -> NoticeMeta:
    """Everything the notice says about itself."""
    title = find_title(text, page.get("title"))
    issuer = find_issuer(text, title)
    opening = text[:_OPENING_CHARS]
    limit = len(opening)
    early = [d for d in dates if d.start < limit and d.date_start and d.kind != "relative"]
    # an inspection period is a range, or a month, ten days, quarter or half year; a bare year
    # (2022年度) names an audited budget year and a single day a meeting, not when an inspection ran
    period = _sentence_dates(opening, [d for d in early if _may_be_period(d)], _patterns()["period_cue"])
    span = next((d for d in period if d.kind == "range"), period[0] if period else None)
    # (a day or month: not a range the sentence looks at, 2017年9月至2020年12月任职期间……，并于5月18日出具)
    feedback = _sentence_dates(opening, [d for d in early if (span is None or d.start > span.start)
                                         and d.kind != "range"], _patterns()["feedback_cue"])
    province, city, county, code = locate(issuer) if issuer else (None, None, None, None)
    kind = find_inspection_kind(title, text)
    phone = _first_group("phone", text)
    email = _find_email(_patterns()["email"], text)
    summary = text[:_SUMMARY_CHARS]  # notices state their counts in the opening summary
    return NoticeMeta(
        title=title,
        issuer=issuer,
        inspected_unit=_inspected_unit(opening),
        inspection_body=_inspection_body(opening, kind),
        inspection_kind=kind,
        inspection_start=span.date_start if span else None,
        inspection_end=span.date_end if span else None,
        feedback_date=feedback[0].date_start if feedback else None,
        published_date=published,
        province=province, city=city, county=county, admin_code=code,
        phone=phone,
        email=email.group() if email else None,
        stated_problem_count=_count(summary, "stated_problem_count"),
        stated_measure_count=_count(summary, "stated_measure_count", "stated_task_count"),
        stated_rule_count=_count(summary, "stated_rule_count"),
    )
