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
_TITLE_SPLIT = regex.compile(r"关于")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = load_yaml("metadata.yaml")
    return {key: regex.compile(value) for key, value in data.items() if isinstance(value, str)}


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
    first = text.split("\n", 1)[0].strip()
    if len(first) <= 80 and not regex.search(r"[。；;]", first) and _patterns()["title_words"].search(first):
        return first.rstrip(" |｜\t\u3000")
    return page_title


def find_issuer(text: str, title: str | None) -> str | None:
    """The issuing body: the closing signature, else the part of the title before 关于."""
    suffix = _patterns()["issuer_suffix"]
    lines = [line.strip() for line in text.rstrip().split("\n")[-4:]]
    for line in reversed(lines):
        if 2 <= len(line) <= 40 and not regex.search(r"[，,。；;：:\d]", line) and suffix.search(line):
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


def _first_group(pattern: regex.Pattern, text: str) -> str | None:
    m = pattern.search(text)
    if not m:
        return None
    return next((g for g in m.groups() if g), m.group())


def _count(pattern: regex.Pattern, text: str) -> int | None:
    value = _first_group(pattern, text)
    number = to_decimal(value) if value else None
    return int(number) if number is not None else None


def _sentence_dates(text: str, dates: Sequence[DateMention], cue: regex.Pattern) -> list[DateMention]:
    """Resolved dates that sit in the first sentence whose text matches ``cue``."""
    for s in _SENTENCE.finditer(text):
        if cue.search(s.group()):
            inside = [d for d in dates if s.start() <= d.start < s.end() and d.date_start and d.kind != "relative"]
            if inside:
                return inside
    return []


def extract_meta(text: str, dates: Sequence[DateMention], published: dt.date | None,
                 page: dict[str, str]) -> NoticeMeta:
    """Everything the notice says about itself."""
    p = _patterns()
    title = find_title(text, page.get("title"))
    issuer = find_issuer(text, title)
    opening = text[:1500]
    period = _sentence_dates(opening, dates, regex.compile("巡察组|巡视组|督察组|审计组|巡察|巡视|督察|审计"))
    span = next((d for d in period if d.kind == "range"), period[0] if period else None)
    feedback = _sentence_dates(opening, [d for d in dates if span is None or d.start > span.start],
                               regex.compile("反馈"))
    province, city, county, code = locate(issuer) if issuer else (None, None, None, None)
    phone = _first_group(p["phone"], text)
    email = _find_email(p["email"], text)
    summary = text[:_SUMMARY_CHARS]  # notices state their counts in the opening summary
    return NoticeMeta(
        title=title,
        issuer=issuer,
        inspected_unit=_first_group(p["inspected_unit"], opening),
        inspection_body=_first_group(p["inspection_body"], opening),
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
