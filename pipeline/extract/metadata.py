"""metadata: a notice's text and its dates → what the notice says about itself.

Title and issuer (from the title line and the closing signature), the
inspection body, unit, kind and period, the feedback and publication dates,
the region of the issuer (province, city, county, admin code), contact phone
and e-mail, and the counts the notice states (28个具体问题, 100条整改措施).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Sequence

import regex

from ..numerals import to_decimal
from ..resources import load_yaml
from ..types import DateMention, NoticeMeta
from .regions import locate

_SENTENCE = regex.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_LAST_BREAK = regex.compile(r"(?r)[。；;！!？?\n]")  # reverse search: the last sentence break before a point
_TITLE_SPLIT = regex.compile(r"关于")
_TITLE_PUNCT = regex.compile(r"[。；;]")
_SIGNATURE_PUNCT = regex.compile(r"[，,。；;：:\d]")
_PERIOD_CUE = regex.compile("巡察组|巡视组|督察组|审计组|巡察|巡视|督察|审计")
_FEEDBACK_CUE = regex.compile("反馈")
_OPENING_CHARS = 1_500


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = load_yaml("metadata.yaml")
    return {key: regex.compile(value) for key, value in data.items() if isinstance(value, str)}


@lru_cache(maxsize=1)
def _anchors() -> dict[str, tuple[regex.Pattern | tuple[str, ...], int]]:
    """For a pattern ``key``: (its anchor pattern ``key_anchor`` or words ``key_anchors``, ``key_reach``).

    Every match of the pattern holds an anchor that starts at most ``reach`` characters after
    the match's own start; see ``_search_anchored``.
    """
    data = load_yaml("metadata.yaml")
    out: dict[str, tuple[regex.Pattern | tuple[str, ...], int]] = {}
    for key, value in data.items():
        if key.endswith("_anchor"):
            out[key[:-len("_anchor")]] = (regex.compile(value), int(data[key[:-len("_anchor")] + "_reach"]))
        elif key.endswith("_anchors"):
            out[key[:-len("_anchors")]] = (tuple(value), int(data[key[:-len("_anchors")] + "_reach"]))
    return out


def _word_positions(text: str, words: tuple[str, ...]) -> list[int]:
    """Where each of ``words`` starts in ``text``, overlaps included, in order. Found from their
    last characters: ``str.find`` on one character is many times faster than on two."""
    found = []
    for word in words:
        last, back = word[-1], len(word) - 1
        at = text.find(last, back)
        while at >= 0:
            if back == 0 or text.startswith(word, at - back):
                found.append(at - back)
            at = text.find(last, at + 1)
    if len(words) > 1:
        found.sort()
    return found


def _search_anchored(pattern: regex.Pattern, key: str, text: str):
    """``pattern.search(text)`` without a scan of the whole text with a pattern that opens on Han
    alternatives (slow): no match starts more than ``reach`` characters before its anchor.

    With an anchor pattern, the search starts ``reach`` characters before the first anchor.
    With anchor words (for long texts where a match may be absent), the pattern is tried only
    in the windows [anchor - reach, anchor], left to right, each position once.
    """
    anchor, reach = _anchors()[key]
    if not isinstance(anchor, tuple):
        first = anchor.search(text)
        return pattern.search(text, max(0, first.start() - reach)) if first else None
    match = pattern.match
    tried = 0  # every position below this has been tried
    for at in _word_positions(text, anchor):
        for pos in range(max(tried, at - reach), at + 1):
            m = match(text, pos)
            if m:
                return m
        tried = max(tried, at + 1)
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
    """The notice's title: its first line when that reads as a title, else the page's.

    >>> find_title("中共某某党组关于巡察整改情况的通报 |\\n根据区委统一部署")
    '中共某某党组关于巡察整改情况的通报'
    >>> find_title("根据区委统一部署,2019年……。", "某页") is None
    False
    """
    line_end = text.find("\n")
    first = (text if line_end < 0 else text[:line_end]).strip()
    if len(first) <= 80 and not _TITLE_PUNCT.search(first) and _patterns()["title_words"].search(first):
        return first.rstrip(" |｜\t\u3000")
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
    return None


def find_inspection_kind(title: str | None, text: str) -> str | None:
    """巡察 / 巡视 / 审计 / 督察: named in the title, else the one the opening names most."""
    for source in (title or "", text[:600]):
        counts = {kind: source.count(kind) for kind in _kinds()}
        best = max(counts, key=lambda k: counts[k])
        if counts[best]:
            return "督察" if best == "督查" else best
    return None


def _first_group(pattern: regex.Pattern, text: str, anchored: str | None = None) -> str | None:
    m = _search_anchored(pattern, anchored, text) if anchored else pattern.search(text)
    if not m:
        return None
    return next((g for g in m.groups() if g), m.group())


def _count(pattern: regex.Pattern, text: str) -> int | None:
    value = _first_group(pattern, text)
    number = to_decimal(value) if value else None
    return int(number) if number is not None else None


def _sentence_dates(text: str, dates: Sequence[DateMention], cue: regex.Pattern) -> list[DateMention]:
    """The ``dates`` (already resolved, not relative) that sit in the first sentence with a ``cue``
    match and any such date.

    Sentences are runs without a break, each with its closing mark; a cue (plain words) never holds
    a break, so the sentences with a cue are those around its matches, found from them.
    """
    if not dates:
        return []
    hit = cue.search(text)
    while hit:
        brk = _LAST_BREAK.search(text, 0, hit.start())
        sentence = _SENTENCE.match(text, brk.end() if brk else 0)
        start, end = sentence.span()
        inside = [d for d in dates if start <= d.start < end]
        if inside:
            return inside
        hit = cue.search(text, end)
    return []


def extract_meta(text: str, dates: Sequence[DateMention], published: dt.date | None,
                 page: dict[str, str]) -> NoticeMeta:
    """Everything the notice says about itself."""
    p = _patterns()
    title = find_title(text, page.get("title"))
    issuer = find_issuer(text, title)
    opening = text[:_OPENING_CHARS]
    limit = len(opening)
    early = [d for d in dates if d.start < limit and d.date_start and d.kind != "relative"]
    period = _sentence_dates(opening, early, _PERIOD_CUE)
    span = next((d for d in period if d.kind == "range"), period[0] if period else None)
    feedback = _sentence_dates(opening, [d for d in early if span is None or d.start > span.start], _FEEDBACK_CUE)
    province, city, county, code = locate(issuer) if issuer else (None, None, None, None)
    phone = _first_group(p["phone"], text, anchored="phone")
    email = _find_email(p["email"], text)
    summary = text[:_SUMMARY_CHARS]  # notices state their counts in the opening summary
    return NoticeMeta(
        title=title,
        issuer=issuer,
        inspected_unit=_first_group(p["inspected_unit"], opening),
        inspection_body=_first_group(p["inspection_body"], opening, anchored="inspection_body"),
        inspection_kind=find_inspection_kind(title, text),
        inspection_start=span.date_start if span else None,
        inspection_end=span.date_end if span else None,
        feedback_date=feedback[0].date_start if feedback else None,
        published_date=published,
        province=province, city=city, county=county, admin_code=code,
        phone=phone,
        email=email.group() if email else None,
        stated_problem_count=_count(p["stated_problem_count"], summary),
        stated_measure_count=_count(p["stated_measure_count"], summary),
        stated_rule_count=_count(p["stated_rule_count"], summary),
    )
