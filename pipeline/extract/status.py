"""status: a measure's text → done / ongoing / planned, from cue words.

>>> measure_status("目前清查发放进度已完成97.57%,剩余部分正在继续查付")
'ongoing'
>>> measure_status("2020年3月,印发《公务用车加油卡使用管理暂行办法》")
'done'
>>> measure_status("下一步将根据责任清单落实监管职责")
'planned'
>>> measure_status("规范立审执节点管控") is None
True
>>> span_statuses("已完成。下一步将", [(0, 4), (4, 8), (8, 8)])
['done', 'planned', None]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import re

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from ..types import Status

_ORDER: tuple[Status, ...] = ("ongoing", "done", "planned")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[Status, re.Pattern], ...]:
    data = load_yaml("status.yaml")
    return tuple((status, cached_compile(_fewest_words(data[status]))) for status in _ORDER)


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
