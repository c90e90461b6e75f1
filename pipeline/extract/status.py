"""status: a measure's text → done / ongoing / planned, and what says so.

A measure's status comes from, in this order:

- ``words``: cue words in its text (ongoing, then done, then planned; lexicon ``status.yaml``), not
  inside a cited title (《……年度计划》 plans nothing);
- ``date``: none, but it names a day, month or span that had ended by the notice's date (11月，对全区……
  开展专项检查): told after the fact, so done;
- ``report``: neither, in a notice that reports on rectification (not one whose title names a plan,
  ``plan_titles``): a measure it narrates is one it took, so done. Chinese marks no tense; a
  progress report that says 修订《……办法》，将……纳入考核 reports it done.

>>> measure_status("目前清查发放进度已完成97.57%,剩余部分正在继续查付")
'ongoing'
>>> measure_status("2020年3月,印发《公务用车加油卡使用管理暂行办法》")
'done'
>>> measure_status("下一步将根据责任清单落实监管职责")
'planned'
>>> measure_status("规范立审执节点管控") is None
True
>>> measure_status("制定《局机关干部教育培训年度计划》") is None
True
>>> span_statuses("已完成。下一步将", [(0, 4), (4, 8), (8, 8)])
['done', 'planned', None]
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

import re

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import DateMention, Status, StatusBasis

_ORDER: tuple[Status, ...] = ("ongoing", "done", "planned")


_IN_TITLE = r"(?![^《》\n]{0,80}》)"  # not inside 《……》: a cue there names a document


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[Status, re.Pattern], ...]:
    data = load_yaml("status.yaml")
    return tuple((status, cached_compile(f"(?:{_fewest_words(data[status])}){_IN_TITLE}")) for status in _ORDER)


@lru_cache(maxsize=1)
def _plan_title() -> re.Pattern:
    return cached_compile(load_yaml("status.yaml")["plan_titles"])


def reports_rectification(title: str | None) -> bool:
    """Whether a notice titled ``title`` reports what was done (整改情况的通报), not a plan (整改方案); a
    notice with no title (an excerpt) is taken as a report, as the notices this tool reads are.

    >>> reports_rectification("关于巡察整改进展情况的通报"), reports_rectification("关于巡察反馈问题的整改方案")
    (True, False)
    """
    return not (title and _plan_title().search(title))


def _fewest_words(cue: str) -> str:
    """A cue of plain words without the words that hold another (制定了 holds 了): only whether one
    occurs matters, and a shorter alternation scans faster. Other patterns are kept as they are."""
    words = cue.split("|")
    if any(re.escape(word) != word or not word for word in words):
        return cue
    return "|".join(w for w in words if not any(other != w and other in w for other in words))


def measure_status(text: str) -> Status | None:
    """The first status class whose cues occur in ``text`` (ongoing, then done, then planned)."""
    for status, cue in _cues():
        if cue.search(text):
            return status
    return None


def span_statuses(text: str, spans: Iterable[tuple[int, int]]) -> list[Status | None]:
    """``measure_status(text[start:end])`` for each span, searched in place (no slice of the text)."""
    (ongoing, ongoing_cue), (done, done_cue), (planned, planned_cue) = _cues()
    in_ongoing, in_done, in_planned = ongoing_cue.search, done_cue.search, planned_cue.search
    out: list[Status | None] = []
    append = out.append
    for start, end in spans:
        if start < 0 or end < start:  # a slice counts these from the end; pos/endpos would not
            append(measure_status(text[start:end]))
        elif in_ongoing(text, start, end):
            append(ongoing)
        elif in_done(text, start, end):
            append(done)
        elif in_planned(text, start, end):
            append(planned)
        else:
            append(None)
    return out


_DATED_ACTS = frozenset({"point", "range", "since"})  # not until (9月底前: a deadline) nor relative words


def measure_statuses(text: str, spans: Sequence[tuple[int, int]], dates: Sequence[DateMention],
                     published: dt.date | None, reported: bool) -> list[tuple[Status | None, StatusBasis | None]]:
    """(status, basis) of each measure span: from its words, else from a date in it that had passed by the
    notice's date (``published``), else done when the notice ``reported`` what was done (see the module's
    text). ``dates`` in text order."""
    out: list[tuple[Status | None, StatusBasis | None]] = []
    starts = [d.start for d in dates]
    for status, (start, end) in zip(span_statuses(text, spans), spans):
        if status is not None:
            out.append((status, "words"))
        elif published is not None and any(
                d.kind in _DATED_ACTS and d.date_end is not None and d.date_end <= published
                for d in dates[bisect_left(starts, start):bisect_left(starts, end)]):
            out.append(("done", "date"))
        elif reported and end > start:
            out.append(("done", "report"))
        else:
            out.append((None, None))
    return out
